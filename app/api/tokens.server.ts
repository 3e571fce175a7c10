/**
 * Personal access tokens for the read API. The secret is 32 random bytes,
 * shown once; only its SHA-256 is stored. A token reads what its owner may
 * read (never writes), until it expires or its owner revokes it.
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '#db/client.server.ts';
import { recordAudit } from '#db/queries/audit.server.ts';
import { apiTokens, users } from '#db/schema/index.server.ts';
import { hashToken } from '#app/auth/tokens.server.ts';

/** Tokens start with this, so that scanners and people recognise a leaked one. */
export const TOKEN_PREFIX = 'svk_';
export const TOKEN_LIFETIMES_DAYS = [30, 90, 365] as const;
/** Enough for several programs; a forgotten token should be revoked, not piled up. */
export const MAX_ACTIVE_TOKENS = 10;
const DAY_MS = 24 * 60 * 60 * 1000;

export function generateApiSecret(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return TOKEN_PREFIX + Buffer.from(bytes).toString('base64url');
}

export async function createApiToken(db: Db, input: { userId: string; name: string; lifetimeDays: number; ip: string | null }) {
  const secret = generateApiSecret();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId: input.userId, name: input.name, tokenHash: hashToken(secret), expiresAt: new Date(Date.now() + input.lifetimeDays * DAY_MS) })
      .returning();
    await recordAudit(tx, { actorUserId: input.userId, action: 'api_token.create', targetType: 'api_token', targetId: row!.id, ip: input.ip, details: { name: input.name, expiresAt: row!.expiresAt.toISOString() } });
    return { token: row!, secret };
  });
}

/** Revokes one of the user's own tokens; false when they have no such live token. */
export async function revokeApiToken(db: Db, input: { userId: string; tokenId: string; ip: string | null }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, input.tokenId), eq(apiTokens.userId, input.userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (!row) return false;
    await recordAudit(tx, { actorUserId: input.userId, action: 'api_token.revoke', targetType: 'api_token', targetId: row.id, ip: input.ip });
    return true;
  });
}

/** The user's tokens, newest first, without their hashes (the account page and the personal-data export). */
export async function listApiTokens(db: Db, userId: string) {
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, expiresAt: apiTokens.expiresAt, revokedAt: apiTokens.revokedAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
}

export type TokenReader =
  | { kind: 'ok'; tokenId: string; user: { id: string; isPlatformAdmin: boolean; emailVerifiedAt: Date | null } }
  | { kind: 'unknown' | 'revoked' | 'expired' };

/** Who a presented secret reads as. Checked on every request, so revoking takes effect at once. */
export async function readerOfToken(db: Db, secret: string): Promise<TokenReader> {
  if (!secret.startsWith(TOKEN_PREFIX)) return { kind: 'unknown' };
  const [row] = await db
    .select({ id: apiTokens.id, expiresAt: apiTokens.expiresAt, revokedAt: apiTokens.revokedAt, lastUsedAt: apiTokens.lastUsedAt, userId: users.id, isPlatformAdmin: users.isPlatformAdmin, emailVerifiedAt: users.emailVerifiedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, hashToken(secret)))
    .limit(1);
  if (!row) return { kind: 'unknown' };
  if (row.revokedAt) return { kind: 'revoked' };
  if (row.expiresAt.getTime() <= Date.now()) return { kind: 'expired' };
  // "Last used" to the minute is enough for the account page, and spares a write per request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, row.id));
  }
  return { kind: 'ok', tokenId: row.id, user: { id: row.userId, isPlatformAdmin: row.isPlatformAdmin, emailVerifiedAt: row.emailVerifiedAt } };
}
