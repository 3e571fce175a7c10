import { and, asc, eq, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { areas, indicatorImportDrafts, indicatorImports, indicators, indicatorValues, indicatorValueStaging, jobs, type Indicator, type Job } from '../schema/index.server.ts';
import { rowsOf } from './raw-rows.server.ts';

/** The jobs-table kind that commits a large indicator import (app/indicators/import-job.server.ts). */
export const INDICATOR_IMPORT_JOB = 'indicators.import';

export async function listIndicators(db: Db): Promise<Indicator[]> {
  return db.select().from(indicators).orderBy(asc(indicators.nameSv));
}

/** These indicators (in name order), for a page that shows only the ones it follows. */
export async function indicatorsByCode(db: Db, codes: string[]): Promise<Indicator[]> {
  if (codes.length === 0) return [];
  return db.select().from(indicators).where(inArray(indicators.code, codes)).orderBy(asc(indicators.nameSv));
}

export async function indicatorCodes(db: Db): Promise<Set<string>> {
  return new Set((await db.select({ code: indicators.code }).from(indicators)).map((r) => r.code));
}

/** Each indicator's code → the decimals its values are kept and shown with. */
export async function indicatorDecimals(db: Db): Promise<Map<string, number>> {
  return new Map((await db.select({ code: indicators.code, decimals: indicators.decimals }).from(indicators)).map((r) => [r.code, r.decimals]));
}

export async function areaCodes(db: Db): Promise<Set<string>> {
  return new Set((await db.select({ code: areas.code }).from(areas)).map((r) => r.code));
}

export async function insertImportDraft(db: Db, input: typeof indicatorImportDrafts.$inferInsert) {
  // Old drafts go as new ones come: nobody confirms a preview a day later.
  await db.delete(indicatorImportDrafts).where(lt(indicatorImportDrafts.createdAt, new Date(Date.now() - 24 * 60 * 60 * 1000)));
  const [row] = await db.insert(indicatorImportDrafts).values(input).returning();
  return row!;
}

/** A draft of this user's, left in place (the commit takes it inside its transaction). */
export async function findImportDraft(db: Db, id: string, userId: string) {
  const [row] = await db
    .select()
    .from(indicatorImportDrafts)
    .where(and(eq(indicatorImportDrafts.id, id), eq(indicatorImportDrafts.userId, userId)))
    .limit(1);
  return row;
}

export async function takeImportDraft(db: Db, id: string, userId: string) {
  const [row] = await db
    .delete(indicatorImportDrafts)
    .where(and(eq(indicatorImportDrafts.id, id), eq(indicatorImportDrafts.userId, userId)))
    .returning();
  return row;
}

export interface ValueRow {
  indicatorCode: string;
  areaCode: string;
  period: string;
  breakdown: string;
  value: number;
}

/*
 * Values travel as chunks of JSON text (app/indicators/checked-file.ts): an array of
 * `{ i, a, p, b, v }`, sent as one parameter and read with jsonb_to_recordset, about
 * twice as fast as a VALUES list for 350 000 rows on PostgreSQL and PGlite alike.
 * Each function below is one statement per chunk, so a caller can let other
 * requests through between chunks.
 */
const chunkRows = (chunk: string) => sql`jsonb_to_recordset(${chunk}::jsonb) as r(i text, a text, p text, b text, v numeric)`;
const storedValueOf = sql`${indicatorValues.indicatorCode} = r.i and ${indicatorValues.areaCode} = r.a and ${indicatorValues.period} = r.p and ${indicatorValues.breakdown} = r.b`;

/** How many rows of a chunk would change the stored values (for the preview). */
export async function countChangesInChunk(db: Db, chunk: string): Promise<number> {
  const result = await db.execute(sql`
    select count(*)::int as n from ${chunkRows(chunk)}
    left join ${indicatorValues} on ${storedValueOf}
    where ${indicatorValues.value} is distinct from r.v`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

/**
 * Stages a chunk of an import run: only rows that would change a stored value.
 * Its own statement (and transaction): nothing is visible to readers, and no
 * row of indicator_values is locked. Returns the rows staged.
 */
export async function stageChunk(db: Db, runId: string, chunk: string): Promise<number> {
  const result = await db.execute(sql`
    with staged as (
      insert into ${indicatorValueStaging} (run_id, indicator_code, area_code, period, breakdown, value)
      select ${runId}::uuid, r.i, r.a, r.p, r.b, r.v from ${chunkRows(chunk)}
      left join ${indicatorValues} on ${storedValueOf}
      where ${indicatorValues.value} is distinct from r.v
      returning 1
    )
    select count(*)::int as n from staged`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

/**
 * Publishes a run's staged rows into indicator_values in one statement (inside
 * the import's final transaction), changing only values that still differ;
 * returns how many rows were inserted or changed.
 */
export async function publishStaged(db: Db, runId: string, importId: string): Promise<number> {
  const result = await db.execute(sql`
    with written as (
      insert into ${indicatorValues} (indicator_code, area_code, period, breakdown, value, import_id)
      select s.indicator_code, s.area_code, s.period, s.breakdown, s.value, ${importId}::uuid
      from ${indicatorValueStaging} s where s.run_id = ${runId}::uuid
      on conflict (indicator_code, area_code, period, breakdown) do update
        set value = excluded.value, import_id = excluded.import_id, updated_at = now()
        where ${indicatorValues.value} is distinct from excluded.value
      returning 1
    )
    select count(*)::int as n from written`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

/** Removes a run's staged rows. */
export async function clearStaging(db: Db, runId: string): Promise<void> {
  await db.delete(indicatorValueStaging).where(eq(indicatorValueStaging.runId, runId));
}

/** Removes staged rows older than this (runs that crashed); returns how many went. */
export async function clearStaleStaging(db: Db, olderThanMs: number): Promise<number> {
  const gone = await db
    .delete(indicatorValueStaging)
    .where(lt(indicatorValueStaging.createdAt, new Date(Date.now() - olderThanMs)))
    .returning({ runId: indicatorValueStaging.runId });
  return gone.length;
}

/** Staged rows of a run, or of all runs (tests, the admin's curiosity). */
export async function countStaged(db: Db, runId?: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(indicatorValueStaging)
    .where(runId ? eq(indicatorValueStaging.runId, runId) : undefined);
  return Number(row?.n ?? 0);
}


export async function insertImport(db: Db, input: typeof indicatorImports.$inferInsert) {
  const [row] = await db.insert(indicatorImports).values(input).returning();
  return row!;
}

export async function findImport(db: Db, id: string) {
  const [row] = await db.select().from(indicatorImports).where(eq(indicatorImports.id, id)).limit(1);
  return row;
}

/** An import record that changed nothing goes again (in the same transaction): the history lists real changes. */
export async function deleteImport(db: Db, id: string): Promise<void> {
  await db.delete(indicatorImports).where(eq(indicatorImports.id, id));
}

export async function listImports(db: Db, limit = 20) {
  return db.select().from(indicatorImports).orderBy(sql`${indicatorImports.createdAt} desc`).limit(limit);
}

/**
 * The indicators that have values (totals) for this area, those with the most recent year first, then by name;
 * at most `limit` of them (null: all), with how many there are in all (an area page's key figures).
 */
export async function indicatorsWithValuesFor(db: Db, areaCode: string, limit: number | null): Promise<{ indicators: Indicator[]; total: number }> {
  const latest = db
    .select({ code: indicatorValues.indicatorCode, year: sql<string>`max(left(${indicatorValues.period}, 4))`.as('latest_year') })
    .from(indicatorValues)
    .where(and(eq(indicatorValues.areaCode, areaCode), eq(indicatorValues.breakdown, '')))
    .groupBy(indicatorValues.indicatorCode)
    .as('latest');
  const query = db
    .select({ indicator: indicators, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(indicators)
    .innerJoin(latest, eq(latest.code, indicators.code))
    .orderBy(sql`${latest.year} desc`, asc(indicators.nameSv), asc(indicators.code));
  const rows = limit === null ? await query : await query.limit(limit);
  return { indicators: rows.map((r) => r.indicator), total: rows[0]?.total ?? 0 };
}

/** Values of some indicators for some areas, ordered by period, totals only. */
export async function valuesFor(db: Db, indicatorCodesWanted: string[], areaCodesWanted: string[]) {
  if (indicatorCodesWanted.length === 0 || areaCodesWanted.length === 0) return [];
  return valuesForQuery(db, indicatorCodesWanted, areaCodesWanted);
}

/**
 * The select behind valuesFor (both lists non-empty), to fold into a page's one statement. Each value
 * carries the format of the import it came from (null: none recorded), which says whether it is example
 * data (app/indicators/example-data.ts).
 */
export function valuesForQuery(db: Db, indicatorCodesWanted: string[], areaCodesWanted: string[]) {
  return db
    .select({ indicatorCode: indicatorValues.indicatorCode, areaCode: indicatorValues.areaCode, period: indicatorValues.period, value: indicatorValues.value, importFormat: indicatorImports.format })
    .from(indicatorValues)
    .leftJoin(indicatorImports, eq(indicatorImports.id, indicatorValues.importId))
    .where(and(inArray(indicatorValues.indicatorCode, indicatorCodesWanted), inArray(indicatorValues.areaCode, areaCodesWanted), eq(indicatorValues.breakdown, '')))
    .orderBy(asc(indicatorValues.period));
}

/** Per indicator: the first and last year with values and how many areas have any (the catalogue on /statistik). */
export async function indicatorCoverage(db: Db): Promise<Map<string, { from: string; to: string; areas: number }>> {
  const rows = await db
    .select({
      code: indicatorValues.indicatorCode,
      from: sql<string>`min(left(${indicatorValues.period}, 4))`,
      to: sql<string>`max(left(${indicatorValues.period}, 4))`,
      areas: sql<number>`count(distinct ${indicatorValues.areaCode})::int`,
    })
    .from(indicatorValues)
    .groupBy(indicatorValues.indicatorCode);
  return new Map(rows.map((r) => [r.code, { from: r.from, to: r.to, areas: Number(r.areas) }]));
}

/** Area code → name, for these codes. */
export async function areaNamesOf(db: Db, codes: string[]): Promise<Record<string, string>> {
  if (codes.length === 0) return {};
  const rows = await db.select({ code: areas.code, name: areas.name }).from(areas).where(inArray(areas.code, codes));
  return Object.fromEntries(rows.map((r) => [r.code, r.name]));
}

/** The API query these indicators are refreshed from (null: no refresh). */
export async function setIndicatorSourceQuery(db: Db, codes: string[], query: Record<string, unknown> | null): Promise<void> {
  if (codes.length === 0) return;
  await db.update(indicators).set({ sourceQuery: query }).where(inArray(indicators.code, codes));
}

/** Indicators that remember an API query, for the refresh. */
export async function indicatorsWithSourceQuery(db: Db): Promise<Indicator[]> {
  return db.select().from(indicators).where(isNotNull(indicators.sourceQuery)).orderBy(indicators.code);
}

export async function setImportChangedCount(db: Db, id: string, changed: number): Promise<void> {
  await db.update(indicatorImports).set({ changedCount: changed }).where(eq(indicatorImports.id, id));
}

export async function findImportJob(db: Db, id: number): Promise<Job | undefined> {
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.id, id), eq(jobs.kind, INDICATOR_IMPORT_JOB)))
    .limit(1);
  return row;
}

/** The import job already waiting for or running this draft (a second click on "Import" joins it). */
export async function pendingImportJobForDraft(db: Db, draftId: string): Promise<Job | undefined> {
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, INDICATOR_IMPORT_JOB), eq(jobs.status, 'pending'), sql`${jobs.payload}->>'draftId' = ${draftId}`))
    .orderBy(sql`${jobs.id} desc`)
    .limit(1);
  return row;
}
