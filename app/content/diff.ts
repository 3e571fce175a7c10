/**
 * Readable differences between two saved versions: which fields changed, and
 * for long text, which lines were removed or added (a longest-common-subsequence
 * line diff, enough for write-ups of a few pages).
 */
import { docToPlainText } from '../rich-text/plain-text.ts';

export type DiffLine = { type: 'same' | 'added' | 'removed'; text: string };
export interface FieldChange {
  field: string;
  before: string;
  after: string;
  /** For multi-line text: the line-by-line view. */
  lines?: DiffLine[];
}

const RICH_TEXT_FIELDS = new Set(['body', 'whatWorked', 'whatDidNot', 'recommendations']);
const IGNORED = new Set(['restoredFrom']);

function asText(field: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (RICH_TEXT_FIELDS.has(field)) return docToPlainText(value);
  if (Array.isArray(value)) return [...value].map(String).sort().join(', ');
  return String(value);
}

export function diffSnapshots(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => !IGNORED.has(f));
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const a = asText(field, before[field]);
    const b = asText(field, after[field]);
    if (a === b) continue;
    const multiline = a.includes('\n') || b.includes('\n') || RICH_TEXT_FIELDS.has(field);
    changes.push({ field, before: a, after: b, lines: multiline ? diffLines(a, b) : undefined });
  }
  return changes;
}

export function diffLines(a: string, b: string): DiffLine[] {
  const x = a === '' ? [] : a.split('\n');
  const y = b === '' ? [] : b.split('\n');
  // lcs[i][j] = length of the longest common subsequence of x[i:] and y[j:]
  const lcs = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) for (let j = y.length - 1; j >= 0; j--) lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      out.push({ type: 'same', text: x[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ type: 'removed', text: x[i++]! });
    else out.push({ type: 'added', text: y[j++]! });
  }
  while (i < x.length) out.push({ type: 'removed', text: x[i++]! });
  while (j < y.length) out.push({ type: 'added', text: y[j++]! });
  return out;
}
