/**
 * Queries for a working group itself: its row, the directory and the activity
 * feed. Who is in a group (members, roles, requests, invitations) is in
 * group-membership.server.ts.
 */
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { findArea } from './areas.server.ts';
import type { Db } from '../client.server.ts';
import { preparedPerDb } from '../prepared.server.ts';
import { areas, groupActionItems, groupActivities, groupMembers, groupDecisions, groupLibraryItems, groupMeetings, groupThreads, workingGroups } from '../schema/index.server.ts';
import type { RichTextJson } from '../schema/content.server.ts';
import type { GroupActivityKind, GroupOpenness } from '#app/vocabulary.ts';

export async function getGroupBySlug(db: Db, slug: string) {
  const [row] = await db.select().from(workingGroups).where(eq(workingGroups.slug, slug)).limit(1);
  return row;
}

/** Every group page's first read, prepared (issue 15): the group and how many leads it has (the policy needs both). */
const groupWithLeadCountBySlug = preparedPerDb((db) =>
  db
    .select({ group: workingGroups, leadCount: sql<number>`(select count(*)::int from ${groupMembers} where ${groupMembers.groupId} = ${workingGroups.id} and ${groupMembers.role} = 'lead')` })
    .from(workingGroups)
    .where(eq(workingGroups.slug, sql.placeholder('slug')))
    .limit(1)
    .prepare('group_by_slug'),
);

export async function getGroupWithLeadCount(db: Db, slug: string) {
  const [row] = await groupWithLeadCountBySlug(db).execute({ slug });
  return row;
}

export async function getGroupById(db: Db, id: string) {
  const [row] = await db.select().from(workingGroups).where(eq(workingGroups.id, id)).limit(1);
  return row;
}

// ---------------------------------------------------------------------------
// The directory

const memberCount = sql<number>`(select count(*)::int from group_members gm where gm.group_id = ${workingGroups.id})`;
const organizationCount = sql<number>`(select count(distinct gm.organization_id)::int from group_members gm where gm.group_id = ${workingGroups.id})`;
const leadCount = sql<number>`(select count(*)::int from group_members gm where gm.group_id = ${workingGroups.id} and gm.role = 'lead')`;

/**
 * Groups whose name may show to a reader: open ones, listed closed ones, and
 * the reader's own (`memberOf`). The caller still asks the policy per row;
 * this only keeps the rest out of the result. `areaCodes` narrows to groups
 * concerning those areas.
 */
export function listGroupSummaries(db: Db, filter: { memberOf: string[]; areaCodes?: string[] }) {
  const nameVisible = or(
    eq(workingGroups.openness, 'open'),
    eq(workingGroups.listed, true),
    filter.memberOf.length > 0 ? inArray(workingGroups.id, filter.memberOf) : undefined,
  );
  return db
    .select({
      id: workingGroups.id,
      slug: workingGroups.slug,
      name: workingGroups.name,
      openness: workingGroups.openness,
      listed: workingGroups.listed,
      archivedAt: workingGroups.archivedAt,
      areaCode: workingGroups.areaCode,
      areaName: areas.name,
      memberCount,
      organizationCount,
      leadCount,
    })
    .from(workingGroups)
    .leftJoin(areas, eq(areas.code, workingGroups.areaCode))
    .where(and(nameVisible, filter.areaCodes ? inArray(workingGroups.areaCode, filter.areaCodes) : undefined))
    .orderBy(sql`${workingGroups.archivedAt} is not null`, asc(workingGroups.name));
}
export type GroupSummaryRow = Awaited<ReturnType<typeof listGroupSummaries>>[number];

// ---------------------------------------------------------------------------
// The group row

export async function isGroupSlugTaken(db: Db, slug: string): Promise<boolean> {
  const [row] = await db.select({ id: workingGroups.id }).from(workingGroups).where(eq(workingGroups.slug, slug)).limit(1);
  return Boolean(row);
}

export interface GroupFields {
  name: string;
  purpose: RichTextJson;
  areaCode: string | null;
  openness: GroupOpenness;
  listed: boolean;
}

export async function insertGroup(db: Db, input: GroupFields & { slug: string; createdBy: string }) {
  const [row] = await db.insert(workingGroups).values(input).returning();
  return row!;
}

export async function updateGroup(db: Db, id: string, fields: GroupFields): Promise<void> {
  await db
    .update(workingGroups)
    .set({ ...fields, updatedAt: new Date() })
    .where(eq(workingGroups.id, id));
}

/** Archives the group unless it already is; true when this call archived it. */
export async function archiveGroup(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(workingGroups)
    .set({ archivedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(workingGroups.id, id), isNull(workingGroups.archivedAt)))
    .returning({ id: workingGroups.id });
  return rows.length > 0;
}

/** Locks the group row for the rest of the transaction, so the last-lead rule holds under concurrency. */
export async function lockGroup(db: Db, id: string) {
  const [row] = await db.select().from(workingGroups).where(eq(workingGroups.id, id)).for('update');
  return row;
}

export async function findAreaName(db: Db, code: string | null): Promise<string | null> {
  if (!code) return null;
  return (await findArea(db, code))?.name ?? null; // the in-memory area catalogue: no round trip
}

/** How much each section holds, for the overview's short blocks (a thread hidden by a moderator is in no list, nor counted). */
export async function countGroupSections(db: Db, groupId: string) {
  return sectionsOf(await groupSectionsQuery(db, groupId));
}

export function sectionsOf(rows: Awaited<ReturnType<typeof groupSectionsQuery>>) {
  return rows[0] ?? { threads: 0, decisions: 0, library: 0, upcomingMeetings: 0, openActionItems: 0 };
}

/** The select behind countGroupSections, to fold into the overview's one statement. */
export function groupSectionsQuery(db: Db, groupId: string) {
  const count = (table: typeof groupDecisions | typeof groupLibraryItems) => sql<number>`(select count(*)::int from ${table} where ${table.groupId} = ${groupId})`;
  return db
    .select({
      threads: sql<number>`(select count(*)::int from ${groupThreads} where ${groupThreads.groupId} = ${groupId} and ${groupThreads.hiddenAt} is null)`,
      decisions: count(groupDecisions),
      library: count(groupLibraryItems),
      upcomingMeetings: sql<number>`(select count(*)::int from ${groupMeetings} where ${groupMeetings.groupId} = ${groupId} and ${groupMeetings.cancelledAt} is null and ${groupMeetings.endsAt} > now())`,
      openActionItems: sql<number>`(select count(*)::int from ${groupActionItems} where ${groupActionItems.groupId} = ${groupId} and ${groupActionItems.status} = 'open')`,
    })
    .from(workingGroups)
    .where(eq(workingGroups.id, groupId));
}

// ---------------------------------------------------------------------------
// The activity feed

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
