/**
 * Imports straight from a statistics API: the query is fetched, turned into the
 * same file a person could upload (CSV for Kolada, JSON-stat for SCB) and goes
 * through the one pipeline: parse.ts checks it, the page previews it, and the
 * commit writes it all-or-nothing with its provenance (source, the request
 * URLs, the retrieval time and a SHA-256 of the answers).
 *
 * Used by the import page (preview, then commit of the draft), the command
 * line (`npm run stats:import`) and the refresh (`npm run stats:refresh` and
 * the daily `indicators.refresh` job), which commit at once.
 */
import type { Db } from '#db/client.server.ts';
import * as q from '#db/queries/indicators.server.ts';
import { areas, indicators } from '#db/schema/index.server.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { eq, ne } from 'drizzle-orm';
import type { Config } from '../../config.server.ts';
import { commitChecked, valueParseContext, type ImportResult } from '../import-commit.server.ts';
import type { ImportProblem } from '../parse.ts';
import { checkIndicatorFile } from '../parse-thread.server.ts';
import { FetchLog, SourceError, type SourceHttpOptions } from './http.ts';
import { fetchKoladaValues, KPI_ID_RE } from './kolada.ts';
import { rowsToCsv } from './rows.ts';
import { fetchScbDataset, SCB_TABLE_RE } from './scb.ts';

/** What an indicator remembers to fetch its values again (indicators.source_query). */
export type SourceQuery =
  | {
      source: 'kolada';
      kpi: string;
      /** "all", a län code ("12": the län and its kommuner) or a comma-separated list of area codes. */
      areas: string;
      years: number[];
    }
  | { source: 'scb'; table: string; selection: Record<string, string[]> };

/** A Kolada query is refused above this many values (areas × years × 3 genders; all areas over 30 years fit): one import stays a few seconds. */
export const MAX_SOURCE_VALUES = 30_000;
// The form's error message (import.api.error.years) names this limit.
export const MAX_YEARS = 50;

export interface Fetched {
  fileName: string;
  bytes: Uint8Array;
  source: string;
  retrievedAt: Date;
  sha256: string;
  requestUrls: string[];
}

export type SourceSettings = Pick<Config, 'KOLADA_API_URL' | 'SCB_API_URL'> & SourceHttpOptions;

/** "2015-2024", "2020,2022" or "2023" → years; null when not that. */
export function parseYears(raw: string): number[] | null {
  const years = new Set<number>();
  for (const part of raw.split(',').map((p) => p.trim())) {
    const range = /^(\d{4})\s*[-–]\s*(\d{4})$/.exec(part);
    const one = /^\d{4}$/.test(part) ? Number(part) : null;
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to < from || to - from >= MAX_YEARS) return null;
      for (let y = from; y <= to; y++) years.add(y);
    } else if (one !== null) years.add(one);
    else return null;
  }
  return years.size > 0 && years.size <= MAX_YEARS ? [...years].sort((a, b) => a - b) : null;
}

/** Kolada's area selection as Samverka area codes; SourceError for codes Samverka does not know. */
async function resolveKoladaAreas(db: Db, raw: string): Promise<string[] | 'all'> {
  const value = raw.trim();
  if (value === '' || value.toLowerCase() === 'all') return 'all';
  const known = await q.areaCodes(db);
  if (/^\d{2}$/.test(value)) {
    if (!known.has(value)) throw new SourceError('unknown-area', { codes: value });
    const kommuner = await db.select({ code: areas.code }).from(areas).where(eq(areas.parentCode, value));
    return [value, ...kommuner.map((k) => k.code).sort()];
  }
  const codes = [...new Set(value.split(/[\s,]+/).filter(Boolean))];
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length > 0) throw new SourceError('unknown-area', { codes: unknown.slice(0, 10).join(', ') });
  return codes;
}

/** Fetches a query's values for one indicator as an import file; throws SourceError. */
export async function fetchSource(db: Db, settings: SourceSettings, query: SourceQuery, indicatorCode: string, opts: { decimals?: number } = {}): Promise<Fetched> {
  const log = new FetchLog();
  if (query.source === 'kolada') {
    if (!KPI_ID_RE.test(query.kpi)) throw new SourceError('not-found', { kpi: query.kpi });
    if (query.years.length === 0 || query.years.length > MAX_YEARS) throw new SourceError('too-large', { values: query.years.length, max: MAX_YEARS });
    const selected = await resolveKoladaAreas(db, query.areas);
    const areaCount = selected === 'all' ? (await db.select({ code: areas.code }).from(areas).where(ne(areas.kind, 'district'))).length : selected.length;
    const estimate = areaCount * query.years.length * 3;
    if (estimate > MAX_SOURCE_VALUES) throw new SourceError('too-large', { values: estimate, max: MAX_SOURCE_VALUES });
    const rows = await fetchKoladaValues(settings.KOLADA_API_URL, { kpi: query.kpi, areas: selected, years: query.years }, log, settings);
    if (rows.length === 0) throw new SourceError('no-values', { kpi: query.kpi });
    const known = await q.areaCodes(db);
    const unknown = [...new Set(rows.filter((r) => !known.has(r.areaCode)).map((r) => r.sourceArea))];
    if (unknown.length > 0) throw new SourceError('unknown-area', { codes: unknown.slice(0, 10).join(', '), count: unknown.length });
    const decimals = opts.decimals ?? (await q.indicatorDecimals(db)).get(indicatorCode);
    const csv = rowsToCsv(indicatorCode, rows, decimals);
    return { fileName: `kolada-${query.kpi}.csv`, bytes: new TextEncoder().encode(csv), source: `Kolada (KPI ${query.kpi})`, retrievedAt: log.retrievedAt, sha256: log.digest(), requestUrls: log.urls };
  }
  if (!SCB_TABLE_RE.test(query.table)) throw new SourceError('not-found', { table: query.table });
  const json = await fetchScbDataset(settings.SCB_API_URL, query, indicatorCode, log, settings);
  return { fileName: `scb-${query.table}.json`, bytes: new TextEncoder().encode(json), source: `SCB (tabell ${query.table})`, retrievedAt: log.retrievedAt, sha256: log.digest(), requestUrls: log.urls };
}

export type DirectOutcome =
  | { ok: true; result: ImportResult }
  | { ok: false; problems: ImportProblem[] };

/**
 * Fetches and commits at once (command line, refresh): the same checks as the
 * preview, then the same staged all-or-nothing commit. `remember` keeps the query on the indicator.
 * Throws SourceError when the source fails; nothing is written then.
 */
export async function importFromSource(
  db: Db,
  settings: SourceSettings,
  input: { query: SourceQuery; indicatorCode: string; newIndicator?: NewIndicator; remember?: boolean; onProgress?: (done: number, total: number) => void },
): Promise<DirectOutcome> {
  const fresh = input.newIndicator;
  const fetched = await fetchSource(db, settings, input.query, input.indicatorCode, { decimals: fresh?.decimals });
  const checked = await checkIndicatorFile({ name: fetched.fileName, bytes: fetched.bytes }, await sourceParseContext(db, fresh));
  if (checked.problems.length > 0) return { ok: false, problems: checked.problems };
  const result = await commitChecked(db, {
    origin: { source: fetched.source, retrievedAt: fetched.retrievedAt, fileName: fetched.fileName, fileSha256: fetched.sha256, requestUrls: fetched.requestUrls },
    checked,
    userId: null,
    ip: null,
    onProgress: (done) => input.onProgress?.(done, checked.rows),
    // A new indicator is created with its values, or not at all.
    beforePublish: async (tx) => {
      if (fresh) await tx.insert(indicators).values(fresh);
      return true;
    },
    afterPublish: async (tx) => {
      if (input.remember) await q.setIndicatorSourceQuery(tx, [input.indicatorCode], input.query);
    },
  });
  return { ok: true, result: result! };
}

/** A catalogue entry made from a source's metadata (Kolada: name and description; the editor chooses unit and direction). */
export interface NewIndicator {
  code: string;
  nameSv: string;
  nameEn: string;
  descriptionSv: string;
  descriptionEn: string;
  unit: string;
  source: string;
  higherIsBetter: boolean;
  decimals: number;
}

/** Indicator codes: lower case letters, digits and _ (as in the catalogue). */
export const INDICATOR_CODE_RE = /^[a-z0-9_]{2,40}$/;

/** The catalogue to check against, with an indicator about to be created counted in. */
async function sourceParseContext(db: Db, fresh: NewIndicator | undefined) {
  const ctx = await valueParseContext(db);
  if (!fresh) return ctx;
  if (ctx.indicators.has(fresh.code)) throw new SourceError('bad-request', { indicator: fresh.code, reason: 'indicator-exists' });
  return { ...ctx, indicators: new Set([...ctx.indicators, fresh.code]), decimals: new Map([...(ctx.decimals ?? []), [fresh.code, fresh.decimals]]) };
}

/** A SourceError in words, for the page and the command line. */
export function sourceErrorMessage(t: (key: MessageKey, params?: Record<string, string | number>) => string, error: SourceError): string {
  return t(`import.source.error.${error.reason}` as MessageKey, { url: '', attempts: 1, seconds: 30, values: 0, max: MAX_SOURCE_VALUES, codes: '', ...error.params });
}

/** A stored query read back; null when it is not one (never trusted blindly: it came from the database). */
export function readSourceQuery(raw: unknown): SourceQuery | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const o = raw as Record<string, unknown>;
  if (o.source === 'kolada' && typeof o.kpi === 'string' && typeof o.areas === 'string' && Array.isArray(o.years) && o.years.every((y) => Number.isInteger(y)))
    return { source: 'kolada', kpi: o.kpi, areas: o.areas, years: o.years as number[] };
  if (o.source === 'scb' && typeof o.table === 'string' && typeof o.selection === 'object' && o.selection !== null) {
    const selection: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(o.selection)) if (Array.isArray(v) && v.every((c) => typeof c === 'string')) selection[k] = v as string[];
    return { source: 'scb', table: o.table, selection };
  }
  return null;
}

export interface RefreshOutcome {
  indicatorCode: string;
  ok: boolean;
  result?: ImportResult;
  problems?: ImportProblem[];
  error?: SourceError;
}

/**
 * Fetches every indicator that remembers a query again and commits what
 * changed as a new import with its provenance (nothing changed: no import).
 * Snapshots keep their frozen copies. One indicator failing does not stop the others.
 */
export async function refreshIndicators(db: Db, settings: SourceSettings, opts: { codes?: string[]; onEach?: (o: RefreshOutcome) => void } = {}): Promise<RefreshOutcome[]> {
  const outcomes: RefreshOutcome[] = [];
  for (const indicator of await q.indicatorsWithSourceQuery(db)) {
    if (opts.codes && !opts.codes.includes(indicator.code)) continue;
    const query = readSourceQuery(indicator.sourceQuery);
    let outcome: RefreshOutcome;
    if (!query) outcome = { indicatorCode: indicator.code, ok: false, error: new SourceError('bad-request', { indicator: indicator.code }) };
    else
      try {
        const done = await importFromSource(db, settings, { query, indicatorCode: indicator.code });
        outcome = done.ok ? { indicatorCode: indicator.code, ok: true, result: done.result } : { indicatorCode: indicator.code, ok: false, problems: done.problems };
      } catch (error) {
        if (!(error instanceof SourceError)) throw error;
        outcome = { indicatorCode: indicator.code, ok: false, error };
      }
    opts.onEach?.(outcome);
    outcomes.push(outcome);
  }
  return outcomes;
}
