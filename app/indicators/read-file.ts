/**
 * Reading uploaded text files for the imports on /statistik/import: bytes to
 * text (size, UTF-8, BOM), CSV to rows of named cells (separator, quotes,
 * header), and the list of problems found on the way. Shared by the indicator
 * value parser (parse.ts) and the district parser (district-parse.ts), so both
 * accept the same files and report problems the same way. Pure: no I/O.
 */

export type ImportProblemCode =
  // The file as a whole, and CSV structure (both imports)
  | 'encoding'
  | 'empty-file'
  | 'too-large'
  | 'no-rows'
  | 'missing-header'
  | 'missing-column'
  | 'separator'
  // Indicator values
  | 'unknown-indicator'
  | 'unknown-area'
  | 'not-a-number'
  | 'bad-period'
  | 'period-out-of-range'
  | 'duplicate-row'
  | 'too-many-decimals'
  | 'json'
  | 'json-stat'
  // Another value import is being written (one at a time); nothing of this one was saved.
  | 'import-running'
  // Districts
  | 'bad-district-code'
  | 'district-outside-municipality'
  | 'unknown-municipality'
  | 'duplicate-code'
  | 'code-taken'
  | 'empty-name'
  | 'name-too-long';

export interface ImportProblem {
  /** 1-based file line; null for the whole file and for JSON-stat values. */
  line: number | null;
  /** The column's internal name ('indicator', 'area', 'code' …); JSON-stat: the dimension's id as written. */
  column: string | null;
  code: ImportProblemCode;
  params?: Record<string, string | number>;
}

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** After this many problems the parser stops and marks the last one `truncated: 1`. */
export const MAX_IMPORT_PROBLEMS = 500;

export class Problems {
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

// ---------------------------------------------------------------------------
// Bytes to text

/** The file's text without a BOM, or null after reporting why it cannot be read. */
export function decodeFile(bytes: Uint8Array, problems: Problems): string | null {
  if (bytes.length > MAX_IMPORT_BYTES) {
    problems.add(null, null, 'too-large', { max: MAX_IMPORT_BYTES, size: bytes.length });
    return null;
  }
  if (bytes.length === 0) {
    problems.add(null, null, 'empty-file');
    return null;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const hint = encodingHint(bytes);
    const at = firstInvalidUtf8(bytes);
    problems.add(at < 0 ? null : lineAt(bytes, at), null, 'encoding', hint ? { hint } : undefined);
    return null;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') {
    problems.add(null, null, 'empty-file');
    return null;
  }
  return text;
}

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

export interface CsvTableSpec<C extends string> {
  /** Header cell (lower case, NFC) → column; several spellings may name one column. */
  headers: Readonly<Record<string, C>>;
  required: readonly C[];
}

export interface CsvRow<C extends string> {
  /** The line the row starts on (the header is usually line 1). */
  line: number;
  /** The cell under a column, trimmed; '' when the file has no such column or the row is short. */
  cell(column: C): string;
}

/**
 * A CSV file with a header row as rows of named cells. Reports (and returns
 * null for) a file whose header cannot be read; while iterating, reports and
 * skips rows it cannot trust (more cells than the header), skips blank lines,
 * and stops at a quote that is never closed or when the problem list is full.
 */
export function readCsvTable<C extends string>(text: string, spec: CsvTableSpec<C>, problems: Problems): Iterable<CsvRow<C>> | null {
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
  if (!header) return []; // only separators: the caller finds no rows

  const columns = new Map<C, number>();
  header.cells.forEach((cell, index) => {
    const column = spec.headers[cell.normalize('NFC').trim().toLowerCase()];
    if (column && !columns.has(column)) columns.set(column, index);
  });
  if (columns.size === 0) {
    if (header.cells.length === 1) problems.add(header.line, null, 'separator', other ? { found: other } : undefined);
    else problems.add(header.line, null, 'missing-header');
    return null;
  }
  const missing = spec.required.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    for (const column of missing) problems.add(header.line, column, 'missing-column');
    return null;
  }

  const width = header.cells.length;
  return (function* rows(): Generator<CsvRow<C>> {
    for (const record of records) {
      if (problems.stopped) return;
      if (isBlank(record)) continue;
      if (record.unclosed) {
        problems.add(record.line, null, 'separator', { reason: 'unclosed-quote' });
        return;
      }
      // More filled cells than the header has: a decimal comma in a comma-separated
      // file or a stray separator. Reading on would shift values into wrong columns.
      if (record.cells.length > width && record.cells.slice(width).some((c) => c !== '')) {
        problems.add(record.line, null, 'separator', { expected: width, found: record.cells.length });
        continue;
      }
      yield {
        line: record.line,
        cell: (column) => {
          const index = columns.get(column);
          return index === undefined ? '' : (record.cells[index] ?? '');
        },
      };
    }
  })();
}
