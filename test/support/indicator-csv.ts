import { ne } from 'drizzle-orm';
import type { Db } from '#db/client.server.ts';
import { areas } from '#db/schema/index.server.ts';

/**
 * A long-format CSV of `rows` distinct values for one indicator — every kommun and län × year (1990–2025) ×
 * breakdown, as far as needed — for tests of large imports. The last value is on line `rows + 1`.
 */
export async function bigIndicatorCsv(db: Db, indicator: string, rows: number, value: (i: number) => string): Promise<string> {
  const codes = (await db.select({ code: areas.code }).from(areas).where(ne(areas.kind, 'district'))).map((a) => a.code);
  const lines = ['indikator;område;period;kön;värde'];
  outer: for (const breakdown of ['Totalt', 'Kvinnor', 'Män'])
    for (const code of codes)
      for (let year = 1990; year <= 2025; year++) {
        if (lines.length > rows) break outer;
        lines.push(`${indicator};${code};${year};${breakdown};${value(lines.length - 1)}`);
      }
  if (lines.length - 1 !== rows) throw new Error(`only ${lines.length - 1} distinct values fit, not ${rows}`);
  return `${lines.join('\n')}\n`;
}
