import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as newInitiative from '#app/routes/content/initiatives/new.tsx';
import * as edit from '#app/routes/content/edit.tsx';
import * as page from '#app/routes/content/initiatives/initiative.tsx';
import * as newLesson from '#app/routes/content/lessons/new.tsx';
import * as lessonPage from '#app/routes/content/lessons/lesson.tsx';
import * as search from '#app/routes/site/search.tsx';
import * as admin from '#app/routes/admin/admin.tsx';
import * as newGroup from '#app/routes/groups/new.tsx';
import * as groupSettings from '#app/routes/groups/group/settings.tsx';
import * as threadsPage from '#app/routes/groups/group/threads.tsx';
import * as snapshotNew from '#app/routes/content/snapshots/new.tsx';
import * as snapshotPage from '#app/routes/content/snapshots/snapshot.tsx';
import { seedIndicatorDemo } from '#db/seed/indicator-demo.server.ts';
import { documentText } from '#app/search.server.ts';
import { initiatives, jobs, users } from '#db/schema/index.server.ts';
import { SEARCH_SYNC_JOB } from '#search/outbox.server.ts';
import { highlightParts } from '#search/query.ts';
import { reindex } from '#search/reindex.server.ts';
import { CONTENT_INDEX } from '#search/settings.ts';
import { Visitor } from '../support/app.ts';
import { groupWith } from '../support/groups.ts';
import { organizationWith, signedUpVisitor, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp({ search: true });
let editor: Person; // editor of a verified kommun
let partner: Person; // member of another verified organisation
let outsider: Person; // signed in, no organisation
let unverifiedMember: Person; // member of an unverified organisation
let memberOfA: Person; // partner and member of working group A
let memberOfB: Person; // partner and member of working group B
let orgId: string;
let groupA: { id: string };
let groupB: { id: string };
const anonymous = () => new Visitor(app.services);
const plain = (highlighted: string) => highlightParts(highlighted).map((p) => p.text).join('');

beforeAll(async () => {
  [editor, partner, outsider, unverifiedMember] = await app.people('Editor', 'Partner', 'Outsider', 'Unverified');
  orgId = (await organizationWith(app.services, { verified: true, members: [[editor, 'editor']] })).id;
  await organizationWith(app.services, { verified: true, sector: 'civilsamhalle', members: [[partner, 'member']] });
  await organizationWith(app.services, { verified: false, members: [[unverifiedMember, 'member']] });
  [memberOfA, memberOfB] = await app.people('Member of A', 'Member of B');
  const association = await organizationWith(app.services, { verified: true, sector: 'civilsamhalle', members: [[memberOfA, 'member'], [memberOfB, 'member']] });
  groupA = await groupWith(app.services, { openness: 'closed', members: [[memberOfA, association.id, 'lead']] });
  groupB = await groupWith(app.services, { openness: 'open', members: [[memberOfB, association.id, 'lead']] });
});

const doc = (text: string) => JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

async function write(fields: Record<string, string | string[]>, publishAs?: 'public' | 'partners') {
  const pairs = Object.entries({ organizationId: orgId, status: 'ongoing', summary: 'Sammanfattning.', ...fields }).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x] as [string, string]) : [[k, v] as [string, string]]));
  const res = await editor.submitPairs(newInitiative, '/insatser/ny', pairs);
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  const slug = res.location!.split('?')[0]!.split('/').pop()!;
  if (publishAs) expect((await editor.submit(page, '/x', { intent: 'publish', visibility: publishAs, version: '1' }, { slug })).status).toBe(302);
  return slug;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- loader data is checked field by field below
async function find(v: Visitor, query: string): Promise<{ status: number; titles: string[]; data: any }> {
  await app.deliverMail(); // drains every due job: mail and search sync alike
  const res = await v.load(search, `/sok?${query}`);
  return { status: res.status, data: res.data, titles: res.data?.result?.hits.map((h: { title: string }) => plain(h.title)) ?? [] };
}

describe('sync through the outbox', () => {
  it('indexes on publish, updates on edit and forgets on unpublish', async () => {
    const slug = await write({ title: 'Pilotprojekt Kvarnby', body: doc('Läxhjälp med föräldrar.') }, 'public');
    expect((await find(anonymous(), 'q=Kvarnby')).titles).toEqual(['Pilotprojekt Kvarnby']);
    const saved = await editor.submitPairs(edit, `/insatser/${slug}/redigera`, [['title', 'Pilotprojekt Kvarnbyskolan'], ['summary', 'Ny.'], ['status', 'completed'], ['body', doc('Läxhjälp.')], ['version', '2']], { slug });
    expect(saved.status).toBe(302);
    expect((await find(anonymous(), 'q=Kvarnbyskolan')).titles).toEqual(['Pilotprojekt Kvarnbyskolan']);
    expect((await find(anonymous(), 'q=Pilotprojekt')).titles).not.toContain('Pilotprojekt Kvarnby');
    await editor.submit(page, '/x', { intent: 'unpublish', version: '3' }, { slug });
    expect((await find(anonymous(), 'q=Kvarnbyskolan')).titles).toEqual([]);
  });

  it('enqueues the sync job in the same transaction as the write', async () => {
    const before = await app.services.db.select({ n: sql<number>`count(*)::int` }).from(jobs).where(eq(jobs.kind, SEARCH_SYNC_JOB));
    const res = await editor.submit(newInitiative, '/insatser/ny', { organizationId: orgId, title: '', summary: 'x', status: 'ongoing' });
    expect(res.status).toBe(400); // a refused write enqueues nothing
    const after = await app.services.db.select({ n: sql<number>`count(*)::int` }).from(jobs).where(eq(jobs.kind, SEARCH_SYNC_JOB));
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});

describe('Swedish text', () => {
  beforeAll(async () => {
    await write({ title: 'Ålens återkomst i Malmö', body: doc('Om segregation och boende.'), areaCodes: ['1280'] }, 'public');
    await write({ title: 'Alen vid ån i Lund', body: doc('Ett annat projekt.') }, 'public');
    await write({ title: 'Språkcafé med SFI-lärare', body: doc('Samarbete med svenska för invandrare och Arbetsförmedlingen.') }, 'public');
  });

  it('keeps å, ä and ö apart: "ål" finds Ålen, not Alen', async () => {
    const { titles } = await find(anonymous(), 'q=%C3%A5l');
    expect(titles).toContain('Ålens återkomst i Malmö');
    expect(titles).not.toContain('Alen vid ån i Lund');
  });

  it('forgives typos: "malmo" finds Malmö and "segregaton" finds segregation', async () => {
    expect((await find(anonymous(), 'q=malmo')).titles).toContain('Ålens återkomst i Malmö');
    expect((await find(anonymous(), 'q=segregaton')).titles).toContain('Ålens återkomst i Malmö');
  });

  it('knows the field’s synonyms: AF, SFI', async () => {
    expect((await find(anonymous(), 'q=af')).titles).toContain('Språkcafé med SFI-lärare');
    expect((await find(anonymous(), 'q=svenska%20f%C3%B6r%20invandrare')).titles).toContain('Språkcafé med SFI-lärare');
  });

  it('highlights matches without letting text become HTML', async () => {
    await write({ title: 'Trygghet <script>alert(1)</script> i Rosengård', body: doc('x') }, 'public');
    const { data } = await find(anonymous(), 'q=Rosengård');
    const hit = data.result.hits.find((h: { title: string }) => h.title.includes('Trygghet'));
    expect(hit.title).toContain('\u0002Rosengård\u0003');
    expect(hit.title).toContain('<script>'); // kept as text; the page renders it escaped
  });
});

describe('facets and filters', () => {
  it('counts by type, theme and area, and filters by them', async () => {
    await write({ title: 'Fritidsgård Facett', themes: ['culture_leisure'], areaCodes: ['0180'] }, 'public');
    await write({ title: 'Hälsa Facett', themes: ['health'], areaCodes: ['0180'] }, 'public');
    const all = await find(anonymous(), 'q=Facett');
    expect(all.data.result.facets.themes).toMatchObject({ culture_leisure: 1, health: 1 });
    expect(all.data.result.facets.areaCodes).toMatchObject({ '0180': 2, '01': 2 });
    expect(all.data.areaNames['0180']).toBe('Stockholm');
    expect(all.data.result.facets.type).toMatchObject({ initiative: 2 });
    expect((await find(anonymous(), 'q=Facett&tema=health')).titles).toEqual(['Hälsa Facett']);
    expect((await find(anonymous(), 'q=Facett&omrade=01')).titles).toHaveLength(2); // a län finds its kommuner
    expect((await find(anonymous(), 'q=Facett&omrade=12')).titles).toEqual([]);
  });

  it('gives a clear empty result', async () => {
    const res = await find(anonymous(), 'q=xyzzyqwerty');
    expect(res.status).toBe(200);
    expect(res.data.result.total).toBe(0);
  });
});

describe('permissions: no reader finds what they may not read', () => {
  it('holds for every reader × every kind of private content', async () => {
    await write({ title: 'Leakcheck offentlig', body: doc('hemligord') }, 'public');
    await write({ title: 'Leakcheck partner', body: doc('hemligord') }, 'partners');
    await write({ title: 'Leakcheck utkast', body: doc('hemligord') }); // draft: never indexed
    const archived = await write({ title: 'Leakcheck arkiverad', body: doc('hemligord') }, 'public');
    await editor.submit(page, '/x', { intent: 'archive', version: '2' }, { slug: archived });
    // Content for one working group only: its members find it, nobody else does.
    for (const [title, group] of [['Leakcheck grupp A', groupA], ['Leakcheck grupp B', groupB]] as const) {
      const grouped = await write({ title, body: doc('hemligord') }, 'public');
      await app.services.db.update(initiatives).set({ visibility: 'group', groupId: group.id }).where(eq(initiatives.slug, grouped));
      await app.services.db.insert(jobs).values({ kind: SEARCH_SYNC_JOB, payload: { type: 'initiative', id: (await app.services.db.select().from(initiatives).where(eq(initiatives.slug, grouped)))[0]!.id } });
    }
    // A lesson shared with partners.
    const lesson = await editor.submit(newLesson, '/lardomar/ny', { organizationId: orgId, title: 'Leakcheck lärdom', summary: 'hemligord', whatWorkedText: 'hemligord' });
    await editor.submit(lessonPage, '/x', { intent: 'publish', visibility: 'partners', version: '1' }, { slug: lesson.location!.split('?')[0]!.split('/').pop()! });

    const expected: [string, Visitor, string[]][] = [
      ['signed out', anonymous(), ['Leakcheck offentlig']],
      ['signed in, no organisation', outsider, ['Leakcheck offentlig']],
      ['member of an unverified organisation', unverifiedMember, ['Leakcheck offentlig']],
      ['partner', partner, ['Leakcheck lärdom', 'Leakcheck offentlig', 'Leakcheck partner']],
      ['author of the draft', editor, ['Leakcheck lärdom', 'Leakcheck offentlig', 'Leakcheck partner']],
      ['member of group A', memberOfA, ['Leakcheck grupp A', 'Leakcheck lärdom', 'Leakcheck offentlig', 'Leakcheck partner']],
      ['member of group B', memberOfB, ['Leakcheck grupp B', 'Leakcheck lärdom', 'Leakcheck offentlig', 'Leakcheck partner']],
    ];
    for (const [who, reader, titles] of expected) {
      for (const q of ['hemligord', 'Leakcheck', 'Leakcheck%20utkast', 'Leakcheck%20grupp', 'grupp%20A', 'grupp%20B', 'Leakcheck%20partner']) {
        const found = (await find(reader, `q=${q}`)).titles;
        expect(found.filter((t) => !titles.includes(t)), `${who} searching ${q}`).toEqual([]);
      }
      expect((await find(reader, 'q=hemligord')).titles.sort(), who).toEqual(titles);
      // Facet counts do not betray hidden documents either.
      const facets = (await find(reader, 'q=hemligord')).data.result.facets;
      expect(Object.values(facets.type ?? {}).reduce((a: number, b) => a + (b as number), 0), who).toBe(titles.length);
    }
  });
});

describe('when Meilisearch is away', () => {
  it('says so on the search page with a 503, while writes still succeed; nothing is lost when it returns', async () => {
    await app.search.stop();
    const res = await anonymous().load(search, '/sok?q=test');
    expect(res.status).toBe(503);
    expect(res.data.result).toBeNull();
    const slugs = [];
    for (let i = 0; i < 3; i++) slugs.push(await write({ title: `Under avbrottet ${i}`, body: doc('avbrottstest') }, 'public'));
    await app.deliverMail(); // the sync fails and is retried later
    const [failedOnce] = await app.services.db.select().from(jobs).where(sql`${jobs.kind} = ${SEARCH_SYNC_JOB} and ${jobs.status} = 'pending' and ${jobs.attempts} > 0`).limit(1);
    expect(failedOnce?.lastError).toBeTruthy();

    app.services.search = await app.search.start();
    await app.services.db.update(jobs).set({ runAt: new Date() }).where(eq(jobs.status, 'pending')); // skip the backoff wait
    const { titles } = await find(anonymous(), 'q=avbrottstest');
    expect(titles.sort()).toEqual(['Under avbrottet 0', 'Under avbrottet 1', 'Under avbrottet 2']);
  });
});

describe('a full reindex', () => {
  it('swaps in a fresh index and loses no write made while it ran', async () => {
    const during: Promise<string>[] = [];
    const run = reindex(app.services.db, app.search.status().client, documentText, (p) => {
      if (p.phase === 'building' && during.length < 3) during.push(write({ title: `Under omindexering ${during.length}`, body: doc('omindexeringstest') }, 'public'));
    });
    const result = await run;
    await Promise.all(during);
    expect(result.indexed).toBeGreaterThan(0);
    const { titles } = await find(anonymous(), 'q=omindexeringstest');
    expect(titles.sort()).toEqual(['Under omindexering 0', 'Under omindexering 1', 'Under omindexering 2']);
    const stats = await app.search.status().client.index(CONTENT_INDEX).getStats();
    const [published] = await app.services.db
      .select({
        n: sql<number>`(select count(*)::int from initiatives where state = 'published') + (select count(*)::int from lessons where state = 'published')
          + (select count(*)::int from indicator_snapshots where state = 'published') + (select count(*)::int from working_groups) + (select count(*)::int from group_threads)`,
      })
      .from(sql`(select 1) as one`);
    expect(stats.numberOfDocuments).toBe(published!.n);
    const indexes = await app.search.status().client.getIndexes();
    expect(indexes.results.map((i) => i.uid)).toEqual([CONTENT_INDEX]); // the build index is gone
  });

  it('leaves the live index as it was, and no half-built index behind, when it fails midway', async () => {
    await write({ title: 'Före det misslyckade bygget', body: doc('avbrutenomindexering') }, 'public');
    expect((await find(anonymous(), 'q=avbrutenomindexering')).titles).toEqual(['Före det misslyckade bygget']);
    const client = app.search.status().client;
    const before = (await client.index(CONTENT_INDEX).getStats()).numberOfDocuments;
    let calls = 0;
    const failing: typeof documentText = {
      ...documentText,
      plainText: (body) => {
        if (++calls > 2) throw new Error('document text failed');
        return documentText.plainText(body);
      },
    };
    await expect(reindex(app.services.db, client, failing)).rejects.toThrow('document text failed');
    expect((await client.getIndexes()).results.map((i) => i.uid)).toEqual([CONTENT_INDEX]);
    expect((await client.index(CONTENT_INDEX).getStats()).numberOfDocuments).toBe(before);
    expect((await find(anonymous(), 'q=avbrutenomindexering')).titles).toEqual(['Före det misslyckade bygget']);
  });
});

describe('the admin page', () => {
  it('queues a reindex that a worker runs with progress, and shows failed jobs to retry', async () => {
    const staff = await signedUpVisitor(app.services, 'Staff');
    await app.services.db.update(users).set({ isPlatformAdmin: true }).where(eq(users.id, staff.userId));
    expect((await editor.submit(admin, '/admin', { intent: 'reindex' })).status).toBe(403);
    expect((await staff.submit(admin, '/admin', { intent: 'reindex' })).status).toBe(302);
    await app.deliverMail(); // the worker runs the reindex job
    const page = await staff.load(admin, '/admin');
    expect(page.data.reindex).toMatchObject({ status: 'done', phase: 'done' });
    expect(page.data.reindex.indexed).toBeGreaterThan(0);

    const [failed] = await app.services.db.insert(jobs).values({ kind: 'mail.send', payload: {}, status: 'failed', attempts: 8, lastError: 'SMTP said no' }).returning();
    expect((await staff.load(admin, '/admin')).data.failed).toContainEqual(expect.objectContaining({ id: failed!.id, error: 'SMTP said no' }));
    await staff.submit(admin, '/admin', { intent: 'retry', jobId: String(failed!.id) });
    const [retried] = await app.services.db.select().from(jobs).where(eq(jobs.id, failed!.id));
    expect(retried).toMatchObject({ status: 'pending', attempts: 0 });
  });
});

describe('working groups, their discussions and indicator snapshots', () => {
  it('are found by exactly the readers who may see them', async () => {
    // An open group (its overview is for anyone signed in) and a closed one, each with a discussion.
    const lead = await signedUpVisitor(app.services, 'Gruppledare');
    const leadOrg = await organizationWith(app.services, { verified: true, members: [[lead, 'editor']] });
    const groupSlugs: Record<string, string> = {};
    for (const openness of ['open', 'closed'] as const) {
      const created = await lead.submit(newGroup, '/grupper/ny', { name: `Sökgrupp ${openness} fjällräv`, purposeText: 'Samordning kring fjällräv.', openness, organizationId: leadOrg.id, areaCode: '' });
      expect(created.status, JSON.stringify(created.data)).toBe(302);
      const slug = new URL(created.location!, 'http://x').pathname.split('/').pop()!;
      groupSlugs[openness] = slug;
      const thread = await lead.submit(threadsPage, '/x', { intent: 'create', title: `Tråd ${openness} fjällräv`, body: doc('Vi pratar om fjällräv.') }, { slug });
      expect(thread.status, JSON.stringify(thread.data)).toBe(302);
    }
    // A snapshot, published for partners.
    await seedIndicatorDemo(app.services.db, { years: [2020, 2023] });
    const snap = await editor.submitPairs(snapshotNew, '/ogonblicksbilder/ny', [
      ['title', 'Fjällräv i siffror'],
      ['areaCode', '1280'],
      ['organizationId', orgId],
      ['indicatorCodes', 'sysselsattning'],
      ['periodFrom', '2020'],
      ['periodTo', '2023'],
      ['commentary', doc('Läget före insatsen.')],
    ]);
    expect(snap.status, JSON.stringify(snap.data)).toBe(302);
    const snapSlug = snap.location!.split('?')[0]!.split('/').pop()!;
    expect((await editor.submit(snapshotPage, '/x', { intent: 'publish', visibility: 'partners', version: '1' }, { slug: snapSlug })).status).toBe(302);

    const titles = async (v: Visitor) => (await find(v, 'q=fj%C3%A4llr%C3%A4v')).titles.sort();
    expect(await titles(anonymous())).toEqual([]);
    expect(await titles(outsider)).toEqual(['Sökgrupp open fjällräv']);
    expect(await titles(partner)).toEqual(['Fjällräv i siffror', 'Sökgrupp open fjällräv']);
    expect(await titles(lead)).toEqual(['Fjällräv i siffror', 'Sökgrupp closed fjällräv', 'Sökgrupp open fjällräv', 'Tråd closed fjällräv', 'Tråd open fjällräv']);
    // Hits lead to their pages.
    const paths = (await find(lead, 'q=fj%C3%A4llr%C3%A4v')).data.result.hits.map((h: { path: string }) => h.path).sort();
    expect(paths).toEqual(expect.arrayContaining([`/grupper/${groupSlugs.open}`, `/ogonblicksbilder/${snapSlug}`]));
    expect(paths.some((p: string) => p.startsWith(`/grupper/${groupSlugs.closed}/diskussioner/`))).toBe(true);
    // The type facet names the new kinds.
    expect((await find(lead, 'q=fj%C3%A4llr%C3%A4v')).data.result.facets.type).toMatchObject({ group: 2, thread: 2, snapshot: 1 });
    expect((await find(lead, 'q=fj%C3%A4llr%C3%A4v&typ=thread')).titles.sort()).toEqual(['Tråd closed fjällräv', 'Tråd open fjällräv']);

    // Closing the open group takes it from outsiders' results at once; so does leaving.
    const settings = await lead.submit(groupSettings, '/x', { intent: 'save', name: 'Sökgrupp open fjällräv', purposeText: 'Samordning kring fjällräv.', openness: 'closed', areaCode: '' }, { slug: groupSlugs.open! });
    expect(settings.status, JSON.stringify(settings.data)).toBeLessThan(400);
    expect(await titles(outsider)).toEqual([]);
  });
});
