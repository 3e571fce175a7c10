/**
 * Cross-origin reading (issue 18): the read API (/api/…) and the open-data files and catalogue (/oppna-data/…)
 * may be fetched by a script on any site. Only reading: GET and HEAD, and an OPTIONS preflight answered 204
 * before Remix (app/server/http.server.ts), which allows the `Authorization` header a personal access token
 * travels in. Never credentials: no `Access-Control-Allow-Credentials`, so a browser sends no cookie
 * cross-origin, and the API reads its caller from `Authorization` only (app/api/http.server.ts), never from
 * the session cookie, so a cookie could not authorise a cross-origin call even if one were sent.
 */

/** Paths that answer cross-origin reads. */
export const isCorsPath = (path: string) => path === '/api' || path.startsWith('/api/') || path.startsWith('/oppna-data/');

/** On every answer of those paths (set by their loaders, so that Remix's header copy does not double them). */
export const CORS_READ_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag, Link, Retry-After, RateLimit-Limit, RateLimit-Remaining',
} as const;

/** The answer to a preflight: 204 with these. */
export const CORS_PREFLIGHT_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Accept, If-None-Match',
  'Access-Control-Max-Age': '86400',
} as const;
