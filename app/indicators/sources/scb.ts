/**
 * SCB's PxWebApi 2.0: a table id and a selection (value codes per variable,
 * e.g. Region, Tid, ContentsCode), fetched as `json-stat2`, which parse.ts
 * already reads. SCB's contents code (BE0101N1) is renamed to the Samverka
 * indicator it is imported into; everything else stays SCB's answer.
 * 403 is SCB's "too many cells": the selection is too large.
 */
import { type FetchLog, fetchJson, joinUrl, SourceError, type SourceHttpOptions } from './http.ts';

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
