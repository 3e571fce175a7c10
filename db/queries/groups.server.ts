import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { groupActivities, groupMembers, workingGroups } from '../schema/index.server.ts';
import type { GroupActivityKind } from '#app/vocabulary.ts';

export async function getGroupBySlug(db: Db, slug: string) {
  const [row] = await db.select().from(workingGroups).where(eq(workingGroups.slug, slug)).limit(1);
  return row;
}

export async function getGroupById(db: Db, id: string) {
  const [row] = await db.select().from(workingGroups).where(eq(workingGroups.id, id)).limit(1);
  return row;
}

export async function countGroupLeads(db: Db, groupId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.role, 'lead')));
  return row?.n ?? 0;
}

/** Current members' user ids (optionally only those in `among`). */
export async function groupMemberIds(db: Db, groupId: string, among?: string[]): Promise<string[]> {
  if (among && among.length === 0) return [];
  const rows = await db
    .select({ userId: groupMembers.userId })
    .from(groupMembers)
    .where(among ? and(eq(groupMembers.groupId, groupId), inArray(groupMembers.userId, among)) : eq(groupMembers.groupId, groupId));
  return rows.map((r) => r.userId);
}

export interface ActivityInput {
  groupId: string;
  actorId: string | null;
  kind: GroupActivityKind;
  subjectId?: string | null;
  /** What the feed line shows, e.g. { title: 'Möte 3 mars' }. */
  data?: Record<string, string>;
}

/** One line in the group's activity feed; call it inside the transaction of the write it describes. */
export async function recordGroupActivity(db: Db, entry: ActivityInput): Promise<void> {
  await db.insert(groupActivities).values({
    groupId: entry.groupId,
    actorId: entry.actorId,
    kind: entry.kind,
    subjectId: entry.subjectId ?? null,
    data: entry.data ?? {},
  });
}
