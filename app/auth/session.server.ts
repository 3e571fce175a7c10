import { eq, lt, sql } from 'drizzle-orm';
import type { Db } from '#db/client.server.ts';
import { unreadNotificationCount } from '#db/queries/notifications.server.ts';
import { membershipColumns, membershipsFromColumns } from '#db/queries/organizations.server.ts';
import { preparedPerDb } from '#db/prepared.server.ts';
import { sessions, users, type Session, type User } from '#db/schema/index.server.ts';
import { generateToken, hashToken } from './tokens.server.ts';

/** Sessions after the Lucia guide: 30 days, renewed when less than 15 days remain. */
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY;
const RENEW_WITHIN_MS = 15 * DAY;
export const SESSION_COOKIE = 'samverka_session';

export type SessionUser = Pick<User, 'id' | 'name' | 'email' | 'isPlatformAdmin' | 'locale' | 'emailVerifiedAt'>;
export interface SessionValidation {
  session: Session;
  user: SessionUser;
  /** True when the expiry moved and the cookie must be sent again. */
  renewed: boolean;
  /**
   * What every signed-in page needs about its reader, read in the same statement as the session (issue 15: one round
   * trip instead of three): the memberships the policy module's Actor holds, and the header's unread count. As of the
   * start of the request: a request that writes reads them again (app/context.server.ts).
   */
  reader: { memberships: ReturnType<typeof membershipsFromColumns>; unreadNotifications: number };
}

/**
 * `sso` names the provider a single sign-on came through, the `acr` it asserted (kept for assurance checks) and
 * its ID token (the `id_token_hint` of RP-initiated logout).
 */
export async function createSession(db: Db, userId: string, sso?: { providerId: string; acr: string | null; idToken?: string | null }): Promise<{ token: string; session: Session }> {
  const token = generateToken();
  const [session] = await db
    .insert(sessions)
    .values({ id: hashToken(token), userId, expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS), ssoProviderId: sso?.providerId ?? null, acr: sso?.acr ?? null, idToken: sso?.idToken ?? null })
    .returning();
  return { token, session: session! };
}

/** The session, its user, the user's memberships and unread count in one prepared statement. */
const sessionLookup = preparedPerDb((db) =>
  db
    .select({
      session: sessions,
      user: {
        id: users.id,
        name: users.name,
        email: users.email,
        isPlatformAdmin: users.isPlatformAdmin,
        locale: users.locale,
        emailVerifiedAt: users.emailVerifiedAt,
      },
      reader: { ...membershipColumns(sql`${users.id}`), unreadNotifications: unreadNotificationCount(sql`${users.id}`) },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder('id')))
    .limit(1)
    .prepare('session_lookup'),
);

export async function validateSessionToken(db: Db, token: string): Promise<SessionValidation | null> {
  const id = hashToken(token);
  const [found] = await sessionLookup(db).execute({ id });
  const row = found && { session: found.session, user: found.user, reader: { memberships: membershipsFromColumns(found.reader), unreadNotifications: found.reader.unreadNotifications } };
  if (!row) return null;
  const now = Date.now();
  if (row.session.expiresAt.getTime() <= now) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  if (row.session.expiresAt.getTime() - now < RENEW_WITHIN_MS) {
    const expiresAt = new Date(now + SESSION_LIFETIME_MS);
    await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id));
    return { ...row, session: { ...row.session, expiresAt }, renewed: true };
  }
  return { ...row, renewed: false };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function invalidateUserSessions(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function deleteExpiredSessions(db: Db): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
}

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Expires=${expiresAt.toUTCString()}`,
    secure ? 'Secure' : '',
  ]
    .filter(Boolean)
    .join('; ');
}

export function blankSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
}
