import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as area from '#app/routes/statistics/area.tsx';
import * as importRoute from '#app/routes/statistics/import.tsx';
import * as newInitiative from '#app/routes/content/initiatives/new.tsx';
import * as initiativePage from '#app/routes/content/initiatives/initiative.tsx';
import * as snapshotEdit from '#app/routes/content/edit.tsx';
import * as snapshotNew from '#app/routes/content/snapshots/new.tsx';
import * as snapshotPage from '#app/routes/content/snapshots/snapshot.tsx';
import * as snapshotList from '#app/routes/content/snapshots/list.tsx';
import * as statistics from '#app/routes/statistics/indicators.tsx';
import { indicators, indicatorSnapshots, initiativeIndicators, initiativeSnapshots, snapshotIndicators, snapshotValues } from '#db/schema/index.server.ts';
import { DEMO_SOURCE, seedIndicatorDemo } from '#db/seed/indicator-demo.server.ts';
import { Visitor } from '../support/app.ts';
import { groupWith } from '../support/groups.ts';
import { organizationWith, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp();
let editor: Person; // editor of a verified kommun, member of the working group
let partner: Person; // plain member of another verified organisation
let otherEditor: Person; // editor of that other organisation, not in the group
let groupMember: Person; // member of the other organisation and of the working group
let orgId: string;
let otherOrgId: string;
let groupId: string;
let anonymous: Visitor;

beforeAll(async () => {
  await seedIndicatorDemo(app.services.db, { years: [2018, 2024] });
  [editor, partner, otherEditor, groupMember] = await app.people('Editor', 'Partner', 'Other editor', 'Group member');
  orgId = (await organizationWith(app.services, { verified: true, members: [[editor, 'editor']] })).id;
  otherOrgId = (await organizationWith(app.services, { verified: true, sector: 'civilsamhalle', members: [[partner, 'member'], [otherEditor, 'editor'], [groupMember, 'member']] })).id;
  groupId = (await groupWith(app.services, { openness: 'closed', members: [[editor, orgId, 'lead'], [groupMember, otherOrgId, 'member']] })).id;
  anonymous = new Visitor(app.services);
});

const doc = (text: string) => JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const count = async (table: typeof indicatorSnapshots | typeof snapshotValues | typeof snapshotIndicators) =>
  (await app.services.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;

type Fields = Record<string, string | string[]>;
async function post(v: Visitor, route: Parameters<Visitor['submit']>[0], path: string, data: Fields, params: Record<string, string> = {}) {
  const flat: [string, string][] = Object.entries(data).flatMap(([k, val]) => (Array.isArray(val) ? val.map((x) => [k, x] as [string, string]) : [[k, val] as [string, string]]));
  return v.submitPairs(route, path, flat, params);
}

const snapshotFields = (over: Fields = {}): Fields => ({
  title: 'Nuläge i Malmö',
  areaCode: '1280',
  organizationId: orgId,
  indicatorCodes: ['sysselsattning', 'ekonomiskt_bistand'],
  periodFrom: '2019',
  periodTo: '2023',
  commentary: doc('Före satsningen på feriejobb.'),
  ...over,
});

async function createSnapshot(over: Fields = {}, by: Person = editor) {
  const res = await post(by, snapshotNew, '/ogonblicksbilder/ny', snapshotFields(over));
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  return res.location!.split('?')[0]!.split('/').pop()!;
}

async function publishSnapshot(slug: string, fields: Record<string, string>, by: Person = editor) {
  const current = await by.load(snapshotPage, `/ogonblicksbilder/${slug}`, { slug });
  return by.submit(snapshotPage, `/ogonblicksbilder/${slug}`, { version: String(current.data.snapshot.version), ...fields }, { slug });
}

async function createInitiative(over: Fields = {}) {
  const res = await post(editor, newInitiative, '/insatser/ny', {
    organizationId: orgId,
    title: 'Feriejobb med handledning',
    summary: 'Feriejobb för unga.',
    body: doc('Ungdomar fick feriejobb.'),
    status: 'completed',
    startDate: '2021-03-01',
    endDate: '2022-10-31',
    areaCodes: ['1280'],
    ...over,
  });
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  const slug = res.location!.split('?')[0]!.split('/').pop()!;
  const current = await editor.load(initiativePage, `/insatser/${slug}`, { slug });
  const published = await editor.submit(initiativePage, `/insatser/${slug}`, { intent: 'publish', visibility: 'public', version: String(current.data.initiative.version) }, { slug });
  expect(published.status, JSON.stringify(published.data)).toBe(302);
  return slug;
}

/** Imports a CSV through the real import page: preview, then commit. */
async function importCsv(csv: string, source = 'SCB, testimport', retrievedAt = '2025-02-01') {
  const body = new FormData();
  body.set('file', new File([Buffer.from(csv)], 'rättelse.csv', { type: 'text/csv' }));
  body.set('source', source);
  body.set('retrievedAt', retrievedAt);
  const preview = await editor.rawPost(importRoute, '/statistik/import', body);
  expect(preview.status, JSON.stringify(preview.data)).toBe(200);
  const done = await editor.submit(importRoute, '/statistik/import', { draftId: preview.data.preview.draftId });
  expect(done.data.step, JSON.stringify(done.data)).toBe('done');
  return done.data.result as { changed: number; rows: number };
}

const chartOf = (page: { data: { charts: { code: string }[] } }, code: string) => page.data.charts.find((c) => c.code === code) as unknown as {
  series: { code: string; label: string; points: { period: string; value: number }[]; example: string }[];
  provenance: { source: string; retrievedAt: string | null; importedAt: string | null; fileSha256: string | null }[];
  isExample: boolean;
  nameSv: string;
};
const valueAt = (series: { points: { period: string; value: number }[] }, period: string) => series.points.find((p) => p.period === period)?.value;

describe('taking a snapshot: bad input writes nothing', () => {
  it.each([
    ['an empty form', { title: '', areaCode: '', organizationId: '', indicatorCodes: [], periodFrom: '', periodTo: '', commentary: '' }, 400, {
      title: 'error.required',
      areaCode: 'error.snapshot.area.required',
      organizationId: 'error.snapshot.organization.required',
      indicatorCodes: 'error.snapshot.indicators.required',
      periodFrom: 'error.snapshot.from.required',
      periodTo: 'error.snapshot.to.required',
    }],
    ['from after to', { periodFrom: '2023', periodTo: '2019' }, 400, { periodTo: 'error.snapshot.period.order' }],
    ['no indicators', { indicatorCodes: [] }, 400, { indicatorCodes: 'error.snapshot.indicators.required' }],
    ['an unknown indicator', { indicatorCodes: ['sysselsattning', 'finns_inte'] }, 400, { indicatorCodes: 'error.snapshot.indicators.unknown' }],
    ['an unknown area', { areaCode: '9999' }, 400, { areaCode: 'error.snapshot.area.unknown' }],
    ['a län instead of a kommun', { areaCode: '12' }, 400, { areaCode: 'error.snapshot.area.unknown' }],
    ['a year before the data', { periodFrom: '2010' }, 400, { periodFrom: 'error.snapshot.period.range' }],
    ['a year after the data', { periodTo: '2031' }, 400, { periodTo: 'error.snapshot.period.range' }],
    ['a year that is not one', { periodFrom: '19' }, 400, { periodFrom: 'error.snapshot.year.invalid' }],
  ] as const)('%s', async (_label, over, status, expected) => {
    const before = [await count(indicatorSnapshots), await count(snapshotIndicators), await count(snapshotValues)];
    const res = await post(editor, snapshotNew, '/ogonblicksbilder/ny', snapshotFields(over as Fields));
    expect(res.status).toBe(status);
    const keys = Object.fromEntries(Object.entries(res.data.errors as Record<string, { key: string }>).map(([field, e]) => [field, e.key]));
    expect(keys).toEqual(expected);
    // What was typed comes back to the form.
    expect(res.data.values.title).toBe((over as Fields).title ?? 'Nuläge i Malmö');
    expect([await count(indicatorSnapshots), await count(snapshotIndicators), await count(snapshotValues)]).toEqual(before);
  });

  it('names the years with data when a year is out of range', async () => {
    const res = await post(editor, snapshotNew, '/x', snapshotFields({ periodFrom: '2010' }));
    expect(res.data.errors.periodFrom).toEqual({ key: 'error.snapshot.period.range', params: { min: 2018, max: 2024 } });
  });

  it('only for an organisation the actor edits, and only signed in', async () => {
    const before = await count(indicatorSnapshots);
    const foreign = await post(editor, snapshotNew, '/x', snapshotFields({ organizationId: otherOrgId }));
    expect(foreign.status).toBe(403);
    expect(foreign.data.errors.organizationId.key).toBe('error.organization.notEditor');
    expect((await post(partner, snapshotNew, '/x', snapshotFields({ organizationId: otherOrgId }))).status).toBe(403);
    const signedOut = await post(anonymous, snapshotNew, '/x', snapshotFields());
    expect(signedOut.status).toBe(302);
    expect(signedOut.location).toContain('/logga-in');
    expect(await count(indicatorSnapshots)).toBe(before);
  });
});

describe('a snapshot freezes values with their provenance', () => {
  it('copies the chosen indicators × years × the area, its län and Sweden, and later imports and catalogue edits change nothing', async () => {
    const slug = await createSnapshot();
    const [row] = await app.services.db.select().from(indicatorSnapshots).where(eq(indicatorSnapshots.slug, slug));
    expect(row).toMatchObject({ state: 'draft', areaCode: '1280', periodFrom: '2019', periodTo: '2023', organizationId: orgId, version: 1 });
    // 2 indicators × 3 areas × 5 years.
    const frozen = await app.services.db.select().from(snapshotValues).where(eq(snapshotValues.snapshotId, row!.id));
    expect(frozen).toHaveLength(30);
    expect(new Set(frozen.map((v) => v.areaCode))).toEqual(new Set(['1280', '12', 'SE']));
    expect(frozen.every((v) => v.source === DEMO_SOURCE && /^[0-9a-f]{64}$/.test(v.fileSha256 ?? '') && v.importId !== null)).toBe(true);

    const before = await editor.load(snapshotPage, `/ogonblicksbilder/${slug}`, { slug });
    expect(before.status).toBe(200);
    expect(before.data.snapshot).toMatchObject({ title: 'Nuläge i Malmö', areaName: 'Malmö', periodFrom: '2019', periodTo: '2023', state: 'draft' });
    expect(before.data.commentaryHtml).toContain('Före satsningen på feriejobb.');
    const chart = chartOf(before, 'sysselsattning');
    expect(chart.series.map((s) => s.code)).toEqual(['1280', '12', 'SE']);
    expect(chart.series[0]!.points.map((p) => p.period)).toEqual(['2019', '2020', '2021', '2022', '2023']);
    expect(chart.isExample).toBe(true);
    expect(chart.series.map((s) => s.example)).toEqual(['all', 'all', 'all']);
    expect(chart.provenance).toEqual([expect.objectContaining({ source: DEMO_SOURCE, fileSha256: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
    const old2022 = valueAt(chart.series[0]!, '2022')!;
    expect(old2022).toEqual(expect.any(Number));

    // A correction arrives through the real import, and the catalogue entry is renamed.
    const changed = old2022 + 7.3 > 92 ? old2022 - 7.3 : old2022 + 7.3;
    const corrected = Number(changed.toFixed(1));
    const result = await importCsv(`indikator;område;period;värde\nsysselsattning;1280;2022;${String(corrected).replace('.', ',')}\n`);
    expect(result.changed).toBe(1);
    await app.services.db.update(indicators).set({ nameSv: 'Omdöpt indikator' }).where(eq(indicators.code, 'sysselsattning'));

    const after = await editor.load(snapshotPage, `/ogonblicksbilder/${slug}`, { slug });
    const frozenChart = chartOf(after, 'sysselsattning');
    expect(valueAt(frozenChart.series[0]!, '2022')).toBe(old2022);
    expect(frozenChart.nameSv).toBe('Sysselsättningsgrad 20–64 år');
    expect(frozenChart.provenance.map((p) => p.source)).toEqual([DEMO_SOURCE]);
    // Frozen before the import: still example data throughout (issue 14).
    expect(frozenChart.series.map((s) => s.example)).toEqual(['all', 'all', 'all']);

    // The area page shows the live, corrected value.
    const live = await anonymous.load(area, '/omraden/1280', { code: '1280' });
    const liveChart = live.data.charts.find((c: { code: string }) => c.code === 'sysselsattning');
    expect(valueAt(liveChart.series[0], '2022')).toBe(corrected);
    // One imported year among the demo's: Malmö's series is partly example data, the län's and Sweden's wholly.
    expect(liveChart.series.map((s: { example: string }) => s.example)).toEqual(['some', 'all', 'all']);

    // A snapshot taken now freezes the corrected value, with the new import's provenance beside the old.
    const second = await createSnapshot({ title: 'Efter rättelsen', indicatorCodes: ['sysselsattning'] });
    const secondPage = await editor.load(snapshotPage, '/x', { slug: second });
    const secondChart = chartOf(secondPage, 'sysselsattning');
    expect(valueAt(secondChart.series[0]!, '2022')).toBe(corrected);
    expect(secondChart.nameSv).toBe('Omdöpt indikator');
    expect(secondChart.provenance).toContainEqual(expect.objectContaining({ source: 'SCB, testimport', retrievedAt: '2025-02-01', importedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }));
    expect(secondChart.provenance).toContainEqual(expect.objectContaining({ source: DEMO_SOURCE }));
    expect(secondChart.isExample).toBe(true); // the stored flag: the indicator was example data when taken
    expect(secondChart.series.map((s) => s.example)).toEqual(['some', 'all', 'all']);
    await app.services.db.update(indicators).set({ nameSv: 'Sysselsättningsgrad 20–64 år' }).where(eq(indicators.code, 'sysselsattning'));
  });

  it('lets editors change the title and commentary, never the values, with optimistic versions', async () => {
    const slug = await createSnapshot({ title: 'Att redigera' });
    const form = await editor.load(snapshotEdit, `/ogonblicksbilder/${slug}/redigera`, { slug });
    expect(form.status).toBe(200);
    const saved = await editor.submit(snapshotEdit, `/ogonblicksbilder/${slug}/redigera`, { version: String(form.data.version), title: 'Redigerad rubrik', commentary: doc('Ny kommentar.'), periodFrom: '2010' }, { slug });
    expect(saved.status, JSON.stringify(saved.data)).toBe(302);
    const page = await editor.load(snapshotPage, '/x', { slug });
    expect(page.data.snapshot).toMatchObject({ title: 'Redigerad rubrik', periodFrom: '2019', version: 2 });
    expect(page.data.commentaryHtml).toContain('Ny kommentar.');
    const stale = await editor.submit(snapshotEdit, `/ogonblicksbilder/${slug}/redigera`, { version: String(form.data.version), title: 'För sent', commentary: doc('x') }, { slug });
    expect(stale.status).toBe(409);
    expect(stale.data.errors.form.key).toBe('error.version.conflict');
    const empty = await editor.submit(snapshotEdit, `/ogonblicksbilder/${slug}/redigera`, { version: '2', title: ' ', commentary: doc('x') }, { slug });
    expect(empty.data.errors.title.key).toBe('error.required');
    expect((await otherEditor.load(snapshotEdit, `/ogonblicksbilder/${slug}/redigera`, { slug })).status).toBe(404); // a draft it cannot read
    await publishSnapshot(slug, { intent: 'publish', visibility: 'public' });
    expect((await otherEditor.load(snapshotEdit, `/ogonblicksbilder/${slug}/redigera`, { slug })).status).toBe(403);
    expect((await otherEditor.submit(snapshotEdit, `/ogonblicksbilder/${slug}/redigera`, { version: '3', title: 'Kapat', commentary: doc('x') }, { slug })).status).toBe(403);
  });
});

describe('who reads a snapshot', () => {
  const readers = () => ({ anonymous, partner, otherEditor, groupMember, editor });
  const slugsIn = async (v: Visitor, route: typeof snapshotList | typeof area, path: string, params: Record<string, string> = {}) => {
    const res = await v.load(route, path, params);
    const list = route === area ? res.data.snapshots.snapshots : res.data.snapshots;
    return list.map((s: { slug: string }) => s.slug);
  };

  // [state, visibility, who may read]
  it.each([
    ['draft', null, ['editor']],
    ['published', 'partners', ['partner', 'otherEditor', 'groupMember', 'editor']],
    ['published', 'public', ['anonymous', 'partner', 'otherEditor', 'groupMember', 'editor']],
    ['published', 'group', ['groupMember', 'editor']],
  ] as const)('%s for %s', async (state, visibility, allowed) => {
    const slug = await createSnapshot({ title: `Synlighet ${state} ${visibility}`, areaCode: '0180', indicatorCodes: ['medianinkomst'] });
    if (state === 'published') {
      const res = await publishSnapshot(slug, { intent: 'publish', visibility: visibility!, ...(visibility === 'group' ? { groupId } : {}) });
      expect(res.status, JSON.stringify(res.data)).toBe(302);
    }
    for (const [who, v] of Object.entries(readers())) {
      const may = (allowed as readonly string[]).includes(who);
      expect((await v.load(snapshotPage, '/x', { slug })).status, `${who} reading`).toBe(may ? 200 : 404);
      expect(await slugsIn(v, snapshotList, '/ogonblicksbilder'), `${who} listing`).toEqual(may ? expect.arrayContaining([slug]) : expect.not.arrayContaining([slug]));
      expect(await slugsIn(v, area, '/omraden/0180', { code: '0180' }), `${who} on the area page`).toEqual(may ? expect.arrayContaining([slug]) : expect.not.arrayContaining([slug]));
    }
  });

  it('publishes, unpublishes and archives by the initiative rules, with versions', async () => {
    const slug = await createSnapshot({ title: 'Livscykel' });
    const page = await editor.load(snapshotPage, '/x', { slug });
    expect(page.data.can).toMatchObject({ edit: true, publish: true, viewHistory: false });
    // Someone who may read but not edit cannot publish; a group the publisher is not in is refused.
    await publishSnapshot(slug, { intent: 'publish', visibility: 'public' });
    expect((await publishSnapshot(slug, { intent: 'unpublish' }, otherEditor)).status).toBe(403);
    const notMember = await publishSnapshot(slug, { intent: 'publish', visibility: 'group', groupId: '00000000-0000-4000-8000-000000000000' });
    expect(notMember.status).toBe(400);
    expect(notMember.data.errors.groupId).toBeDefined();
    const stale = await editor.submit(snapshotPage, '/x', { intent: 'unpublish', version: '1' }, { slug });
    expect(stale.status).toBe(409);
    expect((await publishSnapshot(slug, { intent: 'unpublish' })).status).toBe(302);
    expect((await anonymous.load(snapshotPage, '/x', { slug })).status).toBe(404);
    await publishSnapshot(slug, { intent: 'publish', visibility: 'public' });
    expect((await publishSnapshot(slug, { intent: 'archive' })).status).toBe(302);
    expect((await anonymous.load(snapshotPage, '/x', { slug })).status).toBe(200); // archived: readable by link …
    expect(await slugsIn(anonymous, snapshotList, '/ogonblicksbilder')).not.toContain(slug); // … but out of listings
    const [row] = await app.services.db.select().from(indicatorSnapshots).where(eq(indicatorSnapshots.slug, slug));
    expect(row).toMatchObject({ state: 'archived', visibility: 'public' });
    expect(row!.publishedAt).not.toBeNull();
  });

  it('links to snapshots from the statistics page', async () => {
    expect((await anonymous.load(statistics, '/statistik')).status).toBe(200);
    const list = await anonymous.load(snapshotList, '/ogonblicksbilder');
    expect(list.data.canCreate).toBe(false);
    expect((await editor.load(snapshotList, '/ogonblicksbilder')).data.canCreate).toBe(true);
  });
});

describe('snapshots and charts on an initiative', () => {
  it('attaches as baseline (following its indicators), shows readable snapshots and charts with the period marked, and detaches', async () => {
    const initiative = await createInitiative();
    const slug = await createSnapshot({ title: 'Baslinje för feriejobben', indicatorCodes: ['sysselsattning', 'ekonomiskt_bistand'], periodFrom: '2018', periodTo: '2020' });

    // Before anything is attached the initiative follows nothing; editors get the catalogue to choose from.
    const empty = await editor.load(initiativePage, '/x', { slug: initiative });
    expect(empty.data.indicators.charts).toEqual([]);
    expect(empty.data.indicators.catalogue.length).toBeGreaterThanOrEqual(7);
    expect((await anonymous.load(initiativePage, '/x', { slug: initiative })).data.indicators.catalogue).toBeNull();

    // Someone who does not edit the initiative cannot attach to it.
    await publishSnapshot(slug, { intent: 'publish', visibility: 'public' });
    const refused = await otherEditor.submit(snapshotPage, '/x', { intent: 'attach', initiative, role: 'baseline' }, { slug });
    expect(refused.status).toBe(400);
    expect(refused.data.errors.initiative.key).toBe('error.initiative.unknown');
    expect(await app.services.db.select().from(initiativeSnapshots)).toHaveLength(0);
    const badRole = await editor.submit(snapshotPage, '/x', { intent: 'attach', initiative, role: 'whenever' }, { slug });
    expect(badRole.data.errors.role.key).toBe('error.snapshot.role.invalid');

    const attached = await editor.submit(snapshotPage, '/x', { intent: 'attach', initiative, role: 'baseline' }, { slug });
    expect(attached.status, JSON.stringify(attached.data)).toBe(302);
    const followed = await app.services.db.select().from(initiativeIndicators);
    expect(followed.map((f) => f.indicatorCode).sort()).toEqual(['ekonomiskt_bistand', 'sysselsattning']);
    const snapshotView = await editor.load(snapshotPage, '/x', { slug });
    expect(snapshotView.data.initiatives).toEqual([{ slug: initiative, title: 'Feriejobb med handledning', role: 'baseline', canDetach: true }]);

    const page = await anonymous.load(initiativePage, '/x', { slug: initiative });
    const section = page.data.indicators;
    expect(section.marked).toEqual({ start: '2021', end: '2022' });
    expect(section.charts.map((c: { indicatorCode: string; areaCode: string }) => `${c.indicatorCode}@${c.areaCode}`).sort()).toEqual(['ekonomiskt_bistand@1280', 'sysselsattning@1280']);
    const chart = section.charts.find((c: { indicatorCode: string }) => c.indicatorCode === 'sysselsattning');
    expect(chart.series.map((s: { code: string }) => s.code)).toEqual(['1280', '12', 'SE']);
    expect(chart.markedPeriod).toEqual({ start: '2021', end: '2022' });
    expect(chart.phases).toEqual({ before: ['2018', '2019', '2020'], during: ['2021', '2022'], after: ['2023', '2024'] });
    // Live values: the correction imported earlier shows here, and Malmö's series is no longer wholly example data.
    expect(chart.series.map((s: { example: string }) => s.example)).toEqual(['some', 'all', 'all']);
    expect(section.snapshots).toHaveLength(1);
    expect(section.snapshots[0]).toMatchObject({ slug, role: 'baseline', areaName: 'Malmö', periodFrom: '2018', periodTo: '2020' });
    const figure = section.snapshots[0].figures.find((f: { code: string }) => f.code === 'sysselsattning');
    expect(figure.first.period).toBe('2018');
    expect(figure.last.period).toBe('2020');

    // Unpublished, the snapshot disappears from the initiative page for readers who may not read it.
    await publishSnapshot(slug, { intent: 'unpublish' });
    expect((await anonymous.load(initiativePage, '/x', { slug: initiative })).data.indicators.snapshots).toEqual([]);
    expect((await editor.load(initiativePage, '/x', { slug: initiative })).data.indicators.snapshots).toHaveLength(1);

    // Detaching from the initiative page's form goes back there; the followed indicators stay.
    const detached = await editor.submit(snapshotPage, '/x', { intent: 'detach', initiative, returnTo: `/insatser/${initiative}` }, { slug });
    expect(detached.status).toBe(302);
    expect(detached.location).toBe(`/insatser/${initiative}`);
    expect(await app.services.db.select().from(initiativeSnapshots)).toHaveLength(0);
    expect((await editor.load(initiativePage, '/x', { slug: initiative })).data.indicators.charts).toHaveLength(2);
    // A draft snapshot is still a 404 to others, detach or not.
    expect((await otherEditor.submit(snapshotPage, '/x', { intent: 'detach', initiative }, { slug })).status).toBe(404);
  });

  it('lets editors choose the followed indicators on the initiative page; an open-ended initiative is marked until now', async () => {
    const initiative = await createInitiative({ title: 'Pågående språkcafé', startDate: '2023-01-10', endDate: '', status: 'ongoing', areaCodes: ['1280', '0180'] });
    const chosen = await post(editor, initiativePage, '/x', { intent: 'follow-indicators', indicatorCodes: ['medianinkomst', 'sysselsattning'] }, { slug: initiative });
    expect(chosen.status).toBe(302);
    expect(chosen.location).toBe(`/insatser/${initiative}#indikatorer`);
    const page = await anonymous.load(initiativePage, '/x', { slug: initiative });
    const section = page.data.indicators;
    expect(section.followed.sort()).toEqual(['medianinkomst', 'sysselsattning']);
    expect(section.charts).toHaveLength(4); // 2 indicators × Malmö and Stockholm
    const stockholm = section.charts.find((c: { areaCode: string; indicatorCode: string }) => c.areaCode === '0180' && c.indicatorCode === 'medianinkomst');
    expect(stockholm.series.map((s: { code: string }) => s.code)).toEqual(['0180', '01', 'SE']);
    expect(stockholm.markedPeriod).toEqual({ start: '2023', end: null });
    expect(stockholm.phases).toEqual({ before: ['2018', '2019', '2020', '2021', '2022'], during: ['2023', '2024'], after: [] });

    const unknown = await post(editor, initiativePage, '/x', { intent: 'follow-indicators', indicatorCodes: ['finns_inte'] }, { slug: initiative });
    expect(unknown.status).toBe(400);
    expect(unknown.data.errors.indicatorCodes.key).toBe('error.snapshot.indicators.unknown');
    expect((await post(otherEditor, initiativePage, '/x', { intent: 'follow-indicators', indicatorCodes: [] }, { slug: initiative })).status).toBe(403);
    // None chosen: nothing followed, no charts.
    await post(editor, initiativePage, '/x', { intent: 'follow-indicators', indicatorCodes: [] }, { slug: initiative });
    expect((await anonymous.load(initiativePage, '/x', { slug: initiative })).data.indicators.charts).toEqual([]);
  });
});
