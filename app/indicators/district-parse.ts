/**
 * Reading a district file: the statistical areas below a kommun (SCB's RegSO and
 * DeSO, or similar) as CSV with one district a line: code, name and kommun
 * (`kod;namn;kommun` or `code,name,municipality`). Same decoding, separators and
 * problem list as the value import (read-file.ts). Pure: the caller passes the
 * areas that exist.
 */
import { resolveArea } from './parse.ts';
import { decodeFile, Problems, readCsvTable, type ImportProblem } from './read-file.ts';

export interface DistrictRow {
  /** The 1-based file line (the header is line 1). */
  line: number;
  /** Upper case, e.g. "1280R012" (RegSO) or "1280C1010" (DeSO). */
  code: string;
  name: string;
  municipalityCode: string;
}

export interface KnownArea {
  kind: 'country' | 'county' | 'municipality' | 'district';
  name: string;
}

export interface DistrictParseContext {
  /** Every area that exists now, by code. */
  areas: ReadonlyMap<string, KnownArea>;
}

export interface DistrictParseResult {
  rows: DistrictRow[];
  problems: ImportProblem[];
}

/**
 * The kommun's four digits, a letter and digits: RegSO "1280R012", DeSO
 * "1280C1010". The prefix ties a district to its kommun, so it must match the
 * kommun given on the line.
 */
export const DISTRICT_CODE = /^(\d{4})([A-Z])(\d{1,6})$/;
export const MAX_AREA_NAME = 200;

type Column = 'code' | 'name' | 'municipality';
const REQUIRED: readonly Column[] = ['code', 'name', 'municipality'];
const HEADERS: Record<string, Column> = {
  kod: 'code',
  code: 'code',
  områdeskod: 'code',
  omradeskod: 'code',
  regsokod: 'code',
  desokod: 'code',
  regso: 'code',
  deso: 'code',
  namn: 'name',
  name: 'name',
  områdesnamn: 'name',
  omradesnamn: 'name',
  regsonamn: 'name',
  desonamn: 'name',
  kommun: 'municipality',
  kommunkod: 'municipality',
  municipality: 'municipality',
  municipality_code: 'municipality',
  parent: 'municipality',
};

const cleanName = (raw: string) => raw.normalize('NFC').replace(/\s+/g, ' ').trim();

export function parseDistrictFile(file: { bytes: Uint8Array }, ctx: DistrictParseContext): DistrictParseResult {
  const problems = new Problems();
  const rows: DistrictRow[] = [];
  const text = decodeFile(file.bytes, problems);
  if (text !== null) readDistricts(text, ctx, problems, rows);
  if (rows.length === 0 && problems.list.length === 0) problems.add(null, null, 'no-rows');
  return { rows, problems: problems.list };
}

function readDistricts(text: string, ctx: DistrictParseContext, problems: Problems, rows: DistrictRow[]): void {
  const table = readCsvTable<Column>(text, { headers: HEADERS, required: REQUIRED }, problems);
  if (!table) return;

  const kommunCodes = new Set<string>();
  const kommunByName = new Map<string, string>();
  for (const [code, area] of ctx.areas) {
    if (area.kind !== 'municipality') continue;
    kommunCodes.add(code);
    kommunByName.set(cleanName(area.name).toLowerCase(), code);
  }
  // The kommun as a code ("1280", "180", "1280 Malmö") or by its name ("Malmö").
  const kommunOf = (raw: string) => resolveArea(raw, kommunCodes) ?? kommunByName.get(cleanName(raw).toLowerCase()) ?? null;

  const firstLine = new Map<string, number>();
  for (const record of table) {
    const { line } = record;
    const rawCode = record.cell('code');
    const code = rawCode.normalize('NFC').trim().toUpperCase();
    const match = DISTRICT_CODE.exec(code);
    if (!match) problems.add(line, 'code', 'bad-district-code', { value: rawCode });

    const name = cleanName(record.cell('name'));
    if (name === '') problems.add(line, 'name', 'empty-name');
    else if (name.length > MAX_AREA_NAME) problems.add(line, 'name', 'name-too-long', { max: MAX_AREA_NAME });

    const rawKommun = record.cell('municipality');
    const municipalityCode = kommunOf(rawKommun);
    if (municipalityCode === null) problems.add(line, 'municipality', 'unknown-municipality', { value: rawKommun });

    if (!match || name === '' || name.length > MAX_AREA_NAME || municipalityCode === null) continue;
    if (match[1] !== municipalityCode) {
      problems.add(line, 'code', 'district-outside-municipality', { code, municipality: municipalityCode });
      continue;
    }
    const existing = ctx.areas.get(code);
    if (existing && existing.kind !== 'district') {
      problems.add(line, 'code', 'code-taken', { value: code, name: existing.name });
      continue;
    }
    const first = firstLine.get(code);
    if (first !== undefined) {
      problems.add(line, 'code', 'duplicate-code', { value: code, firstLine: first });
      continue;
    }
    firstLine.set(code, line);
    rows.push({ line, code, name, municipalityCode });
  }
}
