/**
 * What the open-data files and the DCAT-AP-SE catalogue need beyond the read
 * API's pages (./api.server.ts, which the files reuse): when each dataset last
 * changed, and which indicators have values to publish.
 */
import { and, asc, eq, max, sql } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { indicators, indicatorSnapshots, indicatorValues, initiatives, lessons } from '../schema/index.server.ts';
import type { Visibility } from '#app/vocabulary.ts';
import { indicatorColumns } from './api.server.ts';
import { readableContent } from './initiatives.server.ts';

type ContentTable = typeof initiatives | typeof lessons | typeof indicatorSnapshots;

/**
 * The latest change to what a reader with this scope sees of one kind of content: the newest edit or
 * publication among the published items. (An item that leaves the set, unpublished or made
 * partners-only, leaves no trace here: the date then stays at the last change still visible.)
 */
async function contentModified(db: Db, t: ContentTable, scope: { visibilities: Visibility[]; groupIds: string[] }): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<string | null>`greatest(max(${t.updatedAt}), max(${t.publishedAt}))::text` })
    .from(t)
    .where(and(eq(t.state, 'published'), readableContent(t, scope)));
  return row?.at ? new Date(row.at) : null;
}

export const initiativesModified = (db: Db, scope: { visibilities: Visibility[]; groupIds: string[] }) => contentModified(db, initiatives, scope);
export const lessonsModified = (db: Db, scope: { visibilities: Visibility[]; groupIds: string[] }) => contentModified(db, lessons, scope);
export const snapshotsModified = (db: Db, scope: { visibilities: Visibility[]; groupIds: string[] }) => contentModified(db, indicatorSnapshots, scope);

/** Indicators with at least one value, each with the latest change to its values; example data only when asked for. */
export async function indicatorsWithValues(db: Db, opts: { includeExamples: boolean }) {
  return db
    .select({ ...indicatorColumns, modified: max(indicatorValues.updatedAt) })
    .from(indicators)
    .innerJoin(indicatorValues, eq(indicatorValues.indicatorCode, indicators.code))
    .where(opts.includeExamples ? undefined : eq(indicators.isExample, false))
    .groupBy(indicators.code)
    .orderBy(asc(indicators.code));
}
