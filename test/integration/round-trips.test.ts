import type { LoaderFunctionArgs } from '@remix-run/node';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRequestContext } from '#app/context.server.ts';
import * as root from '#app/root.tsx';
import * as home from '#app/routes/site/home.tsx';
import * as search from '#app/routes/site/search.tsx';
import * as newInitiative from '#app/routes/content/initiatives/new.tsx';
import * as initiativePage from '#app/routes/content/initiatives/initiative.tsx';
import * as newLesson from '#app/routes/content/lessons/new.tsx';
import * as lessonPage from '#app/routes/content/lessons/lesson.tsx';
import * as snapshotNew from '#app/routes/content/snapshots/new.tsx';
import * as snapshotPage from '#app/routes/content/snapshots/snapshot.tsx';
import * as areaPage from '#app/routes/statistics/area.tsx';
import * as groupLayout from '#app/routes/groups/group/layout.tsx';
import * as groupOverview from '#app/routes/groups/group/overview.tsx';
import { addFollow, removeFollow } from '#db/queries/follows.server.ts';
import { seedIndicatorDemo } from '#db/seed/indicator-demo.server.ts';
import { TEST_ORIGIN, Visitor } from '../support/app.ts';
import { groupWith } from '../support/groups.ts';
import { organizationWith, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

/**
 * Issue 15: the main reader pages reach the database in at most three round trips per view
 * (relations folded into one query, small catalogue data cached). Counted, never timed: a document
 * request runs the root loader and the page's loaders (a group page's layout too) on one request,
 * as Remix does, and every SQL statement they send is one round trip.
 */
const app = setUpTestApp({ search: true });
let editor: Person;
let reader: Person; // signed in, member of a verified partner organisation
let orgId: string;
let initiativeSlug: string;
let earlierSlug: string; // another initiative: other areas and themes
let lessonSlug: string;
let unlinkedLessonSlug: string; // a lesson without an initiative
let snapshotSlug: string;
let groupSlug: string;

const doc = (text: string) => JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

async function created(res: { status: number; location: string | null; data: unknown }) {
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  return res.location!.split('?')[0]!.split('/').pop()!;
}

beforeAll(async () => {
  await seedIndicatorDemo(app.services.db, { years: [2018, 2024] });
  [editor, reader] = await app.people('Editor', 'Reader');
  orgId = (await organizationWith(app.services, { verified: true, members: [[editor, 'editor']] })).id;
  const partnerId = (await organizationWith(app.services, { verified: true, sector: 'civilsamhalle', members: [[reader, 'member']] })).id;
  const pairs = (fields: Record<string, string | string[]>) => Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x] as [string, string]) : [[k, v] as [string, string]]));
  const base = { organizationId: orgId, summary: 'Feriejobb för unga.', body: doc('Ungdomar fick feriejobb.'), status: 'completed', areaCodes: ['1280', '0180'], partnerIds: [partnerId] };
  const earlier = await created(await editor.submitPairs(newInitiative, '/insatser/ny', pairs({ ...base, title: 'Sommarjobb i Malmö', themes: ['work', 'education'], areaCodes: ['1280'] })));
  earlierSlug = earlier;
  initiativeSlug = await created(await editor.submitPairs(newInitiative, '/insatser/ny', pairs({ ...base, title: 'Feriejobb med handledning', themes: ['work'] })));
  for (const slug of [earlier, initiativeSlug]) {
    const current = await editor.load(initiativePage, `/insatser/${slug}`, { slug });
    expect((await editor.submit(initiativePage, `/insatser/${slug}`, { intent: 'publish', visibility: 'public', version: String(current.data.initiative.version) }, { slug })).status).toBe(302);
  }
  const initiativeId = (await editor.load(newLesson, `/lardomar/ny`)).data.initiatives?.find((i: { label: string }) => i.label === 'Feriejobb med handledning')?.value;
  lessonSlug = await created(
    await editor.submit(newLesson, '/lardomar/ny', { organizationId: orgId, title: 'Handledare gör skillnad', summary: 'Kort.', whatWorked: doc('Det här.'), whatDidNot: doc('Det där.'), recommendations: doc('Gör så här.'), ...(initiativeId ? { initiativeId } : {}) }),
  );
  const lesson = await editor.load(lessonPage, `/lardomar/${lessonSlug}`, { slug: lessonSlug });
  expect((await editor.submit(lessonPage, `/lardomar/${lessonSlug}`, { intent: 'publish', visibility: 'public', version: String(lesson.data.lesson.version) }, { slug: lessonSlug })).status).toBe(302);
  unlinkedLessonSlug = await created(
    await editor.submit(newLesson, '/lardomar/ny', { organizationId: orgId, title: 'Fritidsgårdens öppettider', summary: 'Kort.', whatWorked: doc('Kvällar.'), whatDidNot: doc('Helger.'), recommendations: doc('Fråga unga.') }),
  );
  const unlinked = await editor.load(lessonPage, `/lardomar/${unlinkedLessonSlug}`, { slug: unlinkedLessonSlug });
  expect((await editor.submit(lessonPage, `/lardomar/${unlinkedLessonSlug}`, { intent: 'publish', visibility: 'public', version: String(unlinked.data.lesson.version) }, { slug: unlinkedLessonSlug })).status).toBe(302);
  snapshotSlug = await created(
    await editor.submitPairs(
      snapshotNew,
      '/ogonblicksbilder/ny',
      pairs({ title: 'Nuläge i Malmö', areaCode: '1280', organizationId: orgId, indicatorCodes: ['sysselsattning', 'ekonomiskt_bistand'], periodFrom: '2019', periodTo: '2023', commentary: doc('Före.') }),
    ),
  );
  const snapshot = await editor.load(snapshotPage, `/ogonblicksbilder/${snapshotSlug}`, { slug: snapshotSlug });
  expect((await editor.submit(snapshotPage, `/ogonblicksbilder/${snapshotSlug}`, { intent: 'publish', visibility: 'public', version: String(snapshot.data.snapshot.version) }, { slug: snapshotSlug })).status).toBe(302);
  groupSlug = (await groupWith(app.services, { openness: 'open', listed: true, members: [[editor, orgId, 'lead'], [reader, partnerId, 'member']] })).slug;
  await app.deliverMail(); // the search outbox: the published write-ups reach Meilisearch
});

type Loader = (args: LoaderFunctionArgs) => unknown;

/**
 * One document request as Remix serves it: the context built from the cookie, then the root loader
 * and the page's loaders side by side on the same request. Returns the statements sent and each loader's
 * outcome (a thrown Response counts as an outcome: a 404 is a page too).
 */
async function documentRequest(visitor: Visitor, path: string, loaders: Loader[], params: Record<string, string> = {}) {
  const request = new Request(`${TEST_ORIGIN}${path}`, { headers: visitor.cookies.size ? { cookie: visitor.cookieHeader } : {} });
  const { result, queries } = await app.countQueries(async () => {
    const context = await buildRequestContext(app.services, request.headers, { ip: '192.0.2.10' });
    return Promise.all([root.loader, ...loaders].map((loader) => Promise.resolve().then(() => loader({ request, params, context } as never)).catch((thrown: unknown) => thrown)));
  });
  for (const outcome of result) if (outcome instanceof Response && outcome.status >= 400) throw new Error(`${path}: ${outcome.status}`);
  for (const outcome of result) if (outcome instanceof Error) throw outcome;
  return queries;
}

const pages = (): { name: string; path: string; loaders: Loader[]; params?: Record<string, string> }[] => [
  { name: 'home', path: '/', loaders: [home.loader as Loader] },
  { name: 'search', path: '/sok?q=feriejobb', loaders: [search.loader as Loader] },
  { name: 'initiative', path: `/insatser/${initiativeSlug}`, loaders: [initiativePage.loader as Loader], params: { slug: initiativeSlug } },
  { name: 'lesson', path: `/lardomar/${lessonSlug}`, loaders: [lessonPage.loader as Loader], params: { slug: lessonSlug } },
  { name: 'snapshot', path: `/ogonblicksbilder/${snapshotSlug}`, loaders: [snapshotPage.loader as Loader], params: { slug: snapshotSlug } },
  { name: 'area', path: '/omraden/1280', loaders: [areaPage.loader as Loader], params: { code: '1280' } },
  { name: 'group overview', path: `/grupper/${groupSlug}`, loaders: [groupLayout.loader as Loader, groupOverview.loader as Loader], params: { slug: groupSlug } },
];

/**
 * Each page's ceiling per reader, exactly today's count (no slack): issue 15 wants at most three. Before the first
 * folding: home 5/9, search 0/4, initiative 19/23, lesson 3/7, snapshot 5/9, area 11/16, group overview 2/9.
 * A signed-in reader pays one before the page's own: the session lookup, which also reads the memberships and the
 * unread count (app/auth/session.server.ts). Then the pages: a slug read (prepared) and one statement of relations
 * (db/one-statement.server.ts); the area and organisation catalogues come from memory. Search signed in reads
 * whether the reader follows this search (issue 16), home its newest initiatives.
 */
const CEILING: Record<string, { anonymous: number; signedIn: number }> = {
  home: { anonymous: 1, signedIn: 2 },
  search: { anonymous: 0, signedIn: 2 },
  initiative: { anonymous: 2, signedIn: 3 },
  lesson: { anonymous: 2, signedIn: 3 },
  snapshot: { anonymous: 2, signedIn: 3 },
  area: { anonymous: 2, signedIn: 3 },
  'group overview': { anonymous: 1, signedIn: 3 },
};

describe('database round trips per main reader page', () => {
  it('reports every page (for the issue notes)', async () => {
    const lines: string[] = [];
    for (const page of pages()) {
      // The second view counts: the first may fill the in-memory catalogue caches, as the first view after a start does.
      await documentRequest(new Visitor(app.services), page.path, page.loaders, page.params);
      const anonymous = await documentRequest(new Visitor(app.services), page.path, page.loaders, page.params);
      await documentRequest(reader, page.path, page.loaders, page.params);
      const signedIn = await documentRequest(reader, page.path, page.loaders, page.params);
      lines.push(`${page.name}: anonymous ${anonymous.length}, signed in ${signedIn.length}`);
      if (process.env.ROUND_TRIPS_VERBOSE) lines.push(...anonymous.map((q) => `  a: ${q.slice(0, 160)}`), ...signedIn.map((q) => `  s: ${q.slice(0, 160)}`));
    }
    console.log(lines.join('\n'));
  });

  for (const name of Object.keys(CEILING)) {
    it(`${name}: at most ${CEILING[name]!.anonymous} for an anonymous reader, ${CEILING[name]!.signedIn} signed in`, async () => {
      const page = pages().find((p) => p.name === name)!;
      await documentRequest(new Visitor(app.services), page.path, page.loaders, page.params);
      expect((await documentRequest(new Visitor(app.services), page.path, page.loaders, page.params)).length).toBeLessThanOrEqual(CEILING[name]!.anonymous);
      await documentRequest(reader, page.path, page.loaders, page.params);
      expect((await documentRequest(reader, page.path, page.loaders, page.params)).length).toBeLessThanOrEqual(CEILING[name]!.signedIn);
    });
  }
});

describe('prepared page statements (issue 15)', () => {
  /** The statements of a page's second view (the first may fill the catalogue caches), by one visitor. */
  const secondView = async (visitor: Visitor, loader: Loader, path: string, slug: string) => {
    await documentRequest(visitor, path, [loader], { slug });
    return documentRequest(visitor, path, [loader], { slug });
  };

  it("the initiative page sends the same statement text for every initiative and every reader: PostgreSQL plans it once per connection", async () => {
    // The page's own statements, the slug read and the folded one: a signed-in reader's session lookup comes first.
    const texts = async (visitor: Visitor, slug: string) => (await secondView(visitor, initiativePage.loader as Loader, `/insatser/${slug}`, slug)).slice(-2);
    const anonymous = await texts(new Visitor(app.services), initiativeSlug);
    expect(anonymous).toHaveLength(2);
    expect(await texts(new Visitor(app.services), earlierSlug)).toEqual(anonymous);
    expect(await texts(reader, initiativeSlug)).toEqual(anonymous);
  });

  it('the lesson page too, with or without a linked initiative, for a reader who may follow and one who may not', async () => {
    const texts = async (visitor: Visitor, slug: string) => (await secondView(visitor, lessonPage.loader as Loader, `/lardomar/${slug}`, slug)).slice(-2);
    const anonymous = await texts(new Visitor(app.services), lessonSlug);
    expect(anonymous).toHaveLength(2);
    expect(await texts(new Visitor(app.services), unlinkedLessonSlug)).toEqual(anonymous);
    expect(await texts(reader, lessonSlug)).toEqual(anonymous);
    expect(await texts(reader, unlinkedLessonSlug)).toEqual(anonymous);
    // And the answers still differ where they should: the linked initiative, and the follow button of one who follows.
    const linked = await reader.load(lessonPage, `/lardomar/${lessonSlug}`, { slug: lessonSlug });
    expect(linked.data.initiative?.title).toBe('Feriejobb med handledning');
    expect((await reader.load(lessonPage, `/lardomar/${unlinkedLessonSlug}`, { slug: unlinkedLessonSlug })).data.initiative).toBeNull();
    expect(linked.data.followOrganization.following).toBe(false);
    await addFollow(app.services.db, reader.userId, { kind: 'organization', key: orgId });
    expect((await reader.load(lessonPage, `/lardomar/${lessonSlug}`, { slug: lessonSlug })).data.followOrganization.following).toBe(true);
    expect((await new Visitor(app.services).load(lessonPage, `/lardomar/${lessonSlug}`, { slug: lessonSlug })).data.followOrganization.following).toBe(false);
    await removeFollow(app.services.db, reader.userId, { kind: 'organization', key: orgId });
  });

  it('the snapshot page too, for a reader, and for an editor offered the initiatives to attach it to', async () => {
    // The folded statement (an editor's page also reads the working groups to publish to, a statement of its own).
    const texts = async (visitor: Visitor) =>
      (await secondView(visitor, snapshotPage.loader as Loader, `/ogonblicksbilder/${snapshotSlug}`, snapshotSlug)).filter((text) => text.includes('json_agg(json_build_array('));
    const anonymous = await texts(new Visitor(app.services));
    expect(anonymous).toHaveLength(1);
    expect(await texts(reader)).toEqual(anonymous);
    expect(await texts(editor)).toEqual(anonymous);
    // The editor's own initiatives are offered; the reader, who edits for no organisation, gets none; both see the charts.
    const forEditor = await editor.load(snapshotPage, `/ogonblicksbilder/${snapshotSlug}`, { slug: snapshotSlug });
    expect(forEditor.data.attachChoices.map((c: { label: string }) => c.label)).toEqual(['Feriejobb med handledning', 'Sommarjobb i Malmö']);
    const forReader = await reader.load(snapshotPage, `/ogonblicksbilder/${snapshotSlug}`, { slug: snapshotSlug });
    expect(forReader.data.attachChoices).toEqual([]);
    expect(forReader.data.charts.map((c: { code: string }) => c.code)).toEqual(['ekonomiskt_bistand', 'sysselsattning']);
  });

  it('on PostgreSQL every connection plans a prepared statement once, for any values (PGlite prepares nothing)', async () => {
    if (app.services.dbKind !== 'postgres') return;
    const [row] = (await app.services.db.execute(sql`select current_setting('plan_cache_mode') as mode`)) as unknown as { mode: string }[];
    expect(row?.mode).toBe('force_generic_plan');
  });
});

describe('the reader read with the session (issue 15)', () => {
  it('a reading request takes the memberships from the session lookup; a writing one reads them afresh, after its action', async () => {
    const [newcomer] = await app.people('Newcomer');
    const headers = new Headers({ cookie: newcomer!.cookieHeader });
    const reading = await buildRequestContext(app.services, headers, { method: 'GET' });
    const writing = await buildRequestContext(app.services, headers, { method: 'POST' });
    // What an action of the writing request might do before Remix runs the page's loaders on the same context.
    await organizationWith(app.services, { verified: true, members: [[newcomer!, 'member']] });
    expect((await reading.actor()).memberships).toEqual([]);
    expect((await writing.actor()).memberships).toHaveLength(1);
  });
});
