import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { FOLLOWED_CONTENT_TYPES } from '#app/vocabulary.ts';
import { users } from './accounts.server.ts';

/**
 * Questions and comments on published initiatives, lessons and snapshots:
 * plain text (links are made clickable when shown). A comment is as visible
 * as its item; a hidden one (by the item's organisation's editors or a
 * platform admin, with a reason) is shown nowhere.
 */
export const comments = pgTable(
  'comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contentType: text('content_type', { enum: FOLLOWED_CONTENT_TYPES }).notNull(),
    contentId: uuid('content_id').notNull(),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    hiddenBy: uuid('hidden_by').references(() => users.id, { onDelete: 'set null' }),
    hiddenReason: text('hidden_reason'),
  },
  (t) => [index('comments_item_idx').on(t.contentType, t.contentId, t.createdAt)],
);

export type Comment = typeof comments.$inferSelect;
