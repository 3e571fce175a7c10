/**
 * SCB's PxWebApi 2.0: a table id and a selection (value codes per variable,
 * e.g. Region, Tid, ContentsCode), fetched as `json-stat2`, which parse.ts
 * already reads. SCB's contents code (BE0101N1) is renamed to the Samverka
 * indicator it is imported into; everything else stays SCB's answer.
 * 403 is SCB's "too many cells": the selection is too large.
 */
import { FetchLog, fetchJson, joinUrl, SourceError, type SourceHttpOptions } from './http.ts';

export const SCB_DEFAULT_URL = 'https://statistikdatabasen.scb.se/api/v2';

/** SCB table ids: TAB638, or older ones such as BE0101N1 style names. */
export const SCB_TABLE_RE = /^[A-Za-z0-9_]{1,40}$/;
const VARIABLE_RE = /^[A-Za-z0-9_-]{1,40}$/;
const CODE_RE = /^[^,\s&=]{1,60}$/;

export interface ScbQuery {
  table: string;
  /** Variable code → value codes, e.g. { Region: ['1280'], Tid: ['2023', '2024'], ContentsCode: ['BE0101N1'] }. */
  selection: Record<string, string[]>;
}

/** The data URL of a query (GET, `valuecodes[Var]=a,b`). */
export function scbDataUrl(base: string, query: ScbQuery): string {
  if (!SCB_TABLE_RE.test(query.table)) throw new SourceError('bad-request', { table: query.table });
  const params = ['lang=sv', 'outputFormat=json-stat2'];
  for (const [variable, codes] of Object.entries(query.selection)) {
    if (!VARIABLE_RE.test(variable) || codes.length === 0 || !codes.every((c) => CODE_RE.test(c))) throw new SourceError('bad-request', { variable });
    params.push(`valuecodes[${encodeURIComponent(variable)}]=${codes.map(encodeURIComponent).join(',')}`);
  }
  return joinUrl(base, `tables/${encodeURIComponent(query.table)}/data?${params.join('&')}`);
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The dataset as JSON text with the contents dimension's one code renamed to
 * `indicatorCode`. A table with several contents codes must be narrowed to one
 * (ContentsCode in the selection).
 */
export async function fetchScbDataset(base: string, query: ScbQuery, indicatorCode: string, log: FetchLog, opts: SourceHttpOptions = {}): Promise<string> {
  const url = scbDataUrl(base, query);
  const doc = await fetchJson(url, log, { ...opts, statusReasons: { 403: 'too-large', 400: 'bad-request' } });
  if (!isObject(doc) || !Array.isArray(doc.id) || !isObject(doc.dimension)) throw new SourceError('malformed', { url });
  const metric = isObject(doc.role) && Array.isArray(doc.role.metric) ? doc.role.metric[0] : undefined;
  const contentsId = (doc.id as unknown[]).find((id) => typeof id === 'string' && (id === metric || id.toLowerCase() === 'contentscode'));
  const contents = typeof contentsId === 'string' ? (doc.dimension as Json)[contentsId] : undefined;
  const category = isObject(contents) && isObject(contents.category) ? contents.category : null;
  if (!category) throw new SourceError('malformed', { url });
  const codes = isObject(category.index) ? Object.keys(category.index) : Array.isArray(category.index) ? (category.index as string[]) : Object.keys(isObject(category.label) ? category.label : {});
  if (codes.length !== 1) throw new SourceError('bad-request', { url, reason: 'several-contents', count: codes.length });
  const [code] = codes as [string];
  const rename = (o: unknown) => (isObject(o) && code in o ? { [indicatorCode]: o[code] } : o);
  category.index = Array.isArray(category.index) ? [indicatorCode] : rename(category.index);
  category.label = rename(category.label);
  if ('unit' in category) category.unit = rename(category.unit);
  return JSON.stringify(doc);
}

/** One variable of an SCB table as the import form offers it: its values with SCB's names. */
export interface ScbVariable {
  code: string;
  label: string;
  /** geo (regions), time (years), metric (contents) or other (e.g. Kon, Alder). */
  role: 'geo' | 'time' | 'metric' | 'other';
  /** The variable may be left out of a selection (SCB then sums over it). */
  elimination: boolean;
  values: { code: string; label: string }[];
}

export interface ScbTableMetadata {
  table: string;
  label: string;
  variables: ScbVariable[];
}

/** What an SCB time code counts: a year ("2024"), a quarter ("2024K1"), a month ("2024M01"), a half-year ("2024H1"), or something else. */
export type ScbPeriodKind = 'year' | 'quarter' | 'month' | 'half' | 'other';

export function scbPeriodKind(code: string): ScbPeriodKind {
  if (/^\d{4}$/.test(code)) return 'year';
  if (/^\d{4}K[1-4]$/.test(code)) return 'quarter';
  if (/^\d{4}M(0[1-9]|1[0-2])$/.test(code)) return 'month';
  if (/^\d{4}H[12]$/.test(code)) return 'half';
  return 'other';
}

/** The metadata URL of a table (JSON-stat 2.0, as PxWebApi 2.0 answers `/tables/{id}/metadata`). */
export function scbMetadataUrl(base: string, table: string): string {
  if (!SCB_TABLE_RE.test(table)) throw new SourceError('bad-request', { table });
  return joinUrl(base, `tables/${encodeURIComponent(table)}/metadata?lang=sv`);
}

/**
 * A table's variables and their values (PxWebApi 2.0 `/tables/{id}/metadata`,
 * a JSON-stat 2.0 dataset without values): so an editor picks regions, years
 * and contents by name instead of typing SCB's codes. 404 is "no such table";
 * an answer without the JSON-stat shape is malformed; a time variable that is not years is `not-yearly`.
 */
export async function fetchScbMetadata(base: string, table: string, opts: SourceHttpOptions = {}): Promise<ScbTableMetadata> {
  const url = scbMetadataUrl(base, table);
  const doc = await fetchJson(url, new FetchLog(), { ...opts, statusReasons: { 400: 'bad-request' } });
  if (!isObject(doc) || !Array.isArray(doc.id) || !isObject(doc.dimension)) throw new SourceError('malformed', { url });
  const role = isObject(doc.role) ? doc.role : {};
  const inRole = (name: string, id: string) => Array.isArray(role[name]) && (role[name] as unknown[]).includes(id);
  const variables: ScbVariable[] = [];
  for (const id of doc.id as unknown[]) {
    const dim = typeof id === 'string' ? (doc.dimension as Json)[id] : undefined;
    if (typeof id !== 'string' || !isObject(dim) || !isObject(dim.category)) throw new SourceError('malformed', { url });
    const { index, label } = dim.category;
    // JSON-stat 2.0: index is an array of codes or an object code → position; label may be missing (then the code is the name).
    const codes = Array.isArray(index)
      ? index.filter((c): c is string => typeof c === 'string')
      : isObject(index)
        ? Object.entries(index)
            .sort((a, b) => Number(a[1]) - Number(b[1]))
            .map(([c]) => c)
        : isObject(label)
          ? Object.keys(label)
          : [];
    if (codes.length === 0) throw new SourceError('malformed', { url });
    const names = isObject(label) ? label : {};
    const extension = isObject(dim.extension) ? dim.extension : {};
    variables.push({
      code: id,
      label: typeof dim.label === 'string' ? dim.label : id,
      role: inRole('geo', id) || id === 'Region' ? 'geo' : inRole('time', id) ? 'time' : inRole('metric', id) || id.toLowerCase() === 'contentscode' ? 'metric' : 'other',
      elimination: extension.elimination === true,
      values: codes.map((code) => ({ code, label: typeof names[code] === 'string' ? (names[code] as string) : code })),
    });
  }
  // Samverka stores yearly values: a table counted in months or quarters is refused here, by name, before anyone picks
  // from it (its codes would otherwise fail the year check of the import, one row at a time).
  for (const v of variables.filter((x) => x.role === 'time')) {
    const notYear = v.values.find((value) => scbPeriodKind(value.code) !== 'year');
    if (notYear) throw new SourceError('not-yearly', { url, table, periods: scbPeriodKind(notYear.code), example: notYear.code });
  }
  return { table, label: typeof doc.label === 'string' ? doc.label : table, variables };
}
