import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as area from '#app/routes/statistics/area.tsx';
import * as importRoute from '#app/routes/statistics/import.tsx';
import { areas, auditLog, indicators, indicatorValues } from '#db/schema/index.server.ts';
import { Visitor } from '../support/app.ts';
import { organizationWith, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp();
let importer: Person;
let member: Person;

beforeAll(async () => {
  [importer, member] = await app.people('Importer', 'Member');
  await organizationWith(app.services, { verified: true, members: [[importer, 'editor'], [member, 'member']] });
  await app.services.db.insert(indicators).values({ code: 'syss', nameSv: 'Sysselsättning', nameEn: 'Employment', unit: 'procent', source: 'Test', higherIsBetter: true, decimals: 1 });
});

const utf8 = (s: string) => new TextEncoder().encode(s);

async function preview(v: Visitor, name: string, text: string, kind: 'districts' | 'values' = 'districts') {
  const body = new FormData();
  body.set('kind', kind);
  body.set('file', new File([Buffer.from(utf8(text))], name, { type: 'text/csv' }));
  body.set('source', 'SCB, RegSO 2025');
  return v.rawPost(importRoute, '/statistik/import', body);
}

const commit = (v: Visitor, draftId: string, kind: 'districts' | 'values' = 'districts') => v.submit(importRoute, '/statistik/import', { draftId, kind });

async function districtRows() {
  return app.services.db.select({ code: areas.code, name: areas.name, parentCode: areas.parentCode }).from(areas).where(eq(areas.kind, 'district')).orderBy(areas.code);
}
const areaCount = async () => (await app.services.db.select({ n: sql<number>`count(*)::int` }).from(areas))[0]!.n;

const regso = '\uFEFFkod;namn;kommun\r\n1280R001;Malmö Centrum;1280\r\n1280R002;Västra Innerstaden;1280\r\n0180R001;Södermalm;0180\r\n';

describe('importing districts', () => {
  it('previews without writing, commits all rows, changes nothing the second time and renames the third', async () => {
    const before = await areaCount();
    const first = await preview(importer, 'regso.csv', regso);
    expect(first.status, JSON.stringify(first.data)).toBe(200);
    expect(first.data.preview).toMatchObject({ kind: 'districts', rows: 3, added: 3, renamed: 0, municipalities: 2 });
    expect(first.data.preview.sample.map((r: { code: string; previousName: string | null }) => [r.code, r.previousName])).toEqual([
      ['1280R001', null],
      ['1280R002', null],
      ['0180R001', null],
    ]);
    expect(await areaCount()).toBe(before); // a preview writes no areas

    const done = await commit(importer, first.data.preview.draftId);
    expect(done.data).toEqual({ step: 'done', kind: 'districts', result: { rows: 3, added: 3, renamed: 0, source: 'SCB, RegSO 2025', fileName: 'regso.csv' } });
    expect(await districtRows()).toEqual([
      { code: '0180R001', name: 'Södermalm', parentCode: '0180' },
      { code: '1280R001', name: 'Malmö Centrum', parentCode: '1280' },
      { code: '1280R002', name: 'Västra Innerstaden', parentCode: '1280' },
    ]);
    const audits = async () => app.services.db.select().from(auditLog).where(eq(auditLog.action, 'areas.import'));
    expect(await audits()).toHaveLength(1);

    // The same file again: nothing to change, nothing changed, nothing audited.
    const again = await preview(importer, 'regso.csv', regso);
    expect(again.data.preview).toMatchObject({ rows: 3, added: 0, renamed: 0, sample: [] });
    const noop = await commit(importer, again.data.preview.draftId);
    expect(noop.data.result).toMatchObject({ added: 0, renamed: 0, rows: 3 });
    expect(await audits()).toHaveLength(1);
    // A draft is used once, and only by its owner.
    expect((await commit(importer, again.data.preview.draftId)).status).toBe(404);

    // A later file renames one and adds one; the others stay as they are.
    const renamed = await preview(importer, 'regso-2026.csv', 'code,name,municipality\n1280R001,Malmö C,1280\n1280R003,Hyllie,Malmö\n');
    expect(renamed.data.preview).toMatchObject({ rows: 2, added: 1, renamed: 1 });
    expect(renamed.data.preview.sample).toEqual([
      { line: 2, code: '1280R001', name: 'Malmö C', municipalityCode: '1280', previousName: 'Malmö Centrum' },
      { line: 3, code: '1280R003', name: 'Hyllie', municipalityCode: '1280', previousName: null },
    ]);
    expect((await commit(importer, renamed.data.preview.draftId)).data.result).toMatchObject({ added: 1, renamed: 1 });
    expect((await districtRows()).map((r) => [r.code, r.name])).toEqual([
      ['0180R001', 'Södermalm'],
      ['1280R001', 'Malmö C'],
      ['1280R002', 'Västra Innerstaden'],
      ['1280R003', 'Hyllie'],
    ]);
  });

  it.each([
    ['a code that is not a district code', '1280;Fel;1280', 'code', 'bad-district-code'],
    ['a code outside its kommun', '0180R009;Fel;1280', 'code', 'district-outside-municipality'],
    ['a kommun that does not exist', '1280R009;Fel;9999', 'municipality', 'unknown-municipality'],
    ['a län given as kommun', '1280R009;Fel;12', 'municipality', 'unknown-municipality'],
    ['an empty name', '1280R009; ;1280', 'name', 'empty-name'],
    ['the same code twice', '1280R001;Malmö C;1280', 'code', 'duplicate-code'],
    ['a code that belongs to another kind of area', '1280X001;Krockar;1280', 'code', 'code-taken'],
  ])('refuses the whole file for %s and writes nothing', async (_label, line, column, code) => {
    await app.services.db.insert(areas).values({ code: '1280X001', kind: 'municipality', name: 'Inte ett delområde', parentCode: '12' }).onConflictDoNothing();
    const before = await districtRows();
    const res = await preview(importer, 'bad.csv', `kod;namn;kommun\n1280R001;Malmö C;1280\n1280R008;Ny men ogiltig fil;1280\n${line}\n`);
    expect(res.status).toBe(422);
    expect(res.data.kind).toBe('districts');
    expect(res.data.problems).toEqual([expect.objectContaining({ line: 4, column, code })]);
    expect(await districtRows()).toEqual(before);
  });

  it('checks the file again at commit: an area that took the code meanwhile stops the whole import', async () => {
    const ok = await preview(importer, 'later.csv', 'kod;namn;kommun\n1280R020;Ny;1280\n1280R021;Krock;1280\n');
    expect(ok.status).toBe(200);
    await app.services.db.insert(areas).values({ code: '1280R021', kind: 'county', name: 'Något annat', parentCode: 'SE' });
    const before = await districtRows();
    const res = await commit(importer, ok.data.preview.draftId);
    expect(res.status).toBe(422);
    expect(res.data.problems).toEqual([expect.objectContaining({ line: 3, code: 'code-taken' })]);
    expect(await districtRows()).toEqual(before);
    await app.services.db.delete(areas).where(eq(areas.code, '1280R021'));
  });

  it('lets the same people as the value import do it', async () => {
    expect((await preview(member, 'regso.csv', regso)).status).toBe(403);
    expect((await new Visitor(app.services).rawPost(importRoute, '/statistik/import', new FormData())).status).toBe(302);
  });
});

describe('districts in the statistics', () => {
  it('takes values for districts and shows a district beside its kommun and Sweden', async () => {
    const csv = [
      'indikator;område;period;värde',
      ...['2021', '2022', '2023'].flatMap((year, i) => [`syss;1280R001;${year};${60 + i}`, `syss;1280r002 Västra Innerstaden;${year};${65 + i}`, `syss;1280;${year};${70 + i}`, `syss;SE;${year};${77 + i}`]),
    ].join('\n');
    const res = await preview(importer, 'syss-regso.csv', csv, 'values');
    expect(res.status, JSON.stringify(res.data)).toBe(200);
    expect(res.data.preview).toMatchObject({ rows: 12, areas: 4 });
    expect((await commit(importer, res.data.preview.draftId, 'values')).data.result).toMatchObject({ rows: 12, changed: 12 });
    const stored = await app.services.db.select({ n: sql<number>`count(*)::int` }).from(indicatorValues).where(eq(indicatorValues.areaCode, '1280R002'));
    expect(stored[0]!.n).toBe(3);

    const page = await new Visitor(app.services).load(area, '/omraden/1280R001', { code: '1280R001' });
    expect(page.status).toBe(200);
    expect(page.data.area).toMatchObject({ code: '1280R001', kind: 'district', name: 'Malmö C' });
    expect(page.data.municipality).toEqual({ code: '1280', name: 'Malmö' });
    expect(page.data.county).toBeNull();
    const chart = page.data.charts.find((c: { code: string }) => c.code === 'syss');
    expect(chart.series.map((s: { code: string; label: string; points: unknown[] }) => [s.code, s.label, s.points.length])).toEqual([
      ['1280R001', 'Malmö C', 3],
      ['1280', 'Malmö', 3],
      ['SE', '', 3],
    ]);

    // A kommun still compares with its län; the country has no page.
    const kommun = await new Visitor(app.services).load(area, '/omraden/1280', { code: '1280' });
    expect(kommun.data.county.name).toBe('Skåne län');
    expect(kommun.data.municipality).toBeNull();
    // …and lists its districts, so their pages are a click away.
    expect(kommun.data.districts.map((d: { code: string }) => d.code)).toEqual(expect.arrayContaining(['1280R001', '1280R002']));
    expect((await new Visitor(app.services).load(area, '/omraden/12', { code: '12' })).data.districts).toEqual([]);
    expect((await new Visitor(app.services).load(area, '/omraden/SE', { code: 'SE' })).status).toBe(404);
  });
});
