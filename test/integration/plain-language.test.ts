/**
 * Issue 14: the plain-language summary ("Lättläst sammanfattning") of initiatives and lessons — saved and kept
 * in the history, shown to readers behind the Lättläst switch, searchable, in the API and the open data, and
 * refused with a clear error when too long — and "Skriv en lärdom" from an initiative's page.
 */
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as edit from '#app/routes/content/edit.tsx';
import * as newInitiative from '#app/routes/content/initiatives/new.tsx';
import * as page from '#app/routes/content/initiatives/initiative.tsx';
import * as newLesson from '#app/routes/content/lessons/new.tsx';
import * as lessonPage from '#app/routes/content/lessons/lesson.tsx';
import * as search from '#app/routes/site/search.tsx';
import * as openData from '#app/routes/feeds/open-data.ts';
import * as apiInitiatives from '#app/routes/api/initiatives.ts';
import * as apiLessons from '#app/routes/api/lessons.ts';
import { PLAIN_SUMMARY_MAX_LENGTH } from '#app/forms/validation.ts';
import { canWriteLessonFor } from '#app/policy.ts';
import { contentRevisions, initiatives, lessons } from '#db/schema/index.server.ts';
import { highlightParts } from '#search/query.ts';
import { Visitor } from '../support/app.ts';
import { organizationWith, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp({ search: true });
let editor: Person; // editor of a verified kommun
let member: Person; // plain member of the same kommun
let otherEditor: Person; // editor of another verified organisation
let orgId: string;
let otherOrgId: string;
const anonymous = () => new Visitor(app.services);

beforeAll(async () => {
  [editor, member, otherEditor] = await app.people('Editor', 'Member', 'Other editor');
  orgId = (await organizationWith(app.services, { verified: true, members: [[editor, 'editor'], [member, 'member']] })).id;
  otherOrgId = (await organizationWith(app.services, { verified: true, sector: 'civilsamhalle', members: [[otherEditor, 'admin']] })).id;
});

const doc = (text: string) => JSON.stringify({ type: 'doc', content: text ? [{ type: 'paragraph', content: [{ type: 'text', text }] }] : [{ type: 'paragraph' }] });
const PLAIN = 'Barn får hjälp med läxorna på biblioteket. Det är gratis. Du kan komma varje tisdag.';

async function createInitiative(v: Person, fields: Record<string, string> = {}) {
  const res = await v.submit(newInitiative, '/insatser/ny', { organizationId: orgId, title: 'Läxhjälp på biblioteket', summary: 'Läxhjälp tre kvällar i veckan.', status: 'ongoing', body: doc('Text.'), ...fields });
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  return res.location!.split('?')[0]!.split('/').pop()!;
}

async function publish(v: Person, route: typeof page | typeof lessonPage, slug: string) {
  const loaded = await v.load(route, '/x', { slug });
  const version = route === page ? loaded.data.initiative.version : loaded.data.lesson.version;
  const res = await v.submit(route, '/x', { intent: 'publish', visibility: 'public', version: String(version) }, { slug });
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  // The page says it was published (issue 14: every change confirms itself in words).
  expect(res.location).toMatch(/\?klart=publicerad$/);
}

const idOf = async (slug: string) => (await app.services.db.select({ id: initiatives.id }).from(initiatives).where(eq(initiatives.slug, slug)))[0]!.id;

describe('the plain-language summary of an initiative', () => {
  it('is saved, kept in the revision, and shown only behind the Lättläst switch', async () => {
    const slug = await createInitiative(editor, { plainSummary: `  ${PLAIN}  ` });
    const [row] = await app.services.db.select().from(initiatives).where(eq(initiatives.slug, slug));
    expect(row!.plainSummary).toBe(PLAIN); // trimmed
    const [revision] = await app.services.db.select().from(contentRevisions).where(eq(contentRevisions.contentId, row!.id));
    expect(revision!.snapshot.plainSummary).toBe(PLAIN);
    await publish(editor, page, slug);

    const standard = await anonymous().load(page, `/insatser/${slug}`, { slug });
    expect(standard.data.initiative.plainSummary).toBe(PLAIN);
    expect(standard.data.plain).toBe(false);
    const plain = await anonymous().load(page, `/insatser/${slug}?lattlast=1`, { slug });
    expect(plain.data.plain).toBe(true);

    // The edit form shows it again, and an edit that empties it saves none.
    const form = await editor.load(edit, `/insatser/${slug}/redigera`, { slug });
    expect(form.data.values.plainSummary).toBe(PLAIN);
    const saved = await editor.submit(edit, `/insatser/${slug}/redigera`, { title: 'Läxhjälp på biblioteket', summary: 'Läxhjälp.', status: 'ongoing', body: doc('Text.'), plainSummary: '', version: String(row!.version + 1) }, { slug });
    expect(saved.status, JSON.stringify(saved.data)).toBe(302);
    expect(saved.location).toBe(`/insatser/${slug}?klart=sparad`);
    expect((await anonymous().load(page, '/x', { slug })).data.initiative.plainSummary).toBe('');
  });

  it(`refuses more than ${PLAIN_SUMMARY_MAX_LENGTH} characters on the field, and writes nothing`, async () => {
    const count = async () => (await app.services.db.select({ n: sql<number>`count(*)::int` }).from(initiatives))[0]!.n;
    const before = await count();
    const res = await editor.submit(newInitiative, '/insatser/ny', { organizationId: orgId, title: 'För lång', summary: 'S.', status: 'ongoing', body: doc('T.'), plainSummary: 'a'.repeat(PLAIN_SUMMARY_MAX_LENGTH + 1) });
    expect(res.status).toBe(400);
    expect(res.data.errors.plainSummary).toEqual({ key: 'error.tooLong', params: { max: PLAIN_SUMMARY_MAX_LENGTH } });
    expect(res.data.values.plainSummary).toHaveLength(PLAIN_SUMMARY_MAX_LENGTH + 1); // what was typed comes back
    expect(await count()).toBe(before);
    // Exactly the limit is fine.
    await createInitiative(editor, { title: 'Precis lagom', plainSummary: 'a'.repeat(PLAIN_SUMMARY_MAX_LENGTH) });
  });

  it('is searchable, and in the API and the open data', async () => {
    const slug = await createInitiative(editor, { title: 'Trygghetsvärdar i centrum', plainSummary: 'Vuxna i gula västar går runt på kvällarna och pratar med ungdomar.' });
    await publish(editor, page, slug);
    await app.deliverMail(); // runs the search sync jobs
    const found = await anonymous().load(search, '/sok?q=v%C3%A4star');
    const titles = found.data.result.hits.map((h: { title: string }) => highlightParts(h.title).map((p) => p.text).join(''));
    expect(titles).toEqual(['Trygghetsvärdar i centrum']);

    const id = await idOf(slug);
    const api = await anonymous().load(apiInitiatives, `/api/v1/initiatives/${id}`, { id });
    expect(api.status).toBe(200);
    expect(api.data.plainSummary).toBe('Vuxna i gula västar går runt på kvällarna och pratar med ungdomar.');

    const json = await anonymous().load(openData, '/oppna-data/insatser.json');
    const record = json.data.initiatives.find((i: { id: string }) => i.id === id);
    expect(record.plainSummary).toBe('Vuxna i gula västar går runt på kvällarna och pratar med ungdomar.');
    const csv = (await anonymous().load(openData, '/oppna-data/insatser.csv')).data as string;
    const [header, ...lines] = csv.split('\r\n');
    expect(header!.split(',')).toContain('plain_summary');
    expect(lines.find((l) => l.startsWith(id))).toContain('Vuxna i gula västar går runt på kvällarna och pratar med ungdomar.');
  });
});

describe('the plain-language summary of a lesson', () => {
  const lesson = (fields: Record<string, string> = {}) => ({
    organizationId: orgId,
    title: 'Samma läxhjälpare hela terminen',
    summary: 'Kontinuitet gjorde skillnad.',
    whatWorked: doc('Samma vuxna varje vecka.'),
    whatDidNot: doc(''),
    recommendations: doc('Rekrytera färre men engagerade volontärer.'),
    ...fields,
  });

  it('is saved, shown behind the switch, in the API, and an empty part has no heading', async () => {
    const res = await editor.submit(newLesson, '/lardomar/ny', lesson({ plainSummary: 'Barnen kom oftare när de träffade samma vuxna.' }));
    expect(res.status, JSON.stringify(res.data)).toBe(302);
    const slug = res.location!.split('?')[0]!.split('/').pop()!;
    await publish(editor, lessonPage, slug);
    const read = await anonymous().load(lessonPage, `/lardomar/${slug}?lattlast=1`, { slug });
    expect(read.data.lesson.plainSummary).toBe('Barnen kom oftare när de träffade samma vuxna.');
    expect(read.data.plain).toBe(true);
    // "Vad fungerade inte" was left empty: no section for it, the others stay.
    expect(read.data.html.whatDidNot).toBeNull();
    expect(read.data.html.whatWorked).toBe('<p>Samma vuxna varje vecka.</p>');

    const [row] = await app.services.db.select({ id: lessons.id }).from(lessons).where(eq(lessons.slug, slug));
    const api = await anonymous().load(apiLessons, `/api/v1/lessons/${row!.id}`, { id: row!.id });
    expect(api.data.plainSummary).toBe('Barnen kom oftare när de träffade samma vuxna.');
    await app.deliverMail();
    const found = await anonymous().load(search, '/sok?q=tr%C3%A4ffade');
    expect(found.data.result.hits.map((h: { path: string }) => h.path)).toContain(`/lardomar/${slug}`);
  });

  it('refuses one that is too long, on the field', async () => {
    const res = await editor.submit(newLesson, '/lardomar/ny', lesson({ plainSummary: 'ö'.repeat(PLAIN_SUMMARY_MAX_LENGTH + 1) }));
    expect(res.status).toBe(400);
    expect(res.data.errors.plainSummary).toEqual({ key: 'error.tooLong', params: { max: PLAIN_SUMMARY_MAX_LENGTH } });
  });
});

describe('Skriv en lärdom from an initiative', () => {
  it('is offered to editors of the initiative’s organisation only, and opens the lesson form with the initiative linked', async () => {
    const slug = await createInitiative(editor, { title: 'Föräldracafé' });
    await publish(editor, page, slug);
    const id = await idOf(slug);
    expect((await editor.load(page, '/x', { slug })).data.canWriteLesson).toBe(true);
    for (const reader of [member, otherEditor, anonymous()]) expect((await reader.load(page, '/x', { slug })).data.canWriteLesson).toBe(false);

    const form = await editor.load(newLesson, `/lardomar/ny?insats=${id}`);
    expect(form.data.preselected).toBe(id);
    expect(form.data.linkedTitle).toBe('Föräldracafé');
    expect(form.data.owners[0].value).toBe(orgId);
    // Another organisation's editor cannot link it: nothing is preselected, and a made-up id is no error.
    const theirs = await otherEditor.load(newLesson, `/lardomar/ny?insats=${id}`);
    expect(theirs.data).toMatchObject({ preselected: '', linkedTitle: null });
    expect(theirs.data.owners.map((o: { value: string }) => o.value)).toEqual([otherOrgId]);
    expect((await editor.load(newLesson, '/lardomar/ny?insats=inte-ett-id')).data.preselected).toBe('');
  });

  it('follows the policy: an editor or admin of the owning organisation, no one else', () => {
    const actor = (role: 'member' | 'editor' | 'admin', organizationId = orgId) => ({
      userId: 'u',
      isPlatformAdmin: false,
      emailVerified: true,
      groupMemberships: [],
      memberships: [{ organizationId, role, organizationVerified: true }],
    });
    expect(canWriteLessonFor(actor('editor'), { organizationId: orgId })).toBe(true);
    expect(canWriteLessonFor(actor('admin'), { organizationId: orgId })).toBe(true);
    expect(canWriteLessonFor(actor('member'), { organizationId: orgId })).toBe(false);
    expect(canWriteLessonFor(actor('admin', otherOrgId), { organizationId: orgId })).toBe(false);
  });
});
