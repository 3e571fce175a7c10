import crypto from 'node:crypto';
import { redirect } from '@remix-run/node';
import { parse as parseCookieHeader } from 'cookie';
import { countUnreadNotifications } from '#db/queries/notifications.server.ts';
import { listMembershipsOf } from '#db/queries/organizations.server.ts';
import { ANONYMOUS, platformAdminPowers, type Actor } from './policy.ts';
import { resolveLocale, type Locale } from './i18n/index.ts';
import { SESSION_COOKIE, validateSessionToken, type SessionValidation, type SessionUser } from './auth/session.server.ts';
import type { Services } from './services.server.ts';
import type { Logger } from './log.server.ts';

/** What every loader and action receives as `context`. */
export interface RequestContext {
  // Remix's AppLoadContext carries an index signature; merging requires one here too.
  [key: string]: unknown;
  services: Services;
  auth: SessionValidation | null;
  locale: Locale;
  ip: string | null;
  /** CSP nonce for this response's inline scripts. */
  nonce: string;
  /** This request's id: on every log line of it, in the X-Request-Id header and on the 500 page. */
  requestId: string;
  /** The logger with this request's id bound. */
  log: Logger;
  /** The reader as the policy module sees them; loaded on first use. */
  actor(): Promise<Actor>;
  /** The signed-in reader's unread notifications (the header's number); 0 for the signed out. */
  unreadNotifications(): Promise<number>;
}

declare module '@remix-run/server-runtime' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends RequestContext {}
}

/**
 * The Cookie header as name → value. Any site on the domain can set cookies we
 * receive, so a value that cannot be decoded is left out instead of failing the request.
 */
export function parseCookies(header: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  const parsed = parseCookieHeader(header, {
    decode: (v) => {
      try {
        return decodeURIComponent(v);
      } catch {
        return undefined;
      }
    },
  });
  for (const [name, value] of Object.entries(parsed)) if (value !== undefined) out[name] = value;
  return out;
}

/**
 * Builds the request context from the request's headers: the one place a
 * session cookie is read. The HTTP server and the tests both come through here.
 *
 * The session lookup also reads the reader's memberships and unread count (one round trip, issue 15). A request
 * that reads (GET, HEAD; `method` unset counts as one) uses them; one that writes (an action, after which Remix may
 * run the page's loaders on the same request and context) reads them afresh when first asked, so its loaders see
 * what the action changed.
 */
export async function buildRequestContext(
  services: Services,
  headers: Headers,
  opts: { ip?: string | null; nonce?: string; requestId?: string; log?: Logger; method?: string } = {},
): Promise<RequestContext> {
  const cookies = parseCookies(headers.get('cookie'));
  const token = cookies[SESSION_COOKIE];
  const auth = token ? await validateSessionToken(services.db, token) : null;
  const preloaded = auth && (opts.method === undefined || opts.method === 'GET' || opts.method === 'HEAD') ? auth.reader : null;
  let actor: Promise<Actor> | undefined;
  const requestId = opts.requestId ?? crypto.randomUUID();
  return {
    services,
    auth,
    locale: resolveLocale(cookies, headers.get('accept-language'), auth?.user.locale ?? null),
    ip: opts.ip ?? null,
    nonce: opts.nonce ?? '',
    requestId,
    log: opts.log ?? services.logger.child({ reqId: requestId }),
    actor: () => (actor ??= loadActorFor(services, auth?.user ?? null, auth?.session.acr ?? null, preloaded?.memberships)),
    unreadNotifications: async () => (!auth ? 0 : preloaded ? preloaded.unreadNotifications : countUnreadNotifications(services.db, auth.user.id)),
  };
}

/**
 * The reader the policy module sees for this user (or anonymous): for a session (with the `acr` it was signed in at),
 * and for an API token's owner (no `acr`: under ADMIN_MIN_ACR a token never carries admin powers).
 */
export async function loadActorFor(
  services: Services,
  user: Pick<SessionUser, 'id' | 'isPlatformAdmin' | 'emailVerifiedAt'> | null,
  sessionAcr: string | null = null,
  known?: Pick<Actor, 'memberships' | 'groupMemberships'>,
): Promise<Actor> {
  if (!user) return ANONYMOUS;
  const { memberships, groupMemberships } = known ?? (await listMembershipsOf(services.db, user.id));
  return {
    userId: user.id,
    ...platformAdminPowers(user, sessionAcr, services.config.ADMIN_MIN_ACR),
    memberships,
    groupMemberships,
    emailVerified: user.emailVerifiedAt !== null,
  };
}

/** Guard: the signed-in user, or a redirect to sign in that comes back here afterwards. */
export function requireUser(request: Request, context: RequestContext): SessionUser {
  if (context.auth) return context.auth.user;
  const url = new URL(request.url);
  throw redirect(`/logga-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

export function requireSession(request: Request, context: RequestContext): SessionValidation {
  requireUser(request, context);
  return context.auth!;
}

// The guards live in http/guards.server.ts; loaders take these two with the context.
export { assertAllowed, notFound } from './http/guards.server.ts';

// Any fixed origin will do: only whether a path stays on it matters.
const REDIRECT_BASE = new URL('http://samverka.invalid');

/**
 * Only same-origin paths, so a redirectTo parameter cannot send people elsewhere.
 * Parsed as the browser will parse the Location header: tabs and newlines are
 * dropped there and a backslash counts as `/`, so `/\t/evil.example` would become
 * `//evil.example`. Anything with control characters or backslashes is refused outright.
 */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof to !== 'string' || !to.startsWith('/')) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, REDIRECT_BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== REDIRECT_BASE.origin) return fallback;
  const path = url.pathname + url.search + url.hash;
  // Dot segments can normalise to `//host` (`/.//evil.example`), which is another origin again.
  return path.startsWith('//') ? fallback : path;
}
