import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.server.ts';

/**
 * "Download my data": the job worker writes the person's data here as JSON;
 * the row (and with it the file) goes when it expires after 7 days, or with
 * the account. Kept in the database rather than on disk so every app instance
 * can serve it and nothing is left behind when the account is deleted.
 */
export const accountExports = pgTable(
  'account_exports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['pending', 'ready'] }).notNull().default('pending'),
    /** The export itself (JSON text), once ready. */
    content: text('content'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readyAt: timestamp('ready_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
  },
  (t) => [index('account_exports_user_idx').on(t.userId), index('account_exports_expires_idx').on(t.expiresAt)],
);

export type AccountExport = typeof accountExports.$inferSelect;
