/**
 * Checking a large indicator file in a worker thread (issue 15): the same
 * answer as the check on the main thread, problems included, while the event
 * loop keeps running. Ordering, not timing: a timer set before the check fires
 * before the threaded check answers, and after the inline one.
 */
import { describe, expect, it } from 'vitest';
import { checkFile } from '#app/indicators/checked-file.ts';
import { checkIndicatorFile, PARSE_INLINE_MAX_BYTES } from '#app/indicators/parse-thread.server.ts';
import type { ParseContext } from '#app/indicators/parse.ts';

const areas = new Set(Array.from({ length: 400 }, (_, i) => String(1000 + i)));
const context: ParseContext = { indicators: new Set(['syss']), areas, decimals: new Map([['syss', 1]]), maxYear: 2030 };

/** 400 areas × 31 years: 12 400 rows, well over the inline limit. `broken` lines get problems. */
function file(broken: (line: number) => string | null = () => null): { name: string; bytes: Uint8Array } {
  const lines = ['indikator;område;period;värde'];
  for (let year = 2000; year <= 2030; year++)
    for (const area of areas) {
      const line = lines.length + 1;
      lines.push(broken(line) ?? `syss;${area};${year};${line % 100},5`);
    }
  return { name: 'stor.csv', bytes: new TextEncoder().encode(lines.join('\n')) };
}

/** Resolves with the order in which a zero-delay timer and the check finished. */
async function order(check: () => Promise<unknown>): Promise<string[]> {
  const events: string[] = [];
  const timer = new Promise<void>((resolve) => setTimeout(() => resolve(void events.push('timer')), 0));
  await check().then(() => events.push('check'));
  await timer;
  return events;
}

describe('checking a file in a worker thread', () => {
  it('answers what the main thread would, for a clean file', async () => {
    const f = file();
    expect(f.bytes.length).toBeGreaterThan(PARSE_INLINE_MAX_BYTES);
    const threaded = await checkIndicatorFile(f, context);
    expect(threaded).toEqual(checkFile(f, context));
    expect(threaded).toMatchObject({ format: 'csv', rows: 12_400, problems: [], indicators: ['syss'], areas: 400, periods: ['2000', '2030'] });
    expect(threaded.chunks).toHaveLength(3);
    expect(JSON.parse(threaded.chunks[0]!)[0]).toEqual({ i: 'syss', a: '1000', p: '2000', b: '', v: 2.5 });
  });

  it('reports the same problems by line and column', async () => {
    const f = file((line) => (line === 7 ? 'syss;9999;2001;1,5' : line === 900 ? 'syss;1000;2001;tolv' : line === 5000 ? 'syss;1001;2001;1,55' : null));
    const threaded = await checkIndicatorFile(f, context);
    expect(threaded.problems).toEqual(checkFile(f, context).problems);
    expect(threaded.problems.map((p) => [p.line, p.column, p.code])).toEqual(
      expect.arrayContaining([
        [7, 'area', 'unknown-area'],
        [900, 'value', 'not-a-number'],
        [5000, 'value', 'too-many-decimals'],
      ]),
    );
    expect(threaded.chunks).toEqual([]);
  });

  it('leaves the event loop running while it checks', async () => {
    const f = file();
    expect(await order(() => checkIndicatorFile(f, context))).toEqual(['timer', 'check']);
    // The same file checked on the main thread holds the loop until it is done.
    expect(await order(() => checkIndicatorFile(f, context, { thread: false }))).toEqual(['check', 'timer']);
  });
});
