import { apiLoader } from '#app/api/http.server.ts';
import { getArea, listAreas } from '#app/api/resources.server.ts';

/** /api/v1/areas and /api/v1/areas/:code (app/api/schemas.ts describes both). */
export const loader = apiLoader((api) => (api.params.code === undefined ? listAreas(api) : getArea(api)));
