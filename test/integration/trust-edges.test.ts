/**
 * Defects from the outside review (issue 11): cookies the app did not set,
 * redirect parameters, reset links after a password change, and slugs that
 * told of other organisations' hidden drafts.
 */
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '#app/auth/session.server.ts';
import * as account from '#app/routes/accounts/account.tsx';
import * as attachment from '#app/routes/content/initiatives/attachment.ts';
import * as attachments from '#app/routes/content/initiatives/attachments.tsx';
import * as forgotPassword from '#app/routes/accounts/forgot-password.tsx';
import * as language from '#app/routes/site/language.tsx';
import * as initiativePage from '#app/routes/content/initiatives/initiative.tsx';
import * as newInitiative from '#app/routes/content/initiatives/new.tsx';
import * as resetPassword from '#app/routes/accounts/reset-password.tsx';
import * as signIn from '#app/routes/accounts/sign-in.tsx';
import * as signUp from '#app/routes/accounts/sign-up.tsx';
import { TEST_ORIGIN, Visitor } from '../support/app.ts';
import { confirmationLinkFor, followConfirmationLink, organizationWith, signedUpVisitor } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp({ smtp: true });

/** Where a browser ends up after following a Location header from this site. */
const landsOn = (location: string | null) => new URL(location!, TEST_ORIGIN);

describe('a malformed cookie from elsewhere on the domain', () => {
  it('is ignored: pages still answer and the session still counts', async () => {
    const v = await signedUpVisitor(app.services, 'Kaka');
    v.cookies.set('x', '%E0%A4%A');
    v.cookies.set('y', '%');
    const page = await v.load(account, '/konto');
    expect(page.status).toBe(200);
    expect(page.data.user.email).toBe(v.email);

    const anonymous = new Visitor(app.services);
    anonymous.cookies.set('x', '%E0%A4%A');
    expect((await anonymous.load(signIn, '/logga-in')).status).toBe(200);
  });
});

describe('redirect parameters stay on this site', () => {
  // Each of these, as the browser resolves it, leaves the origin (or broke the response).
  const hostile = [
    '/%09/evil.example/phish', // decoded by the query parser to "/\t/evil…", which browsers read as "//evil…"
    '/\t/evil.example/phish',
    '/\n/evil.example',
    '/\\evil.example',
    '//evil.example',
    '/.//evil.example',
    'https://evil.example/',
    '/konto\r\nSet-Cookie: x=1',
  ];

  it('the review’s link /logga-in?redirectTo=/%09/evil.example/phish keeps a signed-in visitor here', async () => {
    const v = await signedUpVisitor(app.services);
    const res = await v.load(signIn, '/logga-in?redirectTo=/%09/evil.example/phish');
    expect(res.status).toBe(302);
    expect(landsOn(res.location).origin).toBe(TEST_ORIGIN);
  });

  it.each(hostile)('a signed-in visitor opening /logga-in?redirectTo=%j stays here', async (to) => {
    const v = await signedUpVisitor(app.services);
    const res = await v.load(signIn, `/logga-in?redirectTo=${encodeURIComponent(to)}`);
    expect(res.status).toBe(302);
    expect(landsOn(res.location).origin).toBe(TEST_ORIGIN);
    expect(res.location).not.toMatch(/[\u0000-\u001f\\]/); // eslint-disable-line no-control-regex
  });

  it.each(hostile)('POST /logga-in and POST /sprak with redirectTo=%j stay here', async (to) => {
    const v = await signedUpVisitor(app.services);
    const email = v.email;
    const fresh = new Visitor(app.services);
    const signedIn = await fresh.submit(signIn, '/logga-in', { email, password: 'correct horse battery', redirectTo: to });
    expect(signedIn.status).toBe(302);
    expect(landsOn(signedIn.location).origin).toBe(TEST_ORIGIN);
    const switched = await fresh.submit(language, '/sprak', { lang: 'en', redirectTo: to });
    expect(switched.status).toBe(302);
    expect(landsOn(switched.location).origin).toBe(TEST_ORIGIN);
  });

  it('a newline in redirectTo on /registrera is refused before the account is made, not a 500 after', async () => {
    const v = new Visitor(app.services);
    const res = await v.submit(signUp, '/registrera', { name: 'Ny Person', email: 'newline.redirect@x.se', password: 'correct horse battery', redirectTo: '/konto\nX: y' });
    expect(res.status).toBe(302);
    expect(res.location).toBe('/registrera/skickat');
    // The account exists, and its confirmation link leads to the safe default, not to the header-splitting path.
    const link = await confirmationLinkFor(app.services, 'newline.redirect@x.se');
    expect(link).not.toBeNull();
    expect(link!.redirectTo).toBeUndefined();
    const confirmed = await followConfirmationLink(v, link!);
    expect(confirmed.location).toMatch(/^\/konto(\?|$)/);
    expect(v.cookies.get(SESSION_COOKIE)).toBeTruthy();
  });

  it('keeps same-site paths with their query and fragment', async () => {
    const v = await signedUpVisitor(app.services);
    const res = await v.load(signIn, `/logga-in?redirectTo=${encodeURIComponent('/sok?q=läxhjälp&typ=initiative#traffar')}`);
    expect(res.location).toBe('/sok?q=l%C3%A4xhj%C3%A4lp&typ=initiative#traffar');
  });
});

describe('reset links end when the password changes', () => {
  async function requestReset(email: string) {
    await new Visitor(app.services).submit(forgotPassword, '/glomt-losenord', { email });
    await app.deliverMail();
    return app.smtp.inbox(email).at(-1)!.text.match(/aterstall-losenord\/([a-z0-9]+)/)![1]!;
  }
  const useLink = (token: string, password: string) => new Visitor(app.services).submit(resetPassword, '/x', { password }, { token });

  it('a link asked for before POST /konto changed the password no longer works', async () => {
    const v = await signedUpVisitor(app.services, 'Byter');
    const token = await requestReset(v.email);
    const changed = await v.submit(account, '/konto', { intent: 'change-password', currentPassword: 'correct horse battery', newPassword: 'ett nytt långt lösenord' });
    expect(changed.data.passwordChanged).toBe(true);

    expect((await new Visitor(app.services).load(resetPassword, '/x', { token })).status).toBe(410);
    expect((await useLink(token, 'angriparens lösenord')).status).toBe(410);
    expect((await new Visitor(app.services).submit(signIn, '/logga-in', { email: v.email, password: 'ett nytt långt lösenord' })).status).toBe(302);
  });

  it('of two outstanding links, the second dies when the first is used', async () => {
    const v = await signedUpVisitor(app.services, 'Två länkar');
    const first = await requestReset(v.email);
    const second = await requestReset(v.email);
    expect(first).not.toBe(second);
    expect((await useLink(first, 'första nya lösenordet')).status).toBe(302);
    expect((await useLink(second, 'andra nya lösenordet')).status).toBe(410);
    expect((await new Visitor(app.services).submit(signIn, '/logga-in', { email: v.email, password: 'första nya lösenordet' })).status).toBe(302);
  });
});

/** A draft initiative written through the real form; returns its slug. */
async function createInitiative(v: Visitor, organizationId: string, title: string) {
  const doc = JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Text.' }] }] });
  const res = await v.submitPairs(newInitiative, '/insatser/ny', [
    ['organizationId', organizationId],
    ['title', title],
    ['summary', 'En kort sammanfattning.'],
    ['body', doc],
    ['status', 'ongoing'],
    ['startDate', '2024-01-01'],
    ['themes', 'education'],
    ['targetGroups', 'children'],
    ['successFactors', 'collaboration'],
    ['areaCodes', '1280'],
  ]);
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  return res.location!.split('?')[0]!.split('/').pop()!;
}

describe('slugs tell nothing of content the author may not see', () => {
  it('a title taken by another organisation’s hidden draft gives the same kind of slug as a free one', async () => {
    const [hidden, other] = await Promise.all([signedUpVisitor(app.services, 'Dold'), signedUpVisitor(app.services, 'Annan')]);
    const hiddenOrg = await organizationWith(app.services, { verified: true, members: [[hidden, 'editor']] });
    const otherOrg = await organizationWith(app.services, { verified: true, members: [[other, 'editor']] });

    const draft = await createInitiative(hidden, hiddenOrg.id, 'Hemlig satsning i Gottsunda');
    const taken = await createInitiative(other, otherOrg.id, 'Hemlig satsning i Gottsunda');
    const free = await createInitiative(other, otherOrg.id, 'Öppen satsning i Gottsunda');

    // Both read as title + random suffix, so neither says whether a hidden draft has the title.
    expect(free).toMatch(/^oppen-satsning-i-gottsunda-[a-z2-9]{5}$/);
    expect(taken).toMatch(/^hemlig-satsning-i-gottsunda-[a-z2-9]{5}$/);
    expect(taken).not.toBe(draft);
  });
});

describe('attachments with awkward names, and a refused upload without JavaScript', () => {
  const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  it.each(['budget; 2024.pdf', 'a=b; c=d.pdf', 'Årsrapport; bilaga=2.pdf'])(
    'accepts the upload of %j (sent as browsers send it) and serves it with a well-formed Content-Disposition',
    async (name) => {
      const editor = await signedUpVisitor(app.services, 'Bilagor');
      const org = await organizationWith(app.services, { verified: true, members: [[editor, 'editor']] });
      const slug = await createInitiative(editor, org.id, `Bilaga ${name}`);
      // undici's FormData puts the name into the part header as is, like Chromium: filename="budget; 2024.pdf".
      const up = await editor.upload(attachments, '/x', { name, bytes: pdf, type: 'application/pdf' }, { slug });
      expect(up.status, JSON.stringify(up.data)).toBe(302);
      const page = await editor.load(initiativePage, `/insatser/${slug}`, { slug });
      const stored = page.data.attachments.at(-1) as { id: string; filename: string };
      expect(stored.filename).toBe(name);
      const file = await editor.load(attachment, '/x', { slug, id: stored.id });
      expect(file.status).toBe(200);
      const header = file.headers.get('content-disposition')!;
      expect(header).toMatch(/^inline; filename="[^"\\;=]*"; filename\*=UTF-8''[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
      expect(decodeURIComponent(header.split("UTF-8''")[1]!)).toBe(name);
    },
  );

  it('the upload page renders (it does not redirect), so a refused upload posted without JavaScript shows why', async () => {
    const editor = await signedUpVisitor(app.services, 'Utan JS');
    const org = await organizationWith(app.services, { verified: true, members: [[editor, 'editor']] });
    const slug = await createInitiative(editor, org.id, 'Bilaga utan JavaScript');
    // A document POST runs the action and then this loader for the same page: a redirect here loses the message.
    const page = await editor.load(attachments, `/insatser/${slug}/bilagor`, { slug });
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ slug, title: 'Bilaga utan JavaScript' });
    const refused = await editor.upload(attachments, `/insatser/${slug}/bilagor`, { name: 'inte.pdf', bytes: new TextEncoder().encode('<html></html>') }, { slug });
    expect(refused.status).toBe(415);
    expect(refused.data.errors.file.key).toBe('error.file.unsupported');
    // A draft stays hidden from others here too.
    expect((await new Visitor(app.services).load(attachments, `/insatser/${slug}/bilagor`, { slug })).status).toBe(404);
    // Once published, readers who may not attach are sent to the initiative.
    const published = await editor.submit(initiativePage, `/insatser/${slug}`, { intent: 'publish', visibility: 'public', version: '1' }, { slug });
    expect(published.status, JSON.stringify(published.data)).toBe(302);
    const reader = await new Visitor(app.services).load(attachments, `/insatser/${slug}/bilagor`, { slug });
    expect(reader.status).toBe(302);
    expect(reader.location).toBe(`/insatser/${slug}#attachments`);
  });
});
