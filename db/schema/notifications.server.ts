import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { NOTIFICATION_DELIVERIES, NOTIFICATION_KINDS } from '#app/vocabulary.ts';
import { users } from './accounts.server.ts';
import { workingGroups } from './groups.server.ts';

/**
 * In-app notifications. Rows that belong to a group are shown and mailed only
 * while the recipient is still a member of it (checked when read and when sent).
 */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    groupId: uuid('group_id').references(() => workingGroups.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    /** A message key and its params, rendered in the reader's language when shown or mailed. */
    messageKey: text('message_key').notNull(),
    params: jsonb('params').$type<Record<string, string>>().notNull().default({}),
    url: text('url').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
    /** When the mail for it went out (at once or in a digest); null while pending or when mail is off. */
    emailedAt: timestamp('emailed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt), index('notifications_unread_idx').on(t.userId, t.readAt)],
);

/** Per user and kind of event: mail at once, in a daily or weekly digest, or not at all. Missing row = the kind's default. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    delivery: text('delivery', { enum: NOTIFICATION_DELIVERIES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/** Every notification mail carries an unsubscribe link; only the token's SHA-256 is stored. */
export const unsubscribeTokens = pgTable('unsubscribe_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** The kind the mail was about; null for a digest (unsubscribes from all mail). */
  kind: text('kind', { enum: NOTIFICATION_KINDS }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type Notification = typeof notifications.$inferSelect;
