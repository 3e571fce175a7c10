import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as invitation from '#app/routes/organizations/invitation.tsx';
import * as members from '#app/routes/organizations/members.tsx';
import * as newOrganization from '#app/routes/organizations/new.tsx';
import * as organization from '#app/routes/organizations/organization.tsx';
import * as organizations from '#app/routes/organizations/list.tsx';
import * as admin from '#app/routes/admin/admin.tsx';
import * as home from '#app/routes/site/home.tsx';
import * as signUp from '#app/routes/accounts/sign-up.tsx';
import { invitations, memberships, organizations as orgTable, users } from '#db/schema/index.server.ts';
import { Visitor } from '../support/app.ts';
import { confirmationLinkFor, followConfirmationLink } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp({ smtp: true });

let emailCounter = 0;
async function person(name = 'Person') {
  const email = `p${++emailCounter}.${Date.now()}@x.se`;
  const v = new Visitor(app.services);
  const res = await v.submit(signUp, '/registrera', { name, email, password: 'correct horse battery' });
  expect(res.status).toBe(302);
  // Confirmed through the mailed link, which also signs in.
  expect((await followConfirmationLink(v, (await confirmationLinkFor(app.services, email, { markRead: true }))!)).status).toBe(302);
  const [user] = await app.services.db.select().from(users).where(eq(users.email, email));
  return Object.assign(v, { email, userId: user!.id });
}

async function platformAdmin() {
  const v = await person('Admin');
  await app.services.db.update(users).set({ isPlatformAdmin: true }).where(eq(users.id, v.userId));
  return v;
}

const orgCount = async () => (await app.services.db.select({ n: sql<number>`count(*)::int` }).from(orgTable))[0]!.n;

const validOrg = { name: 'Malmö stad', sector: 'kommun', orgNumber: '212000-1124', municipalityCode: '1280', description: 'Kommunen', website: 'https://malmo.se' };

async function withOrganization(fields: Record<string, string> = {}) {
  const owner = await person('Owner');
  const unique = Math.floor(Math.random() * 1e6);
  // Pick a fresh valid number each time: vary digits 4-9 and fix the Luhn digit.
  const nine = `212${String(unique).padStart(6, '0')}`;
  const check = luhn(nine);
  const res = await owner.submit(newOrganization, '/organisationer/ny', { ...validOrg, name: `Org ${unique}`, orgNumber: `${nine}${check}`, ...fields });
  expect(res.status).toBe(302);
  const slug = new URL(res.location!, 'http://x').pathname.split('/').pop()!;
  return { owner, slug };
}

function luhn(nine: string) {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let n = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (n > 9) n -= 9;
    sum += n;
  }
  return (10 - (sum % 10)) % 10;
}

describe('registering an organisation', () => {
  it('creates it unverified, with its creator as admin, and lists it', async () => {
    const v = await person('Anna');
    const res = await v.submit(newOrganization, '/organisationer/ny', { ...validOrg, orgNumber: '2120001124' });
    expect(res.status).toBe(302);
    // The organisation's page says it was registered (issue 14's confirmations).
    expect(res.location).toBe('/organisationer/malmo-stad?klart=organisation-skapad');
    const page = await v.load(organization, '/organisationer/malmo-stad', { slug: 'malmo-stad' });
    expect(page.data.org).toMatchObject({ name: 'Malmö stad', orgNumber: '212000-1124', verified: false, municipalityName: 'Malmö' });
    expect(page.data.role).toBe('admin');
    expect(page.data.can).toMatchObject({ manageMembers: true, publish: false, leave: false, isLastAdmin: true });
    const list = await new Visitor(app.services).load(organizations, '/organisationer?sektor=kommun');
    expect(list.data.organizations.map((o: { name: string }) => o.name)).toContain('Malmö stad');
    const other = await new Visitor(app.services).load(organizations, '/organisationer?sektor=myndighet');
    expect(other.data.organizations.map((o: { name: string }) => o.name)).not.toContain('Malmö stad');
  });

  it('asks a signed-out visitor to sign in first', async () => {
    const res = await new Visitor(app.services).submit(newOrganization, '/organisationer/ny', validOrg);
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/^\/logga-in\?redirectTo=/);
  });

  it.each([
    ['bad checksum', { orgNumber: '212000-1125' }, 'orgNumber', 'error.orgNumber.checksum', 400],
    ['wrong format', { orgNumber: '12345' }, 'orgNumber', 'error.orgNumber.format', 400],
    ['a personnummer', { orgNumber: '800101-1230' }, 'orgNumber', 'error.orgNumber.notOrganization', 400],
    ['taken number', { name: 'Annat namn', orgNumber: '212000-1124' }, 'orgNumber', 'error.orgNumber.taken', 409],
    ['taken name', { name: 'MALMÖ STAD', orgNumber: '212000-1355' }, 'name', 'error.orgName.taken', 409],
    ['kommun without municipality', { orgNumber: '212000-1355', name: 'Ny kommun', municipalityCode: '' }, 'municipalityCode', 'error.municipality.required', 400],
    ['unknown municipality', { orgNumber: '212000-1355', name: 'Ny kommun', municipalityCode: '9999' }, 'municipalityCode', 'error.municipality.unknown', 400],
    ['a län as municipality', { orgNumber: '212000-1355', name: 'Ny kommun', municipalityCode: '12' }, 'municipalityCode', 'error.municipality.unknown', 400],
    ['unknown sector', { orgNumber: '212000-1355', name: 'Ny', sector: 'kyrka' }, 'sector', 'error.sector.invalid', 400],
    ['bad website', { orgNumber: '212000-1355', name: 'Ny', website: 'javascript:alert(1)' }, 'website', 'error.url.invalid', 400],
    ['over-long name', { orgNumber: '212000-1355', name: 'n'.repeat(151) }, 'name', 'error.tooLong', 400],
  ])('refuses %s, writing nothing', async (_label, fields, field, key, status) => {
    const v = await person();
    const before = await orgCount();
    const res = await v.submit(newOrganization, '/organisationer/ny', { ...validOrg, ...fields });
    expect(res.status).toBe(status);
    expect(res.data.errors[field].key).toBe(key);
    expect(await orgCount()).toBe(before);
  });
});

describe('verification by a platform admin', () => {
  it('lets only a platform admin verify, after which editors may publish', async () => {
    const { owner, slug } = await withOrganization();
    expect((await owner.submit(organization, `/organisationer/${slug}`, { intent: 'verify' }, { slug })).status).toBe(403);
    const staff = await platformAdmin();
    const queue = await staff.load(admin, '/admin');
    expect(queue.data.pending.map((o: { slug: string }) => o.slug)).toContain(slug);
    expect((await owner.load(admin, '/admin')).status).toBe(403);
    expect((await staff.submit(organization, `/organisationer/${slug}`, { intent: 'verify' }, { slug })).location).toBe(`/organisationer/${slug}?klart=verifierad`);
    const page = await owner.load(organization, `/organisationer/${slug}`, { slug });
    expect(page.data.org.verified).toBe(true);
    expect(page.data.can.publish).toBe(true);
  });
});

describe('the organisation catalogue (issue 15: kept in memory, forgotten by whoever changes it)', () => {
  it('the home page counts a new organisation, its verification and its unverification at once', async () => {
    const reader = new Visitor(app.services);
    const counts = async () => (await reader.load(home, '/')).data.counts as { total: number; verified: number };
    const before = await counts(); // fills the catalogue
    const { slug } = await withOrganization();
    expect(await counts()).toMatchObject({ total: before.total + 1, verified: before.verified });
    const staff = await platformAdmin();
    expect((await staff.submit(organization, `/organisationer/${slug}`, { intent: 'verify' }, { slug })).status).toBeLessThan(400);
    expect(await counts()).toMatchObject({ total: before.total + 1, verified: before.verified + 1 });
    expect((await staff.submit(organization, `/organisationer/${slug}`, { intent: 'unverify' }, { slug })).status).toBeLessThan(400);
    expect(await counts()).toMatchObject({ total: before.total + 1, verified: before.verified });
  });
});

describe('joining by request', () => {
  it('lets an admin approve a request; the member then sees fellow members', async () => {
    const { owner, slug } = await withOrganization();
    const applicant = await person('Applicant');
    const before = await applicant.load(organization, `/organisationer/${slug}`, { slug });
    expect(before.data.members).toEqual([]); // the public sees only the count
    const req = await applicant.submit(organization, `/organisationer/${slug}`, { intent: 'request-join', message: 'Jag jobbar här' }, { slug });
    expect(req.data.notice).toBe('org.requestSent');
    expect((await applicant.load(organization, `/organisationer/${slug}`, { slug })).data.pendingRequest).toBe(true);

    // Someone who is not an admin cannot approve, nor see the members page.
    const stranger = await person();
    expect((await stranger.submit(members, `/x`, { intent: 'approve', userId: applicant.userId }, { slug })).status).toBe(403);
    expect((await applicant.load(members, `/x`, { slug })).status).toBe(403);

    const list = await owner.load(members, `/x`, { slug });
    expect(list.data.requests).toEqual([expect.objectContaining({ userId: applicant.userId, message: 'Jag jobbar här' })]);
    expect((await owner.submit(members, `/x`, { intent: 'approve', userId: applicant.userId }, { slug })).location).toBe('/x?klart=forfragan-godkand');
    const after = await applicant.load(organization, `/organisationer/${slug}`, { slug });
    expect(after.data.role).toBe('member');
    expect(after.data.members).toHaveLength(2);
  });

  it('declines a request without adding a member; a second answer is a 404', async () => {
    const { owner, slug } = await withOrganization();
    const applicant = await person();
    await applicant.submit(organization, `/x`, { intent: 'request-join' }, { slug });
    expect((await owner.submit(members, `/x`, { intent: 'decline', userId: applicant.userId }, { slug })).location).toBe('/x?klart=forfragan-avbojd');
    expect((await applicant.load(organization, `/x`, { slug })).data.role).toBeNull();
    expect((await owner.submit(members, `/x`, { intent: 'approve', userId: applicant.userId }, { slug })).status).toBe(404);
  });

  it('refuses a request from someone already a member', async () => {
    const { owner, slug } = await withOrganization();
    expect((await owner.submit(organization, `/x`, { intent: 'request-join' }, { slug })).status).toBe(403);
  });
});

describe('invitations by email', () => {
  it('mails a link that the invited person accepts once, with the offered role', async () => {
    const { owner, slug } = await withOrganization();
    const invitee = await person('Invitee');
    const res = await owner.submit(members, `/x`, { intent: 'invite', email: invitee.email.toUpperCase(), role: 'editor' }, { slug });
    expect(res.data.invitedEmail).toBe(invitee.email);
    await app.deliverMail();
    const mail = app.smtp.inbox(invitee.email).at(-1)!;
    expect(mail.subject).toMatch(/^Inbjudan till Org \d+ på Samverka$/);
    const token = mail.text.match(/inbjudan\/([a-z0-9]+)/)![1]!;
    const [stored] = await app.services.db.select().from(invitations).where(eq(invitations.email, invitee.email));
    expect(stored!.tokenHash).not.toBe(token);

    // Someone else cannot use it.
    const other = await person();
    const wrong = await other.submit(invitation, `/inbjudan/${token}`, {}, { token });
    expect(wrong.status).toBe(403);

    const page = await invitee.load(invitation, `/inbjudan/${token}`, { token });
    expect(page.data.invitation.role).toBe('editor');
    const accepted = await invitee.submit(invitation, `/inbjudan/${token}`, {}, { token });
    expect(accepted.location).toBe(`/organisationer/${slug}?klart=medlem`);
    expect((await invitee.load(organization, `/x`, { slug })).data.role).toBe('editor');
    const reused = await invitee.submit(invitation, `/inbjudan/${token}`, {}, { token });
    expect(reused.status).toBe(410);
  });

  it('refuses revoked and expired invitations', async () => {
    const { owner, slug } = await withOrganization();
    const a = await person();
    const b = await person();
    for (const p of [a, b]) {
      const res = await owner.submit(members, `/x`, { intent: 'invite', email: p.email, role: 'member' }, { slug });
      expect(res.status).toBe(200);
    }
    await app.deliverMail();
    const tokenFor = (email: string) => app.smtp.inbox(email).at(-1)!.text.match(/inbjudan\/([a-z0-9]+)/)![1]!;
    const list = await owner.load(members, '/x', { slug });
    const invA = list.data.invitations.find((i: { email: string }) => i.email === a.email);
    expect((await owner.submit(members, '/x', { intent: 'revoke', invitationId: invA.id }, { slug })).location).toBe('/x?klart=inbjudan-aterkallad');
    expect((await a.submit(invitation, '/x', {}, { token: tokenFor(a.email) })).status).toBe(410);
    await app.services.db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.email, b.email));
    expect((await b.load(invitation, '/x', { token: tokenFor(b.email) })).status).toBe(410);
    expect((await b.submit(invitation, '/x', {}, { token: tokenFor(b.email) })).status).toBe(410);
    expect((await a.load(organization, '/x', { slug })).data.role).toBeNull();
  });

  it('refuses inviting an existing member or a malformed address', async () => {
    const { owner, slug } = await withOrganization();
    const dup = await owner.submit(members, `/x`, { intent: 'invite', email: owner.email, role: 'member' }, { slug });
    expect(dup.status).toBe(409);
    expect(dup.data.errors.email.key).toBe('error.member.alreadyMember');
    const bad = await owner.submit(members, `/x`, { intent: 'invite', email: 'not-an-email', role: 'member' }, { slug });
    expect(bad.data.errors.email.key).toBe('error.email.invalid');
    const role = await owner.submit(members, `/x`, { intent: 'invite', email: 'a@b.se', role: 'owner' }, { slug });
    expect(role.data.errors.role.key).toBe('error.role.invalid');
  });
});

describe('roles and leaving', () => {
  async function orgWithMember() {
    const { owner, slug } = await withOrganization();
    const member = await person();
    await member.submit(organization, '/x', { intent: 'request-join' }, { slug });
    await owner.submit(members, '/x', { intent: 'approve', userId: member.userId }, { slug });
    return { owner, member, slug };
  }

  it('keeps the last admin: cannot leave, cannot be demoted or removed', async () => {
    const { owner, slug } = await orgWithMember();
    const leave = await owner.submit(organization, '/x', { intent: 'leave' }, { slug });
    expect(leave.status).toBe(409);
    const demote = await owner.submit(members, '/x', { intent: 'role', userId: owner.userId, role: 'member' }, { slug });
    expect(demote.status).toBe(409);
    expect(demote.data.errors.role.key).toBe('error.lastAdmin');
    const [row] = await app.services.db.select().from(memberships).where(eq(memberships.userId, owner.userId));
    expect(row!.role).toBe('admin');
  });

  it('with a second admin, the first may leave', async () => {
    const { owner, member, slug } = await orgWithMember();
    expect((await owner.submit(members, '/x', { intent: 'role', userId: member.userId, role: 'admin' }, { slug })).location).toBe('/x?klart=roll-andrad');
    const leave = await owner.submit(organization, '/x', { intent: 'leave' }, { slug });
    expect(leave.location).toBe('/konto?klart=lamnat');
    expect((await owner.load(organization, '/x', { slug })).data.role).toBeNull();
    expect((await member.load(organization, '/x', { slug })).data.can.isLastAdmin).toBe(true);
  });

  it('lets a member leave and an admin remove a member; others cannot change roles', async () => {
    const { owner, member, slug } = await orgWithMember();
    expect((await member.submit(members, '/x', { intent: 'role', userId: member.userId, role: 'admin' }, { slug })).status).toBe(403);
    expect((await owner.submit(members, '/x', { intent: 'remove', userId: member.userId }, { slug })).location).toBe('/x?klart=medlem-borttagen');
    expect((await member.load(organization, '/x', { slug })).data.role).toBeNull();
    const again = await orgWithMember();
    expect((await again.member.submit(organization, '/x', { intent: 'leave' }, { slug: again.slug })).status).toBe(302);
  });

  it('never leaves an organisation without an admin when two admins demote each other at once', async () => {
    const { owner, member, slug } = await orgWithMember();
    await owner.submit(members, '/x', { intent: 'role', userId: member.userId, role: 'admin' }, { slug });
    await Promise.all([
      owner.submit(members, '/x', { intent: 'role', userId: member.userId, role: 'member' }, { slug }),
      member.submit(members, '/x', { intent: 'role', userId: owner.userId, role: 'member' }, { slug }),
    ]);
    const [org] = await app.services.db.select().from(orgTable).where(eq(orgTable.slug, slug));
    const admins = await app.services.db.select().from(memberships).where(sql`${memberships.organizationId} = ${org!.id} and ${memberships.role} = 'admin'`);
    expect(admins).toHaveLength(1);
  });

  it('answers 404 for an unknown organisation', async () => {
    expect((await new Visitor(app.services).load(organization, '/x', { slug: 'finns-inte' })).status).toBe(404);
  });
});
