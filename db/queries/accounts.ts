import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { passwordResetTokens, sessions, users, type User } from '../schema/index.ts';

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`).limit(1);
  return row;
}

export async function findUserById(db: Db, id: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

/** Returns null when the email is taken (the unique index decides, so two racing sign-ups cannot both win). */
export async function insertUser(
  db: Db,
  input: { name: string; email: string; passwordHash: string; isPlatformAdmin?: boolean },
): Promise<User | null> {
  const rows = await db
    .insert(users)
    .values({ ...input, email: input.email.toLowerCase() })
    .onConflictDoNothing()
    .returning();
  return rows[0] ?? null;
}

/** Sets a new password and ends every reset link still outstanding for it: call inside the change's transaction. */
export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  const now = new Date();
  await db.update(users).set({ passwordHash, passwordChangedAt: now }).where(eq(users.id, userId));
  // A link asked for before the change must not undo it.
  await db
    .update(passwordResetTokens)
    .set({ usedAt: now })
    .where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)));
}

export async function countUserSessions(db: Db, userId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(sessions).where(eq(sessions.userId, userId));
  return row?.n ?? 0;
}

export async function insertPasswordResetToken(db: Db, input: { tokenHash: string; userId: string; expiresAt: Date }): Promise<void> {
  await db.insert(passwordResetTokens).values(input);
}

/** Marks a reset token used and returns its user, or null if unknown, used or expired. Atomic: a token works once. */
export async function consumePasswordResetToken(db: Db, tokenHash: string): Promise<string | null> {
  const [row] = await db
    .update(passwordResetTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(passwordResetTokens.tokenHash, tokenHash), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, new Date())))
    .returning({ userId: passwordResetTokens.userId });
  return row?.userId ?? null;
}

export async function findUsablePasswordResetToken(db: Db, tokenHash: string) {
  const [row] = await db
    .select()
    .from(passwordResetTokens)
    .where(and(eq(passwordResetTokens.tokenHash, tokenHash), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, new Date())))
    .limit(1);
  return row;
}
