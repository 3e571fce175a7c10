import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { groupActivities, users } from '../schema/index.server.ts';

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
    .where(eq(groupActivities.groupId, groupId))
    .orderBy(desc(groupActivities.createdAt), desc(groupActivities.id))
    .limit(page.limit)
    .offset(page.offset);
}

export async function countGroupActivity(db: Db, groupId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(groupActivities).where(eq(groupActivities.groupId, groupId));
  return row?.n ?? 0;
}
