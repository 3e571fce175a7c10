/**
 * Issue 11, "Trust": confirmed email addresses gate taking part; sign-up and
 * password reset do not tell who has an account; name and address change on
 * /konto; organisation lifecycle notifications reach the right people only.
 */
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_RESET_JOB } from '#app/accounts/accounts.server.ts';
import { EMAIL_CONFIRMATIONS_PER_HOUR } from '#app/accounts/email.server.ts';
import { SESSION_COOKIE } from '#app/auth/session.server.ts';
import * as account from '#app/routes/accounts/account.tsx';
import * as confirmEmail from '#app/routes/accounts/confirm-email.tsx';
import * as resend from '#app/routes/accounts/confirm-email-resend.tsx';
import * as forgotPassword from '#app/routes/accounts/forgot-password.tsx';
import * as groupPage from '#app/routes/groups/group/overview.tsx';
import * as newGroup from '#app/routes/groups/new.tsx';
import * as initiativePage from '#app/routes/content/initiatives/initiative.tsx';
import * as newInitiative from '#app/routes/content/initiatives/new.tsx';
import * as initiatives from '#app/routes/content/initiatives/list.tsx';
import * as invitation from '#app/routes/organizations/invitation.tsx';
import * as members from '#app/routes/organizations/members.tsx';
import * as newOrganization from '#app/routes/organizations/new.tsx';
import * as organization from '#app/routes/organizations/organization.tsx';
import * as root from '#app/root.tsx';
import * as search from '#app/routes/site/search.tsx';
import * as signIn from '#app/routes/accounts/sign-in.tsx';
import * as signUp from '#app/routes/accounts/sign-up.tsx';
import { auditLog, emailConfirmationTokens, groupJoinRequests, jobs, joinRequests, memberships, notifications, organizations, users, workingGroups } from '#db/schema/index.server.ts';
import { Visitor } from '../support/app.ts';
import { groupWith } from '../support/groups.ts';
import { confirmationLinkFor, followConfirmationLink, organizationWith, signedUpVisitor, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp({ smtp: true, search: true });

const PASSWORD = 'correct horse battery';
let counter = 0;
const freshAddress = (label: string) => `${label}.${++counter}.${Date.now()}@x.se`;

const userByEmail = async (email: string) => (await app.services.db.select().from(users).where(eq(users.email, email.toLowerCase())))[0];
const count = async (table: typeof organizations | typeof memberships | typeof joinRequests | typeof workingGroups | typeof groupJoinRequests) =>
  (await app.services.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
const auditActions = async (userId: string) =>
  (await app.services.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.actorUserId, userId))).map((r) => r.action);
const tokensOf = (userId: string) => app.services.db.select().from(emailConfirmationTokens).where(eq(emailConfirmationTokens.userId, userId));
const platformAdmin = async (name: string) => {
  const p = await signedUpVisitor(app.services, name);
  await app.services.db.update(users).set({ isPlatformAdmin: true }).where(eq(users.id, p.userId));
  return p;
};

const validOrg = (n: number) => {
  // A valid organisationsnummer (Luhn) that no other test uses.
  const nine = `21200${String(n).padStart(4, '0')}`;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return { name: `Förening ${n}`, sector: 'civilsamhalle', orgNumber: `${nine}${(10 - (sum % 10)) % 10}`, description: '', website: '' };
};

describe('an unconfirmed account', () => {
  let person: Person;
  let orgSlug: string;
  let orgId: string;
  beforeAll(async () => {
    person = await signedUpVisitor(app.services, 'Obekräftad', { confirmed: false });
    const admin = await signedUpVisitor(app.services, 'Admin');
    const org = await organizationWith(app.services, { verified: true, members: [[admin, 'admin']] });
    orgSlug = org.slug;
    orgId = org.id;
  });

  it('signs in with its password and reads, but every page says to confirm first', async () => {
    expect(person.cookies.has(SESSION_COOKIE)).toBe(true);
    const layout = await person.load(root, '/');
    expect(layout.data.user.unconfirmedEmail).toBe(person.email);
    expect((await person.load(initiatives, '/insatser')).status).toBe(200);
    const orgPage = await person.load(organization, `/organisationer/${orgSlug}`, { slug: orgSlug });
    expect(orgPage.status).toBe(200);
    expect(orgPage.data.can.requestJoin).toBe(false);
    expect(orgPage.data.unconfirmedEmail).toBe(person.email);
    const resendPage = await person.load(resend, '/bekrafta-epost');
    expect(resendPage.data).toMatchObject({ email: person.email, confirmed: false });
  });

  it('searches like anyone signed in', async () => {
    const lead = await signedUpVisitor(app.services, 'Lead');
    await groupWith(app.services, { openness: 'open', name: `Fjällripa samverkan ${Date.now()}`, members: [[lead, orgId, 'lead']] });
    // An open group's overview is for the signed in: it reaches search through a sync job.
    const [group] = await app.services.db.select().from(workingGroups).where(sql`${workingGroups.name} like 'Fjällripa%'`);
    await app.services.db.insert(jobs).values({ kind: 'search.sync', payload: { type: 'group', id: group!.id } });
    await app.deliverMail();
    const found = await person.load(search, '/sok?q=fj%C3%A4llripa');
    expect(found.status).toBe(200);
    expect(found.data.result.hits.map((h: { path: string }) => h.path)).toContain(`/grupper/${group!.slug}`);
  });

  it('cannot register an organisation: the page explains, the action is refused and nothing is written', async () => {
    const page = await person.load(newOrganization, '/organisationer/ny');
    expect(page.status).toBe(200);
    expect(page.data.unconfirmedEmail).toBe(person.email);
    const before = await count(organizations);
    expect((await person.submit(newOrganization, '/organisationer/ny', validOrg(1))).status).toBe(403);
    expect(await count(organizations)).toBe(before);
  });

  it('cannot ask to join an organisation', async () => {
    const before = await count(joinRequests);
    expect((await person.submit(organization, '/x', { intent: 'request-join' }, { slug: orgSlug })).status).toBe(403);
    expect(await count(joinRequests)).toBe(before);
  });

  it('cannot accept an organisation invitation sent to its own address', async () => {
    const admin = await signedUpVisitor(app.services, 'Inbjudare');
    const org = await organizationWith(app.services, { verified: true, members: [[admin, 'admin']] });
    const invited = await admin.submit(members, '/x', { intent: 'invite', email: person.email, role: 'member' }, { slug: org.slug });
    expect(invited.data.invitedEmail).toBe(person.email);
    const [mail] = await app.services.db
      .select()
      .from(jobs)
      .where(sql`${jobs.payload}->>'to' = ${person.email} and ${jobs.payload}->>'text' like '%/inbjudan/%'`);
    const token = String(mail!.payload.text).match(/inbjudan\/([a-z0-9]+)/)![1]!;
    const page = await person.load(invitation, `/inbjudan/${token}`, { token });
    expect(page.data.emailUnconfirmed).toBe(true);
    const before = await count(memberships);
    const accepted = await person.submit(invitation, `/inbjudan/${token}`, {}, { token });
    expect([accepted.status, accepted.data.reason]).toEqual([403, 'email-unconfirmed']);
    expect(await count(memberships)).toBe(before);
  });

  it('cannot create a group, ask to join one, or publish, even as an editor of a verified organisation', async () => {
    // Membership written straight to the database: the gate must hold even then.
    await app.services.db.insert(memberships).values({ userId: person.userId, organizationId: orgId, role: 'editor' });
    const groupsBefore = await count(workingGroups);
    const newGroupPage = await person.load(newGroup, '/grupper/ny');
    expect(newGroupPage.data).toMatchObject({ canCreate: false, unconfirmedEmail: person.email });
    const created = await person.submit(newGroup, '/grupper/ny', { name: 'Ny grupp', purpose: '{"type":"doc","content":[]}', openness: 'open', organizationId: orgId });
    expect(created.status).toBe(403);
    expect(await count(workingGroups)).toBe(groupsBefore);

    const lead = await signedUpVisitor(app.services, 'Gruppledare');
    const group = await groupWith(app.services, { openness: 'open', members: [[lead, orgId, 'lead']] });
    const requestsBefore = await count(groupJoinRequests);
    const asked = await person.submit(groupPage, '/x', { intent: 'request-join', organizationId: orgId }, { slug: group.slug });
    expect(asked.status).toBe(403);
    expect(await count(groupJoinRequests)).toBe(requestsBefore);

    // Drafts are fine (nothing is shown to anyone); publishing is not.
    const draft = await person.submitPairs(newInitiative, '/insatser/ny', [
      ['organizationId', orgId],
      ['title', 'Obekräftad publicering'],
      ['summary', 'Sammanfattning.'],
      ['status', 'ongoing'],
    ]);
    expect(draft.status, JSON.stringify(draft.data)).toBe(302);
    const slug = draft.location!.split('?')[0]!.split('/').pop()!;
    const own = await person.load(initiativePage, `/insatser/${slug}`, { slug });
    expect(own.data.can.publish).toBe(false);
    const published = await person.submit(initiativePage, '/x', { intent: 'publish', visibility: 'public', version: '1' }, { slug });
    expect(published.status).toBe(403);

    // Once confirmed, the same person may.
    const link = (await confirmationLinkFor(app.services, person.email))!;
    expect((await followConfirmationLink(person, link)).status).toBe(302);
    expect((await person.load(initiativePage, `/insatser/${slug}`, { slug })).data.can.publish).toBe(true);
    expect((await person.submit(initiativePage, '/x', { intent: 'publish', visibility: 'public', version: '1' }, { slug })).status).toBe(302);
    expect((await person.load(root, '/')).data.user.unconfirmedEmail).toBeNull();
    expect((await person.submit(newOrganization, '/organisationer/ny', validOrg(2))).status).toBe(302);
  });
});

describe('the confirmation link', () => {
  it('is stored hashed, lasts 24 hours, works once, and signs in', async () => {
    const email = freshAddress('once');
    const v = new Visitor(app.services);
    await v.submit(signUp, '/registrera', { name: 'En Gång', email, password: PASSWORD });
    const user = (await userByEmail(email))!;
    expect(user.emailVerifiedAt).toBeNull();
    const link = (await confirmationLinkFor(app.services, email))!;
    const [stored] = await tokensOf(user.id);
    expect(stored!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.tokenHash).not.toBe(link.token);
    expect((stored!.expiresAt.getTime() - stored!.createdAt.getTime()) / 3_600_000).toBeCloseTo(24, 1);
    await app.deliverMail();
    expect(app.smtp.inbox(email).map((m) => m.subject)).toEqual(['Bekräfta din e-postadress i Samverka']);

    // Opening the page uses nothing (a mail scanner may fetch links); pressing the button does.
    const page = await v.load(confirmEmail, link.path, { token: link.token });
    expect([page.status, page.data.link]).toEqual([200, { email, change: false }]);
    expect(page.headers.get('Referrer-Policy')).toBe('no-referrer');
    // A secret link's page: kept by no cache, the page cache for anonymous readers included.
    expect(page.headers.get('Cache-Control')).toBe('no-store');
    const res = await v.submit(confirmEmail, link.path, {}, { token: link.token });
    expect([res.status, res.location]).toEqual([302, '/konto?epost=bekraftad']);
    expect(v.cookies.has(SESSION_COOKIE)).toBe(true);
    expect((await userByEmail(email))!.emailVerifiedAt).not.toBeNull();
    expect(await auditActions(user.id)).toContain('user.email_confirmed');

    // Used once: the same link is gone, for anyone.
    const again = new Visitor(app.services);
    expect((await again.load(confirmEmail, link.path, { token: link.token })).status).toBe(410);
    const reuse = await again.submit(confirmEmail, link.path, {}, { token: link.token });
    expect([reuse.status, reuse.data.reason]).toEqual([410, 'invalid']);
    expect(again.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it('refuses a link older than 24 hours and leaves the account unconfirmed', async () => {
    const email = freshAddress('old');
    await new Visitor(app.services).submit(signUp, '/registrera', { name: 'Gammal Länk', email, password: PASSWORD });
    const user = (await userByEmail(email))!;
    const link = (await confirmationLinkFor(app.services, email))!;
    // Created 24 hours and a minute ago.
    const created = new Date(Date.now() - 24 * 3_600_000 - 60_000);
    await app.services.db
      .update(emailConfirmationTokens)
      .set({ createdAt: created, expiresAt: new Date(created.getTime() + 24 * 3_600_000) })
      .where(eq(emailConfirmationTokens.userId, user.id));
    const v = new Visitor(app.services);
    expect((await v.load(confirmEmail, link.path, { token: link.token })).status).toBe(410);
    expect((await v.submit(confirmEmail, link.path, {}, { token: link.token })).status).toBe(410);
    expect((await userByEmail(email))!.emailVerifiedAt).toBeNull();
    expect(v.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it(`is sent again on request, at most ${EMAIL_CONFIRMATIONS_PER_HOUR} times an hour in all, and not once confirmed`, async () => {
    const person = await signedUpVisitor(app.services, 'Skicka Igen', { confirmed: false });
    for (let i = 1; i < EMAIL_CONFIRMATIONS_PER_HOUR; i++) {
      const res = await person.submit(resend, '/bekrafta-epost', { redirectTo: '/insatser' });
      expect(res.status).toBe(200);
      expect(res.data).toMatchObject({ sent: true, back: '/insatser' });
    }
    const refused = await person.submit(resend, '/bekrafta-epost', {});
    expect(refused.status).toBe(429);
    expect(refused.data.errors.form.key).toBe('emailConfirm.throttled');
    expect(await tokensOf(person.userId)).toHaveLength(EMAIL_CONFIRMATIONS_PER_HOUR);
    await app.deliverMail();
    expect(app.smtp.inbox(person.email)).toHaveLength(EMAIL_CONFIRMATIONS_PER_HOUR);

    // An hour later there is room again.
    await app.services.db.update(emailConfirmationTokens).set({ createdAt: new Date(Date.now() - 61 * 60_000) }).where(eq(emailConfirmationTokens.userId, person.userId));
    expect((await person.submit(resend, '/bekrafta-epost', {})).status).toBe(200);

    // Any of the links confirms; the others stop working with it.
    const link = (await confirmationLinkFor(app.services, person.email))!;
    expect((await followConfirmationLink(person, link)).status).toBe(302);
    const unused = await app.services.db
      .select()
      .from(emailConfirmationTokens)
      .where(and(eq(emailConfirmationTokens.userId, person.userId), sql`${emailConfirmationTokens.usedAt} is null`));
    expect(unused).toEqual([]);
    const after = await person.submit(resend, '/bekrafta-epost', {});
    expect(after.data).toMatchObject({ sent: false, alreadyConfirmed: true });
    expect(await tokensOf(person.userId)).toHaveLength(EMAIL_CONFIRMATIONS_PER_HOUR + 1);
  });

  it('asks a signed-out visitor to sign in before sending it again', async () => {
    const res = await new Visitor(app.services).submit(resend, '/bekrafta-epost', {});
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/^\/logga-in/);
  });
});

describe('no account enumeration', () => {
  it('answers sign-up the same for a registered and a new address; the owner is told, nothing changes', async () => {
    const owner = await signedUpVisitor(app.services, 'Ägare');
    const fresh = freshAddress('ny');
    const attempt = (email: string) => new Visitor(app.services).submit(signUp, '/registrera', { name: 'Någon', email, password: 'ett annat lösenord' });
    const known = await attempt(owner.email.toUpperCase());
    const unknown = await attempt(fresh);
    for (const res of [known, unknown]) {
      expect(res.status).toBe(302);
      expect(res.location).toBe('/registrera/skickat');
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    expect([...known.headers.keys()].sort()).toEqual([...unknown.headers.keys()].sort());

    await app.deliverMail();
    const told = app.smtp.inbox(owner.email);
    expect(told.map((m) => m.subject)).toEqual(['Någon försökte skapa ett konto med din adress i Samverka']);
    expect(told[0]!.text).toContain('http://samverka.test/logga-in');
    expect(told[0]!.text).toContain('http://samverka.test/glomt-losenord');
    expect(app.smtp.inbox(fresh).map((m) => m.subject)).toEqual(['Bekräfta din e-postadress i Samverka']);
    // The owner's account is as it was: the old password works, the attempt's does not, the name is theirs.
    expect((await new Visitor(app.services).submit(signIn, '/logga-in', { email: owner.email, password: PASSWORD })).status).toBe(302);
    expect((await new Visitor(app.services).submit(signIn, '/logga-in', { email: owner.email, password: 'ett annat lösenord' })).status).toBe(401);
    expect((await userByEmail(owner.email))!.name).toBe('Ägare');
  });

  it('tells the owner at most three times an hour, and answers the same even then', async () => {
    const owner = await signedUpVisitor(app.services, 'Ägare Två');
    for (let i = 0; i < 5; i++) {
      const res = await new Visitor(app.services).submit(signUp, '/registrera', { name: 'Någon', email: owner.email, password: 'ett annat lösenord' });
      expect([res.status, res.location]).toEqual([302, '/registrera/skickat']);
    }
    await app.deliverMail();
    expect(app.smtp.inbox(owner.email)).toHaveLength(3);
  });

  it('answers a reset request the same for a known and an unknown address, doing the same work; only the known one gets mail', async () => {
    const owner = await signedUpVisitor(app.services, 'Glömsk');
    const unknownAddress = freshAddress('okand');
    const resetJobs = async () => (await app.services.db.select().from(jobs).where(eq(jobs.kind, PASSWORD_RESET_JOB))).length;
    const before = await resetJobs();
    const known = await new Visitor(app.services).submit(forgotPassword, '/glomt-losenord', { email: owner.email });
    const unknown = await new Visitor(app.services).submit(forgotPassword, '/glomt-losenord', { email: unknownAddress });
    expect(known.status).toBe(unknown.status);
    expect([...known.headers.keys()].sort()).toEqual([...unknown.headers.keys()].sort());
    expect(Object.keys(known.data).sort()).toEqual(Object.keys(unknown.data).sort());
    expect({ ...known.data, sentTo: 'x' }).toEqual({ ...unknown.data, sentTo: 'x' }); // each echoes the address it was given
    // The request only queues one job either way: the lookup and the mail happen in the worker.
    expect(await resetJobs()).toBe(before + 2);
    await app.deliverMail();
    expect(app.smtp.inbox(owner.email).map((m) => m.subject)).toEqual(['Återställ ditt lösenord i Samverka']);
    expect(app.smtp.inbox(unknownAddress)).toEqual([]);
  });
});

describe('changing one’s name and address on /konto', () => {
  it('changes the name, validated as at sign-up', async () => {
    const person = await signedUpVisitor(app.services, 'Gammalt Namn');
    const empty = await person.submit(account, '/konto', { intent: 'change-name', name: '   ' });
    expect([empty.status, empty.data.errors.name.key]).toEqual([400, 'error.required']);
    const long = await person.submit(account, '/konto', { intent: 'change-name', name: 'n'.repeat(121) });
    expect([long.status, long.data.errors.name.key]).toEqual([400, 'error.tooLong']);
    expect((await userByEmail(person.email))!.name).toBe('Gammalt Namn');
    const ok = await person.submit(account, '/konto', { intent: 'change-name', name: '  Nytt Namn ' });
    expect(ok.data).toMatchObject({ intent: 'change-name', nameChanged: true });
    expect((await person.load(account, '/konto')).data.user.name).toBe('Nytt Namn');
    expect(await auditActions(person.userId)).toContain('user.name_changed');
  });

  it('confirms the new address first, tells the old one, and changes only when the link is followed', async () => {
    const person = await signedUpVisitor(app.services, 'Flyttar');
    const newAddress = freshAddress('nya');
    const wrongPassword = await person.submit(account, '/konto', { intent: 'change-email', email: newAddress, password: 'fel lösenord här' });
    expect([wrongPassword.status, wrongPassword.data.errors.password.key]).toEqual([400, 'error.password.wrong']);
    const same = await person.submit(account, '/konto', { intent: 'change-email', email: person.email.toUpperCase(), password: PASSWORD });
    expect([same.status, same.data.errors.email.key]).toEqual([400, 'error.email.same']);
    const malformed = await person.submit(account, '/konto', { intent: 'change-email', email: 'inte-en-adress', password: PASSWORD });
    expect([malformed.status, malformed.data.errors.email.key]).toEqual([400, 'error.email.invalid']);

    const asked = await person.submit(account, '/konto', { intent: 'change-email', email: newAddress, password: PASSWORD });
    expect(asked.data).toMatchObject({ intent: 'change-email', emailChangeSentTo: newAddress });
    expect((await userByEmail(person.email))!.id).toBe(person.userId); // not changed yet
    await app.deliverMail();
    expect(app.smtp.inbox(person.email).map((m) => m.subject)).toEqual(['Någon vill byta e-postadress för ditt konto i Samverka']);
    expect(app.smtp.inbox(person.email)[0]!.text).toContain(newAddress);
    expect(app.smtp.inbox(newAddress).map((m) => m.subject)).toEqual(['Bekräfta din nya e-postadress i Samverka']);

    // The link, followed in another browser, signs that browser in as this account at the new address.
    const link = (await confirmationLinkFor(app.services, newAddress))!;
    const elsewhere = new Visitor(app.services);
    expect((await elsewhere.load(confirmEmail, link.path, { token: link.token })).data.link).toEqual({ email: newAddress, change: true });
    const done = await elsewhere.submit(confirmEmail, link.path, {}, { token: link.token });
    expect([done.status, done.location]).toEqual([302, '/konto?epost=bytt']);
    const changed = (await userByEmail(newAddress))!;
    expect(changed.id).toBe(person.userId);
    expect(changed.emailVerifiedAt).not.toBeNull();
    expect(await userByEmail(person.email)).toBeUndefined();
    expect((await elsewhere.load(account, '/konto')).data.user.email).toBe(newAddress);
    await app.deliverMail();
    expect(app.smtp.inbox(person.email).map((m) => m.subject)).toContain('Din e-postadress i Samverka är bytt');
    expect(await auditActions(person.userId)).toEqual(expect.arrayContaining(['user.email_change_requested', 'user.email_changed']));
    const [entry] = await app.services.db.select().from(auditLog).where(and(eq(auditLog.actorUserId, person.userId), eq(auditLog.action, 'user.email_changed')));
    expect(entry!.details).toEqual({ from: person.email, to: newAddress });
    expect((await new Visitor(app.services).submit(signIn, '/logga-in', { email: newAddress, password: PASSWORD })).status).toBe(302);
    expect((await new Visitor(app.services).submit(signIn, '/logga-in', { email: person.email, password: PASSWORD })).status).toBe(401);
    expect((await elsewhere.submit(confirmEmail, link.path, {}, { token: link.token })).status).toBe(410);
  });

  it('answers a taken address like a free one, without a working link; its owner is told and nothing changes', async () => {
    const person = await signedUpVisitor(app.services, 'Vill Byta');
    const holder = await signedUpVisitor(app.services, 'Har Adressen');
    const free = freshAddress('ledig');
    const taken = await person.submit(account, '/konto', { intent: 'change-email', email: holder.email, password: PASSWORD });
    const open = await person.submit(account, '/konto', { intent: 'change-email', email: free, password: PASSWORD });
    expect(taken.status).toBe(open.status);
    expect(taken.data).toEqual({ ...open.data, emailChangeSentTo: holder.email });
    await app.deliverMail();
    expect(app.smtp.inbox(holder.email).map((m) => m.subject)).toEqual(['Någon försökte byta till din e-postadress i Samverka']);
    expect(app.smtp.inbox(holder.email)[0]!.text).not.toMatch(/bekrafta-epost/);
    expect((await userByEmail(person.email))!.id).toBe(person.userId);
    expect((await userByEmail(holder.email))!.id).toBe(holder.userId);
  });

  it('refuses a link whose address was taken by another account in the meantime', async () => {
    const person = await signedUpVisitor(app.services, 'Långsam');
    const address = freshAddress('hinner');
    await person.submit(account, '/konto', { intent: 'change-email', email: address, password: PASSWORD });
    const link = (await confirmationLinkFor(app.services, address))!;
    // Someone else signs up with that address and confirms it first.
    const quicker = new Visitor(app.services);
    await quicker.submit(signUp, '/registrera', { name: 'Snabbare', email: address, password: PASSWORD });
    const quickerLink = (await confirmationLinkFor(app.services, address))!;
    expect(quickerLink.token).not.toBe(link.token);
    expect((await followConfirmationLink(quicker, quickerLink)).status).toBe(302);
    const late = await person.submit(confirmEmail, link.path, {}, { token: link.token });
    expect([late.status, late.data.reason]).toEqual([409, 'taken']);
    expect((await userByEmail(person.email))!.id).toBe(person.userId);
  });
});

describe('organisation lifecycle notifications', () => {
  it('tells platform admins of a registration, and its admins of verification and its removal — no one else', async () => {
    const [adminA, adminB, bystander, founder, editor] = await Promise.all([
      platformAdmin('Plattform A'),
      platformAdmin('Plattform B'),
      signedUpVisitor(app.services, 'Åskådare'),
      signedUpVisitor(app.services, 'Grundare'),
      signedUpVisitor(app.services, 'Redaktör'),
    ]);
    const noticesOf = async (p: Person) =>
      (await app.services.db.select().from(notifications).where(eq(notifications.userId, p.userId))).map((n) => [n.kind, n.messageKey, n.params.org, n.url]);

    const fields = validOrg(3);
    const created = await founder.submit(newOrganization, '/organisationer/ny', fields);
    expect(created.status).toBe(302);
    const slug = new URL(created.location!, 'http://x').pathname.split('/').pop()!;
    const url = `/organisationer/${slug}`;
    const registered = ['organization_review', 'org.notice.registered', fields.name, url];
    expect(await noticesOf(adminA)).toEqual([registered]);
    expect(await noticesOf(adminB)).toEqual([registered]);
    for (const p of [bystander, founder, editor]) expect(await noticesOf(p)).toEqual([]);
    await app.deliverMail();
    const mail = app.smtp.inbox(adminA.email).at(-1)!;
    expect(mail.subject).toBe(`Samverka: ${fields.name} har registrerats och väntar på verifiering.`);
    expect(mail.text).toContain(`http://samverka.test${url}`);
    expect(mail.headers['list-unsubscribe']).toMatch(/avregistrera/);

    const [org] = await app.services.db.select().from(organizations).where(eq(organizations.slug, slug));
    await app.services.db.insert(memberships).values({ userId: editor.userId, organizationId: org!.id, role: 'editor' });
    expect((await adminA.submit(organization, url, { intent: 'verify' }, { slug })).location).toBe(`/organisationer/${slug}?klart=verifierad`);
    expect(await noticesOf(founder)).toEqual([['organization_verification', 'org.notice.verified', fields.name, url]]);
    expect(await noticesOf(editor)).toEqual([]);
    expect(await noticesOf(adminA)).toEqual([registered]);
    expect(await noticesOf(adminB)).toEqual([registered]);
    await app.deliverMail();
    expect(app.smtp.inbox(founder.email).at(-1)!.subject).toBe(`Samverka: ${fields.name} är nu verifierad och kan publicera.`);

    expect((await adminB.submit(organization, url, { intent: 'unverify' }, { slug })).location).toBe(`/organisationer/${slug}?klart=overifierad`);
    expect((await noticesOf(founder)).map((n) => n[1])).toEqual(['org.notice.verified', 'org.notice.unverified']);
    expect(await noticesOf(editor)).toEqual([]);
    expect(await noticesOf(bystander)).toEqual([]);
  });
});
