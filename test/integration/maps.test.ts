import { beforeAll, describe, expect, it } from 'vitest';
import * as area from '#app/routes/statistics/area.tsx';
import * as effortsMap from '#app/routes/content/initiatives/map.tsx';
import * as indicatorMap from '#app/routes/statistics/indicator-map.tsx';
import * as initiativesRoute from '#app/routes/content/initiatives/list.tsx';
import { indicators, indicatorValues, initiativeAreas, initiatives } from '#db/schema/index.server.ts';
import { DEMO_SOURCE, seedIndicatorDemo } from '#db/seed/indicator-demo.server.ts';
import type { SuccessFactor, Visibility } from '#app/vocabulary.ts';
import { Visitor } from '../support/app.ts';
import { organizationWith, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp();
let partner: Person; // member of a verified organisation: reads partners-only content
let signedIn: Person; // signed in, no verified organisation: no partners-only content
let anonymous: Visitor;

beforeAll(async () => {
  await seedIndicatorDemo(app.services.db, { years: [2018, 2024] });
  [partner, signedIn] = await app.people('Partner', 'Reader');
  const org = await organizationWith(app.services, { verified: true, members: [[partner, 'editor']] });
  anonymous = new Visitor(app.services);
  let n = 0;
  const publish = async (areas: string[], visibility: Visibility, successFactors: SuccessFactor[], state: 'published' | 'draft' = 'published') => {
    const [row] = await app.services.db
      .insert(initiatives)
      .values({
        slug: `karta-${++n}`,
        title: `Insats ${n}`,
        body: { type: 'doc', content: [] },
        status: 'ongoing',
        successFactors,
        organizationId: org.id,
        createdBy: partner.userId,
        updatedBy: partner.userId,
        state,
        visibility,
        publishedAt: state === 'published' ? new Date() : null,
      })
      .returning();
    await app.services.db.insert(initiativeAreas).values(areas.map((areaCode) => ({ initiativeId: row!.id, areaCode })));
  };
  await publish(['1280'], 'public', ['long_term']);
  await publish(['1280', '1480'], 'public', ['cross_sector']);
  await publish(['1280'], 'partners', ['long_term']); // counted for partners only
  await publish(['0180'], 'public', ['early_preventive']);
  await publish(['0180'], 'public', ['long_term'], 'draft'); // never counted
  await publish(['12'], 'public', ['long_term']); // a whole län: not a kommun's count
  await publish(['01'], 'partners', ['cross_sector']); // a whole län, for partners only
});

type View = { areas: { code: string; href: string; label: string; tone: number }[]; rows: { code: string; name: string; value: number | null; formatted: string }[]; year: string; years: string[]; provenance: { source: string }[] };

describe('the indicator map page', () => {
  it('shows every kommun for the latest year, each linking to its area, with the values table and the sources', async () => {
    const res = await anonymous.load(indicatorMap, '/statistik/sysselsattning', { code: 'sysselsattning' });
    expect(res.status).toBe(200);
    const v = res.data.view as View;
    expect(v.year).toBe('2024');
    expect(v.years[0]).toBe('2024');
    expect(v.areas).toHaveLength(290);
    expect(v.areas.find((a) => a.code === '1280')).toMatchObject({ href: '/omraden/1280', label: expect.stringMatching(/^Malmö: \d+,\d\u00a0%$/) });
    expect(v.rows).toHaveLength(290);
    expect(v.rows[0]!.name).toBe('Ale'); // by name, Swedish collation
    expect(v.provenance.map((p) => p.source)).toEqual([DEMO_SOURCE]);
  });

  it('answers 404 for an unknown indicator', async () => {
    const res = await anonymous.load(indicatorMap, '/statistik/finns-inte', { code: 'finns-inte' });
    expect(res.status).toBe(404);
  });

  it('says clearly that a year has no values, and which years do', async () => {
    const res = await anonymous.load(indicatorMap, '/statistik/sysselsattning?ar=1999', { code: 'sysselsattning' });
    expect(res.status).toBe(404);
    expect(res.data).toMatchObject({ view: null, unknownYear: '1999' });
    expect(res.data.years).toEqual(['2024', '2023', '2022', '2021', '2020', '2019', '2018']);
    const earlier = await anonymous.load(indicatorMap, '/statistik/sysselsattning?ar=2019', { code: 'sysselsattning' });
    expect(earlier.data.view.year).toBe('2019');
  });

  it('shows the 21 län with niva=lan, and refuses another level', async () => {
    const res = await anonymous.load(indicatorMap, '/statistik/sysselsattning?niva=lan', { code: 'sysselsattning' });
    expect(res.status).toBe(200);
    const v = res.data.view as View;
    expect(v.areas).toHaveLength(21);
    expect(v.areas.find((a) => a.code === '12')?.label).toMatch(/^Skåne län: /);
    const bad = await anonymous.load(indicatorMap, '/statistik/sysselsattning?niva=deso', { code: 'sysselsattning' });
    expect(bad.status).toBe(400);
    expect(bad.data).toMatch(/niva/);
  });

  it('sorts the table by value through query parameters, highest first when asked', async () => {
    const res = await anonymous.load(indicatorMap, '/statistik/sysselsattning?sortera=varde&ordning=fallande', { code: 'sysselsattning' });
    const values = (res.data.view as View).rows.map((r) => r.value!);
    expect(values).toEqual([...values].sort((a, b) => b - a));
  });
});

describe('the area page', () => {
  it('puts the locator map and the key figures against the län and Sweden first', async () => {
    const res = await anonymous.load(area, '/omraden/1280', { code: '1280' });
    expect(res.status).toBe(200);
    expect(res.data.locator).toMatchObject({ name: 'Malmö', county: 'Skåne län' });
    expect(res.data.locator.shapes).toHaveLength(33);
    expect(res.data.locator.shapes.filter((s: { here: boolean }) => s.here)).toHaveLength(1);
    const chart = res.data.charts.find((c: { code: string }) => c.code === 'sysselsattning');
    expect(chart.key).toMatchObject({ period: '2024', change: { from: '2019' } });
    expect(chart.key.against.map((a: { code: string }) => a.code)).toEqual(['12', 'SE']);
    const county = await anonymous.load(area, '/omraden/12', { code: '12' });
    expect(county.data.locator).toMatchObject({ name: 'Skåne län', county: null });
    expect(county.data.locator.shapes).toHaveLength(21);
  });
});

describe('the efforts map', () => {
  const counts = async (v: Visitor, query = '') => {
    const res = await v.load(effortsMap, `/insatser/karta${query}`);
    expect(res.status).toBe(200);
    return Object.fromEntries((res.data.circles as { code: string; count: number }[]).map((c) => [c.code, c.count]));
  };

  it('counts only what the reader may see, like the browse page', async () => {
    expect(await counts(anonymous)).toEqual({ '1280': 2, '1480': 1, '0180': 1 });
    expect(await counts(signedIn)).toEqual({ '1280': 2, '1480': 1, '0180': 1 });
    expect(await counts(partner)).toEqual({ '1280': 3, '1480': 1, '0180': 1 });
    // The same numbers as the browse page filtered to the kommun.
    for (const [v, expected] of [[anonymous, 2], [partner, 3]] as const) {
      expect((await v.load(initiativesRoute, '/insatser?omrade=1280')).data.total).toBe(expected);
    }
  });

  it('filters by success factor, and each circle links to the filtered list', async () => {
    expect(await counts(partner, '?faktor=cross_sector')).toEqual({ '1280': 1, '1480': 1 });
    const res = await partner.load(effortsMap, '/insatser/karta?faktor=long_term');
    const malmo = (res.data.circles as { code: string; count: number; href: string; label: string }[]).find((c) => c.code === '1280')!;
    expect(malmo).toMatchObject({ count: 2, href: '/insatser?faktor=long_term&omrade=1280', label: 'Malmö: 2 insatser' });
  });

  it('counts an initiative in two kommuner once in the total', async () => {
    const res = await anonymous.load(effortsMap, '/insatser/karta');
    // Circles 1280: 2, 1480: 1, 0180: 1 — but the one in Malmö and Göteborg is one initiative.
    expect(res.data.total).toBe(3);
  });

  it('lists initiatives for a whole län beside the map, with the same filters and visibility', async () => {
    const counties = async (v: Visitor, query = '') => (await v.load(effortsMap, `/insatser/karta${query}`)).data.counties;
    expect(await counties(anonymous)).toEqual([{ code: '12', name: 'Skåne län', count: 1, initiatives: [{ slug: 'karta-6', title: 'Insats 6' }], href: '/insatser?omrade=12' }]);
    // Partners also see the partners-only one for Stockholms län (canReadVisibility, as everywhere).
    expect((await counties(partner)).map((c: { code: string; count: number }) => [c.code, c.count])).toEqual([
      ['01', 1],
      ['12', 1],
    ]);
    expect(await counties(partner, '?faktor=cross_sector')).toEqual([
      { code: '01', name: 'Stockholms län', count: 1, initiatives: [{ slug: 'karta-7', title: 'Insats 7' }], href: '/insatser?faktor=cross_sector&omrade=01' },
    ]);
    expect(await counties(anonymous, '?faktor=cross_sector')).toEqual([]);
  });

  it('shows an indicator map beside the efforts on request; an unknown indicator is a clear 404', async () => {
    const res = await anonymous.load(effortsMap, '/insatser/karta?indikator=ekonomiskt_bistand');
    expect(res.data.indicatorView.areas).toHaveLength(290);
    const bad = await anonymous.load(effortsMap, '/insatser/karta?indikator=nope');
    expect(bad.status).toBe(404);
    expect(bad.data.unknownIndicator).toBe('nope');
  });
});

// Last in the file: the indicators it adds stay for the rest of it.
describe('the area page\'s key figures', () => {
  it('shows at most eight, the most recent first, and all of them on request', async () => {
    // Malmö has the seven demo indicators (2018–2024, the election one up to 2022); three more make ten.
    const extra = [
      { code: 'extra_a', latest: 2024 },
      { code: 'extra_b', latest: 2023 },
      { code: 'extra_c', latest: 2016 },
    ];
    await app.services.db.insert(indicators).values(extra.map((e) => ({ code: e.code, nameSv: `Extra ${e.code}`, nameEn: `Extra ${e.code}`, unit: 'procent', source: 'Test', higherIsBetter: true })));
    await app.services.db.insert(indicatorValues).values(extra.flatMap((e) => [e.latest - 1, e.latest].map((y) => ({ indicatorCode: e.code, areaCode: '1280', period: String(y), breakdown: '', value: 50 }))));
    // A value for another area only, or a breakdown only, does not count for Malmö.
    await app.services.db.insert(indicators).values({ code: 'extra_elsewhere', nameSv: 'Annat', nameEn: 'Other', unit: 'procent', source: 'Test', higherIsBetter: true });
    await app.services.db.insert(indicatorValues).values([
      { indicatorCode: 'extra_elsewhere', areaCode: '1480', period: '2024', breakdown: '', value: 1 },
      { indicatorCode: 'extra_elsewhere', areaCode: '1280', period: '2024', breakdown: 'kvinnor', value: 1 },
    ]);

    const page = await anonymous.load(area, '/omraden/1280', { code: '1280' });
    const codes = page.data.charts.map((c: { code: string }) => c.code);
    expect(page.data.keyFigures).toEqual({ total: 10, all: false });
    expect(codes).toHaveLength(8);
    // 2024 first (seven, by name), then 2023; the election indicator (2022) and the oldest (2016) are left for "all".
    expect(codes.slice(0, 7)).toContain('extra_a');
    expect(codes[7]).toBe('extra_b');
    expect(codes).not.toContain('valdeltagande');
    expect(codes).not.toContain('extra_elsewhere');
    // Only what is shown is read: every chart has its key figure and its three series.
    expect(page.data.charts.every((c: { key: unknown; series: unknown[] }) => c.key && c.series.length === 3)).toBe(true);

    const all = await anonymous.load(area, '/omraden/1280?nyckeltal=alla', { code: '1280' });
    expect(all.data.keyFigures).toEqual({ total: 10, all: true });
    expect(all.data.charts.map((c: { code: string }) => c.code)).toEqual([...codes, 'valdeltagande', 'extra_c']);

    // An area with no more than eight shows them all without asking.
    const county = await anonymous.load(area, '/omraden/14', { code: '14' });
    expect(county.data.keyFigures).toEqual({ total: 7, all: true });
  });
});
