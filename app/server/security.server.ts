/**
 * HTTP-level protections that apply to every route, before Remix sees the request.
 */
import type { NextFunction, Request, Response } from 'express';
import { CORS_PREFLIGHT_HEADERS, isCorsPath } from '../http/cors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery guard: a state-changing request must come from
 * this site. Browsers send Sec-Fetch-Site and/or Origin on such requests; a
 * request that carries neither (an old client, curl) is judged by Origin
 * absence as the Lucia guide does: refused.
 */
export function isCrossOriginWrite(method: string, headers: { origin?: string; secFetchSite?: string; host?: string }): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  if (headers.secFetchSite && headers.secFetchSite !== 'same-origin') return true;
  if (!headers.origin || !headers.host) return true;
  try {
    return new URL(headers.origin).host !== headers.host;
  } catch {
    return true;
  }
}

/** HSTS for a site that is served over HTTPS (PUBLIC_URL https://…): a year, subdomains included. */
export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * `formTargets`: other origins a form may lead to. The single sign-on buttons post to the app, which
 * redirects to the provider, and browsers hold such redirects to `form-action` as well.
 */
export function securityHeaders(nonce: string, opts: { development: boolean; https?: boolean; formTargets?: string[] }): Record<string, string> {
  const script = opts.development ? `'self' 'nonce-${nonce}' 'unsafe-inline'` : `'self' 'nonce-${nonce}'`;
  // Vite's dev server needs websockets for hot reload.
  const connect = opts.development ? `'self' ws: wss:` : `'self'`;
  return {
    'Content-Security-Policy': [
      `default-src 'self'`,
      `script-src ${script}`,
      `style-src 'self' 'unsafe-inline'`,
      `img-src 'self' data:`,
      `font-src 'self'`,
      `connect-src ${connect}`,
      `object-src 'none'`,
      `base-uri 'self'`,
      `form-action ${["'self'", ...(opts.formTargets ?? [])].join(' ')}`,
      `frame-ancestors 'none'`,
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
    // Only behind HTTPS: sent over plain http it would be ignored, and on localhost it would pin the browser to https.
    ...(opts.https ? { 'Strict-Transport-Security': HSTS } : {}),
  };
}

/**
 * The CORS preflight (OPTIONS) for the paths that may be read cross-origin: 204 with what may be sent
 * (GET with an `Authorization` header), never `Allow-Credentials`. Any other OPTIONS goes on (to Remix's 405).
 */
export function corsPreflight(req: Request, res: Response, next: NextFunction) {
  if (!isCorsPath(req.path)) return next();
  res.set(CORS_PREFLIGHT_HEADERS).status(204).end();
}
