import { text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.server.ts';

/**
 * Hidden by a moderator (issue 16), with the reason its author is told: a
 * hidden piece or group post is shown nowhere but to its author and editors
 * (with the reason). `isHidden` in app/policy.ts decides every door.
 */
export const moderation = () => ({
  hiddenAt: timestamp('hidden_at', { withTimezone: true }),
  hiddenBy: uuid('hidden_by').references(() => users.id, { onDelete: 'set null' }),
  hiddenReason: text('hidden_reason'),
});
