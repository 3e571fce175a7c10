import { bigint, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { FOLLOW_KINDS, FOLLOWED_CONTENT_TYPES } from '#app/vocabulary.ts';
import { users } from './accounts.server.ts';
import { notifications } from './notifications.server.ts';

/**
 * What a person follows: an area code, a theme, a success factor or an
 * organisation id, by kind. Following the same thing twice changes nothing.
 */
export const follows = pgTable(
  'follows',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: FOLLOW_KINDS }).notNull(),
    key: text('key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('follows_user_kind_key_unique').on(t.userId, t.kind, t.key), index('follows_kind_key_idx').on(t.kind, t.key)],
);

/**
 * One row per follower and published piece they were told of: the primary key
 * makes sure nobody hears of the same piece twice (republished, or matching
 * several follows). The notification it made is checked again when shown and
 * mailed: the follower must still be able to read the piece.
 */
export const followNotices = pgTable(
  'follow_notices',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    contentType: text('content_type', { enum: FOLLOWED_CONTENT_TYPES }).notNull(),
    contentId: uuid('content_id').notNull(),
    notificationId: bigint('notification_id', { mode: 'number' }).references(() => notifications.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.contentType, t.contentId] }), uniqueIndex('follow_notices_notification_unique').on(t.notificationId)],
);

export type Follow = typeof follows.$inferSelect;
