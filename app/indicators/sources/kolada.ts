/**
 * Kolada (RKA's open API of municipal key figures, v3): KPI search and values.
 * Every answer is `{ values, count, next_url }`, at most 5 000 items a page;
 * pages are followed through `next_url` until it is null. A data item holds
 * one KPI × municipality × year with a value per gender: T (totalt) is the
 * total, which Samverka keeps as the breakdown '' (as the CSV import does for
 * "Totalt"); K and M (some documentation: F) are kvinnor and män. A `null`
 * value is missing, not zero: it is left out.
 */
import { FetchLog, fetchJson, joinUrl, SourceError, type SourceHttpOptions } from './http.ts';
import type { SourceRow } from './rows.ts';

export const KOLADA_DEFAULT_URL = 'https://api.kolada.se/v3';

export interface KoladaKpi {
  id: string;
  title: string;
  description: string;
  isDividedByGender: boolean;
}

/** Kolada's KPI ids: a letter and five digits, e.g. N00945. */
export const KPI_ID_RE = /^[A-Z]\d{5}$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** At most this many pages are followed: a next_url that never ends is a broken answer. */
const MAX_PAGES = 1000;

/** Every item of a paged answer, following next_url. */
async function allPages(firstUrl: string, log: FetchLog, opts: SourceHttpOptions): Promise<unknown[]> {
  const items: unknown[] = [];
  let url: string | null = firstUrl;
  for (let page = 0; url; page++) {
    if (page >= MAX_PAGES) throw new SourceError('malformed', { url });
    const answer = await fetchJson(url, log, opts);
    if (!isObject(answer) || !Array.isArray(answer.values)) throw new SourceError('malformed', { url });
    items.push(...answer.values);
    const next = answer.next_url ?? answer.next_page;
    if (next !== null && next !== undefined && (typeof next !== 'string' || !URL.canParse(next, url))) throw new SourceError('malformed', { url });
    url = typeof next === 'string' && next !== '' ? new URL(next, url).toString() : null;
  }
  return items;
}

function toKpi(v: unknown, url: string): KoladaKpi {
  if (!isObject(v) || typeof v.id !== 'string' || typeof v.title !== 'string') throw new SourceError('malformed', { url });
  return {
    id: v.id,
    title: v.title,
    description: typeof v.description === 'string' ? v.description : '',
    isDividedByGender: v.is_divided_by_gender === true || v.is_divided_by_gender === 1,
  };
}

/** KPIs whose title has these words, or the one KPI with this id. */
export async function searchKpis(base: string, query: string, opts: SourceHttpOptions = {}): Promise<KoladaKpi[]> {
  const q = query.trim();
  if (q === '') return [];
  const log = new FetchLog();
  if (KPI_ID_RE.test(q.toUpperCase())) {
    try {
      return [await fetchKpi(base, q.toUpperCase(), opts)];
    } catch (error) {
      if (error instanceof SourceError && error.reason === 'not-found') return [];
      throw error;
    }
  }
  const url = joinUrl(base, `kpi?title=${encodeURIComponent(q)}`);
  return (await allPages(url, log, opts)).map((v) => toKpi(v, url));
}

/** One KPI's metadata; SourceError 'not-found' when Kolada has none with that id. */
export async function fetchKpi(base: string, id: string, opts: SourceHttpOptions = {}, log = new FetchLog()): Promise<KoladaKpi> {
  const url = joinUrl(base, `kpi/${encodeURIComponent(id)}`);
  const answer = await fetchJson(url, log, opts);
  // v3 answers a list under `values`; an empty list is no such KPI.
  const list = isObject(answer) && Array.isArray(answer.values) ? answer.values : [answer];
  if (list.length === 0) throw new SourceError('not-found', { url, kpi: id });
  return toKpi(list[0], url);
}

/** Kolada's area ids to Samverka's: "0000" is Sweden, "00NN" län NN, kommuner the same four digits. */
export function koladaArea(id: string): string {
  if (id === '0000') return 'SE';
  const lan = /^00(\d{2})$/.exec(id);
  return lan ? lan[1]! : id;
}

/** Samverka's area codes to Kolada's. */
export function koladaAreaId(code: string): string {
  if (code === 'SE') return '0000';
  return /^\d{2}$/.test(code) ? `00${code}` : code;
}

const GENDERS: Record<string, string> = { T: '', K: 'kvinnor', F: 'kvinnor', M: 'män' };

export interface KoladaQuery {
  kpi: string;
  /** Samverka area codes, or every area Kolada has. */
  areas: string[] | 'all';
  years: number[];
}

/** Longest list of areas in one request (the URL stays well under common limits). */
const AREAS_PER_REQUEST = 100;

/** Values of one KPI as rows (indicator code still Kolada's KPI id); answers recorded in `log`. */
export async function fetchKoladaValues(base: string, query: KoladaQuery, log: FetchLog, opts: SourceHttpOptions = {}): Promise<SourceRow[]> {
  const years = query.years.join(',');
  const urls: string[] = [];
  if (query.areas === 'all') urls.push(joinUrl(base, `data/kpi/${encodeURIComponent(query.kpi)}/year/${years}`));
  else
    for (let i = 0; i < query.areas.length; i += AREAS_PER_REQUEST) {
      const ids = query.areas.slice(i, i + AREAS_PER_REQUEST).map(koladaAreaId).join(',');
      urls.push(joinUrl(base, `data/kpi/${encodeURIComponent(query.kpi)}/municipality/${ids}/year/${years}`));
    }
  const rows: SourceRow[] = [];
  for (const url of urls) {
    for (const item of await allPages(url, log, opts)) {
      if (!isObject(item) || typeof item.municipality !== 'string' || (typeof item.period !== 'number' && typeof item.period !== 'string') || !Array.isArray(item.values))
        throw new SourceError('malformed', { url });
      for (const v of item.values) {
        if (!isObject(v)) throw new SourceError('malformed', { url });
        if (v.value === null || v.value === undefined) continue; // missing, not zero
        if (typeof v.value !== 'number' || !Number.isFinite(v.value)) throw new SourceError('malformed', { url });
        const gender = typeof v.gender === 'string' ? v.gender.toUpperCase() : 'T';
        const breakdown = GENDERS[gender];
        if (breakdown === undefined) throw new SourceError('malformed', { url });
        rows.push({ sourceArea: item.municipality, areaCode: koladaArea(item.municipality), period: String(item.period), breakdown, value: v.value });
      }
    }
  }
  return rows;
}
