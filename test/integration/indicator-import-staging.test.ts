/**
 * The chunked commit of indicator imports (issue 15): new values go into
 * indicator_values under a pending import, changed ones into a staging table,
 * piece by piece, each its own statement; then one short transaction publishes
 * the import. Readers (through published_indicator_values) never see a pending
 * import's values. All-or-nothing must still hold when a chunk or the publish
 * fails (no value visible or left behind, staging empty), a run that died is
 * swept, two imports never interleave, and pages answer while an import is
 * under way (on PGlite, a single connection, that used to wait for the whole commit).
 */
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_ROWS } from '#app/indicators/checked-file.ts';
import { checkDraft, clearStaleImportRuns, ImportRunningError, STALE_STAGING_MS, writeValues, type ImportDraft } from '#app/indicators/import-commit.server.ts';
import * as valuesApi from '#app/routes/api/indicator-values.ts';
import * as catalogRoute from '#app/routes/feeds/catalog.ts';
import * as areaRoute from '#app/routes/statistics/area.tsx';
import * as importRoute from '#app/routes/statistics/import.tsx';
import { countStaged, draftParts, findImportDraft, insertImportDraft, takeImportDraft, valuesFor } from '#db/queries/indicators.server.ts';
import { auditLog, indicatorImportDraftParts, indicatorImportDrafts, indicatorImports, indicators, indicatorValues, indicatorValueStaging, publishedIndicatorValues } from '#db/schema/index.server.ts';
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
/** Rows of this indicator in the table itself, pending ones included. */
const countOf = async (indicator: string) =>
  (await app.services.db.select({ n: sql<number>`count(*)::int` }).from(indicatorValues).where(eq(indicatorValues.indicatorCode, indicator)))[0]!.n;
/** Rows of this indicator that readers see. */
const visibleOf = async (indicator: string) =>
  (await app.services.db.select({ n: sql<number>`count(*)::int` }).from(publishedIndicatorValues).where(eq(publishedIndicatorValues.indicatorCode, indicator)))[0]!.n;
const pendingImports = async () => (await app.services.db.select().from(indicatorImports).where(eq(indicatorImports.pending, true))).length;

/** What readers are shown of an indicator for an area, through the real loaders: area page, API, open-data catalogue. */
async function shownTo(reader: Visitor, indicator: string, area: string) {
  const page = await reader.load(areaRoute, `/omraden/${area}`, { code: area });
  expect(page.status).toBe(200);
  const api = await reader.load(valuesApi, `/api/v1/indicator-values?indikator=${indicator}&omrade=${area}`);
  expect(api.status).toBe(200);
  const catalogue = await reader.load(catalogRoute, '/oppna-data/katalog.jsonld');
  return {
    page: (page.data.charts as { code: string }[]).some((c) => c.code === indicator),
    api: (api.data.items as unknown[]).length,
    openData: String(catalogue.data).includes(`/${indicator}`),
  };
}
/** An area (not the country, which has no page) with values in a generated file's first chunk. */
const areaOfFirstChunk = (csv: string) =>
  csv
    .split('\n')
    .slice(1, CHUNK_ROWS)
    .map((line) => line.split(';')[1]!)
    .find((code) => code !== 'SE')!;

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
  const draft = await findImportDraft(app.services.db, res.data.preview.draftId, importer.userId);
  const checked = await checkDraft(app.services.db, draft!);
  expect(checked.problems).toEqual([]);
  return { draft: draft!, checked };
}

/** A real database failure when a written row matches `when` (in terms of `new`), on a table and events of our choosing: a trigger, not a mock. */
async function refusing<T>(on: { table: 'indicator_values' | 'indicator_value_staging' | 'indicator_imports' | 'indicator_import_draft_parts'; events: string; when: string }, work: () => Promise<T>): Promise<T> {
  const db = app.services.db;
  await db.execute(sql.raw(`create function refuse_marker() returns trigger language plpgsql as $$
    begin if ${on.when} then raise exception 'marker value refused'; end if; return new; end $$`));
  await db.execute(sql.raw(`create trigger refuse_marker before ${on.events} on ${on.table} for each row execute function refuse_marker()`));
  try {
    return await work();
  } finally {
    await db.execute(sql.raw(`drop trigger refuse_marker on ${on.table}`));
    await db.execute(sql.raw('drop function refuse_marker()'));
  }
}

describe('a draft stored in parts (issue 15)', () => {
  const draftInput = (content: string) => ({ userId: importer.userId, fileName: 'delar.csv', fileSha256: 'x'.repeat(64), content, source: 'Test', retrievedAt: null });
  // Parts of 4 characters; '😀' (two UTF-16 units) falls across the first boundary.
  const content = 'ab😀cdefghijklmnopqrstuvwxyzåäö';

  it('splits never inside a surrogate pair, and gives the whole content back only once complete', async () => {
    expect(draftParts(content, 4).join('')).toBe(content);
    expect(draftParts(content, 3)[0]).toBe('ab😀');
    const db = app.services.db;
    const between: { complete: boolean; offered: boolean }[] = [];
    const draft = await insertImportDraft(db, draftInput(content), {
      partChars: 4,
      // Between parts the draft exists but is offered to no one.
      betweenParts: async () => {
        const [row] = await db.select().from(indicatorImportDrafts).where(eq(indicatorImportDrafts.fileName, 'delar.csv'));
        between.push({ complete: row!.complete, offered: (await findImportDraft(db, row!.id, importer.userId)) !== undefined });
      },
    });
    expect(between.length).toBe(draftParts(content, 4).length - 1);
    expect(between.every((b) => !b.complete && !b.offered)).toBe(true);
    expect(draft.contentLength).toBe(content.length);
    expect((await findImportDraft(db, draft.id, importer.userId))?.content).toBe(content);
    const taken = await db.transaction((tx) => takeImportDraft(tx, draft.id, importer.userId));
    expect(taken?.content).toBe(content);
    expect(await db.select().from(indicatorImportDraftParts).where(eq(indicatorImportDraftParts.draftId, draft.id))).toEqual([]);
  });

  it('leaves no draft, complete or not, when storing a part fails', async () => {
    const db = app.services.db;
    const before = await db.select({ id: indicatorImportDrafts.id }).from(indicatorImportDrafts);
    await expect(
      refusing({ table: 'indicator_import_draft_parts', events: 'insert', when: "new.content like '%xyz%'" }, () => insertImportDraft(db, draftInput(content), { partChars: 4 })),
    ).rejects.toThrow();
    expect(await db.select({ id: indicatorImportDrafts.id }).from(indicatorImportDrafts)).toEqual(before);
  });
});

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

  it('writes nothing, leaves no pending value and staging empty when the last chunk fails', async () => {
    const valuesBefore = await count(indicatorValues);
    const importsBefore = await count(indicatorImports);
    // The last row of the file (in the last chunk) carries the value the table refuses; the chunks before it were written as pending.
    const { draft, checked } = await draftOf('sista.csv', await bigCsv('bistand', (i) => (i === ROWS - 1 ? '4242' : `${i % 50},5`)));
    const progress: number[] = [];
    const pendingSeen: number[] = [];
    const failure = await refusing({ table: 'indicator_values', events: 'insert', when: 'new.value = 4242' }, () =>
      writeValues(app.services.db, {
        draft,
        checked,
        userId: importer.userId,
        ip: null,
        onProgress: async (done) => {
          progress.push(done);
          pendingSeen.push(await countOf('bistand'));
        },
      }).catch((e: unknown) => e),
    );
    expect(String((failure as Error)?.cause ?? failure)).toContain('marker value refused');
    expect(progress).toEqual([5000, 10000, 15000]); // three chunks written, the fourth (last) failed
    expect(pendingSeen).toEqual([5000, 10000, 15000]); // written into the table as pending…
    expect(await count(indicatorValues)).toBe(valuesBefore); // …and removed again
    expect(await countOf('bistand')).toBe(0);
    expect(await count(indicatorImports)).toBe(importsBefore);
    expect(await pendingImports()).toBe(0);
    expect(await count(indicatorValueStaging)).toBe(0);
    // The draft was never taken: the person can try again.
    expect((await app.services.db.select().from(indicatorImportDrafts).where(eq(indicatorImportDrafts.id, draft.id))).length).toBe(1);
  });

  it('writes nothing, leaves no pending value and staging empty when the final publish fails', async () => {
    const valuesBefore = await count(indicatorValues);
    const importsBefore = await count(indicatorImports);
    const { draft, checked } = await draftOf('publicering.csv', await bigCsv('bistand', (i) => `${i % 50},5`));
    const progress: number[] = [];
    // The publish is what makes the import visible: refused there, after all 20 000 values were written as pending.
    const failure = await refusing({ table: 'indicator_imports', events: 'update', when: 'old.pending and not new.pending' }, () =>
      writeValues(app.services.db, { draft, checked, userId: importer.userId, ip: null, onProgress: (done) => void progress.push(done) }).catch((e: unknown) => e),
    );
    expect(String((failure as Error)?.cause ?? failure)).toContain('marker value refused');
    expect(progress.at(-1)).toBe(ROWS);
    expect(await count(indicatorValues)).toBe(valuesBefore);
    expect(await count(indicatorImports)).toBe(importsBefore);
    expect(await pendingImports()).toBe(0);
    expect(await count(indicatorValueStaging)).toBe(0);
    expect((await app.services.db.select().from(indicatorImportDrafts).where(eq(indicatorImportDrafts.id, draft.id))).length).toBe(1);
  });

  it('leaves stored values as they were when the publish fails applying a changed value', async () => {
    // syss holds ROWS values from the first test; this file changes the last one (staged) and the publish refuses that update.
    const stored = await valuesFor(app.services.db, ['syss'], ['1280']);
    const { draft, checked } = await draftOf('andring.csv', await bigCsv('syss', (i) => (i === 7 ? '99,9' : i === ROWS - 1 ? '4343' : `${i % 100},${i % 10}`)));
    const failure = await refusing({ table: 'indicator_values', events: 'update', when: 'new.value = 4343' }, () =>
      writeValues(app.services.db, { draft, checked, userId: importer.userId, ip: null }).catch((e: unknown) => e),
    );
    expect(String((failure as Error)?.cause ?? failure)).toContain('marker value refused');
    expect(await valuesFor(app.services.db, ['syss'], ['1280'])).toEqual(stored);
    expect(await countOf('syss')).toBe(ROWS);
    expect(await pendingImports()).toBe(0);
    expect(await count(indicatorValueStaging)).toBe(0);
  });

  it('answers pages while an import is under way, showing none of it until it is published', async () => {
    const csv = await bigCsv('bistand', (i) => `${i % 50},5`);
    const area = areaOfFirstChunk(csv);
    const { draft, checked } = await draftOf('sidor.csv', csv);
    const reader = new Visitor(app.services);
    expect(await shownTo(reader, 'bistand', area)).toEqual({ page: false, api: 0, openData: false });
    const events: string[] = [];
    let published = false;
    const run = writeValues(app.services.db, {
      draft,
      checked,
      userId: importer.userId,
      ip: null,
      onProgress: async (done) => {
        events.push(`written ${done}`);
        if (done !== CHUNK_ROWS) return;
        // Mid-import (one chunk written, three to go): its values are in the table, pending, and no reader sees them.
        expect(published).toBe(false);
        expect(await countOf('bistand')).toBe(CHUNK_ROWS);
        expect(await visibleOf('bistand')).toBe(0);
        expect(await shownTo(reader, 'bistand', area)).toEqual({ page: false, api: 0, openData: false });
        events.push('pages answered');
      },
    }).then((result) => {
      published = true;
      events.push('published');
      return result;
    });
    expect(await run).toMatchObject({ rows: ROWS, changed: ROWS });
    expect(events).toEqual(['written 5000', 'pages answered', 'written 10000', 'written 15000', 'written 20000', 'published']);
    expect(await visibleOf('bistand')).toBe(ROWS);
    const after = await shownTo(reader, 'bistand', area);
    expect(after.page).toBe(true);
    expect(after.api).toBeGreaterThan(0);
    expect(after.openData).toBe(true);
  });

  it('refuses a second value import while one is being written, and takes it afterwards', async () => {
    const first = await draftOf('forsta.csv', await bigCsv('syss', (i) => `${(i % 100) + 1},${i % 10}`));
    const small = 'indikator;område;period;värde\nsyss;1280;2026;12,5\n';
    const second = await draftOf('andra.csv', small);
    let refused: unknown = null;
    let inlineRefusal: { status: number; problems: unknown } | null = null;
    const result = await writeValues(app.services.db, {
      draft: first.draft,
      checked: first.checked,
      userId: importer.userId,
      ip: null,
      onProgress: async (done) => {
        if (done !== CHUNK_ROWS) return;
        refused = await writeValues(app.services.db, { draft: second.draft, checked: second.checked, userId: importer.userId, ip: null }).catch((e: unknown) => e);
        // The same through the import page: a clear answer, the draft kept for another try.
        const res = await importer.submit(importRoute, '/statistik/import', { draftId: second.draft.id, kind: 'values' });
        inlineRefusal = { status: res.status, problems: res.data?.problems };
      },
    });
    expect(refused).toBeInstanceOf(ImportRunningError);
    expect(inlineRefusal).toEqual({ status: 409, problems: [{ line: null, column: null, code: 'import-running' }] });
    expect(result).toMatchObject({ rows: ROWS, changed: ROWS });
    // Once the first is published, the second goes through.
    expect(await writeValues(app.services.db, { draft: second.draft, checked: second.checked, userId: importer.userId, ip: null })).toMatchObject({ rows: 1, changed: 1 });
    expect(await pendingImports()).toBe(0);
  });

  it('sweeps a pending import whose process died: its values go, never having been visible', async () => {
    const db = app.services.db;
    const [dead] = await db
      .insert(indicatorImports)
      .values({ source: 'Test', format: 'csv', fileName: 'dog.csv', fileSha256: 'x', rowCount: 3, changedCount: 0, pending: true, createdAt: new Date(Date.now() - STALE_STAGING_MS - 60_000) })
      .returning();
    await db.insert(indicatorValues).values(['1980', '1981', '1982'].map((period) => ({ indicatorCode: 'syss', areaCode: '1280', period, breakdown: '', value: 1, importId: dead!.id })));
    expect(await valuesFor(db, ['syss'], ['1280'])).not.toContainEqual(expect.objectContaining({ period: '1980' }));
    // While it is pending, no other import may start; the sweep at the start of the next one clears it.
    expect(await clearStaleImportRuns(db)).toBe(3);
    expect(await db.select().from(indicatorValues).where(eq(indicatorValues.importId, dead!.id))).toEqual([]);
    expect(await db.select().from(indicatorImports).where(eq(indicatorImports.id, dead!.id))).toEqual([]);
    expect(await pendingImports()).toBe(0);
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
