import { apiLoader } from '#app/api/http.server.ts';
import { getIndicator, listIndicators } from '#app/api/resources.server.ts';

/** /api/v1/indicators and /api/v1/indicators/:code (app/api/schemas.ts describes both). */
export const loader = apiLoader((api) => (api.params.code === undefined ? listIndicators(api) : getIndicator(api)));
