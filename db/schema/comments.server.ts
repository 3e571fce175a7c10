import { bigint, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { FOLLOWED_CONTENT_TYPES, GROUP_POST_TYPES, REPORT_RESOLUTIONS, REPORT_TARGET_TYPES } from '#app/vocabulary.ts';
import { users } from './accounts.server.ts';
import { notifications } from './notifications.server.ts';

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

/**
 * Ties a notification about a comment (a new comment, a mention) to that
 * comment, so showing and mailing it can check again that the comment is
 * still there and not hidden, and that the recipient may still read its item.
 * No foreign key to comments on purpose: once a comment is deleted its
 * notices find nothing to show and stop showing.
 */
export const commentNotices = pgTable('comment_notices', {
  notificationId: bigint('notification_id', { mode: 'number' })
    .primaryKey()
    .references(() => notifications.id, { onDelete: 'cascade' }),
  commentId: uuid('comment_id').notNull(),
});

/**
 * A signed-in person's report of a comment, a group thread post or reply,
 * or a published write-up, with a reason. One report per person and thing: reporting twice
 * keeps the first. Resolved when a moderator hides the thing or dismisses the report.
 */
export const contentReports = pgTable(
  'content_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    targetType: text('target_type', { enum: REPORT_TARGET_TYPES }).notNull(),
    targetId: uuid('target_id').notNull(),
    reporterId: uuid('reporter_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: uuid('resolved_by').references(() => users.id, { onDelete: 'set null' }),
    resolution: text('resolution', { enum: REPORT_RESOLUTIONS }),
  },
  (t) => [uniqueIndex('content_reports_once_unique').on(t.targetType, t.targetId, t.reporterId), index('content_reports_open_idx').on(t.resolvedAt, t.createdAt)],
);

export type ContentReport = typeof contentReports.$inferSelect;

/**
 * Ties a group notice about a thread post or reply (new thread, reply,
 * @mention) to that post, so showing and mailing it checks again that the post
 * has not been hidden by a moderator. No foreign key, as for comment notices.
 */
export const groupPostNotices = pgTable('group_post_notices', {
  notificationId: bigint('notification_id', { mode: 'number' })
    .primaryKey()
    .references(() => notifications.id, { onDelete: 'cascade' }),
  postType: text('post_type', { enum: GROUP_POST_TYPES }).notNull(),
  postId: uuid('post_id').notNull(),
});
