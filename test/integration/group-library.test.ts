import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as activityPage from '#app/routes/groups/group/activity.tsx';
import * as libraryPage from '#app/routes/groups/group/library.tsx';
import * as initiativePage from '#app/routes/content/initiatives/initiative.tsx';
import * as newInitiative from '#app/routes/content/initiatives/new.tsx';
import * as lessonPage from '#app/routes/content/lessons/lesson.tsx';
import * as newLesson from '#app/routes/content/lessons/new.tsx';
import { groupActivities, groupLibraryItems, groupMembers, indicatorSnapshots, initiatives, lessons, type WorkingGroup } from '#db/schema/index.server.ts';
import { TEST_ORIGIN, Visitor } from '../support/app.ts';
import { groupWith } from '../support/groups.ts';
import { organizationWith, signedUpVisitor, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp();
let eva: Person; // editor of a verified kommun, lead of the group
let mona: Person; // member of a verified association, group member
let ulf: Person; // his organisation is not verified: he may not read partners-only content
let olle: Person; // member of a verified organisation, not in the group
let group: WorkingGroup;
let otherGroup: WorkingGroup; // Eva is not a member
let archivedGroup: WorkingGroup; // Eva is a member, but it is archived
let kommunId: string;

const doc = (text: string) => JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const libraryPath = () => `/grupper/${group.slug}/bibliotek`;

beforeAll(async () => {
  [eva, mona, ulf, olle] = await app.people('Eva Editor', 'Mona Medlem', 'Ulf Overifierad', 'Olle Utanför');
  kommunId = (await organizationWith(app.services, { verified: true, members: [[eva, 'editor']] })).id;
  const forening = await organizationWith(app.services, { verified: true, sector: 'civilsamhalle', members: [[mona, 'member'], [olle, 'member']] });
  const unverified = await organizationWith(app.services, { verified: false, sector: 'civilsamhalle', members: [[ulf, 'admin']] });
  group = await groupWith(app.services, {
    openness: 'closed',
    name: 'Skolnärvaro i Malmö',
    members: [
      [eva, kommunId, 'lead'],
      [mona, forening.id, 'member'],
      [ulf, unverified.id, 'member'],
    ],
  });
  otherGroup = await groupWith(app.services, { openness: 'open', members: [[mona, forening.id, 'lead']] });
  archivedGroup = await groupWith(app.services, { openness: 'closed', archived: true, name: 'Gammal grupp', members: [[eva, kommunId, 'lead']] });
});

async function createInitiative(title: string) {
  const res = await eva.submit(newInitiative, '/insatser/ny', { organizationId: kommunId, title, summary: 'Kort.', status: 'ongoing', body: doc('Text.') });
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  return res.location!.split('?')[0]!.split('/').pop()!;
}

async function createLesson(title: string) {
  const res = await eva.submit(newLesson, '/lardomar/ny', {
    organizationId: kommunId,
    title,
    summary: 'Kort.',
    whatWorked: doc('Det här.'),
    whatDidNot: doc('Det där.'),
    recommendations: doc('Gör så här.'),
  });
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  return res.location!.split('?')[0]!.split('/').pop()!;
}

async function publishInitiative(slug: string, fields: Record<string, string>) {
  const current = await eva.load(initiativePage, `/insatser/${slug}`, { slug });
  return eva.submit(initiativePage, `/insatser/${slug}`, { intent: 'publish', version: String(current.data.initiative.version), ...fields }, { slug });
}

async function publishLesson(slug: string, fields: Record<string, string>) {
  const current = await eva.load(lessonPage, `/lardomar/${slug}`, { slug });
  return eva.submit(lessonPage, `/lardomar/${slug}`, { intent: 'publish', version: String(current.data.lesson.version), ...fields }, { slug });
}

const addToLibrary = (v: Person, fields: Record<string, string>) => v.submit(libraryPage, libraryPath(), { intent: 'add', ...fields }, { slug: group.slug });
const loadLibrary = (v: Visitor) => v.load(libraryPage, libraryPath(), { slug: group.slug });
const titles = (entries: { title: string }[]) => entries.map((e) => e.title);

let publicSlug: string;
let partnersLessonSlug: string;
let draftSlug: string;
let groupOnlySlug: string;

describe('publishing for one working group', () => {
  it('offers the editor’s active groups, and refuses a missing, foreign or archived group with a specific error', async () => {
    groupOnlySlug = await createInitiative('Närvaroteam i skolan');
    const page = await eva.load(initiativePage, `/insatser/${groupOnlySlug}`, { slug: groupOnlySlug });
    expect(page.data.visibilities).toEqual(['public', 'partners', 'group']);
    expect(page.data.publishingGroups).toEqual([{ id: group.id, name: 'Skolnärvaro i Malmö' }]);

    const cases: [Record<string, string>, string][] = [
      [{ visibility: 'group' }, 'error.publishGroup.required'],
      [{ visibility: 'group', groupId: '' }, 'error.publishGroup.required'],
      [{ visibility: 'group', groupId: 'inte-ett-id' }, 'error.publishGroup.notMember'],
      [{ visibility: 'group', groupId: otherGroup.id }, 'error.publishGroup.notMember'],
      [{ visibility: 'group', groupId: '00000000-0000-4000-8000-000000000000' }, 'error.publishGroup.notMember'],
      [{ visibility: 'group', groupId: archivedGroup.id }, 'error.publishGroup.archived'],
    ];
    for (const [fields, key] of cases) {
      const res = await publishInitiative(groupOnlySlug, fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(res.data.errors).toEqual({ groupId: { key } });
    }
    const [row] = await app.services.db.select().from(initiatives).where(eq(initiatives.slug, groupOnlySlug));
    expect(row).toMatchObject({ state: 'draft', visibility: 'public', groupId: null, version: 1 });
  });

  it('publishes for the group: members read it with a badge, everyone else gets 404', async () => {
    const res = await publishInitiative(groupOnlySlug, { visibility: 'group', groupId: group.id });
    expect(res.status, JSON.stringify(res.data)).toBe(302);
    const [row] = await app.services.db.select().from(initiatives).where(eq(initiatives.slug, groupOnlySlug));
    expect(row).toMatchObject({ state: 'published', visibility: 'group', groupId: group.id });

    const asMember = await mona.load(initiativePage, `/insatser/${groupOnlySlug}`, { slug: groupOnlySlug });
    expect(asMember.status).toBe(200);
    expect(asMember.data.sharedWith).toEqual({ name: 'Skolnärvaro i Malmö', slug: group.slug });
    expect((await olle.load(initiativePage, `/insatser/${groupOnlySlug}`, { slug: groupOnlySlug })).status).toBe(404);
    expect((await new Visitor(app.services).load(initiativePage, `/insatser/${groupOnlySlug}`, { slug: groupOnlySlug })).status).toBe(404);
  });

  it('a group-only piece shows in the group’s library without being added', async () => {
    const lib = await mona.load(libraryPage, libraryPath(), { slug: group.slug });
    expect(lib.data.published.map((p: { type: string; title: string; href: string }) => [p.type, p.title, p.href])).toEqual([
      ['initiative', 'Närvaroteam i skolan', `/insatser/${groupOnlySlug}`],
    ]);
    expect(lib.data.entries).toEqual([]);
  });

  it('lessons too; changing to another visibility forgets the group', async () => {
    const slug = await createLesson('Tidiga samtal med vårdnadshavare');
    expect((await publishLesson(slug, { visibility: 'group' })).data.errors).toEqual({ groupId: { key: 'error.publishGroup.required' } });
    expect((await publishLesson(slug, { visibility: 'group', groupId: group.id })).status).toBe(302);
    const [published] = await app.services.db.select().from(lessons).where(eq(lessons.slug, slug));
    expect(published).toMatchObject({ visibility: 'group', groupId: group.id });
    expect((await olle.load(lessonPage, '/x', { slug })).status).toBe(404);
    expect((await ulf.load(lessonPage, '/x', { slug })).data.sharedWith.name).toBe('Skolnärvaro i Malmö');

    expect((await publishLesson(slug, { visibility: 'public', groupId: group.id })).status).toBe(302);
    const [open] = await app.services.db.select().from(lessons).where(eq(lessons.slug, slug));
    expect(open).toMatchObject({ visibility: 'public', groupId: null });
    expect((await olle.load(lessonPage, '/x', { slug })).status).toBe(200);
  });

  it('someone in no group is not offered "group" and cannot publish for one', async () => {
    const loner = await signedUpVisitor(app.services, 'Ensam Redaktör');
    const orgId = (await organizationWith(app.services, { verified: true, members: [[loner, 'editor']] })).id;
    const created = await loner.submit(newInitiative, '/insatser/ny', { organizationId: orgId, title: 'Egen insats', summary: 'K', status: 'planned', bodyText: 'T' });
    const slug = created.location!.split('?')[0]!.split('/').pop()!;
    const page = await loner.load(initiativePage, '/x', { slug });
    expect(page.data.visibilities).toEqual(['public', 'partners']);
    const res = await loner.submit(initiativePage, '/x', { intent: 'publish', visibility: 'group', groupId: group.id, version: String(page.data.initiative.version) }, { slug });
    expect(res.data.errors).toEqual({ groupId: { key: 'error.publishGroup.notMember' } });
  });
});

describe('the shared library', () => {
  beforeAll(async () => {
    publicSlug = await createInitiative('Läxhjälp på biblioteket');
    expect((await publishInitiative(publicSlug, { visibility: 'public' })).status).toBe(302);
    partnersLessonSlug = await createLesson('Samverkan kräver en samordnare');
    expect((await publishLesson(partnersLessonSlug, { visibility: 'partners' })).status).toBe(302);
    draftSlug = await createInitiative('Utkast om fritidsgårdar');
  });

  it('members add by pasting an address on this site, with a note; the feed records it', async () => {
    const res = await addToLibrary(mona, { address: `${TEST_ORIGIN}/insatser/${publicSlug}?flik=1#top`, note: 'Bra förebild för oss.' });
    expect(res.status, JSON.stringify(res.data)).toBe(200);
    expect(res.data.added).toBe('Läxhjälp på biblioteket');
    const lib = await loadLibrary(eva);
    expect(lib.data.entries).toMatchObject([
      { type: 'initiative', title: 'Läxhjälp på biblioteket', href: `/insatser/${publicSlug}`, note: 'Bra förebild för oss.', addedBy: 'Mona Medlem', canRemove: true },
    ]);
    expect(lib.data.entries[0].organizationName).toMatch(/^Organisation /);
    const [activity] = await app.services.db.select().from(groupActivities).where(and(eq(groupActivities.groupId, group.id), eq(groupActivities.kind, 'library_added')));
    expect(activity).toMatchObject({ actorId: mona.userId, data: { title: 'Läxhjälp på biblioteket', type: 'initiative' } });
  });

  it('refuses addresses elsewhere, unknown content, duplicates and an empty form, writing nothing', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ address: 'https://example.com/insatser/x' }, 'address', 'error.library.address'],
      [{ address: '/organisationer/x' }, 'address', 'error.library.address'],
      [{ address: '/insatser/finns-inte' }, 'address', 'error.library.notFound'],
      [{ address: `/insatser/${publicSlug}` }, 'address', 'error.library.duplicate'],
      [{ pick: 'initiative:inte-ett-id' }, 'pick', 'error.library.notFound'],
      [{ address: '', pick: '' }, 'address', 'error.library.nothingChosen'],
      [{ address: `/insatser/${groupOnlySlug}`, note: 'x'.repeat(501) }, 'note', 'error.tooLong'],
    ];
    for (const [fields, field, key] of cases) {
      const res = await addToLibrary(mona, fields);
      expect(res.status, JSON.stringify(fields)).toBeGreaterThanOrEqual(400);
      expect(res.data.errors[field]?.key, JSON.stringify(fields)).toBe(key);
    }
    expect(await app.services.db.select().from(groupLibraryItems)).toHaveLength(1);
  });

  it('members pick from what they may read; a member may not add what he cannot read', async () => {
    const choices = (await loadLibrary(mona)).data.choices as { type: string; options: { value: string; label: string }[] }[];
    const lessonChoice = choices.find((c) => c.type === 'lesson')!.options.find((o) => o.label.startsWith('Samverkan kräver en samordnare'));
    expect(lessonChoice).toBeDefined();
    // Already in the library, and drafts, are not offered.
    const offered = choices.flatMap((c) => c.options.map((o) => o.label));
    expect(offered.some((l) => l.startsWith('Läxhjälp på biblioteket'))).toBe(false);
    expect(offered.some((l) => l.startsWith('Utkast om fritidsgårdar'))).toBe(false);
    // Ulf's organisation is not verified: no partners-only lesson for him to pick or paste.
    const ulfsChoices = (await loadLibrary(ulf)).data.choices as typeof choices;
    expect(ulfsChoices.find((c) => c.type === 'lesson')!.options.some((o) => o.label.startsWith('Samverkan'))).toBe(false);
    expect((await addToLibrary(ulf, { address: `/lardomar/${partnersLessonSlug}` })).data.errors).toEqual({ address: { key: 'error.library.notFound' } });
    expect((await addToLibrary(ulf, { pick: lessonChoice!.value })).data.errors).toEqual({ pick: { key: 'error.library.notFound' } });

    const res = await addToLibrary(mona, { pick: lessonChoice!.value });
    expect(res.status, JSON.stringify(res.data)).toBe(200);
    // Eva edits the draft, so she can add it; nobody else in the group may read it.
    expect((await addToLibrary(eva, { address: `/insatser/${draftSlug}` })).status).toBe(200);
  });

  it('snapshots are added by address too', async () => {
    await app.services.db.insert(indicatorSnapshots).values({
      slug: 'rosengard-2024',
      title: 'Rosengård 2020–2024',
      areaCode: '1280',
      periodFrom: '2020',
      periodTo: '2024',
      commentary: JSON.parse(doc('Läget.')),
      organizationId: kommunId,
      state: 'published',
      visibility: 'public',
      publishedAt: new Date(),
    });
    const res = await addToLibrary(ulf, { address: '/ogonblicksbilder/rosengard-2024' });
    expect(res.status, JSON.stringify(res.data)).toBe(200);
  });

  it('each reader sees only what they may read; the rest is counted, not named', async () => {
    const monas = (await loadLibrary(mona)).data;
    expect(titles(monas.entries).sort()).toEqual(['Läxhjälp på biblioteket', 'Rosengård 2020–2024', 'Samverkan kräver en samordnare']);
    expect(monas.hidden).toBe(1);
    const ulfs = (await loadLibrary(ulf)).data;
    expect(titles(ulfs.entries).sort()).toEqual(['Läxhjälp på biblioteket', 'Rosengård 2020–2024']);
    expect(ulfs.hidden).toBe(2);
    expect(JSON.stringify(ulfs)).not.toContain('Samverkan kräver');
    expect(JSON.stringify(ulfs)).not.toContain('Utkast om fritidsgårdar');
    const evas = (await loadLibrary(eva)).data;
    expect(evas.entries).toHaveLength(4);
    expect(evas.hidden).toBe(0);

    // The activity feed names only what the reader may read, too.
    const feed = (await ulf.load(activityPage, '/x', { slug: group.slug })).data.entries as { kind: string; subject: string | null; href: string | null }[];
    const added = feed.filter((e) => e.kind === 'library_added');
    expect(added).toHaveLength(4);
    expect(added.filter((e) => e.subject === null)).toHaveLength(2);
    expect(JSON.stringify(feed)).not.toContain('Samverkan kräver');
    expect(added.find((e) => e.subject === 'Rosengård 2020–2024')!.href).toBe('/ogonblicksbilder/rosengard-2024');
  });

  it('entries are removed by whoever added them or by a lead', async () => {
    const lib = (await loadLibrary(ulf)).data;
    const monasEntry = lib.entries.find((e: { title: string }) => e.title === 'Läxhjälp på biblioteket');
    expect(monasEntry.canRemove).toBe(false);
    const remove = (v: Person, e: { type: string; id: string }) => v.submit(libraryPage, libraryPath(), { intent: 'remove', contentType: e.type, contentId: e.id }, { slug: group.slug });
    expect((await remove(ulf, monasEntry)).status).toBe(403);
    expect((await remove(olle, monasEntry)).status).toBe(404);
    expect((await remove(eva, monasEntry)).status).toBe(200);
    const snapshot = lib.entries.find((e: { title: string }) => e.title === 'Rosengård 2020–2024');
    expect(snapshot.canRemove).toBe(true);
    expect((await remove(ulf, snapshot)).status).toBe(200);
    expect((await remove(ulf, snapshot)).status).toBe(404);
    expect(titles((await loadLibrary(mona)).data.entries)).toEqual(['Samverkan kräver en samordnare']);
  });

  it('is for members only, and an archived group’s library is read-only', async () => {
    expect((await loadLibrary(olle)).status).toBe(404);
    expect((await addToLibrary(olle, { address: `/insatser/${publicSlug}` })).status).toBe(404);
    const archivedLib = await eva.load(libraryPage, '/x', { slug: archivedGroup.slug });
    expect(archivedLib.status).toBe(200);
    expect(archivedLib.data.can.add).toBe(false);
    expect(archivedLib.data.choices).toEqual([]);
    const res = await eva.submit(libraryPage, '/x', { intent: 'add', address: `/insatser/${publicSlug}` }, { slug: archivedGroup.slug });
    expect(res.status).toBe(403);
  });
});

describe('group-only initiatives as inspiration', () => {
  it('can be named by members of the group, and by no one else', async () => {
    const source = await createInitiative('Gruppens förebild');
    expect((await publishInitiative(source, { visibility: 'group', groupId: group.id })).status).toBe(302);
    // An editor of another organisation who is in the group may name it.
    const partner = await signedUpVisitor(app.services, 'Pia Partner');
    const partnerOrg = await organizationWith(app.services, { verified: true, sector: 'myndighet', members: [[partner, 'editor']] });
    await app.services.db.insert(groupMembers).values({ groupId: group.id, userId: partner.userId, organizationId: partnerOrg.id, role: 'member' });
    const inspired = await partner.submit(newInitiative, '/insatser/ny', { organizationId: partnerOrg.id, title: 'Efter förebilden', summary: 'K', status: 'planned', bodyText: 'T', inspiredBy: source });
    expect(inspired.status, JSON.stringify(inspired.data)).toBe(302);
    // An editor outside the group is told the initiative does not exist.
    const stranger = await signedUpVisitor(app.services, 'Sara Utanför');
    const strangerOrg = await organizationWith(app.services, { verified: true, members: [[stranger, 'editor']] });
    const refused = await stranger.submit(newInitiative, '/insatser/ny', { organizationId: strangerOrg.id, title: 'Kopia', summary: 'K', status: 'planned', bodyText: 'T', inspiredBy: source });
    expect(refused.status).toBe(400);
    expect(refused.data.errors.inspiredBy.key).toBe('error.initiative.unknown');
  });
});
