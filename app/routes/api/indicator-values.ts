import { apiLoader } from '#app/api/http.server.ts';
import { listIndicatorValues } from '#app/api/resources.server.ts';

/** /api/v1/indicator-values (app/api/schemas.ts describes it). */
export const loader = apiLoader(listIndicatorValues);
