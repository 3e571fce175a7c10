import { apiLoader, apiNotFound } from '#app/api/http.server.ts';

/** Any other path under /api: a JSON 404, as API clients expect, instead of the HTML page. */
export const loader = apiLoader(async () => {
  throw apiNotFound('no such API path: see /api/openapi.json');
});
