import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { areas, indicatorImports, indicators, publishedIndicatorValues, initiativeAreas, initiatives, organizations } from '../schema/index.server.ts';
import type { InitiativeStatus, Sector, SuccessFactor, Theme, Visibility } from '#app/vocabulary.ts';

/** Queries behind the maps (issue 13): one indicator at one level and year, and initiative counts per kommun. */

export async function findIndicator(db: Db, code: string) {
  const [row] = await db.select().from(indicators).where(eq(indicators.code, code)).limit(1);
  return row;
}

type Kind = 'municipality' | 'county';

/** Periods with a total value for areas of this kind, newest first. */
export async function periodsAtLevel(db: Db, indicatorCode: string, kind: Kind): Promise<string[]> {
  // By the code's shape (SCB: län two digits, kommun four), not a join with areas: without fresh
  // planner statistics (PGlite after a seed) the join became a nested loop of half a second.
  const shape = kind === 'county' ? '^[0-9]{2}$' : '^[0-9]{4}$';
  const rows = await db
    .selectDistinct({ period: publishedIndicatorValues.period })
    .from(publishedIndicatorValues)
    .where(and(eq(publishedIndicatorValues.indicatorCode, indicatorCode), eq(publishedIndicatorValues.breakdown, ''), sql`${publishedIndicatorValues.areaCode} ~ ${shape}`))
    .orderBy(desc(publishedIndicatorValues.period));
  return rows.map((r) => r.period);
}

/** Every area of the kind with its total value for the period (null when missing) and the format of its import, and the imports the values came from. */
export async function valuesAtLevel(db: Db, indicatorCode: string, kind: Kind, period: string) {
  const rows = await db
    .select({ code: areas.code, name: areas.name, value: publishedIndicatorValues.value, importId: publishedIndicatorValues.importId, importFormat: indicatorImports.format })
    .from(areas)
    .leftJoin(
      publishedIndicatorValues,
      and(eq(publishedIndicatorValues.areaCode, areas.code), eq(publishedIndicatorValues.indicatorCode, indicatorCode), eq(publishedIndicatorValues.period, period), eq(publishedIndicatorValues.breakdown, '')),
    )
    .leftJoin(indicatorImports, eq(indicatorImports.id, publishedIndicatorValues.importId))
    .where(eq(areas.kind, kind))
    .orderBy(asc(areas.code));
  const importIds = [...new Set(rows.map((r) => r.importId).filter((id): id is string => id !== null))];
  const provenance = importIds.length
    ? await db
        .select({ id: indicatorImports.id, source: indicatorImports.source, retrievedAt: indicatorImports.retrievedAt, fileName: indicatorImports.fileName, createdAt: indicatorImports.createdAt })
        .from(indicatorImports)
        .where(inArray(indicatorImports.id, importIds))
        .orderBy(desc(indicatorImports.createdAt))
    : [];
  return { rows: rows.map((r) => ({ code: r.code, name: r.name, value: r.value === null ? null : Number(r.value), importFormat: r.importFormat })), provenance };
}

export interface CountFilters {
  visibilities: Visibility[];
  theme?: Theme;
  successFactor?: SuccessFactor;
  status?: InitiativeStatus;
  sector?: Sector;
  year?: number;
}

/**
 * Published initiatives the reader may see, counted per kommun they concern, with the same filter
 * rules as listPublishedInitiatives (the browse page). An initiative naming a whole län counts for
 * the län, not for each of its kommuner: it was not said to be in them.
 */
export async function initiativeCountsByArea(db: Db, f: CountFilters): Promise<Map<string, number>> {
  const rows = await db
    .select({ code: initiativeAreas.areaCode, n: sql<number>`count(distinct ${initiatives.id})::int` })
    .from(initiativeAreas)
    .innerJoin(initiatives, eq(initiatives.id, initiativeAreas.initiativeId))
    .innerJoin(organizations, eq(organizations.id, initiatives.organizationId))
    .where(countWhere(f))
    .groupBy(initiativeAreas.areaCode);
  return new Map(rows.map((r) => [r.code, Number(r.n)]));
}

/** SCB's code shapes: a kommun has four digits, a län two (no join with areas needed). */
const KOMMUN_CODE = '^[0-9]{4}$';
const COUNTY_CODE = '^[0-9]{2}$';

/** How many initiatives the kommun circles stand for: one naming three kommuner is one initiative, not three. */
export async function initiativesInKommuner(db: Db, f: CountFilters): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(distinct ${initiatives.id})::int` })
    .from(initiativeAreas)
    .innerJoin(initiatives, eq(initiatives.id, initiativeAreas.initiativeId))
    .innerJoin(organizations, eq(organizations.id, initiatives.organizationId))
    .where(and(countWhere(f), sql`${initiativeAreas.areaCode} ~ ${KOMMUN_CODE}`));
  return Number(row?.n ?? 0);
}

/** Initiatives that name a whole län (same filters and visibility), per län: they have no kommun to stand on on the kommun map. */
export async function countyWideInitiatives(db: Db, f: CountFilters) {
  return db
    .select({ areaCode: initiativeAreas.areaCode, slug: initiatives.slug, title: initiatives.title })
    .from(initiativeAreas)
    .innerJoin(initiatives, eq(initiatives.id, initiativeAreas.initiativeId))
    .innerJoin(organizations, eq(organizations.id, initiatives.organizationId))
    .where(and(countWhere(f), sql`${initiativeAreas.areaCode} ~ ${COUNTY_CODE}`))
    .orderBy(asc(initiativeAreas.areaCode), desc(initiatives.publishedAt), asc(initiatives.id));
}

/** The browse page's rules (listPublishedInitiatives): published, readable by the reader, and the filters. */
function countWhere(f: CountFilters) {
  return and(
    eq(initiatives.state, 'published'),
    isNull(initiatives.hiddenAt),
    inArray(initiatives.visibility, f.visibilities.length ? f.visibilities : ['public']),
    f.theme ? sql`${f.theme} = any(${initiatives.themes})` : undefined,
    f.successFactor ? sql`${f.successFactor} = any(${initiatives.successFactors})` : undefined,
    f.status ? eq(initiatives.status, f.status) : undefined,
    f.sector ? eq(organizations.sector, f.sector) : undefined,
    f.year
      ? and(
          isNotNull(initiatives.startDate),
          sql`extract(year from ${initiatives.startDate}) <= ${f.year}`,
          sql`(${initiatives.endDate} is null or extract(year from ${initiatives.endDate}) >= ${f.year})`,
        )
      : undefined,
  );
}
