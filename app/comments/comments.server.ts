/**
 * Questions and comments on published initiatives, lessons and snapshots:
 * the section an item page shows, and the writes its action takes (add, edit,
 * delete, hide). Every rule is asked of the policy module.
 */
import { enqueueSearchSync } from '#search/outbox.server.ts';
import { data, redirect } from '@remix-run/node';
import type { Db } from '#db/client.server.ts';
import { recordAudit } from '#db/queries/audit.server.ts';
import {
  addReport,
  commentNoticeRecipientIds,
  deleteComment,
  findComment,
  hideComment,
  insertComment,
  linkCommentNotices,
  listItemComments,
  organizationEditorIds,
  resolveReports,
  restoreComment,
  updateCommentBody,
} from '#db/queries/comments.server.ts';
import { actorsOf } from '#db/queries/follows.server.ts';
import { users } from '#db/schema/index.server.ts';
import { sql } from 'drizzle-orm';
import type { FollowedContentType } from '#app/vocabulary.ts';
import type { RequestContext } from '../context.server.ts';
import type { MessageKey } from '../i18n/sv.ts';
import { fieldError, type FieldErrors } from '../forms/validation.ts';
import { badRequest, forbidden, invalid, notFound, type Outcome } from '../http/guards.server.ts';
import { isUuid } from '../http/uuid.ts';
import { notify } from '../notifications/notify.server.ts';
import { canReceiveCommentNotice, commentPermissions, commentRefusal, contentPermissions, type ContentResource } from '../policy.ts';

export const COMMENT_MAX_LENGTH = 4000;
export const HIDE_REASON_MAX_LENGTH = 500;
export const REPORT_REASON_MAX_LENGTH = 500;
export const COMMENT_INTENTS = ['comment-add', 'comment-edit', 'comment-delete', 'comment-hide', 'comment-restore', 'comment-report'] as const;

/** What a report came to, shown to the reporter: filed, filed before (one report per person), or the comment was already hidden. */
export type ReportNotice = 'reported' | 'alreadyReported' | 'alreadyHidden';

/** The item a comment belongs to, as its page loaded it (fresh in every request, so an item unpublished meanwhile is seen). */
export interface CommentedItem {
  type: FollowedContentType;
  id: string;
  /** The page's path, to link notifications to the comment. */
  path: string;
  title: string;
  createdBy: string | null;
  resource: ContentResource;
}

/**
 * What an item page shows under "Frågor och kommentarer": the comments the reader may see, and for those
 * the policy lets restore them (the item's organisation's editors, platform admins) the hidden ones too,
 * marked with the reason, so that a mistaken hiding can be undone where it happened.
 * `rows`: the item's comments, hidden ones included, when the page already read them in its one statement
 * (`listItemComments(db, item, { includeHidden: true })`); the policy filter below decides what is shown.
 */
export async function commentSection(ctx: RequestContext, item: CommentedItem, rows?: Awaited<ReturnType<typeof listItemComments>>) {
  const actor = await ctx.actor();
  const now = new Date();
  if (!rows) {
    const mayRestoreHere = commentPermissions(actor, item.resource, { authorId: null, createdAt: now, hiddenAt: now }, now).restore;
    rows = await listItemComments(ctx.services.db, item, { includeHidden: mayRestoreHere });
  }
  return {
    comments: rows
      .map((r) => ({ ...r, can: commentPermissions(actor, item.resource, r, now) }))
      .filter((r) => r.can.view || r.can.restore)
      .map((r) => ({
        id: r.id,
        authorName: r.authorName,
        body: r.body,
        createdAt: r.createdAt.toISOString(),
        edited: r.editedAt !== null,
        hidden: r.hiddenAt === null ? null : { reason: r.hiddenReason ?? '' },
        can: r.can,
      })),
    refusal: commentRefusal(actor, item.resource),
    maxLength: COMMENT_MAX_LENGTH,
  };
}
export type CommentSection = Awaited<ReturnType<typeof commentSection>>;

const isCommentIntent = (v: unknown): v is (typeof COMMENT_INTENTS)[number] => (COMMENT_INTENTS as readonly unknown[]).includes(v);

/** The trimmed text of a required, bounded field, or the error to show with it. */
export function boundedText(
  formData: FormData,
  name: string,
  max: number,
  keys: { empty: MessageKey; long: MessageKey },
) {
  const value = formData.get(name);
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') return { ok: false as const, errors: { [name]: fieldError(keys.empty) } satisfies FieldErrors };
  if (text.length > max) return { ok: false as const, errors: { [name]: fieldError(keys.long, { max: String(max) }) } satisfies FieldErrors };
  return { ok: true as const, text };
}

const REFUSAL_MESSAGES = {
  signedOut: 'error.comment.signedOut',
  unconfirmed: 'error.comment.unconfirmed',
  noVerifiedOrganization: 'error.comment.noVerifiedOrganization',
  notPublished: 'error.comment.notPublished',
} as const;

/**
 * Handles a comment intent from an item page's form; null when the form is
 * about something else. Refusals a person can meet (no longer verified, the
 * item unpublished meanwhile, the edit window passed) are form errors and
 * nothing is written.
 */
export async function commentAction(ctx: RequestContext, item: CommentedItem, userId: string, formData: FormData): Promise<Outcome<{ commentId?: string; report?: ReportNotice }> | null> {
  const intent = formData.get('intent');
  if (!isCommentIntent(intent)) return null;
  const actor = await ctx.actor();
  const { db } = ctx.services;

  if (intent === 'comment-add') {
    const refusal = commentRefusal(actor, item.resource);
    if (refusal) return invalid({ commentBody: fieldError(REFUSAL_MESSAGES[refusal]) }, refusal === 'notPublished' ? 409 : 403);
    const body = boundedText(formData, 'commentBody', COMMENT_MAX_LENGTH, { empty: 'error.comment.empty', long: 'error.comment.long' });
    if (!body.ok) return invalid(body.errors);
    const comment = await db.transaction(async (tx) => {
      const row = await insertComment(tx, item, userId, body.text);
      await notifyOfComment(tx, item, userId, row.id, body.text, { edited: false });
      // A public item's comments are in its search document.
      await enqueueSearchSync(tx, { type: item.type, id: item.id });
      return row;
    });
    return { ok: true, commentId: comment.id };
  }

  const commentId = formData.get('commentId');
  if (!isUuid(commentId)) badRequest('"commentId" must be an id');
  const comment = await findComment(db, item, commentId);
  if (!comment) notFound('no such comment');
  const can = commentPermissions(actor, item.resource, comment, new Date());

  if (intent === 'comment-report') {
    // Already hidden: nothing to report any more; a quiet no-op that says so.
    if (comment.hiddenAt !== null && contentPermissions(actor, item.resource).view) return { ok: true, report: 'alreadyHidden' };
    if (!can.report) forbidden();
    const reason = boundedText(formData, 'reportReason', REPORT_REASON_MAX_LENGTH, { empty: 'error.report.reasonEmpty', long: 'error.report.reasonLong' });
    if (!reason.ok) return invalid({ [`reportReason-${comment.id}`]: reason.errors.reportReason });
    const filed = await db.transaction(async (tx) => {
      if (!(await addReport(tx, { targetType: 'comment', targetId: comment.id, reporterId: userId, reason: reason.text }))) return false;
      await recordAudit(tx, { actorUserId: userId, action: 'comment.report', targetType: 'comment', targetId: comment.id, ip: ctx.ip, details: { contentType: item.type, contentId: item.id, reason: reason.text } });
      return true;
    });
    return { ok: true, commentId: comment.id, report: filed ? 'reported' : 'alreadyReported' };
  }

  switch (intent) {
    case 'comment-edit': {
      if (!can.view || comment.authorId !== userId) forbidden();
      if (!can.edit) {
        const refusal = commentRefusal(actor, item.resource);
        return invalid({ [`commentBody-${comment.id}`]: fieldError(refusal ? REFUSAL_MESSAGES[refusal] : 'error.comment.editWindow') }, 409);
      }
      const body = boundedText(formData, 'commentBody', COMMENT_MAX_LENGTH, { empty: 'error.comment.empty', long: 'error.comment.long' });
      if (!body.ok) return invalid({ [`commentBody-${comment.id}`]: body.errors.commentBody });
      await db.transaction(async (tx) => {
        // First: the update locks the comment's row, so two quick edits naming the same person tell them once.
        await updateCommentBody(tx, comment.id, body.text);
        await notifyOfComment(tx, item, userId, comment.id, body.text, { edited: true });
        await enqueueSearchSync(tx, { type: item.type, id: item.id });
      });
      return { ok: true, commentId: comment.id };
    }
    case 'comment-delete': {
      if (!can.delete) forbidden();
      await db.transaction(async (tx) => {
        await deleteComment(tx, comment.id);
        await enqueueSearchSync(tx, { type: item.type, id: item.id });
        await recordAudit(tx, { actorUserId: userId, action: 'comment.delete', targetType: 'comment', targetId: comment.id, ip: ctx.ip, details: { contentType: item.type, contentId: item.id } });
      });
      return { ok: true };
    }
    case 'comment-hide':
    case 'comment-restore': {
      const to = intent === 'comment-hide' ? 'hidden' : 'restored';
      // Hidden (or restored) a moment ago by another moderator: a quiet no-op, and nobody is told twice.
      if (to === 'hidden' ? can.restore : can.hide) return { ok: true, commentId: comment.id };
      if (!(to === 'hidden' ? can.hide : can.restore)) forbidden();
      const field = to === 'hidden' ? 'hideReason' : 'restoreReason';
      const reason = boundedText(formData, field, HIDE_REASON_MAX_LENGTH, { empty: to === 'hidden' ? 'error.comment.reasonEmpty' : 'error.comment.restoreReasonEmpty', long: 'error.comment.reasonLong' });
      if (!reason.ok) return invalid({ [`${field}-${comment.id}`]: reason.errors[field]! });
      await moderateComment(db, { item, comment, by: userId, ip: ctx.ip, reason: reason.text, to });
      return to === 'hidden' ? { ok: true } : { ok: true, commentId: comment.id };
    }
  }
}

/**
 * Hides or restores a comment with a reason, in one transaction: the comment,
 * its open reports (closed as hidden, or dismissed when it stays or comes back), the audit
 * entry, and a notice to its author. Someone else having done the same a moment
 * ago makes it a no-op (false): nobody is told twice.
 */
export async function moderateComment(
  db: Db,
  input: { item: Pick<CommentedItem, 'type' | 'id' | 'title' | 'path'>; comment: { id: string; authorId: string | null }; by: string; ip: string | null; reason: string; to: 'hidden' | 'restored' },
): Promise<boolean> {
  const { item, comment, by, reason } = input;
  return db.transaction(async (tx) => {
    const changed = input.to === 'hidden' ? await hideComment(tx, comment.id, by, reason) : await restoreComment(tx, comment.id);
    if (!changed) return false;
    await enqueueSearchSync(tx, { type: item.type, id: item.id });
    await resolveReports(tx, { targetType: 'comment', targetId: comment.id }, by, input.to === 'hidden' ? 'hidden' : 'dismissed');
    await recordAudit(tx, {
      actorUserId: by,
      action: input.to === 'hidden' ? 'comment.hide' : 'comment.restore',
      targetType: 'comment',
      targetId: comment.id,
      ip: input.ip,
      details: { contentType: item.type, contentId: item.id, reason },
    });
    if (comment.authorId) {
      await notify(tx, {
        recipients: [comment.authorId],
        kind: 'comment',
        groupId: null,
        actorId: by,
        messageKey: input.to === 'hidden' ? 'notifications.comment.hidden' : 'notifications.comment.restored',
        params: { title: item.title, reason },
        url: input.to === 'hidden' ? item.path : `${item.path}#kommentar-${comment.id}`,
      });
    }
    return true;
  });
}

/** Closes a comment's open reports without hiding it (the moderator found nothing wrong), audited. */
export async function dismissCommentReports(db: Db, input: { commentId: string; item: { type: FollowedContentType; id: string }; by: string; ip: string | null }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const closed = await resolveReports(tx, { targetType: 'comment', targetId: input.commentId }, input.by, 'dismissed');
    if (closed === 0) return false;
    await recordAudit(tx, { actorUserId: input.by, action: 'comment.reports_dismissed', targetType: 'comment', targetId: input.commentId, ip: input.ip, details: { contentType: input.item.type, contentId: input.item.id, reports: closed } });
    return true;
  });
}

/**
 * People mentioned as `@Name` in a comment: at each `@`, the longest name of a
 * person that follows it whole (not running on into a letter or digit). Names
 * are not unique, so every person of that name is a candidate; the caller keeps
 * only those the policy lets read the item.
 */
export async function mentionedUserIds(db: Db, body: string): Promise<string[]> {
  if (!body.includes('@')) return [];
  const lower = body.toLocaleLowerCase('sv');
  // One pass over people whose name follows some '@' in the text; done in SQL so only those few rows come back.
  const candidates = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(sql`length(${users.name}) > 0 and position('@' || lower(${users.name}) in ${lower}) > 0`);
  const found = new Set<string>();
  for (let at = lower.indexOf('@'); at !== -1; at = lower.indexOf('@', at + 1)) {
    const rest = lower.slice(at + 1);
    const whole = candidates.filter((c) => {
      const name = c.name.toLocaleLowerCase('sv');
      return rest.startsWith(name) && !/^[\p{L}\p{N}]/u.test(rest.slice(name.length));
    });
    const longest = Math.max(0, ...whole.map((c) => c.name.length));
    for (const c of whole) if (c.name.length === longest) found.add(c.id);
  }
  return [...found];
}

/**
 * A new comment is told to the people it mentions (`mention`) and to the
 * item's author and its organisation's editors (`comment`), each once and only
 * if the policy lets them read the item; every notice is tied to the comment
 * so that hiding it, or the reader losing access, stops it being shown or mailed.
 * An edited comment is told to the people it newly mentions: never to someone
 * already told of this comment (mentioned before, or its item's author).
 */
async function notifyOfComment(tx: Db, item: CommentedItem, authorId: string, commentId: string, body: string, opts: { edited: boolean }): Promise<void> {
  const told = new Set(opts.edited ? await commentNoticeRecipientIds(tx, commentId) : []);
  const mayRead = async (ids: string[]) =>
    (await actorsOf(tx, ids.filter((id) => id !== authorId && !told.has(id)))).filter((a) => canReceiveCommentNotice(a, item.resource, { hiddenAt: null })).map((a) => a.userId!);
  const mentioned = await mayRead(await mentionedUserIds(tx, body));
  const answerers = opts.edited ? [] : (await mayRead([...(item.createdBy ? [item.createdBy] : []), ...(await organizationEditorIds(tx, item.resource.organizationId))])).filter((id) => !mentioned.includes(id));
  const url = `${item.path}#kommentar-${commentId}`;
  const ids = [
    ...(await notify(tx, { recipients: mentioned, kind: 'mention', groupId: null, actorId: authorId, messageKey: 'notifications.comment.mention', params: { title: item.title }, url })),
    ...(await notify(tx, { recipients: answerers, kind: 'comment', groupId: null, actorId: authorId, messageKey: 'notifications.comment.new', params: { title: item.title }, url })),
  ];
  await linkCommentNotices(tx, ids, commentId);
}

/** The commented item of a loaded initiative, lesson or snapshot page. */
export function commentedItem(
  type: FollowedContentType,
  path: string,
  row: { id: string; title: string; createdBy: string | null; organizationId: string; state: ContentResource['state']; visibility: ContentResource['visibility']; groupId: string | null; hiddenAt: Date | null },
  organization: { verifiedAt: Date | null },
): CommentedItem {
  return {
    type,
    id: row.id,
    path,
    title: row.title,
    createdBy: row.createdBy,
    resource: { organizationId: row.organizationId, organizationVerified: organization.verifiedAt !== null, state: row.state, visibility: row.visibility, groupId: row.groupId, hiddenAt: row.hiddenAt },
  };
}

/**
 * The response to a comment intent on an item page at `here`: back to the
 * comment after a write; the report's outcome shown on the page; the form's
 * errors with their status.
 */
export function commentResponse(here: string, outcome: NonNullable<Awaited<ReturnType<typeof commentAction>>>) {
  if (!outcome.ok) return data({ errors: outcome.errors, report: undefined, reportedCommentId: undefined }, { status: outcome.status });
  if (outcome.report) return data({ errors: undefined, report: outcome.report, reportedCommentId: outcome.commentId });
  return redirect(`${here}#${outcome.commentId ? `kommentar-${outcome.commentId}` : 'kommentarer'}`);
}
