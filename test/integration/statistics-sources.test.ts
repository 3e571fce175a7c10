/**
 * Imports straight from Kolada and SCB against a local server that serves the
 * APIs' documented shapes (test/support/stats-api.ts): paging, null values,
 * the source's failures, all-or-nothing, idempotent re-import, and the refresh
 * that commits only what changed and leaves snapshots alone.
 */
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceError } from '#app/indicators/sources/http.ts';
import { fetchSource, importFromSource, parseYears, refreshIndicators, type SourceSettings } from '#app/indicators/sources/import-source.server.ts';
import { searchKpis } from '#app/indicators/sources/kolada.ts';
import { fetchScbMetadata } from '#app/indicators/sources/scb.ts';
import { nextRefreshAt, REFRESH_JOB } from '#app/indicators/sources/refresh-job.server.ts';
import { runDueJobs } from '#app/jobs/worker.server.ts';
import { enqueueJob } from '#db/queries/jobs.server.ts';
import * as importRoute from '#app/routes/statistics/import.tsx';
import * as templateRoute from '#app/routes/statistics/import-file.tsx';
import * as snapshotNew from '#app/routes/content/snapshots/new.tsx';
import * as statistics from '#app/routes/statistics/indicators.tsx';
import { parseIndicatorFile } from '#app/indicators/parse.ts';
import { translate } from '#app/i18n/index.ts';
import { areaCodes } from '#db/queries/indicators.server.ts';
import { areas, indicatorImports, indicators, indicatorValues, jobs, snapshotValues } from '#db/schema/index.server.ts';
import { Visitor } from '../support/app.ts';
import { organizationWith, signedUpVisitor } from '../support/people.ts';
import { koladaItems, SCB_TAB638, SCB_TAB638_METADATA, startStatsApi, type StatsApi } from '../support/stats-api.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp();
let api: StatsApi;
let settings: SourceSettings;
let skane: string[];

beforeAll(async () => {
  api = await startStatsApi();
  settings = { KOLADA_API_URL: api.koladaUrl, SCB_API_URL: api.scbUrl, timeoutMs: 2000 };
  const { db } = app.services;
  await db.insert(indicators).values([
    { code: 'forvarv', nameSv: 'Förvärvsarbetande', nameEn: 'In work', unit: 'procent', source: 'Kolada', higherIsBetter: true, decimals: 1 },
    { code: 'folk', nameSv: 'Folkmängd', nameEn: 'Population', unit: 'antal', source: 'SCB', higherIsBetter: true, decimals: 0 },
  ]);
  // The page and the worker read the source URLs from the settings.
  Object.assign(app.services.config, { KOLADA_API_URL: api.koladaUrl, SCB_API_URL: api.scbUrl });
  skane = (await db.select({ code: areas.code }).from(areas).where(eq(areas.parentCode, '12'))).map((a) => a.code).sort();
});
afterAll(async () => {
  await api?.close();
});
beforeEach(async () => {
  api.kpis.clear();
  api.tables.clear();
  api.requests.length = 0;
  await app.services.db.delete(indicatorValues);
  await app.services.db.delete(indicatorImports);
  await app.services.db.update(indicators).set({ sourceQuery: null });
});

const count = async (table: typeof indicatorValues | typeof indicatorImports) => (await app.services.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
const valueOf = async (area: string, period: string, breakdown = '') =>
  (
    await app.services.db
      .select({ value: indicatorValues.value })
      .from(indicatorValues)
      .where(and(eq(indicatorValues.indicatorCode, 'forvarv'), eq(indicatorValues.areaCode, area), eq(indicatorValues.period, period), eq(indicatorValues.breakdown, breakdown)))
  )[0]?.value;

const kolada = (over: Partial<{ kpi: string; areas: string; years: number[] }> = {}) => ({ source: 'kolada' as const, kpi: 'N00914', areas: '12', years: [2022, 2023], ...over });

/** Two years for Skåne (the län "0012" and its 33 kommuner), a missing value for one, in pages of 7. */
function setUpSkane(value = (area: string, year: number) => (area === '1280' && year === 2022 ? null : 70 + (Number(area) % 10) + (year - 2022) / 10)) {
  api.kpis.set('N00914', { title: 'Förvärvsarbetande invånare 20-64 år, andel (%)', description: 'Antal förvärvsarbetande …', pageSize: 7, items: koladaItems('N00914', ['0012', ...skane], [2022, 2023], value) });
}

describe('Kolada', () => {
  it('imports a KPI for a län: pages followed through next_url, T/K/M as total/kvinnor/män, null left out, with provenance', async () => {
    setUpSkane();
    const outcome = await importFromSource(app.services.db, settings, { query: kolada(), indicatorCode: 'forvarv' });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    // 34 areas × 2 years × 3 genders, less the three missing values of Malmö 2022.
    expect(outcome.result.rows).toBe(34 * 2 * 3 - 3);
    expect(outcome.result.changed).toBe(outcome.result.rows);
    expect(api.requests.filter((r) => r.includes('/data/kpi/')).length).toBe(Math.ceil((34 * 2) / 7));
    expect(await valueOf('12', '2023')).toBe(72.1);
    expect(await valueOf('1280', '2023', 'kvinnor')).toBe(71.1);
    expect(await valueOf('1280', '2023', 'män')).toBe(69.1);
    expect(await valueOf('1280', '2022')).toBeUndefined(); // null is missing, not zero

    const [record] = await app.services.db.select().from(indicatorImports);
    expect(record!.source).toBe('Kolada (KPI N00914)');
    expect(record!.format).toBe('csv');
    expect(record!.requestUrls).toHaveLength(10);
    expect(record!.requestUrls![0]).toBe(`${api.koladaUrl}/data/kpi/N00914/municipality/0012,${skane.join(',')}/year/2022,2023`);
    expect(record!.requestUrls![1]).toContain('?page=2');
    expect(record!.retrievedAt).toBeInstanceOf(Date);
    expect(record!.fileSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('importing the same answer again changes nothing and records no import', async () => {
    setUpSkane();
    await importFromSource(app.services.db, settings, { query: kolada(), indicatorCode: 'forvarv' });
    const again = await importFromSource(app.services.db, settings, { query: kolada(), indicatorCode: 'forvarv' });
    expect(again.ok && again.result.changed).toBe(0);
    expect(again.ok && again.result.importId).toBeNull();
    expect(await count(indicatorImports)).toBe(1);
  });

  it('the hash covers the answers as they came', async () => {
    api.kpis.set('N00914', { items: koladaItems('N00914', ['1280'], [2023], () => 70) });
    const fetched = await fetchSource(app.services.db, settings, kolada({ areas: '1280', years: [2023] }), 'forvarv');
    const body = JSON.stringify({ values: koladaItems('N00914', ['1280'], [2023], () => 70), count: 1, next_url: null });
    expect(fetched.sha256).toBe(createHash('sha256').update(body).digest('hex'));
    expect(fetched.requestUrls).toEqual([`${api.koladaUrl}/data/kpi/N00914/municipality/1280/year/2023`]);
  });

  it('all kommuner: no municipality in the URL; Riket and län ids mapped', async () => {
    api.kpis.set('N00914', { items: koladaItems('N00914', ['0000', '0001', '0180'], [2023], () => 50) });
    const outcome = await importFromSource(app.services.db, settings, { query: kolada({ areas: 'all', years: [2023] }), indicatorCode: 'forvarv' });
    expect(outcome.ok && outcome.result.rows).toBe(9);
    expect(api.requests).toContain('/kolada/v3/data/kpi/N00914/year/2023');
    expect(await valueOf('SE', '2023')).toBe(50);
    expect(await valueOf('01', '2023')).toBe(50);
  });

  it('waits out 429 as Retry-After says, a bounded number of times', async () => {
    setUpSkane();
    api.kpis.get('N00914')!.tooManyRequests = 2;
    const outcome = await importFromSource(app.services.db, settings, { query: kolada(), indicatorCode: 'forvarv' });
    expect(outcome.ok).toBe(true);

    api.kpis.get('N00914')!.tooManyRequests = 10;
    const failed = await importFromSource(app.services.db, { ...settings, maxRetries: 2 }, { query: kolada({ years: [2021] }), indicatorCode: 'forvarv' }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(SourceError);
    expect((failed as SourceError).reason).toBe('rate-limited');
  });

  it('a Retry-After longer than we wait gives up at once', async () => {
    setUpSkane();
    Object.assign(api.kpis.get('N00914')!, { tooManyRequests: 1, retryAfter: '3600' });
    const failed = await fetchSource(app.services.db, settings, kolada(), 'forvarv').catch((e: unknown) => e);
    expect((failed as SourceError).reason).toBe('rate-limited');
  });

  const failures: Array<[string, () => void, Partial<ReturnType<typeof kolada>>, string]> = [
    ['an unknown KPI (404)', () => {}, {}, 'not-found'],
    ['malformed JSON', () => api.kpis.set('N00914', { malformed: true }), {}, 'malformed'],
    ['a hanging answer', () => api.kpis.set('N00914', { hang: true }), {}, 'timeout'],
    ['values for an area Samverka does not know', () => api.kpis.set('N00914', { items: koladaItems('N00914', ['1280', '9999'], [2023], () => 1) }), { areas: 'all', years: [2023] }, 'unknown-area'],
    ['an unknown area in the selection', () => setUpSkane(), { areas: '1280,4711' }, 'unknown-area'],
    ['no values at all', () => api.kpis.set('N00914', { items: [] }), {}, 'no-values'],
  ];
  it.each(failures)('%s: a specific reason, and nothing written', async (_name, setUp, over, reason) => {
    setUp();
    const failed = await importFromSource(app.services.db, { ...settings, timeoutMs: 200 }, { query: kolada(over), indicatorCode: 'forvarv', remember: true }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(SourceError);
    expect((failed as SourceError).reason).toBe(reason);
    expect(await count(indicatorValues)).toBe(0);
    expect(await count(indicatorImports)).toBe(0);
    expect((await app.services.db.select().from(indicators).where(eq(indicators.code, 'forvarv')))[0]!.sourceQuery).toBeNull();
  });

  it('a selection too large is refused before anything is fetched', async () => {
    setUpSkane();
    const failed = await fetchSource(app.services.db, settings, kolada({ areas: 'all', years: parseYears('1980-2029')! }), 'forvarv').catch((e: unknown) => e);
    expect((failed as SourceError).reason).toBe('too-large');
    expect(api.requests).toEqual([]);
  });

  it('a bad value anywhere refuses the whole import (all-or-nothing)', async () => {
    // One year Samverka does not keep (before 1990) among good ones: nothing is written.
    api.kpis.set('N00914', { items: koladaItems('N00914', ['1280', '0180'], [2023, 1850], () => 60) });
    const outcome = await importFromSource(app.services.db, settings, { query: kolada({ areas: '1280,0180', years: [2023, 1850] }), indicatorCode: 'forvarv' });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.problems[0]!.code).toBe('period-out-of-range');
    expect(await count(indicatorValues)).toBe(0);
  });

  it('finds KPIs by words or by id', async () => {
    setUpSkane();
    expect((await searchKpis(api.koladaUrl, 'förvärvsarbetande')).map((k) => k.id)).toEqual(['N00914']);
    expect((await searchKpis(api.koladaUrl, 'n00914'))[0]!.title).toContain('Förvärvsarbetande');
    expect(await searchKpis(api.koladaUrl, 'N99999')).toEqual([]);
  });
});

describe('SCB', () => {
  const scb = { source: 'scb' as const, table: 'TAB638', selection: { Region: ['00'], Civilstand: ['OG'], Alder: ['0'], Kon: ['1'], ContentsCode: ['BE0101N1'], Tid: ['2024'] } };

  it('imports the recorded TAB638 answer as JSON-stat into the chosen indicator', async () => {
    api.tables.set('TAB638', {});
    const outcome = await importFromSource(app.services.db, settings, { query: scb, indicatorCode: 'folk' });
    expect(outcome.ok && outcome.result.rows).toBe(1);
    const [row] = await app.services.db.select().from(indicatorValues);
    expect(row).toMatchObject({ indicatorCode: 'folk', areaCode: 'SE', period: '2024', breakdown: 'män', value: 50937 });
    const [record] = await app.services.db.select().from(indicatorImports);
    expect(record).toMatchObject({ source: 'SCB (tabell TAB638)', format: 'json-stat', fileSha256: createHash('sha256').update(SCB_TAB638).digest('hex') });
    expect(record!.requestUrls![0]).toBe(
      `${api.scbUrl}/tables/TAB638/data?lang=sv&outputFormat=json-stat2&valuecodes[Region]=00&valuecodes[Civilstand]=OG&valuecodes[Alder]=0&valuecodes[Kon]=1&valuecodes[ContentsCode]=BE0101N1&valuecodes[Tid]=2024`,
    );
  });

  it.each([
    ['an unknown table', undefined, 'not-found'],
    ['too many cells (403)', { status: 403 }, 'too-large'],
    ['a bad selection (400)', { status: 400 }, 'bad-request'],
    ['malformed JSON', { body: '{"class": "dataset", "id": [' }, 'malformed'],
    ['a hanging answer', { hang: true }, 'timeout'],
  ] as const)('%s: a specific reason, nothing written', async (_name, setup, reason) => {
    if (setup) api.tables.set('TAB638', { ...setup });
    const failed = await importFromSource(app.services.db, { ...settings, timeoutMs: 200 }, { query: scb, indicatorCode: 'folk' }).catch((e: unknown) => e);
    expect((failed as SourceError).reason).toBe(reason);
    expect(await count(indicatorValues)).toBe(0);
  });
});

describe('SCB table metadata', () => {
  it("reads the documented shape: every variable's values with SCB's names, in SCB's order, and which may be left out", async () => {
    api.tables.set('TAB638', {});
    const meta = await fetchScbMetadata(api.scbUrl, 'TAB638', { timeoutMs: 2000 });
    expect(meta.label).toBe('Folkmängden efter region, civilstånd, ålder, kön, tabellinnehåll och år');
    expect(meta.variables.map((v) => [v.code, v.role, v.elimination])).toEqual([
      ['Region', 'geo', true],
      ['Civilstand', 'other', true],
      ['Alder', 'other', true],
      ['Kon', 'other', true],
      ['ContentsCode', 'metric', false],
      ['Tid', 'time', false],
    ]);
    expect(meta.variables[0]!.values.slice(0, 3)).toEqual([
      { code: '00', label: 'Riket' },
      { code: '12', label: 'Skåne län' },
      { code: '1280', label: 'Malmö' },
    ]);
    expect(meta.variables[5]!.values.at(-1)).toEqual({ code: '2024', label: '2024' });
    expect(api.requests).toEqual(['/scb/v2/tables/TAB638/metadata?lang=sv']);
  });

  it.each([
    ['an unknown table (404)', undefined, 'not-found'],
    ['malformed JSON', { metadata: '{"class": "dataset", "id": [' }, 'malformed'],
    ['JSON without the JSON-stat shape', { metadata: '{"tables": []}' }, 'malformed'],
    ['a variable without values', { metadata: JSON.stringify({ id: ['Region'], dimension: { Region: { label: 'region', category: {} } } }) }, 'malformed'],
    ['a hanging answer', { metadataHang: true }, 'timeout'],
    ['too many requests, again and again', { metadataStatus: 429 }, 'rate-limited'],
  ] as const)('%s: a specific reason', async (_name, setup, reason) => {
    if (setup) api.tables.set('TAB638', { ...setup });
    const failed = await fetchScbMetadata(api.scbUrl, 'TAB638', { timeoutMs: 200, maxRetries: 1 }).catch((e: unknown) => e);
    expect((failed as SourceError).reason).toBe(reason);
  });

  it.each([
    ['monthly', ['2023M12', '2024M01', '2024M02'], 'month', '2023M12'],
    ['quarterly', ['2023K4', '2024K1'], 'quarter', '2023K4'],
    // One month among years is still not a yearly table.
    ['mostly yearly', ['2022', '2023', '2024M01'], 'month', '2024M01'],
  ] as const)('a %s time variable is refused as not yearly, naming the kind and a code', async (_name, codes, periods, example) => {
    api.tables.set('TAB5001', { metadata: withTimeCodes([...codes]) });
    const failed = await fetchScbMetadata(api.scbUrl, 'TAB5001', { timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(SourceError);
    expect((failed as SourceError).reason).toBe('not-yearly');
    expect((failed as SourceError).params).toMatchObject({ table: 'TAB5001', periods, example });
  });
});

/** TAB638's documented metadata with its time variable (Tid) counted in these codes instead of years. */
function withTimeCodes(codes: string[]): string {
  const doc = JSON.parse(SCB_TAB638_METADATA) as { dimension: { Tid: { label: string; category: unknown; extension: unknown } } };
  doc.dimension.Tid = { label: 'månad', category: { index: Object.fromEntries(codes.map((c, i) => [c, i])), label: Object.fromEntries(codes.map((c) => [c, c])) }, extension: { elimination: false } };
  return JSON.stringify(doc);
}

describe('refresh', () => {
  it('fetches again and commits only what changed, as a new import; snapshots stay frozen', async () => {
    setUpSkane();
    const first = await importFromSource(app.services.db, settings, { query: kolada(), indicatorCode: 'forvarv', remember: true });
    expect(first.ok).toBe(true);
    const { db } = app.services;
    expect((await db.select().from(indicators).where(eq(indicators.code, 'forvarv')))[0]!.sourceQuery).toEqual(kolada());

    // A snapshot of Malmö freezes today's values.
    const editor = await signedUpVisitor(app.services, 'Editor');
    const org = await organizationWith(app.services, { verified: true, members: [[editor, 'editor']] });
    const commentary = JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Nuläge' }] }] });
    const made = await editor.submitPairs(snapshotNew, '/ogonblicksbilder/ny', [
      ['title', 'Malmö före'],
      ['areaCode', '1280'],
      ['organizationId', org.id],
      ['indicatorCodes', 'forvarv'],
      ['periodFrom', '2023'],
      ['periodTo', '2023'],
      ['commentary', commentary],
    ]);
    expect(made.status, JSON.stringify(made.data)).toBe(302);
    const frozenBefore = await db.select({ area: snapshotValues.areaCode, period: snapshotValues.period, breakdown: snapshotValues.breakdown, value: snapshotValues.value }).from(snapshotValues).orderBy(snapshotValues.id);
    expect(frozenBefore).toContainEqual({ area: '1280', period: '2023', breakdown: '', value: 70.1 });

    // Nothing new at the source: no import.
    let outcomes = await refreshIndicators(db, settings);
    expect(outcomes).toEqual([expect.objectContaining({ indicatorCode: 'forvarv', ok: true, result: expect.objectContaining({ changed: 0, importId: null }) })]);
    expect(await count(indicatorImports)).toBe(1);

    // Kolada revised Malmö 2023: one value changes (T; K and M follow it, so three).
    setUpSkane((area, year) => (area === '1280' && year === 2023 ? 80 : area === '1280' && year === 2022 ? null : 70 + (Number(area) % 10) + (year - 2022) / 10));
    outcomes = await refreshIndicators(db, settings);
    expect(outcomes[0]!.result).toMatchObject({ changed: 3 });
    expect(await count(indicatorImports)).toBe(2);
    expect(await valueOf('1280', '2023')).toBe(80);
    const latest = await db.select().from(indicatorImports).where(eq(indicatorImports.id, outcomes[0]!.result!.importId!));
    expect(latest[0]!.requestUrls!.length).toBeGreaterThan(0);
    const frozenAfter = await db.select({ area: snapshotValues.areaCode, period: snapshotValues.period, breakdown: snapshotValues.breakdown, value: snapshotValues.value }).from(snapshotValues).orderBy(snapshotValues.id);
    expect(frozenAfter).toEqual(frozenBefore);
  });

  it('a failing source is reported per indicator and writes nothing', async () => {
    setUpSkane();
    await importFromSource(app.services.db, settings, { query: kolada(), indicatorCode: 'forvarv', remember: true });
    api.kpis.get('N00914')!.malformed = true;
    const outcomes = await refreshIndicators(app.services.db, settings);
    expect(outcomes[0]).toMatchObject({ indicatorCode: 'forvarv', ok: false });
    expect(outcomes[0]!.error!.reason).toBe('malformed');
    expect(await count(indicatorImports)).toBe(1);
  });
});

describe('the import page', () => {
  const fields = (over: Record<string, string> = {}): [string, string][] =>
    Object.entries({ intent: 'source', api: 'kolada', kpi: 'N00914', areaScope: 'county', county: '12', years: '2022-2023', indicator: 'forvarv', ...over });

  it('an editor fetches a KPI, sees the preview with names and Swedish numbers, and commits it with provenance', async () => {
    setUpSkane();
    const editor = await signedUpVisitor(app.services, 'Page editor');
    await organizationWith(app.services, { verified: true, members: [[editor, 'editor']] });
    const searched = await editor.load(importRoute, '/statistik/import?kolada=f%C3%B6rv%C3%A4rvsarbetande');
    expect(searched.data.kpis.found.map((k: { id: string }) => k.id)).toEqual(['N00914']);

    const res = await editor.submitPairs(importRoute, '/statistik/import', fields({ remember: 'on' }));
    expect(res.status).toBe(200);
    expect(res.data.step).toBe('preview');
    const preview = res.data.preview;
    expect(preview).toMatchObject({ rows: 34 * 2 * 3 - 3, changes: 34 * 2 * 3 - 3, source: 'Kolada (KPI N00914)', areas: 34 });
    expect(preview.areaNames['12']).toBe('Skåne län');
    expect(preview.indicatorInfo.forvarv).toMatchObject({ nameSv: 'Förvärvsarbetande', decimals: 1 });
    expect(await count(indicatorValues)).toBe(0); // nothing before the commit

    const done = await editor.submit(importRoute, '/statistik/import', { draftId: preview.draftId, kind: 'values' });
    expect(done.data.result).toMatchObject({ changed: 34 * 2 * 3 - 3, source: 'Kolada (KPI N00914)' });
    const [record] = await app.services.db.select().from(indicatorImports);
    expect(record!.requestUrls!.length).toBe(10);
    expect((await app.services.db.select().from(indicators).where(eq(indicators.code, 'forvarv')))[0]!.sourceQuery).toEqual(kolada());
  });

  it('a KPI becomes a new indicator on commit, with its name and description from Kolada', async () => {
    setUpSkane();
    const editor = await signedUpVisitor(app.services, 'New indicator editor');
    await organizationWith(app.services, { verified: true, members: [[editor, 'editor']] });
    const res = await editor.submitPairs(importRoute, '/statistik/import', fields({ indicator: '__new', newCode: 'forvarv_kolada', unit: 'procent', higherIsBetter: 'yes' }));
    expect(res.data.step).toBe('preview');
    expect(await app.services.db.select().from(indicators).where(eq(indicators.code, 'forvarv_kolada'))).toEqual([]);
    await editor.submit(importRoute, '/statistik/import', { draftId: res.data.preview.draftId, kind: 'values' });
    const [made] = await app.services.db.select().from(indicators).where(eq(indicators.code, 'forvarv_kolada'));
    expect(made).toMatchObject({ nameSv: 'Förvärvsarbetande invånare 20-64 år, andel (%)', descriptionSv: 'Antal förvärvsarbetande …', unit: 'procent', higherIsBetter: true, source: 'Kolada (KPI N00914)' });
  });

  it('the source failing shows its reason and keeps nothing', async () => {
    api.kpis.set('N00914', { malformed: true });
    const editor = await signedUpVisitor(app.services, 'Unlucky editor');
    await organizationWith(app.services, { verified: true, members: [[editor, 'editor']] });
    const res = await editor.submitPairs(importRoute, '/statistik/import', fields());
    expect(res.status).toBe(502);
    expect(res.data).toMatchObject({ step: 'source-problems', sourceError: { reason: 'malformed' } });
    const bad = await editor.submitPairs(importRoute, '/statistik/import', fields({ kpi: 'nope', years: 'igår' }));
    expect(bad.status).toBe(400);
    expect(bad.data.fieldErrors).toEqual({ kpi: 'import.api.error.kpi', years: 'import.api.error.years' });
  });

  it('each field problem gets its own message: a taken code for a new indicator is named as taken, not as missing', async () => {
    const editor = await signedUpVisitor(app.services, 'Careful editor');
    await organizationWith(app.services, { verified: true, members: [[editor, 'editor']] });
    const errorsFor = async (over: Record<string, string>) => (await editor.submitPairs(importRoute, '/statistik/import', fields(over))).data.fieldErrors;
    expect(await errorsFor({ indicator: '__new', newCode: 'forvarv', unit: 'procent' })).toEqual({ newCode: 'import.api.error.newCodeTaken' });
    expect(await errorsFor({ indicator: '__new', newCode: 'Förvärv!', unit: 'x'.repeat(41) })).toEqual({
      newCode: 'import.api.error.newCodeFormat',
      unit: 'import.api.error.unitLength',
    });
    expect(await errorsFor({ indicator: '__new', newCode: '', unit: '', years: '' })).toEqual({ newCode: 'error.required', unit: 'error.required', years: 'error.required' });
    expect(await errorsFor({ indicator: 'okand', areaScope: 'county', county: '99x', years: '1900-2024' })).toEqual({
      indicator: 'import.api.error.indicator',
      county: 'import.api.error.county',
      years: 'import.api.error.years',
    });
    expect(await errorsFor({ api: 'scb', table: 'TAB 638', other: 'Kon 1,2' })).toEqual({ table: 'import.api.error.table', other: 'import.api.error.other' });
    expect(api.requests).toEqual([]);
  });

  it('an editor looks up an SCB table, picks regions, years and contents by name, and gets the preview', async () => {
    api.tables.set('TAB638', {});
    const editor = await signedUpVisitor(app.services, 'SCB editor');
    await organizationWith(app.services, { verified: true, members: [[editor, 'editor']] });
    const page = await editor.load(importRoute, '/statistik/import?scb=TAB638');
    expect(page.data.scb).toMatchObject({ table: 'TAB638', error: null });
    const region = page.data.scb.metadata.variables.find((v: { code: string }) => v.code === 'Region');
    expect(region.values).toContainEqual({ code: '1280', label: 'Malmö' });
    // What the form sends: regions and years as repeated fields, the other variables as var.<code> ("" = all, left out).
    const res = await editor.submitPairs(importRoute, '/statistik/import', [
      ['intent', 'source'],
      ['api', 'scb'],
      ['table', 'TAB638'],
      ['regions', '00'],
      ['var.Civilstand', 'OG'],
      ['var.Alder', '0'],
      ['var.Kon', '1'],
      ['contents', 'BE0101N1'],
      ['years', '2024'],
      ['indicator', 'folk'],
    ]);
    expect(res.data.step).toBe('preview');
    expect(res.data.preview).toMatchObject({ rows: 1, source: 'SCB (tabell TAB638)' });
    expect(api.requests.at(-1)).toBe(
      '/scb/v2/tables/TAB638/data?lang=sv&outputFormat=json-stat2&valuecodes[Region]=00&valuecodes[Tid]=2024&valuecodes[ContentsCode]=BE0101N1&valuecodes[Civilstand]=OG&valuecodes[Alder]=0&valuecodes[Kon]=1',
    );
    const all = await editor.submitPairs(importRoute, '/statistik/import', [
      ['intent', 'source'],
      ['api', 'scb'],
      ['table', 'TAB638'],
      ['regions', '00'],
      ['regions', '1280'],
      ['var.Civilstand', ''],
      ['contents', 'BE0101N1'],
      ['years', '2023'],
      ['years', '2024'],
      ['indicator', 'folk'],
    ]);
    expect(all.data.step).toBe('preview');
    expect(api.requests.at(-1)).toBe('/scb/v2/tables/TAB638/data?lang=sv&outputFormat=json-stat2&valuecodes[Region]=00,1280&valuecodes[Tid]=2023,2024&valuecodes[ContentsCode]=BE0101N1');
  });

  it('an SCB table that is not there, or an answer that cannot be read, says so on the page for that table', async () => {
    const editor = await signedUpVisitor(app.services, 'SCB lookup editor');
    await organizationWith(app.services, { verified: true, members: [[editor, 'editor']] });
    const missing = await editor.load(importRoute, '/statistik/import?scb=TAB999');
    expect(missing.status).toBe(200);
    expect(missing.data.scb).toEqual({ table: 'TAB999', metadata: null, error: 'not-found' });
    api.tables.set('TAB638', { metadata: '<html>Service unavailable</html>' });
    expect((await editor.load(importRoute, '/statistik/import?scb=TAB638')).data.scb).toMatchObject({ metadata: null, error: 'malformed' });
    expect((await editor.load(importRoute, '/statistik/import?scb=TAB%20638')).data.scb).toMatchObject({ metadata: null, error: 'table-format' });
    expect(api.requests).toEqual(['/scb/v2/tables/TAB999/metadata?lang=sv', '/scb/v2/tables/TAB638/metadata?lang=sv']);
  });

  it('an SCB table in months or quarters says so on the page, offers nothing to pick, and a month sent as a year is refused by name', async () => {
    const editor = await signedUpVisitor(app.services, 'SCB monthly editor');
    await organizationWith(app.services, { verified: true, members: [[editor, 'editor']] });
    api.tables.set('TAB5002', { metadata: withTimeCodes(['2024M01', '2024M02']) });
    const page = await editor.load(importRoute, '/statistik/import?scb=TAB5002');
    expect(page.status).toBe(200);
    expect(page.data.scb).toEqual({ table: 'TAB5002', metadata: null, error: 'not-yearly', periods: 'month', example: '2024M01' });
    // What the page says with those (the message the page renders from scb.error, its periods and example).
    expect(translate('sv', 'import.scb.error.not-yearly', page.data.scb)).toMatch(/^Tabellen TAB5002 har månadsvärden \(till exempel 2024M01\)\. Samverka lagrar värden per år/);
    api.tables.set('TAB5003', { metadata: withTimeCodes(['2023K4', '2024K1']) });
    const quarterly = (await editor.load(importRoute, '/statistik/import?scb=TAB5003')).data.scb;
    expect(translate('en', 'import.scb.error.not-yearly', quarterly)).toMatch(/^Table TAB5003 has quarterly values \(for example 2023K4\)/);
    // The form posted anyway with a month in the years (by hand, or an old page): a field error, nothing fetched or kept.
    const before = { values: await count(indicatorValues), imports: await count(indicatorImports), requests: api.requests.length };
    const res = await editor.submitPairs(importRoute, '/statistik/import', [
      ['intent', 'source'],
      ['api', 'scb'],
      ['table', 'TAB5002'],
      ['regions', '1280'],
      ['contents', 'BE0101N1'],
      ['years', '2024M01'],
      ['indicator', 'folk'],
    ]);
    expect(res.status).toBe(400);
    expect(res.data.fieldErrors).toEqual({ years: 'import.api.error.yearsNotYearly' });
    expect({ values: await count(indicatorValues), imports: await count(indicatorImports), requests: api.requests.length }).toEqual(before);
  });

  it('only editors of verified organisations may fetch (canImportIndicators)', async () => {
    setUpSkane();
    const member = await signedUpVisitor(app.services, 'Plain member');
    await organizationWith(app.services, { verified: true, members: [[member, 'member']] });
    const res = await member.submitPairs(importRoute, '/statistik/import', fields());
    expect(res.status).toBe(403);
    expect(api.requests).toEqual([]);
  });
});

describe('a catalogue people can use', () => {
  it('/statistik shows each indicator with its code, years and number of areas covered', async () => {
    setUpSkane();
    await importFromSource(app.services.db, settings, { query: kolada(), indicatorCode: 'forvarv' });
    const page = await new Visitor(app.services).load(statistics, '/statistik');
    const rows = page.data.indicators.map((i: { code: string; unit: string; source: string; coverage: unknown }) => [i.code, i.unit, i.source, i.coverage]);
    expect(rows).toContainEqual(['forvarv', 'procent', 'Kolada', { from: '2022', to: '2023', areas: 34 }]);
    expect(rows).toContainEqual(['folk', 'antal', 'SCB', null]);
  });

  it('the template and the example file download, and the example imports cleanly', async () => {
    const example = (await templateRoute.loader({ params: { fil: 'exempel.csv' } } as never)) as Response;
    expect(example.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await example.arrayBuffer());
    const parsed = parseIndicatorFile({ name: 'exempel.csv', bytes }, { indicators: new Set(['sysselsattning']), areas: await areaCodes(app.services.db) });
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toHaveLength(5);
    const template = (await templateRoute.loader({ params: { fil: 'mall.csv' } } as never)) as Response;
    expect((await template.text()).trim()).toBe('indikator;område;period;uppdelning;värde');
    await expect(templateRoute.loader({ params: { fil: 'annat.csv' } } as never)).rejects.toMatchObject({ status: 404 });
  });
});

describe('the daily refresh job', () => {
  it('runs from the jobs table, schedules the next one at 05:00 Stockholm time, and imports what changed', async () => {
    const { db } = app.services;
    setUpSkane();
    await importFromSource(db, settings, { query: kolada({ areas: '1280', years: [2023] }), indicatorCode: 'forvarv', remember: true });
    setUpSkane(() => 81);
    await enqueueJob(db, REFRESH_JOB, { cadence: 'daily' });
    await runDueJobs(app.services);
    expect(await valueOf('1280', '2023')).toBe(81);
    const pending = await db.select().from(jobs).where(and(eq(jobs.kind, REFRESH_JOB), eq(jobs.status, 'pending')));
    expect(pending).toHaveLength(1);
    expect(pending[0]!.runAt.toLocaleTimeString('sv-SE', { timeZone: 'Europe/Stockholm' })).toBe('05:00:00');
  });

  it('05:00 Stockholm time, winter and summer', () => {
    expect(nextRefreshAt(new Date('2026-01-15T03:00:00Z')).toISOString()).toBe('2026-01-15T04:00:00.000Z');
    expect(nextRefreshAt(new Date('2026-01-15T05:00:00Z')).toISOString()).toBe('2026-01-16T04:00:00.000Z');
    expect(nextRefreshAt(new Date('2026-07-01T02:59:00Z')).toISOString()).toBe('2026-07-01T03:00:00.000Z');
  });
});

describe('years', () => {
  it('reads ranges and lists, refuses the rest', () => {
    expect(parseYears('2015-2017')).toEqual([2015, 2016, 2017]);
    expect(parseYears('2023, 2021')).toEqual([2021, 2023]);
    expect(parseYears('2024-2015')).toBeNull();
    expect(parseYears('tjugo')).toBeNull();
    expect(parseYears('1900-2024')).toBeNull();
  });
});
