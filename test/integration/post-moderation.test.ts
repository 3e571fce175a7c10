/**
 * Reports on published write-ups and on a working group's thread posts and
 * replies (issue 16): one report per person, the platform's queue and a group
 * lead's queue, hiding and restoring with a reason, the author told (in-app and
 * by mail), everything audited, and a hidden thing gone from every door —
 * pages, lists, search (real Meilisearch), the Atom feed, open data, the API,
 * similar initiatives, follow notices and group notices.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as moderationPage from '#app/routes/admin/moderation.tsx';
import * as initiativesApi from '#app/routes/api/initiatives.ts';
import * as lessonsApi from '#app/routes/api/lessons.ts';
import * as snapshotsApi from '#app/routes/api/snapshots.ts';
import * as initiativePage from '#app/routes/content/initiatives/initiative.tsx';
import * as browsePage from '#app/routes/content/initiatives/list.tsx';
import * as newInitiative from '#app/routes/content/initiatives/new.tsx';
import * as lessonPage from '#app/routes/content/lessons/lesson.tsx';
import * as lessonsPage from '#app/routes/content/lessons/list.tsx';
import * as newLesson from '#app/routes/content/lessons/new.tsx';
import * as snapshotPage from '#app/routes/content/snapshots/snapshot.tsx';
import * as snapshotsPage from '#app/routes/content/snapshots/list.tsx';
import * as newSnapshot from '#app/routes/content/snapshots/new.tsx';
import * as feed from '#app/routes/feeds/atom-feed.ts';
import * as openData from '#app/routes/feeds/open-data.ts';
import * as activityPage from '#app/routes/groups/group/activity.tsx';
import * as groupOverview from '#app/routes/groups/group/overview.tsx';
import * as groupLayout from '#app/routes/groups/group/layout.tsx';
import * as groupModerationPage from '#app/routes/groups/group/moderation.tsx';
import * as threadPage from '#app/routes/groups/group/thread.tsx';
import * as threadsPage from '#app/routes/groups/group/threads.tsx';
import * as inbox from '#app/routes/notifications/inbox.tsx';
import * as search from '#app/routes/site/search.tsx';
import { countNotifications } from '#db/queries/notifications.server.ts';
import { seedIndicatorDemo } from '#db/seed/indicator-demo.server.ts';
import { auditLog, contentReports, follows, groupReplies, indicatorSnapshots, lessons, memberships, users, type WorkingGroup } from '#db/schema/index.server.ts';
import { Visitor, type RouteResult } from '../support/app.ts';
import { groupWith } from '../support/groups.ts';
import { organizationWith, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';
import { ONE_PARAGRAPH, publishedInitiative as publishInitiative, setInitiativeState } from '../support/initiatives.ts';

const app = setUpTestApp({ search: true, smtp: true });
let author: Person; // editor of the publishing organisation
let partner: Person; // member of another verified organisation
let outsider: Person; // signed in, in no organisation
let follower: Person; // follows Malmö
let admin: Person; // platform admin, in no group
let anonymous: Visitor;
let orgId: string;

// The group: a lead, two members, and a member of another organisation who is not in it.
let lead: Person;
let bo: Person;
let asa: Person;
let group: WorkingGroup;

beforeAll(async () => {
  [author, partner, outsider, follower, admin, lead, bo, asa] = await app.people('Anna Författare', 'Pelle Partner', 'Ulla Utanför', 'Fia Följare', 'Adam Admin', 'Lena Ledare', 'Bo Ek', 'Åsa Öberg');
  orgId = (await organizationWith(app.services, { verified: true, members: [[author, 'editor']] })).id;
  const partners = await organizationWith(app.services, { verified: true, sector: 'civilsamhalle', members: [[partner, 'member'], [follower, 'member'], [bo, 'member'], [asa, 'member']] });
  const agency = await organizationWith(app.services, { verified: true, sector: 'myndighet', members: [[admin, 'member'], [lead, 'member']] });
  await app.services.db.update(users).set({ isPlatformAdmin: true }).where(eq(users.id, admin.userId));
  await app.services.db.insert(follows).values({ userId: follower.userId, kind: 'area', key: '1280' });
  group = await groupWith(app.services, {
    openness: 'closed',
    name: 'Trygghet i Rosengård',
    members: [
      [lead, agency.id, 'lead'],
      [bo, partners.id, 'member'],
      [asa, partners.id, 'member'],
    ],
  });
  anonymous = new Visitor(app.services);
});

const text = (res: RouteResult) => (typeof res.data === 'string' ? res.data : JSON.stringify(res.data ?? null));
const reportsOf = (targetId: string) => app.services.db.select().from(contentReports).where(eq(contentReports.targetId, targetId));
const auditOf = async (action: string, targetId: string) => (await app.services.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)))).length;
async function inboxKeys(v: Visitor): Promise<string[]> {
  return (await v.load(inbox, '/aviseringar')).data.notifications.map((n: { messageKey: string; params: Record<string, string> }) => `${n.messageKey}:${n.params.title}`);
}
/** The paths a reader's search finds, after the outbox has brought the index up to date. */
async function found(v: Visitor, q: string): Promise<string[]> {
  await app.deliverMail(); // drains every due job, the search sync among them
  const res = await v.load(search, `/sok?q=${encodeURIComponent(q)}`);
  return res.data.result.hits.map((h: { path: string }) => h.path);
}

// ---------------------------------------------------------------------------
// Write-ups

const publishedInitiative = (title: string) => publishInitiative(author, orgId, title, 'public');
const itemPage = (v: Visitor, slug: string) => v.load(initiativePage, `/insatser/${slug}`, { slug });
const reportItem = (v: Visitor, slug: string, reason: string) => v.submit(initiativePage, `/insatser/${slug}`, { intent: 'report', reportReason: reason }, { slug });
const decide = (v: Visitor, fields: Record<string, string>) => v.submit(moderationPage, '/admin/moderering', fields);
const idOf = async (slug: string) => (await itemPage(author, slug)).data.initiative.id as string;

/** Every door a published initiative could be seen through, for this reader: does it show `title`/`slug`? */
async function doors(v: Visitor, slug: string, title: string, sibling: string) {
  return {
    page: (await itemPage(v, slug)).status,
    list: text(await v.load(browsePage, '/insatser')).includes(slug),
    feed: text(await v.load(feed, '/flode')).includes(title),
    openData: text(await v.load(openData, '/oppna-data/insatser.json')).includes(slug),
    api: text(await v.load(initiativesApi, '/api/v1/initiatives')).includes(slug),
    similar: (await itemPage(v, sibling)).data.similar.some((s: { slug: string }) => s.slug === slug),
    search: (await found(v, title)).includes(`/insatser/${slug}`),
  };
}
const everywhere = { page: 200, list: true, feed: true, openData: true, api: true, similar: true, search: true };
const nowhere = { page: 404, list: false, feed: false, openData: false, api: false, similar: false, search: false };

describe('reporting a write-up', () => {
  it('lets anyone signed in who reads it report it once with a reason, audited; never its own editors, never signed out', async () => {
    const slug = await publishedInitiative('Anmäld skrivning');
    const id = await idOf(slug);
    expect((await itemPage(outsider, slug)).data.moderation).toEqual({ hidden: null, canReport: true });
    expect((await itemPage(author, slug)).data.moderation.canReport).toBe(false);
    expect((await itemPage(anonymous, slug)).data.moderation.canReport).toBe(false);

    const empty = await reportItem(outsider, slug, '   ');
    expect(empty.status).toBe(400);
    expect(empty.data.errors.reportReason.key).toBe('error.report.reasonMissing');
    expect((await reportItem(outsider, slug, 'x'.repeat(501))).data.errors.reportReason).toEqual({ key: 'error.report.reasonLong', params: { max: '500' } });
    expect(await reportsOf(id)).toEqual([]);

    expect((await reportItem(outsider, slug, 'Reklam')).data).toMatchObject({ writeUpReport: 'reported' });
    expect((await reportItem(outsider, slug, 'Reklam igen')).data).toMatchObject({ writeUpReport: 'alreadyReported' });
    expect(await reportsOf(id)).toMatchObject([{ targetType: 'initiative', reporterId: outsider.userId, reason: 'Reklam', resolvedAt: null }]);
    expect(await auditOf('initiative.report', id)).toBe(1);

    expect((await reportItem(author, slug, 'Vår egen')).status).toBe(403);
    expect((await reportItem(anonymous, slug, 'Anonym')).status).toBe(302); // to sign in
    expect(await reportsOf(id)).toHaveLength(1);
  });
});

describe('hiding a write-up from the platform queue', () => {
  it('takes a reason, closes the reports, tells the author in-app and by mail, and closes every door; restoring opens them again', async () => {
    const sibling = await publishedInitiative('Syskoninsats');
    const slug = await publishedInitiative('Dörrar för dolda insatser');
    const id = await idOf(slug);
    expect(await countNotifications(app.services.db, follower.userId)).toBeGreaterThan(0);
    const followerBefore = await countNotifications(app.services.db, follower.userId);
    for (const v of [anonymous, partner]) expect(await doors(v, slug, 'Dörrar för dolda insatser', sibling)).toEqual(everywhere);

    await reportItem(partner, slug, 'Innehåller personuppgifter');
    await reportItem(outsider, slug, 'Stämmer inte');
    for (const v of [author, partner, outsider]) expect((await v.load(moderationPage, '/admin/moderering')).status).toBe(403);
    const queue = (await admin.load(moderationPage, '/admin/moderering')).data;
    expect(queue.others.reported.find((e: { targetId: string }) => e.targetId === id)).toMatchObject({
      targetType: 'initiative',
      title: 'Dörrar för dolda insatser',
      path: `/insatser/${slug}`,
      reportCount: 2,
      reasons: ['Innehåller personuppgifter', 'Stämmer inte'],
    });

    const noReason = await decide(admin, { intent: 'hide', targetType: 'initiative', targetId: id, reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.data.errors[`reason-${id}`].key).toBe('error.moderation.reasonEmpty');
    expect((await decide(admin, { intent: 'hide', targetType: 'nonsense', targetId: id, reason: 'x' })).status).toBe(400);
    expect((await decide(author, { intent: 'hide', targetType: 'initiative', targetId: id, reason: 'x' })).status).toBe(403);

    const hidden = await decide(admin, { intent: 'hide', targetType: 'initiative', targetId: id, reason: 'Personuppgifter om barn' });
    expect(hidden.location).toBe('/admin/moderering?klart=hidden&sak=1');
    for (const v of [anonymous, partner, outsider]) expect(await doors(v, slug, 'Dörrar för dolda insatser', sibling)).toEqual(nowhere);
    // Its editors still open it, with the moderators' reason; it is still in no list or search for them either.
    const own = await itemPage(author, slug);
    expect(own.status).toBe(200);
    expect(own.data.moderation.hidden).toMatchObject({ reason: 'Personuppgifter om barn' });
    expect(await found(author, 'Dörrar för dolda insatser')).toEqual([]);
    // The follower's notice of its publishing is no longer shown (nor mailed or digested: the same SQL rule).
    expect(await countNotifications(app.services.db, follower.userId)).toBe(followerBefore - 1);

    expect((await reportsOf(id)).map((r) => r.resolution)).toEqual(['hidden', 'hidden']);
    expect(await auditOf('initiative.hide', id)).toBe(1);
    expect(await inboxKeys(author)).toContain('notifications.moderation.hidden:Dörrar för dolda insatser');
    await app.deliverMail();
    expect(app.smtp.inbox(author.email).some((m) => m.text.includes('Personuppgifter om barn'))).toBe(true);

    // A report arriving after the hiding is a quiet no-op that says only "already handled" (on the list it is
    // sent to: the page itself is now a 404 for the reporter); someone else hiding again changes nothing.
    const late = await reportItem(partner, slug, 'Sen anmälan');
    expect(late.location).toBe('/insatser?anmalan=hanterad');
    expect((await partner.load(browsePage, late.location!)).data.reportHandled).toBe(true);
    expect(await reportsOf(id)).toHaveLength(2);
    expect((await decide(admin, { intent: 'hide', targetType: 'initiative', targetId: id, reason: 'Igen' })).location).toBe('/admin/moderering?klart=unchanged&sak=1');
    expect(await auditOf('initiative.hide', id)).toBe(1);

    const queueAfter = (await admin.load(moderationPage, '/admin/moderering')).data;
    expect(queueAfter.others.reported.some((e: { targetId: string }) => e.targetId === id)).toBe(false);
    expect(queueAfter.others.hidden.find((e: { targetId: string }) => e.targetId === id)).toMatchObject({ hiddenReason: 'Personuppgifter om barn' });

    expect((await decide(admin, { intent: 'restore', targetType: 'initiative', targetId: id, reason: 'Uppgifterna är borttagna' })).location).toBe('/admin/moderering?klart=restored&sak=1');
    for (const v of [anonymous, partner]) expect(await doors(v, slug, 'Dörrar för dolda insatser', sibling)).toEqual(everywhere);
    expect(await inboxKeys(author)).toContain('notifications.moderation.restored:Dörrar för dolda insatser');
    expect(await auditOf('initiative.restore', id)).toBe(1);
  });

  it('leaves a write-up up when the reports are dismissed', async () => {
    const slug = await publishedInitiative('Lämnas kvar');
    const id = await idOf(slug);
    await reportItem(outsider, slug, 'Tycker inte om den');
    expect((await decide(admin, { intent: 'dismiss', targetType: 'initiative', targetId: id })).location).toBe('/admin/moderering?klart=dismissed&sak=1');
    expect((await reportsOf(id)).map((r) => r.resolution)).toEqual(['dismissed']);
    expect((await itemPage(anonymous, slug)).status).toBe(200);
    expect(await auditOf('initiative.reports_dismissed', id)).toBe(1);
  });
});

// ---------------------------------------------------------------------------
// Lessons and snapshots: the same doors, one table (the Atom feed carries initiatives and lessons only)

interface Kind {
  page: typeof lessonPage | typeof snapshotPage;
  base: string;
  list: typeof lessonsPage | typeof snapshotsPage;
  api: { route: typeof lessonsApi | typeof snapshotsApi; path: string };
  openData: string;
  inFeed: boolean;
  /** Writes one through its form and publishes it for everyone; its slug. */
  publish: (title: string) => Promise<string>;
}

async function publishWriteUp(page: Kind['page'], base: string, created: RouteResult) {
  expect(created.status, JSON.stringify(created.data)).toBe(302);
  const slug = created.location!.split('?')[0]!.split('/').pop()!;
  expect((await author.submit(page, `${base}/${slug}`, { intent: 'publish', visibility: 'public', version: '1' }, { slug })).status).toBe(302);
  return slug;
}

const KINDS: Record<'lesson' | 'snapshot', Kind> = {
  lesson: {
    page: lessonPage,
    base: '/lardomar',
    list: lessonsPage,
    api: { route: lessonsApi, path: '/api/v1/lessons' },
    openData: '/oppna-data/lardomar.json',
    inFeed: true,
    publish: async (title) =>
      publishWriteUp(lessonPage, '/lardomar', await author.submit(newLesson, '/lardomar/ny', { organizationId: orgId, title, summary: 'Sammanfattning.', whatWorkedText: 'Det som fungerade.' })),
  },
  snapshot: {
    page: snapshotPage,
    base: '/ogonblicksbilder',
    list: snapshotsPage,
    api: { route: snapshotsApi, path: '/api/v1/snapshots' },
    openData: '/oppna-data/ogonblicksbilder.json',
    inFeed: false,
    publish: async (title) =>
      publishWriteUp(
        snapshotPage,
        '/ogonblicksbilder',
        await author.submitPairs(newSnapshot, '/ogonblicksbilder/ny', [
          ['title', title],
          ['areaCode', '1280'],
          ['organizationId', orgId],
          ['indicatorCodes', 'sysselsattning'],
          ['periodFrom', '2020'],
          ['periodTo', '2023'],
          ['commentary', doc('Läget före insatsen.')],
        ]),
      ),
  },
};

describe.each(Object.entries(KINDS))('hiding a %s', (type, kind) => {
  beforeAll(async () => {
    if (type === 'snapshot') await seedIndicatorDemo(app.services.db, { years: [2020, 2023] });
  });
  const pageOf = (v: Visitor, slug: string) => v.load(kind.page, `${kind.base}/${slug}`, { slug });
  const kindDoors = async (v: Visitor, slug: string, title: string) => ({
    page: (await pageOf(v, slug)).status,
    list: text(await v.load(kind.list, kind.base)).includes(slug),
    feed: kind.inFeed && text(await v.load(feed, '/flode')).includes(title),
    openData: text(await v.load(openData, kind.openData)).includes(slug),
    api: text(await v.load(kind.api.route, kind.api.path)).includes(slug),
    search: (await found(v, title)).includes(`${kind.base}/${slug}`),
  });
  const open = { page: 200, list: true, feed: kind.inFeed, openData: true, api: true, search: true };
  const shut = { page: 404, list: false, feed: false, openData: false, api: false, search: false };

  it('closes every door; a report arriving after it goes to the list, which says only "already handled"; restoring opens them again', async () => {
    const title = `Dold ${type} tranbärsord`;
    const slug = await kind.publish(title);
    const table = type === 'lesson' ? lessons : indicatorSnapshots; // the pages do not show the id
    const id = (await app.services.db.select({ id: table.id }).from(table).where(eq(table.slug, slug)))[0]!.id;
    for (const v of [anonymous, partner]) expect(await kindDoors(v, slug, title)).toEqual(open);

    expect((await partner.submit(kind.page, `${kind.base}/${slug}`, { intent: 'report', reportReason: 'Felaktiga siffror' }, { slug })).data.writeUpReport).toBe('reported');
    expect((await decide(admin, { intent: 'hide', targetType: type, targetId: id, reason: 'Felaktiga siffror' })).location).toBe('/admin/moderering?klart=hidden&sak=1');
    for (const v of [anonymous, partner, outsider]) expect(await kindDoors(v, slug, title)).toEqual(shut);
    expect((await pageOf(author, slug)).data.moderation.hidden).toMatchObject({ reason: 'Felaktiga siffror' });

    // Without JavaScript the form posts and the page would render again (a 404 now): the answer sends the
    // reporter to the list instead, which says it is handled and names nothing of the piece.
    const late = await outsider.submit(kind.page, `${kind.base}/${slug}`, { intent: 'report', reportReason: 'Sen anmälan' }, { slug });
    expect(late.status).toBe(302);
    expect(late.location).toBe(`${kind.base}?anmalan=hanterad`);
    const landing = await outsider.load(kind.list, late.location!);
    expect(landing.data.reportHandled).toBe(true);
    expect(text(landing)).not.toContain(title);
    expect((await outsider.load(kind.list, kind.base)).data.reportHandled).toBe(false);
    expect(await reportsOf(id)).toHaveLength(1);

    expect((await decide(admin, { intent: 'restore', targetType: type, targetId: id, reason: 'Siffrorna är rättade' })).location).toBe('/admin/moderering?klart=restored&sak=1');
    for (const v of [anonymous, partner]) expect(await kindDoors(v, slug, title)).toEqual(open);
    expect(await inboxKeys(author)).toEqual(expect.arrayContaining([`notifications.moderation.hidden:${title}`, `notifications.moderation.restored:${title}`]));
  });
});

describe('"inspired by" and "inspired" lists', () => {
  it('leave out a hidden initiative, for everyone but its editors', async () => {
    const source = await publishedInitiative('Förebilden som döljs');
    const created = await author.submitPairs(newInitiative, '/insatser/ny', [
      ['organizationId', orgId],
      ['title', 'Efter förebilden'],
      ['summary', 'Sammanfattning.'],
      ['body', ONE_PARAGRAPH],
      ['status', 'ongoing'],
      ['inspiredBy', source],
    ]);
    expect(created.status, JSON.stringify(created.data)).toBe(302);
    const copy = created.location!.split('?')[0]!.split('/').pop()!;
    await setInitiativeState(author, copy, { intent: 'publish', visibility: 'public' });
    const inspiredBy = async (v: Visitor) => (await itemPage(v, copy)).data.inspiredBy.map((l: { slug: string }) => l.slug);
    const inspired = async (v: Visitor) => (await itemPage(v, source)).data.inspired.map((l: { slug: string }) => l.slug);
    for (const v of [anonymous, partner]) expect(await inspiredBy(v)).toEqual([source]);

    const sourceId = await idOf(source);
    await decide(admin, { intent: 'hide', targetType: 'initiative', targetId: sourceId, reason: 'Upphovsrätt' });
    for (const v of [anonymous, partner, outsider]) expect(await inspiredBy(v)).toEqual([]);
    expect(await inspiredBy(author)).toEqual([source]); // its own editors still reach it
    await decide(admin, { intent: 'restore', targetType: 'initiative', targetId: sourceId, reason: 'Löst' });
    expect(await inspiredBy(anonymous)).toEqual([source]);

    // The other way round: the source's page no longer names a hidden copy.
    expect(await inspired(anonymous)).toEqual([copy]);
    const copyId = await idOf(copy);
    await decide(admin, { intent: 'hide', targetType: 'initiative', targetId: copyId, reason: 'Kopierad text' });
    for (const v of [anonymous, partner]) expect(await inspired(v)).toEqual([]);
  });
});

describe('who is told that a write-up was hidden or restored', () => {
  it('its creator and the organisation’s editors, once each, through their preferences; never someone who may no longer read it', async () => {
    const [creator, coEditor, plainMember] = await app.people('Cia Skapare', 'Erik Redaktör', 'Mona Medlem');
    const org = await organizationWith(app.services, { verified: true, members: [[creator, 'editor'], [coEditor, 'editor'], [plainMember, 'member']] });
    const slug = await publishInitiative(creator, org.id, 'Meddelad döljning', 'public');
    const id = (await itemPage(creator, slug)).data.initiative.id as string;
    // The creator is no longer an editor: hidden, the piece is theirs to read no more.
    await app.services.db.update(memberships).set({ role: 'member' }).where(and(eq(memberships.userId, creator.userId), eq(memberships.organizationId, org.id)));
    const notices = async (p: Person, key: string) => (await inboxKeys(p)).filter((k) => k === `notifications.moderation.${key}:Meddelad döljning`).length;

    await decide(admin, { intent: 'hide', targetType: 'initiative', targetId: id, reason: 'Ovidkommande reklam' });
    expect(await notices(coEditor, 'hidden')).toBe(1);
    expect(await notices(creator, 'hidden')).toBe(0);
    expect(await notices(plainMember, 'hidden')).toBe(0);
    expect(await notices(admin, 'hidden')).toBe(0); // not the one who decided
    await app.deliverMail();
    expect(app.smtp.inbox(coEditor.email).filter((m) => m.text.includes('Ovidkommande reklam'))).toHaveLength(1);
    expect(app.smtp.inbox(creator.email).some((m) => m.text.includes('Ovidkommande reklam'))).toBe(false);

    // Restored, it is public again: the creator may read it and is told, as is the editor — once each.
    await decide(admin, { intent: 'restore', targetType: 'initiative', targetId: id, reason: 'Texten är ändrad' });
    expect(await notices(coEditor, 'restored')).toBe(1);
    expect(await notices(creator, 'restored')).toBe(1);
    expect(await notices(plainMember, 'restored')).toBe(0);
    await app.deliverMail();
    expect(app.smtp.inbox(coEditor.email).filter((m) => m.text.includes('Texten är ändrad'))).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------
// Group posts

const doc = (...paragraphs: string[]) => JSON.stringify({ type: 'doc', content: paragraphs.map((t) => ({ type: 'paragraph', content: [{ type: 'text', text: t }] })) });
const threadsPath = () => `/grupper/${group.slug}/diskussioner`;
const openThread = (v: Visitor, threadId: string) => v.load(threadPage, `${threadsPath()}/${threadId}`, { slug: group.slug, threadId });
const onThread = (v: Visitor, threadId: string, fields: Record<string, string>) => v.submit(threadPage, `${threadsPath()}/${threadId}`, fields, { slug: group.slug, threadId });
const queuePath = () => `/grupper/${group.slug}/moderering`;
const groupQueue = (v: Visitor) => v.load(groupModerationPage, queuePath(), { slug: group.slug });
const groupDecide = (v: Visitor, fields: Record<string, string>) => v.submit(groupModerationPage, queuePath(), fields, { slug: group.slug });

async function startThread(v: Visitor, title: string, body: string) {
  const res = await v.submit(threadsPage, threadsPath(), { intent: 'create', title, body: doc(body) }, { slug: group.slug });
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  return new URL(res.location!, 'http://samverka.test').pathname.split('/').pop()!;
}
async function reply(v: Visitor, threadId: string, body: string) {
  const res = await onThread(v, threadId, { intent: 'reply', body: doc(body) });
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  return res.location!.split('#svar-').pop()!;
}
/** The reply count a thread shows in the group's thread list. */
const replyCount = async (v: Visitor, threadId: string) =>
  (await v.load(threadsPage, threadsPath(), { slug: group.slug })).data.threads.find((th: { id: string }) => th.id === threadId)?.replyCount as number;
/** How many "… replied in <title>" lines the group's activity feed shows. */
const replyLines = async (v: Visitor, title: string) =>
  (await v.load(activityPage, `/grupper/${group.slug}/aktivitet`, { slug: group.slug })).data.entries.filter((e: { kind: string; subject: string }) => e.kind === 'reply_posted' && e.subject === title).length;
const threadsCounted = async (v: Visitor) => (await v.load(groupOverview, `/grupper/${group.slug}`, { slug: group.slug })).data.sections.threads as number;
const replyTexts = async (v: Visitor, threadId: string) => (await openThread(v, threadId)).data.replies.map((r: { html: string }) => r.html.replace(/<[^>]+>/g, ''));

describe('reporting a group post', () => {
  it('lets members report someone else’s post once; not their own; outsiders find no such thread', async () => {
    const threadId = await startThread(bo, 'Anmält inlägg', 'Första inlägget');
    const replyId = await reply(asa, threadId, 'Ett svar som anmäls');
    const thread = (await openThread(bo, threadId)).data;
    expect(thread.replies[0].canReport).toBe(true);
    expect(thread.thread.canReport).toBe(false); // Bo's own

    const report = (v: Visitor, postType: string, postId: string, reason: string) => onThread(v, threadId, { intent: 'report', postType, postId, reportReason: reason });
    expect((await report(bo, 'group_reply', replyId, '')).data.errors[`reportReason-${replyId}`].key).toBe('error.report.reasonMissing');
    expect((await report(bo, 'group_reply', replyId, 'Otrevligt')).data.report).toBe('reported');
    expect((await report(bo, 'group_reply', replyId, 'Otrevligt igen')).data.report).toBe('alreadyReported');
    expect(await reportsOf(replyId)).toMatchObject([{ targetType: 'group_reply', reason: 'Otrevligt' }]);
    expect(await auditOf('group_reply.report', replyId)).toBe(1);
    expect((await report(asa, 'group_reply', replyId, 'Mitt eget')).status).toBe(403);
    expect((await report(outsider, 'group_reply', replyId, 'Utifrån')).status).toBe(404);
    expect((await report(admin, 'group_reply', replyId, 'Admin utanför gruppen')).status).toBe(404);
    // A post of this group only: an id from elsewhere is not found here.
    expect((await report(bo, 'group_thread', '00000000-0000-4000-8000-000000000000', 'Finns inte')).status).toBe(404);
    expect(await reportsOf(replyId)).toHaveLength(1);
  });
});

describe('a group lead’s queue', () => {
  it('is for the group’s leads, linked with a count; the platform admin outside the group sees none of its posts', async () => {
    const threadId = await startThread(asa, 'Räknas i kön', 'Text');
    await onThread(bo, threadId, { intent: 'report', postType: 'group_thread', postId: threadId, reportReason: 'Fel forum' });
    const layout = (v: Visitor) => v.load(groupLayout, `/grupper/${group.slug}`, { slug: group.slug });
    expect((await layout(lead)).data.moderation.waiting).toBeGreaterThanOrEqual(1);
    expect((await layout(bo)).data.moderation).toBeNull();
    expect((await groupQueue(lead)).status).toBe(200);
    expect((await groupQueue(lead)).data.reported.some((e: { targetId: string }) => e.targetId === threadId)).toBe(true);
    expect((await groupQueue(bo)).status).toBe(403);
    expect((await groupQueue(outsider)).status).toBe(404);
    expect((await groupQueue(admin)).status).toBe(404);
    const adminQueue = (await admin.load(moderationPage, '/admin/moderering')).data;
    expect(adminQueue.others.reported.some((e: { targetId: string }) => e.targetId === threadId)).toBe(false);
    expect((await decide(admin, { intent: 'hide', targetType: 'group_thread', targetId: threadId, reason: 'x' })).status).toBe(403);
    expect((await groupDecide(bo, { intent: 'hide', targetType: 'group_thread', targetId: threadId, reason: 'x' })).status).toBe(403);
    // Write-ups are not a group's to decide.
    expect((await groupDecide(lead, { intent: 'hide', targetType: 'initiative', targetId: threadId, reason: 'x' })).status).toBe(404);
  });

  it('hides a reply with a reason: gone for members, shown with the reason to its author and the lead, out of search and notices; restored, it is back', async () => {
    const threadId = await startThread(bo, 'Samtal om trygghet', 'Hur gör vi med belysningen?');
    const replyId = await reply(asa, threadId, 'Hemlighetsfulla flamingoord');
    const boNotices = await countNotifications(app.services.db, bo.userId); // Åsa's reply told Bo
    expect(await replyCount(bo, threadId)).toBe(1);
    expect(await replyLines(bo, 'Samtal om trygghet')).toBe(1);
    expect(await found(bo, 'flamingoord')).toEqual([`${threadsPath()}/${threadId}`]);
    await onThread(bo, threadId, { intent: 'report', postType: 'group_reply', postId: replyId, reportReason: 'Personangrepp' });
    const entry = (await groupQueue(lead)).data.reported.find((e: { targetId: string }) => e.targetId === replyId);
    expect(entry).toMatchObject({ targetType: 'group_reply', title: 'Samtal om trygghet', excerpt: 'Hemlighetsfulla flamingoord', authorName: 'Åsa Öberg', reasons: ['Personangrepp'] });

    expect((await groupDecide(lead, { intent: 'hide', targetType: 'group_reply', targetId: replyId, reason: '' })).status).toBe(400);
    const hidden = await groupDecide(lead, { intent: 'hide', targetType: 'group_reply', targetId: replyId, reason: 'Personangrepp är inte okej' });
    expect(hidden.location).toBe(`${queuePath()}?klart=hidden`);

    expect(await replyTexts(bo, threadId)).toEqual([]);
    // Counted nowhere either: not in the thread list's reply count, not in the activity feed (for anyone: the lead too).
    for (const v of [bo, lead]) {
      expect(await replyCount(v, threadId)).toBe(0);
      expect(await replyLines(v, 'Samtal om trygghet')).toBe(0);
    }
    const seenByAuthor = (await openThread(asa, threadId)).data.replies;
    expect(seenByAuthor).toMatchObject([{ id: replyId, hidden: { reason: 'Personangrepp är inte okej' }, canEdit: false, canReport: false }]);
    expect((await openThread(lead, threadId)).data.replies[0].hidden.reason).toBe('Personangrepp är inte okej');
    expect(await found(bo, 'flamingoord')).toEqual([]);
    expect(await countNotifications(app.services.db, bo.userId)).toBe(boNotices - 1);
    expect(await inboxKeys(asa)).toContain('notifications.moderation.hidden:Samtal om trygghet');
    expect(await auditOf('group_reply.hide', replyId)).toBe(1);
    expect((await reportsOf(replyId)).map((r) => r.resolution)).toEqual(['hidden']);
    const [row] = await app.services.db.select().from(groupReplies).where(eq(groupReplies.id, replyId));
    expect(row).toMatchObject({ hiddenBy: lead.userId, hiddenReason: 'Personangrepp är inte okej' });

    // Someone else acted first: nothing changes and nobody is told twice.
    expect((await groupDecide(lead, { intent: 'hide', targetType: 'group_reply', targetId: replyId, reason: 'Igen' })).location).toBe(`${queuePath()}?klart=unchanged`);
    expect(await auditOf('group_reply.hide', replyId)).toBe(1);
    // Reporting it now is a quiet no-op.
    expect((await onThread(bo, threadId, { intent: 'report', postType: 'group_reply', postId: replyId, reportReason: 'Igen' })).data.report).toBe('alreadyHidden');

    expect((await groupDecide(lead, { intent: 'restore', targetType: 'group_reply', targetId: replyId, reason: 'Åsa har bett om ursäkt' })).location).toBe(`${queuePath()}?klart=restored`);
    expect(await replyTexts(bo, threadId)).toEqual(['Hemlighetsfulla flamingoord']);
    expect(await replyCount(bo, threadId)).toBe(1);
    expect(await replyLines(bo, 'Samtal om trygghet')).toBe(1);
    expect(await found(bo, 'flamingoord')).toEqual([`${threadsPath()}/${threadId}`]);
    expect(await countNotifications(app.services.db, bo.userId)).toBe(boNotices);
    expect(await inboxKeys(asa)).toContain('notifications.moderation.restored:Samtal om trygghet');
  });

  it('hides a whole thread: out of the list and 404 for members, shown to its author with the reason, no replies to it', async () => {
    const threadId = await startThread(bo, 'Tråd som döljs', 'Pelikanernas återkomst');
    const threadsBefore = await threadsCounted(asa);
    expect(text(await asa.load(activityPage, `/grupper/${group.slug}/aktivitet`, { slug: group.slug }))).toContain('Tråd som döljs');
    await onThread(asa, threadId, { intent: 'report', postType: 'group_thread', postId: threadId, reportReason: 'Reklam' });
    expect((await groupDecide(lead, { intent: 'hide', targetType: 'group_thread', targetId: threadId, reason: 'Reklam hör inte hit' })).location).toBe(`${queuePath()}?klart=hidden`);
    const listed = async (v: Visitor) => text(await v.load(threadsPage, threadsPath(), { slug: group.slug })).includes(threadId);
    expect(await listed(asa)).toBe(false);
    expect(await listed(bo)).toBe(false);
    expect(await threadsCounted(asa)).toBe(threadsBefore - 1); // the overview's count of threads
    expect((await openThread(asa, threadId)).status).toBe(404);
    const own = await openThread(bo, threadId);
    expect(own.status).toBe(200);
    expect(own.data.thread.hidden.reason).toBe('Reklam hör inte hit');
    expect((await onThread(asa, threadId, { intent: 'reply', body: doc('Svar') })).status).toBe(404);
    // Reported again by someone who may no longer open it: to the thread list, which says only "already handled".
    const late = await onThread(asa, threadId, { intent: 'report', postType: 'group_thread', postId: threadId, reportReason: 'Igen' });
    expect(late.location).toBe(`${threadsPath()}?anmalan=hanterad`);
    const landing = await asa.load(threadsPage, late.location!, { slug: group.slug });
    expect(landing.data.reportHandled).toBe(true);
    expect(text(landing)).not.toContain('Tråd som döljs');
    expect((await onThread(bo, threadId, { intent: 'reply', body: doc('Svar') })).status).toBe(404);
    expect(await found(asa, 'Pelikanernas')).toEqual([]);
    expect(text(await asa.load(activityPage, `/grupper/${group.slug}/aktivitet`, { slug: group.slug }))).not.toContain('Tråd som döljs');
    expect(own.data.can.post).toBe(false);
    await app.deliverMail();
    expect(app.smtp.inbox(bo.email).some((m) => m.text.includes('Reklam hör inte hit'))).toBe(true);
  });
});
