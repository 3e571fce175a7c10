/**
 * Comments in the search index (issue 16): the questions and comments on an
 * item are searchable only where the item is public, and never once hidden.
 * Against the real Meilisearch, through the search page's loader.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as initiativePage from '#app/routes/content/initiatives/initiative.tsx';
import * as search from '#app/routes/site/search.tsx';
import { Visitor } from '../support/app.ts';
import { organizationWith, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';
import { publishedInitiative as publishInitiative, setInitiativeState } from '../support/initiatives.ts';

const app = setUpTestApp({ search: true });
let author: Person;
let partner: Person;
let orgId: string;

beforeAll(async () => {
  [author, partner] = await app.people('Anna Författare', 'Per Partner');
  orgId = (await organizationWith(app.services, { verified: true, members: [[author, 'editor']] })).id;
  await organizationWith(app.services, { verified: true, members: [[partner, 'member']] });
});

const publishedInitiative = (title: string, visibility: 'public' | 'partners') => publishInitiative(author, orgId, title, visibility);
const setState = (slug: string, fields: Record<string, string>) => setInitiativeState(author, slug, fields);
const write = (v: Visitor, slug: string, fields: Record<string, string>) => v.submit(initiativePage, `/insatser/${slug}`, fields, { slug });

/** The paths a reader's search finds, after the outbox has brought the index up to date. */
async function found(v: Visitor, q: string): Promise<string[]> {
  await app.deliverMail(); // drains every due job, the search sync among them
  const res = await v.load(search, `/sok?q=${encodeURIComponent(q)}`);
  return res.data.result.hits.map((h: { path: string }) => h.path);
}

describe('comments in the search index', () => {
  it('finds a public item by its comments, an item for partners never by them (not even for partners), and a hidden comment for nobody', async () => {
    const open = await publishedInitiative('Öppen insats', 'public');
    const closed = await publishedInitiative('Partnerinsats', 'partners');
    expect((await write(partner, open, { intent: 'comment-add', commentBody: 'Hur många zebrafinkar deltog?' })).status).toBe(302);
    expect((await write(partner, closed, { intent: 'comment-add', commentBody: 'Var ligger pelikanhuset?' })).status).toBe(302);

    const anonymous = new Visitor(app.services);
    expect(await found(anonymous, 'zebrafinkar')).toEqual([`/insatser/${open}`]);
    expect(await found(anonymous, 'pelikanhuset')).toEqual([]);
    // The partner may read the item and its comment on its page, but its comments are not in the index at all.
    expect(await found(partner, 'pelikanhuset')).toEqual([]);
    expect(await found(partner, 'Partnerinsats')).toEqual([`/insatser/${closed}`]);

    // Made partners-only, the public item's comments leave the index with it.
    await setState(open, { intent: 'unpublish' });
    await setState(open, { intent: 'publish', visibility: 'partners', groupId: '' });
    expect(await found(partner, 'zebrafinkar')).toEqual([]);
    await setState(open, { intent: 'unpublish' });
    await setState(open, { intent: 'publish', visibility: 'public', groupId: '' });
    expect(await found(anonymous, 'zebrafinkar')).toEqual([`/insatser/${open}`]);

    // Hidden by the owning organisation's editor: gone from search.
    const [c] = (await author.load(initiativePage, `/insatser/${open}`, { slug: open })).data.comments.comments;
    expect((await write(author, open, { intent: 'comment-hide', commentId: c.id, hideReason: 'Handlar inte om insatsen' })).status).toBe(302);
    expect(await found(anonymous, 'zebrafinkar')).toEqual([]);
  });

  it('follows an edit and a deletion', async () => {
    const slug = await publishedInitiative('Insats med fråga', 'public');
    expect((await write(partner, slug, { intent: 'comment-add', commentBody: 'Finns det flamingodammar?' })).status).toBe(302);
    const anonymous = new Visitor(app.services);
    expect(await found(anonymous, 'flamingodammar')).toEqual([`/insatser/${slug}`]);
    const [c] = (await partner.load(initiativePage, `/insatser/${slug}`, { slug })).data.comments.comments;
    expect((await write(partner, slug, { intent: 'comment-edit', commentId: c.id, commentBody: 'Finns det tranbärsmossar?' })).status).toBe(302);
    expect(await found(anonymous, 'flamingodammar')).toEqual([]);
    expect(await found(anonymous, 'tranbärsmossar')).toEqual([`/insatser/${slug}`]);
    expect((await write(partner, slug, { intent: 'comment-delete', commentId: c.id })).status).toBe(302);
    expect(await found(anonymous, 'tranbärsmossar')).toEqual([]);
  });
});
