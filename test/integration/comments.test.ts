/**
 * Questions and comments (issue 16): who writes, who sees, editing within
 * the window, deleting, hiding with a reason, and who is told.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as initiativePage from '#app/routes/content/initiatives/initiative.tsx';
import * as lessonPage from '#app/routes/content/lessons/lesson.tsx';
import * as newLesson from '#app/routes/content/lessons/new.tsx';
import * as inbox from '#app/routes/notifications/inbox.tsx';
import { auditLog, comments, organizations } from '#db/schema/index.server.ts';
import { Visitor } from '../support/app.ts';
import { organizationWith, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';
import { ONE_PARAGRAPH, publishedInitiative as publishInitiative, setInitiativeState } from '../support/initiatives.ts';

const app = setUpTestApp();
let author: Person;
let coEditor: Person;
let partner: Person;
let outsider: Person;
let anonymous: Visitor;
let orgId: string;
let partnerOrgId: string;

beforeAll(async () => {
  [author, coEditor, partner, outsider] = await app.people('Anna Författare', 'Carl Kollega', 'Pelle Partner', 'Ulla Utanför');
  orgId = (await organizationWith(app.services, { verified: true, members: [[author, 'editor'], [coEditor, 'admin']] })).id;
  partnerOrgId = (await organizationWith(app.services, { verified: true, sector: 'civilsamhalle', members: [[partner, 'member']] })).id;
  anonymous = new Visitor(app.services);
});

const doc = ONE_PARAGRAPH;
const publishedInitiative = (title: string, visibility: 'public' | 'partners') => publishInitiative(author, orgId, title, visibility);
const setState = (slug: string, fields: Record<string, string>) => setInitiativeState(author, slug, fields);
const page = (v: Visitor, slug: string) => v.load(initiativePage, `/insatser/${slug}`, { slug });
const write = (v: Visitor, slug: string, fields: Record<string, string>) => v.submit(initiativePage, `/insatser/${slug}`, fields, { slug });
const ask = (v: Visitor, slug: string, body: string) => write(v, slug, { intent: 'comment-add', commentBody: body });
const bodies = async (v: Visitor, slug: string) => (await page(v, slug)).data.comments.comments.map((c: { body: string }) => c.body);
const commentCount = async () => (await app.services.db.select().from(comments)).length;
async function inboxKeys(v: Visitor): Promise<string[]> {
  return (await v.load(inbox, '/aviseringar')).data.notifications.map((n: { messageKey: string; params: Record<string, string> }) => `${n.messageKey}:${n.params.title}`);
}

describe('writing', () => {
  it('lets a member of a verified organisation ask; the author and the organisation’s editors are told', async () => {
    const slug = await publishedInitiative('Läxhjälp med frågor', 'public');
    expect((await page(partner, slug)).data.comments.refusal).toBeNull();
    const res = await ask(partner, slug, 'Hur rekryterade ni volontärerna? Se https://example.org/volontarer.');
    expect(res.status).toBe(302);
    expect(res.location).toMatch(new RegExp(`^/insatser/${slug}#kommentar-[0-9a-f-]{36}$`));
    const shown = (await page(anonymous, slug)).data.comments.comments;
    expect(shown).toMatchObject([{ authorName: 'Pelle Partner', body: 'Hur rekryterade ni volontärerna? Se https://example.org/volontarer.', edited: false }]);
    expect(await inboxKeys(author)).toContain('notifications.comment.new:Läxhjälp med frågor');
    expect(await inboxKeys(coEditor)).toContain('notifications.comment.new:Läxhjälp med frågor');
    expect(await inboxKeys(partner)).not.toContain('notifications.comment.new:Läxhjälp med frågor');
    // The author answers; the commenter is not told by this (they follow the page), the co-editor is.
    expect((await ask(author, slug, 'Via föreningarna i området.')).status).toBe(302);
    expect(await bodies(anonymous, slug)).toEqual(['Hur rekryterade ni volontärerna? Se https://example.org/volontarer.', 'Via föreningarna i området.']);
  });

  it('refuses, with a clear message and nothing written, an empty or over-long text, someone without a verified organisation, and an item no longer published', async () => {
    const slug = await publishedInitiative('Fritidsgård', 'public');
    const before = await commentCount();
    const empty = await ask(partner, slug, '   ');
    expect(empty.status).toBe(400);
    expect(empty.data.errors.commentBody.key).toBe('error.comment.empty');
    const long = await ask(partner, slug, 'x'.repeat(4001));
    expect(long.status).toBe(400);
    expect(long.data.errors.commentBody).toEqual({ key: 'error.comment.long', params: { max: '4000' } });

    expect((await page(outsider, slug)).data.comments.refusal).toBe('noVerifiedOrganization');
    const byOutsider = await ask(outsider, slug, 'Får jag fråga?');
    expect(byOutsider.status).toBe(403);
    expect(byOutsider.data.errors.commentBody.key).toBe('error.comment.noVerifiedOrganization');
    expect((await page(anonymous, slug)).data.comments.refusal).toBe('signedOut');
    expect((await ask(anonymous, slug, 'Hej')).status).toBe(302); // to sign in

    // The partner's organisation loses its verification.
    await app.services.db.update(organizations).set({ verifiedAt: null }).where(eq(organizations.id, partnerOrgId));
    const lapsed = await ask(partner, slug, 'En fråga till');
    expect(lapsed.status).toBe(403);
    expect(lapsed.data.errors.commentBody.key).toBe('error.comment.noVerifiedOrganization');
    await app.services.db.update(organizations).set({ verifiedAt: new Date() }).where(eq(organizations.id, partnerOrgId));

    // Archived meanwhile: still readable, but no longer open for comments.
    await setState(slug, { intent: 'archive' });
    const archived = await ask(partner, slug, 'Är den avslutad?');
    expect(archived.status).toBe(409);
    expect(archived.data.errors.commentBody.key).toBe('error.comment.notPublished');
    // Unpublished meanwhile: the item is gone for the reader, and so is the way to comment on it.
    await setState(slug, { intent: 'publish', visibility: 'public' });
    await setState(slug, { intent: 'unpublish' });
    expect((await ask(partner, slug, 'Hallå?')).status).toBe(404);
    expect(await commentCount()).toBe(before);
  });
});

describe('refusals met after the page was loaded', () => {
  it('tells an author whose organisation lost its verification why their edit is refused; the comment stays as it was', async () => {
    const slug = await publishedInitiative('Verifiering som försvinner', 'public');
    await ask(partner, slug, 'Första versionen');
    const [c] = (await page(partner, slug)).data.comments.comments;
    await app.services.db.update(organizations).set({ verifiedAt: null }).where(eq(organizations.id, partnerOrgId));
    try {
      const res = await write(partner, slug, { intent: 'comment-edit', commentId: c.id, commentBody: 'Andra versionen' });
      expect(res.status).toBe(409);
      expect(res.data.errors[`commentBody-${c.id}`].key).toBe('error.comment.noVerifiedOrganization');
      expect(await bodies(anonymous, slug)).toEqual(['Första versionen']);
      // Their earlier comment stays readable, and they may still delete it.
      expect((await page(partner, slug)).data.comments.comments[0].can).toMatchObject({ view: true, edit: false, delete: true });
    } finally {
      await app.services.db.update(organizations).set({ verifiedAt: new Date() }).where(eq(organizations.id, partnerOrgId));
    }
  });

  it('tells the organisation’s own editor, who still sees the unpublished item, that it is closed for comments; nothing is written', async () => {
    const slug = await publishedInitiative('Avpublicerad under tiden', 'public');
    await ask(partner, slug, 'En fråga innan');
    const [c] = (await page(author, slug)).data.comments.comments;
    await setState(slug, { intent: 'unpublish' });
    const before = await commentCount();
    const res = await ask(coEditor, slug, 'Svar efter avpubliceringen');
    expect(res.status).toBe(409);
    expect(res.data.errors.commentBody.key).toBe('error.comment.notPublished');
    expect(await commentCount()).toBe(before);
    // The reader who asked no longer reaches the item (nor its comment) at all.
    expect((await write(partner, slug, { intent: 'comment-edit', commentId: c.id, commentBody: 'Ändrad' })).status).toBe(404);
  });
});

describe('who sees comments', () => {
  it('shows a comment exactly to those who may read its item: signed out, partner, outsider, author', async () => {
    const open = await publishedInitiative('Öppen insats', 'public');
    const partnersOnly = await publishedInitiative('Partnerinsats', 'partners');
    await ask(partner, open, 'Fråga om den öppna');
    await ask(partner, partnersOnly, 'Fråga om partnerinsatsen');
    for (const reader of [anonymous, partner, outsider, author]) expect(await bodies(reader, open)).toEqual(['Fråga om den öppna']);
    for (const reader of [partner, author]) expect(await bodies(reader, partnersOnly)).toEqual(['Fråga om partnerinsatsen']);
    for (const reader of [anonymous, outsider]) expect((await page(reader, partnersOnly)).status).toBe(404);
    // Comments on a lesson work the same way.
    const lesson = await author.submitPairs(newLesson, '/lardomar/ny', [
      ['organizationId', orgId],
      ['title', 'Lärdom om läxhjälp'],
      ['summary', 'Kort.'],
      ['whatWorked', doc],
      ['whatDidNot', doc],
      ['recommendations', doc],
    ]);
    expect(lesson.status, JSON.stringify(lesson.data)).toBe(302);
    const lessonSlug = lesson.location!.split('?')[0]!.split('/').pop()!;
    const current = await author.load(lessonPage, '/x', { slug: lessonSlug });
    expect((await author.submit(lessonPage, '/x', { intent: 'publish', visibility: 'public', version: String(current.data.lesson.version) }, { slug: lessonSlug })).status).toBe(302);
    expect((await partner.submit(lessonPage, '/x', { intent: 'comment-add', commentBody: 'Fråga om lärdomen' }, { slug: lessonSlug })).status).toBe(302);
    expect((await anonymous.load(lessonPage, '/x', { slug: lessonSlug })).data.comments.comments.map((c: { body: string }) => c.body)).toEqual(['Fråga om lärdomen']);
  });
});

describe('editing, deleting and hiding', () => {
  it('lets the author edit within 15 minutes and delete; nobody else', async () => {
    const slug = await publishedInitiative('Redigerbar', 'public');
    await ask(partner, slug, 'Förstautkast');
    const [c] = (await page(partner, slug)).data.comments.comments;
    expect(c.can).toEqual({ view: true, edit: true, delete: true, hide: false, restore: false, report: false });
    expect((await write(partner, slug, { intent: 'comment-edit', commentId: c.id, commentBody: 'Rättat' })).status).toBe(302);
    expect((await page(anonymous, slug)).data.comments.comments[0]).toMatchObject({ body: 'Rättat', edited: true });
    expect((await write(outsider, slug, { intent: 'comment-edit', commentId: c.id, commentBody: 'Kapat' })).status).toBe(403);
    expect((await write(author, slug, { intent: 'comment-delete', commentId: c.id })).status).toBe(403);
    expect((await write(partner, slug, { intent: 'comment-edit', commentId: 'nope', commentBody: 'x' })).status).toBe(400);
    expect((await write(partner, slug, { intent: 'comment-edit', commentId: '00000000-0000-4000-8000-000000000000', commentBody: 'x' })).status).toBe(404);

    await app.services.db.update(comments).set({ createdAt: new Date(Date.now() - 16 * 60_000) }).where(eq(comments.id, c.id));
    const late = await write(partner, slug, { intent: 'comment-edit', commentId: c.id, commentBody: 'För sent' });
    expect(late.status).toBe(409);
    expect(late.data.errors[`commentBody-${c.id}`].key).toBe('error.comment.editWindow');
    expect((await write(partner, slug, { intent: 'comment-delete', commentId: c.id })).status).toBe(302);
    expect(await bodies(anonymous, slug)).toEqual([]);
  });

  it('lets the organisation’s editors hide a comment with a reason: audited, the author told, gone from the page', async () => {
    const slug = await publishedInitiative('Modererad', 'public');
    await ask(partner, slug, 'Reklam för något helt annat');
    const [c] = (await page(author, slug)).data.comments.comments;
    expect(c.can.hide).toBe(true);
    expect((await write(outsider, slug, { intent: 'comment-hide', commentId: c.id, hideReason: 'Nej' })).status).toBe(403);
    const noReason = await write(author, slug, { intent: 'comment-hide', commentId: c.id, hideReason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.data.errors[`hideReason-${c.id}`].key).toBe('error.comment.reasonEmpty');
    expect((await write(author, slug, { intent: 'comment-hide', commentId: c.id, hideReason: 'Handlar inte om insatsen' })).status).toBe(302);
    for (const reader of [anonymous, partner, outsider]) expect(await bodies(reader, slug)).toEqual([]);
    // The organisation's editors still see it, marked hidden, to bring it back should the hiding be a mistake (below).
    for (const editor of [author, coEditor]) expect((await page(editor, slug)).data.comments.comments).toMatchObject([{ hidden: { reason: 'Handlar inte om insatsen' } }]);
    const [row] = await app.services.db.select().from(comments).where(eq(comments.id, c.id));
    expect(row).toMatchObject({ hiddenBy: author.userId, hiddenReason: 'Handlar inte om insatsen' });
    const audit = await app.services.db.select().from(auditLog).where(and(eq(auditLog.action, 'comment.hide'), eq(auditLog.targetId, c.id)));
    expect(audit).toHaveLength(1);
    expect(await inboxKeys(partner)).toContain('notifications.comment.hidden:Modererad');
    // Hidden, it can be neither edited nor deleted; hiding it again (a second moderator a moment later) changes nothing.
    expect((await write(partner, slug, { intent: 'comment-edit', commentId: c.id, commentBody: 'Igen' })).status).toBe(403);
    expect((await write(partner, slug, { intent: 'comment-delete', commentId: c.id })).status).toBe(403);
    expect((await write(coEditor, slug, { intent: 'comment-hide', commentId: c.id, hideReason: 'Igen' })).status).toBe(302);
    expect(await app.services.db.select().from(auditLog).where(and(eq(auditLog.action, 'comment.hide'), eq(auditLog.targetId, c.id)))).toHaveLength(1);
    const [still] = await app.services.db.select().from(comments).where(eq(comments.id, c.id));
    expect(still).toMatchObject({ hiddenBy: author.userId, hiddenReason: 'Handlar inte om insatsen' });
  });

  it('lets the organisation’s editors restore a hidden comment on the item page: reason required, audited, the author told; nobody else', async () => {
    const slug = await publishedInitiative('Dold av misstag', 'public');
    await ask(partner, slug, 'En bra fråga som döljs');
    const [c] = (await page(author, slug)).data.comments.comments;
    expect((await write(author, slug, { intent: 'comment-hide', commentId: c.id, hideReason: 'Trodde det var reklam' })).status).toBe(302);
    // Readers see nothing of it; the organisation's editors see it, marked hidden with the reason, and may bring it back.
    for (const reader of [anonymous, partner, outsider]) expect((await page(reader, slug)).data.comments.comments).toEqual([]);
    for (const editor of [author, coEditor]) {
      const shown = (await page(editor, slug)).data.comments.comments;
      expect(shown).toMatchObject([{ id: c.id, body: 'En bra fråga som döljs', hidden: { reason: 'Trodde det var reklam' } }]);
      expect(shown[0].can).toEqual({ view: false, edit: false, delete: false, hide: false, restore: true, report: false });
    }
    for (const someone of [partner, outsider, anonymous]) {
      const res = await write(someone, slug, { intent: 'comment-restore', commentId: c.id, restoreReason: 'Jag vill' });
      expect(res.status).toBe(someone === anonymous ? 302 : 403); // signed out: to sign in
    }
    const noReason = await write(coEditor, slug, { intent: 'comment-restore', commentId: c.id, restoreReason: '  ' });
    expect(noReason.status).toBe(400);
    expect(noReason.data.errors[`restoreReason-${c.id}`].key).toBe('error.comment.restoreReasonEmpty');
    const tooLong = await write(coEditor, slug, { intent: 'comment-restore', commentId: c.id, restoreReason: 'x'.repeat(501) });
    expect(tooLong.data.errors[`restoreReason-${c.id}`]).toEqual({ key: 'error.comment.reasonLong', params: { max: '500' } });
    expect(await bodies(anonymous, slug)).toEqual([]);

    const restored = await write(coEditor, slug, { intent: 'comment-restore', commentId: c.id, restoreReason: 'Den var en riktig fråga' });
    expect(restored.status).toBe(302);
    expect(restored.location).toBe(`/insatser/${slug}#kommentar-${c.id}`);
    expect(await bodies(anonymous, slug)).toEqual(['En bra fråga som döljs']);
    const [row] = await app.services.db.select().from(comments).where(eq(comments.id, c.id));
    expect(row).toMatchObject({ hiddenAt: null, hiddenBy: null, hiddenReason: null });
    const audit = await app.services.db.select().from(auditLog).where(and(eq(auditLog.action, 'comment.restore'), eq(auditLog.targetId, c.id)));
    expect(audit).toMatchObject([{ actorUserId: coEditor.userId, details: { reason: 'Den var en riktig fråga' } }]);
    expect(await inboxKeys(partner)).toContain('notifications.comment.restored:Dold av misstag');
    // Restored a second time (another editor a moment later): nothing changes, nobody is told twice.
    expect((await write(author, slug, { intent: 'comment-restore', commentId: c.id, restoreReason: 'Jag också' })).status).toBe(302);
    expect(await app.services.db.select().from(auditLog).where(and(eq(auditLog.action, 'comment.restore'), eq(auditLog.targetId, c.id)))).toHaveLength(1);
    expect((await inboxKeys(partner)).filter((k) => k === 'notifications.comment.restored:Dold av misstag')).toHaveLength(1);
  });
});
