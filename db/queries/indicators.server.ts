import { and, asc, eq, getTableColumns, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { areas, indicatorImportDraftParts, indicatorImportDrafts, indicatorImports, indicators, indicatorValues, indicatorValueStaging, jobs, publishedIndicatorValues, type Indicator, type Job } from '../schema/index.server.ts';
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

/** Characters per stored part of a draft: one short statement each (10 MB in one statement held PGlite ~1 s). */
export const DRAFT_PART_CHARS = 256 * 1024;

/** Splits text into parts of about `size` characters, never between the two halves of a surrogate pair. */
export function draftParts(text: string, size = DRAFT_PART_CHARS): string[] {
  const parts: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + size, text.length);
    const next = text.charCodeAt(end);
    if (next >= 0xdc00 && next <= 0xdfff) end++;
    parts.push(text.slice(start, end));
    start = end;
  }
  return parts;
}

/**
 * Stores a draft part by part, each its own statement with `betweenParts` awaited
 * before it, and marks it complete after the last; until then it is offered to
 * no one, and if storing fails it is removed. Returns no content (a value draft
 * may be 10 MB).
 */
export async function insertImportDraft(
  db: Db,
  input: Omit<typeof indicatorImportDrafts.$inferInsert, 'complete'>,
  opts: { betweenParts?: () => Promise<void>; partChars?: number } = {},
): Promise<{ id: string; fileName: string; contentLength: number }> {
  // Old drafts go as new ones come: nobody confirms a preview a day later. Their parts go with them.
  await db.delete(indicatorImportDrafts).where(lt(indicatorImportDrafts.createdAt, new Date(Date.now() - 24 * 60 * 60 * 1000)));
  const [first = '', ...rest] = draftParts(input.content, opts.partChars);
  const [row] = await db
    .insert(indicatorImportDrafts)
    .values({ ...input, content: first, complete: rest.length === 0 })
    .returning({ id: indicatorImportDrafts.id, fileName: indicatorImportDrafts.fileName });
  const draft = { id: row!.id, fileName: row!.fileName, contentLength: input.content.length };
  if (rest.length === 0) return draft;
  try {
    for (const [index, content] of rest.entries()) {
      await opts.betweenParts?.();
      await db.insert(indicatorImportDraftParts).values({ draftId: draft.id, seq: index + 1, content });
    }
    await db.update(indicatorImportDrafts).set({ complete: true }).where(eq(indicatorImportDrafts.id, draft.id));
  } catch (error) {
    // If even this fails, the draft stays incomplete (never offered) until the day-old rule removes it.
    await db
      .delete(indicatorImportDrafts)
      .where(eq(indicatorImportDrafts.id, draft.id))
      .catch(() => {});
    throw error;
  }
  return draft;
}

/** A draft's whole content: its first part and the rest in order. */
const draftContent = sql<string>`${indicatorImportDrafts.content} || coalesce((select string_agg(p.content, '' order by p.seq) from ${indicatorImportDraftParts} p where p.draft_id = ${indicatorImportDrafts.id}), '')`;

/** A complete draft of this user's with its whole content, left in place (the commit takes it inside its transaction). */
export async function findImportDraft(db: Db, id: string, userId: string) {
  const [row] = await db
    .select({ ...getTableColumns(indicatorImportDrafts), content: draftContent })
    .from(indicatorImportDrafts)
    .where(and(eq(indicatorImportDrafts.id, id), eq(indicatorImportDrafts.userId, userId), eq(indicatorImportDrafts.complete, true)))
    .limit(1);
  return row;
}

/** Removes a draft of this user's; true when it was there. Returns no content: a value draft may be 10 MB, and this runs in the publish transaction. */
export async function dropImportDraft(db: Db, id: string, userId: string): Promise<boolean> {
  const gone = await db
    .delete(indicatorImportDrafts)
    .where(and(eq(indicatorImportDrafts.id, id), eq(indicatorImportDrafts.userId, userId)))
    .returning({ id: indicatorImportDrafts.id });
  return gone.length > 0;
}

/** A complete draft of this user's, removed; inside a transaction, so that a draft is taken once. */
export async function takeImportDraft(db: Db, id: string, userId: string) {
  const draft = await findImportDraft(db, id, userId);
  return draft && (await dropImportDraft(db, id, userId)) ? draft : undefined;
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
const publishedValueOf = sql`${publishedIndicatorValues.indicatorCode} = r.i and ${publishedIndicatorValues.areaCode} = r.a and ${publishedIndicatorValues.period} = r.p and ${publishedIndicatorValues.breakdown} = r.b`;

/** How many rows of a chunk would change the values readers see (for the preview). */
export async function countChangesInChunk(db: Db, chunk: string): Promise<number> {
  const result = await db.execute(sql`
    select count(*)::int as n from ${chunkRows(chunk)}
    left join ${publishedIndicatorValues} on ${publishedValueOf}
    where ${publishedIndicatorValues.value} is distinct from r.v`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

/**
 * Writes a chunk of a pending import, one statement: rows whose key is new (of a
 * known indicator) go straight into indicator_values under the pending import,
 * hidden from readers until it is published; rows that would change a stored value,
 * or belong to an indicator the publish creates, are staged for the publish;
 * unchanged rows are dropped. Both inserts read the same snapshot, so no row is
 * both. Returns how many rows went each way.
 */
export async function writePendingChunk(db: Db, importId: string, chunk: string): Promise<{ inserted: number; staged: number }> {
  const result = await db.execute(sql`
    with r as materialized (
      select r.i, r.a, r.p, r.b, r.v, ${indicatorValues.value} as stored,
        (${indicatorValues.id} is null and exists (select 1 from ${indicators} where ${indicators.code} = r.i)) as fresh
      from ${chunkRows(chunk)}
      left join ${indicatorValues} on ${storedValueOf}
    ),
    inserted as (
      insert into ${indicatorValues} (indicator_code, area_code, period, breakdown, value, import_id)
      select r.i, r.a, r.p, r.b, r.v, ${importId}::uuid from r where r.fresh
      returning 1
    ),
    staged as (
      insert into ${indicatorValueStaging} (run_id, indicator_code, area_code, period, breakdown, value)
      select ${importId}::uuid, r.i, r.a, r.p, r.b, r.v from r where not r.fresh and r.stored is distinct from r.v
      returning 1
    )
    select (select count(*)::int from inserted) as inserted, (select count(*)::int from staged) as staged`);
  const row = rowsOf<{ inserted: number; staged: number }>(result)[0];
  return { inserted: Number(row?.inserted ?? 0), staged: Number(row?.staged ?? 0) };
}

/**
 * Applies an import's staged rows (inside its publish transaction), changing only
 * values that still differ: few rows, typically (a refresh changes a new year's
 * values, which are new keys). Returns how many rows were inserted or changed.
 */
export async function publishStaged(db: Db, importId: string): Promise<number> {
  const result = await db.execute(sql`
    with written as (
      insert into ${indicatorValues} (indicator_code, area_code, period, breakdown, value, import_id)
      select s.indicator_code, s.area_code, s.period, s.breakdown, s.value, ${importId}::uuid
      from ${indicatorValueStaging} s where s.run_id = ${importId}::uuid
      on conflict (indicator_code, area_code, period, breakdown) do update
        set value = excluded.value, import_id = excluded.import_id, updated_at = now()
        where ${indicatorValues.value} is distinct from excluded.value
      returning 1
    )
    select count(*)::int as n from written`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

/** Makes a pending import's values visible: one row changes, however many values it brought. */
export async function publishImport(db: Db, importId: string, changed: number): Promise<void> {
  // Imported at the moment it became visible, as before pending imports.
  await db.update(indicatorImports).set({ pending: false, changedCount: changed, createdAt: sql`now()` }).where(eq(indicatorImports.id, importId));
}

/**
 * Removes up to `limit` values of a pending import (never of a published one); returns
 * how many went. Called in a loop, each its own short statement, so removing a large
 * failed import never holds the database.
 */
export async function removePendingValues(db: Db, importId: string, limit: number): Promise<number> {
  const result = await db.execute(sql`
    with gone as (
      delete from ${indicatorValues} where ${indicatorValues.id} in (
        select v.id from ${indicatorValues} v join ${indicatorImports} i on i.id = v.import_id
        where v.import_id = ${importId}::uuid and i.pending limit ${limit})
      returning 1
    )
    select count(*)::int as n from gone`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

/** Deletes a pending import's record (its values removed first: see removePendingValues). */
export async function deletePendingImport(db: Db, importId: string): Promise<void> {
  await db.delete(indicatorImports).where(and(eq(indicatorImports.id, importId), eq(indicatorImports.pending, true)));
}

/** Pending imports older than this: their process died (see STALE_STAGING_MS). */
export async function stalePendingImports(db: Db, olderThanMs: number): Promise<string[]> {
  const rows = await db
    .select({ id: indicatorImports.id })
    .from(indicatorImports)
    .where(and(eq(indicatorImports.pending, true), lt(indicatorImports.createdAt, new Date(Date.now() - olderThanMs))));
  return rows.map((r) => r.id);
}

/** Removes a run's staged rows; returns how many went. */
export async function clearStaging(db: Db, runId: string): Promise<number> {
  const gone = await db.delete(indicatorValueStaging).where(eq(indicatorValueStaging.runId, runId)).returning({ runId: indicatorValueStaging.runId });
  return gone.length;
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

/** Published imports, newest first (a pending one is not history yet). */
export async function listImports(db: Db, limit = 20) {
  return db.select().from(indicatorImports).where(eq(indicatorImports.pending, false)).orderBy(sql`${indicatorImports.createdAt} desc`).limit(limit);
}

/**
 * The indicators that have values (totals) for this area, those with the most recent year first, then by name;
 * at most `limit` of them (null: all), with how many there are in all (an area page's key figures).
 */
export async function indicatorsWithValuesFor(db: Db, areaCode: string, limit: number | null): Promise<{ indicators: Indicator[]; total: number }> {
  const latest = db
    .select({ code: publishedIndicatorValues.indicatorCode, year: sql<string>`max(left(${publishedIndicatorValues.period}, 4))`.as('latest_year') })
    .from(publishedIndicatorValues)
    .where(and(eq(publishedIndicatorValues.areaCode, areaCode), eq(publishedIndicatorValues.breakdown, '')))
    .groupBy(publishedIndicatorValues.indicatorCode)
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
    .select({ indicatorCode: publishedIndicatorValues.indicatorCode, areaCode: publishedIndicatorValues.areaCode, period: publishedIndicatorValues.period, value: publishedIndicatorValues.value, importFormat: indicatorImports.format })
    .from(publishedIndicatorValues)
    .leftJoin(indicatorImports, eq(indicatorImports.id, publishedIndicatorValues.importId))
    .where(and(inArray(publishedIndicatorValues.indicatorCode, indicatorCodesWanted), inArray(publishedIndicatorValues.areaCode, areaCodesWanted), eq(publishedIndicatorValues.breakdown, '')))
    .orderBy(asc(publishedIndicatorValues.period));
}

/** Per indicator: the first and last year with values and how many areas have any (the catalogue on /statistik). */
export async function indicatorCoverage(db: Db): Promise<Map<string, { from: string; to: string; areas: number }>> {
  const rows = await db
    .select({
      code: publishedIndicatorValues.indicatorCode,
      from: sql<string>`min(left(${publishedIndicatorValues.period}, 4))`,
      to: sql<string>`max(left(${publishedIndicatorValues.period}, 4))`,
      areas: sql<number>`count(distinct ${publishedIndicatorValues.areaCode})::int`,
    })
    .from(publishedIndicatorValues)
    .groupBy(publishedIndicatorValues.indicatorCode);
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
