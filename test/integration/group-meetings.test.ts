import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { hashToken } from '#app/auth/tokens.server.ts';
import * as calendarFeed from '#app/routes/groups/group/calendar-feed.ts';
import * as meetingIcs from '#app/routes/groups/group/meeting-ics.ts';
import * as meetingPage from '#app/routes/groups/group/meeting.tsx';
import * as meetingsPage from '#app/routes/groups/group/meetings.tsx';
import { updateGroupMeeting } from '#db/queries/group-meetings.server.ts';
import { groupActivities, groupCalendarTokens, groupMeetings, groupMembers, notifications } from '#db/schema/index.server.ts';
import { Visitor, type RouteResult } from '../support/app.ts';
import { groupWith } from '../support/groups.ts';
import { parseIcs, unescapeText } from '../support/ical.ts';
import { organizationWith, signedUpVisitor, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp();

const db = () => app.services.db;

async function groupOf(opts: { openness?: 'open' | 'closed'; archived?: boolean } = {}) {
  const lead = await signedUpVisitor(app.services, 'Lena Ledare');
  const member = await signedUpVisitor(app.services, 'Mats Medlem');
  const org = await organizationWith(app.services, { verified: true, members: [[lead, 'admin'], [member, 'member']] });
  const group = await groupWith(app.services, {
    openness: opts.openness ?? 'closed',
    archived: opts.archived,
    name: 'Trygghet i Rosengård, Malmö',
    members: [
      [lead, org.id, 'lead'],
      [member, org.id, 'member'],
    ],
  });
  return { lead, member, org, group, slug: group.slug };
}

async function outsider() {
  const person = await signedUpVisitor(app.services, 'Olle Utanför');
  await organizationWith(app.services, { verified: true, members: [[person, 'admin']] });
  return person;
}

const meetingFields = (over: Record<string, string> = {}) => ({
  intent: 'schedule',
  title: 'Styrgrupp: plan, budget; uppföljning',
  date: '2030-01-15',
  startTime: '13:00',
  endTime: '15:30',
  location: 'Rosengårds bibliotek, rum 2',
  videoUrl: 'https://meet.example.se/styrgrupp',
  agendaText: '1. Välkomna\n2. Budget, plan; uppföljning\\slut',
  ...over,
});

async function schedule(person: Person, slug: string, over: Record<string, string> = {}) {
  const res = await person.submit(meetingsPage, `/grupper/${slug}/moten`, meetingFields(over), { slug });
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  // The meeting's page says it was scheduled (issue 14's confirmations).
  expect(res.location).toMatch(/^\/grupper\/[^?]+\/moten\/[^?]+\?klart=mote-bokat$/);
  return new URL(res.location!, 'http://x').pathname.split('/').pop()!;
}

async function counts(groupId: string) {
  const [m] = await db().select({ n: sql<number>`count(*)::int` }).from(groupMeetings).where(eq(groupMeetings.groupId, groupId));
  const [a] = await db().select({ n: sql<number>`count(*)::int` }).from(groupActivities).where(eq(groupActivities.groupId, groupId));
  const [n] = await db().select({ n: sql<number>`count(*)::int` }).from(notifications).where(eq(notifications.groupId, groupId));
  return { meetings: m!.n, activities: a!.n, notifications: n!.n };
}

const meetingRow = async (id: string) => (await db().select().from(groupMeetings).where(eq(groupMeetings.id, id)))[0]!;

const noticesFor = (userId: string, groupId: string) =>
  db()
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.groupId, groupId)))
    .orderBy(notifications.id);

describe('scheduling a meeting', () => {
  it('stores Stockholm local times as instants, tells the members and lists the meeting', async () => {
    const { lead, member, group, slug } = await groupOf();
    const id = await schedule(lead, slug);
    const row = await meetingRow(id);
    // January: CET, UTC+1.
    expect(row.startsAt.toISOString()).toBe('2030-01-15T12:00:00.000Z');
    expect(row.endsAt.toISOString()).toBe('2030-01-15T14:30:00.000Z');
    expect(row).toMatchObject({ title: 'Styrgrupp: plan, budget; uppföljning', location: 'Rosengårds bibliotek, rum 2', videoUrl: 'https://meet.example.se/styrgrupp', sequence: 0, cancelledAt: null, createdBy: lead.userId });

    // July: CEST, UTC+2.
    const summer = await schedule(lead, slug, { date: '2030-07-01', startTime: '09:00', endTime: '10:00', title: 'Sommarmöte', videoUrl: '' });
    expect((await meetingRow(summer)).startsAt.toISOString()).toBe('2030-07-01T07:00:00.000Z');

    const memberNotices = await noticesFor(member.userId, group.id);
    expect(memberNotices.map((n) => [n.kind, n.messageKey])).toEqual([
      ['meeting', 'groupMeeting.notice.scheduled'],
      ['meeting', 'groupMeeting.notice.scheduled'],
    ]);
    expect(memberNotices[0]!.params).toMatchObject({ title: 'Styrgrupp: plan, budget; uppföljning', when: '2030-01-15 13:00' });
    expect(memberNotices[0]!.url).toBe(`/grupper/${slug}/moten/${id}`);
    expect(await noticesFor(lead.userId, group.id)).toEqual([]);
    const activity = await db().select().from(groupActivities).where(eq(groupActivities.groupId, group.id));
    expect(activity.map((a) => [a.kind, a.subjectId])).toEqual([
      ['meeting_scheduled', id],
      ['meeting_scheduled', summer],
    ]);

    const page = await member.load(meetingsPage, `/grupper/${slug}/moten`, { slug });
    expect(page.status).toBe(200);
    expect(page.data.upcoming.map((m: { id: string }) => m.id)).toEqual([id, summer]);
    expect(page.data.can.scheduleMeetings).toBe(false);
    expect((await lead.load(meetingsPage, `/grupper/${slug}/moten`, { slug })).data.can.scheduleMeetings).toBe(true);
  });

  it('lists meetings that have ended under past, newest first', async () => {
    const { lead, slug } = await groupOf();
    const older = await schedule(lead, slug, { date: '2020-03-03', title: 'Gammalt' });
    const newer = await schedule(lead, slug, { date: '2021-03-03', title: 'Nyare' });
    const upcoming = await schedule(lead, slug, { date: '2031-03-03', title: 'Kommande' });
    const page = await lead.load(meetingsPage, `/grupper/${slug}/moten`, { slug });
    expect(page.data.upcoming.map((m: { id: string }) => m.id)).toEqual([upcoming]);
    expect(page.data.past.map((m: { id: string }) => m.id)).toEqual([newer, older]);
  });

  describe('bad input writes nothing and names the field', () => {
    // [case, fields, field, message key]
    it.each([
      ['ends before it starts', { startTime: '15:00', endTime: '14:00' }, 'endTime', 'error.meeting.endBeforeStart'],
      ['ends when it starts', { startTime: '15:00', endTime: '15:00' }, 'endTime', 'error.meeting.endBeforeStart'],
      ['missing date', { date: '' }, 'date', 'error.required'],
      ['impossible date', { date: '2030-02-30' }, 'date', 'error.date.invalid'],
      ['missing start time', { startTime: '' }, 'startTime', 'error.required'],
      ['malformed time', { endTime: '25:00' }, 'endTime', 'error.meeting.time'],
      ['a time skipped by summer time', { date: '2030-03-31', startTime: '02:30', endTime: '04:00' }, 'startTime', 'error.meeting.timeGap'],
      ['a link that is not a URL', { videoUrl: 'möte på teams' }, 'videoUrl', 'error.meeting.videoUrl'],
      ['a plain http link', { videoUrl: 'http://meet.example.se/x' }, 'videoUrl', 'error.meeting.videoUrl'],
      ['a javascript: link', { videoUrl: 'javascript:alert(1)' }, 'videoUrl', 'error.meeting.videoUrl'],
      ['neither place nor link', { location: '', videoUrl: '' }, 'location', 'error.meeting.placeOrLink'],
      ['missing title', { title: '  ' }, 'title', 'error.required'],
    ])('%s', async (_case, over, field, key) => {
      const { lead, group, slug } = await groupOf();
      const before = await counts(group.id);
      const res = await lead.submit(meetingsPage, `/grupper/${slug}/moten`, meetingFields(over), { slug });
      expect(res.status).toBe(400);
      expect(res.data.errors[field]).toMatchObject({ key });
      // What was typed comes back for the form.
      expect(res.data.values.title).toBe(meetingFields(over).title);
      expect(await counts(group.id)).toEqual(before);
    });
  });

  it('names every problem at once: a bad link does not hide a meeting that ends before it starts', async () => {
    const { lead, group, slug } = await groupOf();
    const before = await counts(group.id);
    const res = await lead.submit(meetingsPage, `/grupper/${slug}/moten`, meetingFields({ startTime: '15:00', endTime: '14:00', videoUrl: 'http://x.se', title: '' }), { slug });
    expect(res.status).toBe(400);
    expect(Object.fromEntries(Object.entries(res.data.errors).map(([k, v]) => [k, (v as { key: string }).key]))).toEqual({
      title: 'error.required',
      endTime: 'error.meeting.endBeforeStart',
      videoUrl: 'error.meeting.videoUrl',
    });
    expect(await counts(group.id)).toEqual(before);
  });

  it('is for leads of an active group only (403), and members only see the page', async () => {
    const { member, group, slug } = await groupOf();
    const before = await counts(group.id);
    expect((await member.submit(meetingsPage, `/grupper/${slug}/moten`, meetingFields(), { slug })).status).toBe(403);

    const archived = await groupOf({ archived: true });
    const archivedBefore = await counts(archived.group.id);
    expect((await archived.lead.submit(meetingsPage, `/grupper/${archived.slug}/moten`, meetingFields(), { slug: archived.slug })).status).toBe(403);
    expect(await counts(archived.group.id)).toEqual(archivedBefore);
    // An archived group's meetings still read.
    expect((await archived.member.load(meetingsPage, `/grupper/${archived.slug}/moten`, { slug: archived.slug })).status).toBe(200);

    const stranger = await outsider();
    // A closed group's meetings do not exist for outsiders.
    expect((await stranger.submit(meetingsPage, `/grupper/${slug}/moten`, meetingFields(), { slug })).status).toBe(404);
    expect((await stranger.load(meetingsPage, `/grupper/${slug}/moten`, { slug })).status).toBe(404);
    expect(await counts(group.id)).toEqual(before);

    const open = await groupOf({ openness: 'open' });
    expect((await stranger.load(meetingsPage, `/grupper/${open.slug}/moten`, { slug: open.slug })).status).toBe(403);
    const signedOut = await new Visitor(app.services).load(meetingsPage, `/grupper/${open.slug}/moten`, { slug: open.slug });
    expect(signedOut.status).toBe(302);
    expect(signedOut.location).toMatch(/^\/logga-in\?redirectTo=/);
  });
});

describe('a meeting page', () => {
  it('shows details and agenda to members; leads change it, write minutes and cancel it, each a new SEQUENCE', async () => {
    const { lead, member, group, slug } = await groupOf();
    const id = await schedule(lead, slug);
    const url = `/grupper/${slug}/moten/${id}`;
    const params = { slug, meetingId: id };

    const page = await member.load(meetingPage, url, params);
    expect(page.status).toBe(200);
    expect(page.data.meeting).toMatchObject({ title: 'Styrgrupp: plan, budget; uppföljning', location: 'Rosengårds bibliotek, rum 2', cancelled: false });
    expect(page.data.meeting.agendaHtml).toContain('Välkomna');
    expect(page.data.can.edit).toBe(false);
    expect(page.data.editValues).toMatchObject({ date: '2030-01-15', startTime: '13:00', endTime: '15:30' });

    // Members may not change anything.
    for (const intent of ['update', 'minutes', 'cancel']) {
      expect((await member.submit(meetingPage, url, { ...meetingFields(), intent, minutesText: 'x' }, params)).status).toBe(403);
    }
    expect((await meetingRow(id)).sequence).toBe(0);

    // A bad change writes nothing.
    const bad = await lead.submit(meetingPage, url, meetingFields({ intent: 'update', startTime: '16:00', endTime: '15:00' }), params);
    expect(bad.status).toBe(400);
    expect(bad.data.errors.endTime.key).toBe('error.meeting.endBeforeStart');
    expect(await meetingRow(id)).toMatchObject({ sequence: 0, title: 'Styrgrupp: plan, budget; uppföljning' });

    const moved = await lead.submit(meetingPage, url, meetingFields({ intent: 'update', title: 'Styrgrupp (flyttad)', date: '2030-01-16', startTime: '10:00', endTime: '11:00' }), params);
    expect(moved.status).toBe(200);
    let row = await meetingRow(id);
    expect(row).toMatchObject({ title: 'Styrgrupp (flyttad)', sequence: 1 });
    expect(row.startsAt.toISOString()).toBe('2030-01-16T09:00:00.000Z');

    expect((await lead.submit(meetingPage, url, { intent: 'minutes', minutesText: 'Vi beslutade att gå vidare.' }, params)).status).toBe(200);
    row = await meetingRow(id);
    expect(row.sequence).toBe(2);
    expect(JSON.stringify(row.minutes)).toContain('Vi beslutade att gå vidare.');
    expect((await member.load(meetingPage, url, params)).data.meeting.minutesHtml).toContain('Vi beslutade att gå vidare.');

    expect((await lead.submit(meetingPage, url, { intent: 'cancel' }, params)).status).toBe(200);
    row = await meetingRow(id);
    expect(row.sequence).toBe(3);
    expect(row.cancelledAt).not.toBeNull();

    // A cancelled meeting stays as it is.
    const again = await lead.submit(meetingPage, url, meetingFields({ intent: 'update' }), params);
    expect(again.status).toBe(409);
    expect(again.data.errors.form.key).toBe('error.meeting.cancelled');
    // Even a change that checked before the cancellation landed cannot write over it.
    expect(await updateGroupMeeting(db(), id, { title: 'Sent ändrad' })).toBeUndefined();
    expect(await meetingRow(id)).toMatchObject({ sequence: 3, title: 'Styrgrupp (flyttad)' });

    expect((await noticesFor(member.userId, group.id)).map((n) => n.messageKey)).toEqual([
      'groupMeeting.notice.scheduled',
      'groupMeeting.notice.updated',
      'groupMeeting.notice.minutes',
      'groupMeeting.notice.cancelled',
    ]);
    const kinds = (await db().select().from(groupActivities).where(eq(groupActivities.groupId, group.id)).orderBy(groupActivities.id)).map((a) => a.kind);
    expect(kinds).toEqual(['meeting_scheduled', 'meeting_updated', 'meeting_updated', 'meeting_updated']);
    const listed = await member.load(meetingsPage, `/grupper/${slug}/moten`, { slug });
    expect(listed.data.upcoming[0]).toMatchObject({ id, cancelled: true });
  });

  it('answers 404 for a meeting of another group, a malformed id, and for outsiders of a closed group', async () => {
    const a = await groupOf();
    const b = await groupOf();
    const id = await schedule(a.lead, a.slug, { title: 'Hemligt möte' });
    expect((await b.lead.load(meetingPage, `/grupper/${b.slug}/moten/${id}`, { slug: b.slug, meetingId: id })).status).toBe(404);
    expect((await b.lead.submit(meetingPage, `/grupper/${b.slug}/moten/${id}`, { intent: 'cancel' }, { slug: b.slug, meetingId: id })).status).toBe(404);
    expect((await a.lead.load(meetingPage, `/grupper/${a.slug}/moten/nope`, { slug: a.slug, meetingId: 'nope' })).status).toBe(404);
    const stranger = await outsider();
    const res = await stranger.load(meetingPage, `/grupper/${a.slug}/moten/${id}`, { slug: a.slug, meetingId: id });
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.data)).not.toContain('Hemligt');
    expect((await meetingRow(id)).cancelledAt).toBeNull();
  });
});

describe('the .ics download', () => {
  const icsOf = (v: Visitor, slug: string, id: string) => v.load(meetingIcs, `/grupper/${slug}/moten/${id}/ics`, { slug, meetingId: id });

  function checkIcsResponse(res: RouteResult) {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = res.data as string;
    // Every line ends in CRLF: no bare LF anywhere.
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    return parseIcs(text);
  }

  it('is one VEVENT with a stable UID, UTC times, escaped text and the current SEQUENCE', async () => {
    const { lead, member, slug } = await groupOf();
    const id = await schedule(lead, slug, { agendaText: `1. Välkomna\n2. Budget, plan; uppföljning\\slut\n3. ${'Långt ärende om trygghet och samverkan '.repeat(4)}` });
    const res = await icsOf(member, slug, id);
    const ics = checkIcsResponse(res);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="styrgrupp-plan-budget-uppfoljning-2030-01-15\.ics"$/);
    expect(ics.lines[0]).toBe('BEGIN:VCALENDAR');
    expect(ics.calendar.get('VERSION')).toBe('2.0');
    expect(ics.events).toHaveLength(1);
    const e = ics.events[0]!;
    expect(e.get('UID')).toBe(`${id}@samverka.test`);
    expect(e.get('DTSTAMP')).toMatch(/^\d{8}T\d{6}Z$/);
    expect(e.get('DTSTART')).toBe('20300115T120000Z');
    expect(e.get('DTEND')).toBe('20300115T143000Z');
    expect(e.get('SUMMARY')).toBe('Styrgrupp: plan\\, budget\\; uppföljning');
    expect(unescapeText(e.get('LOCATION')!)).toBe('Rosengårds bibliotek, rum 2');
    expect(e.get('URL')).toBe('https://meet.example.se/styrgrupp');
    const description = unescapeText(e.get('DESCRIPTION')!);
    expect(description).toContain('Välkomna');
    expect(description).toContain('Budget, plan; uppföljning\\slut');
    expect(e.get('DESCRIPTION')).toContain('Budget\\, plan\\; uppföljning\\\\slut');
    expect(e.get('SEQUENCE')).toBe('0');
    expect(e.get('STATUS')).toBe('CONFIRMED');
    // The long description had to be folded.
    expect(ics.physical.length).toBeGreaterThan(ics.lines.length);

    // Without a video link the URL is the meeting page; after a change the SEQUENCE moves and the UID stays.
    await lead.submit(meetingPage, `/grupper/${slug}/moten/${id}`, meetingFields({ intent: 'update', videoUrl: '' }), { slug, meetingId: id });
    await lead.submit(meetingPage, `/grupper/${slug}/moten/${id}`, { intent: 'cancel' }, { slug, meetingId: id });
    const after = checkIcsResponse(await icsOf(member, slug, id)).events[0]!;
    expect(after.get('UID')).toBe(`${id}@samverka.test`);
    expect(after.get('URL')).toBe(`http://samverka.test/grupper/${slug}/moten/${id}`);
    expect(after.get('SEQUENCE')).toBe('2');
    expect(after.get('STATUS')).toBe('CANCELLED');
  });

  it('is for members only', async () => {
    const { lead, slug } = await groupOf();
    const id = await schedule(lead, slug, { title: 'Slutet möte' });
    const stranger = await outsider();
    const res = await icsOf(stranger, slug, id);
    expect(res.status).toBe(404);
    expect(String(res.data)).not.toContain('Slutet');
    expect((await icsOf(new Visitor(app.services), slug, id)).status).toBe(302);
  });
});

describe('the subscribable calendar feed', () => {
  const feedOf = (slug: string, token: string, visitor = new Visitor(app.services)) => visitor.load(calendarFeed, `/grupper/${slug}/kalender/${token}`, { slug, token });

  async function subscribe(person: Person, slug: string) {
    const res = await person.submit(meetingsPage, `/grupper/${slug}/moten`, { intent: 'calendar-create' }, { slug });
    expect(res.status).toBe(200);
    const url: string = res.data.calendar.url;
    expect(url).toMatch(new RegExp(`^http://samverka\\.test/grupper/${slug}/kalender/[a-z2-7]{32}$`));
    expect(res.data.calendar.webcal).toBe(url.replace(/^http:/, 'webcal:'));
    return url.split('/').pop()!;
  }

  it('gives a member all the group’s meetings, without cookies, cacheable for five minutes', async () => {
    const { lead, member, group, slug } = await groupOf();
    const first = await schedule(lead, slug, { title: 'Första' });
    const second = await schedule(lead, slug, { title: 'Andra', date: '2030-02-01' });
    await lead.submit(meetingPage, `/grupper/${slug}/moten/${second}`, { intent: 'cancel' }, { slug, meetingId: second });
    const token = await subscribe(member, slug);

    // Only the hash is stored.
    const stored = await db().select().from(groupCalendarTokens).where(eq(groupCalendarTokens.groupId, group.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ userId: member.userId, tokenHash: hashToken(token) });
    expect(JSON.stringify(stored)).not.toContain(token);

    const res = await feedOf(slug, token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('private, max-age=300');
    expect(res.headers.get('set-cookie')).toBeNull();
    const ics = parseIcs(res.data);
    expect(unescapeText(ics.calendar.get('X-WR-CALNAME')!)).toBe('Trygghet i Rosengård, Malmö');
    expect(ics.events.map((e) => [e.get('UID'), e.get('STATUS')])).toEqual([
      [`${first}@samverka.test`, 'CONFIRMED'],
      [`${second}@samverka.test`, 'CANCELLED'],
    ]);

    // The page remembers that a subscription exists, without showing the token again.
    const page = await member.load(meetingsPage, `/grupper/${slug}/moten`, { slug });
    expect(page.data.subscription).not.toBeNull();
    expect(JSON.stringify(page.data)).not.toContain(token);
  });

  it('renewing invalidates the old address; revoking ends it', async () => {
    const { lead, slug } = await groupOf();
    await schedule(lead, slug);
    const old = await subscribe(lead, slug);
    const renewed = await subscribe(lead, slug);
    expect(renewed).not.toBe(old);
    expect((await feedOf(slug, old)).status).toBe(404);
    expect((await feedOf(slug, renewed)).status).toBe(200);
    expect((await lead.submit(meetingsPage, `/grupper/${slug}/moten`, { intent: 'calendar-revoke' }, { slug })).status).toBe(200);
    expect((await feedOf(slug, renewed)).status).toBe(404);
  });

  it('answers 404 once the subscriber is no longer a member, for a wrong token, and for another group’s slug', async () => {
    const { lead, member, group, slug } = await groupOf();
    await schedule(lead, slug, { title: 'Internt möte' });
    const token = await subscribe(member, slug);
    expect((await feedOf(slug, token)).status).toBe(200);

    const other = await groupOf();
    const wrongSlug = await feedOf(other.slug, token);
    expect(wrongSlug.status).toBe(404);

    for (const bad of ['x'.repeat(32), token.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')), '', '../../etc']) {
      const res = await feedOf(slug, bad);
      expect(res.status).toBe(404);
      expect(String(res.data)).not.toContain('Internt');
    }
    // A signed-in member's cookies do not stand in for a token.
    expect((await feedOf(slug, 'x'.repeat(32), lead)).status).toBe(404);

    await db().delete(groupMembers).where(and(eq(groupMembers.groupId, group.id), eq(groupMembers.userId, member.userId)));
    const gone = await feedOf(slug, token);
    expect(gone.status).toBe(404);
    expect(String(gone.data)).not.toContain('Internt');
  });

  it('never carries a closed group’s meetings to a non-member', async () => {
    const secret = await groupOf();
    await schedule(secret.lead, secret.slug, { title: 'Hemlig planering' });
    const mine = await groupOf();
    await schedule(mine.lead, mine.slug, { title: 'Vårt möte' });
    const stranger = mine.member;

    const token = await subscribe(stranger, mine.slug);
    const feed = await feedOf(mine.slug, token);
    expect(feed.data).toContain('Vårt möte');
    expect(feed.data).not.toContain('Hemlig');
    // Their token does not open the other group, and they cannot make one there.
    expect((await feedOf(secret.slug, token)).status).toBe(404);
    expect((await stranger.submit(meetingsPage, `/grupper/${secret.slug}/moten`, { intent: 'calendar-create' }, { slug: secret.slug })).status).toBe(404);
    expect(await db().select().from(groupCalendarTokens).where(eq(groupCalendarTokens.groupId, secret.group.id))).toEqual([]);
  });
});
