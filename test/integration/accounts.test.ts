import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '#app/auth/session.server.ts';
import * as account from '#app/routes/accounts/account.tsx';
import * as forgotPassword from '#app/routes/accounts/forgot-password.tsx';
import * as resetPassword from '#app/routes/accounts/reset-password.tsx';
import * as signIn from '#app/routes/accounts/sign-in.tsx';
import * as signOut from '#app/routes/accounts/sign-out.tsx';
import * as signUp from '#app/routes/accounts/sign-up.tsx';
import { auditLog, loginThrottle, passwordResetTokens, sessions, users } from '#db/schema/index.server.ts';
import { Visitor } from '../support/app.ts';
import { confirmationLinkFor, followConfirmationLink } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp({ smtp: true });

const userCount = async () => (await app.services.db.select({ n: sql<number>`count(*)::int` }).from(users))[0]!.n;

async function registered(email: string, password = 'correct horse battery') {
  const v = new Visitor(app.services);
  const res = await v.submit(signUp, '/registrera', { name: 'Test Person', email, password });
  expect(res.status).toBe(302);
  // The confirmation link signs in.
  expect((await followConfirmationLink(v, (await confirmationLinkFor(app.services, email, { markRead: true }))!)).status).toBe(302);
  return v;
}

describe('sign up', () => {
  it('creates the account, and its confirmation link signs in with a hashed session and sends the visitor on', async () => {
    const v = new Visitor(app.services);
    const signedUp = await v.submit(signUp, '/registrera', { name: 'Sara Ek', email: 'Sara.Ek@Kommun.se', password: 'långt lösenord' });
    expect(signedUp.status).toBe(302);
    expect(signedUp.location).toBe('/registrera/skickat');
    expect(v.cookies.has(SESSION_COOKIE)).toBe(false); // not signed in until the address is confirmed
    const res = await followConfirmationLink(v, (await confirmationLinkFor(app.services, 'sara.ek@kommun.se', { markRead: true }))!);
    expect(res.status).toBe(302);
    expect(res.location).toBe('/konto?epost=bekraftad');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(SESSION_COOKIE))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // plain http in tests; https PUBLIC_URL adds it
    const token = v.cookies.get(SESSION_COOKIE)!;
    expect(token.length).toBeGreaterThanOrEqual(32); // 160 bits in base32
    const [user] = await app.services.db.select().from(users).where(eq(users.email, 'sara.ek@kommun.se'));
    expect(user!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const stored = await app.services.db.select().from(sessions).where(eq(sessions.userId, user!.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).not.toBe(token); // only the hash is stored
    expect(stored[0]!.id).toMatch(/^[0-9a-f]{64}$/);
    const days = (stored[0]!.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    const page = await v.load(account, '/konto');
    expect(page.data.user.email).toBe('sara.ek@kommun.se');
  });

  it.each([
    ['malformed email', { name: 'X', email: 'inte-en-adress', password: 'långt lösenord' }, 'email', 'error.email.invalid', 400],
    ['short password', { name: 'X', email: 'ny@x.se', password: 'kort' }, 'password', 'error.password.short', 400],
    ['long password', { name: 'X', email: 'ny@x.se', password: 'x'.repeat(256) }, 'password', 'error.password.long', 400],
    ['missing name', { name: '  ', email: 'ny@x.se', password: 'långt lösenord' }, 'name', 'error.required', 400],
    ['over-long name', { name: 'n'.repeat(121), email: 'ny@x.se', password: 'långt lösenord' }, 'name', 'error.tooLong', 400],
  ])('refuses %s with a field error and writes nothing', async (_label, fields, field, key, status) => {
    const before = await userCount();
    const v = new Visitor(app.services);
    const res = await v.submit(signUp, '/registrera', fields);
    expect(res.status).toBe(status);
    expect(res.data.errors[field].key).toBe(key);
    expect(v.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await userCount()).toBe(before);
  });
});

describe('sign in and out', () => {
  it('signs in with the right password and out again, ending the session', async () => {
    await registered('in.out@x.se');
    const v = new Visitor(app.services);
    const res = await v.submit(signIn, '/logga-in', { email: 'IN.OUT@x.se', password: 'correct horse battery', redirectTo: '/organisationer' });
    expect(res.status).toBe(302);
    expect(res.location).toBe('/organisationer');
    expect((await v.load(account, '/konto')).status).toBe(200);
    const out = await v.submit(signOut, '/logga-ut', {});
    expect(out.headers.getSetCookie()[0]).toMatch(/Max-Age=0/);
    expect(v.cookies.has(SESSION_COOKIE)).toBe(false);
    const again = await v.load(account, '/konto');
    expect(again.status).toBe(302);
    expect(again.location).toBe('/logga-in?redirectTo=%2Fkonto');
  });

  it('never redirects off-site after sign-in', async () => {
    await registered('redirect@x.se');
    const v = new Visitor(app.services);
    const res = await v.submit(signIn, '/logga-in', { email: 'redirect@x.se', password: 'correct horse battery', redirectTo: '//evil.example/' });
    expect(res.location).toBe('/');
  });

  it('gives the same answer for a wrong password and an unknown account', async () => {
    await registered('wrong.pw@x.se');
    const wrong = await new Visitor(app.services).submit(signIn, '/logga-in', { email: 'wrong.pw@x.se', password: 'nope nope nope' });
    const unknown = await new Visitor(app.services).submit(signIn, '/logga-in', { email: 'nobody@x.se', password: 'nope nope nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.data.errors).toEqual(unknown.data.errors);
    expect(wrong.data.errors.form.key).toBe('auth.signIn.failed');
  });

  it('rejects a forged or expired session cookie', async () => {
    const v = await registered('expired@x.se');
    const token = v.cookies.get(SESSION_COOKIE)!;
    const forged = new Visitor(app.services);
    forged.cookies.set(SESSION_COOKIE, 'a'.repeat(32));
    expect((await forged.load(account, '/konto')).status).toBe(302);
    const [user] = await app.services.db.select().from(users).where(eq(users.email, 'expired@x.se'));
    await app.services.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.userId, user!.id));
    expect((await v.load(account, '/konto')).status).toBe(302);
    expect(await app.services.db.select().from(sessions).where(eq(sessions.userId, user!.id))).toHaveLength(0);
    expect(token).toBeTruthy();
  });

  it('renews a session that is used when less than 15 days remain', async () => {
    const v = await registered('renew@x.se');
    const [user] = await app.services.db.select().from(users).where(eq(users.email, 'renew@x.se'));
    await app.services.db.update(sessions).set({ expiresAt: new Date(Date.now() + 5 * 86_400_000) }).where(eq(sessions.userId, user!.id));
    await v.load(account, '/konto');
    const [session] = await app.services.db.select().from(sessions).where(eq(sessions.userId, user!.id));
    expect((session!.expiresAt.getTime() - Date.now()) / 86_400_000).toBeGreaterThan(29.9);
  });
});

describe('throttling failed sign-ins', () => {
  it('locks the account after five failures, even with the right password, across visitors', async () => {
    await registered('locked@x.se');
    for (let i = 0; i < 5; i++) {
      const res = await new Visitor(app.services, `198.51.100.${i}`).submit(signIn, '/logga-in', { email: 'locked@x.se', password: 'wrong wrong' });
      expect(res.status).toBe(401);
    }
    const blocked = await new Visitor(app.services, '198.51.100.99').submit(signIn, '/logga-in', { email: 'locked@x.se', password: 'correct horse battery' });
    expect(blocked.status).toBe(429);
    expect(blocked.data.errors.form.key).toBe('auth.signIn.throttled');
    expect(blocked.data.errors.form.params.minutes).toBeGreaterThanOrEqual(14);
    const [row] = await app.services.db.select().from(loginThrottle).where(eq(loginThrottle.key, 'account:locked@x.se'));
    expect(row!.failures).toBe(5);
  });

  it('locks an IP address that tries many accounts', async () => {
    const ip = '203.0.113.7';
    for (let i = 0; i < 30; i++) await new Visitor(app.services, ip).submit(signIn, '/logga-in', { email: `spray${i}@x.se`, password: 'guess guess' });
    await registered('victim@x.se');
    const res = await new Visitor(app.services, ip).submit(signIn, '/logga-in', { email: 'victim@x.se', password: 'correct horse battery' });
    expect(res.status).toBe(429);
    const elsewhere = await new Visitor(app.services, '203.0.113.8').submit(signIn, '/logga-in', { email: 'victim@x.se', password: 'correct horse battery' });
    expect(elsewhere.status).toBe(302);
  });

  it('clears the account counter after a successful sign-in', async () => {
    await registered('clears@x.se');
    await new Visitor(app.services).submit(signIn, '/logga-in', { email: 'clears@x.se', password: 'wrong wrong' });
    await new Visitor(app.services).submit(signIn, '/logga-in', { email: 'clears@x.se', password: 'correct horse battery' });
    expect(await app.services.db.select().from(loginThrottle).where(eq(loginThrottle.key, 'account:clears@x.se'))).toHaveLength(0);
  });
});

describe('password change and sign out everywhere', () => {
  it('changes the password and ends every other session, keeping this one', async () => {
    const here = await registered('change@x.se');
    const elsewhere = new Visitor(app.services);
    await elsewhere.submit(signIn, '/logga-in', { email: 'change@x.se', password: 'correct horse battery' });
    const res = await here.submit(account, '/konto', { intent: 'change-password', currentPassword: 'correct horse battery', newPassword: 'ett nytt långt lösenord' });
    expect(res.data.passwordChanged).toBe(true);
    expect((await here.load(account, '/konto')).status).toBe(200);
    expect((await elsewhere.load(account, '/konto')).status).toBe(302);
    const old = await new Visitor(app.services).submit(signIn, '/logga-in', { email: 'change@x.se', password: 'correct horse battery' });
    expect(old.status).toBe(401);
    const fresh = await new Visitor(app.services).submit(signIn, '/logga-in', { email: 'change@x.se', password: 'ett nytt långt lösenord' });
    expect(fresh.status).toBe(302);
  });

  it('refuses a wrong current password or a too-short new one and keeps the old password', async () => {
    const v = await registered('nochange@x.se');
    const wrong = await v.submit(account, '/konto', { intent: 'change-password', currentPassword: 'not it at all', newPassword: 'ett nytt långt lösenord' });
    expect(wrong.status).toBe(400);
    expect(wrong.data.errors.currentPassword.key).toBe('error.password.wrong');
    const short = await v.submit(account, '/konto', { intent: 'change-password', currentPassword: 'correct horse battery', newPassword: 'kort' });
    expect(short.data.errors.newPassword.key).toBe('error.password.short');
    const still = await new Visitor(app.services).submit(signIn, '/logga-in', { email: 'nochange@x.se', password: 'correct horse battery' });
    expect(still.status).toBe(302);
  });

  it('signs out everywhere', async () => {
    const a = await registered('everywhere@x.se');
    const b = new Visitor(app.services);
    await b.submit(signIn, '/logga-in', { email: 'everywhere@x.se', password: 'correct horse battery' });
    const res = await a.submit(account, '/konto', { intent: 'sign-out-everywhere' });
    expect(res.status).toBe(302);
    expect((await a.load(account, '/konto')).status).toBe(302);
    expect((await b.load(account, '/konto')).status).toBe(302);
  });
});

describe('password reset by email', () => {
  async function requestReset(email: string) {
    const res = await new Visitor(app.services).submit(forgotPassword, '/glomt-losenord', { email });
    expect(res.status).toBe(200);
    await app.deliverMail();
    const mail = app.smtp.inbox(email).at(-1);
    return { res, mail, token: mail?.text.match(/aterstall-losenord\/([a-z0-9]+)/)?.[1] };
  }

  it('mails a single-use link that sets a new password, ends old sessions and signs in', async () => {
    const old = await registered('reset@x.se');
    const { mail, token } = await requestReset('reset@x.se');
    expect(mail!.subject).toBe('Återställ ditt lösenord i Samverka');
    expect(mail!.text).toContain('http://samverka.test/aterstall-losenord/');
    const [stored] = await app.services.db.select().from(passwordResetTokens).innerJoin(users, eq(users.id, passwordResetTokens.userId)).where(eq(users.email, 'reset@x.se'));
    expect(stored!.password_reset_tokens.tokenHash).not.toBe(token);
    expect((stored!.password_reset_tokens.expiresAt.getTime() - Date.now()) / 60_000).toBeCloseTo(60, 0);

    const v = new Visitor(app.services);
    expect((await v.load(resetPassword, `/aterstall-losenord/${token}`, { token: token! })).status).toBe(200);
    const res = await v.submit(resetPassword, `/aterstall-losenord/${token}`, { password: 'helt nytt lösenord' }, { token: token! });
    expect(res.status).toBe(302);
    expect((await v.load(account, '/konto')).status).toBe(200);
    expect((await old.load(account, '/konto')).status).toBe(302);

    // Used once: the same link is now gone.
    const reuse = await new Visitor(app.services).submit(resetPassword, `/aterstall-losenord/${token}`, { password: 'ett tredje lösenord' }, { token: token! });
    expect(reuse.status).toBe(410);
    expect((await new Visitor(app.services).submit(signIn, '/logga-in', { email: 'reset@x.se', password: 'helt nytt lösenord' })).status).toBe(302);
  });

  it('refuses an expired link and leaves the password alone', async () => {
    await registered('expired.reset@x.se');
    const { token } = await requestReset('expired.reset@x.se');
    await app.services.db.update(passwordResetTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(sql`true`);
    const res = await new Visitor(app.services).submit(resetPassword, '/x', { password: 'helt nytt lösenord' }, { token: token! });
    expect(res.status).toBe(410);
    expect((await new Visitor(app.services).load(resetPassword, '/x', { token: token! })).status).toBe(410);
    expect((await new Visitor(app.services).submit(signIn, '/logga-in', { email: 'expired.reset@x.se', password: 'correct horse battery' })).status).toBe(302);
  });

  it('answers the same for an unknown address, and sends nothing', async () => {
    const before = app.smtp.received.length;
    const { res } = await requestReset('ingen.alls@x.se');
    expect(res.data.sentTo).toBe('ingen.alls@x.se');
    expect(app.smtp.received.length).toBe(before);
  });

  it('keeps the token valid when the new password is too short', async () => {
    await registered('short.reset@x.se');
    const { token } = await requestReset('short.reset@x.se');
    const res = await new Visitor(app.services).submit(resetPassword, '/x', { password: 'kort' }, { token: token! });
    expect(res.status).toBe(400);
    expect(res.data.errors.password.key).toBe('error.password.short');
    expect((await new Visitor(app.services).load(resetPassword, '/x', { token: token! })).status).toBe(200);
  });
});

describe('audit log', () => {
  it('records sign-up, sign-in failures and password changes', async () => {
    const rows = await app.services.db.select({ action: auditLog.action }).from(auditLog);
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['user.sign_up', 'user.sign_in', 'user.sign_in_failed', 'user.sign_out', 'user.password_changed', 'user.password_reset', 'user.sign_out_everywhere']) {
      expect(actions, a).toContain(a);
    }
    const failed = await app.services.db.select().from(auditLog).where(and(eq(auditLog.action, 'user.sign_in_failed'), sql`${auditLog.details}->>'email' = 'locked@x.se'`));
    expect(failed.length).toBeGreaterThanOrEqual(5);
    expect(failed[0]!.ip).toMatch(/^198\.51\.100\./);
  });
});
