/**
 * What an API client hands the import: plain values, which become the same
 * long-format CSV a person would upload (indikator;område;period;uppdelning;värde),
 * so the API imports go through the one pipeline of parse.ts, the preview and
 * the all-or-nothing commit.
 */
export interface SourceRow {
  /** The code as the source wrote it (for messages). */
  sourceArea: string;
  /** Samverka's area code. */
  areaCode: string;
  period: string;
  /** '' for the total. */
  breakdown: string;
  value: number;
}

/**
 * Long-format CSV of the rows for one indicator. Values are rounded to the
 * indicator's decimals: sources such as Kolada give computed ratios with
 * float noise (73.10000000001), which Samverka keeps and shows with `decimals`.
 */
export function rowsToCsv(indicatorCode: string, rows: SourceRow[], decimals: number | undefined): string {
  const lines = ['indikator;område;period;uppdelning;värde'];
  const round = (v: number) => (decimals === undefined ? v : Number(v.toFixed(decimals)));
  for (const r of rows) lines.push(`${indicatorCode};${r.areaCode};${r.period};${r.breakdown};${round(r.value)}`);
  return `${lines.join('\n')}\n`;
}
