import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as area from '#app/routes/statistics/area.tsx';
import * as importRoute from '#app/routes/statistics/import.tsx';
import * as statistics from '#app/routes/statistics/indicators.tsx';
import * as indicatorMapRoute from '#app/routes/statistics/indicator-map.tsx';
import { indicatorImports, indicators, indicatorValues } from '#db/schema/index.server.ts';
import { seedIndicatorDemo } from '#db/seed/indicator-demo.server.ts';
import { Visitor } from '../support/app.ts';
import { organizationWith, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp();
let importer: Person;
let member: Person;

beforeAll(async () => {
  [importer, member] = await app.people('Importer', 'Member');
  await organizationWith(app.services, { verified: true, members: [[importer, 'editor'], [member, 'member']] });
  await app.services.db.insert(indicators).values([
    { code: 'syss', nameSv: 'Sysselsättning', nameEn: 'Employment', unit: 'procent', source: 'Test', higherIsBetter: true, decimals: 1 },
    { code: 'bistand', nameSv: 'Ekonomiskt bistånd', nameEn: 'Economic assistance', unit: 'procent', source: 'Test', higherIsBetter: false, decimals: 1 },
  ]);
});

const utf8 = (s: string) => new TextEncoder().encode(s);
const valueCount = async () => (await app.services.db.select({ n: sql<number>`count(*)::int` }).from(indicatorValues))[0]!.n;

async function preview(v: Visitor, name: string, bytes: Uint8Array, fields: Record<string, string> = { source: 'SCB, test', retrievedAt: '2025-01-15' }) {
  const body = new FormData();
  body.set('file', new File([Buffer.from(bytes)], name, { type: 'text/csv' }));
  for (const [k, val] of Object.entries(fields)) body.set(k, val);
  return v.rawPost(importRoute, '/statistik/import', body);
}

const goodCsv = '\uFEFFindikator;område;period;värde\nsyss;1280;2022;70,5\nsyss;1280;2023;71,2\nsyss;12;2023;76,4\nbistand;1280;2023;4,1\n';

describe('importing indicator values', () => {
  it('previews without writing, then commits all rows with provenance; the same file again changes nothing', async () => {
    const before = await valueCount();
    const first = await preview(importer, 'syss.csv', utf8(goodCsv));
    expect(first.status, JSON.stringify(first.data)).toBe(200);
    expect(first.data.step).toBe('preview');
    expect(first.data.preview).toMatchObject({ rows: 4, changes: 4, areas: 2, periods: ['2022', '2023'], format: 'csv' });
    expect(await valueCount()).toBe(before); // a preview writes no values

    const done = await importer.submit(importRoute, '/statistik/import', { draftId: first.data.preview.draftId });
    expect(done.data).toMatchObject({ step: 'done', kind: 'values', result: { changed: 4, rows: 4, source: 'SCB, test', retrievedAt: '2025-01-15', fileName: 'syss.csv' } });
    expect(done.data.result.importId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await valueCount()).toBe(before + 4);
    const [record] = await app.services.db.select().from(indicatorImports);
    expect(record).toMatchObject({ source: 'SCB, test', format: 'csv', fileName: 'syss.csv', rowCount: 4, changedCount: 4, importedBy: importer.userId });
    expect(record!.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(record!.retrievedAt?.toISOString().slice(0, 10)).toBe('2025-01-15');

    // The same file again: the preview says nothing changes, and committing changes nothing.
    const again = await preview(importer, 'syss.csv', utf8(goodCsv));
    expect(again.data.preview.changes).toBe(0);
    const noop = await importer.submit(importRoute, '/x', { draftId: again.data.preview.draftId });
    expect(noop.data).toMatchObject({ step: 'done', kind: 'values', result: { changed: 0, rows: 4, importId: null } });
    expect(await app.services.db.select().from(indicatorImports)).toHaveLength(1);

    // A draft is used once, and only by its owner.
    expect((await importer.submit(importRoute, '/x', { draftId: again.data.preview.draftId })).status).toBe(404);
  });

  it('refuses a file with one bad row completely, naming the line and column', async () => {
    const before = await valueCount();
    const csv = 'indicator,area,period,value\nsyss,0180,2023,80.1\nsyss,9999,2023,80.1\nsyss,0180,2022,många\n';
    const res = await preview(importer, 'bad.csv', utf8(csv));
    expect(res.status).toBe(422);
    expect(res.data.problems).toEqual([
      expect.objectContaining({ line: 3, column: 'area', code: 'unknown-area' }),
      expect.objectContaining({ line: 4, column: 'value', code: 'not-a-number' }),
    ]);
    expect(await valueCount()).toBe(before);
  });

  it("refuses values with more decimals than the indicator's, and checks again at commit", async () => {
    const before = await valueCount();
    const res = await preview(importer, 'decimals.csv', utf8('indikator;område;period;värde\nsyss;0180;2021;70,55\n'));
    expect(res.status).toBe(422);
    expect(res.data.problems).toEqual([{ line: 2, column: 'value', code: 'too-many-decimals', params: { value: '70,55', indicator: 'syss', decimals: 1, found: 2 } }]);

    // Fine at preview; then the indicator is changed to whole numbers before the commit.
    const ok = await preview(importer, 'decimals.csv', utf8('indikator;område;period;värde\nsyss;0180;2021;70,5\n'));
    expect(ok.status).toBe(200);
    await app.services.db.update(indicators).set({ decimals: 0 }).where(eq(indicators.code, 'syss'));
    try {
      const commit = await importer.submit(importRoute, '/x', { draftId: ok.data.preview.draftId });
      expect(commit.status).toBe(422);
      expect(commit.data.problems.map((p: { code: string }) => p.code)).toEqual(['too-many-decimals']);
    } finally {
      await app.services.db.update(indicators).set({ decimals: 1 }).where(eq(indicators.code, 'syss'));
    }
    expect(await valueCount()).toBe(before);
  });

  it.each([
    ['wrong encoding', 'latin1.csv', Uint8Array.from([...utf8('indikator;område;period;värde\nsyss;1280;2023;1\n').slice(0, 10), 0xe5, 0x0a]), 'encoding'],
    ['an empty file', 'empty.csv', new Uint8Array(), 'empty-file'],
    ['no rows', 'header.csv', utf8('indikator;område;period;värde\n'), 'no-rows'],
    ['no header', 'noheader.csv', utf8('syss;1280;2023;70\n'), 'missing-header'],
  ])('refuses %s and writes nothing', async (_label, name, bytes, code) => {
    const before = await valueCount();
    const res = await preview(importer, name, bytes);
    expect(res.status).toBe(422);
    expect(res.data.problems.map((p: { code: string }) => p.code)).toContain(code);
    expect(await valueCount()).toBe(before);
  });

  it('needs a source and a file, and an editor of a verified organisation', async () => {
    const res = await preview(importer, 'syss.csv', utf8(goodCsv), { source: '' });
    expect(res.status).toBe(400);
    expect(res.data.fieldErrors.source).toBe('error.required');
    expect((await preview(member, 'syss.csv', utf8(goodCsv))).status).toBe(403);
    expect((await new Visitor(app.services).load(importRoute, '/statistik/import')).status).toBe(302);
  });

  it('imports JSON-stat 2.0 as statistical agencies serve it', async () => {
    const dataset = {
      version: '2.0',
      class: 'dataset',
      id: ['Region', 'ContentsCode', 'Tid'],
      size: [2, 1, 2],
      dimension: {
        Region: { category: { index: { '0180': 0, '01': 1 } } },
        ContentsCode: { category: { index: { bistand: 0 } } },
        Tid: { category: { index: ['2021', '2022'] } },
      },
      value: [5.1, 5.0, 3.9, null],
    };
    const res = await preview(importer, 'scb.json', utf8(JSON.stringify(dataset)));
    expect(res.status, JSON.stringify(res.data)).toBe(200);
    expect(res.data.preview).toMatchObject({ rows: 3, format: 'json-stat' });
    await importer.submit(importRoute, '/x', { draftId: res.data.preview.draftId });
    const [row] = await app.services.db.select().from(indicatorValues).where(sql`${indicatorValues.areaCode} = '01' and ${indicatorValues.period} = '2021'`);
    expect(Number(row!.value)).toBe(3.9);
  });
});

describe('statistics pages', () => {
  it('lists the catalogue and shows an area with its län and Sweden, with example data labelled', async () => {
    await seedIndicatorDemo(app.services.db);
    const catalogue = await new Visitor(app.services).load(statistics, '/statistik');
    expect(catalogue.data.indicators.length).toBeGreaterThanOrEqual(9);
    expect(catalogue.data.anyExample).toBe(true);
    const page = await new Visitor(app.services).load(area, '/omraden/1280', { code: '1280' });
    expect(page.status).toBe(200);
    expect(page.data.county.name).toBe('Skåne län');
    const chart = page.data.charts.find((c: { code: string }) => c.code === 'sysselsattning');
    expect(chart.series.map((s: { code: string }) => s.code)).toEqual(['1280', '12', 'SE']);
    expect(chart.series[0].points.length).toBe(11);
    expect(chart.series.map((s: { example: string }) => s.example)).toEqual(['all', 'all', 'all']);
    expect((await new Visitor(app.services).load(area, '/omraden/9999', { code: '9999' })).status).toBe(404);
    const [demo] = await app.services.db.select().from(indicators).where(eq(indicators.code, 'sysselsattning'));
    expect(demo!.isExample).toBe(true);
  });

  it('calls only the values no real import brought example data, per series, on the area page and the map (issue 14)', async () => {
    await seedIndicatorDemo(app.services.db);
    // Real values for Malmö: every demo year of the employment rate, and one year of the median income.
    const rows = Array.from({ length: 11 }, (_, i) => `sysselsattning;1280;${2014 + i};${(65 + i / 2).toFixed(1).replace('.', ',')}`);
    const csv = `indikator;område;period;värde\n${rows.join('\n')}\nmedianinkomst;1280;2024;250000\n`;
    const res = await preview(importer, 'malmo.csv', utf8(csv), { source: 'SCB, Malmö', retrievedAt: '2025-02-01' });
    expect(res.status, JSON.stringify(res.data)).toBe(200);
    const done = await importer.submit(importRoute, '/x', { draftId: res.data.preview.draftId });
    expect(done.data).toMatchObject({ step: 'done', result: { changed: 12 } });

    const page = await new Visitor(app.services).load(area, '/omraden/1280?nyckeltal=alla', { code: '1280' });
    const flags = (code: string) =>
      Object.fromEntries(page.data.charts.find((c: { code: string }) => c.code === code).series.map((s: { code: string; example: string }) => [s.code, s.example]));
    // Malmö's own series is imported statistics now; Skåne län and Sweden are still the demo's.
    expect(flags('sysselsattning')).toEqual({ '1280': 'none', '12': 'all', SE: 'all' });
    // One real year among ten example years: partly example data.
    expect(flags('medianinkomst')).toEqual({ '1280': 'some', '12': 'all', SE: 'all' });
    // An indicator nothing was imported into stays example data throughout.
    expect(flags('valdeltagande')).toEqual({ '1280': 'all', '12': 'all', SE: 'all' });
    // Another kommun's page is untouched.
    const lund = await new Visitor(app.services).load(area, '/omraden/1281', { code: '1281' });
    const lundFlags = lund.data.charts.find((c: { code: string }) => c.code === 'sysselsattning').series.map((s: { example: string }) => s.example);
    expect(lundFlags).toEqual(['all', 'all', 'all']);

    // The map of the employment rate in 2024: Malmö's value is marked as imported, the other kommuner as example data.
    const map = await new Visitor(app.services).load(indicatorMapRoute, '/statistik/sysselsattning?ar=2024', { code: 'sysselsattning' });
    expect(map.status).toBe(200);
    expect(map.data.view.example).toBe('some');
    // One imported value among 290 kommuner: the table marks that one, not the 289 others.
    expect(map.data.view.marked).toBe('imported');
    const byCode = Object.fromEntries(map.data.view.rows.map((r: { code: string; example: boolean }) => [r.code, r.example]));
    expect(byCode['1280']).toBe(false);
    expect(byCode['1281']).toBe(true);
  });
});
