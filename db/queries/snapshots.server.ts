/**
 * Indicator snapshots (frozen values with provenance), their links to
 * initiatives, and the indicators an initiative follows.
 */
import { and, asc, desc, eq, inArray, isNull, or, sql, type AnyColumn, type SQL, type SQLWrapper } from 'drizzle-orm';
import { findArea } from './areas.server.ts';
import type { Db } from '../client.server.ts';
import { preparedOneStatement } from '../one-statement.server.ts';
import { preparedPerDb } from '../prepared.server.ts';
import { listItemComments } from './comments.server.ts';
import {
  areas,
  indicatorImports,
  indicators,
  indicatorSnapshots,
  publishedIndicatorValues,
  initiativeIndicators,
  initiatives,
  initiativeSnapshots,
  organizations,
  snapshotIndicators,
  snapshotValues,
  type IndicatorSnapshot,
} from '../schema/index.server.ts';
import type { SnapshotRole, Visibility } from '#app/vocabulary.ts';

export async function isSnapshotSlugTaken(db: Db, slug: string): Promise<boolean> {
  // "ny" is the create page's own path segment.
  if (slug === 'ny') return true;
  const [row] = await db.select({ id: indicatorSnapshots.id }).from(indicatorSnapshots).where(eq(indicatorSnapshots.slug, slug)).limit(1);
  return Boolean(row);
}

/** A snapshot page's first read, prepared (issue 15): every view and every action on the page starts here. */
const snapshotBySlug = preparedPerDb((db) =>
  db
    .select({
      snapshot: indicatorSnapshots,
      organization: { id: organizations.id, slug: organizations.slug, name: organizations.name, verifiedAt: organizations.verifiedAt },
      areaName: areas.name,
      areaKind: areas.kind,
    })
    .from(indicatorSnapshots)
    .innerJoin(organizations, eq(organizations.id, indicatorSnapshots.organizationId))
    .innerJoin(areas, eq(areas.code, indicatorSnapshots.areaCode))
    .where(eq(indicatorSnapshots.slug, sql.placeholder('slug')))
    .limit(1)
    .prepare('snapshot_by_slug'),
);

export async function findSnapshotBySlug(db: Db, slug: string) {
  const [row] = await snapshotBySlug(db).execute({ slug });
  return row;
}

/** Year span of the stored values (periods start with the year), optionally for some indicators and areas. */
export async function valueYearRange(db: Db, where: { indicatorCodes?: string[]; areaCodes?: string[] } = {}): Promise<{ min: number; max: number } | null> {
  const conditions: SQL[] = [];
  if (where.indicatorCodes) conditions.push(inArray(publishedIndicatorValues.indicatorCode, where.indicatorCodes.length ? where.indicatorCodes : ['']));
  if (where.areaCodes) conditions.push(inArray(publishedIndicatorValues.areaCode, where.areaCodes.length ? where.areaCodes : ['']));
  const [row] = await db
    .select({
      min: sql<number | null>`min(substr(${publishedIndicatorValues.period}, 1, 4)::int)`,
      max: sql<number | null>`max(substr(${publishedIndicatorValues.period}, 1, 4)::int)`,
    })
    .from(publishedIndicatorValues)
    .where(conditions.length ? and(...conditions) : undefined);
  return row?.min != null && row.max != null ? { min: Number(row.min), max: Number(row.max) } : null;
}

/** The live values to freeze: every breakdown, with the provenance of the import each came from. */
export async function valuesToFreeze(db: Db, input: { indicatorCodes: string[]; areaCodes: string[]; fromYear: number; toYear: number }) {
  return db
    .select({
      indicatorCode: publishedIndicatorValues.indicatorCode,
      areaCode: publishedIndicatorValues.areaCode,
      areaName: areas.name,
      period: publishedIndicatorValues.period,
      breakdown: publishedIndicatorValues.breakdown,
      value: publishedIndicatorValues.value,
      importId: publishedIndicatorValues.importId,
      importSource: indicatorImports.source,
      retrievedAt: indicatorImports.retrievedAt,
      fileSha256: indicatorImports.fileSha256,
      indicatorSource: indicators.source,
    })
    .from(publishedIndicatorValues)
    .innerJoin(areas, eq(areas.code, publishedIndicatorValues.areaCode))
    .innerJoin(indicators, eq(indicators.code, publishedIndicatorValues.indicatorCode))
    .leftJoin(indicatorImports, eq(indicatorImports.id, publishedIndicatorValues.importId))
    .where(
      and(
        inArray(publishedIndicatorValues.indicatorCode, input.indicatorCodes),
        inArray(publishedIndicatorValues.areaCode, input.areaCodes),
        sql`substr(${publishedIndicatorValues.period}, 1, 4)::int between ${input.fromYear} and ${input.toYear}`,
      ),
    );
}

export async function insertSnapshot(db: Db, values: typeof indicatorSnapshots.$inferInsert): Promise<IndicatorSnapshot> {
  const [row] = await db.insert(indicatorSnapshots).values(values).returning();
  return row!;
}

export async function insertSnapshotIndicators(db: Db, rows: (typeof snapshotIndicators.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(snapshotIndicators).values(rows);
}

export async function insertSnapshotValues(db: Db, rows: (typeof snapshotValues.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await db.insert(snapshotValues).values(rows.slice(i, i + 1000));
}

export async function snapshotIndicatorsOf(db: Db, snapshotIds: string[]) {
  if (snapshotIds.length === 0) return [];
  return snapshotIndicatorsQuery(db, snapshotIds);
}

/** The select behind snapshotIndicatorsOf (ids non-empty), to fold into a page's one statement. */
/** `column` among `ids`: a list, or a placeholder of a prepared statement bound to an array (`= any($n)`). */
const amongIds = (column: AnyColumn, ids: string[] | SQLWrapper): SQL => (Array.isArray(ids) ? inArray(column, ids) : sql`${column} = any(${ids})`);

export function snapshotIndicatorsQuery(db: Db, snapshotIds: string[] | SQLWrapper) {
  return db.select().from(snapshotIndicators).where(amongIds(snapshotIndicators.snapshotId, snapshotIds)).orderBy(asc(snapshotIndicators.position));
}

/** Frozen values, with the date of the import each came from (imports are never changed). */
export async function snapshotValuesOf(db: Db, snapshotIds: string[], opts: { totalsOnly?: boolean } = {}) {
  if (snapshotIds.length === 0) return [];
  return snapshotValuesQuery(db, snapshotIds, opts);
}

/** The select behind snapshotValuesOf (ids non-empty), to fold into a page's one statement. */
export function snapshotValuesQuery(db: Db, snapshotIds: string[] | SQLWrapper, opts: { totalsOnly?: boolean } = {}) {
  return db
    .select({
      snapshotId: snapshotValues.snapshotId,
      indicatorCode: snapshotValues.indicatorCode,
      areaCode: snapshotValues.areaCode,
      areaName: snapshotValues.areaName,
      period: snapshotValues.period,
      breakdown: snapshotValues.breakdown,
      value: snapshotValues.value,
      importId: snapshotValues.importId,
      source: snapshotValues.source,
      retrievedAt: snapshotValues.retrievedAt,
      fileSha256: snapshotValues.fileSha256,
      importedAt: indicatorImports.createdAt,
      /** Whether the frozen value came from the demo seed or a real import (app/indicators/example-data.ts). */
      importFormat: indicatorImports.format,
    })
    .from(snapshotValues)
    .leftJoin(indicatorImports, eq(indicatorImports.id, snapshotValues.importId))
    .where(and(amongIds(snapshotValues.snapshotId, snapshotIds), opts.totalsOnly ? eq(snapshotValues.breakdown, '') : undefined))
    .orderBy(asc(snapshotValues.period));
}

/** Saves title and commentary only if nobody saved since `expectedVersion`; null on a conflict. */
export async function updateSnapshotText(
  db: Db,
  input: { id: string; expectedVersion: number; userId: string; title: string; commentary: IndicatorSnapshot['commentary'] },
): Promise<IndicatorSnapshot | null> {
  const [row] = await db
    .update(indicatorSnapshots)
    .set({ title: input.title, commentary: input.commentary, version: sql`${indicatorSnapshots.version} + 1`, updatedBy: input.userId, updatedAt: new Date() })
    .where(and(eq(indicatorSnapshots.id, input.id), eq(indicatorSnapshots.version, input.expectedVersion)))
    .returning();
  return row ?? null;
}

export async function setSnapshotPublishing(
  db: Db,
  input: { id: string; expectedVersion: number; userId: string; state: IndicatorSnapshot['state']; visibility: Visibility; groupId: string | null },
): Promise<IndicatorSnapshot | null> {
  const [row] = await db
    .update(indicatorSnapshots)
    .set({
      state: input.state,
      visibility: input.visibility,
      groupId: input.groupId,
      publishedAt: input.state === 'published' ? sql`coalesce(${indicatorSnapshots.publishedAt}, now())` : indicatorSnapshots.publishedAt,
      version: sql`${indicatorSnapshots.version} + 1`,
      updatedBy: input.userId,
      updatedAt: new Date(),
    })
    .where(and(eq(indicatorSnapshots.id, input.id), eq(indicatorSnapshots.version, input.expectedVersion)))
    .returning();
  return row ?? null;
}

/** What a list of snapshots shows, and what the policy needs to decide who may see each one (joined with areas). */
const snapshotListColumns = {
  id: indicatorSnapshots.id,
  slug: indicatorSnapshots.slug,
  title: indicatorSnapshots.title,
  areaCode: indicatorSnapshots.areaCode,
  areaName: areas.name,
  periodFrom: indicatorSnapshots.periodFrom,
  periodTo: indicatorSnapshots.periodTo,
  state: indicatorSnapshots.state,
  visibility: indicatorSnapshots.visibility,
  groupId: indicatorSnapshots.groupId,
  organizationId: indicatorSnapshots.organizationId,
  hiddenAt: indicatorSnapshots.hiddenAt,
};

/** An initiative as a link, with what the policy needs (joined with its organisation). */
const initiativeLinkColumns = {
  id: initiatives.id,
  slug: initiatives.slug,
  title: initiatives.title,
  state: initiatives.state,
  visibility: initiatives.visibility,
  groupId: initiatives.groupId,
  organizationId: initiatives.organizationId,
  organizationVerifiedAt: organizations.verifiedAt,
  hiddenAt: initiatives.hiddenAt,
};

/**
 * Snapshots that may be readable: published ones with one of these visibility
 * keys, and everything of the organisations the reader edits for. The caller
 * asks the policy about each row; this only narrows the search.
 */
export function listSnapshotCandidates(db: Db, f: { visibilities: Visibility[]; groupIds: string[]; organizationIds: string[]; areaCode?: string; limit?: number }) {
  const readable = or(
    and(eq(indicatorSnapshots.state, 'published'), isNull(indicatorSnapshots.hiddenAt), inArray(indicatorSnapshots.visibility, f.visibilities.length ? f.visibilities : ['public'])),
    f.groupIds.length ? and(eq(indicatorSnapshots.state, 'published'), isNull(indicatorSnapshots.hiddenAt), eq(indicatorSnapshots.visibility, 'group'), inArray(indicatorSnapshots.groupId, f.groupIds)) : undefined,
    f.organizationIds.length ? inArray(indicatorSnapshots.organizationId, f.organizationIds) : undefined,
  );
  return db
    .select({
      ...snapshotListColumns,
      organizationName: organizations.name,
      organizationVerifiedAt: organizations.verifiedAt,
      publishedAt: indicatorSnapshots.publishedAt,
      createdAt: indicatorSnapshots.createdAt,
    })
    .from(indicatorSnapshots)
    .innerJoin(organizations, eq(organizations.id, indicatorSnapshots.organizationId))
    .innerJoin(areas, eq(areas.code, indicatorSnapshots.areaCode))
    .where(and(readable, f.areaCode ? eq(indicatorSnapshots.areaCode, f.areaCode) : undefined))
    .orderBy(desc(sql`coalesce(${indicatorSnapshots.publishedAt}, ${indicatorSnapshots.createdAt})`), desc(indicatorSnapshots.createdAt))
    .limit(f.limit ?? 100);
}

// ---------------------------------------------------------------------------
// Initiatives

/** Snapshots attached to an initiative, with what the policy needs to decide who sees them. */
export async function snapshotsOfInitiative(db: Db, initiativeId: string) {
  return db
    .select({
      ...snapshotListColumns,
      organizationVerifiedAt: organizations.verifiedAt,
      createdAt: indicatorSnapshots.createdAt,
      role: initiativeSnapshots.role,
    })
    .from(initiativeSnapshots)
    .innerJoin(indicatorSnapshots, eq(indicatorSnapshots.id, initiativeSnapshots.snapshotId))
    .innerJoin(organizations, eq(organizations.id, indicatorSnapshots.organizationId))
    .innerJoin(areas, eq(areas.code, indicatorSnapshots.areaCode))
    .where(eq(initiativeSnapshots.initiativeId, initiativeId))
    .orderBy(asc(indicatorSnapshots.createdAt));
}

/** Initiatives a snapshot is attached to, with what the policy needs. */
export function initiativesOfSnapshot(db: Db, snapshotId: string | SQLWrapper) {
  return db
    .select({
      ...initiativeLinkColumns,
      role: initiativeSnapshots.role,
    })
    .from(initiativeSnapshots)
    .innerJoin(initiatives, eq(initiatives.id, initiativeSnapshots.initiativeId))
    .innerJoin(organizations, eq(organizations.id, initiatives.organizationId))
    .where(eq(initiativeSnapshots.snapshotId, snapshotId))
    .orderBy(asc(initiatives.title));
}

/** Attaches (or changes the role of) a snapshot, and makes the initiative follow the snapshot's indicators that still exist. */
export async function attachSnapshot(db: Db, input: { initiativeId: string; snapshotId: string; role: SnapshotRole; userId: string }): Promise<void> {
  await db
    .insert(initiativeSnapshots)
    .values({ initiativeId: input.initiativeId, snapshotId: input.snapshotId, role: input.role, addedBy: input.userId })
    .onConflictDoUpdate({ target: [initiativeSnapshots.initiativeId, initiativeSnapshots.snapshotId], set: { role: input.role } });
  const codes = (
    await db
      .select({ code: indicators.code })
      .from(snapshotIndicators)
      .innerJoin(indicators, eq(indicators.code, snapshotIndicators.indicatorCode))
      .where(eq(snapshotIndicators.snapshotId, input.snapshotId))
  ).map((r) => r.code);
  if (codes.length) await db.insert(initiativeIndicators).values(codes.map((indicatorCode) => ({ initiativeId: input.initiativeId, indicatorCode }))).onConflictDoNothing();
}

export async function detachSnapshot(db: Db, input: { initiativeId: string; snapshotId: string }): Promise<boolean> {
  const gone = await db
    .delete(initiativeSnapshots)
    .where(and(eq(initiativeSnapshots.initiativeId, input.initiativeId), eq(initiativeSnapshots.snapshotId, input.snapshotId)))
    .returning({ id: initiativeSnapshots.snapshotId });
  return gone.length > 0;
}

export async function followedIndicatorCodes(db: Db, initiativeId: string): Promise<string[]> {
  return (await db.select({ code: initiativeIndicators.indicatorCode }).from(initiativeIndicators).where(eq(initiativeIndicators.initiativeId, initiativeId))).map((r) => r.code);
}

/** Replaces the set of indicators an initiative follows. */
export async function setFollowedIndicators(db: Db, initiativeId: string, codes: string[]): Promise<void> {
  await db.delete(initiativeIndicators).where(eq(initiativeIndicators.initiativeId, initiativeId));
  if (codes.length) await db.insert(initiativeIndicators).values(codes.map((indicatorCode) => ({ initiativeId, indicatorCode })));
}

/** Initiatives of these organisations, for the "attach to an initiative" choice. */
export async function initiativesOfOrganizations(db: Db, organizationIds: string[]) {
  if (organizationIds.length === 0) return [];
  return initiativesOfOrganizationsQuery(db, organizationIds);
}

/** The select behind initiativesOfOrganizations (ids non-empty), to fold into a page's one statement. */
export function initiativesOfOrganizationsQuery(db: Db, organizationIds: string[] | SQLWrapper) {
  return db
    .select({
      ...initiativeLinkColumns,
    })
    .from(initiatives)
    .innerJoin(organizations, eq(organizations.id, initiatives.organizationId))
    .where(amongIds(initiatives.organizationId, organizationIds))
    .orderBy(asc(initiatives.title))
    .limit(500);
}

/**
 * A snapshot page's frozen indicators and values, the initiatives it is attached to, the initiatives the reader may
 * attach it to (those of `organizationIds`, an array: empty for a reader who edits for no organisation) and its
 * comments (hidden ones too: the policy module decides), in one prepared statement of fixed text (issue 15).
 * Values: the snapshot's `id` and `organizationIds`.
 */
export const snapshotPageStatement = preparedOneStatement('snapshot_page', (db) => {
  const id = sql.placeholder('id');
  const ids = sql`array[${id}]::uuid[]`;
  return {
    entries: snapshotIndicatorsQuery(db, ids),
    values: snapshotValuesQuery(db, ids),
    attached: initiativesOfSnapshot(db, id),
    ownInitiatives: initiativesOfOrganizationsQuery(db, sql`${sql.placeholder('organizationIds')}::uuid[]`),
    comments: listItemComments(db, { type: 'snapshot', id }, { includeHidden: true }),
  };
});

/** An area and the areas above it (kommun for a district, län, country), nearest first. */
export async function areaWithAncestors(db: Db, code: string) {
  const chain: { code: string; name: string; kind: string; parentCode: string | null }[] = [];
  let next: string | null = code;
  while (next && chain.length < 5 && !chain.some((a) => a.code === next)) {
    // From the in-memory area catalogue: no round trip per step.
    const row = await findArea(db, next);
    if (!row) break;
    chain.push({ code: row.code, name: row.name, kind: row.kind, parentCode: row.parentCode });
    next = row.parentCode;
  }
  return chain;
}
