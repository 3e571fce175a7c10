import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { INLINE_COMMIT_MAX_CHARS } from '#app/indicators/import-commit.server.ts';
import { runDueJobs } from '#app/jobs/worker.server.ts';
import * as importRoute from '#app/routes/statistics/import.tsx';
import { countStaged } from '#db/queries/indicators.server.ts';
import { auditLog, indicatorImportDrafts, indicatorImports, indicators, indicatorValues, jobs } from '#db/schema/index.server.ts';
import { type RouteResult } from '../support/app.ts';
import { organizationWith, type Person } from '../support/people.ts';
import { bigIndicatorCsv } from '../support/indicator-csv.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp();
let importer: Person;
let otherImporter: Person;

beforeAll(async () => {
  [importer, otherImporter] = await app.people('Importer', 'Other importer');
  await organizationWith(app.services, { verified: true, members: [[importer, 'editor'], [otherImporter, 'editor']] });
  await app.services.db.insert(indicators).values([
    { code: 'syss', nameSv: 'Sysselsättning', nameEn: 'Employment', unit: 'procent', source: 'Test', higherIsBetter: true, decimals: 1 },
    { code: 'bistand', nameSv: 'Ekonomiskt bistånd', nameEn: 'Economic assistance', unit: 'procent', source: 'Test', higherIsBetter: false, decimals: 1 },
  ]);
});

const ROWS = 30_000;
const count = async (table: typeof indicatorValues | typeof indicatorImports | typeof indicatorImportDrafts) =>
  (await app.services.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;

const bigCsv = (indicator: string, value: (i: number) => string = (i) => `${i % 100},${i % 10}`) => bigIndicatorCsv(app.services.db, indicator, ROWS, value);

async function preview(v: Person, name: string, text: string) {
  const body = new FormData();
  body.set('kind', 'values');
  body.set('file', new File([Buffer.from(new TextEncoder().encode(text))], name, { type: 'text/csv' }));
  body.set('source', 'SCB, test');
  body.set('retrievedAt', '2025-01-15');
  return v.rawPost(importRoute, '/statistik/import', body);
}

const commit = (v: Person, draftId: string) => v.submit(importRoute, '/statistik/import', { draftId, kind: 'values' });

/** The job page the commit redirects to. */
function jobPage(res: RouteResult): { url: string; id: number } {
  expect(res.status).toBe(302);
  const url = res.location!;
  const id = Number(new URL(url, 'http://x').searchParams.get('jobb'));
  expect(url).toBe(`/statistik/import?jobb=${id}`);
  return { url, id };
}

interface Seen {
  done: number;
  total: number;
}

/**
 * Runs the worker and watches the job while it runs, through the import page's
 * loader as the progress bar does, and through the jobs row as another process
 * (a separate worker) would see it. On both databases: the rows are staged in
 * chunks outside any transaction, so on PGlite (one connection) the page's
 * queries get their turn between chunks instead of waiting for the whole commit.
 */
async function runWatching(url: string, id: number): Promise<Seen[]> {
  const seen: Seen[] = [];
  const seenInRow: Seen[] = [];
  let finished = false;
  const run = runDueJobs(app.services).finally(() => {
    finished = true;
  });
  while (!finished) {
    const view = (await importer.load(importRoute, url)).data.job.view;
    if (view.state === 'running' && view.phase === 'writing') seen.push({ done: view.done, total: view.total });
    const [row] = await app.services.db.select({ payload: jobs.payload }).from(jobs).where(eq(jobs.id, id));
    const progress = row?.payload.progress as { phase: string; done: number; total: number } | undefined;
    if (progress?.phase === 'writing') seenInRow.push({ done: progress.done, total: progress.total });
    // PGlite answers in microtasks only: without a turn of the event loop, the worker thread's answer would never be read.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await run;
  // Progress written inside a transaction would never show here.
  expect(seenInRow.some((s) => s.done > 0 && s.done < s.total), JSON.stringify(seenInRow.slice(0, 20))).toBe(true);
  return seen;
}

describe('a large import runs as a job', () => {
  it('commits in the background with progress, then shows the result with its provenance', async () => {
    const text = await bigCsv('syss');
    expect(text.length).toBeGreaterThan(INLINE_COMMIT_MAX_CHARS);
    const checked = await preview(importer, 'stor.csv', text);
    expect(checked.status, JSON.stringify(checked.data).slice(0, 500)).toBe(200);
    expect(checked.data.preview).toMatchObject({ rows: ROWS, changes: ROWS, inBackground: true });

    const { url, id } = jobPage(await commit(importer, checked.data.preview.draftId));
    // A second click joins the same job.
    expect(jobPage(await commit(importer, checked.data.preview.draftId)).id).toBe(id);
    expect((await importer.load(importRoute, url)).data.job).toEqual({ id, view: { state: 'running', phase: 'queued', done: 0, total: 0 } });
    // Only the person who started it sees it.
    expect((await otherImporter.load(importRoute, url)).status).toBe(404);
    expect((await importer.load(importRoute, '/statistik/import?jobb=abc')).status).toBe(404);
    expect(await count(indicatorValues)).toBe(0);

    const seen = await runWatching(url, id);
    expect(seen.some((s) => s.total === ROWS && s.done > 0 && s.done < ROWS), JSON.stringify(seen.slice(0, 20))).toBe(true);
    expect(seen.every((s, i) => i === 0 || s.done >= seen[i - 1]!.done)).toBe(true);

    const page = await importer.load(importRoute, url);
    expect(page.data.job.view).toMatchObject({
      state: 'done',
      result: { rows: ROWS, changed: ROWS, source: 'SCB, test', retrievedAt: '2025-01-15', fileName: 'stor.csv' },
    });
    expect(await count(indicatorValues)).toBe(ROWS);
    const [record] = await app.services.db.select().from(indicatorImports).where(eq(indicatorImports.id, page.data.job.view.result.importId));
    expect(record).toMatchObject({ rowCount: ROWS, changedCount: ROWS, importedBy: importer.userId, fileName: 'stor.csv' });
    expect(page.data.job.view.result.fileSha256).toBe(record!.fileSha256);
    const [job] = await app.services.db.select().from(jobs).where(eq(jobs.id, id));
    expect(job!.status).toBe('done');

    // The same file again goes through the job too, and changes nothing.
    const again = await preview(importer, 'stor.csv', text);
    expect(again.data.preview.changes).toBe(0);
    const second = jobPage(await commit(importer, again.data.preview.draftId));
    await runDueJobs(app.services);
    expect((await importer.load(importRoute, second.url)).data.job.view).toMatchObject({ state: 'done', result: { rows: ROWS, changed: 0, importId: null } });
    expect(await count(indicatorImports)).toBe(1);
  });

  it('writes nothing when the commit fails part-way, and shows the error', async () => {
    // A real failure inside the transaction, after several chunks have been written: a trigger refuses one marked value.
    const db = app.services.db;
    await db.execute(sql.raw(`create function refuse_marker() returns trigger language plpgsql as $$
      begin if new.value = 4242 then raise exception 'marker value refused'; end if; return new; end $$`));
    await db.execute(sql.raw('create trigger refuse_marker before insert or update on indicator_values for each row execute function refuse_marker()'));
    try {
      const valuesBefore = await count(indicatorValues);
      const importsBefore = await count(indicatorImports);
      const auditsBefore = (await db.select().from(auditLog).where(eq(auditLog.action, 'indicators.import'))).length;
      const text = await bigCsv('bistand', (i) => (i === ROWS - 1 ? '4242' : `${i % 50},5`));
      const checked = await preview(importer, 'trasig.csv', text);
      expect(checked.status).toBe(200);
      const { url, id } = jobPage(await commit(importer, checked.data.preview.draftId));

      const seen = await runWatching(url, id);
      expect(seen.some((s) => s.done > 0)).toBe(true); // it had come part of the way

      const view = (await importer.load(importRoute, url)).data.job.view;
      expect(view.state).toBe('failed');
      expect(view.error).toContain('marker value refused');
      expect(view.error).not.toContain('insert into');
      expect(await count(indicatorValues)).toBe(valuesBefore);
      expect(await count(indicatorImports)).toBe(importsBefore);
      expect(await countStaged(db)).toBe(0);
      expect((await db.select().from(auditLog).where(eq(auditLog.action, 'indicators.import'))).length).toBe(auditsBefore);
      // The draft is still there (its removal was rolled back with the rest): importing it again is possible.
      expect((await db.select().from(indicatorImportDrafts).where(eq(indicatorImportDrafts.id, checked.data.preview.draftId))).length).toBe(1);
    } finally {
      await db.execute(sql.raw('drop trigger refuse_marker on indicator_values'));
      await db.execute(sql.raw('drop function refuse_marker()'));
    }
  });

  it('refuses the file when the check at commit finds problems, and writes nothing', async () => {
    const text = await bigCsv('bistand');
    const checked = await preview(importer, 'bistand.csv', text);
    expect(checked.status).toBe(200);
    const { url } = jobPage(await commit(importer, checked.data.preview.draftId));
    // Between the preview and the job, the indicator becomes whole numbers.
    await app.services.db.update(indicators).set({ decimals: 0 }).where(eq(indicators.code, 'bistand'));
    try {
      const before = await count(indicatorValues);
      await runDueJobs(app.services);
      const view = (await importer.load(importRoute, url)).data.job.view;
      expect(view.state).toBe('refused');
      expect(view.problems[0]).toMatchObject({ line: 3, column: 'value', code: 'too-many-decimals' });
      expect(await count(indicatorValues)).toBe(before);
      // The draft is used up, as at an inline commit.
      expect((await app.services.db.select().from(indicatorImportDrafts).where(eq(indicatorImportDrafts.id, checked.data.preview.draftId))).length).toBe(0);
    } finally {
      await app.services.db.update(indicators).set({ decimals: 1 }).where(eq(indicators.code, 'bistand'));
    }
  });
});
