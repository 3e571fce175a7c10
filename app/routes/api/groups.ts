import { apiLoader } from '#app/api/http.server.ts';
import { getGroup, listGroups } from '#app/api/resources.server.ts';

/** /api/v1/groups and /api/v1/groups/:id (app/api/schemas.ts describes both). */
export const loader = apiLoader((api) => (api.params.id === undefined ? listGroups(api) : getGroup(api)));
