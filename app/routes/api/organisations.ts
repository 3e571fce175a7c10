import { apiLoader } from '#app/api/http.server.ts';
import { getOrganization, listOrganizations } from '#app/api/resources.server.ts';

/** /api/v1/organisations and /api/v1/organisations/:id (app/api/schemas.ts describes both). */
export const loader = apiLoader((api) => (api.params.id === undefined ? listOrganizations(api) : getOrganization(api)));
