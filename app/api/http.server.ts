/**
 * The read API's HTTP side: who is reading (anonymous, or the owner of a
 * personal access token), the rate limit, query parsing, JSON errors that
 * name the problem, and answers with an ETag (304 on If-None-Match).
 * Access itself is decided by app/policy.ts only.
 */
import crypto from 'node:crypto';
import type { LoaderFunctionArgs } from '@remix-run/node';
import type { z } from 'zod/v4';
import type { Services } from '#app/services.server.ts';
import { ANONYMOUS, type Actor } from '#app/policy.ts';
import { loadActorFor } from '#app/context.server.ts';
import { CORS_READ_HEADERS } from '#app/http/cors.ts';
import { readerOfToken } from './tokens.server.ts';
import { takeRateLimit } from './rate-limit.server.ts';

export type ApiErrorCode = 'bad_request' | 'unauthorized' | 'not_found' | 'rate_limited';

/** A JSON error answer: thrown by the API's code, turned into a response by `apiLoader`. */
export class ApiProblem extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 429,
    readonly code: ApiErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badApiRequest = (message: string) => new ApiProblem(400, 'bad_request', message);
export const apiNotFound = (message = 'not found') => new ApiProblem(404, 'not_found', message);

const COMMON_HEADERS = {
  ...CORS_READ_HEADERS,
  Vary: 'Authorization',
  'X-Content-Type-Options': 'nosniff',
};

function problemResponse(p: ApiProblem): Response {
  return new Response(JSON.stringify({ error: { status: p.status, code: p.code, message: p.message } }), {
    status: p.status,
    headers: { ...COMMON_HEADERS, ...p.headers, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/** What an API handler gets: the reader as the policy sees them, and where links point. */
export interface ApiRequest {
  url: URL;
  params: Record<string, string | undefined>;
  services: Services;
  actor: Actor;
  /** The configured public origin, for absolute links. */
  origin: string;
}

/**
 * The query string parsed by a schema of `app/api/schemas.ts`; a 400 naming
 * each parameter at fault (unknown names, unknown values, out of range) otherwise.
 */
export function parseQuery<S extends z.ZodType>(url: URL, schema: S): z.output<S> {
  const raw: Record<string, string> = {};
  for (const [k, v] of url.searchParams) raw[k] = v;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    if (i.code === 'unrecognized_keys') return `unknown parameter ${i.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    return `${i.path.join('.')}: ${i.message}`;
  });
  throw badApiRequest(problems.join('; '));
}

/** The bearer token's owner, or anonymous; a token that is unknown, revoked or expired is a 401. */
async function readerOf(request: Request, services: Services): Promise<{ actor: Actor; tokenId: string | null }> {
  const header = request.headers.get('authorization');
  if (header === null) return { actor: ANONYMOUS, tokenId: null };
  const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header.trim());
  const challenge = { 'WWW-Authenticate': 'Bearer realm="samverka"' };
  if (!match) throw new ApiProblem(401, 'unauthorized', 'the Authorization header must be "Bearer <personal access token>"', challenge);
  const found = await readerOfToken(services.db, match[1]!);
  if (found.kind !== 'ok') {
    const why = found.kind === 'expired' ? 'the token has expired' : found.kind === 'revoked' ? 'the token has been revoked' : 'unknown token';
    throw new ApiProblem(401, 'unauthorized', why, challenge);
  }
  return { actor: await loadActorFor(services, found.user), tokenId: found.tokenId };
}

const etagOf = (body: string) => `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;

function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

/**
 * A loader answering JSON: reads the reader and takes from their rate limit,
 * then answers what `produce` returns (with an ETag; 304 when the caller has
 * it already), or the JSON error it throws.
 */
export function apiLoader(produce: (api: ApiRequest) => Promise<unknown>) {
  return async ({ request, params, context }: LoaderFunctionArgs): Promise<Response> => {
    const { services } = context;
    try {
      const reader = await readerOf(request, services);
      const limit = await takeRateLimit(services.db, reader.tokenId ? { kind: 'token', id: reader.tokenId } : { kind: 'ip', id: context.ip ?? 'unknown' }, {
        ip: services.config.API_RATE_LIMIT_IP,
        token: services.config.API_RATE_LIMIT_TOKEN,
      });
      const rateHeaders = { 'RateLimit-Limit': String(limit.limit), 'RateLimit-Remaining': String(Math.max(0, limit.limit - limit.count)) };
      if (!limit.allowed) {
        throw new ApiProblem(429, 'rate_limited', `too many requests: at most ${limit.limit} a minute; try again in ${limit.retryAfterSeconds} s`, {
          ...rateHeaders,
          'Retry-After': String(limit.retryAfterSeconds),
        });
      }
      const url = new URL(request.url);
      const body = JSON.stringify(await produce({ url, params, services, actor: reader.actor, origin: services.config.publicUrl }));
      const etag = etagOf(body);
      const headers = {
        ...COMMON_HEADERS,
        ...rateHeaders,
        ETag: etag,
        // What a token reads is its owner's: never in a shared cache.
        'Cache-Control': reader.tokenId ? 'private, no-cache' : 'public, max-age=60',
      };
      if (matchesEtag(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });
      return new Response(body, { headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' } });
    } catch (thrown) {
      if (thrown instanceof ApiProblem) return problemResponse(thrown);
      throw thrown;
    }
  };
}

/** A path parameter that must be a UUID: 400 otherwise. */
export function uuidParam(params: Record<string, string | undefined>, name = 'id'): string {
  const v = params[name] ?? '';
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) throw badApiRequest(`${name}: not a UUID`);
  return v.toLowerCase();
}

/** A path parameter holding a code (area, indicator): 400 when it could not be one. */
export function codeParam(params: Record<string, string | undefined>, name = 'code'): string {
  const v = params[name] ?? '';
  if (!/^[\w.-]{1,40}$/.test(v)) throw badApiRequest(`${name}: not a code`);
  return v;
}
