import { and, asc, desc, eq, gt, isNull, sql, type SQL } from 'drizzle-orm';
import { forgetEverywhere, registerCache } from '../cache-bus.server.ts';
import type { Db } from '../client.server.ts';
import type { GroupRole } from '#app/vocabulary.ts';
import { areas, groupMembers, invitations, joinRequests, memberships, organizations, users, type MemberRole, type Organization, type Sector } from '../schema/index.server.ts';

const memberCount = sql<number>`(select count(*)::int from memberships m where m.organization_id = ${organizations.id})`;

export async function listOrganizations(db: Db, filter: { sector?: Sector; verifiedOnly?: boolean } = {}) {
  return db
    .select({
      id: organizations.id,
      slug: organizations.slug,
      name: organizations.name,
      sector: organizations.sector,
      verified: sql<boolean>`${organizations.verifiedAt} is not null`,
      municipalityName: areas.name,
      memberCount,
    })
    .from(organizations)
    .leftJoin(areas, eq(areas.code, organizations.municipalityCode))
    .where(
      and(
        filter.sector ? eq(organizations.sector, filter.sector) : undefined,
        filter.verifiedOnly ? sql`${organizations.verifiedAt} is not null` : undefined,
      ),
    )
    .orderBy(asc(organizations.name));
}

export async function listUnverifiedOrganizations(db: Db) {
  return db
    .select({ id: organizations.id, slug: organizations.slug, name: organizations.name, sector: organizations.sector, orgNumber: organizations.orgNumber, createdAt: organizations.createdAt })
    .from(organizations)
    .where(isNull(organizations.verifiedAt))
    .orderBy(asc(organizations.createdAt));
}

export async function findOrganizationBySlug(db: Db, slug: string) {
  const [row] = await db
    .select({ organization: organizations, municipalityName: areas.name })
    .from(organizations)
    .leftJoin(areas, eq(areas.code, organizations.municipalityCode))
    .where(eq(organizations.slug, slug))
    .limit(1);
  return row;
}

/** Locks the organisation row for the rest of the transaction, so membership rules (the last admin) hold under concurrency. */
export async function lockOrganization(db: Db, id: string): Promise<Organization | undefined> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, id)).for('update');
  return row;
}

export async function countAdmins(db: Db, organizationId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, 'admin')));
  return row?.n ?? 0;
}

export async function isSlugTaken(db: Db, slug: string): Promise<boolean> {
  const [row] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug)).limit(1);
  return Boolean(row);
}

export async function findConflictingOrganization(db: Db, name: string, orgNumber: string) {
  const [byNumber] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.orgNumber, orgNumber)).limit(1);
  const [byName] = await db.select({ id: organizations.id }).from(organizations).where(sql`lower(${organizations.name}) = ${name.toLowerCase()}`).limit(1);
  return { numberTaken: Boolean(byNumber), nameTaken: Boolean(byName) };
}

export async function insertOrganization(
  db: Db,
  input: { slug: string; name: string; sector: Sector; orgNumber: string; municipalityCode: string | null; description: string; website: string | null; createdBy: string },
): Promise<Organization> {
  const [row] = await db.insert(organizations).values(input).returning();
  return row!;
}

export async function setVerified(db: Db, id: string, by: string | null): Promise<void> {
  await db
    .update(organizations)
    .set(by ? { verifiedAt: new Date(), verifiedBy: by } : { verifiedAt: null, verifiedBy: null })
    .where(eq(organizations.id, id));
}

export async function listMembers(db: Db, organizationId: string) {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role, since: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organizationId, organizationId))
    .orderBy(asc(users.name));
}

export async function findMembership(db: Db, organizationId: string, userId: string) {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)))
    .limit(1);
  return row;
}

export async function addMembership(db: Db, input: { organizationId: string; userId: string; role: MemberRole }): Promise<boolean> {
  const rows = await db.insert(memberships).values(input).onConflictDoNothing().returning({ userId: memberships.userId });
  return rows.length > 0;
}

export async function setMemberRole(db: Db, organizationId: string, userId: string, role: MemberRole): Promise<void> {
  await db.update(memberships).set({ role }).where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
}

export async function deleteMembership(db: Db, organizationId: string, userId: string): Promise<void> {
  await db.delete(memberships).where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
}

/**
 * Every organisation a person belongs to (role, whether it is verified) and every working group (role, the
 * organisation they represent there): the policy's view of them (app/context.server.ts). One round trip, as
 * every signed-in page pays for it (issue 15): each list is a JSON array built by a subquery.
 */
/**
 * A person's organisation and group memberships as two JSON columns, for any expression naming the user (a parameter,
 * or `users.id` when the session lookup reads them in the same statement as the session: app/auth/session.server.ts).
 */
export function membershipColumns(userId: SQL | string) {
  return {
    organizations: sql<{ organizationId: string; role: MemberRole; verified: boolean }[]>`coalesce((select json_agg(json_build_object('organizationId', m.organization_id, 'role', m.role, 'verified', o.verified_at is not null)) from ${memberships} m join ${organizations} o on o.id = m.organization_id where m.user_id = ${userId}), '[]'::json)`,
    groups: sql<{ groupId: string; role: GroupRole; organizationId: string }[]>`coalesce((select json_agg(json_build_object('groupId', g.group_id, 'role', g.role, 'organizationId', g.organization_id)) from ${groupMembers} g where g.user_id = ${userId}), '[]'::json)`,
  };
}

/** The memberships as the policy module's Actor holds them. */
export function membershipsFromColumns(row: { organizations: { organizationId: string; role: MemberRole; verified: boolean }[]; groups: { groupId: string; role: GroupRole; organizationId: string }[] } | undefined) {
  return {
    memberships: (row?.organizations ?? []).map((r) => ({ organizationId: r.organizationId, role: r.role, organizationVerified: r.verified })),
    groupMemberships: row?.groups ?? [],
  };
}

export async function listMembershipsOf(db: Db, userId: string) {
  const [row] = await db.select(membershipColumns(userId)).from(users).where(eq(users.id, userId));
  return membershipsFromColumns(row);
}

export async function listUserOrganizations(db: Db, userId: string) {
  return db
    .select({ slug: organizations.slug, name: organizations.name, role: memberships.role, verified: sql<boolean>`${organizations.verifiedAt} is not null` })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name));
}

export async function upsertJoinRequest(db: Db, input: { organizationId: string; userId: string; message: string }): Promise<void> {
  await db.insert(joinRequests).values(input).onConflictDoUpdate({ target: [joinRequests.userId, joinRequests.organizationId], set: { message: input.message } });
}

export async function findJoinRequest(db: Db, organizationId: string, userId: string) {
  const [row] = await db
    .select()
    .from(joinRequests)
    .where(and(eq(joinRequests.organizationId, organizationId), eq(joinRequests.userId, userId)))
    .limit(1);
  return row;
}

export async function deleteJoinRequest(db: Db, organizationId: string, userId: string): Promise<boolean> {
  const rows = await db
    .delete(joinRequests)
    .where(and(eq(joinRequests.organizationId, organizationId), eq(joinRequests.userId, userId)))
    .returning({ userId: joinRequests.userId });
  return rows.length > 0;
}

export async function listJoinRequests(db: Db, organizationId: string) {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, message: joinRequests.message, createdAt: joinRequests.createdAt })
    .from(joinRequests)
    .innerJoin(users, eq(users.id, joinRequests.userId))
    .where(eq(joinRequests.organizationId, organizationId))
    .orderBy(asc(joinRequests.createdAt));
}

export async function insertInvitation(
  db: Db,
  input: { organizationId: string; email: string; role: MemberRole; tokenHash: string; invitedBy: string; expiresAt: Date },
) {
  const [row] = await db.insert(invitations).values(input).returning();
  return row!;
}

export async function listOpenInvitations(db: Db, organizationId: string) {
  return db
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt, createdAt: invitations.createdAt })
    .from(invitations)
    .where(and(eq(invitations.organizationId, organizationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date())))
    .orderBy(desc(invitations.createdAt));
}

/** An invitation that can still be accepted, with its organisation. */
export async function findUsableInvitation(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ invitation: invitations, organization: organizations })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .where(and(eq(invitations.tokenHash, tokenHash), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date())))
    .limit(1);
  return row;
}

/** Marks the invitation accepted unless someone else got there first; true when this call won. */
export async function markInvitationAccepted(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(invitations)
    .set({ acceptedAt: new Date() })
    .where(and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .returning({ id: invitations.id });
  return rows.length > 0;
}

export async function revokeInvitation(db: Db, organizationId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitations.id, id), eq(invitations.organizationId, organizationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .returning({ id: invitations.id });
  return rows.length > 0;
}

export async function countOrganizations(db: Db) {
  const all = await organizationCatalogue(db);
  return { total: all.length, verified: all.filter((o) => o.verified).length };
}

/** The verified organisations by name (the home page lists them), with their kommun's code. */
export async function listVerifiedOrganizations(db: Db) {
  return (await organizationCatalogue(db)).filter((o) => o.verified);
}

export interface CatalogueOrganization {
  id: string;
  slug: string;
  name: string;
  sector: Sector;
  verified: boolean;
  municipalityCode: string | null;
}

/** Per database handle, as the area catalogue (test databases side by side in one process never share it). */
let cachedOrganizations = new WeakMap<Db, Promise<CatalogueOrganization[]>>();

/**
 * Every organisation's name, sector and verified flag, in the database's name order, read once and kept in memory
 * (issue 15): a few hundred short rows that the home page would otherwise count and list on every view. Whoever
 * changes them (registering an organisation, verifying or unverifying one, the demo seed) calls forgetOrganizations
 * after the commit; that reaches the other processes on the same PostgreSQL database through the cache bus.
 */
function organizationCatalogue(db: Db): Promise<CatalogueOrganization[]> {
  let catalogue = cachedOrganizations.get(db);
  if (!catalogue) {
    catalogue = db
      .select({ id: organizations.id, slug: organizations.slug, name: organizations.name, sector: organizations.sector, verified: sql<boolean>`${organizations.verifiedAt} is not null`, municipalityCode: organizations.municipalityCode })
      .from(organizations)
      .orderBy(asc(organizations.name))
      .then((rows) => rows);
    cachedOrganizations.set(db, catalogue);
    // A failed read is not kept: the next request tries again.
    catalogue.catch(() => {
      if (cachedOrganizations.get(db) === catalogue) cachedOrganizations.delete(db);
    });
  }
  return catalogue;
}

/** Drops the cached organisations: of one database handle in this process, or of all, here and in every process on the database. */
export function forgetOrganizations(db?: Db): void {
  if (db) cachedOrganizations.delete(db);
  else forgetEverywhere('organizations');
}
registerCache('organizations', () => {
  cachedOrganizations = new WeakMap();
});

/** The organisation's admins: told when it is verified or the verification is removed. */
export async function adminUserIds(db: Db, organizationId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, 'admin')));
  return rows.map((r) => r.userId);
}
