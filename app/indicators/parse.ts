/**
 * Reading indicator files into indicator values (indicator × area × period × breakdown).
 *
 * Two formats: CSV as people export it from Excel (Swedish or international) and
 * JSON-stat 2.0 as statistics offices such as SCB publish it. Pure: no I/O and no
 * database; the caller passes the known indicator and area codes. Nothing here
 * throws: every problem found is returned, with a line and column where possible,
 * so that the person importing can fix the file in one go. Decoding and CSV
 * structure are shared with the district import (read-file.ts).
 */
import { decodeFile, MAX_IMPORT_BYTES, MAX_IMPORT_PROBLEMS, Problems, readCsvTable, type ImportProblem, type ImportProblemCode } from './read-file.ts';

export { MAX_IMPORT_BYTES, MAX_IMPORT_PROBLEMS, type ImportProblem, type ImportProblemCode };

export interface ParsedRow {
  /**
   * CSV: the 1-based file line the row starts on (the header is line 1).
   * JSON-stat: the 1-based position of the value in the dataset's flat `value` list.
   */
  line: number;
  indicatorCode: string;
  areaCode: string;
  /** "2023", "2023H1" or "2023Q2". */
  period: string;
  /** '' for the total, otherwise lower case, e.g. "kvinnor". */
  breakdown: string;
  value: number;
}

export interface ParseContext {
  indicators: ReadonlySet<string>;
  areas: ReadonlySet<string>;
  /**
   * Decimals each indicator is kept and shown with (indicators.decimals). A value
   * with more is refused ('too-many-decimals'): it would show rounded, and it is
   * often a sign of a wrong unit (0.705 for 70.5 %). Indicators not in the map are not checked.
   */
  decimals?: ReadonlyMap<string, number>;
  /** Earliest accepted year; default 1990. */
  minYear?: number;
  /** Latest accepted year; default the current year + 1. */
  maxYear?: number;
}

export interface ParseResult {
  format: 'csv' | 'json-stat';
  rows: ParsedRow[];
  problems: ImportProblem[];
}

type Column = 'indicator' | 'area' | 'period' | 'value' | 'breakdown';
const REQUIRED_COLUMNS = ['indicator', 'area', 'period', 'value'] as const satisfies readonly Column[];

// ---------------------------------------------------------------------------
// Values

/**
 * A period in the stored form: "2023", "2023H1" (half year) or "2023Q2" (quarter).
 * Accepts "2023-H1", "2023 h1", "2023K2" (K = kvartal, as SCB writes it), "2023-Q2".
 */
export function normalizePeriod(raw: string): string | null {
  const m = /^(\d{4})(?:[\s-]*([HQK])[\s-]*(\d))?$/.exec(raw.trim().toUpperCase());
  if (!m) return null;
  const [, year, kind, n] = m;
  if (!kind) return year!;
  const part = Number(n);
  if (kind === 'H') return part >= 1 && part <= 2 ? `${year}H${part}` : null;
  return part >= 1 && part <= 4 ? `${year}Q${part}` : null;
}

const GROUP_SPACE = '[ \\u00A0\\u202F\\u2009]';
const NUMBER_RE = new RegExp(`^([+-])?(\\d{1,3}(?:${GROUP_SPACE}\\d{3})+|\\d+)(?:[.,](\\d+))?(?:[eE]([+-]?\\d+))?$`);

/**
 * A number as Swedish or international spreadsheets write it: "12,5", "12.5",
 * "1 234,5" (space, no-break or thin space between thousands), "-3" or "−3".
 * A unit ("12,5 %"), a mix of "," and "." or an empty cell gives null.
 */
export function parseNumber(raw: string): number | null {
  const s = raw.trim().replace(/^\u2212/, '-');
  const m = NUMBER_RE.exec(s);
  if (!m) return null;
  const [, sign = '', whole, fraction, exponent] = m;
  const text = `${sign}${whole!.replace(/\D/g, '')}${fraction ? `.${fraction}` : ''}${exponent ? `e${exponent}` : ''}`;
  const n = Number(text);
  if (!Number.isFinite(n)) return null;
  return n === 0 ? 0 : n; // no -0
}

const TOTAL_BREAKDOWNS = new Set(['', 'total', 'totalt', 'tot', 'alla', 'samtliga', 'båda könen', 'män och kvinnor', '1+2']);

/** "Kvinnor" → "kvinnor"; "Totalt", "total" and "" → "" (the total). */
export function normalizeBreakdown(raw: string): string {
  const s = raw.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
  return TOTAL_BREAKDOWNS.has(s) ? '' : s;
}

/** SCB's codes for the Kon (sex) dimension. */
const SCB_SEX: Record<string, string> = { '1': 'män', '2': 'kvinnor', '1+2': '' };

function resolveIndicator(raw: string, indicators: ReadonlySet<string>): string | null {
  const code = raw.normalize('NFC').trim();
  return code !== '' && indicators.has(code) ? code : null;
}

/**
 * An area code as written, or as Excel left it: "180" for kommun "0180", "1" for
 * län "01", "0180 Stockholm" or "1280R012 Centrum" (code and name, as SCB's CSV
 * exports write it), "1280r012" for a district, and SCB's "00" (Riket) for the
 * country "SE". A repaired code must be known.
 */
export function resolveArea(raw: string, areas: ReadonlySet<string>): string | null {
  const code = raw.normalize('NFC').trim();
  if (code === '') return null;
  if (areas.has(code)) return code;
  const upper = code.toUpperCase();
  if (areas.has(upper)) return upper;
  const withName = /^(\d{1,4}|\d{4}[A-Za-z]\d+)\s+\p{L}/u.exec(code);
  if (withName) return resolveArea(withName[1]!, areas);
  if (/^\d{3}$/.test(code) && areas.has(`0${code}`)) return `0${code}`;
  if (/^\d$/.test(code) && areas.has(`0${code}`)) return `0${code}`;
  if (code === '00' && areas.has('SE')) return 'SE';
  return null;
}

// ---------------------------------------------------------------------------
// Checks

/** Checks shared by CSV rows and JSON-stat values; remembers keys to find duplicates. */
class RowChecker {
  private readonly seen = new Map<string, number>();
  readonly minYear: number;
  readonly maxYear: number;

  constructor(
    readonly ctx: ParseContext,
    readonly problems: Problems,
  ) {
    this.minYear = ctx.minYear ?? 1990;
    this.maxYear = ctx.maxYear ?? new Date().getFullYear() + 1;
  }

  indicator(raw: string, line: number | null, column: string): string | null {
    const code = resolveIndicator(raw, this.ctx.indicators);
    if (code === null) this.problems.add(line, column, 'unknown-indicator', { value: raw });
    return code;
  }

  area(raw: string, line: number | null, column: string): string | null {
    const code = resolveArea(raw, this.ctx.areas);
    if (code === null) this.problems.add(line, column, 'unknown-area', { value: raw });
    return code;
  }

  period(raw: string, line: number | null, column: string): string | null {
    const period = normalizePeriod(raw);
    if (period === null) {
      this.problems.add(line, column, 'bad-period', { value: raw });
      return null;
    }
    const year = Number(period.slice(0, 4));
    if (year < this.minYear || year > this.maxYear) {
      this.problems.add(line, column, 'period-out-of-range', { value: raw, min: this.minYear, max: this.maxYear });
      return null;
    }
    return period;
  }

  /** False (and reported) when the value has more decimals than its indicator is kept with. */
  precision(indicatorCode: string, value: number, raw: string, line: number | null, params: Record<string, number> = {}): boolean {
    const allowed = this.ctx.decimals?.get(indicatorCode);
    if (allowed === undefined) return true;
    const found = decimalPlaces(value);
    if (found <= allowed) return true;
    this.problems.add(line, 'value', 'too-many-decimals', { value: raw, indicator: indicatorCode, decimals: allowed, found, ...params });
    return false;
  }

  /** The line of an earlier row with the same key, or null (and the key is remembered). */
  firstLineOf(row: Omit<ParsedRow, 'value'>): number | null {
    const key = `${row.indicatorCode}\u0000${row.areaCode}\u0000${row.period}\u0000${row.breakdown}`;
    const first = this.seen.get(key);
    if (first !== undefined) return first;
    this.seen.set(key, row.line);
    return null;
  }
}

/**
 * Decimals in a number's shortest form: 70.5 → 1, 70.50 (the same number) → 1,
 * 1500 → 0, 1.5e-7 → 8. Trailing zeros as written add nothing to the value.
 */
export function decimalPlaces(value: number): number {
  const [mantissa = '', exponent = '0'] = String(Math.abs(value)).split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

// ---------------------------------------------------------------------------
// Entry point

export function parseIndicatorFile(file: { name: string; bytes: Uint8Array }, ctx: ParseContext): ParseResult {
  const format = detectFormat(file);
  const problems = new Problems();
  const rows: ParsedRow[] = [];
  try {
    read(file.bytes, format, ctx, problems, rows);
  } catch {
    // Not expected; the contract is to report, never to throw.
    problems.add(null, null, format === 'csv' ? 'separator' : 'json-stat', { reason: 'internal-error' });
    return { format, rows: [], problems: problems.list };
  }
  if (rows.length === 0 && problems.list.length === 0) problems.add(null, null, 'no-rows');
  return { format, rows, problems: problems.list };
}

function read(bytes: Uint8Array, format: ParseResult['format'], ctx: ParseContext, problems: Problems, rows: ParsedRow[]): void {
  const text = decodeFile(bytes, problems);
  if (text === null) return;
  const checker = new RowChecker(ctx, problems);
  if (format === 'csv') parseCsv(text, checker, rows);
  else parseJsonStat(text, checker, rows);
}

function detectFormat(file: { name: string; bytes: Uint8Array }): ParseResult['format'] {
  if (/\.json$/i.test(file.name.trim())) return 'json-stat';
  const b = file.bytes;
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++;
  return b[i] === 0x7b ? 'json-stat' : 'csv';
}

// ---------------------------------------------------------------------------
// CSV

const HEADER_NAMES: Record<string, Column> = {
  indicator: 'indicator',
  indikator: 'indicator',
  indicator_code: 'indicator',
  indikatorkod: 'indicator',
  area: 'area',
  område: 'area',
  omrade: 'area',
  area_code: 'area',
  regionkod: 'area',
  region: 'area',
  kommunkod: 'area',
  period: 'period',
  år: 'period',
  ar: 'period',
  tid: 'period',
  year: 'period',
  value: 'value',
  värde: 'value',
  varde: 'value',
  breakdown: 'breakdown',
  uppdelning: 'breakdown',
  kön: 'breakdown',
  kon: 'breakdown',
  sex: 'breakdown',
};

function parseCsv(text: string, checker: RowChecker, rows: ParsedRow[]): void {
  const { problems } = checker;
  const table = readCsvTable<Column>(text, { headers: HEADER_NAMES, required: REQUIRED_COLUMNS }, problems);
  if (!table) return;
  for (const record of table) {
    const { line } = record;
    const indicatorCode = checker.indicator(record.cell('indicator'), line, 'indicator');
    const areaCode = checker.area(record.cell('area'), line, 'area');
    const period = checker.period(record.cell('period'), line, 'period');
    const rawValue = record.cell('value');
    const value = parseNumber(rawValue);
    if (value === null) problems.add(line, 'value', 'not-a-number', { value: rawValue });
    if (indicatorCode === null || areaCode === null || period === null || value === null) continue;
    if (!checker.precision(indicatorCode, value, rawValue, line)) continue;

    const row: ParsedRow = { line, indicatorCode, areaCode, period, breakdown: normalizeBreakdown(record.cell('breakdown')), value };
    const firstLine = checker.firstLineOf(row);
    if (firstLine !== null) problems.add(line, null, 'duplicate-row', { firstLine });
    else rows.push(row);
  }
}

// ---------------------------------------------------------------------------
// JSON-stat

const DIMENSION_NAMES: Record<string, Column> = {
  contentscode: 'indicator',
  indicator: 'indicator',
  indikator: 'indicator',
  region: 'area',
  area: 'area',
  omrade: 'area',
  område: 'area',
  tid: 'period',
  time: 'period',
  year: 'period',
  period: 'period',
  år: 'period',
  kon: 'breakdown',
  kön: 'breakdown',
  sex: 'breakdown',
  breakdown: 'breakdown',
};
const ROLE_COLUMNS = { metric: 'indicator', geo: 'area', time: 'period' } as const;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

interface Dimension {
  id: string;
  size: number;
  /** Category ids in index order. */
  categories: string[];
}

interface Dataset {
  dimensions: Dimension[];
  dimension: Json;
  role: Json | undefined;
  value: unknown;
}

function parseJsonStat(text: string, checker: RowChecker, rows: ParsedRow[]): void {
  const { problems } = checker;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : null;
    problems.add(line, null, 'json');
    return;
  }

  const dataset = readDataset(doc, problems);
  if (!dataset) return;

  // Which dimension holds what: by id, then by JSON-stat role.
  const byColumn = new Map<Column, number>();
  dataset.dimensions.forEach((d, index) => {
    const column = DIMENSION_NAMES[d.id.normalize('NFC').toLowerCase()];
    if (column && !byColumn.has(column)) byColumn.set(column, index);
  });
  for (const [role, column] of Object.entries(ROLE_COLUMNS)) {
    const ids = dataset.role?.[role];
    if (byColumn.has(column) || !Array.isArray(ids) || ids.length !== 1) continue;
    const index = dataset.dimensions.findIndex((d) => d.id === ids[0]);
    if (index >= 0 && ![...byColumn.values()].includes(index)) byColumn.set(column, index);
  }
  let broken = false;
  for (const column of REQUIRED_COLUMNS) {
    if (column === 'value' || byColumn.has(column)) continue;
    problems.add(null, column, 'json-stat', { reason: 'missing-dimension', dimension: column });
    broken = true;
  }
  const used = new Set(byColumn.values());
  dataset.dimensions.forEach((d, index) => {
    if (used.has(index) || d.size <= 1) return;
    problems.add(null, d.id, 'json-stat', { reason: 'extra-dimension', dimension: d.id, size: d.size });
    broken = true;
  });
  if (broken) return;

  // Each category is checked once (not once per value), then values are combined.
  const mapped = dataset.dimensions.map((d, index) => {
    const column = [...byColumn].find(([, i]) => i === index)?.[0];
    return d.categories.map((category): string | null => {
      switch (column) {
        case 'indicator':
          return checker.indicator(category, null, d.id);
        case 'area':
          return checker.area(category, null, d.id);
        case 'period':
          return checker.period(category, null, d.id);
        case 'breakdown': {
          const scb = /^(kon|kön|sex)$/i.test(d.id) ? SCB_SEX[category.trim()] : undefined;
          return scb ?? normalizeBreakdown(category);
        }
        default:
          return '';
      }
    });
  });
  if (problems.stopped) return;

  const sizes = dataset.dimensions.map((d) => d.size);
  const total = sizes.reduce((a, b) => a * b, 1);
  const strides = sizes.map((_, i) => sizes.slice(i + 1).reduce((a, b) => a * b, 1));
  const dimensionOf = (column: Column) => byColumn.get(column);

  const entries = valueEntries(dataset.value, total, problems);
  if (!entries) return;
  const pick = (flat: number, dim: number | undefined): string | null => {
    if (dim === undefined) return '';
    const position = Math.floor(flat / strides[dim]!) % sizes[dim]!;
    return mapped[dim]![position] ?? null;
  };

  for (const [flat, raw] of entries) {
    if (problems.stopped) return;
    if (raw === null) continue;
    const line = flat + 1;
    let value: number | null;
    if (typeof raw === 'number') value = Number.isFinite(raw) ? (raw === 0 ? 0 : raw) : null;
    else if (typeof raw === 'string') value = parseNumber(raw);
    else value = null;
    if (value === null) {
      problems.add(null, 'value', 'not-a-number', { value: typeof raw === 'string' ? raw : JSON.stringify(raw), index: flat });
      continue;
    }
    const indicatorCode = pick(flat, dimensionOf('indicator'));
    const areaCode = pick(flat, dimensionOf('area'));
    const period = pick(flat, dimensionOf('period'));
    const breakdown = pick(flat, dimensionOf('breakdown'));
    if (!indicatorCode || !areaCode || !period || breakdown === null) continue; // reported per category
    if (!checker.precision(indicatorCode, value, typeof raw === 'string' ? raw : String(raw), null, { index: flat })) continue;
    const row: ParsedRow = { line, indicatorCode, areaCode, period, breakdown, value };
    const firstLine = checker.firstLineOf(row);
    if (firstLine !== null) problems.add(null, null, 'duplicate-row', { firstLine, index: flat });
    else rows.push(row);
  }
}

/**
 * A JSON-stat 2.0 dataset (`class: "dataset"`, `id`, `size`, `dimension`, `value`),
 * or the JSON-stat 1.0 shape of SCB's older PxWeb API (`{ dataset: { dimension: { id, size } } }`).
 */
function readDataset(doc: unknown, problems: Problems): Dataset | null {
  const fail = (reason: string, extra: Record<string, string | number> = {}, column: string | null = null) => {
    problems.add(null, column, 'json-stat', { reason, ...extra });
    return null;
  };
  if (!isObject(doc)) return fail('not-a-dataset');
  let ds: Json = doc;
  let ids: unknown = doc.id;
  let sizes: unknown = doc.size;
  if (doc.class === undefined && isObject(doc.dataset) && isObject(doc.dataset.dimension)) {
    ds = doc.dataset;
    ids = (doc.dataset.dimension as Json).id;
    sizes = (doc.dataset.dimension as Json).size;
  } else if (doc.class !== undefined && doc.class !== 'dataset') {
    return fail('not-a-dataset', { class: String(doc.class) });
  }
  const dimension = ds.dimension;
  if (!isObject(dimension)) return fail('no-dimension');
  if (!Array.isArray(ids) || !ids.every((x): x is string => typeof x === 'string')) return fail('bad-id');
  if (!Array.isArray(sizes) || !sizes.every(isCount) || sizes.length !== ids.length) return fail('bad-size');
  if (new Set(ids).size !== ids.length) return fail('bad-id');

  const dimensions: Dimension[] = [];
  for (const [i, id] of ids.entries()) {
    const size = sizes[i] as number;
    const d = dimension[id];
    const category = isObject(d) ? d.category : undefined;
    if (!isObject(category)) return fail('bad-dimension', { dimension: id }, id);
    const categories = categoryIds(category, size);
    if (!categories) return fail('bad-category', { dimension: id }, id);
    dimensions.push({ id, size, categories });
  }
  const total = sizes.reduce((a: number, b: number) => a * b, 1);
  if (!Number.isSafeInteger(total)) return fail('bad-size');
  return { dimensions, dimension, role: isObject(ds.role) ? ds.role : undefined, value: ds.value };
}

/** Category ids in index order; `index` is an array or an object id → position, or absent for one category. */
function categoryIds(category: Json, size: number): string[] | null {
  const { index, label } = category;
  let ids: string[];
  if (Array.isArray(index)) {
    if (!index.every((x): x is string => typeof x === 'string')) return null;
    ids = index;
  } else if (isObject(index)) {
    ids = new Array<string>(size);
    for (const [id, position] of Object.entries(index)) {
      if (!isCount(position) || position >= size || ids[position] !== undefined) return null;
      ids[position] = id;
    }
  } else if (index === undefined && isObject(label) && Object.keys(label).length === 1) {
    ids = Object.keys(label);
  } else {
    return null;
  }
  if (ids.length !== size || new Set(ids).size !== size) return null;
  for (let i = 0; i < size; i++) if (ids[i] === undefined) return null;
  return ids;
}

/** [flat index, value] pairs from a dense array or a sparse object keyed by flat index. */
function valueEntries(value: unknown, total: number, problems: Problems): Array<[number, unknown]> | null {
  if (Array.isArray(value)) {
    if (value.length !== total) {
      problems.add(null, 'value', 'json-stat', { reason: 'value-length', expected: total, found: value.length });
      return null;
    }
    return value.map((v, i): [number, unknown] => [i, v]);
  }
  if (isObject(value)) {
    const entries: Array<[number, unknown]> = [];
    for (const [key, v] of Object.entries(value)) {
      const flat = /^\d+$/.test(key) ? Number(key) : -1;
      if (flat < 0 || flat >= total) {
        problems.add(null, 'value', 'json-stat', { reason: 'value-index', index: key });
        return null;
      }
      entries.push([flat, v]);
    }
    return entries.sort((a, b) => a[0] - b[0]);
  }
  problems.add(null, 'value', 'json-stat', { reason: 'no-value' });
  return null;
}
