import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.server.ts';

/**
 * Single sign-on (issue 17). An identity at an OpenID provider linked to an
 * account: the provider's configured id and the ID token's `sub` name it (a
 * provider's `sub` is stable; the address may change). One account may have
 * several; an identity belongs to one account.
 */
export const userIdentities = pgTable(
  'user_identities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    providerId: text('provider_id').notNull(),
    subject: text('subject').notNull(),
    /** The address the provider last asserted (lower-cased), for the account page and the export. */
    email: text('email'),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('user_identities_provider_subject_unique').on(t.providerId, t.subject), index('user_identities_user_idx').on(t.userId)],
);

/**
 * A sign-in started at a provider and not yet finished: PKCE verifier and
 * nonce stay here, never in the browser. Keyed by the SHA-256 of `state`
 * (the browser also holds `state` in a cookie, which binds the callback to
 * the browser that started it). Deleted when the callback arrives, so a
 * state (and the code that came with it) works once; ten minutes at most.
 */
export const ssoLoginStates = pgTable('sso_login_states', {
  stateHash: text('state_hash').primaryKey(),
  providerId: text('provider_id').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  nonce: text('nonce').notNull(),
  redirectTo: text('redirect_to').notNull(),
  /** Set when a signed-in person links another provider: the callback must come back to this account. */
  linkUserId: uuid('link_user_id').references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/**
 * A provider identity whose address already has an account: it is linked only
 * after the person proves the account is theirs, by signing in with its
 * password or by following a link mailed to its address (for an account
 * without a password). The browser holds the token in a cookie; the mailed
 * link carries another; only their SHA-256 is kept. Thirty minutes, single use.
 */
export const ssoPendingLinks = pgTable(
  'sso_pending_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    providerId: text('provider_id').notNull(),
    subject: text('subject').notNull(),
    email: text('email').notNull(),
    acr: text('acr'),
    /** The SHA-256 of the mailed confirmation link's token, once one was asked for. */
    mailTokenHash: text('mail_token_hash'),
    mailSentAt: timestamp('mail_sent_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sso_pending_links_user_idx').on(t.userId), uniqueIndex('sso_pending_links_mail_token_unique').on(t.mailTokenHash)],
);

export type UserIdentity = typeof userIdentities.$inferSelect;
