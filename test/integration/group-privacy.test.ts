/**
 * The privacy matrix for closed working groups: every door a reader could
 * use — pages, actions, search, feeds, calendar feeds, exports, notifications
 * and mail — × every kind of reader who is not a member. Each door is first
 * checked with a member, so a door that shows nothing to anyone cannot pass.
 */
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as activityPage from '#app/routes/groups/group/activity.tsx';
import * as actionsPage from '#app/routes/groups/group/actions.tsx';
import * as calendarFeed from '#app/routes/groups/group/calendar-feed.ts';
import * as decisionsPage from '#app/routes/groups/group/decisions.tsx';
import * as libraryPage from '#app/routes/groups/group/library.tsx';
import * as meetingIcs from '#app/routes/groups/group/meeting-ics.ts';
import * as meetingPage from '#app/routes/groups/group/meeting.tsx';
import * as meetingsPage from '#app/routes/groups/group/meetings.tsx';
import * as membersPage from '#app/routes/groups/group/members.tsx';
import * as settingsPage from '#app/routes/groups/group/settings.tsx';
import * as threadPage from '#app/routes/groups/group/thread.tsx';
import * as threadsPage from '#app/routes/groups/group/threads.tsx';
import * as overviewPage from '#app/routes/groups/group/overview.tsx';
import * as groupLayout from '#app/routes/groups/group/layout.tsx';
import * as directoryPage from '#app/routes/groups/list.tsx';
import * as areaPage from '#app/routes/statistics/area.tsx';
import * as feed from '#app/routes/feeds/atom-feed.ts';
import * as openData from '#app/routes/feeds/open-data.ts';
import * as initiativePage from '#app/routes/content/initiatives/initiative.tsx';
import * as browsePage from '#app/routes/content/initiatives/list.tsx';
import * as insightPage from '#app/routes/statistics/success-factors.tsx';
import * as newInitiative from '#app/routes/content/initiatives/new.tsx';
import * as notificationsPage from '#app/routes/notifications/inbox.tsx';
import * as search from '#app/routes/site/search.tsx';
import { groupActionItems, groupLibraryItems, groupMeetings, groupReplies, groupThreads, jobs, workingGroups } from '#db/schema/index.server.ts';
import { Visitor, type RouteResult } from '../support/app.ts';
import { groupWith } from '../support/groups.ts';
import { organizationWith, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const SECRET = 'hemligord';
const doc = (text: string) => JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

const app = setUpTestApp({ smtp: true, search: true });
let lead: Person;
let member: Person;
let leaver: Person; // was a member, then left
let partner: Person; // verified organisation, not in the group
let otherGroupLead: Person; // leads another group
let platformAdmin: Person;
let slug: string;
let groupId: string;
let threadId: string;
let meetingId: string;
let initiativeSlug: string;
let leaverCalendarToken: string;

beforeAll(async () => {
  [lead, member, leaver, partner, otherGroupLead, platformAdmin] = await app.people('Lea Ledare', 'Mira Medlem', 'Lasse Lämnare', 'Per Partner', 'Olga Annangrupp', 'Ada Admin');
  await app.services.db.execute(sql`update users set is_platform_admin = true where id = ${platformAdmin.userId}`);
  const kommun = await organizationWith(app.services, { verified: true, members: [[lead, 'admin'], [leaver, 'member']] });
  const association = await organizationWith(app.services, { verified: true, sector: 'civilsamhalle', members: [[member, 'member'], [otherGroupLead, 'member']] });
  await organizationWith(app.services, { verified: true, sector: 'myndighet', members: [[partner, 'member'], [platformAdmin, 'member']] });
  const group = await groupWith(app.services, {
    openness: 'closed',
    name: 'Hemliga gruppen',
    members: [
      [lead, kommun.id, 'lead'],
      [member, association.id, 'member'],
      [leaver, kommun.id, 'member'],
    ],
  });
  await app.services.db.update(workingGroups).set({ areaCode: '1280' }).where(eq(workingGroups.id, group.id));
  await groupWith(app.services, { openness: 'closed', members: [[otherGroupLead, association.id, 'lead']] });
  slug = group.slug;
  groupId = group.id;

  // The leaver subscribes to the calendar while still a member.
  const subscribed = await leaver.submit(meetingsPage, `/grupper/${slug}/moten`, { intent: 'calendar-create' }, { slug });
  leaverCalendarToken = String(subscribed.data.calendar.url).split('/').pop()!;

  // Content of every kind, each carrying the secret word.
  const thread = await lead.submit(threadsPage, `/grupper/${slug}/diskussioner`, { intent: 'create', title: `Tråd ${SECRET}`, body: doc(`Planen ${SECRET}, @Lasse Lämnare`) }, { slug });
  expect(thread.status, JSON.stringify(thread.data)).toBe(302);
  threadId = new URL(thread.location!, 'http://x').pathname.split('/').pop()!;
  expect((await member.submit(threadPage, `/x`, { intent: 'reply', body: doc(`Svar ${SECRET}`) }, { slug, threadId })).status).toBe(302);
  const meeting = await lead.submit(
    meetingsPage,
    `/grupper/${slug}/moten`,
    { intent: 'schedule', title: `Möte ${SECRET}`, date: '2030-03-03', startTime: '10:00', endTime: '11:00', location: `Rum ${SECRET}`, videoUrl: '', agendaText: `Dagordning ${SECRET}` },
    { slug },
  );
  expect(meeting.status, JSON.stringify(meeting.data)).toBe(302);
  meetingId = new URL(meeting.location!, 'http://x').pathname.split('/').pop()!;
  succeeded(await lead.submit(decisionsPage, '/x', { intent: 'record', text: `Beslut ${SECRET}`, decidedOn: '2030-03-03' }, { slug }));
  succeeded(await lead.submit(actionsPage, '/x', { intent: 'create', title: `Åtgärd ${SECRET}`, owner: `user:${member.userId}`, dueDate: '' }, { slug }));
  const created = await lead.submit(newInitiative, '/insatser/ny', { organizationId: kommun.id, title: `Gruppinsats ${SECRET}`, summary: SECRET, status: 'ongoing', bodyText: SECRET, areaCodes: '1280' });
  expect(created.status, JSON.stringify(created.data)).toBe(302);
  initiativeSlug = created.location!.split('?')[0]!.split('/').pop()!;
  const published = await lead.submit(initiativePage, '/x', { intent: 'publish', visibility: 'group', groupId, version: '1' }, { slug: initiativeSlug });
  expect(published.status, JSON.stringify(published.data)).toBe(302);
  succeeded(await lead.submit(libraryPage, '/x', { intent: 'add', address: `/insatser/${initiativeSlug}`, note: SECRET }, { slug }));

  // Then the leaver leaves, with notifications (and their mail) still pending.
  succeeded(await leaver.submit(overviewPage, '/x', { intent: 'leave' }, { slug }));
  await app.deliverMail(); // runs every due job: mail, notification mail, search sync
}, 120_000);

/** An action that answered without errors (a redirect, or data without `errors`). */
function succeeded(res: RouteResult) {
  expect(res.status, JSON.stringify(res.data)).toBeLessThan(400);
  expect(res.data?.errors, JSON.stringify(res.data)).toBeUndefined();
}

const anonymous = () => new Visitor(app.services);
const outsiders = (): [string, Visitor][] => [
  ['signed out', anonymous()],
  ['partner outside the group', partner],
  ['former member', leaver],
  ['lead of another group', otherGroupLead],
  ['platform admin', platformAdmin],
];

/** Whatever came back, as text: secrets must not be anywhere in it. */
const text = (res: RouteResult) => (typeof res.data === 'string' ? res.data : JSON.stringify(res.data ?? null));

type Door = [name: string, open: (v: Visitor) => Promise<RouteResult>];
const pageDoors = (): Door[] => [
  ['overview', (v) => v.load(overviewPage, `/grupper/${slug}`, { slug })],
  ['members', (v) => v.load(membersPage, `/grupper/${slug}/medlemmar`, { slug })],
  ['settings', (v) => v.load(settingsPage, `/grupper/${slug}/installningar`, { slug })],
  ['threads', (v) => v.load(threadsPage, `/grupper/${slug}/diskussioner`, { slug })],
  ['thread', (v) => v.load(threadPage, `/grupper/${slug}/diskussioner/${threadId}`, { slug, threadId })],
  ['meetings', (v) => v.load(meetingsPage, `/grupper/${slug}/moten`, { slug })],
  ['meeting', (v) => v.load(meetingPage, `/grupper/${slug}/moten/${meetingId}`, { slug, meetingId })],
  ['meeting .ics', (v) => v.load(meetingIcs, `/grupper/${slug}/moten/${meetingId}/ics`, { slug, meetingId })],
  ['decisions', (v) => v.load(decisionsPage, `/grupper/${slug}/beslut`, { slug })],
  ['action items', (v) => v.load(actionsPage, `/grupper/${slug}/atgarder`, { slug })],
  ['library', (v) => v.load(libraryPage, `/grupper/${slug}/bibliotek`, { slug })],
  ['activity', (v) => v.load(activityPage, `/grupper/${slug}/aktivitet`, { slug })],
  ['group-only initiative', (v) => v.load(initiativePage, `/insatser/${initiativeSlug}`, { slug: initiativeSlug })],
  ['layout around every group page', (v) => v.load(groupLayout, `/grupper/${slug}`, { slug })],
];

describe('a closed group, door by door', () => {
  it('opens every page to a member (the control)', async () => {
    for (const [name, open] of pageDoors()) {
      if (name === 'settings') continue; // leads only
      const res = await open(member);
      expect(res.status, name).toBe(200);
    }
    expect(text(await pageDoors()[4]![1](member))).toContain(SECRET);
    const overview = await member.load(overviewPage, `/grupper/${slug}`, { slug });
    expect(overview.data.recentActivity.map((a: { kind: string }) => a.kind)).toEqual(expect.arrayContaining(['member_left', 'library_added', 'action_created']));
  });

  it('keeps every page shut, and every secret out of the answer, for everyone else', async () => {
    for (const [who, reader] of outsiders()) {
      for (const [name, open] of pageDoors()) {
        const res = await open(reader);
        const signInRedirect = res.status === 302 && res.location?.startsWith('/logga-in');
        expect(res.status === 404 || signInRedirect, `${who} → ${name}: ${res.status}`).toBe(true);
        expect(text(res), `${who} → ${name}`).not.toContain(SECRET);
      }
    }
  });

  it('refuses every write from outside, and writes nothing', async () => {
    const before = await rowCounts();
    for (const [who, reader] of outsiders()) {
      const attempts: [string, Promise<RouteResult>][] = [
        ['new thread', reader.submit(threadsPage, '/x', { intent: 'create', title: 'Intrång', body: doc('x') }, { slug })],
        ['reply', reader.submit(threadPage, '/x', { intent: 'reply', body: doc('x') }, { slug, threadId })],
        ['meeting', reader.submit(meetingsPage, '/x', { intent: 'schedule', title: 'x', date: '2030-01-01', startTime: '10:00', endTime: '11:00', location: 'x', videoUrl: '', agendaText: 'x' }, { slug })],
        ['calendar token', reader.submit(meetingsPage, '/x', { intent: 'calendar-create' }, { slug })],
        ['action item', reader.submit(actionsPage, '/x', { intent: 'create', title: 'x', owner: `user:${member.userId}`, dueDate: '' }, { slug })],
        ['library', reader.submit(libraryPage, '/x', { intent: 'add', address: `/insatser/${initiativeSlug}`, note: '' }, { slug })],
        ['join without invitation', reader.submit(overviewPage, '/x', { intent: 'request-join', organizationId: '', message: '' }, { slug })],
        ['invite', reader.submit(membersPage, '/x', { intent: 'invite', email: 'x@example.se' }, { slug })],
      ];
      for (const [name, attempt] of attempts) {
        const res = await attempt;
        expect([302, 403, 404].includes(res.status), `${who} → ${name}: ${res.status}`).toBe(true);
        if (res.status === 302) expect(res.location, `${who} → ${name}`).toMatch(/^\/logga-in/);
      }
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('shows nothing of it in search, except to members', async () => {
    await app.deliverMail();
    const hits = async (v: Visitor) => {
      const res = await v.load(search, `/sok?q=${SECRET}`);
      expect(res.status).toBe(200);
      return JSON.stringify(res.data.result.hits);
    };
    const found = await hits(member);
    expect(found).toContain('Gruppinsats');
    expect(found).toContain('Tråd'); // the discussion, replies included
    expect(found).toContain('Hemliga gruppen');
    // The page repeats the query itself, so the hits are what must be free of it.
    for (const [who, reader] of outsiders()) expect(await hits(reader), who).toBe('[]');
  });

  it('keeps it out of the directory, the area page, the Atom feed and the open-data exports', async () => {
    const directory = await member.load(directoryPage, '/grupper');
    expect(text(directory)).toContain('Hemliga gruppen');
    for (const [who, reader] of outsiders()) {
      expect(text(await reader.load(directoryPage, '/grupper')), who).not.toContain('Hemliga gruppen');
      expect(text(await reader.load(areaPage, '/omraden/1280', { code: '1280' })), who).not.toContain('Hemliga gruppen');
    }
    for (const path of ['/oppna-data/insatser.csv', '/oppna-data/insatser.json']) expect(text(await member.load(openData, path)), path).not.toContain(SECRET);
    expect(text(await member.load(feed, '/flode'))).not.toContain(SECRET);
  });

  it('lists and counts the group-only initiative in browse and the success-factor insight for members only', async () => {
    const door = async (v: Visitor) => {
      const insight = await v.load(insightPage, '/statistik/framgangsfaktorer?omrade=1280');
      expect(insight.status).toBe(200);
      const list = await v.load(browsePage, insight.data.total.href);
      expect(list.data.total).toBe(insight.data.total.count); // the number and its list agree for every reader
      return { count: insight.data.total.count as number, text: text(list) };
    };
    const inside = await door(member);
    expect(inside.text).toContain(SECRET);
    for (const [who, reader] of outsiders()) {
      const outside = await door(reader);
      expect(outside.text, who).not.toContain(SECRET);
      expect(outside.count, who).toBeLessThan(inside.count);
    }
  });

  it('ends a former member’s calendar subscription', async () => {
    const res = await anonymous().load(calendarFeed, `/grupper/${slug}/kalender/${leaverCalendarToken}`, { slug, token: leaverCalendarToken });
    expect(res.status).toBe(404);
    expect(text(res)).not.toContain(SECRET);
  });

  it('shows, counts and mails nothing of the group to a former member', async () => {
    const list = await leaver.load(notificationsPage, '/aviseringar');
    expect(list.status).toBe(200);
    expect(list.data.notifications).toEqual([]);
    expect(list.data.unread).toBe(0);
    const theirMail = app.smtp.inbox(leaver.email);
    expect(theirMail.map((m) => m.subject + m.text).join('\n')).not.toContain(SECRET);
    expect(theirMail.map((m) => m.subject + m.text).join('\n')).not.toContain('Hemliga gruppen');
    // The member, mentioned nowhere but notified of the thread, does get theirs.
    const memberList = await member.load(notificationsPage, '/aviseringar');
    expect(memberList.data.notifications.length).toBeGreaterThan(0);
    const pendingForLeaver = await app.services.db.select().from(jobs).where(sql`${jobs.kind} = 'notification.email' and ${jobs.status} = 'pending'`);
    expect(pendingForLeaver).toEqual([]);
  });

  it('shows outsiders of search no facet counts that betray the group', async () => {
    for (const [who, reader] of outsiders()) {
      const res = await reader.load(search, `/sok?q=${SECRET}`);
      const counts = Object.values((res.data?.result?.facets?.type ?? {}) as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(counts, who).toBe(0);
    }
  });
});

async function rowCounts() {
  const count = async (table: typeof groupThreads | typeof groupReplies | typeof groupMeetings | typeof groupActionItems | typeof groupLibraryItems) =>
    (await app.services.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
  return {
    threads: await count(groupThreads),
    replies: await count(groupReplies),
    meetings: await count(groupMeetings),
    actions: await count(groupActionItems),
    library: await count(groupLibraryItems),
  };
}
