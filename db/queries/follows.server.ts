import { and, asc, eq, inArray, or, sql, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import {
  areas,
  followNotices,
  follows,
  groupMembers,
  indicatorSnapshots,
  initiativeAreas,
  initiativePartners,
  initiatives,
  lessons,
  memberships,
  notifications,
  organizations,
  users,
} from '../schema/index.server.ts';
import type { Actor } from '#app/policy.ts';
import type { ContentState, FollowedContentType, FollowKind, Visibility } from '#app/vocabulary.ts';

export interface FollowTarget {
  kind: FollowKind;
  key: string;
}

/** Following twice is a quiet no-op: true only when the follow is new. */
export async function addFollow(db: Db, userId: string, target: FollowTarget): Promise<boolean> {
  const rows = await db.insert(follows).values({ userId, ...target }).onConflictDoNothing().returning({ id: follows.id });
  return rows.length > 0;
}

export async function removeFollow(db: Db, userId: string, target: FollowTarget): Promise<boolean> {
  const rows = await db
    .delete(follows)
    .where(and(eq(follows.userId, userId), eq(follows.kind, target.kind), eq(follows.key, target.key)))
    .returning({ id: follows.id });
  return rows.length > 0;
}

export async function isFollowing(db: Db, userId: string, target: FollowTarget): Promise<boolean> {
  return (await followingQuery(db, userId, target)).length > 0;
}

/**
 * The select behind isFollowing (a row when the person follows it), to fold into a page's one statement; the person and
 * the target's key may be placeholders of a prepared statement (the lesson page's).
 */
export function followingQuery(db: Db, userId: string | SQLWrapper, target: { kind: FollowTarget['kind']; key: string | SQLWrapper }) {
  return db
    .select({ id: follows.id })
    .from(follows)
    .where(and(eq(follows.userId, userId), eq(follows.kind, target.kind), eq(follows.key, target.key)))
    .limit(1);
}

/** A person's follows, oldest first, with the area's or organisation's name (themes and factors are labelled by the UI). */
export async function listFollows(db: Db, userId: string) {
  return db
    .select({
      kind: follows.kind,
      key: follows.key,
      createdAt: follows.createdAt,
      areaName: areas.name,
      organizationName: organizations.name,
      organizationSlug: organizations.slug,
    })
    .from(follows)
    .leftJoin(areas, and(eq(follows.kind, 'area'), eq(areas.code, follows.key)))
    .leftJoin(organizations, and(eq(follows.kind, 'organization'), sql`${organizations.id}::text = ${follows.key}`))
    .where(eq(follows.userId, userId))
    .orderBy(asc(follows.createdAt), asc(follows.id));
}

export interface FollowedPiece {
  type: FollowedContentType;
  id: string;
  slug: string;
  title: string;
  organizationId: string;
  organizationVerified: boolean;
  state: ContentState;
  visibility: Visibility;
  groupId: string | null;
  hiddenAt: Date | null;
  /** Everything a follow may name that this piece concerns. */
  targets: FollowTarget[];
}

/** Area codes with the areas above them (a district's kommun and län, a kommun's län): following a län covers its kommuner. */
async function withEnclosingAreas(db: Db, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const parent = sql<string | null>`(select p.parent_code from ${areas} p where p.code = ${areas.parentCode})`;
  const rows = await db.select({ code: areas.code, parent: areas.parentCode, grandparent: parent }).from(areas).where(inArray(areas.code, codes));
  return [...new Set(rows.flatMap((r) => [r.code, r.parent, r.grandparent]).filter((c): c is string => c !== null && c !== 'SE'))];
}

const publishingColumns = <T extends typeof initiatives | typeof lessons | typeof indicatorSnapshots>(t: T) => ({
  id: t.id,
  slug: t.slug,
  title: t.title,
  organizationId: t.organizationId,
  organizationVerifiedAt: organizations.verifiedAt,
  state: t.state,
  visibility: t.visibility,
  groupId: t.groupId,
  hiddenAt: t.hiddenAt,
});

/** A published piece as followers see it: who may read it, and the areas, themes, factors and organisations it concerns. */
export async function findFollowedPiece(db: Db, type: FollowedContentType, id: string): Promise<FollowedPiece | undefined> {
  let base: Omit<FollowedPiece, 'targets' | 'organizationVerified'> & { organizationVerifiedAt: Date | null };
  let areaCodes: string[] = [];
  let themes: string[] = [];
  let factors: string[] = [];
  let organizationIds: string[] = [];
  if (type === 'initiative') {
    const [row] = await db
      .select({ ...publishingColumns(initiatives), themes: initiatives.themes, factors: initiatives.successFactors })
      .from(initiatives)
      .innerJoin(organizations, eq(organizations.id, initiatives.organizationId))
      .where(eq(initiatives.id, id));
    if (!row) return undefined;
    base = { type, ...row };
    ({ themes, factors } = row);
    areaCodes = (await db.select({ code: initiativeAreas.areaCode }).from(initiativeAreas).where(eq(initiativeAreas.initiativeId, id))).map((r) => r.code);
    organizationIds = (await db.select({ id: initiativePartners.organizationId }).from(initiativePartners).where(eq(initiativePartners.initiativeId, id))).map((r) => r.id);
  } else if (type === 'lesson') {
    const [row] = await db
      .select({ ...publishingColumns(lessons), themes: lessons.themes, factors: lessons.successFactors, initiativeId: lessons.initiativeId })
      .from(lessons)
      .innerJoin(organizations, eq(organizations.id, lessons.organizationId))
      .where(eq(lessons.id, id));
    if (!row) return undefined;
    base = { type, ...row };
    ({ themes, factors } = row);
    // A lesson concerns the areas of the initiative it was learned from.
    if (row.initiativeId) areaCodes = (await db.select({ code: initiativeAreas.areaCode }).from(initiativeAreas).where(eq(initiativeAreas.initiativeId, row.initiativeId))).map((r) => r.code);
  } else {
    const [row] = await db
      .select({ ...publishingColumns(indicatorSnapshots), areaCode: indicatorSnapshots.areaCode })
      .from(indicatorSnapshots)
      .innerJoin(organizations, eq(organizations.id, indicatorSnapshots.organizationId))
      .where(eq(indicatorSnapshots.id, id));
    if (!row) return undefined;
    base = { type, ...row };
    areaCodes = [row.areaCode];
  }
  const { organizationVerifiedAt, ...piece } = base;
  const targets: FollowTarget[] = [
    ...(await withEnclosingAreas(db, areaCodes)).map((key) => ({ kind: 'area' as const, key })),
    ...themes.map((key) => ({ kind: 'theme' as const, key })),
    ...factors.map((key) => ({ kind: 'success_factor' as const, key })),
    ...[piece.organizationId, ...organizationIds].map((key) => ({ kind: 'organization' as const, key })),
  ];
  return { ...piece, organizationVerified: organizationVerifiedAt !== null, targets };
}

/** Everyone who follows any of these targets, once each. */
export async function followersOf(db: Db, targets: FollowTarget[]): Promise<string[]> {
  if (targets.length === 0) return [];
  const rows = await db
    .selectDistinct({ userId: follows.userId })
    .from(follows)
    .where(or(...targets.map((t) => and(eq(follows.kind, t.kind), eq(follows.key, t.key)))));
  return rows.map((r) => r.userId);
}

/** The policy actors of several people at once (what `ctx.actor()` gives for one signed-in person). */
export async function actorsOf(db: Db, userIds: string[]): Promise<Actor[]> {
  if (userIds.length === 0) return [];
  const [people, orgRows, groupRows] = await Promise.all([
    db.select({ id: users.id, isPlatformAdmin: users.isPlatformAdmin, emailVerifiedAt: users.emailVerifiedAt }).from(users).where(inArray(users.id, userIds)),
    db
      .select({ userId: memberships.userId, organizationId: memberships.organizationId, role: memberships.role, verifiedAt: organizations.verifiedAt })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
      .where(inArray(memberships.userId, userIds)),
    db.select({ userId: groupMembers.userId, groupId: groupMembers.groupId, role: groupMembers.role, organizationId: groupMembers.organizationId }).from(groupMembers).where(inArray(groupMembers.userId, userIds)),
  ]);
  return people.map((p) => ({
    userId: p.id,
    isPlatformAdmin: p.isPlatformAdmin,
    emailVerified: p.emailVerifiedAt !== null,
    memberships: orgRows.filter((m) => m.userId === p.id).map((m) => ({ organizationId: m.organizationId, role: m.role, organizationVerified: m.verifiedAt !== null })),
    groupMemberships: groupRows.filter((g) => g.userId === p.id).map(({ groupId, role, organizationId }) => ({ groupId, role, organizationId })),
  }));
}

/** Claims "told of this piece" for each person: returns those not told before (the primary key keeps it to once). */
export async function claimFollowNotices(db: Db, userIds: string[], piece: { type: FollowedContentType; id: string }): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .insert(followNotices)
    .values(userIds.map((userId) => ({ userId, contentType: piece.type, contentId: piece.id })))
    .onConflictDoNothing()
    .returning({ userId: followNotices.userId });
  return rows.map((r) => r.userId);
}

/** Ties the claimed notices to the notifications made for them, so showing and mailing can check the piece again. */
export async function linkFollowNotices(db: Db, notificationIds: number[], piece: { type: FollowedContentType; id: string }): Promise<void> {
  if (notificationIds.length === 0) return;
  await db
    .update(followNotices)
    .set({ notificationId: sql`${notifications.id}` })
    .from(notifications)
    .where(
      and(
        inArray(notifications.id, notificationIds),
        eq(notifications.userId, followNotices.userId),
        eq(followNotices.contentType, piece.type),
        eq(followNotices.contentId, piece.id),
      ),
    );
}
