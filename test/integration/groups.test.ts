import { and, asc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '#app/auth/password.server.ts';
import * as areaPage from '#app/routes/statistics/area.tsx';
import { buildRequestContext } from '#app/context.server.ts';
import { loadGroupAccess } from '#app/groups/access.server.ts';
import * as groupLayout from '#app/routes/groups/group/layout.tsx';
import * as groupPage from '#app/routes/groups/group/overview.tsx';
import * as invitationPage from '#app/routes/groups/invitation.tsx';
import * as membersPage from '#app/routes/groups/group/members.tsx';
import * as newGroup from '#app/routes/groups/new.tsx';
import * as settingsPage from '#app/routes/groups/group/settings.tsx';
import * as directory from '#app/routes/groups/list.tsx';
import * as signIn from '#app/routes/accounts/sign-in.tsx';
import * as signUp from '#app/routes/accounts/sign-up.tsx';
import {
  auditLog,
  groupActivities,
  groupInvitations,
  groupJoinRequests,
  groupMembers,
  memberships,
  notifications,
  users,
  workingGroups,
  type Organization,
  type WorkingGroup,
} from '#db/schema/index.server.ts';
import { DEMO_LOGINS, seedDemo } from '#db/seed/demo.server.ts';
import { TEST_ORIGIN, Visitor } from '../support/app.ts';
import { groupWith } from '../support/groups.ts';
import { confirmationLinkFor, followConfirmationLink, organizationWith, signedUpVisitor, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp({ smtp: true });

const person = (name = 'Person') => signedUpVisitor(app.services, name);
const doc = (...paragraphs: string[]) => JSON.stringify({ type: 'doc', content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) });
const at = (g: WorkingGroup, path = '') => `/grupper/${g.slug}${path}`;

/** Rows in every table a membership write touches: a refused write must change none of them. */
async function counts() {
  const { db } = app.services;
  const n = async (table: typeof workingGroups | typeof groupMembers | typeof groupJoinRequests | typeof groupInvitations | typeof groupActivities | typeof notifications) =>
    (await db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
  return {
    groups: await n(workingGroups),
    members: await n(groupMembers),
    requests: await n(groupJoinRequests),
    invitations: await n(groupInvitations),
    activities: await n(groupActivities),
    notices: await n(notifications),
    archived: (await db.select({ n: sql<number>`count(*)::int` }).from(workingGroups).where(sql`${workingGroups.archivedAt} is not null`))[0]!.n,
    accepted: (await db.select({ n: sql<number>`count(*)::int` }).from(groupInvitations).where(sql`${groupInvitations.acceptedAt} is not null`))[0]!.n,
    leads: (await db.select({ n: sql<number>`count(*)::int` }).from(groupMembers).where(eq(groupMembers.role, 'lead')))[0]!.n,
  };
}

const memberRow = async (g: WorkingGroup, p: Person) =>
  (await app.services.db.select().from(groupMembers).where(and(eq(groupMembers.groupId, g.id), eq(groupMembers.userId, p.userId))))[0];
const activitiesOf = (g: WorkingGroup) => app.services.db.select().from(groupActivities).where(eq(groupActivities.groupId, g.id)).orderBy(asc(groupActivities.id));
const noticesOf = (p: Person) => app.services.db.select().from(notifications).where(eq(notifications.userId, p.userId)).orderBy(asc(notifications.id));
const groupRow = async (id: string) => (await app.services.db.select().from(workingGroups).where(eq(workingGroups.id, id)))[0]!;

/** A lead with an organisation, and a group around them. */
async function leadWithGroup(opts: { openness: 'open' | 'closed'; listed?: boolean; archived?: boolean } = { openness: 'open' }) {
  const lead = await person('Lena Ledare');
  const org = await organizationWith(app.services, { verified: true, sector: 'kommun', members: [[lead, 'admin']] });
  const group = await groupWith(app.services, { ...opts, members: [[lead, org.id, 'lead']] });
  return { lead, org, group };
}

/** Someone signed in who belongs to an organisation of the given sector. */
async function withOrganization(name: string, sector: Organization['sector'] = 'civilsamhalle') {
  const p = await person(name);
  const org = await organizationWith(app.services, { verified: true, sector, members: [[p, 'member']] });
  return { p, org };
}

const validGroup = (organizationId: string, extra: Record<string, string> = {}) => ({
  name: 'Trygga skolvägar',
  purposeText: 'Vi samordnar arbetet för trygga skolvägar.',
  areaCode: '1280',
  openness: 'open',
  organizationId,
  ...extra,
});

describe('creating a group', () => {
  it('creates the group with its creator as lead, a unique slug and a "created" activity line', async () => {
    const { p, org } = await withOrganization('Grundare', 'kommun');
    const page = await p.load(newGroup, '/grupper/ny');
    expect(page.data.canCreate).toBe(true);
    expect(page.data.organizations).toEqual([{ value: org.id, label: org.name }]);

    const res = await p.submit(newGroup, '/grupper/ny', { ...validGroup(org.id), purposeText: '', purpose: doc('Trygghet', 'för alla barn'), listed: 'on' });
    expect(res.status).toBe(302);
    // A random suffix on every group slug: a closed group's name cannot be found out by taking it.
    // The new group's page says it was created (issue 14's confirmations).
    expect(res.location).toMatch(/^\/grupper\/trygga-skolvagar-[a-z2-9]{5}\?klart=grupp-skapad$/);
    const slug = new URL(res.location!, 'http://x').pathname.slice('/grupper/'.length);
    const [created] = await app.services.db.select().from(workingGroups).where(eq(workingGroups.slug, slug));
    expect(created).toMatchObject({ name: 'Trygga skolvägar', areaCode: '1280', openness: 'open', listed: false, createdBy: p.userId });
    expect(created!.purpose).toMatchObject({ type: 'doc', content: [{ type: 'paragraph' }, { type: 'paragraph' }] });
    expect(await memberRow(created!, p)).toMatchObject({ role: 'lead', organizationId: org.id });
    expect((await activitiesOf(created!)).map((a) => [a.kind, a.actorId])).toEqual([['group_created', p.userId]]);

    // The same name again gets another slug; the name of a page of its own is never a slug.
    const again = await p.submit(newGroup, '/grupper/ny', validGroup(org.id));
    expect(again.location).toMatch(/^\/grupper\/trygga-skolvagar-[a-z2-9]{5}\?klart=grupp-skapad$/);
    expect(again.location).not.toBe(res.location);
    const reserved = await p.submit(newGroup, '/grupper/ny', validGroup(org.id, { name: 'Ny', openness: 'closed', listed: 'on' }));
    expect(reserved.location).toMatch(/^\/grupper\/ny-[a-z2-9]{5}\?/);
    const [closed] = await app.services.db.select().from(workingGroups).where(eq(workingGroups.slug, new URL(reserved.location!, 'http://x').pathname.slice('/grupper/'.length)));
    expect(closed).toMatchObject({ openness: 'closed', listed: true });
  });

  it.each([
    ['no name', { name: '' }, 'name', 'error.required'],
    ['an over-long name', { name: 'n'.repeat(121) }, 'name', 'error.tooLong'],
    ['an empty purpose', { purposeText: '  ' }, 'purpose', 'error.required'],
    ['an unreadable purpose', { purposeText: '', purpose: '{not json' }, 'purpose', 'error.body.invalid'],
    ['an unknown area', { areaCode: '9999' }, 'areaCode', 'error.area.unknown'],
    ['a country as area', { areaCode: 'SE' }, 'areaCode', 'error.area.unknown'],
    ['no openness', { openness: '' }, 'openness', 'error.group.openness'],
    ['an unknown openness', { openness: 'secret' }, 'openness', 'error.group.openness'],
    ['no organisation', { organizationId: '' }, 'organizationId', 'error.group.organization'],
  ])('refuses %s, writing nothing', async (_label, fields, field, key) => {
    const { p, org } = await withOrganization('Grundare');
    const before = await counts();
    const res = await p.submit(newGroup, '/grupper/ny', { ...validGroup(org.id), ...fields });
    expect(res.status).toBe(400);
    expect(res.data.errors[field].key).toBe(key);
    expect(res.data.values.name).toBe((fields as { name?: string }).name ?? 'Trygga skolvägar');
    expect(await counts()).toEqual(before);
  });

  it("refuses representing someone else's organisation", async () => {
    const { p } = await withOrganization('Grundare');
    const { org: other } = await withOrganization('Annan');
    const before = await counts();
    const res = await p.submit(newGroup, '/grupper/ny', validGroup(other.id));
    expect(res.status).toBe(400);
    expect(res.data.errors.organizationId.key).toBe('error.group.organizationNotYours');
    expect(await counts()).toEqual(before);
  });

  it('needs a signed-in person with an organisation', async () => {
    const anonymous = await new Visitor(app.services).submit(newGroup, '/grupper/ny', validGroup('x'));
    expect(anonymous.location).toMatch(/^\/logga-in\?redirectTo=/);
    const loner = await person('Utan organisation');
    expect((await loner.load(newGroup, '/grupper/ny')).data.canCreate).toBe(false);
    const before = await counts();
    expect((await loner.submit(newGroup, '/grupper/ny', validGroup('x'))).status).toBe(403);
    expect(await counts()).toEqual(before);
  });
});

describe('who sees which group', () => {
  let lead: Person;
  let member: Person;
  let outsider: Person;
  let open: WorkingGroup;
  let listed: WorkingGroup;
  let unlisted: WorkingGroup;
  let elsewhere: WorkingGroup;

  beforeAll(async () => {
    lead = await person('Lisa Ledare');
    member = await person('Mats Medlem');
    outsider = (await withOrganization('Olle Utanför')).p;
    const kommun = await organizationWith(app.services, { verified: true, sector: 'kommun', members: [[lead, 'admin']] });
    const forening = await organizationWith(app.services, { verified: true, sector: 'civilsamhalle', members: [[member, 'member']] });
    const both: [Person, string, 'lead' | 'member'][] = [
      [lead, kommun.id, 'lead'],
      [member, forening.id, 'member'],
    ];
    open = await groupWith(app.services, { openness: 'open', name: 'Öppen grupp i Malmö', members: both });
    listed = await groupWith(app.services, { openness: 'closed', listed: true, name: 'Listad stängd grupp', members: both });
    unlisted = await groupWith(app.services, { openness: 'closed', name: 'Hemlig grupp i Skåne', members: both });
    elsewhere = await groupWith(app.services, { openness: 'open', name: 'Grupp i Göteborg', members: both });
    const { db } = app.services;
    await db.update(workingGroups).set({ areaCode: '1280' }).where(eq(workingGroups.id, open.id));
    await db.update(workingGroups).set({ areaCode: '12' }).where(eq(workingGroups.id, unlisted.id));
    await db.update(workingGroups).set({ areaCode: '1480' }).where(eq(workingGroups.id, elsewhere.id));
  });

  const slugs = (list: { slug: string }[]) => list.map((g) => g.slug);

  it('lists open and listed groups to everyone, own groups first for members, counts only where the overview is visible', async () => {
    const mine = await member.load(directory, '/grupper');
    expect(slugs(mine.data.mine)).toEqual(expect.arrayContaining([open.slug, listed.slug, unlisted.slug]));
    expect(slugs(mine.data.others)).not.toContain(open.slug);
    expect(mine.data.mine.find((g: { slug: string }) => g.slug === unlisted.slug).counts).toEqual({ members: 2, organizations: 2 });

    const theirs = await outsider.load(directory, '/grupper');
    expect(theirs.data.mine).toEqual([]);
    expect(slugs(theirs.data.others)).toEqual(expect.arrayContaining([open.slug, listed.slug]));
    expect(slugs(theirs.data.others)).not.toContain(unlisted.slug);
    const entry = (slug: string) => theirs.data.others.find((g: { slug: string }) => g.slug === slug);
    expect(entry(open.slug)).toMatchObject({ openness: 'open', counts: { members: 2, organizations: 2 } });
    expect(entry(listed.slug)).toMatchObject({ openness: 'closed', counts: null });
    expect(theirs.data.canCreate).toBe(true);

    const anonymous = await new Visitor(app.services).load(directory, '/grupper');
    expect(slugs(anonymous.data.others)).toEqual(expect.arrayContaining([open.slug, listed.slug]));
    expect(slugs(anonymous.data.others)).not.toContain(unlisted.slug);
    expect(anonymous.data.others.every((g: { counts: unknown }) => g.counts === null)).toBe(true);
    expect(anonymous.data.canCreate).toBe(false);
  });

  it("lists on an area's page the groups about the kommun or its län that the reader may see", async () => {
    const forMember = await member.load(areaPage, '/omraden/1280', { code: '1280' });
    expect(slugs(forMember.data.groups)).toEqual(expect.arrayContaining([open.slug, unlisted.slug]));
    expect(slugs(forMember.data.groups)).not.toContain(elsewhere.slug);
    const forOutsider = await outsider.load(areaPage, '/omraden/1280', { code: '1280' });
    expect(slugs(forOutsider.data.groups)).toContain(open.slug);
    expect(slugs(forOutsider.data.groups)).not.toContain(unlisted.slug);
    const county = await member.load(areaPage, '/omraden/12', { code: '12' });
    expect(slugs(county.data.groups)).toEqual([unlisted.slug]);
    const gothenburg = await new Visitor(app.services).load(areaPage, '/omraden/1480', { code: '1480' });
    expect(slugs(gothenburg.data.groups)).toContain(elsewhere.slug);
  });

  it('shows members the whole overview with represented sectors and section counts', async () => {
    const page = await member.load(groupPage, at(open), { slug: open.slug });
    expect(page.data.view).toBe('member');
    expect(page.data.group).toMatchObject({ name: 'Öppen grupp i Malmö', areaName: 'Malmö', openness: 'open', archived: false });
    expect(page.data.group.purposeHtml).toContain('Samverkan i området.');
    expect(page.data.sectors).toEqual(
      expect.arrayContaining([
        { sector: 'kommun', organizations: 1, members: 1 },
        { sector: 'civilsamhalle', organizations: 1, members: 1 },
      ]),
    );
    expect(page.data.organizations).toHaveLength(2);
    expect(page.data.sections).toEqual({ threads: 0, decisions: 0, library: 0, upcomingMeetings: 0, openActionItems: 0 });
    expect(page.data.can).toMatchObject({ isMember: true, isLead: false, leave: true });
  });

  it('shows a signed-in outsider an open group with a join form, a closed listed one by name only, and hides an unlisted one', async () => {
    const openPage = await outsider.load(groupPage, at(open), { slug: open.slug });
    expect(openPage.data).toMatchObject({ view: 'visitor', join: 'form' });
    expect(openPage.data.group.purposeHtml).toContain('Samverkan');
    expect(openPage.data.organizations.map((o: { name: string }) => o.name)).toHaveLength(2);
    expect(openPage.data.representable).toHaveLength(1);

    const listedPage = await outsider.load(groupPage, at(listed), { slug: listed.slug });
    expect(listedPage.data).toEqual({ view: 'closed', group: { slug: listed.slug, name: listed.name, openness: 'closed', archived: false } });

    expect((await outsider.load(groupPage, at(unlisted), { slug: unlisted.slug })).status).toBe(404);
    expect((await new Visitor(app.services).load(groupPage, at(unlisted), { slug: unlisted.slug })).status).toBe(404);
    expect((await outsider.load(membersPage, at(unlisted, '/medlemmar'), { slug: unlisted.slug })).status).toBe(404);
    expect((await outsider.load(membersPage, at(open, '/medlemmar'), { slug: open.slug })).status).toBe(403);
  });

  it('wraps every group page in a layout with the navigation for members, the narrow page for those who may not see the overview, and 404 where the name is hidden', async () => {
    const layout = (v: Visitor, g: WorkingGroup) => v.load(groupLayout, at(g), { slug: g.slug });
    expect((await layout(member, unlisted)).data).toEqual({ group: { slug: unlisted.slug, name: unlisted.name }, showNav: true, narrow: false, moderation: null });
    expect((await layout(outsider, open)).data).toMatchObject({ showNav: false, narrow: false });
    expect((await layout(outsider, listed)).data).toMatchObject({ showNav: false, narrow: true });
    expect((await layout(new Visitor(app.services), open)).data).toMatchObject({ showNav: false, narrow: true });
    expect((await layout(outsider, unlisted)).status).toBe(404);
    expect((await layout(new Visitor(app.services), unlisted)).status).toBe(404);
  });

  it('reads the group once for the layout and the page of one request, and afresh for an action and for the next request', async () => {
    const headers = new Headers({ cookie: member.cookieHeader });
    const context = await buildRequestContext(app.services, headers);
    const url = `${TEST_ORIGIN}${at(open)}`;
    // Remix hands each loader of a request its own Request object, but the same context.
    const forLayout = loadGroupAccess(new Request(url, { headers }), context, open.slug);
    const forPage = loadGroupAccess(new Request(url, { headers }), context, open.slug);
    const forAction = loadGroupAccess(new Request(url, { method: 'POST', headers }), context, open.slug);
    const nextRequest = loadGroupAccess(new Request(url, { headers }), await buildRequestContext(app.services, headers), open.slug);
    expect(forPage).toBe(forLayout);
    expect(forAction).not.toBe(forLayout);
    expect(nextRequest).not.toBe(forLayout);
    const all = await Promise.all([forLayout, forAction, nextRequest]);
    expect(all.map((a) => a.can.isMember)).toEqual([true, true, true]);
  });

  it('shows a signed-out reader the name and asks them to sign in; someone without an organisation is told to get one', async () => {
    const anonymous = await new Visitor(app.services).load(groupPage, at(open), { slug: open.slug });
    expect(anonymous.data).toEqual({ view: 'signed-out', group: { slug: open.slug, name: open.name, openness: 'open', archived: false } });
    const loner = await person('Ensam');
    const page = await loner.load(groupPage, at(open), { slug: open.slug });
    expect(page.data).toMatchObject({ view: 'visitor', join: 'no-organization', representable: [] });
  });
});

describe('joining an open group by request', () => {
  it('notifies the leads; a lead approves, the requester becomes a member and is notified', async () => {
    const { lead, group } = await leadWithGroup({ openness: 'open' });
    const { p: applicant, org } = await withOrganization('Sara Sökande', 'myndighet');
    const sent = await applicant.submit(groupPage, at(group), { intent: 'request-join', organizationId: org.id, message: 'Vi vill vara med' }, { slug: group.slug });
    expect(sent.data.notice).toBe('group.join.sent');
    expect((await applicant.load(groupPage, at(group), { slug: group.slug })).data.join).toBe('pending');
    const [notice] = await noticesOf(lead);
    expect(notice).toMatchObject({ kind: 'membership', groupId: group.id, actorId: applicant.userId, messageKey: 'group.notice.joinRequested', url: at(group, '/medlemmar') });
    expect(notice!.params).toEqual({ name: 'Sara Sökande', group: group.name });

    const list = await lead.load(membersPage, at(group, '/medlemmar'), { slug: group.slug });
    expect(list.data.requests).toEqual([expect.objectContaining({ userId: applicant.userId, organizationName: org.name, sector: 'myndighet', message: 'Vi vill vara med' })]);

    const approved = await lead.submit(membersPage, '/x', { intent: 'approve', userId: applicant.userId }, { slug: group.slug });
    expect(approved.location).toBe('/x?klart=forfragan-godkand');
    expect(await memberRow(group, applicant)).toMatchObject({ role: 'member', organizationId: org.id });
    const joined = (await activitiesOf(group)).at(-1)!;
    expect(joined).toMatchObject({ kind: 'member_joined', actorId: lead.userId, subjectId: applicant.userId });
    expect(joined.data).toMatchObject({ name: 'Sara Sökande', organization: org.name });
    expect((await noticesOf(applicant)).map((n) => n.messageKey)).toEqual(['group.notice.requestApproved']);
    expect((await applicant.load(groupPage, at(group), { slug: group.slug })).data.view).toBe('member');
    // Answered once: a second answer finds nothing.
    expect((await lead.submit(membersPage, '/x', { intent: 'approve', userId: applicant.userId }, { slug: group.slug })).status).toBe(404);
  });

  it('lets the requester withdraw, and a lead reject without adding a member', async () => {
    const { lead, group } = await leadWithGroup({ openness: 'open' });
    const { p: applicant, org } = await withOrganization('Rut');
    await applicant.submit(groupPage, '/x', { intent: 'request-join', organizationId: org.id }, { slug: group.slug });
    const withdrawn = await applicant.submit(groupPage, '/x', { intent: 'cancel-request' }, { slug: group.slug });
    expect(withdrawn.data.notice).toBe('group.join.cancelled');
    expect((await applicant.load(groupPage, '/x', { slug: group.slug })).data.join).toBe('form');
    await applicant.submit(groupPage, '/x', { intent: 'request-join', organizationId: org.id }, { slug: group.slug });
    expect((await lead.submit(membersPage, '/x', { intent: 'reject', userId: applicant.userId }, { slug: group.slug })).location).toBe('/x?klart=forfragan-avbojd');
    expect(await memberRow(group, applicant)).toBeUndefined();
    expect((await applicant.load(groupPage, '/x', { slug: group.slug })).data.join).toBe('form');
  });

  it('refuses a non-lead approving, with 403 and nothing written', async () => {
    const { org: leadOrg, group } = await leadWithGroup({ openness: 'open' });
    const member = await person('Medlem');
    await app.services.db.insert(groupMembers).values({ groupId: group.id, userId: member.userId, organizationId: leadOrg.id, role: 'member' });
    const { p: applicant, org } = await withOrganization('Sökande');
    const { p: outsider } = await withOrganization('Utomstående');
    await applicant.submit(groupPage, '/x', { intent: 'request-join', organizationId: org.id }, { slug: group.slug });
    const before = await counts();
    expect((await member.submit(membersPage, '/x', { intent: 'approve', userId: applicant.userId }, { slug: group.slug })).status).toBe(403);
    expect((await member.submit(membersPage, '/x', { intent: 'reject', userId: applicant.userId }, { slug: group.slug })).status).toBe(403);
    expect((await outsider.submit(membersPage, '/x', { intent: 'approve', userId: applicant.userId }, { slug: group.slug })).status).toBe(403);
    expect(await counts()).toEqual(before);
    expect(await memberRow(group, applicant)).toBeUndefined();
    // Members see the member list, but not the pending requests.
    expect((await member.load(membersPage, '/x', { slug: group.slug })).data.requests).toEqual([]);
  });

  it('refuses joining a closed group without an invitation: 403 with a message, nothing written', async () => {
    const { group } = await leadWithGroup({ openness: 'closed', listed: true });
    const { group: hidden } = await leadWithGroup({ openness: 'closed' });
    const { p: outsider, org } = await withOrganization('Nyfiken');
    const before = await counts();
    const res = await outsider.submit(groupPage, at(group), { intent: 'request-join', organizationId: org.id }, { slug: group.slug });
    expect(res.status).toBe(403);
    expect(res.data.errors.form.key).toBe('error.group.closedJoin');
    expect(await counts()).toEqual(before);
    expect((await outsider.submit(groupPage, at(hidden), { intent: 'request-join', organizationId: org.id }, { slug: hidden.slug })).status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('refuses requests naming no or a foreign organisation, from someone without one, from a member, or when signed out', async () => {
    const { lead, group } = await leadWithGroup({ openness: 'open' });
    const { p: applicant } = await withOrganization('Sökande');
    const { org: foreign } = await withOrganization('Annan');
    const loner = await person('Ensam');
    const before = await counts();
    const none = await applicant.submit(groupPage, '/x', { intent: 'request-join', organizationId: '' }, { slug: group.slug });
    expect([none.status, none.data.errors.organizationId.key]).toEqual([400, 'error.group.organization']);
    const notYours = await applicant.submit(groupPage, '/x', { intent: 'request-join', organizationId: foreign.id }, { slug: group.slug });
    expect([notYours.status, notYours.data.errors.organizationId.key]).toEqual([400, 'error.group.organizationNotYours']);
    const long = await applicant.submit(groupPage, '/x', { intent: 'request-join', organizationId: foreign.id, message: 'x'.repeat(1001) }, { slug: group.slug });
    expect(long.data.errors.message.key).toBe('error.tooLong');
    expect((await loner.submit(groupPage, '/x', { intent: 'request-join', organizationId: foreign.id }, { slug: group.slug })).status).toBe(403);
    expect((await lead.submit(groupPage, '/x', { intent: 'request-join', organizationId: foreign.id }, { slug: group.slug })).status).toBe(403);
    const anonymous = await new Visitor(app.services).submit(groupPage, '/x', { intent: 'request-join' }, { slug: group.slug });
    expect(anonymous.location).toMatch(/^\/logga-in/);
    expect(await counts()).toEqual(before);
  });

  it('refuses approving a request whose organisation the applicant has since left', async () => {
    const { lead, group } = await leadWithGroup({ openness: 'open' });
    const { p: applicant, org } = await withOrganization('Flyttat');
    await applicant.submit(groupPage, '/x', { intent: 'request-join', organizationId: org.id }, { slug: group.slug });
    await app.services.db.delete(memberships).where(eq(memberships.userId, applicant.userId));
    const before = await counts();
    const res = await lead.submit(membersPage, '/x', { intent: 'approve', userId: applicant.userId }, { slug: group.slug });
    expect(res.status).toBe(409);
    expect(res.data.errors.form.key).toBe('error.group.requestOrganizationGone');
    expect(await counts()).toEqual(before);
  });
});

describe('invitations by email', () => {
  const tokenIn = (text: string) => text.match(/\/grupper\/inbjudan\/([a-z0-9]+)/)![1]!;
  async function invite(lead: Person, group: WorkingGroup, email: string) {
    const res = await lead.submit(membersPage, '/x', { intent: 'invite', email }, { slug: group.slug });
    expect(res.status).toBe(200);
    await app.deliverMail();
    return tokenIn(app.smtp.inbox(email).at(-1)!.text);
  }

  it('mails a working single-use link (stored hashed, 14 days) that the invited person accepts', async () => {
    const { lead, group } = await leadWithGroup({ openness: 'closed' });
    const { p: invitee, org } = await withOrganization('Inga Inbjuden', 'region');
    const res = await lead.submit(membersPage, '/x', { intent: 'invite', email: invitee.email.toUpperCase() }, { slug: group.slug });
    expect(res.data.invitedEmail).toBe(invitee.email);
    await app.deliverMail();
    const mail = app.smtp.inbox(invitee.email).at(-1)!;
    expect(mail.subject).toBe(`Inbjudan till arbetsgruppen ${group.name} på Samverka`);
    expect(mail.text).toContain('Lena Ledare bjuder in dig');
    expect(mail.text).toContain(`Skapa först ett konto med den här e-postadressen (${invitee.email})`);
    const link = mail.text.match(/https?:\/\/\S+\/grupper\/inbjudan\/[a-z0-9]+/)![0];
    expect(link.startsWith(`${TEST_ORIGIN}/grupper/inbjudan/`)).toBe(true);
    const token = tokenIn(link);
    const [stored] = await app.services.db.select().from(groupInvitations).where(eq(groupInvitations.groupId, group.id));
    expect(stored!.tokenHash).not.toContain(token);
    expect(stored!.email).toBe(invitee.email);
    const days = (stored!.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13.9);
    expect(days).toBeLessThan(14.1);
    const pending = await lead.load(membersPage, '/x', { slug: group.slug });
    expect(pending.data.invitations).toEqual([expect.objectContaining({ email: invitee.email })]);

    // The link, as mailed, opens the invitation page.
    const path = new URL(link).pathname;
    const signedOut = await new Visitor(app.services).load(invitationPage, path, { token });
    expect(signedOut.status).toBe(200);
    expect(signedOut.headers.get('Referrer-Policy')).toBe('no-referrer');
    // A secret link's page: kept by no cache, the page cache for anonymous readers included.
    expect(signedOut.headers.get('Cache-Control')).toBe('no-store');
    expect(signedOut.data).toMatchObject({ state: 'signed-out', invitation: { groupName: group.name, inviterName: 'Lena Ledare', email: invitee.email } });

    const page = await invitee.load(invitationPage, path, { token });
    expect(page.data).toMatchObject({ state: 'ready', organizations: [{ value: org.id, label: org.name }] });
    const accepted = await invitee.submit(invitationPage, path, { organizationId: org.id }, { token });
    expect(accepted.location).toBe(`${at(group)}?klart=medlem`);
    expect(await memberRow(group, invitee)).toMatchObject({ role: 'member', organizationId: org.id });
    const [used] = await app.services.db.select().from(groupInvitations).where(eq(groupInvitations.id, stored!.id));
    expect(used!.acceptedBy).toBe(invitee.userId);
    expect(used!.acceptedAt).not.toBeNull();
    expect((await activitiesOf(group)).at(-1)).toMatchObject({ kind: 'member_joined', actorId: invitee.userId });
    expect((await noticesOf(lead)).at(-1)).toMatchObject({ messageKey: 'group.notice.invitationAccepted', groupId: group.id });
    const audit = await app.services.db.select().from(auditLog).where(sql`${auditLog.actorUserId} in (${lead.userId}, ${invitee.userId})`);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['group.invite', 'group.invitation_accepted']));

    // Used once: a second accept is refused and writes nothing.
    const before = await counts();
    const reused = await invitee.submit(invitationPage, path, { organizationId: org.id }, { token });
    expect([reused.status, reused.data.state]).toEqual([410, 'used']);
    expect((await invitee.load(invitationPage, path, { token })).data.state).toBe('used');
    expect(await counts()).toEqual(before);
  });

  it('brings someone not yet on the platform through sign-up back to the invitation', async () => {
    const { lead, group } = await leadWithGroup({ openness: 'closed' });
    const address = `ny.person.${Date.now()}@example.se`;
    const token = await invite(lead, group, address);
    const path = `/grupper/inbjudan/${token}`;
    const newcomer = new Visitor(app.services);
    const signedUp = await newcomer.submit(signUp, '/registrera', { name: 'Ny Person', email: address, password: 'correct horse battery', redirectTo: path });
    expect(signedUp.location).toBe('/registrera/skickat');
    // Signed in with the password but not yet confirmed: told to confirm first, and nothing is written.
    await newcomer.submit(signIn, '/logga-in', { email: address, password: 'correct horse battery' });
    const before = await counts();
    const unconfirmed = await newcomer.load(invitationPage, path, { token });
    expect([unconfirmed.status, unconfirmed.data.state]).toEqual([403, 'email-unconfirmed']);
    expect((await newcomer.submit(invitationPage, path, { organizationId: 'x' }, { token })).data.state).toBe('email-unconfirmed');
    // The confirmation link leads back to the invitation.
    const link = (await confirmationLinkFor(app.services, address))!;
    expect(link.redirectTo).toBe(path);
    expect((await followConfirmationLink(newcomer, link)).location).toBe(path);
    // No organisation yet: told to get one first, and the token stays valid.
    const page = await newcomer.load(invitationPage, path, { token });
    expect([page.status, page.data.state]).toEqual([200, 'no-organization']);
    const tooEarly = await newcomer.submit(invitationPage, path, { organizationId: 'x' }, { token });
    expect(tooEarly.data.state).toBe('no-organization');
    expect(await counts()).toEqual(before);
    const [user] = await app.services.db.select().from(users).where(eq(users.email, address));
    const org = await organizationWith(app.services, { verified: false, sector: 'akademi', members: [] });
    await app.services.db.insert(memberships).values({ userId: user!.id, organizationId: org.id, role: 'member' });
    const ready = await newcomer.load(invitationPage, path, { token });
    expect(ready.data.state).toBe('ready');
    expect((await newcomer.submit(invitationPage, path, { organizationId: org.id }, { token })).location).toBe(`${at(group)}?klart=medlem`);
  });

  it('refuses unknown, revoked and expired tokens, a different account, and a missing or foreign organisation — writing nothing', async () => {
    const { lead, group } = await leadWithGroup({ openness: 'closed' });
    const { p: a, org: orgA } = await withOrganization('A');
    const { p: b, org: orgB } = await withOrganization('B');
    const tokenA = await invite(lead, group, a.email);
    const tokenB = await invite(lead, group, b.email);
    const list = await lead.load(membersPage, '/x', { slug: group.slug });
    const invA = list.data.invitations.find((i: { email: string }) => i.email === a.email);
    expect((await lead.submit(membersPage, '/x', { intent: 'revoke', invitationId: invA.id }, { slug: group.slug })).location).toBe('/x?klart=inbjudan-aterkallad');
    await app.services.db.update(groupInvitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(groupInvitations.email, b.email));
    const before = await counts();

    const unknown = await a.load(invitationPage, '/x', { token: 'finnsinte' });
    expect([unknown.status, unknown.data.state, unknown.data.invitation]).toEqual([404, 'unknown', null]);
    expect((await a.submit(invitationPage, '/x', { organizationId: orgA.id }, { token: 'finnsinte' })).status).toBe(404);
    const revoked = await a.submit(invitationPage, '/x', { organizationId: orgA.id }, { token: tokenA });
    expect([revoked.status, revoked.data.state]).toEqual([410, 'revoked']);
    expect((await a.load(invitationPage, '/x', { token: tokenA })).data.state).toBe('revoked');
    const expired = await b.submit(invitationPage, '/x', { organizationId: orgB.id }, { token: tokenB });
    expect([expired.status, expired.data.state]).toEqual([410, 'expired']);
    expect((await b.load(invitationPage, '/x', { token: tokenB })).status).toBe(410);
    expect(await counts()).toEqual(before);

    const { p: c, org: orgC } = await withOrganization('C');
    const tokenC = await invite(lead, group, c.email);
    const afterInvite = await counts();
    const wrong = await a.submit(invitationPage, '/x', { organizationId: orgA.id }, { token: tokenC });
    expect([wrong.status, wrong.data.state]).toEqual([403, 'wrong-account']);
    expect((await a.load(invitationPage, '/x', { token: tokenC })).status).toBe(403);
    const noOrg = await c.submit(invitationPage, '/x', {}, { token: tokenC });
    expect([noOrg.status, noOrg.data.errors.organizationId.key]).toEqual([400, 'error.group.organization']);
    const foreign = await c.submit(invitationPage, '/x', { organizationId: orgA.id }, { token: tokenC });
    expect([foreign.status, foreign.data.errors.organizationId.key]).toEqual([400, 'error.group.organizationNotYours']);
    const anonymous = await new Visitor(app.services).submit(invitationPage, '/x', { organizationId: orgC.id }, { token: tokenC });
    expect(anonymous.location).toMatch(/^\/logga-in\?redirectTo=/);
    expect(await counts()).toEqual(afterInvite);
    // The valid one still works afterwards.
    expect((await c.submit(invitationPage, '/x', { organizationId: orgC.id }, { token: tokenC })).status).toBe(302);
  });

  it('tells an existing member so, and leaves the invitation unused', async () => {
    const { lead, group } = await leadWithGroup({ openness: 'open' });
    const { p: member, org: memberOrg } = await withOrganization('Redan med');
    const token = await invite(lead, group, member.email);
    // They joined by request while the invitation was on its way.
    await app.services.db.insert(groupMembers).values({ groupId: group.id, userId: member.userId, organizationId: memberOrg.id, role: 'member' });
    const before = await counts();
    const page = await member.load(invitationPage, '/x', { token });
    expect(page.data.state).toBe('already-member');
    const res = await member.submit(invitationPage, '/x', { organizationId: memberOrg.id }, { token });
    expect([res.status, res.data.state]).toEqual([409, 'already-member']);
    expect(await counts()).toEqual(before);
  });

  it('lets only one of two simultaneous accepts of the same token succeed', async () => {
    const { lead, group } = await leadWithGroup({ openness: 'closed' });
    const { p: invitee, org } = await withOrganization('Dubbelklick');
    const token = await invite(lead, group, invitee.email);
    const results = await Promise.all([
      invitee.submit(invitationPage, '/x', { organizationId: org.id }, { token }),
      invitee.submit(invitationPage, '/x', { organizationId: org.id }, { token }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([302, 410]);
    const rows = await app.services.db.select().from(groupMembers).where(eq(groupMembers.groupId, group.id));
    expect(rows).toHaveLength(2);
    expect((await activitiesOf(group)).filter((a) => a.kind === 'member_joined')).toHaveLength(1);
  });

  it('refuses invitations from non-leads, to members, to malformed addresses; a new one replaces the old', async () => {
    const { lead, org, group } = await leadWithGroup({ openness: 'open' });
    const member = await person('Vanlig medlem');
    await app.services.db.insert(groupMembers).values({ groupId: group.id, userId: member.userId, organizationId: org.id, role: 'member' });
    const before = await counts();
    expect((await member.submit(membersPage, '/x', { intent: 'invite', email: 'x@example.se' }, { slug: group.slug })).status).toBe(403);
    const dup = await lead.submit(membersPage, '/x', { intent: 'invite', email: member.email.toUpperCase() }, { slug: group.slug });
    expect([dup.status, dup.data.errors.email.key]).toEqual([409, 'error.group.alreadyMember']);
    const bad = await lead.submit(membersPage, '/x', { intent: 'invite', email: 'inte-en-adress' }, { slug: group.slug });
    expect([bad.status, bad.data.errors.email.key]).toEqual([400, 'error.email.invalid']);
    expect(await counts()).toEqual(before);
    const list = await member.load(membersPage, '/x', { slug: group.slug });
    expect(list.data.invitations).toEqual([]);
    expect(list.data.members.every((m: { email: string | null }) => m.email === null)).toBe(true);

    const { p: invitee, org: inviteeOrg } = await withOrganization('Två gånger');
    const first = await invite(lead, group, invitee.email);
    const second = await invite(lead, group, invitee.email);
    expect((await lead.load(membersPage, '/x', { slug: group.slug })).data.invitations).toHaveLength(1);
    expect((await invitee.submit(invitationPage, '/x', { organizationId: inviteeOrg.id }, { token: first })).data.state).toBe('revoked');
    expect((await invitee.submit(invitationPage, '/x', { organizationId: inviteeOrg.id }, { token: second })).status).toBe(302);
  });
});

describe('roles and leaving', () => {
  async function groupWithMember() {
    const { lead, org, group } = await leadWithGroup({ openness: 'open' });
    const member = await person('Maja Medlem');
    await app.services.db.insert(memberships).values({ userId: member.userId, organizationId: org.id, role: 'member' });
    await app.services.db.insert(groupMembers).values({ groupId: group.id, userId: member.userId, organizationId: org.id, role: 'member' });
    return { lead, member, group };
  }

  it('keeps the last lead: cannot leave, be demoted or removed — with a clear message and nothing written', async () => {
    const { lead, group } = await groupWithMember();
    const page = await lead.load(groupPage, at(group), { slug: group.slug });
    expect(page.data.can).toMatchObject({ leave: false, isLastLead: true });
    const before = await counts();
    const leave = await lead.submit(groupPage, '/x', { intent: 'leave' }, { slug: group.slug });
    expect([leave.status, leave.data.errors.form.key]).toEqual([409, 'error.group.lastLeadLeave']);
    const demote = await lead.submit(membersPage, '/x', { intent: 'role', userId: lead.userId, role: 'member' }, { slug: group.slug });
    expect([demote.status, demote.data.errors.role.key]).toEqual([409, 'error.group.lastLead']);
    const remove = await lead.submit(membersPage, '/x', { intent: 'remove', userId: lead.userId }, { slug: group.slug });
    expect(remove.status).toBe(409);
    expect(await counts()).toEqual(before);
    expect(await memberRow(group, lead)).toMatchObject({ role: 'lead' });
  });

  it('with a second lead the first may leave; a member leaves; leads remove members; bad roles are refused', async () => {
    const { lead, member, group } = await groupWithMember();
    const badRole = await lead.submit(membersPage, '/x', { intent: 'role', userId: member.userId, role: 'owner' }, { slug: group.slug });
    expect([badRole.status, badRole.data.errors.role.key]).toEqual([400, 'error.role.invalid']);
    expect((await member.submit(membersPage, '/x', { intent: 'role', userId: member.userId, role: 'lead' }, { slug: group.slug })).status).toBe(403);
    expect((await member.submit(membersPage, '/x', { intent: 'remove', userId: lead.userId }, { slug: group.slug })).status).toBe(403);
    expect((await lead.submit(membersPage, '/x', { intent: 'remove', userId: 'a6b1c2d3-0000-4000-8000-000000000000' }, { slug: group.slug })).status).toBe(404);

    expect((await lead.submit(membersPage, '/x', { intent: 'role', userId: member.userId, role: 'lead' }, { slug: group.slug })).location).toBe('/x?klart=roll-andrad');
    expect(await memberRow(group, member)).toMatchObject({ role: 'lead' });
    const left = await lead.submit(groupPage, '/x', { intent: 'leave' }, { slug: group.slug });
    expect(left.location).toBe('/grupper?klart=lamnat');
    expect(await memberRow(group, lead)).toBeUndefined();
    expect((await activitiesOf(group)).at(-1)).toMatchObject({ kind: 'member_left', actorId: lead.userId });

    const { member: other, lead: otherLead, group: g2 } = await groupWithMember();
    expect((await otherLead.submit(membersPage, '/x', { intent: 'remove', userId: other.userId }, { slug: g2.slug })).location).toBe('/x?klart=medlem-borttagen');
    expect(await memberRow(g2, other)).toBeUndefined();
    expect((await activitiesOf(g2)).at(-1)).toMatchObject({ kind: 'member_removed', subjectId: other.userId });
    expect((await other.load(membersPage, '/x', { slug: g2.slug })).status).toBe(403);

    const { member: leaver, group: g3 } = await groupWithMember();
    expect((await leaver.submit(groupPage, '/x', { intent: 'leave' }, { slug: g3.slug })).status).toBe(302);
    expect(await memberRow(g3, leaver)).toBeUndefined();
  });

  it('never leaves a group without a lead when two leads demote each other at once', async () => {
    const { lead, member, group } = await groupWithMember();
    await lead.submit(membersPage, '/x', { intent: 'role', userId: member.userId, role: 'lead' }, { slug: group.slug });
    await Promise.all([
      lead.submit(membersPage, '/x', { intent: 'role', userId: member.userId, role: 'member' }, { slug: group.slug }),
      member.submit(membersPage, '/x', { intent: 'role', userId: lead.userId, role: 'member' }, { slug: group.slug }),
    ]);
    const leads = await app.services.db.select().from(groupMembers).where(and(eq(groupMembers.groupId, group.id), eq(groupMembers.role, 'lead')));
    expect(leads).toHaveLength(1);
  });
});

describe('settings and archiving', () => {
  it('lets a lead edit the group; members may not open the settings', async () => {
    const { lead, org, group } = await leadWithGroup({ openness: 'open' });
    const member = await person('Medlem');
    await app.services.db.insert(groupMembers).values({ groupId: group.id, userId: member.userId, organizationId: org.id, role: 'member' });
    expect((await member.load(settingsPage, '/x', { slug: group.slug })).status).toBe(403);
    expect((await member.submit(settingsPage, '/x', { intent: 'save', name: 'Kapad' }, { slug: group.slug })).status).toBe(403);
    const { p: outsider } = await withOrganization('Utanför');
    expect((await outsider.load(settingsPage, '/x', { slug: group.slug })).status).toBe(403);

    const page = await lead.load(settingsPage, '/x', { slug: group.slug });
    expect(page.data.group).toMatchObject({ name: group.name, openness: 'open', archived: false });
    const saved = await lead.submit(settingsPage, '/x', { intent: 'save', name: 'Nytt namn', purpose: doc('Nytt syfte'), areaCode: '12', openness: 'closed', listed: 'on' }, { slug: group.slug });
    expect(saved.data.saved).toBe(true);
    expect(await groupRow(group.id)).toMatchObject({ name: 'Nytt namn', slug: group.slug, areaCode: '12', openness: 'closed', listed: true });
    // Now closed and listed: the outsider sees just the name.
    expect((await outsider.load(groupPage, '/x', { slug: group.slug })).data.view).toBe('closed');
    await lead.submit(settingsPage, '/x', { intent: 'save', name: 'Nytt namn', purposeText: 'Öppet igen', areaCode: '', openness: 'open', listed: 'on' }, { slug: group.slug });
    expect(await groupRow(group.id)).toMatchObject({ openness: 'open', listed: false, areaCode: null });
  });

  it.each([
    ['no name', { name: '' }, 'name', 'error.required'],
    ['an empty purpose', { purposeText: '' }, 'purpose', 'error.required'],
    ['an unknown area', { areaCode: 'XX' }, 'areaCode', 'error.area.unknown'],
    ['an unknown openness', { openness: 'halvöppen' }, 'openness', 'error.group.openness'],
  ])('refuses saving %s, changing nothing', async (_label, fields, field, key) => {
    const { lead, group } = await leadWithGroup({ openness: 'open' });
    const res = await lead.submit(settingsPage, '/x', { intent: 'save', name: 'Namn', purposeText: 'Syfte', areaCode: '', openness: 'open', ...fields }, { slug: group.slug });
    expect(res.status).toBe(400);
    expect(res.data.errors[field].key).toBe(key);
    expect((await groupRow(group.id)).name).toBe(group.name);
  });

  it('archives only after confirmation; afterwards every write is refused and nothing is written', async () => {
    const { lead, org, group } = await leadWithGroup({ openness: 'open' });
    const member = await person('Medlem');
    await app.services.db.insert(memberships).values({ userId: member.userId, organizationId: org.id, role: 'member' });
    await app.services.db.insert(groupMembers).values({ groupId: group.id, userId: member.userId, organizationId: org.id, role: 'member' });
    const { p: applicant, org: applicantOrg } = await withOrganization('Sökande');
    await applicant.submit(groupPage, '/x', { intent: 'request-join', organizationId: applicantOrg.id }, { slug: group.slug });
    const { p: invitee, org: inviteeOrg } = await withOrganization('Inbjuden');
    await lead.submit(membersPage, '/x', { intent: 'invite', email: invitee.email }, { slug: group.slug });
    await app.deliverMail();
    const token = app.smtp.inbox(invitee.email).at(-1)!.text.match(/inbjudan\/([a-z0-9]+)/)![1]!;
    const invitationId = (await lead.load(membersPage, '/x', { slug: group.slug })).data.invitations[0].id;

    const unconfirmed = await lead.submit(settingsPage, '/x', { intent: 'archive' }, { slug: group.slug });
    expect([unconfirmed.status, unconfirmed.data.errors.confirm.key]).toEqual([400, 'error.group.confirmArchive']);
    expect((await groupRow(group.id)).archivedAt).toBeNull();
    expect((await member.submit(settingsPage, '/x', { intent: 'archive', confirm: 'yes' }, { slug: group.slug })).status).toBe(403);

    const archived = await lead.submit(settingsPage, '/x', { intent: 'archive', confirm: 'yes' }, { slug: group.slug });
    expect(archived.location).toBe(`${at(group)}?klart=grupp-arkiverad`);
    expect((await groupRow(group.id)).archivedAt).not.toBeNull();
    expect((await activitiesOf(group)).at(-1)).toMatchObject({ kind: 'group_archived', actorId: lead.userId });
    const overview = await lead.load(groupPage, '/x', { slug: group.slug });
    expect(overview.data.group.archived).toBe(true);
    expect(overview.data.can).toMatchObject({ manage: false, invite: false, approveRequests: false, archive: false });
    expect((await lead.load(settingsPage, '/x', { slug: group.slug })).data.group.archived).toBe(true);

    const before = await counts();
    const slug = { slug: group.slug };
    const refused = [
      await lead.submit(settingsPage, '/x', { intent: 'save', name: 'Ändrat', purposeText: 'x', openness: 'open' }, slug),
      await lead.submit(settingsPage, '/x', { intent: 'archive', confirm: 'yes' }, slug),
      await lead.submit(membersPage, '/x', { intent: 'invite', email: 'ny@example.se' }, slug),
      await lead.submit(membersPage, '/x', { intent: 'revoke', invitationId }, slug),
      await lead.submit(membersPage, '/x', { intent: 'approve', userId: applicant.userId }, slug),
      await lead.submit(membersPage, '/x', { intent: 'reject', userId: applicant.userId }, slug),
      await lead.submit(membersPage, '/x', { intent: 'role', userId: member.userId, role: 'lead' }, slug),
      await lead.submit(membersPage, '/x', { intent: 'remove', userId: member.userId }, slug),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 403, 403]);
    const { p: late, org: lateOrg } = await withOrganization('Sen');
    expect((await late.submit(groupPage, '/x', { intent: 'request-join', organizationId: lateOrg.id }, slug)).status).toBe(403);
    expect((await late.load(groupPage, '/x', slug)).data.join).toBe('archived');
    const accept = await invitee.submit(invitationPage, '/x', { organizationId: inviteeOrg.id }, { token });
    expect([accept.status, accept.data.state]).toEqual([410, 'archived']);
    expect(await counts()).toEqual(before);
    expect((await groupRow(group.id)).name).toBe(group.name);
  });
});

describe('demo groups', () => {
  // A database of its own: the demo content is seeded into an empty one.
  const demo = setUpTestApp();
  it('seeds an open Malmö group across three sectors and a closed unlisted one, once', async () => {
    expect(await seedDemo(demo.services.db, { hashPassword })).toBe(true);
    expect(await seedDemo(demo.services.db, { hashPassword })).toBe(false);
    const signedIn = async (email: string) => {
      const v = new Visitor(demo.services);
      expect((await v.submit(signIn, '/logga-in', { email, password: DEMO_LOGINS.password })).status).toBe(302);
      return v;
    };
    const anna = await signedIn('anna.lindqvist@malmo.example');
    const fatima = await signedIn('fatima.hassan@forening.example');
    const annas = await anna.load(directory, '/grupper');
    expect(annas.data.mine.map((g: { name: string }) => g.name).sort()).toEqual(['Regional samordning mot segregation – Skåne', 'Trygg i Rosengård – samverkansgrupp']);
    const fatimas = await fatima.load(directory, '/grupper');
    expect(fatimas.data.mine.map((g: { name: string }) => g.name)).toEqual(['Trygg i Rosengård – samverkansgrupp']);
    expect(fatimas.data.others).toEqual([]);

    const slug = 'trygg-i-rosengard-samverkansgrupp';
    const page = await fatima.load(groupPage, `/grupper/${slug}`, { slug });
    expect(page.data.group).toMatchObject({ openness: 'open', areaName: 'Malmö' });
    expect(page.data.sectors.map((s: { sector: string }) => s.sector).sort()).toEqual(['civilsamhalle', 'kommun', 'myndighet']);
    const members = await anna.load(membersPage, `/grupper/${slug}/medlemmar`, { slug });
    expect(members.data.members.map((m: { name: string; role: string; organizationName: string }) => [m.name, m.role, m.organizationName])).toEqual([
      ['Anna Lindqvist', 'lead', 'Malmö stad'],
      ['Erik Johansson', 'member', 'Arbetsförmedlingen'],
      ['Fatima Hassan', 'member', 'Föreningen Grannskap Rosengård'],
    ]);
    expect((await fatima.load(groupPage, '/grupper/regional-samordning-skane', { slug: 'regional-samordning-skane' })).status).toBe(404);
    const malmo = await anna.load(areaPage, '/omraden/1280', { code: '1280' });
    expect(malmo.data.groups).toHaveLength(2);
    expect((await fatima.load(areaPage, '/omraden/1280', { code: '1280' })).data.groups).toHaveLength(1);
  });
});
