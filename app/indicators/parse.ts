/**
 * Reading indicator files into indicator values (indicator × area × period × breakdown).
 *
 * Two formats: CSV as people export it from Excel (Swedish or international) and
 * JSON-stat 2.0 as statistics offices such as SCB publish it. Pure: no I/O and no
 * database; the caller passes the known indicator and area codes. Nothing here
 * throws: every problem found is returned, with a line and column where possible,
 * so that the person importing can fix the file in one go.
 */

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

export type ImportProblemCode =
  | 'encoding'
  | 'empty-file'
  | 'too-large'
  | 'no-rows'
  | 'missing-header'
  | 'missing-column'
  | 'separator'
  | 'unknown-indicator'
  | 'unknown-area'
  | 'not-a-number'
  | 'bad-period'
  | 'period-out-of-range'
  | 'duplicate-row'
  /** Reserved: nothing reports it yet (the context carries no per-indicator precision). */
  | 'too-many-decimals'
  | 'json'
  | 'json-stat';

export interface ImportProblem {
  /** 1-based file line; null for the whole file and for JSON-stat values. */
  line: number | null;
  /** CSV: 'indicator' | 'area' | 'period' | 'breakdown' | 'value'. JSON-stat: the dimension's id as written, or 'value'. */
  column: string | null;
  code: ImportProblemCode;
  params?: Record<string, string | number>;
}

export interface ParseContext {
  indicators: ReadonlySet<string>;
  areas: ReadonlySet<string>;
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

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** After this many problems the parser stops and marks the last one `truncated: 1`. */
export const MAX_IMPORT_PROBLEMS = 500;

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
 * län "01", "0180 Stockholm" (code and name, as SCB's CSV exports write it) and
 * SCB's "00" (Riket) for the country "SE". A repaired code must be known.
 */
function resolveArea(raw: string, areas: ReadonlySet<string>): string | null {
  const code = raw.normalize('NFC').trim();
  if (code === '') return null;
  if (areas.has(code)) return code;
  const upper = code.toUpperCase();
  if (areas.has(upper)) return upper;
  const withName = /^(\d{1,4})\s+\p{L}/u.exec(code);
  if (withName) return resolveArea(withName[1]!, areas);
  if (/^\d{3}$/.test(code) && areas.has(`0${code}`)) return `0${code}`;
  if (/^\d$/.test(code) && areas.has(`0${code}`)) return `0${code}`;
  if (code === '00' && areas.has('SE')) return 'SE';
  return null;
}

// ---------------------------------------------------------------------------
// Problems

class Problems {
  readonly list: ImportProblem[] = [];
  /** True once a problem was refused because the list was full. */
  stopped = false;

  add(line: number | null, column: string | null, code: ImportProblemCode, params?: Record<string, string | number>): void {
    if (this.list.length >= MAX_IMPORT_PROBLEMS) {
      if (!this.stopped) {
        const last = this.list[this.list.length - 1]!;
        last.params = { ...last.params, truncated: 1 };
        this.stopped = true;
      }
      return;
    }
    this.list.push(params ? { line, column, code, params } : { line, column, code });
  }
}

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

  /** The line of an earlier row with the same key, or null (and the key is remembered). */
  firstLineOf(row: Omit<ParsedRow, 'value'>): number | null {
    const key = `${row.indicatorCode}\u0000${row.areaCode}\u0000${row.period}\u0000${row.breakdown}`;
    const first = this.seen.get(key);
    if (first !== undefined) return first;
    this.seen.set(key, row.line);
    return null;
  }
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
  if (bytes.length > MAX_IMPORT_BYTES) {
    problems.add(null, null, 'too-large', { max: MAX_IMPORT_BYTES, size: bytes.length });
    return;
  }
  if (bytes.length === 0) {
    problems.add(null, null, 'empty-file');
    return;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const hint = encodingHint(bytes);
    const at = firstInvalidUtf8(bytes);
    problems.add(at < 0 ? null : lineAt(bytes, at), null, 'encoding', hint ? { hint } : undefined);
    return;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') {
    problems.add(null, null, 'empty-file');
    return;
  }
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
// Encoding

/** Why a file is not UTF-8, when it can be told: Excel's "Unicode text" (UTF-16) or a Windows-1252 export. */
function encodingHint(bytes: Uint8Array): string | null {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'utf-16';
  try {
    return /[åäöÅÄÖ]/.test(new TextDecoder('windows-1252').decode(bytes)) ? 'windows-1252' : null;
  } catch {
    // A Node built without ICU: å ä ö Å Ä Ö are single bytes in Windows-1252.
    return bytes.some((b) => b === 0xe5 || b === 0xe4 || b === 0xf6 || b === 0xc5 || b === 0xc4 || b === 0xd6) ? 'windows-1252' : null;
  }
}

/** Offset of the first byte that breaks UTF-8 (close enough to name a line), or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let follow: number;
    if (b < 0x80) follow = 0;
    else if (b >= 0xc2 && b <= 0xdf) follow = 1;
    else if (b >= 0xe0 && b <= 0xef) follow = 2;
    else if (b >= 0xf0 && b <= 0xf4) follow = 3;
    else return i;
    for (let j = 1; j <= follow; j++) {
      const c = bytes[i + j];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += follow + 1;
  }
  return -1;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
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

const headerColumn = (cell: string): Column | undefined => HEADER_NAMES[cell.normalize('NFC').trim().toLowerCase()];

type Separator = ';' | ',' | '\t';

interface CsvRecord {
  /** The line the record starts on. */
  line: number;
  cells: string[];
  /** The file ended inside a quoted field. */
  unclosed: boolean;
}

/**
 * The separator used in the header line (quotes respected): the most frequent of
 * ';', tab and ',' (ties in that order), or null when there is none. `other` is a
 * guess at a separator we do not read, such as '|', to tell the person.
 */
function detectSeparator(text: string): { separator: Separator | null; other: string | null } {
  const counts = new Map<string, number>();
  let quoted = false;
  let seenContent = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else quoted = false;
      }
      continue;
    }
    if (ch === '\n' || ch === '\r') {
      if (seenContent) break;
      continue; // leading blank lines
    }
    if (ch === '"') quoted = true;
    else if (ch === ';' || ch === ',' || ch === '\t') counts.set(ch, (counts.get(ch) ?? 0) + 1);
    // Anything else that is not part of a name may be a separator we do not read ('|', ':').
    else if (!/[a-zA-Z0-9 _'.+-]/.test(ch) && !/[\p{L}\p{N}\s]/u.test(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    if (ch !== ' ' && ch !== '\t') seenContent = true;
  }
  let separator: Separator | null = null;
  for (const candidate of [';', '\t', ','] as const) {
    const n = counts.get(candidate) ?? 0;
    if (n > 0 && n > (separator ? (counts.get(separator) ?? 0) : 0)) separator = candidate;
  }
  let other: string | null = null;
  let best = 0;
  for (const [ch, n] of counts) {
    if (n > best) {
      other = ch;
      best = n;
    }
  }
  return { separator, other };
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) count++;
  }
  return count;
}

/** RFC 4180 records: quoted fields may hold the separator, doubled quotes and line breaks. */
function* csvRecords(text: string, separator: string): Generator<CsvRecord> {
  const sep = separator.charCodeAt(0);
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    let unclosed = false;
    let endOfRecord = false;
    while (!endOfRecord) {
      let cell = '';
      let j = i;
      while (j < n && (text.charCodeAt(j) === SPACE || (text.charCodeAt(j) === TAB && sep !== TAB))) j++;
      if (j < n && text.charCodeAt(j) === QUOTE) {
        let k = j + 1;
        for (;;) {
          const q = text.indexOf('"', k);
          if (q < 0) {
            cell += text.slice(k);
            line += countLineBreaks(text, k, n);
            k = n;
            unclosed = true;
            break;
          }
          cell += text.slice(k, q);
          line += countLineBreaks(text, k, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            cell += '"';
            k = q + 2;
          } else {
            k = q + 1;
            break;
          }
        }
        cell = cell.replace(/\r\n?/g, '\n');
        i = k;
      }
      // An unquoted cell, or whatever follows a closing quote up to the separator.
      let k = i;
      while (k < n) {
        const c = text.charCodeAt(k);
        if (c === sep || c === LF || c === CR) break;
        k++;
      }
      cell += text.slice(i, k);
      cells.push(cell.trim());
      if (k >= n) {
        i = n;
        endOfRecord = true;
      } else if (text.charCodeAt(k) === sep) {
        i = k + 1;
      } else {
        i = k + (text.charCodeAt(k) === CR && text.charCodeAt(k + 1) === LF ? 2 : 1);
        line++;
        endOfRecord = true;
      }
    }
    yield { line: start, cells, unclosed };
  }
}

const isBlank = (record: CsvRecord) => record.cells.every((c) => c === '');

function parseCsv(text: string, checker: RowChecker, rows: ParsedRow[]): void {
  const { problems } = checker;
  const { separator, other } = detectSeparator(text);
  const records = csvRecords(text, separator ?? '\u0000');

  // Step by hand: breaking out of a for-of would close the generator.
  let header: CsvRecord | undefined;
  for (let next = records.next(); !next.done; next = records.next()) {
    if (!isBlank(next.value)) {
      header = next.value;
      break;
    }
  }
  if (!header) return; // only separators: "no-rows"

  const columns = new Map<Column, number>();
  header.cells.forEach((cell, index) => {
    const column = headerColumn(cell);
    if (column && !columns.has(column)) columns.set(column, index);
  });
  if (columns.size === 0) {
    if (header.cells.length === 1) problems.add(header.line, null, 'separator', other ? { found: other } : undefined);
    else problems.add(header.line, null, 'missing-header');
    return;
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    for (const column of missing) problems.add(header.line, column, 'missing-column');
    return;
  }

  const width = header.cells.length;
  const cellOf = (record: CsvRecord, column: Column): string => {
    const index = columns.get(column);
    return index === undefined ? '' : (record.cells[index] ?? '');
  };

  for (const record of records) {
    if (problems.stopped) return;
    if (isBlank(record)) continue;
    const { line } = record;
    if (record.unclosed) {
      problems.add(line, null, 'separator', { reason: 'unclosed-quote' });
      return;
    }
    // More filled cells than the header has: a decimal comma in a comma-separated
    // file or a stray separator. Reading on would shift values into wrong columns.
    if (record.cells.length > width && record.cells.slice(width).some((c) => c !== '')) {
      problems.add(line, null, 'separator', { expected: width, found: record.cells.length });
      continue;
    }

    const indicatorCode = checker.indicator(cellOf(record, 'indicator'), line, 'indicator');
    const areaCode = checker.area(cellOf(record, 'area'), line, 'area');
    const period = checker.period(cellOf(record, 'period'), line, 'period');
    const rawValue = cellOf(record, 'value');
    const value = parseNumber(rawValue);
    if (value === null) problems.add(line, 'value', 'not-a-number', { value: rawValue });
    if (indicatorCode === null || areaCode === null || period === null || value === null) continue;

    const row: ParsedRow = { line, indicatorCode, areaCode, period, breakdown: normalizeBreakdown(cellOf(record, 'breakdown')), value };
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
