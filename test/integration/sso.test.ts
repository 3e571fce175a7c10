import { and, count, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#app/config.server.ts';
import { buildExport } from '#app/accounts/personal-data.server.ts';
import * as account from '#app/routes/accounts/account.tsx';
import * as admin_ from '#app/routes/admin/admin.tsx';
import * as members from '#app/routes/organizations/members.tsx';
import * as organization from '#app/routes/organizations/organization.tsx';
import * as personalData from '#app/routes/accounts/personal-data.tsx';
import * as signIn from '#app/routes/accounts/sign-in.tsx';
import * as signOut from '#app/routes/accounts/sign-out.tsx';
import * as signUp from '#app/routes/accounts/sign-up.tsx';
import * as ssoCallback from '#app/routes/accounts/sso-callback.tsx';
import * as ssoStart from '#app/routes/accounts/sso-start.tsx';
import * as linkMail from '#app/routes/accounts/sso-link-mail.tsx';
import { MAIL_JOB } from '#app/mail/mailer.server.ts';
import { auditLog, jobs, memberships, ssoPendingLinks, organizationDomains, organizations, sessions, ssoLoginStates, userIdentities, users } from '#db/schema/index.server.ts';
import { TEST_ORIGIN, Visitor } from '#test/support/app.ts';
import { startOidcProvider, type TestOidcProvider } from '#test/support/oidc-provider.ts';
import { organizationWith, signedUpVisitor } from '#test/support/people.ts';
import { setUpTestApp } from '#test/support/setup.ts';

const LOA3 = 'http://id.elegnamnden.se/loa/1.0/loa3';
const t = setUpTestApp();
let idp: TestOidcProvider;
let n = 0;

beforeAll(async () => {
  idp = await startOidcProvider({ redirectUris: ['test', 'narrow'].map((id) => `${TEST_ORIGIN}/logga-in/sso/${id}/callback`), postLogoutRedirectUri: `${TEST_ORIGIN}/` });
  const providers = [
    { id: 'test', issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, label: { sv: 'Testkommunen', en: 'Test Municipality' }, acrValues: [LOA3] },
    // The same provider again, open only to one domain.
    { id: 'narrow', issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, label: { sv: 'Malmö stad', en: 'City of Malmö' }, allowedDomains: ['malmo.se'] },
    // Nothing listens on port 9: a provider that is down.
    { id: 'down', issuer: 'http://127.0.0.1:9', clientId: 'x', clientSecret: 'y', label: { sv: 'Nere', en: 'Down' } },
  ];
  t.services.config = { ...t.services.config, OIDC_PROVIDERS: loadConfig({ NODE_ENV: 'test', OIDC_PROVIDERS: JSON.stringify(providers) }).OIDC_PROVIDERS };
});

afterAll(async () => {
  await idp?.close();
});

/** A person at the provider, with a fresh subject and address. */
function person(opts: { email?: string; verified?: boolean } = {}) {
  const id = `person-${++n}-${Date.now()}`;
  const email = opts.email ?? `${id}@testkommun.se`;
  idp.addPerson(id, { email, email_verified: opts.verified ?? true, name: `Anna ${n}` });
  return { id, email };
}

async function start(v: Visitor, provider = 'test', fields: Record<string, string> = { redirectTo: '/konto' }) {
  const res = await v.submit(ssoStart, `/logga-in/sso/${provider}`, fields, { provider });
  expect(res.status).toBe(302);
  return res.location!;
}

async function callback(v: Visitor, back: string, provider = 'test') {
  return v.load(ssoCallback, back, { provider });
}

async function signInAt(v: Visitor, personId: string, provider = 'test', fields?: Record<string, string>) {
  return callback(v, await idp.login(await start(v, provider, fields), personId), provider);
}

async function counts() {
  const db = t.services.db;
  const [[u], [i], [s]] = await Promise.all([db.select({ n: count() }).from(users), db.select({ n: count() }).from(userIdentities), db.select({ n: count() }).from(sessions)]);
  return { users: u!.n, identities: i!.n, sessions: s!.n };
}

describe('single sign-on against a real OpenID provider', () => {
  it('shows one button per provider on the sign-in and sign-up pages, and says which one is down', async () => {
    for (const [route, path] of [
      [signIn, '/logga-in'],
      [signUp, '/registrera'],
    ] as const) {
      const page = await new Visitor(t.services).load(route, path);
      expect(page.data.providers).toEqual([
        { id: 'test', label: { sv: 'Testkommunen', en: 'Test Municipality' }, available: true },
        { id: 'narrow', label: { sv: 'Malmö stad', en: 'City of Malmö' }, available: true },
        { id: 'down', label: { sv: 'Nere', en: 'Down' }, available: false },
      ]);
    }
  });

  it('creates the account on the first sign-in and reuses it on the second, keeping acr on the session', async () => {
    const p = person();
    idp.tamper = { kind: 'claims', change: (c) => ({ ...c, acr: LOA3 }) };
    const v = new Visitor(t.services);
    const first = await signInAt(v, p.id);
    idp.tamper = { kind: 'none' };
    expect(first.status).toBe(302);
    expect(first.location).toBe('/konto');
    // The provider got PKCE (S256), state, nonce and the configured assurance level.
    expect(idp.lastAuthorization?.get('code_challenge_method')).toBe('S256');
    expect(idp.lastAuthorization?.get('nonce')).toBeTruthy();
    expect(idp.lastAuthorization?.get('acr_values')).toBe(LOA3);

    const [user] = await t.services.db.select().from(users).where(eq(users.email, p.email));
    expect(user).toMatchObject({ name: expect.stringMatching(/^Anna /), passwordHash: null });
    expect(user!.emailVerifiedAt).not.toBeNull();
    const [session] = await t.services.db.select().from(sessions).where(eq(sessions.userId, user!.id));
    expect(session).toMatchObject({ ssoProviderId: 'test', acr: LOA3 });
    const page = await v.load(account, '/konto');
    expect(page.data.user.email).toBe(p.email);

    const before = await counts();
    const again = await signInAt(new Visitor(t.services), p.id);
    expect(again.status).toBe(302);
    const after = await counts();
    expect(after).toEqual({ ...before, sessions: before.sessions + 1 });
    const [identity] = await t.services.db.select().from(userIdentities).where(eq(userIdentities.userId, user!.id));
    expect(identity).toMatchObject({ providerId: 'test', subject: p.id, email: p.email });
    expect(identity!.lastUsedAt).not.toBeNull();
    const audit = await t.services.db.select().from(auditLog).where(eq(auditLog.actorUserId, user!.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['user.sign_in', 'user.sign_in', 'user.sign_up']);
    expect(audit.every((a) => (a.details as { provider?: string }).provider === 'test')).toBe(true);
  });

  it('signing out ends the session here and sends the browser to the provider\'s logout', async () => {
    const p = person();
    const v = new Visitor(t.services);
    expect((await signInAt(v, p.id)).status).toBe(302);
    const out = await v.submit(signOut, '/logga-ut', {});
    const logout = new URL(out.location!);
    expect(logout.origin).toBe(idp.issuer);
    expect(logout.searchParams.get('post_logout_redirect_uri')).toBe(`${TEST_ORIGIN}/`);
    // The session's ID token goes back as id_token_hint, and the provider accepts it (a hint it did not issue is a 400 there).
    const hint = logout.searchParams.get('id_token_hint');
    expect(hint).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(JSON.parse(Buffer.from(hint!.split('.')[1]!, 'base64url').toString())).toMatchObject({ sub: p.id, iss: idp.issuer });
    const atProvider = await fetch(logout, { redirect: 'manual' });
    expect(atProvider.status).toBe(200);
    expect(await atProvider.text()).toContain('logout');
    expect(v.cookies.has('samverka_session')).toBe(false);
    expect((await v.load(account, '/konto')).location).toMatch(/^\/logga-in/);
  });

  it('links an existing account with the same address only after its password is given', async () => {
    const owner = await signedUpVisitor(t.services, 'Befintlig');
    const p = person({ email: owner.email });
    const v = new Visitor(t.services);
    const before = await counts();
    const res = await signInAt(v, p.id);
    expect(res.location).toBe('/logga-in?sso=koppla');
    expect(await counts()).toEqual(before);
    const page = await v.load(signIn, '/logga-in?sso=koppla');
    expect(page.data.pendingLink).toEqual({ email: owner.email, provider: { sv: 'Testkommunen', en: 'Test Municipality' } });

    const wrong = await v.submit(signIn, '/logga-in', { email: owner.email, password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(await counts()).toEqual(before);

    const right = await v.submit(signIn, '/logga-in', { email: owner.email, password: 'correct horse battery' });
    expect(right.status).toBe(302);
    const identities = await t.services.db.select().from(userIdentities).where(eq(userIdentities.userId, owner.userId));
    expect(identities).toMatchObject([{ providerId: 'test', subject: p.id }]);
    expect(v.cookies.has('samverka_sso_link')).toBe(false);

    // From now on the provider signs straight in.
    const next = await signInAt(new Visitor(t.services), p.id);
    expect(next.location).toBe('/konto');
    const linked = await t.services.db.select().from(auditLog).where(and(eq(auditLog.actorUserId, owner.userId), eq(auditLog.action, 'user.sso_linked')));
    expect(linked).toHaveLength(1);
  });

  it('offers the link by password even where the provider does not vouch for the address', async () => {
    const owner = await signedUpVisitor(t.services, 'Entra-person');
    const p = person({ email: owner.email, verified: false });
    const v = new Visitor(t.services);
    expect((await signInAt(v, p.id)).location).toBe('/logga-in?sso=koppla');
    expect((await v.submit(signIn, '/logga-in', { email: owner.email, password: 'correct horse battery' })).status).toBe(302);
    expect(await t.services.db.select().from(userIdentities).where(eq(userIdentities.userId, owner.userId))).toHaveLength(1);
  });

  it('does not link a pending identity to a different account that signs in with its password', async () => {
    const owner = await signedUpVisitor(t.services, 'Ägare');
    const other = await signedUpVisitor(t.services, 'Annan');
    const p = person({ email: owner.email });
    const v = new Visitor(t.services);
    expect((await signInAt(v, p.id)).location).toBe('/logga-in?sso=koppla');
    expect((await v.submit(signIn, '/logga-in', { email: other.email, password: 'correct horse battery' })).status).toBe(302);
    expect(await t.services.db.select().from(userIdentities).where(eq(userIdentities.subject, p.id))).toEqual([]);
  });
});

describe('linked sign-ins on the account page', () => {
  async function ssoOnlyVisitor() {
    const p = person();
    const v = new Visitor(t.services);
    expect((await signInAt(v, p.id)).status).toBe(302);
    const [user] = await t.services.db.select().from(users).where(eq(users.email, p.email));
    return { v, p, userId: user!.id };
  }

  it('a signed-in person links another provider, sees it listed and unlinks it', async () => {
    const owner = await signedUpVisitor(t.services, 'Lösenordsperson');
    const p = person({ email: `annan-${n}@malmo.se` });
    const res = await signInAt(owner, p.id, 'narrow', { link: '1' });
    expect(res.location).toBe('/konto?sso=kopplad');
    const page = await owner.load(account, '/konto');
    expect(page.data.sso.identities).toMatchObject([{ providerId: 'narrow', email: p.email }]);
    expect(page.data.sso.hasPassword).toBe(true);

    // A password account may unlink its only provider.
    const unlinked = await owner.submit(account, '/konto', { intent: 'sso-unlink', identityId: page.data.sso.identities[0].id });
    expect(unlinked.data.unlink).toBe('unlinked');
    expect(await t.services.db.select().from(userIdentities).where(eq(userIdentities.userId, owner.userId))).toEqual([]);
    const audit = await t.services.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.actorUserId, owner.userId));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['user.sso_linked', 'user.sso_unlinked']));
  });

  it('an account without a password cannot unlink its last provider, and can once it has two', async () => {
    const { v, userId } = await ssoOnlyVisitor();
    const [identity] = await t.services.db.select().from(userIdentities).where(eq(userIdentities.userId, userId));
    const refused = await v.submit(account, '/konto', { intent: 'sso-unlink', identityId: identity!.id });
    expect(refused.status).toBe(409);
    expect(refused.data.unlink).toBe('lastWayIn');
    expect(await t.services.db.select().from(userIdentities).where(eq(userIdentities.userId, userId))).toHaveLength(1);

    const second = person({ email: `andra-${n}@malmo.se` });
    expect((await signInAt(v, second.id, 'narrow', { link: '1' })).location).toBe('/konto?sso=kopplad');
    const allowed = await v.submit(account, '/konto', { intent: 'sso-unlink', identityId: identity!.id });
    expect(allowed.data.unlink).toBe('unlinked');
  });

  it('nobody unlinks someone else\'s identity', async () => {
    const { userId } = await ssoOnlyVisitor();
    const [identity] = await t.services.db.select().from(userIdentities).where(eq(userIdentities.userId, userId));
    const other = await signedUpVisitor(t.services, 'Främling');
    const res = await other.submit(account, '/konto', { intent: 'sso-unlink', identityId: identity!.id });
    expect(res.status).toBe(404);
    expect(await t.services.db.select().from(userIdentities).where(eq(userIdentities.userId, userId))).toHaveLength(1);
  });

  it('an identity linked to one account cannot be linked to another', async () => {
    const { p } = await ssoOnlyVisitor();
    const other = await signedUpVisitor(t.services, 'Kapare');
    const before = await counts();
    const res = await signInAt(other, p.id, 'test', { link: '1' });
    expect(res.status).toBe(403);
    expect(res.data).toMatchObject({ failure: 'identityTaken', linking: true });
    expect(await counts()).toEqual(before);
  });

  it('an account without a password exports its data (with its linked sign-ins) and deletes itself after a fresh sign-in', async () => {
    const { v, p, userId } = await ssoOnlyVisitor();
    const [user] = await t.services.db.select().from(users).where(eq(users.id, userId));
    const exported = await buildExport(t.services.db, user!);
    expect(exported.linkedSignIns).toMatchObject([{ provider: 'test', subject: p.id, email: p.email }]);
    expect(exported.sessions[0]).toMatchObject({ signedInWith: 'test' });

    // A sign-in more than ten minutes old is not proof enough: the page offers a new sign-in instead.
    await t.services.db.update(sessions).set({ createdAt: new Date(Date.now() - 60 * 60 * 1000) }).where(eq(sessions.userId, userId));
    const stalePage = await v.load(personalData, '/konto/personuppgifter');
    expect(stalePage.data.proof).toEqual({ kind: 'reauthenticate', providers: [{ id: 'test', label: { sv: 'Testkommunen', en: 'Test Municipality' } }] });
    const refused = await v.submit(personalData, '/konto/personuppgifter', { intent: 'delete' });
    expect(refused.status).toBe(403);
    expect(await t.services.db.select().from(users).where(eq(users.id, userId))).toHaveLength(1);

    // Signing in again through the provider is.
    expect((await signInAt(v, p.id, 'test', { redirectTo: '/konto#personuppgifter' })).location).toBe('/konto#personuppgifter');
    expect((await v.load(personalData, '/konto/personuppgifter')).data.proof.kind).toBe('freshSignIn');
    const deleted = await v.submit(personalData, '/konto/personuppgifter', { intent: 'delete' });
    expect(deleted.location).toBe('/integritet?raderat=1');
    expect(await t.services.db.select().from(users).where(eq(users.id, userId))).toEqual([]);
    expect(await t.services.db.select().from(userIdentities).where(eq(userIdentities.subject, p.id))).toEqual([]);
  });
});

describe('bad cases: a clear page and nothing written', () => {
  async function expectFailure(res: Awaited<ReturnType<typeof callback>>, failure: string, before: Awaited<ReturnType<typeof counts>>) {
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(600);
    expect(res.data.failure).toBe(failure);
    expect(await counts()).toEqual(before);
  }

  it('missing state', async () => {
    const before = await counts();
    await expectFailure(await callback(new Visitor(t.services), '/logga-in/sso/test/callback?code=abc'), 'badState', before);
  });

  it('a state this browser did not start', async () => {
    const p = person();
    const v = new Visitor(t.services);
    const back = await idp.login(await start(v), p.id);
    v.cookies.set('samverka_sso_state', 'someone-elses-state');
    const before = await counts();
    await expectFailure(await callback(v, back), 'badState', before);
  });

  it('a replayed callback (the same code and state again)', async () => {
    const p = person();
    const v = new Visitor(t.services);
    const back = await idp.login(await start(v), p.id);
    const state = v.cookies.get('samverka_sso_state')!;
    expect((await callback(v, back)).status).toBe(302);
    const before = await counts();
    const attacker = new Visitor(t.services);
    attacker.cookies.set('samverka_sso_state', state);
    await expectFailure(await callback(attacker, back), 'badState', before);
  });

  it('a wrong nonce, an expired ID token, a badly signed one, a garbage token response', async () => {
    const cases = [
      ['badToken', { kind: 'claims', change: (c: Record<string, unknown>) => ({ ...c, nonce: 'not-the-nonce' }) }],
      ['badToken', { kind: 'claims', change: (c: Record<string, unknown>) => ({ ...c, iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }) }],
      ['badToken', { kind: 'badSignature' }],
      ['badToken', { kind: 'garbage' }],
    ] as const;
    for (const [failure, tamper] of cases) {
      const p = person();
      const v = new Visitor(t.services);
      const back = await idp.login(await start(v), p.id);
      const before = await counts();
      idp.tamper = tamper;
      try {
        await expectFailure(await callback(v, back), failure, before);
      } finally {
        idp.tamper = { kind: 'none' };
      }
    }
  });

  it('an unverified address, a domain not allowed, no address at all', async () => {
    const before = await counts();
    await expectFailure(await signInAt(new Visitor(t.services), person({ verified: false }).id), 'unverifiedEmail', before);
    await expectFailure(await signInAt(new Visitor(t.services), person().id, 'narrow'), 'domainNotAllowed', before);
    const id = `no-mail-${++n}`;
    idp.addPerson(id, { name: 'Utan Adress' });
    await expectFailure(await signInAt(new Visitor(t.services), id), 'noEmail', before);
  });

  it('the person cancels at the provider, or the provider answers with an error', async () => {
    const before = await counts();
    const v = new Visitor(t.services);
    const back = await idp.cancel(await start(v));
    expect(back).toContain('error=access_denied');
    await expectFailure(await callback(v, back), 'cancelled', before);

    const w = new Visitor(t.services);
    await start(w);
    const state = w.cookies.get('samverka_sso_state')!;
    await expectFailure(await callback(w, `/logga-in/sso/test/callback?error=server_error&state=${state}&iss=${encodeURIComponent(idp.issuer)}`), 'providerError', before);
  });

  it('a provider that is down: the start answers with a page, not a redirect', async () => {
    const before = await counts();
    const res = await new Visitor(t.services).submit(ssoStart, '/logga-in/sso/down', { redirectTo: '/' }, { provider: 'down' });
    expect(res.status).toBe(503);
    expect(res.data.failure).toBe('unavailable');
    expect(await counts()).toEqual(before);
    expect(await t.services.db.select().from(ssoLoginStates).where(eq(ssoLoginStates.providerId, 'down'))).toEqual([]);
  });

  it('an unknown provider is a 404', async () => {
    const res = await new Visitor(t.services).submit(ssoStart, '/logga-in/sso/nope', {}, { provider: 'nope' });
    expect(res.status).toBe(404);
  });
});

describe('organisations claim email domains', () => {
  let seq = 0;
  const freshDomain = () => `kommun-${++seq}-${process.pid}-${Date.now() % 100000}.se`;

  async function orgAdminAndPlatformAdmin() {
    const admin = await signedUpVisitor(t.services, 'Organisationsadmin');
    const org = await organizationWith(t.services, { verified: true, members: [[admin, 'admin']] });
    const platform = await signedUpVisitor(t.services, 'Plattformsadmin');
    await t.services.db.update(users).set({ isPlatformAdmin: true }).where(eq(users.id, platform.userId));
    return { admin, org, platform };
  }

  const claim = (v: Visitor, slug: string, domain: string) => v.submit(members, `/organisationer/${slug}/medlemmar`, { intent: 'claim-domain', domain }, { slug });
  const claimIdOf = async (domain: string) => (await t.services.db.select().from(organizationDomains).where(eq(organizationDomains.domain, domain)))[0]!.id;

  it('a domain claim leads a new user to membership', async () => {
    const { admin, org, platform } = await orgAdminAndPlatformAdmin();
    const domain = freshDomain();
    const claimed = await claim(admin, org.slug, ` @${domain.toUpperCase()} `);
    expect(claimed.status).toBe(200);
    expect(claimed.data.claimedDomain).toBe(domain);
    expect((await admin.load(members, `/organisationer/${org.slug}/medlemmar`, { slug: org.slug })).data.domains).toMatchObject([{ domain, status: 'pending' }]);

    // While it waits, a person on the domain is offered nothing.
    const early = person({ email: `tidig-${n}@${domain}` });
    const earlyVisitor = new Visitor(t.services);
    expect((await signInAt(earlyVisitor, early.id)).status).toBe(302);
    expect((await earlyVisitor.load(account, '/konto')).data.joinOffers).toEqual([]);

    const queue = await platform.load(admin_, '/admin');
    expect(queue.data.domainClaims).toEqual(expect.arrayContaining([expect.objectContaining({ domain, organization: expect.objectContaining({ slug: org.slug }) })]));
    const approved = await platform.submit(admin_, '/admin', { intent: 'approve-domain', claimId: await claimIdOf(domain) });
    expect(approved.location).toBe('/admin?klart=doman-godkand#domains');

    // A new person whose provider vouches for an address on the domain: the account, then one click to membership.
    const p = person({ email: `ny-${n}@${domain}` });
    const v = new Visitor(t.services);
    expect((await signInAt(v, p.id)).status).toBe(302);
    const [user] = await t.services.db.select().from(users).where(eq(users.email, p.email));
    expect((await v.load(account, '/konto')).data.joinOffers).toEqual([{ slug: org.slug, name: org.name }]);
    const page = await v.load(organization, `/organisationer/${org.slug}`, { slug: org.slug });
    expect(page.data.directJoin).toEqual({ via: 'domain', domain });
    const joined = await v.submit(organization, `/organisationer/${org.slug}`, { intent: 'join-direct' }, { slug: org.slug });
    expect(joined.location).toBe(`/organisationer/${org.slug}?gick-med=1`);
    expect(await t.services.db.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.userId, user!.id), eq(memberships.organizationId, org.id)))).toEqual([{ role: 'member' }]);
    expect((await v.load(account, '/konto')).data.joinOffers).toEqual([]);

    const audit = await t.services.db.select({ action: auditLog.action, details: auditLog.details }).from(auditLog).where(eq(auditLog.targetId, org.id));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['organization.domain_claimed', 'organization.domain_approved', 'organization.joined_directly']));
    expect(audit.find((a) => a.action === 'organization.joined_directly')!.details).toEqual({ via: 'domain', domain });
  });

  it('public mail domains are refused; a domain is held by one organisation; a rejected claim frees it', async () => {
    const { admin, org, platform } = await orgAdminAndPlatformAdmin();
    for (const publicDomain of ['gmail.com', 'hotmail.com', 'live.se', 'telia.com']) {
      const res = await claim(admin, org.slug, publicDomain);
      expect(res.status).toBe(400);
      expect(res.data.errors.domain.key).toBe('error.domain.public');
    }
    expect((await claim(admin, org.slug, 'inte en domän')).data.errors.domain.key).toBe('error.domain.invalid');

    const domain = freshDomain();
    expect((await claim(admin, org.slug, domain)).status).toBe(200);
    expect((await claim(admin, org.slug, domain)).data.errors.domain.key).toBe('error.domain.alreadyClaimed');
    const otherAdmin = await signedUpVisitor(t.services, 'Annan admin');
    const other = await organizationWith(t.services, { verified: true, members: [[otherAdmin, 'admin']] });
    const taken = await claim(otherAdmin, other.slug, domain);
    expect(taken.status).toBe(409);
    expect(taken.data.errors.domain).toEqual({ key: 'error.domain.taken', params: { domain } });

    // Nobody but a platform admin decides; the organisation's own admin cannot approve its claim.
    const claimId = await claimIdOf(domain);
    expect((await admin.submit(admin_, '/admin', { intent: 'approve-domain', claimId })).status).toBe(403);
    expect((await platform.submit(admin_, '/admin', { intent: 'reject-domain', claimId })).location).toBe('/admin?klart=doman-avslagen#domains');
    expect((await platform.submit(admin_, '/admin', { intent: 'approve-domain', claimId })).status).toBe(403);
    const [rejected] = await t.services.db.select().from(organizationDomains).where(eq(organizationDomains.id, claimId));
    expect(rejected).toMatchObject({ status: 'rejected', decidedBy: platform.userId });
    expect(await t.services.db.select().from(auditLog).where(and(eq(auditLog.action, 'organization.domain_rejected'), eq(auditLog.targetId, org.id)))).toHaveLength(1);
    expect((await claim(otherAdmin, other.slug, domain)).status).toBe(200);

    // A member who is not an admin claims nothing.
    const member = await signedUpVisitor(t.services, 'Medlem');
    await t.services.db.insert(memberships).values({ userId: member.userId, organizationId: org.id, role: 'editor' });
    expect((await claim(member, org.slug, freshDomain())).status).toBe(403);
  });

  it('no one-click join without an approved domain or a confirmed address; nothing written', async () => {
    const { admin, org, platform } = await orgAdminAndPlatformAdmin();
    const domain = freshDomain();
    await claim(admin, org.slug, domain);
    await platform.submit(admin_, '/admin', { intent: 'approve-domain', claimId: await claimIdOf(domain) });
    const unconfirmed = await signedUpVisitor(t.services, 'Obekräftad', { confirmed: false });
    await t.services.db.update(users).set({ email: `obekraftad-${n}@${domain}` }).where(eq(users.id, unconfirmed.userId));
    const outsider = await signedUpVisitor(t.services, 'Utomstående');
    for (const v of [unconfirmed, outsider]) {
      const res = await v.submit(organization, `/organisationer/${org.slug}`, { intent: 'join-direct' }, { slug: org.slug });
      expect(res.status).toBe(403);
      expect(await t.services.db.select().from(memberships).where(and(eq(memberships.userId, v.userId), eq(memberships.organizationId, org.id)))).toEqual([]);
    }
  });

  it('a provider set up with organizationSlug lets the people signed in through it join in one click', async () => {
    const { org } = await orgAdminAndPlatformAdmin();
    const saved = t.services.config;
    t.services.config = { ...saved, OIDC_PROVIDERS: saved.OIDC_PROVIDERS.map((p) => (p.id === 'test' ? { ...p, organizationSlug: org.slug } : p)) };
    try {
      const p = person({ email: `via-${n}@testkommun.se` });
      const v = new Visitor(t.services);
      expect((await signInAt(v, p.id)).status).toBe(302);
      expect((await v.load(account, '/konto')).data.joinOffers).toEqual([{ slug: org.slug, name: org.name }]);
      expect((await v.submit(organization, `/organisationer/${org.slug}`, { intent: 'join-direct' }, { slug: org.slug })).status).toBe(302);
      const [user] = await t.services.db.select().from(users).where(eq(users.email, p.email));
      const [audit] = await t.services.db.select().from(auditLog).where(and(eq(auditLog.actorUserId, user!.id), eq(auditLog.action, 'organization.joined_directly')));
      expect(audit!.details).toEqual({ via: 'provider', provider: 'test' });
    } finally {
      t.services.config = saved;
    }
  });
});

describe('ADMIN_MIN_ACR: platform admins need a sign-in at the required assurance', () => {
  it('refuses a password session and a provider session without the level on every admin door, explains how, and lets the right level in', async () => {
    const adminPerson = await signedUpVisitor(t.services, 'Admin med e-legitimation');
    await t.services.db.update(users).set({ isPlatformAdmin: true }).where(eq(users.id, adminPerson.userId));
    const unverifiedOrg = await organizationWith(t.services, { verified: false, members: [] });
    // Without the setting, the password session administers.
    expect((await adminPerson.load(admin_, '/admin')).data.kind).toBe('admin');

    const saved = t.services.config;
    t.services.config = { ...saved, ADMIN_MIN_ACR: [LOA3] };
    try {
      const page = await adminPerson.load(admin_, '/admin');
      expect(page.status).toBe(403);
      expect(page.data).toMatchObject({ kind: 'assurance', required: LOA3, current: null, providers: [{ id: 'test', available: true }] });
      expect((await adminPerson.submit(admin_, '/admin', { intent: 'reindex' })).status).toBe(403);
      // Other admin doors: verifying an organisation.
      const orgPage = await adminPerson.load(organization, `/organisationer/${unverifiedOrg.slug}`, { slug: unverifiedOrg.slug });
      expect(orgPage.data.can.verify).toBe(false);
      await adminPerson.submit(organization, `/organisationer/${unverifiedOrg.slug}`, { intent: 'verify' }, { slug: unverifiedOrg.slug }).catch(() => undefined);
      expect((await t.services.db.select().from(organizations).where(eq(organizations.id, unverifiedOrg.id)))[0]!.verifiedAt).toBeNull();

      // Link a provider, then sign in through it: without the level, still refused; at it, let in.
      const p = person({ email: `admin-${n}@testkommun.se` });
      expect((await signInAt(adminPerson, p.id, 'test', { link: '1' })).location).toBe('/konto?sso=kopplad');
      const low = new Visitor(t.services);
      expect((await signInAt(low, p.id, 'test', { redirectTo: '/admin' })).location).toBe('/admin');
      expect((await low.load(admin_, '/admin')).data).toMatchObject({ kind: 'assurance', current: null });
      const high = new Visitor(t.services);
      idp.tamper = { kind: 'claims', change: (c) => ({ ...c, acr: LOA3 }) };
      try {
        expect((await signInAt(high, p.id, 'test', { redirectTo: '/admin' })).location).toBe('/admin');
      } finally {
        idp.tamper = { kind: 'none' };
      }
      const allowed = await high.load(admin_, '/admin');
      expect(allowed.status).toBe(200);
      expect(allowed.data.kind).toBe('admin');
      expect((await high.submit(organization, `/organisationer/${unverifiedOrg.slug}`, { intent: 'verify' }, { slug: unverifiedOrg.slug })).location).toBe(`/organisationer/${unverifiedOrg.slug}?klart=verifierad`);
      expect((await t.services.db.select().from(organizations).where(eq(organizations.id, unverifiedOrg.id)))[0]!.verifiedAt).not.toBeNull();
    } finally {
      t.services.config = saved;
    }
  });
});

describe('linking an existing account by a mailed link instead of the password', () => {
  const mailedLink = async (email: string) => {
    const queued = await t.services.db.select().from(jobs).where(and(eq(jobs.kind, MAIL_JOB), sql`${jobs.payload}->>'to' = ${email}`)).orderBy(desc(jobs.id));
    const token = String(queued[0]?.payload.text ?? '').match(/\/koppla-inloggning\/([a-z0-9]+)/)?.[1];
    expect(token).toBeTruthy();
    return { token: token!, path: `/koppla-inloggning/${token}` };
  };

  /** An account made by single sign-on (no password), and a second identity at the provider with its address, waiting. */
  async function pendingForPasswordlessAccount() {
    const first = person();
    const owner = new Visitor(t.services);
    expect((await signInAt(owner, first.id)).status).toBe(302);
    const [user] = await t.services.db.select().from(users).where(eq(users.email, first.email));
    const second = person({ email: first.email });
    const v = new Visitor(t.services);
    expect((await signInAt(v, second.id)).location).toBe('/logga-in?sso=koppla');
    const asked = await v.submit(signIn, '/logga-in', { intent: 'sso-link-mail' });
    expect(asked.data.linkMailSentTo).toBe(first.email);
    return { v, userId: user!.id, email: first.email, second, link: await mailedLink(first.email) };
  }

  it('links and signs in after the link in the mail is confirmed, once', async () => {
    const { v, userId, second, link } = await pendingForPasswordlessAccount();
    // Opening the link (as a mail scanner would) changes nothing; confirming does.
    const page = await v.load(linkMail, link.path, { token: link.token });
    expect(page.status).toBe(200);
    expect(page.data.state).toMatchObject({ kind: 'valid', provider: { sv: 'Testkommunen' } });
    expect(await t.services.db.select().from(userIdentities).where(eq(userIdentities.subject, second.id))).toEqual([]);
    const done = await v.submit(linkMail, link.path, {}, { token: link.token });
    expect(done.location).toBe('/konto?sso=kopplad');
    expect(await t.services.db.select({ userId: userIdentities.userId }).from(userIdentities).where(eq(userIdentities.subject, second.id))).toEqual([{ userId }]);
    expect((await v.load(account, '/konto')).status).toBe(200);
    const audit = await t.services.db.select().from(auditLog).where(and(eq(auditLog.actorUserId, userId), eq(auditLog.action, 'user.sso_linked')));
    expect(audit.map((a) => a.details)).toEqual([{ provider: 'test', byMail: true }]);

    // Reused: refused, nothing more written.
    const before = await counts();
    const again = await new Visitor(t.services).submit(linkMail, link.path, {}, { token: link.token });
    expect(again.status).toBe(410);
    expect(again.data.state).toBe('invalid');
    expect(await counts()).toEqual(before);
  });

  it('an expired link, or one opened while signed in to another account, links nothing', async () => {
    const { userId, second, link } = await pendingForPasswordlessAccount();
    const stranger = await signedUpVisitor(t.services, 'Fel konto');
    const before = await counts();
    expect((await stranger.load(linkMail, link.path, { token: link.token })).data.state.kind).toBe('wrongAccount');
    const wrong = await stranger.submit(linkMail, link.path, {}, { token: link.token });
    expect(wrong.status).toBe(403);
    expect(wrong.data.state).toBe('wrongAccount');
    expect(await counts()).toEqual(before);

    await t.services.db.update(ssoPendingLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(ssoPendingLinks.userId, userId));
    const expired = await new Visitor(t.services).submit(linkMail, link.path, {}, { token: link.token });
    expect(expired.status).toBe(410);
    expect(await counts()).toEqual(before);
    expect(await t.services.db.select().from(userIdentities).where(eq(userIdentities.subject, second.id))).toEqual([]);

    // A made-up token is the same page.
    expect((await new Visitor(t.services).load(linkMail, '/koppla-inloggning/nonsense', { token: 'nonsense' })).status).toBe(410);
  });
});
