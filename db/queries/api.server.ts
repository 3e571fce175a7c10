/**
 * Pages of the read API: the browse listings' filters and reader visibility
 * (shared with the browse pages), ordered by a unique key so that a page
 * continues after the last item of the one before (keyset pagination).
 * Every function fetches `limit + 1` rows; the extra one says a next page exists.
 */
import { and, asc, desc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { areas, indicatorImports, indicators, indicatorSnapshots, publishedIndicatorValues, initiatives, lessons, organizations } from '../schema/index.server.ts';
import type { Sector, Visibility } from '#app/vocabulary.ts';
import { initiativeListColumns, publishedInitiativesWhere, readableContent, type InitiativeFilters } from './initiatives.server.ts';
import { lessonListColumns, publishedLessonsWhere, type LessonFilters } from './lessons.server.ts';

/** Newest first: after (published at, id), compared at full timestamp precision (the cursor holds its text form). */
export interface PublishedAfter {
  publishedAt: string;
  id: string;
}

const newestFirstAfter = (t: typeof initiatives | typeof lessons | typeof indicatorSnapshots, after: PublishedAfter | null): SQL | undefined =>
  after ? sql`(${t.publishedAt}, ${t.id}) < (${after.publishedAt}::timestamptz, ${after.id}::uuid)` : undefined;

const publishedAtText = (t: typeof initiatives | typeof lessons | typeof indicatorSnapshots) => sql<string>`${t.publishedAt}::text`;

export async function initiativesPage(db: Db, f: Omit<InitiativeFilters, 'sort' | 'limit' | 'offset'> & { ids?: string[] }, after: PublishedAfter | null, limit: number) {
  return db
    .select({ ...initiativeListColumns, organizationId: initiatives.organizationId, groupId: initiatives.groupId, cursorAt: publishedAtText(initiatives) })
    .from(initiatives)
    .innerJoin(organizations, eq(organizations.id, initiatives.organizationId))
    .where(and(publishedInitiativesWhere(f), f.ids ? inArray(initiatives.id, f.ids) : undefined, newestFirstAfter(initiatives, after)))
    .orderBy(desc(initiatives.publishedAt), desc(initiatives.id))
    .limit(limit + 1);
}

export async function lessonsPage(db: Db, f: LessonFilters & { ids?: string[] }, after: PublishedAfter | null, limit: number) {
  return db
    .select({
      ...lessonListColumns,
      organizationId: lessons.organizationId,
      groupId: lessons.groupId,
      initiativeId: lessons.initiativeId,
      cursorAt: publishedAtText(lessons),
    })
    .from(lessons)
    .innerJoin(organizations, eq(organizations.id, lessons.organizationId))
    .where(and(publishedLessonsWhere(db, f), f.ids ? inArray(lessons.id, f.ids) : undefined, newestFirstAfter(lessons, after)))
    .orderBy(desc(lessons.publishedAt), desc(lessons.id))
    .limit(limit + 1);
}

export async function snapshotsPage(
  db: Db,
  f: { visibilities: Visibility[]; groupIds: string[]; areaCode?: string; organizationId?: string; ids?: string[] },
  after: PublishedAfter | null,
  limit: number,
) {
  return db
    .select({
      id: indicatorSnapshots.id,
      slug: indicatorSnapshots.slug,
      title: indicatorSnapshots.title,
      areaCode: indicatorSnapshots.areaCode,
      areaName: areas.name,
      periodFrom: indicatorSnapshots.periodFrom,
      periodTo: indicatorSnapshots.periodTo,
      visibility: indicatorSnapshots.visibility,
      groupId: indicatorSnapshots.groupId,
      publishedAt: indicatorSnapshots.publishedAt,
      updatedAt: indicatorSnapshots.updatedAt,
      organizationId: indicatorSnapshots.organizationId,
      organizationName: organizations.name,
      cursorAt: publishedAtText(indicatorSnapshots),
    })
    .from(indicatorSnapshots)
    .innerJoin(organizations, eq(organizations.id, indicatorSnapshots.organizationId))
    .innerJoin(areas, eq(areas.code, indicatorSnapshots.areaCode))
    .where(
      and(
        eq(indicatorSnapshots.state, 'published'),
        readableContent(indicatorSnapshots, f),
        f.areaCode ? eq(indicatorSnapshots.areaCode, f.areaCode) : undefined,
        f.organizationId ? eq(indicatorSnapshots.organizationId, f.organizationId) : undefined,
        f.ids ? inArray(indicatorSnapshots.id, f.ids) : undefined,
        newestFirstAfter(indicatorSnapshots, after),
      ),
    )
    .orderBy(desc(indicatorSnapshots.publishedAt), desc(indicatorSnapshots.id))
    .limit(limit + 1);
}

/** Organisation profiles are public; by slug (unique). */
export async function organizationsPage(db: Db, f: { sector?: Sector; verifiedOnly?: boolean; ids?: string[] }, afterSlug: string | null, limit: number) {
  return db
    .select({
      id: organizations.id,
      slug: organizations.slug,
      name: organizations.name,
      sector: organizations.sector,
      municipalityCode: organizations.municipalityCode,
      description: organizations.description,
      website: organizations.website,
      verifiedAt: organizations.verifiedAt,
    })
    .from(organizations)
    .where(
      and(
        f.sector ? eq(organizations.sector, f.sector) : undefined,
        f.verifiedOnly ? sql`${organizations.verifiedAt} is not null` : undefined,
        f.ids ? inArray(organizations.id, f.ids) : undefined,
        afterSlug !== null ? gt(organizations.slug, afterSlug) : undefined,
      ),
    )
    .orderBy(asc(organizations.slug))
    .limit(limit + 1);
}

export async function areasPage(db: Db, f: { kind?: 'country' | 'county' | 'municipality' | 'district'; parentCode?: string; codes?: string[] }, afterCode: string | null, limit: number) {
  return db
    .select()
    .from(areas)
    .where(
      and(
        f.kind ? eq(areas.kind, f.kind) : undefined,
        f.parentCode ? eq(areas.parentCode, f.parentCode) : undefined,
        f.codes ? inArray(areas.code, f.codes) : undefined,
        afterCode !== null ? gt(areas.code, afterCode) : undefined,
      ),
    )
    .orderBy(asc(areas.code))
    .limit(limit + 1);
}

/** What an indicator is, as the API and the open data (./open-data.server.ts) describe it. */
export const indicatorColumns = {
  code: indicators.code,
  nameSv: indicators.nameSv,
  nameEn: indicators.nameEn,
  descriptionSv: indicators.descriptionSv,
  descriptionEn: indicators.descriptionEn,
  unit: indicators.unit,
  source: indicators.source,
  higherIsBetter: indicators.higherIsBetter,
  decimals: indicators.decimals,
  isExample: indicators.isExample,
};

export async function indicatorsPage(db: Db, f: { codes?: string[] }, afterCode: string | null, limit: number) {
  return db
    .select(indicatorColumns)
    .from(indicators)
    .where(and(f.codes ? inArray(indicators.code, f.codes) : undefined, afterCode !== null ? gt(indicators.code, afterCode) : undefined))
    .orderBy(asc(indicators.code))
    .limit(limit + 1);
}

/** Values with their provenance (the import they came from), by id: the order they were first stored in. */
export async function indicatorValuesPage(
  db: Db,
  f: { indicatorCode?: string; areaCode?: string; period?: string; breakdown?: string },
  afterId: number | null,
  limit: number,
) {
  return db
    .select({
      id: publishedIndicatorValues.id,
      indicatorCode: publishedIndicatorValues.indicatorCode,
      areaCode: publishedIndicatorValues.areaCode,
      period: publishedIndicatorValues.period,
      breakdown: publishedIndicatorValues.breakdown,
      value: publishedIndicatorValues.value,
      updatedAt: publishedIndicatorValues.updatedAt,
      importId: publishedIndicatorValues.importId,
      source: indicatorImports.source,
      retrievedAt: indicatorImports.retrievedAt,
      importedAt: indicatorImports.createdAt,
    })
    .from(publishedIndicatorValues)
    .leftJoin(indicatorImports, eq(indicatorImports.id, publishedIndicatorValues.importId))
    .where(
      and(
        f.indicatorCode ? eq(publishedIndicatorValues.indicatorCode, f.indicatorCode) : undefined,
        // An area is the area itself (use a kommun's code for its figures; a län's own figures under the län's code).
        f.areaCode ? eq(publishedIndicatorValues.areaCode, f.areaCode) : undefined,
        f.period ? eq(publishedIndicatorValues.period, f.period) : undefined,
        f.breakdown !== undefined ? eq(publishedIndicatorValues.breakdown, f.breakdown) : undefined,
        afterId !== null ? gt(publishedIndicatorValues.id, afterId) : undefined,
      ),
    )
    .orderBy(asc(publishedIndicatorValues.id))
    .limit(limit + 1);
}

export async function indicatorExists(db: Db, code: string): Promise<boolean> {
  const [row] = await db.select({ code: indicators.code }).from(indicators).where(eq(indicators.code, code)).limit(1);
  return Boolean(row);
}

