/**
 * Reports and hidden state of group posts (thread posts and replies) and
 * published write-ups (issue 16). Comments keep their own queries in
 * ./comments.server.ts; reports of every kind share `content_reports`.
 */
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import {
  contentReports,
  groupPostNotices,
  groupReplies,
  groupThreads,
  indicatorSnapshots,
  initiatives,
  lessons,
  organizations,
  users,
  workingGroups,
  type RichTextJson,
} from '../schema/index.server.ts';
import type { ContentState, GroupPostType, ReportTargetType, Visibility, WriteUpTargetType } from '#app/vocabulary.ts';
import { asDate, rowsOf } from './raw-rows.server.ts';

export interface GroupPostRef {
  type: GroupPostType;
  id: string;
}

/** Ties group notices about a post to it, so showing and mailing them checks that it is not hidden. */
export async function linkGroupPostNotices(db: Db, notificationIds: number[], post: GroupPostRef): Promise<void> {
  if (notificationIds.length === 0) return;
  await db.insert(groupPostNotices).values(notificationIds.map((notificationId) => ({ notificationId, postType: post.type, postId: post.id })));
}

export type HideableType = Exclude<ReportTargetType, 'comment'>;

// Every hideable table has the same four columns read here (id and the three of `moderation()`), so one stands for all.
const hideableTable = (type: HideableType) =>
  ({ initiative: initiatives, lesson: lessons, snapshot: indicatorSnapshots, group_thread: groupThreads, group_reply: groupReplies })[type] as unknown as typeof groupReplies;

/**
 * Hides a write-up or group post with a reason, or brings it back (`hide` null).
 * False when it already was so: someone else acted a moment ago.
 */
export async function setHidden(db: Db, target: { type: HideableType; id: string }, hide: { by: string; reason: string } | null): Promise<boolean> {
  const t = hideableTable(target.type);
  const rows = await db
    .update(t)
    .set(hide ? { hiddenAt: new Date(), hiddenBy: hide.by, hiddenReason: hide.reason } : { hiddenAt: null, hiddenBy: null, hiddenReason: null })
    .where(and(eq(t.id, target.id), hide ? isNull(t.hiddenAt) : isNotNull(t.hiddenAt)))
    .returning({ id: t.id });
  return rows.length > 0;
}

// ---------------------------------------------------------------------------
// Group posts

/** Every thread post and reply with its thread and group: one row shape for both kinds. */
const groupPosts = sql`(
  select 'group_thread' as type, ${groupThreads.id} as id, ${groupThreads.groupId} as group_id, ${groupThreads.id} as thread_id, ${groupThreads.title} as thread_title,
    ${groupThreads.body} as body, ${groupThreads.authorId} as author_id, ${groupThreads.createdAt} as created_at, ${groupThreads.hiddenAt} as hidden_at, ${groupThreads.hiddenReason} as hidden_reason
  from ${groupThreads}
  union all
  select 'group_reply', ${groupReplies.id}, ${groupThreads.groupId}, ${groupThreads.id}, ${groupThreads.title},
    ${groupReplies.body}, ${groupReplies.authorId}, ${groupReplies.createdAt}, ${groupReplies.hiddenAt}, ${groupReplies.hiddenReason}
  from ${groupReplies} join ${groupThreads} on ${groupThreads.id} = ${groupReplies.threadId})`;

export interface GroupPostRow {
  type: GroupPostType;
  id: string;
  groupId: string;
  groupSlug: string;
  groupName: string;
  threadId: string;
  threadTitle: string;
  body: RichTextJson;
  authorId: string | null;
  authorName: string | null;
  createdAt: Date;
  hiddenAt: Date | null;
  hiddenReason: string | null;
  reportCount: number;
  reasons: string[];
}

const groupPostColumns = sql`p.type, p.id, p.group_id as "groupId", g.slug as "groupSlug", g.name as "groupName", p.thread_id as "threadId", p.thread_title as "threadTitle",
  p.body, p.author_id as "authorId", u.name as "authorName", p.created_at as "createdAt", p.hidden_at as "hiddenAt", p.hidden_reason as "hiddenReason"`;

/** One group post by kind and id, with its group and thread. */
export async function findGroupPost(db: Db, post: GroupPostRef): Promise<GroupPostRow | undefined> {
  const rows = await db.execute(sql`
    select ${groupPostColumns}, 0 as "reportCount", array[]::text[] as reasons
    from ${groupPosts} p join ${workingGroups} g on g.id = p.group_id left join ${users} u on u.id = p.author_id
    where p.type = ${post.type} and p.id = ${post.id}`);
  return rowsOf(rows).map(toGroupPostRow)[0];
}

/**
 * Group posts with open reports, oldest report first, each once with its
 * reports' reasons: of one group (its leads' queue), or of the groups listed
 * (a platform admin's queue: only groups they belong to, since group content is private).
 */
export async function listReportedGroupPosts(db: Db, where: { groupIds: string[]; limit: number }): Promise<GroupPostRow[]> {
  if (where.groupIds.length === 0) return [];
  const rows = await db.execute(sql`
    select ${groupPostColumns}, count(r.id)::int as "reportCount", array_agg(r.reason order by r.created_at) as reasons
    from ${contentReports} r
    join ${groupPosts} p on p.type = r.target_type and p.id = r.target_id
    join ${workingGroups} g on g.id = p.group_id
    left join ${users} u on u.id = p.author_id
    where r.resolved_at is null and p.group_id in ${inList(where.groupIds)}
    group by p.type, p.id, p.group_id, g.slug, g.name, p.thread_id, p.thread_title, p.body, p.author_id, u.name, p.created_at, p.hidden_at, p.hidden_reason
    order by min(r.created_at), p.id
    limit ${where.limit}`);
  return rowsOf(rows).map(toGroupPostRow);
}

/** Hidden group posts of these groups, newest first, so a moderator can bring one back. */
export async function listHiddenGroupPosts(db: Db, where: { groupIds: string[]; limit: number }): Promise<GroupPostRow[]> {
  if (where.groupIds.length === 0) return [];
  const rows = await db.execute(sql`
    select ${groupPostColumns}, 0 as "reportCount", array[]::text[] as reasons
    from ${groupPosts} p join ${workingGroups} g on g.id = p.group_id left join ${users} u on u.id = p.author_id
    where p.hidden_at is not null and p.group_id in ${inList(where.groupIds)}
    order by p.hidden_at desc, p.id
    limit ${where.limit}`);
  return rowsOf(rows).map(toGroupPostRow);
}

/** How many posts of a group wait for a decision: the number beside the leads' link to their queue. */
export async function countReportedGroupPosts(db: Db, groupId: string): Promise<number> {
  const rows = await db.execute(sql`
    select count(distinct (r.target_type, r.target_id))::int as n
    from ${contentReports} r join ${groupPosts} p on p.type = r.target_type and p.id = r.target_id
    where r.resolved_at is null and p.group_id = ${groupId}`);
  return Number(rowsOf(rows)[0]?.n ?? 0);
}

function toGroupPostRow(r: Record<string, unknown>): GroupPostRow {
  return {
    type: r.type as GroupPostType,
    id: String(r.id),
    groupId: String(r.groupId),
    groupSlug: String(r.groupSlug),
    groupName: String(r.groupName),
    threadId: String(r.threadId),
    threadTitle: String(r.threadTitle),
    body: (typeof r.body === 'string' ? JSON.parse(r.body) : r.body) as RichTextJson,
    authorId: (r.authorId as string | null) ?? null,
    authorName: (r.authorName as string | null) ?? null,
    createdAt: asDate(r.createdAt),
    hiddenAt: r.hiddenAt ? asDate(r.hiddenAt) : null,
    hiddenReason: (r.hiddenReason as string | null) ?? null,
    reportCount: Number(r.reportCount),
    reasons: (r.reasons as string[] | null) ?? [],
  };
}

// ---------------------------------------------------------------------------
// Write-ups

const writeUps = sql`(
  select 'initiative' as type, ${initiatives.id} as id, ${initiatives.slug} as slug, ${initiatives.title} as title, ${initiatives.summary} as summary, ${initiatives.organizationId} as organization_id,
    ${initiatives.visibility} as visibility, ${initiatives.groupId} as group_id, ${initiatives.state} as state, ${initiatives.hiddenAt} as hidden_at, ${initiatives.hiddenReason} as hidden_reason, ${initiatives.createdBy} as created_by
  from ${initiatives}
  union all select 'lesson', ${lessons.id}, ${lessons.slug}, ${lessons.title}, ${lessons.summary}, ${lessons.organizationId}, ${lessons.visibility}, ${lessons.groupId}, ${lessons.state}, ${lessons.hiddenAt}, ${lessons.hiddenReason}, ${lessons.createdBy} from ${lessons}
  union all select 'snapshot', ${indicatorSnapshots.id}, ${indicatorSnapshots.slug}, ${indicatorSnapshots.title}, '', ${indicatorSnapshots.organizationId}, ${indicatorSnapshots.visibility}, ${indicatorSnapshots.groupId}, ${indicatorSnapshots.state}, ${indicatorSnapshots.hiddenAt}, ${indicatorSnapshots.hiddenReason}, ${indicatorSnapshots.createdBy} from ${indicatorSnapshots})`;

export interface WriteUpRow {
  type: WriteUpTargetType;
  id: string;
  slug: string;
  title: string;
  summary: string;
  organizationName: string;
  createdBy: string | null;
  hiddenReason: string | null;
  reportCount: number;
  reasons: string[];
  /** What the policy module reads (`ContentResource`). */
  resource: { organizationId: string; organizationVerified: boolean; state: ContentState; visibility: Visibility; groupId: string | null; hiddenAt: Date | null };
}

const writeUpColumns = sql`w.type, w.id, w.slug, w.title, w.summary, o.name as "organizationName", w.created_by as "createdBy", w.hidden_reason as "hiddenReason",
  w.organization_id as "organizationId", o.verified_at is not null as "organizationVerified", w.state, w.visibility, w.group_id as "groupId", w.hidden_at as "hiddenAt"`;

export async function findWriteUp(db: Db, target: { type: WriteUpTargetType; id: string }): Promise<WriteUpRow | undefined> {
  const rows = await db.execute(sql`
    select ${writeUpColumns}, 0 as "reportCount", array[]::text[] as reasons
    from ${writeUps} w join ${organizations} o on o.id = w.organization_id
    where w.type = ${target.type} and w.id = ${target.id}`);
  return rowsOf(rows).map(toWriteUpRow)[0];
}

/** Published write-ups with open reports, oldest report first; the caller keeps those the policy lets the moderator hide. */
export async function listReportedWriteUps(db: Db, opts: { limit: number }): Promise<WriteUpRow[]> {
  const rows = await db.execute(sql`
    select ${writeUpColumns}, count(r.id)::int as "reportCount", array_agg(r.reason order by r.created_at) as reasons
    from ${contentReports} r
    join ${writeUps} w on w.type = r.target_type and w.id = r.target_id
    join ${organizations} o on o.id = w.organization_id
    where r.resolved_at is null
    group by w.type, w.id, w.slug, w.title, w.summary, o.name, w.created_by, w.hidden_reason, w.organization_id, o.verified_at, w.state, w.visibility, w.group_id, w.hidden_at
    order by min(r.created_at), w.id
    limit ${opts.limit}`);
  return rowsOf(rows).map(toWriteUpRow);
}

/** Hidden write-ups, newest first, so a moderator can bring one back. */
export async function listHiddenWriteUps(db: Db, opts: { limit: number }): Promise<WriteUpRow[]> {
  const rows = await db.execute(sql`
    select ${writeUpColumns}, 0 as "reportCount", array[]::text[] as reasons
    from ${writeUps} w join ${organizations} o on o.id = w.organization_id
    where w.hidden_at is not null
    order by w.hidden_at desc, w.id
    limit ${opts.limit}`);
  return rowsOf(rows).map(toWriteUpRow);
}

function toWriteUpRow(r: Record<string, unknown>): WriteUpRow {
  return {
    type: r.type as WriteUpTargetType,
    id: String(r.id),
    slug: String(r.slug),
    title: String(r.title),
    summary: String(r.summary ?? ''),
    organizationName: String(r.organizationName),
    createdBy: (r.createdBy as string | null) ?? null,
    hiddenReason: (r.hiddenReason as string | null) ?? null,
    reportCount: Number(r.reportCount),
    reasons: (r.reasons as string[] | null) ?? [],
    resource: {
      organizationId: String(r.organizationId),
      organizationVerified: Boolean(r.organizationVerified),
      state: r.state as ContentState,
      visibility: r.visibility as Visibility,
      groupId: (r.groupId as string | null) ?? null,
      hiddenAt: r.hiddenAt ? asDate(r.hiddenAt) : null,
    },
  };
}

// ---------------------------------------------------------------------------

/** A parenthesised list of bound values for `in`. */
const inList = (values: string[]) => sql`(${sql.join(
  values.map((v) => sql`${v}::uuid`),
  sql`, `,
)})`;

