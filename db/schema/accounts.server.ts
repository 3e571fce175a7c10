import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    /** Null for an account made by single sign-on that never set a password (it signs in through its provider). */
    passwordHash: text('password_hash'),
    isPlatformAdmin: boolean('is_platform_admin').notNull().default(false),
    locale: text('locale', { enum: ['sv', 'en'] }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    /** When the person followed a confirmation link for their address; null until then (they can read and search, not take part). */
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
  },
  // Emails are compared case-insensitively; they are stored lower-cased too.
  (t) => [uniqueIndex('users_email_unique').on(sql`lower(${t.email})`)],
);

/** Lucia-guide sessions: the id is the SHA-256 (hex) of the token; the token itself is never stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The OpenID provider (its configured id) this session was signed in through; null for a password sign-in. */
    ssoProviderId: text('sso_provider_id'),
    /** The authentication context class (`acr`) the provider asserted, e.g. an e-ID assurance level. */
    acr: text('acr'),
    /** The provider's ID token of this sign-in, sent back as `id_token_hint` on RP-initiated logout; never exported or shown. */
    idToken: text('id_token'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const passwordResetTokens = pgTable(
  'password_reset_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('password_reset_tokens_user_idx').on(t.userId)],
);

/**
 * Links that confirm an address: a new account's, or the new address of an
 * account changing it (the account's address changes only when it is followed).
 * Single-use, 24 hours, only the SHA-256 stored. The rows also count the mails
 * sent per account for throttling resends.
 */
export const emailConfirmationTokens = pgTable(
  'email_confirmation_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The address being confirmed (lower-cased). */
    email: text('email').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('email_confirmation_tokens_user_idx').on(t.userId, t.createdAt)],
);

/**
 * Failed sign-in counters, keyed by "account:<email>" or "ip:<address>". Kept in
 * the database so the limit holds across several app instances.
 */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
