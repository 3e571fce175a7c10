/**
 * Questions and comments on published initiatives, lessons and snapshots:
 * the section an item page shows, and the writes its action takes (add, edit,
 * delete, hide). Every rule is asked of the policy module.
 */
import type { Db } from '#db/client.server.ts';
import { recordAudit } from '#db/queries/audit.server.ts';
import { deleteComment, findComment, hideComment, insertComment, listVisibleComments, organizationEditorIds, updateCommentBody } from '#db/queries/comments.server.ts';
import { actorsOf } from '#db/queries/follows.server.ts';
import type { FollowedContentType } from '#app/vocabulary.ts';
import type { RequestContext } from '../context.server.ts';
import { fieldError, type FieldErrors } from '../forms/validation.ts';
import { badRequest, forbidden, invalid, notFound, type Outcome } from '../http/guards.server.ts';
import { isUuid } from '../http/uuid.ts';
import { notify } from '../notifications/notify.server.ts';
import { commentPermissions, commentRefusal, contentPermissions, type ContentResource } from '../policy.ts';

export const COMMENT_MAX_LENGTH = 4000;
export const HIDE_REASON_MAX_LENGTH = 500;
export const COMMENT_INTENTS = ['comment-add', 'comment-edit', 'comment-delete', 'comment-hide'] as const;

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

/** What an item page shows under "Frågor och kommentarer". */
export async function commentSection(ctx: RequestContext, item: CommentedItem) {
  const actor = await ctx.actor();
  const now = new Date();
  const rows = await listVisibleComments(ctx.services.db, item);
  return {
    comments: rows
      .map((r) => ({ ...r, can: commentPermissions(actor, item.resource, r, now) }))
      .filter((r) => r.can.view)
      .map((r) => ({ id: r.id, authorName: r.authorName, body: r.body, createdAt: r.createdAt.toISOString(), edited: r.editedAt !== null, can: r.can })),
    refusal: commentRefusal(actor, item.resource),
    maxLength: COMMENT_MAX_LENGTH,
  };
}
export type CommentSection = Awaited<ReturnType<typeof commentSection>>;

const isCommentIntent = (v: unknown): v is (typeof COMMENT_INTENTS)[number] => (COMMENT_INTENTS as readonly unknown[]).includes(v);

/** The trimmed text of a required, bounded field, or the error to show with it. */
function boundedText(formData: FormData, name: string, max: number, keys: { empty: 'error.comment.empty' | 'error.comment.reasonEmpty'; long: 'error.comment.long' | 'error.comment.reasonLong' }) {
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
export async function commentAction(ctx: RequestContext, item: CommentedItem, userId: string, formData: FormData): Promise<Outcome<{ commentId?: string }> | null> {
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
      await notifyOfComment(tx, item, userId, row.id);
      return row;
    });
    return { ok: true, commentId: comment.id };
  }

  const commentId = formData.get('commentId');
  if (!isUuid(commentId)) badRequest('"commentId" must be an id');
  const comment = await findComment(db, item, commentId);
  if (!comment) notFound('no such comment');
  const can = commentPermissions(actor, item.resource, comment, new Date());

  switch (intent) {
    case 'comment-edit': {
      if (!can.view || comment.authorId !== userId) forbidden();
      if (!can.edit) {
        const refusal = commentRefusal(actor, item.resource);
        return invalid({ [`commentBody-${comment.id}`]: fieldError(refusal ? REFUSAL_MESSAGES[refusal] : 'error.comment.editWindow') }, 409);
      }
      const body = boundedText(formData, 'commentBody', COMMENT_MAX_LENGTH, { empty: 'error.comment.empty', long: 'error.comment.long' });
      if (!body.ok) return invalid({ [`commentBody-${comment.id}`]: body.errors.commentBody });
      await updateCommentBody(db, comment.id, body.text);
      return { ok: true, commentId: comment.id };
    }
    case 'comment-delete': {
      if (!can.delete) forbidden();
      await db.transaction(async (tx) => {
        await deleteComment(tx, comment.id);
        await recordAudit(tx, { actorUserId: userId, action: 'comment.delete', targetType: 'comment', targetId: comment.id, ip: ctx.ip, details: { contentType: item.type, contentId: item.id } });
      });
      return { ok: true };
    }
    case 'comment-hide': {
      if (!can.hide) forbidden();
      const reason = boundedText(formData, 'hideReason', HIDE_REASON_MAX_LENGTH, { empty: 'error.comment.reasonEmpty', long: 'error.comment.reasonLong' });
      if (!reason.ok) return invalid({ [`hideReason-${comment.id}`]: reason.errors.hideReason });
      await db.transaction(async (tx) => {
        // Hidden by someone else a moment ago: nothing more to do, nobody told twice.
        if (!(await hideComment(tx, comment.id, userId, reason.text))) return;
        await recordAudit(tx, { actorUserId: userId, action: 'comment.hide', targetType: 'comment', targetId: comment.id, ip: ctx.ip, details: { contentType: item.type, contentId: item.id, reason: reason.text } });
        if (comment.authorId) {
          await notify(tx, { recipients: [comment.authorId], kind: 'comment', groupId: null, actorId: userId, messageKey: 'notifications.comment.hidden', params: { title: item.title, reason: reason.text }, url: item.path });
        }
      });
      return { ok: true };
    }
  }
}

/** The item's author and its organisation's editors hear of a new comment, if they may read the item. */
async function notifyOfComment(tx: Db, item: CommentedItem, authorId: string, commentId: string): Promise<void> {
  const candidates = [...new Set([...(item.createdBy ? [item.createdBy] : []), ...(await organizationEditorIds(tx, item.resource.organizationId))])].filter((id) => id !== authorId);
  const readers = (await actorsOf(tx, candidates)).filter((a) => contentPermissions(a, item.resource).view).map((a) => a.userId!);
  await notify(tx, { recipients: readers, kind: 'comment', groupId: null, actorId: authorId, messageKey: 'notifications.comment.new', params: { title: item.title }, url: `${item.path}#kommentar-${commentId}` });
}

/** The commented item of a loaded initiative, lesson or snapshot page. */
export function commentedItem(
  type: FollowedContentType,
  path: string,
  row: { id: string; title: string; createdBy: string | null; organizationId: string; state: ContentResource['state']; visibility: ContentResource['visibility']; groupId: string | null },
  organization: { verifiedAt: Date | null },
): CommentedItem {
  return {
    type,
    id: row.id,
    path,
    title: row.title,
    createdBy: row.createdBy,
    resource: { organizationId: row.organizationId, organizationVerified: organization.verifiedAt !== null, state: row.state, visibility: row.visibility, groupId: row.groupId },
  };
}
