/**
 * The staged commit of indicator imports (issue 15): rows go into a staging
 * table chunk by chunk, each its own statement, then one transaction publishes
 * them. All-or-nothing must still hold when a chunk or the publish fails, the
 * staging table must be empty afterwards, and pages must answer while an import
 * is under way (on PGlite, a single connection, that used to wait for the whole commit).
 */
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_ROWS } from '#app/indicators/checked-file.ts';
import { checkDraft, clearStaleImportRuns, STALE_STAGING_MS, writeValues, type ImportDraft } from '#app/indicators/import-commit.server.ts';
import * as areaRoute from '#app/routes/statistics/area.tsx';
import * as importRoute from '#app/routes/statistics/import.tsx';
import { countStaged } from '#db/queries/indicators.server.ts';
import { auditLog, indicatorImportDrafts, indicatorImports, indicators, indicatorValues, indicatorValueStaging } from '#db/schema/index.server.ts';
import { Visitor } from '../support/app.ts';
import { organizationWith, type Person } from '../support/people.ts';
import { bigIndicatorCsv } from '../support/indicator-csv.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp();
let importer: Person;

const ROWS = 20_000;

beforeAll(async () => {
  [importer] = await app.people('Importer');
  await organizationWith(app.services, { verified: true, members: [[importer, 'editor']] });
  await app.services.db.insert(indicators).values([
    { code: 'syss', nameSv: 'Sysselsättning', nameEn: 'Employment', unit: 'procent', source: 'Test', higherIsBetter: true, decimals: 1 },
    { code: 'bistand', nameSv: 'Ekonomiskt bistånd', nameEn: 'Economic assistance', unit: 'procent', source: 'Test', higherIsBetter: false, decimals: 1 },
  ]);
});

const count = async (table: typeof indicatorValues | typeof indicatorImports | typeof indicatorValueStaging) =>
  (await app.services.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
const countOf = async (indicator: string) =>
  (await app.services.db.select({ n: sql<number>`count(*)::int` }).from(indicatorValues).where(eq(indicatorValues.indicatorCode, indicator)))[0]!.n;

const bigCsv = (indicator: string, value: (i: number) => string) => bigIndicatorCsv(app.services.db, indicator, ROWS, value);

/** Previews the file as the import page does and returns its draft, checked again as the commit does. */
async function draftOf(name: string, text: string): Promise<{ draft: ImportDraft; checked: Awaited<ReturnType<typeof checkDraft>> }> {
  const body = new FormData();
  body.set('kind', 'values');
  body.set('file', new File([Buffer.from(text)], name, { type: 'text/csv' }));
  body.set('source', 'SCB, test');
  body.set('retrievedAt', '2025-01-15');
  const res = await importer.rawPost(importRoute, '/statistik/import', body);
  expect(res.status, JSON.stringify(res.data).slice(0, 300)).toBe(200);
  const [draft] = await app.services.db.select().from(indicatorImportDrafts).where(eq(indicatorImportDrafts.id, res.data.preview.draftId));
  const checked = await checkDraft(app.services.db, draft!);
  expect(checked.problems).toEqual([]);
  return { draft: draft!, checked };
}

/** A real database failure for one marked value, on a table of our choosing: a trigger, not a mock. */
async function refusing<T>(table: 'indicator_values' | 'indicator_value_staging', marker: number, work: () => Promise<T>): Promise<T> {
  const db = app.services.db;
  await db.execute(sql.raw(`create function refuse_marker() returns trigger language plpgsql as $$
    begin if new.value = ${marker} then raise exception 'marker value refused'; end if; return new; end $$`));
  await db.execute(sql.raw(`create trigger refuse_marker before insert or update on ${table} for each row execute function refuse_marker()`));
  try {
    return await work();
  } finally {
    await db.execute(sql.raw(`drop trigger refuse_marker on ${table}`));
    await db.execute(sql.raw('drop function refuse_marker()'));
  }
}

describe('the staged import commit', () => {
  it('commits 20 000 rows with their provenance, leaves staging empty, and changes nothing the second time', async () => {
    const { draft, checked } = await draftOf('stor.csv', await bigCsv('syss', (i) => `${i % 100},${i % 10}`));
    expect(checked.chunks.length).toBe(Math.ceil(ROWS / CHUNK_ROWS));
    const progress: number[] = [];
    const result = await writeValues(app.services.db, { draft, checked, userId: importer.userId, ip: '192.0.2.1', onProgress: (done) => void progress.push(done) });
    expect(progress).toEqual([5000, 10000, 15000, 20000]);
    expect(result).toMatchObject({ rows: ROWS, changed: ROWS, source: 'SCB, test', retrievedAt: '2025-01-15', fileName: 'stor.csv', fileSha256: draft.fileSha256 });
    expect(await countOf('syss')).toBe(ROWS);
    const [record] = await app.services.db.select().from(indicatorImports).where(eq(indicatorImports.id, result!.importId!));
    expect(record).toMatchObject({ rowCount: ROWS, changedCount: ROWS, importedBy: importer.userId, fileName: 'stor.csv', format: 'csv', source: 'SCB, test' });
    const onRecord = await app.services.db.select({ n: sql<number>`count(*)::int` }).from(indicatorValues).where(eq(indicatorValues.importId, record!.id));
    expect(onRecord[0]!.n).toBe(ROWS);
    const [audit] = await app.services.db.select().from(auditLog).where(and(eq(auditLog.action, 'indicators.import'), eq(auditLog.targetId, record!.id)));
    expect(audit?.details).toMatchObject({ rows: ROWS, changed: ROWS, sha256: draft.fileSha256 });
    expect(await count(indicatorValueStaging)).toBe(0);
    // The draft was used up by the commit.
    expect(await app.services.db.select().from(indicatorImportDrafts).where(eq(indicatorImportDrafts.id, draft.id))).toEqual([]);

    // Again, with one value changed: only that one is written; staging held only it.
    const importsBefore = await count(indicatorImports);
    const again = await draftOf('stor.csv', await bigCsv('syss', (i) => (i === 7 ? '99,9' : `${i % 100},${i % 10}`)));
    const second = await writeValues(app.services.db, { draft: again.draft, checked: again.checked, userId: importer.userId, ip: null });
    expect(second).toMatchObject({ rows: ROWS, changed: 1 });
    expect(await count(indicatorImports)).toBe(importsBefore + 1);

    // The same file once more: nothing changes, no import is recorded.
    const same = await draftOf('stor.csv', await bigCsv('syss', (i) => (i === 7 ? '99,9' : `${i % 100},${i % 10}`)));
    const third = await writeValues(app.services.db, { draft: same.draft, checked: same.checked, userId: importer.userId, ip: null });
    expect(third).toMatchObject({ rows: ROWS, changed: 0, importId: null });
    expect(await count(indicatorImports)).toBe(importsBefore + 1);
    expect(await count(indicatorValueStaging)).toBe(0);
  });

  it('writes nothing and leaves staging empty when the last chunk fails', async () => {
    const valuesBefore = await count(indicatorValues);
    const importsBefore = await count(indicatorImports);
    // The last row of the file (in the last chunk) carries the value the staging table refuses.
    const { draft, checked } = await draftOf('sista.csv', await bigCsv('bistand', (i) => (i === ROWS - 1 ? '4242' : `${i % 50},5`)));
    const progress: number[] = [];
    const failure = await refusing('indicator_value_staging', 4242, () =>
      writeValues(app.services.db, { draft, checked, userId: importer.userId, ip: null, onProgress: (done) => void progress.push(done) }).catch((e: unknown) => e),
    );
    expect(String((failure as Error)?.cause ?? failure)).toContain('marker value refused');
    expect(progress).toEqual([5000, 10000, 15000]); // three chunks staged, the fourth (last) failed
    expect(await count(indicatorValues)).toBe(valuesBefore);
    expect(await countOf('bistand')).toBe(0);
    expect(await count(indicatorImports)).toBe(importsBefore);
    expect(await count(indicatorValueStaging)).toBe(0);
    // The draft was never taken: the person can try again.
    expect((await app.services.db.select().from(indicatorImportDrafts).where(eq(indicatorImportDrafts.id, draft.id))).length).toBe(1);
  });

  it('writes nothing and leaves staging empty when the final publish fails', async () => {
    const valuesBefore = await count(indicatorValues);
    const importsBefore = await count(indicatorImports);
    const { draft, checked } = await draftOf('publicering.csv', await bigCsv('bistand', (i) => (i === ROWS - 1 ? '4343' : `${i % 50},5`)));
    const progress: number[] = [];
    const failure = await refusing('indicator_values', 4343, () =>
      writeValues(app.services.db, { draft, checked, userId: importer.userId, ip: null, onProgress: (done) => void progress.push(done) }).catch((e: unknown) => e),
    );
    expect(String((failure as Error)?.cause ?? failure)).toContain('marker value refused');
    expect(progress.at(-1)).toBe(ROWS); // every chunk was staged before the publish failed
    expect(await count(indicatorValues)).toBe(valuesBefore);
    expect(await count(indicatorImports)).toBe(importsBefore);
    expect(await count(indicatorValueStaging)).toBe(0);
    expect((await app.services.db.select().from(indicatorImportDrafts).where(eq(indicatorImportDrafts.id, draft.id))).length).toBe(1);
  });

  it('answers pages while an import is under way, showing none of it until it is published', async () => {
    const { draft, checked } = await draftOf('sidor.csv', await bigCsv('bistand', (i) => `${i % 50},5`));
    const reader = new Visitor(app.services);
    const events: string[] = [];
    let published = false;
    const run = writeValues(app.services.db, {
      draft,
      checked,
      userId: importer.userId,
      ip: null,
      onProgress: async (done) => {
        events.push(`staged ${done}`);
        if (done !== CHUNK_ROWS) return;
        // Mid-import (one chunk staged, three to go): a whole page is served, and the import is invisible.
        const page = await reader.load(areaRoute, '/omraden/1280', { code: '1280' });
        events.push(`page ${page.status}`);
        expect(published).toBe(false);
        expect(await countOf('bistand')).toBe(0);
      },
    }).then((result) => {
      published = true;
      events.push('published');
      return result;
    });
    expect(await run).toMatchObject({ rows: ROWS, changed: ROWS });
    expect(events).toEqual(['staged 5000', 'page 200', 'staged 10000', 'staged 15000', 'staged 20000', 'published']);
    expect(await countOf('bistand')).toBe(ROWS);
  });

  it("removes a crashed run's staging rows by age, and leaves a live run's alone", async () => {
    const db = app.services.db;
    const row = { indicatorCode: 'syss', areaCode: '1280', period: '2020', breakdown: '', value: 1 };
    const crashed = '00000000-0000-4000-8000-000000000001';
    const live = '00000000-0000-4000-8000-000000000002';
    await db.insert(indicatorValueStaging).values([
      { ...row, runId: crashed, createdAt: new Date(Date.now() - STALE_STAGING_MS - 60_000) },
      { ...row, runId: live },
    ]);
    expect(await clearStaleImportRuns(db)).toBe(1);
    expect(await countStaged(db, crashed)).toBe(0);
    expect(await countStaged(db, live)).toBe(1);
    await db.delete(indicatorValueStaging).where(eq(indicatorValueStaging.runId, live));
  });
});
