/**
 * An indicator file after its check, in the shape the rest of the import needs:
 * the problems (the same as parse.ts reports), a summary for the preview, and
 * the rows as JSON chunks ready to be sent as one statement parameter each
 * (`jsonb_to_recordset`, db/queries/indicators.server.ts).
 *
 * Why chunks of JSON text rather than row objects: a large file is checked in a
 * worker thread (parse-thread.server.ts), and whatever it answers is copied to
 * the main thread. 350 000 row objects take the main thread a noticeable pause
 * to receive (structured clone builds each object); a few dozen strings are a
 * copy of bytes. Pure: no I/O.
 */
import { parseIndicatorFile, type ImportProblem, type ParseContext, type ParsedRow } from './parse.ts';

/** Rows per chunk: one statement each when staging and when counting changes. */
export const CHUNK_ROWS = 5000;

export interface CheckedFile {
  format: 'csv' | 'json-stat';
  problems: ImportProblem[];
  rows: number;
  /** Indicator codes in the file, in order of first appearance. */
  indicators: string[];
  areas: number;
  /** First and last period (as sorted text); null without rows. */
  periods: [string, string] | null;
  /** The first ten rows, for the preview. */
  sample: ParsedRow[];
  /** The rows as JSON arrays of `{ i, a, p, b, v }` (indicator, area, period, breakdown, value), `chunkRows` each. */
  chunks: string[];
  chunkRows: number;
}

export function checkFile(file: { name: string; bytes: Uint8Array }, ctx: ParseContext, chunkRows = CHUNK_ROWS): CheckedFile {
  const parsed = parseIndicatorFile(file, ctx);
  return summarise(parsed.format, parsed.problems, parsed.problems.length > 0 ? [] : parsed.rows, chunkRows);
}

/** Rows already checked elsewhere (tests, the demo seed) in the same shape. */
export function summarise(format: CheckedFile['format'], problems: ImportProblem[], rows: ParsedRow[], chunkRows = CHUNK_ROWS): CheckedFile {
  const indicators = new Set<string>();
  const areas = new Set<string>();
  let first: string | null = null;
  let last: string | null = null;
  for (const r of rows) {
    indicators.add(r.indicatorCode);
    areas.add(r.areaCode);
    if (first === null || r.period < first) first = r.period;
    if (last === null || r.period > last) last = r.period;
  }
  const chunks: string[] = [];
  for (let i = 0; i < rows.length; i += chunkRows) {
    chunks.push(JSON.stringify(rows.slice(i, i + chunkRows).map((r) => ({ i: r.indicatorCode, a: r.areaCode, p: r.period, b: r.breakdown, v: r.value }))));
  }
  return {
    format,
    problems,
    rows: rows.length,
    indicators: [...indicators],
    areas: areas.size,
    periods: first !== null && last !== null ? [first, last] : null,
    sample: rows.slice(0, 10),
    chunks,
    chunkRows,
  };
}
