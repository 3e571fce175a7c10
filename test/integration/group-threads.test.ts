import { and, asc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as activityPage from '#app/routes/groups/group/activity.tsx';
import * as threadPage from '#app/routes/groups/group/thread.tsx';
import * as threadsPage from '#app/routes/groups/group/threads.tsx';
import { groupActivities, groupMembers, groupReplies, groupThreads, notifications, type WorkingGroup } from '#db/schema/index.server.ts';
import { Visitor } from '../support/app.ts';
import { groupWith } from '../support/groups.ts';
import { organizationWith, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp();
let anna: Person; // lead
let bo: Person; // member, starts threads
let asa: Person; // member
let cecilia: Person; // member who leaves before anything is posted
let dan: Person; // signed in, in no group
let closed: WorkingGroup;
let open: WorkingGroup;
let archived: WorkingGroup;

const doc = (...paragraphs: string[]) => JSON.stringify({ type: 'doc', content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) });
const base = (g: WorkingGroup) => `/grupper/${g.slug}/diskussioner`;

beforeAll(async () => {
  [anna, bo, asa, cecilia, dan] = await app.people('Anna Lindqvist', 'Bo Ek', 'Åsa Öberg', 'Cecilia Ström', 'Dan Utanför');
  const kommun = await organizationWith(app.services, { verified: true, members: [[anna, 'member'], [cecilia, 'member'], [dan, 'member']] });
  const forening = await organizationWith(app.services, { verified: true, sector: 'civilsamhalle', members: [[bo, 'member'], [asa, 'member']] });
  closed = await groupWith(app.services, {
    openness: 'closed',
    name: 'Trygghet i Rosengård',
    members: [
      [anna, kommun.id, 'lead'],
      [bo, forening.id, 'member'],
      [asa, forening.id, 'member'],
      [cecilia, kommun.id, 'member'],
    ],
  });
  open = await groupWith(app.services, { openness: 'open', members: [[anna, kommun.id, 'lead']] });
  archived = await groupWith(app.services, { openness: 'closed', archived: true, members: [[anna, kommun.id, 'lead'], [bo, forening.id, 'member']] });
  // Cecilia has left: she is neither notified nor mentionable any more.
  await app.services.db.delete(groupMembers).where(and(eq(groupMembers.groupId, closed.id), eq(groupMembers.userId, cecilia.userId)));
});

const noticesOf = (userId: string) =>
  app.services.db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(asc(notifications.id));
/** How many rows each table a post writes to holds: a refused post must change none of them. */
const counts = async () => {
  const { db } = app.services;
  const n = async (table: typeof groupThreads | typeof groupReplies | typeof groupActivities | typeof notifications) =>
    (await db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
  return { threads: await n(groupThreads), replies: await n(groupReplies), activities: await n(groupActivities), notices: await n(notifications) };
};

async function startThread(v: Person, g: WorkingGroup, title: string, ...body: string[]) {
  const res = await v.submit(threadsPage, base(g), { intent: 'create', title, body: doc(...body) }, { slug: g.slug });
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  const threadId = new URL(res.location!, 'http://x').pathname.split('/').pop()!;
  // The thread's page says it was started (issue 14's confirmations).
  expect(res.location).toBe(`${base(g)}/${threadId}?klart=diskussion-startad`);
  return threadId;
}

describe('who may open a group’s discussions', () => {
  it('members only: 404 for a closed group, 403 for an open one, sign-in for the signed out', async () => {
    expect((await bo.load(threadsPage, base(closed), { slug: closed.slug })).status).toBe(200);
    expect((await dan.load(threadsPage, base(closed), { slug: closed.slug })).status).toBe(404);
    expect((await dan.load(threadsPage, base(open), { slug: open.slug })).status).toBe(403);
    expect((await cecilia.load(threadsPage, base(closed), { slug: closed.slug })).status).toBe(404);
    const signedOut = await new Visitor(app.services).load(threadsPage, base(closed), { slug: closed.slug });
    expect(signedOut.status).toBe(302);
    expect(signedOut.location).toMatch(/^\/logga-in\?redirectTo=/);
  });

  it('non-members cannot post either, and nothing is written', async () => {
    const before = await counts();
    expect((await dan.submit(threadsPage, base(closed), { intent: 'create', title: 'Hej', body: doc('Hej') }, { slug: closed.slug })).status).toBe(404);
    expect((await dan.submit(threadsPage, base(open), { intent: 'create', title: 'Hej', body: doc('Hej') }, { slug: open.slug })).status).toBe(403);
    expect(await counts()).toEqual(before);
  });
});

describe('threads and replies', () => {
  let threadId: string;

  it('a new thread notifies every member, a mention replaces that notice, and ex-members hear nothing', async () => {
    threadId = await startThread(bo, closed, 'Belysning i parken', 'Vad säger @anna lindqvist? Och @Cecilia Ström, @Dan Utanför och @Bo Ek själv.');
    const [thread] = await app.services.db.select().from(groupThreads).where(eq(groupThreads.id, threadId));
    expect(thread).toMatchObject({ groupId: closed.id, authorId: bo.userId, title: 'Belysning i parken' });

    const annas = await noticesOf(anna.userId);
    expect(annas.map((n) => [n.kind, n.groupId, n.url])).toEqual([['mention', closed.id, `${base(closed)}/${threadId}`]]);
    expect(annas[0]!.params).toEqual({ actor: 'Bo Ek', title: 'Belysning i parken', group: 'Trygghet i Rosengård' });
    expect((await noticesOf(asa.userId)).map((n) => [n.kind, n.messageKey])).toEqual([['thread', 'group.notice.thread']]);
    expect(await noticesOf(bo.userId)).toEqual([]);
    expect(await noticesOf(cecilia.userId)).toEqual([]);
    expect(await noticesOf(dan.userId)).toEqual([]);

    const activity = await app.services.db.select().from(groupActivities).where(eq(groupActivities.groupId, closed.id));
    expect(activity.map((a) => [a.kind, a.actorId, a.subjectId, a.data])).toEqual([['thread_created', bo.userId, threadId, { title: 'Belysning i parken' }]]);
  });

  it('the thread page shows the body with mentions of current members highlighted, and who wrote it', async () => {
    const res = await asa.load(threadPage, `${base(closed)}/${threadId}`, { slug: closed.slug, threadId });
    expect(res.status).toBe(200);
    const { thread } = res.data;
    expect(thread.title).toBe('Belysning i parken');
    expect(thread.authorName).toBe('Bo Ek');
    expect(thread.authorOrganization).toMatch(/^Organisation /);
    expect(thread.html).toBe(
      '<p>Vad säger <strong class="mention">@anna lindqvist</strong>? Och @Cecilia Ström, @Dan Utanför och <strong class="mention">@Bo Ek</strong> själv.</p>',
    );
    expect(res.data.mentionNames).toEqual(['Anna Lindqvist', 'Bo Ek', 'Åsa Öberg']);
    expect(thread.canEdit).toBe(false);
  });

  it('a reply bumps the thread, notifies its author and earlier repliers, and mentions win over reply notices', async () => {
    const first = await asa.submit(threadPage, `${base(closed)}/${threadId}`, { intent: 'reply', bodyText: 'Jag kollar med gatukontoret.' }, { slug: closed.slug, threadId });
    expect(first.status, JSON.stringify(first.data)).toBe(302);
    expect(first.location).toMatch(new RegExp(`^${base(closed)}/${threadId}#svar-[0-9a-f-]{36}$`));
    expect((await noticesOf(bo.userId)).map((n) => n.kind)).toEqual(['reply']);
    // Anna has neither written nor replied: no reply notice for her.
    expect((await noticesOf(anna.userId)).map((n) => n.kind)).toEqual(['mention']);

    const second = await anna.submit(threadPage, `${base(closed)}/${threadId}`, { intent: 'reply', body: doc('Tack @Åsa Öberg!') }, { slug: closed.slug, threadId });
    expect(second.status).toBe(302);
    expect((await noticesOf(bo.userId)).map((n) => n.kind)).toEqual(['reply', 'reply']);
    expect((await noticesOf(asa.userId)).map((n) => n.kind)).toEqual(['thread', 'mention']);
    expect(await noticesOf(cecilia.userId)).toEqual([]);

    const [thread] = await app.services.db.select().from(groupThreads).where(eq(groupThreads.id, threadId));
    expect(thread!.lastActivityAt.getTime()).toBeGreaterThan(thread!.createdAt.getTime());

    const page = await bo.load(threadPage, `${base(closed)}/${threadId}`, { slug: closed.slug, threadId });
    expect(page.data.replies.map((r: { authorName: string; html: string }) => [r.authorName, r.html])).toEqual([
      ['Åsa Öberg', '<p>Jag kollar med gatukontoret.</p>'],
      ['Anna Lindqvist', '<p>Tack <strong class="mention">@Åsa Öberg</strong>!</p>'],
    ]);
    expect(page.data.replies.every((r: { authorOrganization: string | null }) => r.authorOrganization?.startsWith('Organisation '))).toBe(true);
    const kinds = await app.services.db.select({ kind: groupActivities.kind }).from(groupActivities).where(eq(groupActivities.subjectId, threadId));
    expect(kinds.map((k) => k.kind).sort()).toEqual(['reply_posted', 'reply_posted', 'thread_created']);
  });

  it('lists threads by latest activity, with author and reply count, one page at a time', async () => {
    const quiet = await startThread(asa, closed, 'Ett lugnt ämne', 'Inget mer att säga.');
    await app.services.db.update(groupThreads).set({ lastActivityAt: new Date('2020-01-01T00:00:00Z') }).where(eq(groupThreads.id, quiet));
    const res = await bo.load(threadsPage, base(closed), { slug: closed.slug });
    expect(res.data.threads.map((t: { title: string; authorName: string; replyCount: number }) => [t.title, t.authorName, t.replyCount])).toEqual([
      ['Belysning i parken', 'Bo Ek', 2],
      ['Ett lugnt ämne', 'Åsa Öberg', 0],
    ]);
    expect(res.data.can.post).toBe(true);

    // 21 more threads (23 in all): the three least active fall to page 2.
    await app.services.db.insert(groupThreads).values(
      Array.from({ length: 21 }, (_, i) => ({ groupId: closed.id, title: `Tråd ${i}`, body: JSON.parse(doc('x')), authorId: anna.userId, lastActivityAt: new Date(Date.UTC(2021, 0, i + 1)) })),
    );
    const page1 = await bo.load(threadsPage, `${base(closed)}?sida=1`, { slug: closed.slug });
    const page2 = await bo.load(threadsPage, `${base(closed)}?sida=2`, { slug: closed.slug });
    expect(page1.data.pages).toBe(2);
    expect(page1.data.threads).toHaveLength(20);
    expect(page1.data.threads[0].title).toBe('Belysning i parken');
    expect(page1.data.threads[1].title).toBe('Tråd 20');
    expect(page2.data.threads.map((t: { title: string }) => t.title)).toEqual(['Tråd 1', 'Tråd 0', 'Ett lugnt ämne']);
  });

  it('authors edit their own posts; a new mention is notified once, others may not edit', async () => {
    const path = `${base(closed)}/${threadId}`;
    expect((await asa.submit(threadPage, path, { intent: 'edit-thread', title: 'Kapat', body: doc('x') }, { slug: closed.slug, threadId })).status).toBe(403);
    const editing = await bo.load(threadPage, `${path}?redigera=trad`, { slug: closed.slug, threadId });
    expect(editing.data.editing).toBe('trad');
    expect(editing.data.thread.body).toBeTruthy();
    const before = (await noticesOf(asa.userId)).length;
    const res = await bo.submit(threadPage, path, { intent: 'edit-thread', title: 'Belysning i parken (uppdaterad)', body: doc('Vad säger @Anna Lindqvist och @Åsa Öberg?') }, { slug: closed.slug, threadId });
    expect(res.status).toBe(302);
    const [thread] = await app.services.db.select().from(groupThreads).where(eq(groupThreads.id, threadId));
    expect(thread!.title).toBe('Belysning i parken (uppdaterad)');
    // Åsa is newly mentioned; Anna was mentioned before and is not notified again.
    expect((await noticesOf(asa.userId)).slice(before).map((n) => n.kind)).toEqual(['mention']);
    expect((await noticesOf(anna.userId)).filter((n) => n.kind === 'mention')).toHaveLength(1);

    const [reply] = await app.services.db.select().from(groupReplies).where(eq(groupReplies.authorId, asa.userId));
    expect((await bo.submit(threadPage, path, { intent: 'edit-reply', replyId: reply!.id, body: doc('x') }, { slug: closed.slug, threadId })).status).toBe(403);
    expect((await asa.submit(threadPage, path, { intent: 'edit-reply', replyId: reply!.id, body: doc('Gatukontoret svarar i maj.') }, { slug: closed.slug, threadId })).status).toBe(302);
    const [edited] = await app.services.db.select().from(groupReplies).where(eq(groupReplies.id, reply!.id));
    expect(JSON.stringify(edited!.body)).toContain('Gatukontoret svarar i maj.');
  });
});

describe('bad input and closed doors', () => {
  it('an empty title or body gives field errors and writes nothing', async () => {
    const before = await counts();
    const empty = await bo.submit(threadsPage, base(closed), { intent: 'create', title: '  ', body: doc('') }, { slug: closed.slug });
    expect(empty.status).toBe(400);
    expect(empty.data.errors).toEqual({ title: { key: 'error.required' }, body: { key: 'error.required' } });
    const tooLong = await bo.submit(threadsPage, base(closed), { intent: 'create', title: 'x'.repeat(201), bodyText: 'Text' }, { slug: closed.slug });
    expect(tooLong.status).toBe(400);
    expect(tooLong.data.errors).toEqual({ title: { key: 'error.tooLong', params: { max: 200 } } });
    expect(tooLong.data.values.title).toBe('x'.repeat(201));
    const broken = await bo.submit(threadsPage, base(closed), { intent: 'create', title: 'Rubrik', body: '{not json' }, { slug: closed.slug });
    expect(broken.data.errors).toEqual({ body: { key: 'error.body.invalid' } });

    const [thread] = await app.services.db.select().from(groupThreads).where(eq(groupThreads.groupId, closed.id)).limit(1);
    const path = `${base(closed)}/${thread!.id}`;
    const blankReply = await asa.submit(threadPage, path, { intent: 'reply', bodyText: '   \n  ' }, { slug: closed.slug, threadId: thread!.id });
    expect(blankReply.status).toBe(400);
    expect(blankReply.data.errors).toEqual({ body: { key: 'error.required' } });
    expect(await counts()).toEqual(before);
  });

  it('an archived group can be read but refuses new threads and replies', async () => {
    const [old] = await app.services.db.insert(groupThreads).values({ groupId: archived.id, title: 'Gammal tråd', body: JSON.parse(doc('Från förr.')), authorId: bo.userId }).returning();
    const list = await bo.load(threadsPage, base(archived), { slug: archived.slug });
    expect(list.status).toBe(200);
    expect(list.data.can.post).toBe(false);
    const before = await counts();
    expect((await bo.submit(threadsPage, base(archived), { intent: 'create', title: 'Ny', body: doc('Ny') }, { slug: archived.slug })).status).toBe(403);
    const reply = await anna.submit(threadPage, `${base(archived)}/${old!.id}`, { intent: 'reply', body: doc('Svar') }, { slug: archived.slug, threadId: old!.id });
    expect(reply.status).toBe(403);
    expect((await bo.submit(threadPage, `${base(archived)}/${old!.id}`, { intent: 'edit-thread', title: 'Ny', body: doc('Ny') }, { slug: archived.slug, threadId: old!.id })).status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('a thread is found only under its own group, and unknown ids are 404', async () => {
    const [other] = await app.services.db.select().from(groupThreads).where(eq(groupThreads.groupId, archived.id)).limit(1);
    expect((await bo.load(threadPage, '/x', { slug: closed.slug, threadId: other!.id })).status).toBe(404);
    expect((await bo.load(threadPage, '/x', { slug: closed.slug, threadId: 'inte-ett-id' })).status).toBe(404);
    expect((await bo.load(threadPage, '/x', { slug: closed.slug, threadId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    expect((await dan.load(threadPage, '/x', { slug: closed.slug, threadId: other!.id })).status).toBe(404);
  });
});

describe('the activity feed', () => {
  it('shows members what happened, newest first, with names and links', async () => {
    const res = await asa.load(activityPage, `/grupper/${closed.slug}/aktivitet`, { slug: closed.slug });
    expect(res.status).toBe(200);
    const entries = res.data.entries as { kind: string; actor: string; subject: string; href: string }[];
    expect(entries[0]).toMatchObject({ kind: 'thread_created', actor: 'Åsa Öberg', subject: 'Ett lugnt ämne' });
    const first = entries.at(-1)!;
    expect(first).toMatchObject({ kind: 'thread_created', actor: 'Bo Ek', subject: 'Belysning i parken' });
    expect(first.href).toMatch(new RegExp(`^/grupper/${closed.slug}/diskussioner/[0-9a-f-]{36}$`));
    expect(entries.map((e) => e.kind)).toEqual(['thread_created', 'reply_posted', 'reply_posted', 'thread_created']);
    expect((await dan.load(activityPage, '/x', { slug: closed.slug })).status).toBe(404);
  });
});
