import { and, asc, desc, eq, gt, inArray, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import {
  commentNotices,
  comments,
  followNotices,
  groupMembers,
  groupPostNotices,
  groupReplies,
  groupThreads,
  indicatorSnapshots,
  initiatives,
  jobs,
  lessons,
  memberships,
  notificationPreferences,
  notifications,
  organizations,
  unsubscribeTokens,
  users,
  workingGroups,
} from '../schema/index.server.ts';
import type { NotificationDelivery, NotificationKind } from '#app/vocabulary.ts';

/**
 * A group notice: it belongs to no group, or the recipient is still a member of its group. This mirrors
 * `canReceiveGroupNotice` in app/policy.ts for queries over many rows (count,
 * list, mail, digest); test/integration/notifications.test.ts checks both
 * answer alike for a member and for someone who left.
 */
const receivableGroupNotice: SQL = sql`(${notifications.groupId} is null or exists (
  select 1 from ${groupMembers}
  where ${groupMembers.groupId} = ${notifications.groupId} and ${groupMembers.userId} = ${notifications.userId}))`;

/**
 * A notice about a followed piece: the piece is still published and the
 * recipient may read it. This mirrors `canReceiveFollowNotice` in
 * app/policy.ts (public; partners for a member of a verified organisation;
 * group for its members; and the owning organisation's editors);
 * test/integration/follows.test.ts checks both answer alike.
 */
const followedPieces = sql`(
  select 'initiative' as type, ${initiatives.id} as id, ${initiatives.organizationId} as organization_id, ${initiatives.visibility} as visibility, ${initiatives.groupId} as group_id, ${initiatives.state} as state, ${initiatives.hiddenAt} as hidden_at from ${initiatives}
  union all select 'lesson', ${lessons.id}, ${lessons.organizationId}, ${lessons.visibility}, ${lessons.groupId}, ${lessons.state}, ${lessons.hiddenAt} from ${lessons}
  union all select 'snapshot', ${indicatorSnapshots.id}, ${indicatorSnapshots.organizationId}, ${indicatorSnapshots.visibility}, ${indicatorSnapshots.groupId}, ${indicatorSnapshots.state}, ${indicatorSnapshots.hiddenAt} from ${indicatorSnapshots})`;
/** The notification's recipient may read `piece` (a row of followedPieces): the `contentPermissions(…).view` rule in SQL. */
const readablePiece: SQL = sql`(
    piece.visibility = 'public'
    or (piece.visibility = 'partners' and exists (select 1 from ${memberships} join ${organizations} on ${organizations.id} = ${memberships.organizationId}
      where ${memberships.userId} = ${notifications.userId} and ${organizations.verifiedAt} is not null))
    or (piece.visibility = 'group' and exists (select 1 from ${groupMembers} where ${groupMembers.groupId} = piece.group_id and ${groupMembers.userId} = ${notifications.userId}))
    or exists (select 1 from ${memberships} where ${memberships.organizationId} = piece.organization_id and ${memberships.userId} = ${notifications.userId} and ${memberships.role} in ('editor', 'admin')))`;
const receivableFollowNotice: SQL = sql`(not exists (select 1 from ${followNotices} where ${followNotices.notificationId} = ${notifications.id}) or exists (
  select 1 from ${followNotices} join ${followedPieces} piece on piece.type = ${followNotices.contentType} and piece.id = ${followNotices.contentId}
  where ${followNotices.notificationId} = ${notifications.id} and piece.state = 'published' and piece.hidden_at is null and ${readablePiece}))`;

/**
 * A notice about a comment (new, or a mention): the comment is still there and
 * not hidden, its item is still published, and the recipient may read the item.
 * This mirrors `canReceiveCommentNotice` in app/policy.ts; test/integration/moderation.test.ts
 * checks both answer alike.
 */
const receivableCommentNotice: SQL = sql`(not exists (select 1 from ${commentNotices} where ${commentNotices.notificationId} = ${notifications.id}) or exists (
  select 1 from ${commentNotices} join ${comments} on ${comments.id} = ${commentNotices.commentId}
  join ${followedPieces} piece on piece.type = ${comments.contentType} and piece.id = ${comments.contentId}
  where ${commentNotices.notificationId} = ${notifications.id} and ${comments.hiddenAt} is null and piece.state = 'published' and piece.hidden_at is null and ${readablePiece}))`;

/**
 * A group notice about a thread post or reply: the post (and a reply's thread)
 * is not hidden by a moderator. This mirrors `groupPostPermissions(…).view` in
 * app/policy.ts for members; test/integration/group-moderation.test.ts checks it.
 */
const receivableGroupPostNotice: SQL = sql`(not exists (select 1 from ${groupPostNotices} where ${groupPostNotices.notificationId} = ${notifications.id}) or exists (
  select 1 from ${groupPostNotices}
  left join ${groupReplies} on ${groupPostNotices.postType} = 'group_reply' and ${groupReplies.id} = ${groupPostNotices.postId}
  join ${groupThreads} on ${groupThreads.id} = case when ${groupPostNotices.postType} = 'group_thread' then ${groupPostNotices.postId} else ${groupReplies.threadId} end
  where ${groupPostNotices.notificationId} = ${notifications.id} and ${groupThreads.hiddenAt} is null
    and (${groupPostNotices.postType} = 'group_thread' or (${groupReplies.id} is not null and ${groupReplies.hiddenAt} is null))))`;

const receivable: SQL = sql`(${receivableGroupNotice} and ${receivableFollowNotice} and ${receivableCommentNotice} and ${receivableGroupPostNotice})`;

// ---------------------------------------------------------------------------
// In-app

/** The header's number: one count over notifications_unread_idx (user_id, read_at). */
export async function countUnreadNotifications(db: Db, userId: string): Promise<number> {
  const [row] = await db.select({ n: unreadNotificationCount(userId) }).from(users).where(eq(users.id, userId));
  return row?.n ?? 0;
}

/**
 * The same count as a column, for any expression naming the user: the session lookup reads it in the statement that
 * finds the session (app/auth/session.server.ts), so a signed-in page pays no round trip of its own for it.
 */
export function unreadNotificationCount(userId: SQL | string): SQL<number> {
  return sql<number>`(select count(*)::int from ${notifications} where ${and(sql`${notifications.userId} = ${userId}`, isNull(notifications.readAt), receivable)})`;
}

export async function countNotifications(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), receivable));
  return row?.n ?? 0;
}

/** Newest first, one page. */
export async function listNotifications(db: Db, userId: string, page: { limit: number; offset: number }) {
  return db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      messageKey: notifications.messageKey,
      params: notifications.params,
      url: notifications.url,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
      groupName: workingGroups.name,
    })
    .from(notifications)
    .leftJoin(workingGroups, eq(workingGroups.id, notifications.groupId))
    .where(and(eq(notifications.userId, userId), receivable))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(page.limit)
    .offset(page.offset);
}

/** One of the reader's own notifications that they may still see. */
export async function getReceivableNotification(db: Db, userId: string, id: number) {
  const [row] = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId), receivable))
    .limit(1);
  return row;
}

export async function markNotificationRead(db: Db, userId: string, id: number): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length > 0;
}

export async function markAllNotificationsRead(db: Db, userId: string): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

// ---------------------------------------------------------------------------
// Preferences (saved rows only: defaults are applied in app/notifications/preferences.ts)

export async function savedPreferences(db: Db, userId: string) {
  return db
    .select({ kind: notificationPreferences.kind, delivery: notificationPreferences.delivery })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
}

/** Saved deliveries of one kind for several people; people without a row are missing from the map. */
export async function savedDeliveries(db: Db, userIds: string[], kind: NotificationKind): Promise<Map<string, NotificationDelivery>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ userId: notificationPreferences.userId, delivery: notificationPreferences.delivery })
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.kind, kind), inArray(notificationPreferences.userId, userIds)));
  return new Map(rows.map((r) => [r.userId, r.delivery]));
}

export async function savePreferences(db: Db, userId: string, choices: Partial<Record<NotificationKind, NotificationDelivery>>): Promise<void> {
  const values = Object.entries(choices).map(([kind, delivery]) => ({ userId, kind: kind as NotificationKind, delivery: delivery! }));
  if (values.length === 0) return;
  await db
    .insert(notificationPreferences)
    .values(values)
    .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.kind], set: { delivery: sql`excluded.delivery` } });
}

// ---------------------------------------------------------------------------
// Mail

/** A notification with what its mail needs; `receivable` is the membership rule above. */
export async function notificationForMail(db: Db, id: number) {
  const [row] = await db
    .select({
      notification: notifications,
      email: users.email,
      name: users.name,
      locale: users.locale,
      groupName: workingGroups.name,
      receivable: sql<boolean>`${receivable}`,
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .leftJoin(workingGroups, eq(workingGroups.id, notifications.groupId))
    .where(eq(notifications.id, id))
    .limit(1);
  return row;
}

export async function markNotificationsEmailed(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.update(notifications).set({ emailedAt: new Date() }).where(inArray(notifications.id, ids));
}

/**
 * Everything a digest of this cadence should carry: not yet mailed, created in
 * the window, of a kind the recipient gets at this cadence (a saved choice, or
 * no row and a kind in `defaultKinds`), and still receivable. Ordered per
 * person, then group, then time, so the mail can be built in one pass.
 */
export async function digestCandidates(
  db: Db,
  opts: { cadence: NotificationDelivery; defaultKinds: NotificationKind[]; since: Date; until: Date },
) {
  const byDefault = opts.defaultKinds.length ? and(isNull(notificationPreferences.delivery), inArray(notifications.kind, opts.defaultKinds)) : sql`false`;
  return db
    .select({
      id: notifications.id,
      userId: notifications.userId,
      kind: notifications.kind,
      messageKey: notifications.messageKey,
      params: notifications.params,
      url: notifications.url,
      createdAt: notifications.createdAt,
      groupId: notifications.groupId,
      groupName: workingGroups.name,
      email: users.email,
      name: users.name,
      locale: users.locale,
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .leftJoin(workingGroups, eq(workingGroups.id, notifications.groupId))
    .leftJoin(notificationPreferences, and(eq(notificationPreferences.userId, notifications.userId), eq(notificationPreferences.kind, notifications.kind)))
    .where(
      and(
        isNull(notifications.emailedAt),
        gt(notifications.createdAt, opts.since),
        lte(notifications.createdAt, opts.until),
        or(eq(notificationPreferences.delivery, opts.cadence), byDefault),
        receivable,
      ),
    )
    .orderBy(asc(notifications.userId), sql`${workingGroups.name} asc nulls last`, asc(notifications.groupId), asc(notifications.createdAt), asc(notifications.id));
}

/** A pending job of this kind whose payload has this cadence, other than `exceptId`. */
export async function pendingJobWithCadence(db: Db, kind: string, cadence: string, exceptId?: number) {
  const [row] = await db
    .select({ id: jobs.id, runAt: jobs.runAt })
    .from(jobs)
    .where(and(eq(jobs.kind, kind), eq(jobs.status, 'pending'), sql`${jobs.payload}->>'cadence' = ${cadence}`, exceptId === undefined ? undefined : ne(jobs.id, exceptId)))
    .limit(1);
  return row;
}

// ---------------------------------------------------------------------------
// Unsubscribe tokens (only the hash is stored)

export async function insertUnsubscribeToken(db: Db, row: { tokenHash: string; userId: string; kind: NotificationKind | null }): Promise<void> {
  await db.insert(unsubscribeTokens).values(row);
}

export async function findUnsubscribeToken(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ userId: unsubscribeTokens.userId, kind: unsubscribeTokens.kind, email: users.email })
    .from(unsubscribeTokens)
    .innerJoin(users, eq(users.id, unsubscribeTokens.userId))
    .where(eq(unsubscribeTokens.tokenHash, tokenHash))
    .limit(1);
  return row;
}

/** Uses a token up: returns what it was for, or undefined when it is unknown or already used. */
export async function consumeUnsubscribeToken(db: Db, tokenHash: string) {
  const [row] = await db
    .delete(unsubscribeTokens)
    .where(eq(unsubscribeTokens.tokenHash, tokenHash))
    .returning({ userId: unsubscribeTokens.userId, kind: unsubscribeTokens.kind });
  return row;
}
