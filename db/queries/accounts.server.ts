import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { emailConfirmationTokens, passwordResetTokens, sessions, users, type User } from '../schema/index.server.ts';

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
  input: { name: string; email: string; passwordHash: string | null; isPlatformAdmin?: boolean; emailVerifiedAt?: Date },
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

// ---------------------------------------------------------------------------
// Email confirmation (issue 11)

export async function insertEmailConfirmationToken(
  db: Db,
  input: { tokenHash: string; userId: string; email: string; expiresAt: Date; usedAt?: Date | null },
): Promise<void> {
  await db.insert(emailConfirmationTokens).values({ ...input, email: input.email.toLowerCase() });
}

/** Confirmation mails sent to this account since `since`: what resends are throttled on. */
export async function countEmailConfirmationsSince(db: Db, userId: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(emailConfirmationTokens)
    .where(and(eq(emailConfirmationTokens.userId, userId), gt(emailConfirmationTokens.createdAt, since)));
  return row?.n ?? 0;
}

export async function findUsableEmailConfirmationToken(db: Db, tokenHash: string) {
  const [row] = await db
    .select()
    .from(emailConfirmationTokens)
    .where(and(eq(emailConfirmationTokens.tokenHash, tokenHash), isNull(emailConfirmationTokens.usedAt), gt(emailConfirmationTokens.expiresAt, new Date())))
    .limit(1);
  return row;
}

/** Marks a confirmation token used and returns its user and address, or null if unknown, used or expired. Atomic: a link works once. */
export async function consumeEmailConfirmationToken(db: Db, tokenHash: string): Promise<{ userId: string; email: string } | null> {
  const [row] = await db
    .update(emailConfirmationTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(emailConfirmationTokens.tokenHash, tokenHash), isNull(emailConfirmationTokens.usedAt), gt(emailConfirmationTokens.expiresAt, new Date())))
    .returning({ userId: emailConfirmationTokens.userId, email: emailConfirmationTokens.email });
  return row ?? null;
}

/** After a confirmation, the account's other outstanding links stop working. */
export async function retireEmailConfirmationTokens(db: Db, userId: string): Promise<void> {
  await db
    .update(emailConfirmationTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(emailConfirmationTokens.userId, userId), isNull(emailConfirmationTokens.usedAt)));
}

export async function setUserEmail(db: Db, userId: string, email: string, verifiedAt: Date): Promise<void> {
  await db.update(users).set({ email: email.toLowerCase(), emailVerifiedAt: verifiedAt }).where(eq(users.id, userId));
}

export async function markEmailVerified(db: Db, userId: string): Promise<void> {
  await db.update(users).set({ emailVerifiedAt: new Date() }).where(and(eq(users.id, userId), isNull(users.emailVerifiedAt)));
}

export async function setUserName(db: Db, userId: string, name: string): Promise<void> {
  await db.update(users).set({ name }).where(eq(users.id, userId));
}

export async function platformAdminIds(db: Db): Promise<string[]> {
  const rows = await db.select({ id: users.id }).from(users).where(eq(users.isPlatformAdmin, true));
  return rows.map((r) => r.id);
}
