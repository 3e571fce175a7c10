import { bigint, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Development mailbox: without SMTP_URL, outgoing mail lands here and is readable at /dev/mail. */
export const devMailbox = pgTable('dev_mailbox', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  text: text('text').notNull(),
  html: text('html'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type DevMail = typeof devMailbox.$inferSelect;
