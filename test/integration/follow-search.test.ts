/**
 * Following a saved search (issue 16): follow the words and filters of a
 * search from the search page; a newly published piece that the search finds
 * (asked of the real Meilisearch, restricted to that piece) reaches the
 * followers who may read it, once each, alongside their other follows.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as followsPage from '#app/routes/accounts/follows.tsx';
import * as inbox from '#app/routes/notifications/inbox.tsx';
import * as search from '#app/routes/site/search.tsx';
import { followNotices, follows, initiatives, notificationPreferences } from '#db/schema/index.server.ts';
import { draftInitiative, setInitiativeState } from '../support/initiatives.ts';
import { Visitor } from '../support/app.ts';
import { organizationWith, signedUpVisitor, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp({ smtp: true, search: true });
let publisher: Person;
let orgId: string;

beforeAll(async () => {
  publisher = await signedUpVisitor(app.services, 'Pia Publicerar');
  orgId = (await organizationWith(app.services, { verified: true, members: [[publisher, 'editor']] })).id;
});

const follow = (v: Visitor, key: string, redirectTo = '') => v.submit(followsPage, '/konto/foljer', { intent: 'follow', kind: 'search', key, redirectTo });

const SEARCH_DOC = JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Frivilliga hjälper barn med läxorna varje vecka.' }] }] });
const createInitiative = (title: string, opts: { area?: string; theme?: string } = {}) =>
  draftInitiative(publisher, orgId, title, { ...opts, body: SEARCH_DOC, startDate: '2024-01-01' });
const setPublishing = (slug: string, fields: Record<string, string>) => setInitiativeState(publisher, slug, fields);
const publish = (slug: string, visibility: 'public' | 'partners') => setPublishing(slug, { intent: 'publish', visibility, groupId: '' });
const unpublish = (slug: string) => setPublishing(slug, { intent: 'unpublish' });

async function followedInInbox(v: Visitor): Promise<string[]> {
  const page = await v.load(inbox, '/aviseringar');
  return page.data.notifications.filter((n: { messageKey: string }) => n.messageKey.startsWith('notifications.followed.')).map((n: { params: { title: string } }) => n.params.title);
}

async function freshFollower(name: string, opts: { verifiedOrg?: boolean } = {}) {
  const person = await signedUpVisitor(app.services, name);
  if (opts.verifiedOrg) await organizationWith(app.services, { verified: true, members: [[person, 'member']] });
  return person;
}

/** Follows the search at this address from the search page's own button, as a reader would; returns the key it saved. */
async function followFromSearchPage(v: Visitor, query: string): Promise<string> {
  const page = await v.load(search, `/sok?${query}`);
  expect(page.data.follow, query).toMatchObject({ signedIn: true, canFollow: true, following: false, target: { kind: 'search' } });
  const { key } = page.data.follow.target;
  const res = await follow(v, key, `/sok?${query}`);
  expect(res.status).toBe(303);
  expect(res.location).toBe(`/sok?${query}`);
  expect((await v.load(search, `/sok?${query}`)).data.follow.following).toBe(true);
  return key;
}

describe('following a search', () => {
  it('follows the words and filters of a search from the search page, twice being a quiet no-op, listed and removed on the account page', async () => {
    const reader = await freshFollower('Sara Sökare');
    // The key keeps the words and filters (not the order or the page), whatever their case and spacing.
    const key = await followFromSearchPage(reader, 'q=L%C3%A4xhj%C3%A4lp++Malm%C3%B6&tema=education&sortera=nyast&sida=2');
    expect(key).toBe('q=l%C3%A4xhj%C3%A4lp+malm%C3%B6&tema=education');
    expect((await reader.load(search, '/sok?tema=education&q=l%C3%A4xhj%C3%A4lp%20malm%C3%B6')).data.follow.following).toBe(true);
    expect((await follow(reader, key)).status).toBe(200);
    expect(await app.services.db.select().from(follows).where(eq(follows.userId, reader.userId))).toHaveLength(1);

    const listed = await reader.load(followsPage, '/konto/foljer');
    expect(listed.data.follows).toEqual([expect.objectContaining({ kind: 'search', key, search: { q: 'läxhjälp malmö', filters: expect.objectContaining({ theme: 'education' }), areaName: null } })]);
    expect((await reader.submit(followsPage, '/konto/foljer', { intent: 'unfollow', kind: 'search', key })).data).toEqual({ done: 'unfollow' });
    expect(await app.services.db.select().from(follows).where(eq(follows.userId, reader.userId))).toEqual([]);
  });

  it('offers no button for a search of everything or of groups, and refuses a key the search page would not make', async () => {
    const reader = await freshFollower('Nils Nej');
    expect((await reader.load(search, '/sok')).data.follow).toBeNull();
    expect((await reader.load(search, '/sok?typ=group')).data.follow).toBeNull();
    expect((await new Visitor(app.services).load(search, '/sok?q=skola')).data.follow).toMatchObject({ signedIn: false, canFollow: false });
    for (const key of ['', 'sortera=nyast', 'tema=weather', 'tema=education&q=skola', 'q=Skola', 'typ=thread', 'q=' + 'x'.repeat(201), 'omrade=9']) {
      expect((await follow(reader, key)).status, key).toBe(400);
    }
    expect(await app.services.db.select().from(follows).where(eq(follows.userId, reader.userId))).toEqual([]);
  });
});

describe('telling the followers of a search', () => {
  it('tells those whose search finds the new piece and who may read it, once each across their follows, and nobody else', async () => {
    const partner = await freshFollower('Per Partner', { verifiedOrg: true });
    const outsider = await freshFollower('Olof Ute');
    const elsewhere = await freshFollower('Cilla Cykel', { verifiedOrg: true });
    const wrongTheme = await freshFollower('Tea Tema', { verifiedOrg: true });
    const double = await freshFollower('Dubbel Följare', { verifiedOrg: true });
    await app.services.db.insert(notificationPreferences).values([partner, double].map((p) => ({ userId: p.userId, kind: 'followed' as const, delivery: 'immediate' as const })));
    // A typo and another form of the word still find it, as on the search page.
    await followFromSearchPage(partner, 'q=l%C3%A4xhjalp&omrade=1280');
    await followFromSearchPage(outsider, 'q=l%C3%A4xhj%C3%A4lp');
    await followFromSearchPage(elsewhere, 'q=cykelbana');
    await followFromSearchPage(wrongTheme, 'q=l%C3%A4xhj%C3%A4lp&tema=housing');
    await followFromSearchPage(publisher, 'q=l%C3%A4xhj%C3%A4lp');
    // This one also follows the kommun: still one notice (and one mail) for the piece.
    await followFromSearchPage(double, 'q=biblioteket&typ=initiative');
    expect((await double.submit(followsPage, '/konto/foljer', { intent: 'follow', kind: 'area', key: '1280' })).status).toBe(200);

    const slug = await createInitiative('Läxhjälp på biblioteket');
    await app.deliverMail();
    expect(await followedInInbox(partner)).toEqual([]);
    await publish(slug, 'partners');
    await app.deliverMail(); // the search sync and the saved-search match run as jobs, then the mail
    for (const p of [partner, double]) {
      expect(await followedInInbox(p)).toEqual(['Läxhjälp på biblioteket']);
      expect(app.smtp.inbox(p.email)).toHaveLength(1);
    }
    // Partners only: the follower without a verified organisation may not read it and hears nothing (no notice is even made).
    expect(await followedInInbox(outsider)).toEqual([]);
    const [{ id }] = (await app.services.db.select({ id: initiatives.id }).from(initiatives).where(eq(initiatives.slug, slug))) as [{ id: string }];
    const noticed = async () => (await app.services.db.select().from(followNotices).where(eq(followNotices.contentId, id))).map((n) => n.userId).sort();
    expect(await noticed()).toEqual([partner.userId, double.userId].sort());
    expect(await followedInInbox(elsewhere)).toEqual([]);
    expect(await followedInInbox(wrongTheme)).toEqual([]);
    expect(await followedInInbox(publisher)).toEqual([]);

    // Republished for everyone: now the outsider may read it and hears of it; nobody twice.
    await unpublish(slug);
    await publish(slug, 'public');
    await app.deliverMail();
    expect(await followedInInbox(outsider)).toEqual(['Läxhjälp på biblioteket']);
    for (const p of [partner, double]) {
      expect(await followedInInbox(p)).toEqual(['Läxhjälp på biblioteket']);
      expect(app.smtp.inbox(p.email)).toHaveLength(1);
    }
    expect(await noticed()).toEqual([partner.userId, outsider.userId, double.userId].sort());
  });

  it('tells nobody of a piece unpublished before the match ran', async () => {
    const follower = await freshFollower('Vera Väntar', { verifiedOrg: true });
    await followFromSearchPage(follower, 'q=simskola');
    const slug = await createInitiative('Simskola för vuxna', { theme: 'health' });
    await publish(slug, 'public');
    await unpublish(slug);
    await app.deliverMail();
    expect(await followedInInbox(follower)).toEqual([]);
  });
});
