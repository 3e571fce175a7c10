import { eq } from 'drizzle-orm';
import { redirect } from '@remix-run/node';
import { groupMembers, memberships, organizations } from '#db/schema/index.ts';
import { ANONYMOUS, type Actor } from './policy.ts';
import { resolveLocale, type Locale } from './i18n/index.ts';
import { SESSION_COOKIE, validateSessionToken, type SessionValidation, type SessionUser } from './auth/session.server.ts';
import type { Services } from './services.server.ts';

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
  /** The reader as the policy module sees them; loaded on first use. */
  actor(): Promise<Actor>;
}

declare module '@remix-run/server-runtime' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends RequestContext {}
}

export function parseCookies(header: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

/**
 * Builds the request context from the request's headers: the one place a
 * session cookie is read. The HTTP server and the tests both come through here.
 */
export async function buildRequestContext(
  services: Services,
  headers: Headers,
  opts: { ip?: string | null; nonce?: string } = {},
): Promise<RequestContext> {
  const cookies = parseCookies(headers.get('cookie'));
  const token = cookies[SESSION_COOKIE];
  const auth = token ? await validateSessionToken(services.db, token) : null;
  let actor: Promise<Actor> | undefined;
  return {
    services,
    auth,
    locale: resolveLocale(cookies, headers.get('accept-language'), auth?.user.locale ?? null),
    ip: opts.ip ?? null,
    nonce: opts.nonce ?? '',
    actor: () => (actor ??= loadActor(services, auth?.user ?? null)),
  };
}

async function loadActor(services: Services, user: SessionUser | null): Promise<Actor> {
  if (!user) return ANONYMOUS;
  const [rows, groupRows] = await Promise.all([
    services.db
      .select({ organizationId: memberships.organizationId, role: memberships.role, verifiedAt: organizations.verifiedAt })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
      .where(eq(memberships.userId, user.id)),
    services.db
      .select({ groupId: groupMembers.groupId, role: groupMembers.role, organizationId: groupMembers.organizationId })
      .from(groupMembers)
      .where(eq(groupMembers.userId, user.id)),
  ]);
  return {
    userId: user.id,
    isPlatformAdmin: user.isPlatformAdmin,
    memberships: rows.map((r) => ({ organizationId: r.organizationId, role: r.role, organizationVerified: r.verifiedAt !== null })),
    groupMemberships: groupRows,
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

/** Only same-site relative paths, so a redirectTo parameter cannot send people elsewhere. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback;
  return to;
}
