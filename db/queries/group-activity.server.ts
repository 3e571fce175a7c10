import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { groupActivities, groupReplies, groupThreads, users } from '../schema/index.server.ts';

/**
 * Lines about a thread hidden by a moderator are left out: the group no longer
 * sees its title; and so is the line of a hidden reply (by the `replyId` its
 * line carries; lines written before issue 16's moderation carry none) (issue 16).
 */
const notAboutHiddenPost = sql`not (${groupActivities.kind} in ('thread_created', 'reply_posted') and exists (
  select 1 from ${groupThreads} where ${groupThreads.id}::text = ${groupActivities.subjectId} and ${groupThreads.hiddenAt} is not null))
  and not (${groupActivities.kind} = 'reply_posted' and exists (
  select 1 from ${groupReplies} where ${groupReplies.id}::text = ${groupActivities.data}->>'replyId' and ${groupReplies.hiddenAt} is not null))`;

/** A group's activity, newest first, with the name of whoever acted. */
export function listGroupActivity(db: Db, groupId: string, page: { limit: number; offset: number }) {
  return db
    .select({
      id: groupActivities.id,
      kind: groupActivities.kind,
      subjectId: groupActivities.subjectId,
      data: groupActivities.data,
      createdAt: groupActivities.createdAt,
      actorName: users.name,
    })
    .from(groupActivities)
    .leftJoin(users, eq(users.id, groupActivities.actorId))
    .where(and(eq(groupActivities.groupId, groupId), notAboutHiddenPost))
    .orderBy(desc(groupActivities.createdAt), desc(groupActivities.id))
    .limit(page.limit)
    .offset(page.offset);
}

export async function countGroupActivity(db: Db, groupId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(groupActivities).where(and(eq(groupActivities.groupId, groupId), notAboutHiddenPost));
  return row?.n ?? 0;
}
