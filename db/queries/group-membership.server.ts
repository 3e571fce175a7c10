/**
 * Queries for a working group's core: the directory, the group row itself,
 * its members, join requests and email invitations. Access decisions are not
 * made here; callers ask app/policy.ts with what these return.
 */
import { and, asc, desc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import {
  areas,
  groupActionItems,
  groupDecisions,
  groupInvitations,
  groupJoinRequests,
  groupLibraryItems,
  groupMeetings,
  groupMembers,
  groupThreads,
  memberships,
  organizations,
  users,
  workingGroups,
} from '../schema/index.server.ts';
import type { RichTextJson } from '../schema/content.server.ts';
import type { GroupOpenness, GroupRole } from '#app/vocabulary.ts';

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
export async function listGroupSummaries(db: Db, filter: { memberOf: string[]; areaCodes?: string[] }) {
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
  const [row] = await db.select({ name: areas.name }).from(areas).where(eq(areas.code, code)).limit(1);
  return row?.name ?? null;
}

/** How much each section holds, for the overview's short blocks. */
export async function countGroupSections(db: Db, groupId: string) {
  const count = (table: typeof groupThreads | typeof groupDecisions | typeof groupLibraryItems) =>
    sql<number>`(select count(*)::int from ${table} where ${table.groupId} = ${groupId})`;
  const [row] = await db
    .select({
      threads: count(groupThreads),
      decisions: count(groupDecisions),
      library: count(groupLibraryItems),
      upcomingMeetings: sql<number>`(select count(*)::int from ${groupMeetings} where ${groupMeetings.groupId} = ${groupId} and ${groupMeetings.cancelledAt} is null and ${groupMeetings.endsAt} > now())`,
      openActionItems: sql<number>`(select count(*)::int from ${groupActionItems} where ${groupActionItems.groupId} = ${groupId} and ${groupActionItems.status} = 'open')`,
    })
    .from(workingGroups)
    .where(eq(workingGroups.id, groupId));
  return row ?? { threads: 0, decisions: 0, library: 0, upcomingMeetings: 0, openActionItems: 0 };
}

// ---------------------------------------------------------------------------
// Members

export async function listGroupMembers(db: Db, groupId: string) {
  return db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: groupMembers.role,
      joinedAt: groupMembers.joinedAt,
      organizationId: organizations.id,
      organizationName: organizations.name,
      organizationSlug: organizations.slug,
      sector: organizations.sector,
    })
    .from(groupMembers)
    .innerJoin(users, eq(users.id, groupMembers.userId))
    .innerJoin(organizations, eq(organizations.id, groupMembers.organizationId))
    .where(eq(groupMembers.groupId, groupId))
    .orderBy(desc(sql`${groupMembers.role} = 'lead'`), asc(users.name));
}

/** The organisations represented in the group (through its members), with how many members represent each. */
export async function listRepresentedOrganizations(db: Db, groupId: string) {
  return db
    .select({
      id: organizations.id,
      slug: organizations.slug,
      name: organizations.name,
      sector: organizations.sector,
      members: sql<number>`count(*)::int`,
    })
    .from(groupMembers)
    .innerJoin(organizations, eq(organizations.id, groupMembers.organizationId))
    .where(eq(groupMembers.groupId, groupId))
    .groupBy(organizations.id, organizations.slug, organizations.name, organizations.sector)
    .orderBy(asc(organizations.name));
}

export async function findGroupMember(db: Db, groupId: string, userId: string) {
  const [row] = await db
    .select()
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)))
    .limit(1);
  return row;
}

/** Adds a member; false when they already were one. */
export async function addGroupMember(db: Db, input: { groupId: string; userId: string; organizationId: string; role: GroupRole }): Promise<boolean> {
  const rows = await db.insert(groupMembers).values(input).onConflictDoNothing().returning({ userId: groupMembers.userId });
  return rows.length > 0;
}

export async function setGroupMemberRole(db: Db, groupId: string, userId: string, role: GroupRole): Promise<void> {
  await db
    .update(groupMembers)
    .set({ role })
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)));
}

export async function deleteGroupMember(db: Db, groupId: string, userId: string): Promise<void> {
  await db.delete(groupMembers).where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)));
}

export async function groupLeadIds(db: Db, groupId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: groupMembers.userId })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.role, 'lead')));
  return rows.map((r) => r.userId);
}

/** The organisations a person belongs to and so may represent in a group. */
export async function listRepresentableOrganizations(db: Db, userId: string) {
  return db
    .select({ id: organizations.id, name: organizations.name, sector: organizations.sector })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name));
}

export async function findOrganizationName(db: Db, id: string): Promise<string | null> {
  const [row] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, id)).limit(1);
  return row?.name ?? null;
}

// ---------------------------------------------------------------------------
// Join requests

export async function upsertGroupJoinRequest(db: Db, input: { groupId: string; userId: string; organizationId: string; message: string }): Promise<void> {
  await db
    .insert(groupJoinRequests)
    .values(input)
    .onConflictDoUpdate({ target: [groupJoinRequests.groupId, groupJoinRequests.userId], set: { organizationId: input.organizationId, message: input.message } });
}

export async function findGroupJoinRequest(db: Db, groupId: string, userId: string) {
  const [row] = await db
    .select()
    .from(groupJoinRequests)
    .where(and(eq(groupJoinRequests.groupId, groupId), eq(groupJoinRequests.userId, userId)))
    .limit(1);
  return row;
}

/** Removes a request and returns it, or undefined when there was none (already answered). */
export async function deleteGroupJoinRequest(db: Db, groupId: string, userId: string) {
  const [row] = await db
    .delete(groupJoinRequests)
    .where(and(eq(groupJoinRequests.groupId, groupId), eq(groupJoinRequests.userId, userId)))
    .returning();
  return row;
}

export async function listGroupJoinRequests(db: Db, groupId: string) {
  return db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      message: groupJoinRequests.message,
      createdAt: groupJoinRequests.createdAt,
      organizationName: organizations.name,
      sector: organizations.sector,
    })
    .from(groupJoinRequests)
    .innerJoin(users, eq(users.id, groupJoinRequests.userId))
    .innerJoin(organizations, eq(organizations.id, groupJoinRequests.organizationId))
    .where(eq(groupJoinRequests.groupId, groupId))
    .orderBy(asc(groupJoinRequests.createdAt));
}

// ---------------------------------------------------------------------------
// Invitations

const stillOpen = () => and(isNull(groupInvitations.acceptedAt), isNull(groupInvitations.revokedAt), gt(groupInvitations.expiresAt, sql`now()`));

export async function insertGroupInvitation(db: Db, input: { groupId: string; email: string; tokenHash: string; invitedBy: string; expiresAt: Date }) {
  const [row] = await db.insert(groupInvitations).values(input).returning();
  return row!;
}

/** Revokes the open invitations for one address (a new invitation replaces them). */
export async function revokeOpenInvitationsFor(db: Db, groupId: string, email: string): Promise<void> {
  await db
    .update(groupInvitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(groupInvitations.groupId, groupId), sql`lower(${groupInvitations.email}) = ${email.toLowerCase()}`, stillOpen()));
}

export async function listOpenGroupInvitations(db: Db, groupId: string) {
  return db
    .select({ id: groupInvitations.id, email: groupInvitations.email, expiresAt: groupInvitations.expiresAt, createdAt: groupInvitations.createdAt, invitedByName: users.name })
    .from(groupInvitations)
    .leftJoin(users, eq(users.id, groupInvitations.invitedBy))
    .where(and(eq(groupInvitations.groupId, groupId), stillOpen()))
    .orderBy(desc(groupInvitations.createdAt));
}

export async function revokeGroupInvitation(db: Db, groupId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(groupInvitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(groupInvitations.id, id), eq(groupInvitations.groupId, groupId), isNull(groupInvitations.acceptedAt), isNull(groupInvitations.revokedAt)))
    .returning({ id: groupInvitations.id });
  return rows.length > 0;
}

/** An invitation in whatever state it is, with its group and who sent it; undefined for an unknown token. */
export async function findGroupInvitationByTokenHash(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ invitation: groupInvitations, group: workingGroups, inviterName: users.name, expired: sql<boolean>`${groupInvitations.expiresAt} <= now()` })
    .from(groupInvitations)
    .innerJoin(workingGroups, eq(workingGroups.id, groupInvitations.groupId))
    .leftJoin(users, eq(users.id, groupInvitations.invitedBy))
    .where(eq(groupInvitations.tokenHash, tokenHash))
    .limit(1);
  return row;
}

/**
 * Claims the invitation for `userId` if it is still open. The conditional
 * UPDATE is the race guard: of two concurrent accepts only one gets a row back.
 */
export async function claimGroupInvitation(db: Db, id: string, userId: string): Promise<boolean> {
  const rows = await db
    .update(groupInvitations)
    .set({ acceptedAt: new Date(), acceptedBy: userId })
    .where(and(eq(groupInvitations.id, id), stillOpen()))
    .returning({ id: groupInvitations.id });
  return rows.length > 0;
}
