import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { groupActionItems, groupDecisions, organizations, users, type GroupActionItem } from '../schema/index.server.ts';
import type { ActionItemStatus } from '#app/vocabulary.ts';

/**
 * A group's action items with their owner's name (a person or an
 * organisation) and linked decision: open ones first by due date (undated
 * last), then done ones, most recently done first.
 */
export async function listGroupActionItems(db: Db, groupId: string) {
  return db
    .select({
      id: groupActionItems.id,
      title: groupActionItems.title,
      status: groupActionItems.status,
      dueDate: groupActionItems.dueDate,
      ownerUserId: groupActionItems.ownerUserId,
      ownerUserName: users.name,
      ownerOrganizationId: groupActionItems.ownerOrganizationId,
      ownerOrganizationName: organizations.name,
      decisionId: groupActionItems.decisionId,
      decisionText: groupDecisions.text,
      doneAt: groupActionItems.doneAt,
      createdAt: groupActionItems.createdAt,
    })
    .from(groupActionItems)
    .leftJoin(users, eq(users.id, groupActionItems.ownerUserId))
    .leftJoin(organizations, eq(organizations.id, groupActionItems.ownerOrganizationId))
    .leftJoin(groupDecisions, eq(groupDecisions.id, groupActionItems.decisionId))
    .where(eq(groupActionItems.groupId, groupId))
    .orderBy(
      sql`case when ${groupActionItems.status} = 'open' then 0 else 1 end`,
      sql`case when ${groupActionItems.status} = 'open' then ${groupActionItems.dueDate} end asc nulls last`,
      desc(groupActionItems.doneAt),
      asc(groupActionItems.createdAt),
    );
}

export async function getGroupActionItem(db: Db, groupId: string, itemId: string): Promise<GroupActionItem | undefined> {
  const [row] = await db
    .select()
    .from(groupActionItems)
    .where(and(eq(groupActionItems.groupId, groupId), eq(groupActionItems.id, itemId)))
    .limit(1);
  return row;
}

export async function insertGroupActionItem(
  db: Db,
  values: Pick<typeof groupActionItems.$inferInsert, 'groupId' | 'title' | 'ownerUserId' | 'ownerOrganizationId' | 'dueDate' | 'decisionId' | 'createdBy'>,
): Promise<GroupActionItem> {
  const [row] = await db.insert(groupActionItems).values(values).returning();
  return row!;
}

export async function setActionItemStatus(db: Db, itemId: string, status: ActionItemStatus, by: string): Promise<GroupActionItem> {
  const done = status === 'done';
  const [row] = await db
    .update(groupActionItems)
    .set({ status, doneAt: done ? new Date() : null, doneBy: done ? by : null })
    .where(eq(groupActionItems.id, itemId))
    .returning();
  return row!;
}
