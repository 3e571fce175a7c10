/** Similar initiatives on an initiative page (issue 16): ranked by what they share, never one the reader may not open. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as initiativePage from '#app/routes/content/initiatives/initiative.tsx';
import * as newInitiative from '#app/routes/content/initiatives/new.tsx';
import { Visitor } from '../support/app.ts';
import { organizationWith, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp();
let editor: Person;
let partner: Person;
let orgId: string;

beforeAll(async () => {
  [editor, partner] = await app.people('Eva Redaktör', 'Pär Partner');
  orgId = (await organizationWith(app.services, { verified: true, members: [[editor, 'editor']] })).id;
  await organizationWith(app.services, { verified: true, members: [[partner, 'member']] });
});

const doc = JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Text.' }] }] });
async function initiative(title: string, f: { theme: string; factor: string; target: string; area: string }, visibility: 'public' | 'partners' | null) {
  const res = await editor.submitPairs(newInitiative, '/insatser/ny', [
    ['organizationId', orgId],
    ['title', title],
    ['summary', 'Kort.'],
    ['body', doc],
    ['status', 'ongoing'],
    ['themes', f.theme],
    ['targetGroups', f.target],
    ['successFactors', f.factor],
    ['areaCodes', f.area],
  ]);
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  const slug = res.location!.split('?')[0]!.split('/').pop()!;
  if (visibility) {
    const current = await editor.load(initiativePage, '/x', { slug });
    expect((await editor.submit(initiativePage, '/x', { intent: 'publish', visibility, version: String(current.data.initiative.version) }, { slug })).status).toBe(302);
  }
  return slug;
}

describe('similar initiatives', () => {
  it('lists up to five published ones that share themes, factors, target groups or areas, only those the reader may open', async () => {
    const like = { theme: 'education', factor: 'collaboration', target: 'children', area: '1280' };
    const main = await initiative('Läxhjälp i Malmö', like, 'public');
    const closest = await initiative('Läxhjälp i Rosengård', like, 'public');
    const sameCounty = await initiative('Läxhjälp i Lund', { ...like, area: '1281' }, 'public');
    const partnersOnly = await initiative('Läxhjälp för partner', like, 'partners');
    const draft = await initiative('Läxhjälp, utkast', like, null);
    const unrelated = await initiative('Äldreträffar i Kiruna', { theme: 'health', factor: 'long_term', target: 'elderly', area: '2584' }, 'public');
    const similar = async (v: Visitor) => (await v.load(initiativePage, '/x', { slug: main })).data.similar.map((s: { slug: string }) => s.slug);

    const anonymous = new Visitor(app.services);
    const forAnyone = await similar(anonymous);
    expect(forAnyone[0]).toBe(closest);
    expect(forAnyone).toContain(sameCounty);
    expect(forAnyone.indexOf(closest)).toBeLessThan(forAnyone.indexOf(sameCounty));
    for (const hidden of [partnersOnly, draft, unrelated, main]) expect(forAnyone).not.toContain(hidden);

    expect(await similar(partner)).toContain(partnersOnly);
    expect(await similar(partner)).not.toContain(draft);

    for (let n = 0; n < 5; n++) await initiative(`Läxhjälp nummer ${n}`, like, 'public');
    expect(await similar(anonymous)).toHaveLength(5);

    // The ranking itself keeps to the reader's scope: five newer partners-only twins never crowd the public ones out.
    const twins: string[] = [];
    for (let n = 0; n < 5; n++) twins.push(await initiative(`Läxhjälp för partner ${n}`, like, 'partners'));
    const afterTwins = await similar(anonymous);
    expect(afterTwins).toHaveLength(5);
    for (const twin of twins) expect(afterTwins).not.toContain(twin);
    expect(await similar(partner)).toEqual(twins.toReversed());
  });
});
