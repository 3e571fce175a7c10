import { apiLoader } from '#app/api/http.server.ts';
import { getInitiative, listInitiatives } from '#app/api/resources.server.ts';

/** /api/v1/initiatives and /api/v1/initiatives/:id (app/api/schemas.ts describes both). */
export const loader = apiLoader((api) => (api.params.id === undefined ? listInitiatives(api) : getInitiative(api)));
