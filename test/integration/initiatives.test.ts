import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as attachment from '#app/routes/content/initiatives/attachment.ts';
import * as attachments from '#app/routes/content/initiatives/attachments.tsx';
import * as edit from '#app/routes/content/edit.tsx';
import * as history from '#app/routes/content/history.tsx';
import * as newInitiative from '#app/routes/content/initiatives/new.tsx';
import * as page from '#app/routes/content/initiatives/initiative.tsx';
import * as browse from '#app/routes/content/initiatives/list.tsx';
import * as feed from '#app/routes/feeds/atom-feed.ts';
import * as openData from '#app/routes/feeds/open-data.ts';
import * as organizationPage from '#app/routes/organizations/organization.tsx';
import { attachments as attachmentTable, contentRevisions, initiatives, organizations } from '#db/schema/index.server.ts';
import { Visitor } from '../support/app.ts';
import { organizationWith, signedUpVisitor, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp();
let editor: Person; // editor of a verified kommun
let coEditor: Person; // second editor of the same organisation
let member: Person; // plain member of the same organisation
let partner: Person; // member of another verified organisation
let outsider: Person; // signed in, no organisation
let unverifiedEditor: Person;
let orgId: string;
let anonymous: Visitor;

beforeAll(async () => {
  [editor, coEditor, member, partner, outsider, unverifiedEditor] = await app.people('Editor', 'Co-editor', 'Member', 'Partner', 'Outsider', 'Unverified');
  const org = await organizationWith(app.services, { verified: true, members: [[editor, 'editor'], [coEditor, 'admin'], [member, 'member']] });
  orgId = org.id;
  await organizationWith(app.services, { verified: true, sector: 'civilsamhalle', members: [[partner, 'member']] });
  await organizationWith(app.services, { verified: false, members: [[unverifiedEditor, 'admin']] });
  anonymous = new Visitor(app.services);
});

const doc = (text: string) => JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

function fields(overrides: Record<string, string | string[]> = {}) {
  const base: Record<string, string | string[]> = {
    organizationId: orgId,
    title: 'Läxhjälp i Rosengård',
    summary: 'Läxhjälp tre kvällar i veckan på biblioteket.',
    body: doc('Vi startade läxhjälpen hösten 2022.'),
    status: 'ongoing',
    startDate: '2022-08-15',
    endDate: '',
    themes: ['education', 'children_youth'],
    targetGroups: ['children'],
    successFactors: ['early_preventive', 'collaboration'],
    areaCodes: ['1280'],
    fundingSource: 'Statsbidrag',
    fundingAmountSek: '450 000',
    ...overrides,
  };
  return base;
}

/** URL-encodes repeated fields the way a browser sends multi-selects and checkboxes. */
async function post(v: Visitor, route: Parameters<Visitor['submit']>[0], path: string, data: Record<string, string | string[]>, params: Record<string, string> = {}) {
  const flat: [string, string][] = Object.entries(data).flatMap(([k, val]) => (Array.isArray(val) ? val.map((x) => [k, x] as [string, string]) : [[k, val] as [string, string]]));
  return v.submitPairs(route, path, flat, params);
}

async function create(v: Person, overrides: Record<string, string | string[]> = {}) {
  const res = await post(v, newInitiative, '/insatser/ny', fields(overrides));
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  return res.location!.split('?')[0]!.split('/').pop()!;
}

async function publish(v: Person, slug: string, visibility: 'public' | 'partners') {
  const current = await v.load(page, `/insatser/${slug}`, { slug });
  const res = await v.submit(page, `/insatser/${slug}`, { intent: 'publish', visibility, version: String(current.data.initiative.version) }, { slug });
  expect(res.status, JSON.stringify(res.data)).toBe(302);
}

describe('writing and publishing', () => {
  it('creates a draft that only the organisation’s editors see', async () => {
    const slug = await create(editor);
    expect(slug).toMatch(/^laxhjalp-i-rosengard-[a-z2-9]{5}$/);
    const own = await editor.load(page, `/insatser/${slug}`, { slug });
    expect(own.status).toBe(200);
    expect(own.data.initiative).toMatchObject({ state: 'draft', version: 1, fundingAmountSek: 450000, themes: ['education', 'children_youth'] });
    expect(own.data.areas.map((a: { name: string }) => a.name)).toEqual(['Malmö']);
    expect(own.data.can).toMatchObject({ edit: true, publish: true });
    expect((await coEditor.load(page, '/x', { slug })).status).toBe(200);
    for (const reader of [anonymous, member, partner, outsider]) expect((await reader.load(page, '/x', { slug })).status).toBe(404);
  });

  it('publishes for everyone: visible signed out, listed and in the feed', async () => {
    const slug = await create(editor, { title: 'Feriejobb för unga i Malmö', themes: ['work'] });
    await publish(editor, slug, 'public');
    const read = await anonymous.load(page, `/insatser/${slug}`, { slug });
    expect(read.status).toBe(200);
    expect(read.data.bodyHtml).toContain('<p>Vi startade läxhjälpen hösten 2022.</p>');
    const list = await anonymous.load(browse, '/insatser');
    expect(list.data.initiatives.map((i: { slug: string }) => i.slug)).toContain(slug);
    const atom = await anonymous.load(feed, '/flode?tema=work');
    expect(atom.headers.get('content-type')).toContain('application/atom+xml');
    expect(atom.data).toContain(`<link rel="alternate" type="text/html" href="http://samverka.test/insatser/${slug}"/>`);
    const otherTheme = await anonymous.load(feed, '/flode?tema=health');
    expect(otherTheme.data).not.toContain(slug);
    const byArea = await anonymous.load(feed, '/flode?omrade=12'); // Skåne län includes Malmö
    expect(byArea.data).toContain(slug);
    expect((await anonymous.load(feed, '/flode?omrade=01')).data).not.toContain(slug); // Stockholms län does not
    // The owning organisation's page lists its published work.
    const orgSlug = (await anonymous.load(page, '/x', { slug })).data.organization.slug;
    const orgPage = await anonymous.load(organizationPage, '/x', { slug: orgSlug });
    expect(orgPage.data.published).toContainEqual({ href: `/insatser/${slug}`, title: 'Feriejobb för unga i Malmö', kind: 'initiative' });
  });

  it('publishes for partners: members of verified organisations only, never in feeds or open data', async () => {
    const slug = await create(editor, { title: 'Partnerinsats om trygghet' });
    await publish(editor, slug, 'partners');
    expect((await anonymous.load(page, '/x', { slug })).status).toBe(404);
    expect((await outsider.load(page, '/x', { slug })).status).toBe(404);
    expect((await unverifiedEditor.load(page, '/x', { slug })).status).toBe(404);
    expect((await partner.load(page, '/x', { slug })).status).toBe(200);
    expect((await member.load(page, '/x', { slug })).status).toBe(200);
    const slugsFor = async (v: Visitor) => (await v.load(browse, '/insatser')).data.initiatives.map((i: { slug: string }) => i.slug);
    expect(await slugsFor(partner)).toContain(slug);
    expect(await slugsFor(anonymous)).not.toContain(slug);
    expect(await slugsFor(outsider)).not.toContain(slug);
    expect((await partner.load(feed, '/flode')).data).not.toContain(slug);
    const csv = await partner.load(openData, '/oppna-data/insatser.csv');
    expect(csv.data).not.toContain(slug);
    const json = await anonymous.load(openData, '/oppna-data/insatser.json');
    expect(JSON.stringify(json.data)).not.toContain(slug);
  });

  it('exports public initiatives as CSV and JSON with area codes, themes and success factors', async () => {
    const slug = await create(editor, { title: '=HYPERLINK("evil") Språkcafé', areaCodes: ['1280', '0180'] });
    await publish(editor, slug, 'public');
    const json = await anonymous.load(openData, '/oppna-data/insatser.json');
    const row = json.data.initiatives.find((i: { url: string }) => i.url.endsWith(slug));
    expect(row).toMatchObject({ areaCodes: ['0180', '1280'], themes: ['education', 'children_youth'], successFactors: ['early_preventive', 'collaboration'], sector: 'kommun' });
    const csv = await anonymous.load(openData, '/oppna-data/insatser.csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const line = (csv.data as string).split('\r\n').find((l) => l.includes(slug))!;
    expect(line).toContain(`"'=HYPERLINK(""evil"") Språkcafé"`); // formula neutralised, quotes escaped
    expect(line).toContain('0180;1280');
  });

  it('lets only editors of a verified organisation publish', async () => {
    const slug = await create(unverifiedEditor, { organizationId: (await unverifiedEditor.load(newInitiative, '/insatser/ny')).data.options.owners[0].value });
    const res = await unverifiedEditor.submit(page, '/x', { intent: 'publish', visibility: 'public', version: '1' }, { slug });
    expect(res.status).toBe(403);
    const mine = await create(editor, { title: 'Medlem får inte publicera' });
    await publish(editor, mine, 'public');
    const byMember = await member.submit(page, '/x', { intent: 'unpublish', version: '2' }, { slug: mine });
    expect(byMember.status).toBe(403);
    expect((await member.load(edit, `/insatser/${mine}/redigera`, { slug: mine })).status).toBe(403);
  });

  it('refuses archiving a draft with 403 and writes nothing (archived content is readable)', async () => {
    const slug = await create(editor, { title: 'Utkast som inte får arkiveras' });
    const before = await stateOf(slug);
    const res = await editor.submit(page, '/x', { intent: 'archive', version: String(before.version) }, { slug });
    expect(res.status).toBe(403);
    expect(await stateOf(slug)).toEqual(before);
    expect((await anonymous.load(page, '/x', { slug })).status).toBe(404);
  });

  it('refuses unpublishing and changing visibility once the organisation is no longer verified', async () => {
    const lapsed = await signedUpVisitor(app.services, 'Lapsed');
    const org = await organizationWith(app.services, { verified: true, members: [[lapsed, 'editor']] });
    const slug = await create(lapsed, { organizationId: org.id, title: 'Verifieringen togs bort' });
    await publish(lapsed, slug, 'public');
    await app.services.db.update(organizations).set({ verifiedAt: null }).where(eq(organizations.id, org.id));
    const before = await stateOf(slug);
    const unpublish = await lapsed.submit(page, '/x', { intent: 'unpublish', version: String(before.version) }, { slug });
    expect(unpublish.status).toBe(403);
    const republish = await lapsed.submit(page, '/x', { intent: 'publish', visibility: 'partners', version: String(before.version) }, { slug });
    expect(republish.status).toBe(403);
    expect(await stateOf(slug)).toEqual(before);
  });

  it('refuses writing for an organisation the user is not an editor of', async () => {
    const before = await countInitiatives();
    const res = await post(member, newInitiative, '/insatser/ny', fields());
    expect(res.status).toBe(403);
    expect(res.data.errors.organizationId.key).toBe('error.organization.notEditor');
    expect(await countInitiatives()).toBe(before);
  });

  it('unpublishes and archives: out of listings, archived still readable', async () => {
    const slug = await create(editor, { title: 'Arkiveras snart' });
    await publish(editor, slug, 'public');
    let version = (await editor.load(page, '/x', { slug })).data.initiative.version;
    await editor.submit(page, '/x', { intent: 'archive', version: String(version) }, { slug });
    expect((await anonymous.load(page, '/x', { slug })).data.initiative.state).toBe('archived');
    expect((await anonymous.load(browse, '/insatser')).data.initiatives.map((i: { slug: string }) => i.slug)).not.toContain(slug);
    version = (await editor.load(page, '/x', { slug })).data.initiative.version;
    await publish(editor, slug, 'public');
    version = (await editor.load(page, '/x', { slug })).data.initiative.version;
    await editor.submit(page, '/x', { intent: 'unpublish', version: String(version) }, { slug });
    expect((await anonymous.load(page, '/x', { slug })).status).toBe(404);
  });
});

/** The stored publishing state and how many revisions it has: unchanged when a write is refused. */
async function stateOf(slug: string) {
  const [row] = await app.services.db.select({ id: initiatives.id, state: initiatives.state, visibility: initiatives.visibility, version: initiatives.version }).from(initiatives).where(eq(initiatives.slug, slug));
  const [revisions] = await app.services.db.select({ n: sql<number>`count(*)::int` }).from(contentRevisions).where(eq(contentRevisions.contentId, row!.id));
  return { ...row!, revisions: revisions!.n };
}

const countInitiatives = async () => (await app.services.db.select({ n: sql<number>`count(*)::int` }).from(initiatives))[0]!.n;

describe('bad input', () => {
  it.each([
    ['end before start', { startDate: '2024-05-01', endDate: '2024-04-30' }, 'endDate', 'error.date.endBeforeStart'],
    ['impossible date', { startDate: '2024-02-30' }, 'startDate', 'error.date.invalid'],
    ['unknown area code', { areaCodes: ['1280', '9999'] }, 'areaCodes', 'error.area.unknown'],
    ['a district is not offered', { areaCodes: ['SE'] }, 'areaCodes', 'error.area.unknown'],
    ['unknown partner organisation', { partnerIds: ['00000000-0000-4000-8000-000000000000'] }, 'partnerIds', 'error.organization.unknown'],
    ['malformed partner id', { partnerIds: ['nope'] }, 'partnerIds', 'error.organization.unknown'],
    ['unknown inspiration', { inspiredBy: 'finns-inte-alls' }, 'inspiredBy', 'error.initiative.unknown'],
    ['unknown theme', { themes: ['astrology'] }, 'themes', 'error.choice.invalid'],
    ['missing title', { title: '' }, 'title', 'error.required'],
    ['over-long title', { title: 'x'.repeat(201) }, 'title', 'error.tooLong'],
    ['broken body JSON', { body: '{"type":"doc","content":[' }, 'body', 'error.body.invalid'],
    ['bad amount', { fundingAmountSek: 'mycket' }, 'fundingAmountSek', 'error.number.invalid'],
    ['javascript evaluation link', { evaluationUrl: 'javascript:alert(1)' }, 'evaluationUrl', 'error.url.invalid'],
  ])('%s → a field error and nothing written', async (_label, overrides, field, key) => {
    const before = await countInitiatives();
    const res = await post(editor, newInitiative, '/insatser/ny', fields(overrides));
    expect(res.status).toBe(400);
    expect(res.data.errors[field]?.key, JSON.stringify(res.data.errors)).toBe(key);
    expect(res.data.values.title).toBe(fields(overrides).title); // the user's text comes back
    expect(await countInitiatives()).toBe(before);
  });

  it('stores a hostile body sanitised and renders it inert', async () => {
    const hostile = JSON.stringify({
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: '<script>alert(1)</script>', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] },
        { type: 'iframe', attrs: { src: 'https://evil.example' } },
        { type: 'paragraph', attrs: { onclick: 'alert(1)' }, content: [{ type: 'text', text: 'ok', marks: [{ type: 'link', attrs: { href: 'https://example.org' } }] }] },
      ],
    });
    const slug = await create(editor, { title: 'Fientlig text', body: hostile });
    const [row] = await app.services.db.select().from(initiatives).where(eq(initiatives.slug, slug));
    expect(JSON.stringify(row!.body)).not.toMatch(/javascript:|iframe|onclick/);
    const html = (await editor.load(page, '/x', { slug })).data.bodyHtml as string;
    expect(html).not.toMatch(/<script|javascript:|<iframe|onclick=/);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('href="https://example.org"');
  });

  it('falls back to plain text when the editor did not run (no JavaScript)', async () => {
    const slug = await create(editor, { title: 'Utan JavaScript', body: '', bodyText: 'Första stycket.\n\nAndra stycket.' });
    const html = (await editor.load(page, '/x', { slug })).data.bodyHtml as string;
    expect(html).toBe('<p>Första stycket.</p><p>Andra stycket.</p>');
  });
});

describe('revisions and conflicts', () => {
  it('keeps every save as a revision, diffs any two and restores an old one as a new revision', async () => {
    const slug = await create(editor, { title: 'Historik', body: doc('Första versionen.') });
    const v1 = (await editor.load(edit, `/insatser/${slug}/redigera`, { slug })).data;
    expect(v1.version).toBe(1);
    const saved = await post(editor, edit, `/insatser/${slug}/redigera`, { ...fields({ title: 'Historik', body: doc('Andra versionen.') }), version: '1' }, { slug });
    expect(saved.status).toBe(302);
    const hist = await editor.load(history, `/insatser/${slug}/historik?fran=1&till=2`, { slug });
    expect(hist.data.revisions.map((r: { version: number; action: string }) => [r.version, r.action])).toEqual([[2, 'edit'], [1, 'create']]);
    const body = hist.data.changes.find((c: { field: string }) => c.field === 'body');
    expect(body.lines).toEqual([
      { type: 'removed', text: 'Första versionen.' },
      { type: 'added', text: 'Andra versionen.' },
    ]);
    const restored = await editor.submit(history, `/insatser/${slug}/historik`, { restore: '1', version: '2' }, { slug });
    expect(restored.status).toBe(302);
    const after = await editor.load(page, '/x', { slug });
    expect(after.data.bodyHtml).toContain('Första versionen.');
    expect(after.data.initiative.version).toBe(3);
    const revs = await app.services.db.select().from(contentRevisions).where(eq(contentRevisions.contentId, (await app.services.db.select().from(initiatives).where(eq(initiatives.slug, slug)))[0]!.id));
    expect(revs.map((r) => r.action).sort()).toEqual(['create', 'edit', 'restore']);
    // History is for editors only, even once the initiative is public.
    await publish(editor, slug, 'public');
    expect((await member.load(history, `/insatser/${slug}/historik`, { slug })).status).toBe(403);
    expect((await anonymous.load(history, `/insatser/${slug}/historik`, { slug })).status).toBe(302);
  });

  it('gives the second of two editors saving the same version a conflict, keeps their text and writes nothing', async () => {
    const slug = await create(editor, { title: 'Krock', body: doc('Ursprunglig text.') });
    const first = await post(editor, edit, `/insatser/${slug}/redigera`, { ...fields({ title: 'Krock', summary: 'Ny sammanfattning från Editor.' }), version: '1' }, { slug });
    expect(first.status).toBe(302);
    const second = await post(coEditor, edit, `/insatser/${slug}/redigera`, { ...fields({ title: 'Krock', body: doc('Min viktiga text som inte får försvinna.') }), version: '1' }, { slug });
    expect(second.status).toBe(409);
    expect(second.data.conflict.changedBy).toBe('Editor');
    expect(second.data.conflict.version).toBe(2);
    expect(second.data.conflict.changes.map((c: { field: string }) => c.field)).toContain('summary');
    expect(JSON.stringify(second.data.values.body)).toContain('Min viktiga text som inte får försvinna.');
    const stored = await editor.load(page, '/x', { slug });
    expect(stored.data.initiative.summary).toBe('Ny sammanfattning från Editor.');
    expect(stored.data.initiative.version).toBe(2);
    // Saving again from the new version goes through.
    const again = await post(coEditor, edit, `/insatser/${slug}/redigera`, { ...fields({ title: 'Krock', body: doc('Min viktiga text som inte får försvinna.') }), version: '2' }, { slug });
    expect(again.status).toBe(302);
  });

  it('records "adapted from" on both pages', async () => {
    const source = await create(editor, { title: 'Originalet' });
    await publish(editor, source, 'public');
    const copy = await create(editor, { title: 'Kopian', inspiredBy: `http://samverka.test/insatser/${source}` });
    await publish(editor, copy, 'public');
    expect((await anonymous.load(page, '/x', { slug: copy })).data.inspiredBy).toEqual([{ slug: source, title: 'Originalet' }]);
    expect((await anonymous.load(page, '/x', { slug: source })).data.inspired).toEqual([{ slug: copy, title: 'Kopian' }]);
  });

  it('offers as inspiration only initiatives the writer may read (the policy module decides)', async () => {
    const draft = await create(editor, { title: 'Ett opublicerat utkast' });
    const forPartners = await create(editor, { title: 'Bara för partner' });
    await publish(editor, forPartners, 'partners');
    const open = await create(editor, { title: 'För alla att inspireras av' });
    await publish(editor, open, 'public');
    const offered = async (p: Person) => ((await p.load(newInitiative, '/insatser/ny')).data.options.inspirations as { value: string }[]).map((o) => o.value);
    expect(await offered(editor)).toEqual(expect.arrayContaining([draft, forPartners, open]));
    // A plain member of the same organisation does not see its drafts, so is not offered them.
    const memberSees = await offered(member);
    expect(memberSees).toEqual(expect.arrayContaining([forPartners, open]));
    expect(memberSees).not.toContain(draft);
    const partnerSees = await offered(partner);
    expect(partnerSees).toEqual(expect.arrayContaining([forPartners, open]));
    expect(partnerSees).not.toContain(draft);
    const outsiderSees = await offered(outsider);
    expect(outsiderSees).toContain(open);
    expect(outsiderSees).not.toContain(forPartners);
    expect(outsiderSees).not.toContain(draft);
    // An initiative is not offered as its own inspiration.
    const editing = await editor.load(edit, `/insatser/${open}/redigera`, { slug: open });
    expect((editing.data.options.inspirations as { value: string }[]).map((o) => o.value)).not.toContain(open);
  });
});

describe('attachments', () => {
  const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);

  it('stores a PDF checked by content and serves it safely, following the initiative’s visibility', async () => {
    const slug = await create(editor, { title: 'Med bilaga' });
    const up = await editor.upload(attachments, '/x', { name: 'Utvärdering Rosengård.pdf', bytes: pdf }, { slug });
    expect(up.status).toBe(302);
    const [row] = await app.services.db.select().from(attachmentTable);
    expect(row).toMatchObject({ filename: 'Utvärdering Rosengård.pdf', mediaType: 'application/pdf', size: pdf.length });
    // Draft: not for the public, not even by a guessed id.
    expect((await anonymous.load(attachment, '/x', { slug, id: row!.id })).status).toBe(404);
    await publish(editor, slug, 'public');
    const file = await anonymous.load(attachment, '/x', { slug, id: row!.id });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-disposition')).toContain("filename*=UTF-8''Utv%C3%A4rdering%20Rosenga%CC%8Ard.pdf".slice(0, 30));
    expect(Buffer.from(file.data).equals(Buffer.from(pdf))).toBe(true);
    // An id from another initiative is a 404 here.
    const other = await create(editor, { title: 'Annan insats' });
    expect((await editor.load(attachment, '/x', { slug: other, id: row!.id })).status).toBe(404);
    // Removing it takes row and file away.
    expect((await member.submit(attachment, '/x', { intent: 'remove' }, { slug, id: row!.id })).status).toBe(403);
    expect((await editor.submit(attachment, '/x', { intent: 'remove' }, { slug, id: row!.id })).status).toBe(302);
    expect(await app.services.db.select().from(attachmentTable).where(eq(attachmentTable.id, row!.id))).toEqual([]);
  });

  it.each([
    ['a PNG named .pdf', { name: 'rapport.pdf', bytes: png }, 415, 'error.file.mismatch'],
    ['an HTML page named .docx', { name: 'rapport.docx', bytes: new TextEncoder().encode('<html><script>alert(1)</script></html>') }, 415, 'error.file.unsupported'],
    ['an empty file', { name: 'tom.pdf', bytes: new Uint8Array() }, 415, 'error.file.empty'],
    ['a file over 20 MB', { name: 'stor.pdf', bytes: new Uint8Array(20 * 1024 * 1024 + 10).fill(0x25) }, 413, 'error.file.tooLarge'],
  ])('refuses %s and stores nothing', async (_label, file, status, key) => {
    const slug = await create(editor, { title: `Bilagefel ${key}` });
    const before = (await app.services.db.select().from(attachmentTable)).length;
    const res = await editor.upload(attachments, '/x', file, { slug });
    expect(res.status).toBe(status);
    expect(res.data.errors.file.key).toBe(key);
    expect((await app.services.db.select().from(attachmentTable)).length).toBe(before);
  });
});
