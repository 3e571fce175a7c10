/**
 * Who is in a working group and in which role: every query on its members
 * (and the organisations they represent there), join requests and email
 * invitations. The group row, the directory and the activity feed are in
 * groups.server.ts. Access decisions are not made here; callers ask
 * app/policy.ts with what these return.
 */
import { and, asc, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { groupInvitations, groupJoinRequests, groupMembers, memberships, organizations, users, workingGroups } from '../schema/index.server.ts';
import type { GroupRole } from '#app/vocabulary.ts';

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
export function listRepresentedOrganizations(db: Db, groupId: string) {
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

/**
 * Current members of one group (or several) with the organisation each
 * represents, by name: who can be @mentioned in a discussion and who (or which
 * organisation) can own an action item.
 */
export async function listGroupMemberNames(db: Db, groupIds: string | readonly string[]) {
  if (typeof groupIds !== 'string' && groupIds.length === 0) return [];
  return db
    .select({ groupId: groupMembers.groupId, userId: groupMembers.userId, name: users.name, organizationId: groupMembers.organizationId, organizationName: organizations.name })
    .from(groupMembers)
    .innerJoin(users, eq(users.id, groupMembers.userId))
    .innerJoin(organizations, eq(organizations.id, groupMembers.organizationId))
    .where(typeof groupIds === 'string' ? eq(groupMembers.groupId, groupIds) : inArray(groupMembers.groupId, groupIds))
    .orderBy(asc(users.name));
}

/** A person's membership row in a group, if they are a member now. */
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

/** Every group a person is a member of, with their role and the organisation they represent there. */
export async function listGroupMembershipsOf(db: Db, userId: string) {
  return db
    .select({ groupId: groupMembers.groupId, role: groupMembers.role, organizationId: groupMembers.organizationId })
    .from(groupMembers)
    .where(eq(groupMembers.userId, userId));
}

/** The groups a person is in, with their role, whether each is archived and how many leads it has (for the last-lead rule). */
export async function listGroupRolesOf(db: Db, userId: string) {
  return db
    .select({
      name: workingGroups.name,
      role: groupMembers.role,
      archived: sql<boolean>`${workingGroups.archivedAt} is not null`,
      leadCount: sql<number>`(select count(*) from group_members gm where gm.group_id = ${groupMembers.groupId} and gm.role = 'lead')`.mapWith(Number),
    })
    .from(groupMembers)
    .innerJoin(workingGroups, eq(workingGroups.id, groupMembers.groupId))
    .where(eq(groupMembers.userId, userId));
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

/** Members who represent an organisation in the group: they hear about items the organisation owns. */
export async function groupMembersRepresenting(db: Db, groupId: string, organizationId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: groupMembers.userId })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.organizationId, organizationId)));
  return rows.map((r) => r.userId);
}

/** The group's leads (their number decides the last-lead rule: see loadGroupResource). */
export async function groupLeadIds(db: Db, groupId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: groupMembers.userId })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.role, 'lead')));
  return rows.map((r) => r.userId);
}

/** The organisations a person belongs to and so may represent in a group. */
export function listRepresentableOrganizations(db: Db, userId: string) {
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
  const [row] = await groupJoinRequestQuery(db, groupId, userId);
  return row;
}

/** The select behind findGroupJoinRequest, to fold into the overview's one statement. */
export function groupJoinRequestQuery(db: Db, groupId: string, userId: string) {
  return db
    .select()
    .from(groupJoinRequests)
    .where(and(eq(groupJoinRequests.groupId, groupId), eq(groupJoinRequests.userId, userId)))
    .limit(1);
}

/** Removes a request and returns it, or undefined when there was none (already answered). */
export async function deleteGroupJoinRequest(db: Db, groupId: string, userId: string) {
  const [row] = await db
    .delete(groupJoinRequests)
    .where(and(eq(groupJoinRequests.groupId, groupId), eq(groupJoinRequests.userId, userId)))
    .returning();
  return row;
}

export function listGroupJoinRequests(db: Db, groupId: string) {
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
