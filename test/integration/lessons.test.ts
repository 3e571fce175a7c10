import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as initiativePage from '#app/routes/content/initiatives/initiative.tsx';
import * as newInitiative from '#app/routes/content/initiatives/new.tsx';
import * as history from '#app/routes/content/history.tsx';
import * as edit from '#app/routes/content/edit.tsx';
import * as newLesson from '#app/routes/content/lessons/new.tsx';
import * as page from '#app/routes/content/lessons/lesson.tsx';
import * as browse from '#app/routes/content/lessons/list.tsx';
import * as feed from '#app/routes/feeds/atom-feed.ts';
import { lessons } from '#db/schema/index.server.ts';
import { Visitor } from '../support/app.ts';
import { organizationWith, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp();
let editor: Person;
let otherEditor: Person;
let partner: Person;
let orgId: string;
let otherOrgId: string;
let initiativeId: string;
let initiativeSlug: string;
let foreignInitiativeId: string;

const doc = (text: string) => JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

beforeAll(async () => {
  [editor, otherEditor, partner] = await app.people('Editor', 'Other', 'Partner');
  orgId = (await organizationWith(app.services, { verified: true, members: [[editor, 'editor']] })).id;
  otherOrgId = (await organizationWith(app.services, { verified: true, members: [[otherEditor, 'admin'], [partner, 'member']] })).id;
  const mine = await editor.submit(newInitiative, '/insatser/ny', { organizationId: orgId, title: 'Språkcafé', summary: 'S', status: 'ongoing', bodyText: 'Text' });
  initiativeSlug = mine.location!.split('?')[0]!.split('/').pop()!;
  const theirs = await otherEditor.submit(newInitiative, '/insatser/ny', { organizationId: otherOrgId, title: 'Främmande insats', summary: 'S', status: 'ongoing', bodyText: 'Text' });
  expect(theirs.status).toBe(302);
  const choices = (await editor.load(newLesson, '/lardomar/ny')).data.initiatives;
  initiativeId = choices.find((c: { label: string }) => c.label === 'Språkcafé').value;
  foreignInitiativeId = (await otherEditor.load(newLesson, '/lardomar/ny')).data.initiatives[0].value;
});

const lessonFields = (overrides: Record<string, string> = {}) => ({
  organizationId: orgId,
  title: 'Språkcaféet behövde fasta tider',
  summary: 'Det som höll i längden var förutsägbarhet.',
  initiativeId,
  whatWorked: doc('Fasta tider och samma värdar varje vecka.'),
  whatDidNot: doc('Drop-in utan struktur lockade få.'),
  recommendations: doc('Börja smått och håll i det.'),
  ...overrides,
});

async function create(overrides: Record<string, string> = {}) {
  const res = await editor.submit(newLesson, '/lardomar/ny', lessonFields(overrides));
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  return res.location!.split('?')[0]!.split('/').pop()!;
}

describe('lessons learned', () => {
  it('is written as a draft linked to an initiative, then published for partners and shown on the initiative', async () => {
    const slug = await create();
    const draft = await editor.load(page, '/x', { slug });
    expect(draft.data.lesson.state).toBe('draft');
    expect(draft.data.html.whatDidNot).toBe('<p>Drop-in utan struktur lockade få.</p>');
    expect(draft.data.initiative).toEqual({ slug: initiativeSlug, title: 'Språkcafé' });
    expect((await partner.load(page, '/x', { slug })).status).toBe(404);
    const res = await editor.submit(page, '/x', { intent: 'publish', visibility: 'partners', version: '1' }, { slug });
    expect(res.status).toBe(302);
    expect((await partner.load(page, '/x', { slug })).status).toBe(200);
    expect((await new Visitor(app.services).load(page, '/x', { slug })).status).toBe(404);
    expect((await partner.load(browse, '/lardomar')).data.lessons.map((l: { slug: string }) => l.slug)).toContain(slug);
    expect((await new Visitor(app.services).load(browse, '/lardomar')).data.lessons.map((l: { slug: string }) => l.slug)).not.toContain(slug);
    // The initiative (a draft) lists it for its editors.
    expect((await editor.load(initiativePage, '/x', { slug: initiativeSlug })).data.lessons).toEqual([{ slug, title: 'Språkcaféet behövde fasta tider' }]);
  });

  it('can stand free, and works without JavaScript (plain text sections); a public one is in the feed', async () => {
    const slug = await create({ title: 'Fristående', initiativeId: '', whatWorked: '', whatWorkedText: 'Första.\n\nAndra.' });
    await editor.submit(page, '/x', { intent: 'publish', visibility: 'public', version: '1' }, { slug });
    const atom = await new Visitor(app.services).load(feed, '/flode');
    expect(atom.data).toContain(`http://samverka.test/lardomar/${slug}`);
    expect(atom.data).toContain('<category term="lärdom"/>');
    const read = await editor.load(page, '/x', { slug });
    expect(read.data.initiative).toBeNull();
    expect(read.data.html.whatWorked).toBe('<p>Första.</p><p>Andra.</p>');
  });

  it('refuses linking to another organisation’s initiative, and writes nothing', async () => {
    const [before] = await app.services.db.select({ n: sql<number>`count(*)::int` }).from(lessons);
    const res = await editor.submit(newLesson, '/lardomar/ny', lessonFields({ initiativeId: foreignInitiativeId }));
    expect(res.status).toBe(400);
    expect(res.data.errors.initiativeId.key).toBe('error.initiative.unknown');
    expect(res.data.values.title).toBe('Språkcaféet behövde fasta tider');
    const [after] = await app.services.db.select({ n: sql<number>`count(*)::int` }).from(lessons);
    expect(after!.n).toBe(before!.n);
  });

  it('handles a conflict and restores an earlier version', async () => {
    const slug = await create({ title: 'Versioner' });
    expect((await editor.submit(edit, `/lardomar/${slug}/redigera`, { ...lessonFields({ title: 'Versioner', summary: 'Andra' }), version: '1' }, { slug })).status).toBe(302);
    const clash = await editor.submit(edit, `/lardomar/${slug}/redigera`, { ...lessonFields({ title: 'Versioner', summary: 'Krockar' }), version: '1' }, { slug });
    expect(clash.status).toBe(409);
    expect(clash.data.conflict.changes.map((c: { field: string }) => c.field)).toEqual(['summary']);
    expect(clash.data.values.summary).toBe('Krockar');
    const restore = await editor.submit(history, `/lardomar/${slug}/historik`, { restore: '1', version: '2' }, { slug });
    expect(restore.status).toBe(302);
    expect((await editor.load(page, '/x', { slug })).data.lesson).toMatchObject({ summary: 'Det som höll i längden var förutsägbarhet.', version: 3 });
    expect((await otherEditor.load(edit, `/lardomar/${slug}/redigera`, { slug })).status).toBe(404); // a draft of another organisation
  });
});
