import { beforeAll, describe, expect, it } from 'vitest';
import * as browse from '#app/routes/content/initiatives/list.tsx';
import * as insight from '#app/routes/statistics/success-factors.tsx';
import { areas, initiativeAreas, initiativePartners, initiatives, lessons } from '#db/schema/index.server.ts';
import type { InitiativeStatus, SuccessFactor, Theme, Visibility } from '#app/vocabulary.ts';
import { Visitor } from '../support/app.ts';
import { groupWith } from '../support/groups.ts';
import { organizationWith, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp();
let partner: Person; // member of a verified organisation
let groupMember: Person; // member of a verified organisation and of working group G
let outsider: Person; // signed in, no organisation
let owner: string; // a verified kommun that owns every initiative here
let civil: string; // a civil-society partner: another sector
let otherKommun: string; // a second kommun: the same sector as the owner
let groupId: string;
const anonymous = () => new Visitor(app.services);

const doc = { type: 'doc' as const, content: [] };
/** An ISO date `years` before today (so "ongoing since" stays on the same side of three years whenever the test runs). */
const yearsAgo = (years: number) => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString().slice(0, 10);
};

async function seedInitiative(opts: {
  title: string;
  areaCodes?: string[];
  themes?: Theme[];
  factors?: SuccessFactor[];
  status?: InitiativeStatus;
  start?: string | null;
  end?: string | null;
  partners?: string[];
  evaluation?: { evaluationMethod?: string; evaluatedBy?: string; evaluationSummary?: string; evaluationUrl?: string };
  visibility?: Visibility;
  state?: 'draft' | 'published' | 'archived';
  lessons?: { visibility: Visibility; state?: 'draft' | 'published' }[];
}) {
  const { db } = app.services;
  const visibility = opts.visibility ?? 'public';
  const [row] = await db
    .insert(initiatives)
    .values({
      slug: `${opts.title.toLowerCase().replace(/\W+/g, '-')}-${Math.random().toString(36).slice(2, 7)}`,
      title: opts.title,
      body: doc,
      status: opts.status ?? 'completed',
      startDate: opts.start ?? null,
      endDate: opts.end ?? null,
      themes: opts.themes ?? [],
      successFactors: opts.factors ?? [],
      ...opts.evaluation,
      organizationId: owner,
      visibility,
      groupId: visibility === 'group' ? groupId : null,
      state: opts.state ?? 'published',
      publishedAt: opts.state === 'draft' ? null : new Date(),
    })
    .returning();
  if (opts.areaCodes?.length) await db.insert(initiativeAreas).values(opts.areaCodes.map((areaCode) => ({ initiativeId: row!.id, areaCode })));
  if (opts.partners?.length) await db.insert(initiativePartners).values(opts.partners.map((organizationId) => ({ initiativeId: row!.id, organizationId })));
  for (const [i, l] of (opts.lessons ?? []).entries()) {
    await db.insert(lessons).values({
      slug: `lardom-${row!.slug}-${i}`,
      title: `Lärdom ${i} ur ${opts.title}`,
      initiativeId: row!.id,
      whatWorked: doc,
      whatDidNot: doc,
      recommendations: doc,
      organizationId: owner,
      visibility: l.visibility,
      groupId: l.visibility === 'group' ? groupId : null,
      state: l.state ?? 'published',
      publishedAt: l.state === 'draft' ? null : new Date(),
    });
  }
  return row!;
}

beforeAll(async () => {
  [partner, groupMember, outsider] = await app.people('Partner', 'Group member', 'Outsider');
  owner = (await organizationWith(app.services, { verified: true, sector: 'kommun', members: [[partner, 'member']] })).id;
  civil = (await organizationWith(app.services, { verified: true, sector: 'civilsamhalle', members: [[groupMember, 'member']] })).id;
  otherKommun = (await organizationWith(app.services, { verified: true, sector: 'kommun', members: [] })).id;
  groupId = (await groupWith(app.services, { openness: 'closed', members: [[groupMember, civil, 'lead']] })).id;
  await app.services.db.insert(areas).values({ code: '1280R099', kind: 'district', name: 'Testdistrikt', parentCode: '1280' });

  // A: Malmö; long-term by its dates, cross-sector, evaluated, a public lesson.
  await seedInitiative({
    title: 'A Läxhjälp',
    areaCodes: ['1280'],
    themes: ['education'],
    factors: ['long_term', 'collaboration'],
    start: '2015-01-01',
    end: '2019-06-30',
    partners: [civil],
    evaluation: { evaluationMethod: 'Enkät till föräldrar' },
    lessons: [{ visibility: 'public' }],
  });
  // B: Lund; ongoing for five years without an end date (long-term); its partner is another kommun (one sector); a partners-only lesson.
  await seedInitiative({
    title: 'B Jobbspår',
    areaCodes: ['1281'],
    themes: ['work'],
    factors: ['cross_sector'],
    status: 'ongoing',
    start: yearsAgo(5),
    partners: [otherKommun],
    lessons: [{ visibility: 'partners' }],
  });
  // C: Skåne län itself; one day short of three years; only blanks for an evaluation; a draft lesson.
  await seedInitiative({
    title: 'C Hälsolotsar',
    areaCodes: ['12'],
    themes: ['education', 'health'],
    factors: ['early_preventive', 'knowledge_based'],
    start: '2020-01-01',
    end: '2022-12-31',
    evaluation: { evaluatedBy: '   ' },
    lessons: [{ visibility: 'public', state: 'draft' }],
  });
  // D: Stockholm; completed without an end date (length unknown: not long-term); cross-sector; an evaluation report link.
  await seedInitiative({
    title: 'D Fritidsbank',
    areaCodes: ['0180'],
    themes: ['education'],
    factors: ['long_term'],
    start: '2019-01-01',
    partners: [civil, otherKommun],
    evaluation: { evaluationUrl: 'https://example.org/rapport.pdf' },
  });
  // E: partners only, Malmö; exactly three years; cross-sector; evaluated; a lesson for group G only.
  await seedInitiative({
    title: 'E Trygghetsvandring',
    areaCodes: ['1280'],
    themes: ['safety'],
    factors: ['collaboration', 'cross_sector'],
    start: '2020-01-01',
    end: '2023-01-01',
    partners: [civil],
    evaluation: { evaluationSummary: 'Fler kände sig trygga.' },
    visibility: 'partners',
    lessons: [{ visibility: 'group' }],
  });
  // F: group G only, Malmö; ongoing for one year.
  await seedInitiative({ title: 'F Gruppens insats', areaCodes: ['1280'], themes: ['education'], factors: ['knowledge_based'], status: 'ongoing', start: yearsAgo(1), visibility: 'group' });
  // G: a draft and H: archived: never counted.
  await seedInitiative({ title: 'G Utkast', areaCodes: ['1280'], themes: ['education'], factors: ['long_term', 'cross_sector'], start: '2010-01-01', end: '2020-01-01', state: 'draft' });
  await seedInitiative({ title: 'H Arkiverad', areaCodes: ['1280'], themes: ['education'], factors: ['long_term'], start: '2010-01-01', end: '2020-01-01', state: 'archived' });
  // I: no area (Sweden only); planned over four years.
  await seedInitiative({ title: 'I Planerad', themes: ['education'], factors: ['collaboration'], status: 'planned', start: '2027-01-01', end: '2031-01-01' });
});

async function counts(v: Visitor, query = '') {
  const res = await v.load(insight, `/statistik/framgangsfaktorer${query}`);
  expect(res.status, JSON.stringify(res.data)).toBe(200);
  const d = res.data;
  return {
    total: d.total.count as number,
    factors: Object.fromEntries(d.factors.map((f: { factor: string; count: number }) => [f.factor, f.count])),
    measured: Object.fromEntries(d.characteristics.map((c: { characteristic: string; count: number }) => [c.characteristic, c.count])),
    data: d,
  };
}

describe('success-factor insight: exact counts per reader', () => {
  it('counts only public initiatives for an anonymous reader and for someone signed in without a verified organisation', async () => {
    for (const v of [anonymous(), outsider]) {
      const c = await counts(v);
      expect(c.total).toBe(5); // A B C D I
      expect(c.factors).toEqual({ long_term: 2, cross_sector: 1, collaboration: 2, early_preventive: 1, knowledge_based: 1 });
      expect(c.measured).toEqual({ longTerm: 3, crossSector: 2, evaluated: 2, withLessons: 1 });
    }
  });

  it('adds partners-only initiatives and lessons for a partner', async () => {
    const c = await counts(partner);
    expect(c.total).toBe(6); // + E
    expect(c.factors).toEqual({ long_term: 2, cross_sector: 2, collaboration: 3, early_preventive: 1, knowledge_based: 1 });
    expect(c.measured).toEqual({ longTerm: 4, crossSector: 3, evaluated: 3, withLessons: 2 });
  });

  it("adds a working group's own initiatives and lessons for its members", async () => {
    const c = await counts(groupMember);
    expect(c.total).toBe(7); // + E + F
    expect(c.factors).toEqual({ long_term: 2, cross_sector: 2, collaboration: 3, early_preventive: 1, knowledge_based: 2 });
    expect(c.measured).toEqual({ longTerm: 4, crossSector: 3, evaluated: 3, withLessons: 3 });
  });
});

describe('success-factor insight: area and theme', () => {
  it('counts a kommun, a län (itself and its kommuner) and Sweden', async () => {
    expect((await counts(anonymous(), '?omrade=1280')).total).toBe(1); // A
    expect((await counts(partner, '?omrade=1280')).total).toBe(2); // A E
    expect((await counts(groupMember, '?omrade=1280')).total).toBe(3); // A E F
    const skane = await counts(anonymous(), '?omrade=12');
    expect(skane.total).toBe(3); // A (Malmö), B (Lund), C (the län)
    expect(skane.measured).toEqual({ longTerm: 2, crossSector: 1, evaluated: 1, withLessons: 1 });
    expect(skane.data.area).toEqual({ code: '12', name: 'Skåne län', kind: 'county' });
    expect((await counts(anonymous(), '?omrade=1281')).total).toBe(1); // B
    expect((await counts(anonymous(), '?omrade=01')).total).toBe(1); // D
    expect((await counts(anonymous(), '?omrade=0180')).measured).toEqual({ longTerm: 0, crossSector: 1, evaluated: 1, withLessons: 0 });
    expect((await counts(anonymous(), '?omrade=2480')).total).toBe(0);
    // No area, the picker's "Sverige" (empty) and SE are all of Sweden.
    for (const q of ['', '?omrade=', '?omrade=SE']) expect((await counts(anonymous(), q)).total).toBe(5);
  });

  it('narrows to one theme, also within an area', async () => {
    expect((await counts(anonymous(), '?tema=education')).total).toBe(4); // A C D I
    const c = await counts(anonymous(), '?omrade=12&tema=education');
    expect(c.total).toBe(2); // A C
    expect(c.factors).toEqual({ long_term: 1, cross_sector: 0, collaboration: 1, early_preventive: 1, knowledge_based: 1 });
    expect(c.data.theme).toBe('education');
    expect((await counts(anonymous(), '?tema=')).total).toBe(5); // the picker's "all themes"
  });

  it('answers an unknown area with 404 and a bad theme with 400, each with a message', async () => {
    for (const code of ['9999', 'XYZ', '1280R099']) {
      const res = await anonymous().load(insight, `/statistik/framgangsfaktorer?omrade=${code}`);
      expect(res.status, code).toBe(404);
      expect(res.data.message).toBe(`Okänt område ”${code}”. Välj Sverige, ett län eller en kommun.`);
    }
    const bad = await anonymous().load(insight, '/statistik/framgangsfaktorer?tema=sport');
    expect(bad.status).toBe(400);
    expect(bad.data.message).toBe('Okänt tema ”sport”. Välj ett av temana i listan.');
    const en = await anonymous().load(insight, '/statistik/framgangsfaktorer?omrade=12&tema=sport', {}, { 'Accept-Language': 'en' });
    expect(en.status).toBe(400);
    expect(en.data.message).toBe('Unknown theme “sport”. Choose one of the themes in the list.');
  });
});

describe('every number links to a list of exactly those initiatives', () => {
  const cases: [string, () => Visitor][] = [
    ['anonymous', anonymous],
    ['partner', () => partner],
    ['group member', () => groupMember],
  ];
  it.each(cases)('for %s: in Sweden, Skåne, Malmö and Skåne × education, each count equals the linked list’s total', async (_who, reader) => {
    for (const query of ['', '?omrade=12', '?omrade=1280', '?omrade=12&tema=education']) {
      const { data } = await counts(reader(), query);
      const numbers: { count: number; href: string }[] = [data.total, ...data.factors, ...data.characteristics];
      for (const n of numbers) {
        expect(n.href.startsWith('/insatser')).toBe(true);
        const list = await reader().load(browse, n.href);
        expect(list.status).toBe(200);
        expect(list.data.total, `${query} → ${n.href}`).toBe(n.count);
      }
    }
  });

  it('lists exactly the right initiatives behind a measured number', async () => {
    const titles = async (v: Visitor, href: string) => ((await v.load(browse, href)).data.initiatives as { title: string }[]).map((i) => i.title).sort();
    expect(await titles(anonymous(), '/insatser?langsiktig=1')).toEqual(['A Läxhjälp', 'B Jobbspår', 'I Planerad']);
    expect(await titles(anonymous(), '/insatser?sektorsovergripande=1')).toEqual(['A Läxhjälp', 'D Fritidsbank']);
    expect(await titles(anonymous(), '/insatser?utvarderad=1')).toEqual(['A Läxhjälp', 'D Fritidsbank']);
    expect(await titles(anonymous(), '/insatser?lardomar=1')).toEqual(['A Läxhjälp']);
    expect(await titles(partner, '/insatser?lardomar=1')).toEqual(['A Läxhjälp', 'B Jobbspår']);
    expect(await titles(groupMember, '/insatser?omrade=1280')).toEqual(['A Läxhjälp', 'E Trygghetsvandring', 'F Gruppens insats']);
    expect(await titles(groupMember, '/insatser?lardomar=1')).toEqual(['A Läxhjälp', 'B Jobbspår', 'E Trygghetsvandring']);
    // The browse page shows which measured filters are on.
    expect((await anonymous().load(browse, '/insatser?langsiktig=1&utvarderad=1')).data.filters).toMatchObject({ longTerm: true, evaluated: true });
  });
});
