import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as actionsPage from '#app/routes/groups/group/actions.tsx';
import * as decisionsPage from '#app/routes/groups/group/decisions.tsx';
import * as meetingPage from '#app/routes/groups/group/meeting.tsx';
import * as meetingsPage from '#app/routes/groups/group/meetings.tsx';
import { stockholmToday } from '#app/i18n/stockholm-time.ts';
import { groupActionItems, groupActivities, groupDecisions, groupMembers, notifications } from '#db/schema/index.server.ts';
import { type Visitor } from '../support/app.ts';
import { groupWith } from '../support/groups.ts';
import { organizationWith, signedUpVisitor, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp();

const db = () => app.services.db;

/**
 * A group with a lead and a member from one organisation, two members
 * representing a second organisation, and an outsider whose organisation is
 * not in the group.
 */
async function groupOf(opts: { archived?: boolean } = {}) {
  const lead = await signedUpVisitor(app.services, 'Lena Ledare');
  const member = await signedUpVisitor(app.services, 'Mats Medlem');
  const repA = await signedUpVisitor(app.services, 'Rut Representant');
  const repB = await signedUpVisitor(app.services, 'Rolf Representant');
  const stranger = await signedUpVisitor(app.services, 'Olle Utanför');
  const city = await organizationWith(app.services, { verified: true, members: [[lead, 'admin'], [member, 'member']] });
  const housing = await organizationWith(app.services, { verified: true, sector: 'naringsliv', members: [[repA, 'admin'], [repB, 'member']] });
  const absent = await organizationWith(app.services, { verified: true, sector: 'civilsamhalle', members: [[stranger, 'admin']] });
  const group = await groupWith(app.services, {
    openness: 'closed',
    archived: opts.archived,
    members: [
      [lead, city.id, 'lead'],
      [member, city.id, 'member'],
      [repA, housing.id, 'member'],
      [repB, housing.id, 'member'],
    ],
  });
  return { lead, member, repA, repB, stranger, city, housing, absent, group, slug: group.slug };
}

async function counts(groupId: string) {
  const n = async (table: typeof groupDecisions | typeof groupActionItems | typeof groupActivities | typeof notifications) =>
    (await db().select({ n: sql<number>`count(*)::int` }).from(table).where(eq(table.groupId, groupId)))[0]!.n;
  return { decisions: await n(groupDecisions), items: await n(groupActionItems), activities: await n(groupActivities), notifications: await n(notifications) };
}

const noticesFor = (userId: string, groupId: string) =>
  db()
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.groupId, groupId)))
    .orderBy(notifications.id);

async function scheduleMeeting(lead: Person, slug: string, title = 'Styrgruppsmöte') {
  const res = await lead.submit(
    meetingsPage,
    `/grupper/${slug}/moten`,
    { intent: 'schedule', title, date: '2030-02-10', startTime: '10:00', endTime: '11:00', location: 'Stadshuset' },
    { slug },
  );
  expect(res.status).toBe(302);
  return new URL(res.location!, 'http://x').pathname.split('/').pop()!;
}

const decide = (v: Visitor, slug: string, fields: Record<string, string>) =>
  v.submit(decisionsPage, `/grupper/${slug}/beslut`, { intent: 'record', text: 'Vi satsar på läxhjälp i Rosengård.', decidedOn: '2030-02-10', ...fields }, { slug });

describe('decisions', () => {
  it('a lead records decisions; members see them newest first with their meeting, and are told', async () => {
    const { lead, member, repA, group, slug } = await groupOf();
    const meetingId = await scheduleMeeting(lead, slug);
    const first = await decide(lead, slug, { text: 'Första beslutet', decidedOn: '2030-01-05' });
    expect(first.status).toBe(200);
    expect(first.data.recorded).toBe(true);
    const second = await decide(lead, slug, { text: 'Andra beslutet', decidedOn: '2030-02-10', meetingId });
    expect(second.status).toBe(200);

    const page = await member.load(decisionsPage, `/grupper/${slug}/beslut`, { slug });
    expect(page.status).toBe(200);
    expect(page.data.decisions.map((d: { text: string }) => d.text)).toEqual(['Andra beslutet', 'Första beslutet']);
    expect(page.data.decisions[0]).toMatchObject({ decidedOn: '2030-02-10', meeting: { id: meetingId, title: 'Styrgruppsmöte' } });
    expect(page.data.decisions[1].meeting).toBeNull();
    expect(page.data.can.recordDecisions).toBe(false);

    // The meeting page lists what was decided there.
    const meeting = await member.load(meetingPage, `/grupper/${slug}/moten/${meetingId}`, { slug, meetingId });
    expect(meeting.data.decisions.map((d: { text: string }) => d.text)).toEqual(['Andra beslutet']);

    for (const person of [member, repA]) {
      const notices = (await noticesFor(person.userId, group.id)).filter((n) => n.kind === 'decision');
      expect(notices.map((n) => n.messageKey)).toEqual(['groupDecision.notice.recorded', 'groupDecision.notice.recorded']);
    }
    expect((await noticesFor(lead.userId, group.id)).filter((n) => n.kind === 'decision')).toEqual([]);
    const kinds = (await db().select().from(groupActivities).where(eq(groupActivities.groupId, group.id))).map((a) => a.kind);
    expect(kinds.filter((k) => k === 'decision_recorded')).toHaveLength(2);

    // ?mote= preselects a meeting of this group only.
    expect((await lead.load(decisionsPage, `/grupper/${slug}/beslut?mote=${meetingId}`, { slug })).data.defaults.meetingId).toBe(meetingId);
    expect((await lead.load(decisionsPage, `/grupper/${slug}/beslut?mote=nope`, { slug })).data.defaults.meetingId).toBe('');
  });

  describe('bad input writes nothing and names the field', () => {
    it.each([
      ['missing text', { text: '   ' }, 'text', 'error.required'],
      ['text over 2000 characters', { text: 'x'.repeat(2001) }, 'text', 'error.tooLong'],
      ['missing date', { decidedOn: '' }, 'decidedOn', 'error.required'],
      ['impossible date', { decidedOn: '2030-02-31' }, 'decidedOn', 'error.date.invalid'],
      ['a made-up meeting id', { meetingId: 'not-a-meeting' }, 'meetingId', 'error.decision.meeting'],
    ])('%s', async (_case, fields, field, key) => {
      const { lead, group, slug } = await groupOf();
      const before = await counts(group.id);
      const res = await decide(lead, slug, fields);
      expect(res.status).toBe(400);
      expect(res.data.errors[field]).toMatchObject({ key });
      expect(await counts(group.id)).toEqual(before);
    });

    it('accepts exactly 2000 characters', async () => {
      const { lead, slug } = await groupOf();
      expect((await decide(lead, slug, { text: 'x'.repeat(2000) })).status).toBe(200);
    });

    it('a meeting of another group', async () => {
      const a = await groupOf();
      const b = await groupOf();
      const otherMeeting = await scheduleMeeting(b.lead, b.slug, 'Annan grupps möte');
      const before = await counts(a.group.id);
      const res = await decide(a.lead, a.slug, { meetingId: otherMeeting });
      expect(res.status).toBe(400);
      expect(res.data.errors.meetingId).toMatchObject({ key: 'error.decision.meeting' });
      expect(await counts(a.group.id)).toEqual(before);
    });
  });

  it('only leads of an active group record decisions; outsiders of a closed group get 404', async () => {
    const { member, stranger, group, slug } = await groupOf();
    const before = await counts(group.id);
    expect((await decide(member, slug, {})).status).toBe(403);
    expect((await decide(stranger, slug, {})).status).toBe(404);
    expect((await stranger.load(decisionsPage, `/grupper/${slug}/beslut`, { slug })).status).toBe(404);
    expect(await counts(group.id)).toEqual(before);

    const archived = await groupOf({ archived: true });
    const archivedBefore = await counts(archived.group.id);
    expect((await decide(archived.lead, archived.slug, {})).status).toBe(403);
    expect(await counts(archived.group.id)).toEqual(archivedBefore);
  });
});

const createItem = (v: Visitor, slug: string, fields: Record<string, string>) =>
  v.submit(actionsPage, `/grupper/${slug}/atgarder`, { intent: 'create', title: 'Boka lokal för läxhjälpen', dueDate: '', ...fields }, { slug });

const itemIdByTitle = async (groupId: string, title: string) =>
  (await db().select().from(groupActionItems).where(and(eq(groupActionItems.groupId, groupId), eq(groupActionItems.title, title))))[0]!.id;

const setDone = (v: Visitor, slug: string, itemId: string, done = true) =>
  v.submit(actionsPage, `/grupper/${slug}/atgarder`, { intent: done ? 'done' : 'reopen', itemId }, { slug });

describe('action items', () => {
  it('a member creates an item for another member, who alone is told', async () => {
    const { lead, member, repA, group, slug } = await groupOf();
    const res = await createItem(member, slug, { title: 'Skriva ansökan', owner: `user:${lead.userId}`, dueDate: '2030-03-01' });
    expect(res.status).toBe(200);
    expect(res.data.created).toBe(true);
    const [item] = await db().select().from(groupActionItems).where(eq(groupActionItems.groupId, group.id));
    expect(item).toMatchObject({ title: 'Skriva ansökan', ownerUserId: lead.userId, ownerOrganizationId: null, dueDate: '2030-03-01', status: 'open', createdBy: member.userId });
    const notices = await noticesFor(lead.userId, group.id);
    expect(notices.map((n) => [n.kind, n.messageKey])).toEqual([['action_item', 'groupAction.notice.assigned']]);
    expect(notices[0]!.params).toMatchObject({ title: 'Skriva ansökan', owner: 'Lena Ledare' });
    expect(await noticesFor(repA.userId, group.id)).toEqual([]);
    const activity = await db().select().from(groupActivities).where(eq(groupActivities.groupId, group.id));
    expect(activity.map((a) => [a.kind, a.subjectId])).toEqual([['action_created', item!.id]]);
  });

  it('an item owned by an organisation reaches the members who represent it', async () => {
    const { lead, member, repA, repB, housing, group, slug } = await groupOf();
    const res = await createItem(lead, slug, { title: 'Ta fram hyresstatistik', owner: `org:${housing.id}` });
    expect(res.status).toBe(200);
    const [item] = await db().select().from(groupActionItems).where(eq(groupActionItems.groupId, group.id));
    expect(item).toMatchObject({ ownerUserId: null, ownerOrganizationId: housing.id, dueDate: null });
    for (const rep of [repA, repB]) expect((await noticesFor(rep.userId, group.id)).map((n) => n.kind)).toEqual(['action_item']);
    expect(await noticesFor(member.userId, group.id)).toEqual([]);

    const page = await member.load(actionsPage, `/grupper/${slug}/atgarder`, { slug });
    expect(page.data.items[0].owner).toEqual({ kind: 'org', name: housing.name });
    // The owner select offers members and represented organisations only.
    const values = page.data.ownerOptions.map((o: { value: string }) => o.value);
    expect(values).toEqual(expect.arrayContaining([`user:${lead.userId}`, `user:${repB.userId}`, `org:${housing.id}`]));
    expect(values.some((v: string) => v.endsWith(page.data.items[0].id))).toBe(false);
  });

  describe('bad input writes nothing and names the field', () => {
    it.each([
      ['missing title', (f: Fixture) => ({ title: '', owner: `user:${f.member.userId}` }), 'title', 'error.required'],
      ['missing owner', () => ({ owner: '' }), 'owner', 'error.required'],
      ['an owner who is not a member', (f: Fixture) => ({ owner: `user:${f.stranger.userId}` }), 'owner', 'error.actionItem.owner'],
      ['an organisation not represented in the group', (f: Fixture) => ({ owner: `org:${f.absent.id}` }), 'owner', 'error.actionItem.owner'],
      ['a member id given as an organisation', (f: Fixture) => ({ owner: `org:${f.member.userId}` }), 'owner', 'error.actionItem.owner'],
      ['a malformed owner', () => ({ owner: 'user:nobody' }), 'owner', 'error.actionItem.owner'],
      ['an impossible due date', (f: Fixture) => ({ owner: `user:${f.member.userId}`, dueDate: '2030-13-01' }), 'dueDate', 'error.date.invalid'],
      ['a made-up decision', (f: Fixture) => ({ owner: `user:${f.member.userId}`, decisionId: 'nope' }), 'decisionId', 'error.actionItem.decision'],
    ])('%s', async (_case, fields, field, key) => {
      const f = await groupOf();
      const before = await counts(f.group.id);
      const res = await createItem(f.member, f.slug, fields(f));
      expect(res.status).toBe(400);
      expect(res.data.errors[field]).toMatchObject({ key });
      expect(await counts(f.group.id)).toEqual(before);
    });

    it('an owner who has left the group, and a decision of another group', async () => {
      const a = await groupOf();
      const b = await groupOf();
      await decide(b.lead, b.slug, { text: 'Annan grupps beslut' });
      const [otherDecision] = await db().select().from(groupDecisions).where(eq(groupDecisions.groupId, b.group.id));
      const before = await counts(a.group.id);
      const res = await createItem(a.member, a.slug, { owner: `user:${a.member.userId}`, decisionId: otherDecision!.id });
      expect(res.status).toBe(400);
      expect(res.data.errors.decisionId).toMatchObject({ key: 'error.actionItem.decision' });
      // Someone from another group is no owner here either.
      const res2 = await createItem(a.member, a.slug, { owner: `user:${b.member.userId}` });
      expect(res2.data.errors.owner).toMatchObject({ key: 'error.actionItem.owner' });
      // Once someone leaves, neither they nor (if they were its last representative) their organisation can own items.
      await db().delete(groupMembers).where(eq(groupMembers.userId, a.lead.userId));
      const res3 = await createItem(a.member, a.slug, { owner: `user:${a.lead.userId}` });
      expect(res3.data.errors.owner).toMatchObject({ key: 'error.actionItem.owner' });
      await db().delete(groupMembers).where(eq(groupMembers.userId, a.repA.userId));
      await db().delete(groupMembers).where(eq(groupMembers.userId, a.repB.userId));
      const res4 = await createItem(a.member, a.slug, { owner: `org:${a.housing.id}` });
      expect(res4.data.errors.owner).toMatchObject({ key: 'error.actionItem.owner' });
      expect(await counts(a.group.id)).toEqual(before);
    });
  });

  it('links an item to one of the group’s decisions', async () => {
    const { lead, member, group, slug } = await groupOf();
    await decide(lead, slug, { text: 'Vi startar läxhjälp' });
    const [decision] = await db().select().from(groupDecisions).where(eq(groupDecisions.groupId, group.id));
    expect((await createItem(member, slug, { owner: `user:${member.userId}`, decisionId: decision!.id })).status).toBe(200);
    const page = await member.load(actionsPage, `/grupper/${slug}/atgarder`, { slug });
    expect(page.data.items[0].decision).toBe('Vi startar läxhjälp');
  });

  it('lists open items first by due date, flags the overdue ones and counts them', async () => {
    const { lead, member, group, slug } = await groupOf();
    const owner = `user:${member.userId}`;
    await createItem(lead, slug, { title: 'Utan datum', owner });
    await createItem(lead, slug, { title: 'Snart', owner, dueDate: '2099-01-01' });
    await createItem(lead, slug, { title: 'Länge sedan', owner, dueDate: '2001-01-01' });
    await createItem(lead, slug, { title: 'Förra året', owner, dueDate: '2020-06-01' });
    await createItem(lead, slug, { title: 'Klar och sen', owner, dueDate: '2000-01-01' });
    await setDone(member, slug, await itemIdByTitle(group.id, 'Klar och sen'));

    const page = await member.load(actionsPage, `/grupper/${slug}/atgarder`, { slug });
    expect(page.data.items.map((i: { title: string; status: string; overdue: boolean }) => [i.title, i.status, i.overdue])).toEqual([
      ['Länge sedan', 'open', true],
      ['Förra året', 'open', true],
      ['Snart', 'open', false],
      ['Utan datum', 'open', false],
      ['Klar och sen', 'done', false],
    ]);
    expect(page.data.overdueCount).toBe(2);
  });

  it('an item due today is not overdue', async () => {
    const { member, slug } = await groupOf();
    await createItem(member, slug, { title: 'I dag', owner: `user:${member.userId}`, dueDate: stockholmToday() });
    const page = await member.load(actionsPage, `/grupper/${slug}/atgarder`, { slug });
    expect(page.data.items[0].overdue).toBe(false);
    expect(page.data.overdueCount).toBe(0);
  });

  it('the owner, a lead or a representative of the owning organisation closes and reopens; others get 403', async () => {
    const { lead, member, repA, repB, stranger, housing, group, slug } = await groupOf();
    await createItem(lead, slug, { title: 'Personligt', owner: `user:${repA.userId}` });
    await createItem(member, slug, { title: 'Organisationens', owner: `org:${housing.id}` });
    const personal = await itemIdByTitle(group.id, 'Personligt');
    const orgs = await itemIdByTitle(group.id, 'Organisationens');
    const status = async (id: string) => (await db().select().from(groupActionItems).where(eq(groupActionItems.id, id)))[0]!;

    // A member who neither owns it nor represents its owner.
    expect((await setDone(member, slug, personal)).status).toBe(403);
    expect((await setDone(repB, slug, personal)).status).toBe(403);
    expect((await setDone(member, slug, orgs)).status).toBe(403);
    expect((await setDone(stranger, slug, personal)).status).toBe(404);
    expect((await status(personal)).status).toBe('open');

    // What each may see in the list follows the same rule.
    const memberView = await member.load(actionsPage, `/grupper/${slug}/atgarder`, { slug });
    expect(memberView.data.items.map((i: { canUpdate: boolean }) => i.canUpdate)).toEqual([false, false]);

    expect((await setDone(repA, slug, personal)).status).toBe(200);
    expect(await status(personal)).toMatchObject({ status: 'done', doneBy: repA.userId });
    expect((await status(personal)).doneAt).not.toBeNull();
    expect((await setDone(lead, slug, personal, false)).status).toBe(200);
    expect(await status(personal)).toMatchObject({ status: 'open', doneBy: null, doneAt: null });

    expect((await setDone(repB, slug, orgs)).status).toBe(200);
    expect((await status(orgs)).status).toBe('done');
    expect((await setDone(repA, slug, orgs, false)).status).toBe(200);
    expect((await status(orgs)).status).toBe('open');

    const done = (await db().select().from(groupActivities).where(eq(groupActivities.groupId, group.id))).filter((a) => a.kind === 'action_done');
    expect(done.map((a) => a.subjectId)).toEqual([personal, orgs]);
  });

  it('an item of another group answers 404 and stays as it is', async () => {
    const a = await groupOf();
    const b = await groupOf();
    await createItem(b.member, b.slug, { title: 'Annans', owner: `user:${b.member.userId}` });
    const other = await itemIdByTitle(b.group.id, 'Annans');
    expect((await setDone(a.lead, a.slug, other)).status).toBe(404);
    expect((await setDone(a.lead, a.slug, 'nope')).status).toBe(404);
    expect((await db().select().from(groupActionItems).where(eq(groupActionItems.id, other)))[0]!.status).toBe('open');
  });

  it('nothing is written in an archived group, and outsiders of a closed group get 404', async () => {
    const f = await groupOf({ archived: true });
    const before = await counts(f.group.id);
    expect((await createItem(f.member, f.slug, { owner: `user:${f.member.userId}` })).status).toBe(403);
    expect((await createItem(f.stranger, f.slug, { owner: `user:${f.member.userId}` })).status).toBe(404);
    expect(await counts(f.group.id)).toEqual(before);
    const page = await f.member.load(actionsPage, `/grupper/${f.slug}/atgarder`, { slug: f.slug });
    expect(page.status).toBe(200);
    expect(page.data.can.createActionItems).toBe(false);
    expect((await f.stranger.load(actionsPage, `/grupper/${f.slug}/atgarder`, { slug: f.slug })).status).toBe(404);
  });
});

type Fixture = Awaited<ReturnType<typeof groupOf>>;
