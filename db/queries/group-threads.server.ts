import { and, asc, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { groupMembers, groupReplies, groupThreads, organizations, users, type GroupReply, type GroupThread } from '../schema/index.server.ts';

/**
 * A thread's replies that its readers see: hidden ones are left out (issue 16).
 * Counted on reading rather than kept on the thread, where it would go wrong
 * with every hiding and restoring (uses group_replies_thread_idx).
 */
const visibleReplyCount = sql<number>`(select count(*)::int from ${groupReplies} where ${groupReplies.threadId} = ${groupThreads.id} and ${groupReplies.hiddenAt} is null)`;

/** A group's threads, most recently active first, with their authors' names and how many replies readers see. */
export async function listGroupThreads(db: Db, groupId: string, page: { limit: number; offset: number }) {
  const [rows, total] = await Promise.all([
    db
      .select({
        id: groupThreads.id,
        title: groupThreads.title,
        replyCount: visibleReplyCount,
        lastActivityAt: groupThreads.lastActivityAt,
        createdAt: groupThreads.createdAt,
        authorName: users.name,
      })
      .from(groupThreads)
      .leftJoin(users, eq(users.id, groupThreads.authorId))
      // Hidden by a moderator: in no list (its author and the leads reach it from their notice and queue).
      .where(and(eq(groupThreads.groupId, groupId), isNull(groupThreads.hiddenAt)))
      .orderBy(desc(groupThreads.lastActivityAt), desc(groupThreads.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(groupThreads).where(and(eq(groupThreads.groupId, groupId), isNull(groupThreads.hiddenAt))),
  ]);
  return { rows, total: total[0]?.n ?? 0 };
}

/** A thread of this group (null for another group's thread: ids are not guessed across groups). */
export async function findGroupThread(db: Db, groupId: string, threadId: string): Promise<GroupThread | null> {
  const [row] = await db
    .select()
    .from(groupThreads)
    .where(and(eq(groupThreads.id, threadId), eq(groupThreads.groupId, groupId)))
    .limit(1);
  return row ?? null;
}

/**
 * Who wrote a post, as the group knows them: their name and the organisation
 * they represent here (none once they have left the group).
 */
const authorColumns = { authorName: users.name, authorOrganization: organizations.name };

export async function getThreadAuthor(db: Db, groupId: string, authorId: string | null) {
  if (!authorId) return { authorName: null, authorOrganization: null };
  const [row] = await db
    .select(authorColumns)
    .from(users)
    .leftJoin(groupMembers, and(eq(groupMembers.userId, users.id), eq(groupMembers.groupId, groupId)))
    .leftJoin(organizations, eq(organizations.id, groupMembers.organizationId))
    .where(eq(users.id, authorId))
    .limit(1);
  return row ?? { authorName: null, authorOrganization: null };
}

/** A thread's replies in the order they were written. */
export async function listThreadReplies(db: Db, groupId: string, threadId: string) {
  return db
    .select({ id: groupReplies.id, body: groupReplies.body, authorId: groupReplies.authorId, createdAt: groupReplies.createdAt, hiddenAt: groupReplies.hiddenAt, hiddenReason: groupReplies.hiddenReason, ...authorColumns })
    .from(groupReplies)
    .leftJoin(users, eq(users.id, groupReplies.authorId))
    .leftJoin(groupMembers, and(eq(groupMembers.userId, groupReplies.authorId), eq(groupMembers.groupId, groupId)))
    .leftJoin(organizations, eq(organizations.id, groupMembers.organizationId))
    .where(eq(groupReplies.threadId, threadId))
    .orderBy(asc(groupReplies.createdAt), asc(groupReplies.id));
}

export async function insertGroupThread(db: Db, input: { groupId: string; authorId: string; title: string; body: GroupThread['body'] }): Promise<GroupThread> {
  const [row] = await db.insert(groupThreads).values(input).returning();
  return row!;
}

/** A reply, and the thread's last activity moved on with it. */
export async function insertGroupReply(db: Db, input: { threadId: string; authorId: string; body: GroupReply['body'] }): Promise<GroupReply> {
  const [row] = await db.insert(groupReplies).values(input).returning();
  await db
    .update(groupThreads)
    .set({ lastActivityAt: row!.createdAt })
    .where(eq(groupThreads.id, input.threadId));
  return row!;
}

/** Everyone who has replied in a thread so far (except `exceptReplyId`, the reply just written). */
export async function listThreadRepliers(db: Db, threadId: string, exceptReplyId?: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ authorId: groupReplies.authorId })
    .from(groupReplies)
    .where(and(eq(groupReplies.threadId, threadId), exceptReplyId ? ne(groupReplies.id, exceptReplyId) : undefined));
  return rows.map((r) => r.authorId).filter((id): id is string => id !== null);
}

export async function findThreadReply(db: Db, threadId: string, replyId: string): Promise<GroupReply | null> {
  const [row] = await db
    .select()
    .from(groupReplies)
    .where(and(eq(groupReplies.id, replyId), eq(groupReplies.threadId, threadId)))
    .limit(1);
  return row ?? null;
}

export async function updateGroupThread(db: Db, input: { id: string; title: string; body: GroupThread['body'] }): Promise<void> {
  await db.update(groupThreads).set({ title: input.title, body: input.body, updatedAt: new Date() }).where(eq(groupThreads.id, input.id));
}

export async function updateGroupReply(db: Db, input: { id: string; body: GroupReply['body'] }): Promise<void> {
  await db.update(groupReplies).set({ body: input.body }).where(eq(groupReplies.id, input.id));
}
