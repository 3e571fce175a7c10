import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { groupActivities, groupThreads, users } from '../schema/index.server.ts';

/** Lines about a thread hidden by a moderator are left out: the group no longer sees its title (issue 16). */
const notAboutHiddenThread = sql`not (${groupActivities.kind} in ('thread_created', 'reply_posted') and exists (
  select 1 from ${groupThreads} where ${groupThreads.id}::text = ${groupActivities.subjectId} and ${groupThreads.hiddenAt} is not null))`;

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
    .where(and(eq(groupActivities.groupId, groupId), notAboutHiddenThread))
    .orderBy(desc(groupActivities.createdAt), desc(groupActivities.id))
    .limit(page.limit)
    .offset(page.offset);
}

export async function countGroupActivity(db: Db, groupId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(groupActivities).where(and(eq(groupActivities.groupId, groupId), notAboutHiddenThread));
  return row?.n ?? 0;
}
