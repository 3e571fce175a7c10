import { and, asc, eq, inArray, isNotNull, isNull, sql, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { commentNotices, comments, contentReports, indicatorSnapshots, initiatives, lessons, memberships, notifications, organizations, users } from '../schema/index.server.ts';
import type { ContentState, FollowedContentType, ReportResolution, ReportTargetType, Visibility } from '#app/vocabulary.ts';
import { asDate, rowsOf } from './raw-rows.server.ts';

export interface CommentedItemKey {
  type: FollowedContentType;
  id: string;
}

/**
 * An item's comments, oldest first, with their authors' names: the hidden ones
 * only with `includeHidden` (for someone the policy lets restore them: the page
 * shows them with the reason; the item pages read them all in their one statement
 * and leave the choice to the policy). The caller says which, every time.
 */
/** `item.id` may be a `sql.placeholder`, for a prepared page statement. */
export function listItemComments(db: Db, item: { type: CommentedItemKey['type']; id: string | SQLWrapper }, opts: { includeHidden: boolean }) {
  return db
    .select({ id: comments.id, authorId: comments.authorId, authorName: users.name, body: comments.body, createdAt: comments.createdAt, editedAt: comments.editedAt, hiddenAt: comments.hiddenAt, hiddenReason: comments.hiddenReason })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(comments.contentType, item.type), eq(comments.contentId, item.id), opts.includeHidden ? undefined : isNull(comments.hiddenAt)))
    .orderBy(asc(comments.createdAt), asc(comments.id));
}

/** One comment of this item (hidden or not); undefined when the id belongs to another item. */
export async function findComment(db: Db, item: CommentedItemKey, id: string) {
  const [row] = await db
    .select()
    .from(comments)
    .where(and(eq(comments.id, id), eq(comments.contentType, item.type), eq(comments.contentId, item.id)))
    .limit(1);
  return row;
}

export async function insertComment(db: Db, item: CommentedItemKey, authorId: string, body: string) {
  const [row] = await db.insert(comments).values({ contentType: item.type, contentId: item.id, authorId, body }).returning();
  return row!;
}

export async function updateCommentBody(db: Db, id: string, body: string): Promise<void> {
  await db.update(comments).set({ body, editedAt: new Date() }).where(eq(comments.id, id));
}

export async function deleteComment(db: Db, id: string): Promise<void> {
  await db.delete(comments).where(eq(comments.id, id));
}

/** Hides a comment that is not hidden yet; false when someone else hid it first. */
export async function hideComment(db: Db, id: string, by: string, reason: string): Promise<boolean> {
  const rows = await db
    .update(comments)
    .set({ hiddenAt: new Date(), hiddenBy: by, hiddenReason: reason })
    .where(and(eq(comments.id, id), isNull(comments.hiddenAt)))
    .returning({ id: comments.id });
  return rows.length > 0;
}

/** The editors and admins of an organisation: they answer questions on its work. */
export async function organizationEditorIds(db: Db, organizationId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.role, ['editor', 'admin'])));
  return rows.map((r) => r.userId);
}

/** Brings a hidden comment back; false when it was not hidden (restored by someone else a moment ago). */
export async function restoreComment(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(comments)
    .set({ hiddenAt: null, hiddenBy: null, hiddenReason: null })
    .where(and(eq(comments.id, id), isNotNull(comments.hiddenAt)))
    .returning({ id: comments.id });
  return rows.length > 0;
}

/** Ties the notifications made about a comment to it, so showing and mailing them checks the comment again. */
export async function linkCommentNotices(db: Db, notificationIds: number[], commentId: string): Promise<void> {
  if (notificationIds.length === 0) return;
  await db.insert(commentNotices).values(notificationIds.map((notificationId) => ({ notificationId, commentId })));
}

/** Everyone a notice about this comment was made for (a mention, a new comment): an edit tells nobody twice. */
export async function commentNoticeRecipientIds(db: Db, commentId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ userId: notifications.userId })
    .from(commentNotices)
    .innerJoin(notifications, eq(notifications.id, commentNotices.notificationId))
    .where(eq(commentNotices.commentId, commentId));
  return rows.map((r) => r.userId);
}

/** Files a report; reporting the same thing twice keeps the first report (false). */
export async function addReport(db: Db, report: { targetType: ReportTargetType; targetId: string; reporterId: string; reason: string }): Promise<boolean> {
  const rows = await db.insert(contentReports).values(report).onConflictDoNothing().returning({ id: contentReports.id });
  return rows.length > 0;
}

/** Closes every open report of one thing: it was hidden, or the moderator left it as it is. */
export async function resolveReports(db: Db, target: { targetType: ReportTargetType; targetId: string }, by: string, resolution: ReportResolution): Promise<number> {
  const rows = await db
    .update(contentReports)
    .set({ resolvedAt: new Date(), resolvedBy: by, resolution })
    .where(and(eq(contentReports.targetType, target.targetType), eq(contentReports.targetId, target.targetId), isNull(contentReports.resolvedAt)))
    .returning({ id: contentReports.id });
  return rows.length;
}

/** The item a comment belongs to, for the moderation queue: its kind, path slug, title and who may read it. */
const commentedPieces = sql`(
  select 'initiative' as type, ${initiatives.id} as id, ${initiatives.slug} as slug, ${initiatives.title} as title, ${initiatives.organizationId} as organization_id, ${initiatives.visibility} as visibility, ${initiatives.groupId} as group_id, ${initiatives.state} as state, ${initiatives.hiddenAt} as hidden_at from ${initiatives}
  union all select 'lesson', ${lessons.id}, ${lessons.slug}, ${lessons.title}, ${lessons.organizationId}, ${lessons.visibility}, ${lessons.groupId}, ${lessons.state}, ${lessons.hiddenAt} from ${lessons}
  union all select 'snapshot', ${indicatorSnapshots.id}, ${indicatorSnapshots.slug}, ${indicatorSnapshots.title}, ${indicatorSnapshots.organizationId}, ${indicatorSnapshots.visibility}, ${indicatorSnapshots.groupId}, ${indicatorSnapshots.state}, ${indicatorSnapshots.hiddenAt} from ${indicatorSnapshots})`;

const pieceResourceColumns = sql.raw(`piece.organization_id as "organizationId", piece.visibility, piece.group_id as "groupId", piece.state, piece.hidden_at as "pieceHiddenAt", o.verified_at is not null as "organizationVerified"`);

/** The item's fields the policy module reads (`ContentResource`). */
export interface PieceResource {
  organizationId: string;
  organizationVerified: boolean;
  state: ContentState;
  visibility: Visibility;
  groupId: string | null;
  hiddenAt: Date | null;
}
const toResource = (r: Record<string, unknown>): PieceResource => ({
  organizationId: String(r.organizationId),
  organizationVerified: Boolean(r.organizationVerified),
  state: r.state as ContentState,
  visibility: r.visibility as Visibility,
  groupId: (r.groupId as string | null) ?? null,
  hiddenAt: r.pieceHiddenAt ? asDate(r.pieceHiddenAt) : null,
});

export interface ModerationQueueRow {
  commentId: string;
  body: string;
  authorName: string | null;
  createdAt: Date;
  hiddenAt: Date | null;
  hiddenReason: string | null;
  itemType: FollowedContentType;
  itemSlug: string;
  itemTitle: string;
  reportCount: number;
  reasons: string[];
  firstReportedAt: Date;
  authorId: string | null;
  resource: PieceResource;
}

/**
 * Reported comments with open reports, oldest report first, each once with
 * its reports' reasons.
 */
export async function listReportedComments(db: Db, opts: { limit: number }): Promise<ModerationQueueRow[]> {
  const rows = await db.execute(sql`
    select c.id as "commentId", c.author_id as "authorId", c.body, u.name as "authorName", c.created_at as "createdAt", c.hidden_at as "hiddenAt", c.hidden_reason as "hiddenReason",
      piece.type as "itemType", piece.slug as "itemSlug", piece.title as "itemTitle", ${pieceResourceColumns},
      count(r.id)::int as "reportCount", array_agg(r.reason order by r.created_at) as reasons, min(r.created_at) as "firstReportedAt"
    from ${contentReports} r
    join ${comments} c on c.id = r.target_id
    join ${commentedPieces} piece on piece.type = c.content_type and piece.id = c.content_id
    join ${organizations} o on o.id = piece.organization_id
    left join ${users} u on u.id = c.author_id
    where r.target_type = 'comment' and r.resolved_at is null
    group by c.id, c.author_id, u.name, piece.type, piece.slug, piece.title, piece.organization_id, piece.visibility, piece.group_id, piece.state, piece.hidden_at, o.verified_at
    order by min(r.created_at), c.id
    limit ${opts.limit}`);
  return rowsOf(rows).map(toQueueRow);
}

/** Comments hidden lately (newest first), so a moderator can bring one back. */
export async function listHiddenComments(db: Db, opts: { limit: number }): Promise<ModerationQueueRow[]> {
  const rows = await db.execute(sql`
    select c.id as "commentId", c.author_id as "authorId", c.body, u.name as "authorName", c.created_at as "createdAt", c.hidden_at as "hiddenAt", c.hidden_reason as "hiddenReason",
      piece.type as "itemType", piece.slug as "itemSlug", piece.title as "itemTitle", ${pieceResourceColumns},
      0 as "reportCount", array[]::text[] as reasons, c.hidden_at as "firstReportedAt"
    from ${comments} c
    join ${commentedPieces} piece on piece.type = c.content_type and piece.id = c.content_id
    join ${organizations} o on o.id = piece.organization_id
    left join ${users} u on u.id = c.author_id
    where c.hidden_at is not null
    order by c.hidden_at desc, c.id
    limit ${opts.limit}`);
  return rowsOf(rows).map(toQueueRow);
}

function toQueueRow(r: Record<string, unknown>): ModerationQueueRow {
  return {
    commentId: String(r.commentId),
    body: String(r.body),
    authorName: (r.authorName as string | null) ?? null,
    createdAt: asDate(r.createdAt),
    hiddenAt: r.hiddenAt ? asDate(r.hiddenAt) : null,
    hiddenReason: (r.hiddenReason as string | null) ?? null,
    itemType: r.itemType as FollowedContentType,
    itemSlug: String(r.itemSlug),
    itemTitle: String(r.itemTitle),
    reportCount: Number(r.reportCount),
    reasons: (r.reasons as string[] | null) ?? [],
    firstReportedAt: asDate(r.firstReportedAt),
    authorId: (r.authorId as string | null) ?? null,
    resource: toResource(r),
  };
}

/** A comment by its id alone, with the item it belongs to as the policy module needs it (the moderation queue acts on it). */
export async function findCommentWithItem(db: Db, id: string) {
  const [comment] = await db.select().from(comments).where(eq(comments.id, id)).limit(1);
  if (!comment) return undefined;
  const result = await db.execute(sql`
    select piece.slug, piece.title, piece.organization_id as "organizationId", piece.visibility, piece.group_id as "groupId", piece.state, piece.hidden_at as "pieceHiddenAt",
      o.verified_at is not null as "organizationVerified", created.created_by as "createdBy"
    from ${commentedPieces} piece
    join ${organizations} o on o.id = piece.organization_id
    left join (select ${initiatives.id} as id, ${initiatives.createdBy} as created_by from ${initiatives}
      union all select ${lessons.id}, ${lessons.createdBy} from ${lessons}
      union all select ${indicatorSnapshots.id}, ${indicatorSnapshots.createdBy} from ${indicatorSnapshots}) created on created.id = piece.id
    where piece.type = ${comment.contentType} and piece.id = ${comment.contentId}`);
  const [item] = rowsOf(result);
  if (!item) return undefined;
  return {
    comment,
    item: {
      type: comment.contentType,
      id: comment.contentId,
      slug: String(item.slug),
      title: String(item.title),
      createdBy: (item.createdBy as string | null) ?? null,
      resource: toResource(item),
    },
  };
}
