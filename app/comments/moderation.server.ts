/**
 * The platform's moderation queue (issue 16): reported comments waiting for a
 * decision, and hidden ones that may come back. What each moderator may do to
 * each comment is asked of the policy module, row by row, as on the item page.
 */
import { findCommentWithItem, listHiddenComments, listReportedComments, type ModerationQueueRow } from '#db/queries/comments.server.ts';
import type { RequestContext } from '../context.server.ts';
import { fieldError } from '../forms/validation.ts';
import { PIECE_PATHS } from '../follows/follows.server.ts';
import { forbidden, invalid, notFound, type Outcome } from '../http/guards.server.ts';
import { requireUuid } from '../http/form.server.ts';
import { commentPermissions, type Actor } from '../policy.ts';
import { boundedText, dismissCommentReports, HIDE_REASON_MAX_LENGTH, moderateComment } from './comments.server.ts';

const QUEUE_LIMIT = 100;

export const MODERATION_INTENTS = ['hide', 'restore', 'dismiss'] as const;
export type ModerationIntent = (typeof MODERATION_INTENTS)[number];
const isModerationIntent = (v: unknown): v is ModerationIntent => (MODERATION_INTENTS as readonly unknown[]).includes(v);

function queueEntry(actor: Actor, row: ModerationQueueRow, now: Date) {
  const can = commentPermissions(actor, row.resource, { authorId: row.authorId, createdAt: row.createdAt, hiddenAt: row.hiddenAt }, now);
  return {
    can: { hide: can.hide, restore: can.restore },
    entry: {
      commentId: row.commentId,
      body: row.body,
      authorName: row.authorName,
      createdAt: row.createdAt.toISOString(),
      hiddenAt: row.hiddenAt?.toISOString() ?? null,
      hiddenReason: row.hiddenReason,
      itemTitle: row.itemTitle,
      itemPath: `${PIECE_PATHS[row.itemType]}/${row.itemSlug}`,
      reportCount: row.reportCount,
      reasons: row.reasons,
    },
  };
}

/** The queue as this moderator may act on it: only comments the policy lets them hide (reported) or restore (hidden). */
export async function moderationQueue(ctx: RequestContext, actor: Actor) {
  const now = new Date();
  const [reported, hidden] = await Promise.all([listReportedComments(ctx.services.db, { limit: QUEUE_LIMIT }), listHiddenComments(ctx.services.db, { limit: QUEUE_LIMIT })]);
  return {
    reported: reported.map((r) => queueEntry(actor, r, now)).filter((e) => e.can.hide).map((e) => e.entry),
    hidden: hidden.map((r) => queueEntry(actor, r, now)).filter((e) => e.can.restore).map((e) => e.entry),
  };
}

/**
 * Hides, restores or leaves up a comment from the queue. Hiding and restoring
 * need a reason (the author is told it); a comment someone else already dealt
 * with is a no-op that says so (`changed: false`).
 */
export async function moderationAction(ctx: RequestContext, actor: Actor & { userId: string }, formData: FormData): Promise<Outcome<{ done: ModerationIntent; changed: boolean }>> {
  const intent = formData.get('intent');
  if (!isModerationIntent(intent)) return invalid({ form: fieldError('error.moderation.unknownIntent') });
  const commentId = requireUuid(formData.get('commentId'), 'commentId');
  const { db } = ctx.services;
  const found = await findCommentWithItem(db, commentId);
  if (!found) notFound('no such comment');
  const { comment, item } = found;
  const can = commentPermissions(actor, item.resource, comment, new Date());
  const target = { type: item.type, id: item.id, title: item.title, path: `${PIECE_PATHS[item.type]}/${item.slug}` };

  if (intent === 'dismiss') {
    if (!can.hide && !can.restore) forbidden();
    return { ok: true, done: intent, changed: await dismissCommentReports(db, { commentId, item, by: actor.userId, ip: ctx.ip }) };
  }
  // Hidden or restored a moment ago by someone else: nothing to do, and nobody told twice.
  if (intent === 'hide' ? comment.hiddenAt !== null : comment.hiddenAt === null) {
    if (!(intent === 'hide' ? can.restore : can.hide)) forbidden();
    return { ok: true, done: intent, changed: false };
  }
  if (!(intent === 'hide' ? can.hide : can.restore)) forbidden();
  const reason = boundedText(formData, 'reason', HIDE_REASON_MAX_LENGTH, { empty: 'error.moderation.reasonEmpty', long: 'error.comment.reasonLong' });
  if (!reason.ok) return invalid({ [`reason-${commentId}`]: reason.errors.reason });
  const changed = await moderateComment(db, { item: target, comment, by: actor.userId, ip: ctx.ip, reason: reason.text, to: intent === 'hide' ? 'hidden' : 'restored' });
  return { ok: true, done: intent, changed };
}
