/**
 * Reporting and moderating comments, and @mentions (issue 16): one report per
 * person, a queue for platform admins, hiding and restoring with a reason, the
 * author told, and a hidden comment gone from every door that shows comments or
 * notices about them. Notices about comments are checked again when shown and
 * mailed, in SQL and in the policy module alike.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { canReceiveCommentNotice } from '#app/policy.ts';
import * as adminPage from '#app/routes/admin/admin.tsx';
import * as moderationPage from '#app/routes/admin/moderation.tsx';
import * as initiativePage from '#app/routes/content/initiatives/initiative.tsx';
import * as inbox from '#app/routes/notifications/inbox.tsx';
import { actorsOf } from '#db/queries/follows.server.ts';
import { countNotifications } from '#db/queries/notifications.server.ts';
import { auditLog, commentNotices, comments, contentReports, notificationPreferences, notifications, organizations, users } from '#db/schema/index.server.ts';
import { Visitor } from '../support/app.ts';
import { organizationWith, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';
import { publishedInitiative as publishInitiative } from '../support/initiatives.ts';

const app = setUpTestApp({ smtp: true });
let author: Person; // editor of the publishing organisation
let partner: Person; // member of another verified organisation: writes the comments
let reporter: Person; // another partner
let outsider: Person; // signed in, in no organisation
let admin: Person; // platform admin
let lapsing: Person; // partner whose organisation loses its verification
let anonymous: Visitor;
let orgId: string;
let lapsingOrgId: string;

beforeAll(async () => {
  [author, partner, reporter, outsider, admin, lapsing] = await app.people('Anna Författare', 'Pelle Partner', 'Rut Rapport', 'Ulla Utanför', 'Adam Admin', 'Lars Lapsar');
  orgId = (await organizationWith(app.services, { verified: true, members: [[author, 'editor']] })).id;
  await organizationWith(app.services, { verified: true, sector: 'civilsamhalle', members: [[partner, 'member'], [reporter, 'member']] });
  lapsingOrgId = (await organizationWith(app.services, { verified: true, sector: 'civilsamhalle', members: [[lapsing, 'member']] })).id;
  await organizationWith(app.services, { verified: true, sector: 'myndighet', members: [[admin, 'member']] });
  await app.services.db.update(users).set({ isPlatformAdmin: true }).where(eq(users.id, admin.userId));
  anonymous = new Visitor(app.services);
});

const publishedInitiative = (title: string, visibility: 'public' | 'partners') => publishInitiative(author, orgId, title, visibility);
const page = (v: Visitor, slug: string) => v.load(initiativePage, `/insatser/${slug}`, { slug });
const write = (v: Visitor, slug: string, fields: Record<string, string>) => v.submit(initiativePage, `/insatser/${slug}`, fields, { slug });
async function ask(v: Visitor, slug: string, body: string): Promise<string> {
  const res = await write(v, slug, { intent: 'comment-add', commentBody: body });
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  return res.location!.split('#kommentar-')[1]!;
}
const report = (v: Visitor, slug: string, commentId: string, reason: string) => write(v, slug, { intent: 'comment-report', commentId, reportReason: reason });
const moderate = (v: Visitor, fields: Record<string, string>) => v.submit(moderationPage, '/admin/moderering', fields);
/** The comments shown as such; the item's moderators also see hidden ones, marked (`hidden`) with a way to restore them. */
const bodies = async (v: Visitor, slug: string) => (await page(v, slug)).data.comments.comments.filter((c: { hidden: unknown }) => !c.hidden).map((c: { body: string }) => c.body);
async function inboxKeys(v: Visitor): Promise<string[]> {
  return (await v.load(inbox, '/aviseringar')).data.notifications.map((n: { messageKey: string; params: Record<string, string> }) => `${n.messageKey}:${n.params.title}`);
}
const reportsOf = (commentId: string) => app.services.db.select().from(contentReports).where(eq(contentReports.targetId, commentId));
const auditOf = async (action: string, commentId: string) => (await app.services.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.targetId, commentId)))).length;

describe('reporting', () => {
  it('lets anyone signed in who sees a comment report someone else’s, once; audited; never their own, never signed out', async () => {
    const slug = await publishedInitiative('Anmäld insats', 'public');
    const id = await ask(partner, slug, 'Köp billiga klockor här');
    const seen = (await page(outsider, slug)).data.comments.comments[0];
    expect(seen.can.report).toBe(true);
    expect((await page(partner, slug)).data.comments.comments[0].can.report).toBe(false);
    expect((await page(anonymous, slug)).data.comments.comments[0].can.report).toBe(false);

    const empty = await report(outsider, slug, id, '  ');
    expect(empty.status).toBe(400);
    expect(empty.data.errors[`reportReason-${id}`].key).toBe('error.report.reasonEmpty');
    const long = await report(outsider, slug, id, 'x'.repeat(501));
    expect(long.data.errors[`reportReason-${id}`]).toEqual({ key: 'error.report.reasonLong', params: { max: '500' } });
    expect(await reportsOf(id)).toEqual([]);

    const first = await report(outsider, slug, id, 'Reklam');
    expect(first.status).toBe(200);
    expect(first.data).toMatchObject({ report: 'reported', reportedCommentId: id });
    const again = await report(outsider, slug, id, 'Reklam igen');
    expect(again.data.report).toBe('alreadyReported');
    expect(await reportsOf(id)).toMatchObject([{ reporterId: outsider.userId, reason: 'Reklam', resolvedAt: null }]);
    expect(await auditOf('comment.report', id)).toBe(1);

    expect((await report(partner, slug, id, 'Min egen')).status).toBe(403);
    expect((await report(anonymous, slug, id, 'Anonym')).status).toBe(302); // to sign in
    expect(await reportsOf(id)).toHaveLength(1);
  });
});

describe('the moderation queue', () => {
  it('is for platform admins only', async () => {
    for (const v of [author, partner, outsider]) expect((await v.load(moderationPage, '/admin/moderering')).status).toBe(403);
    expect((await anonymous.load(moderationPage, '/admin/moderering')).status).toBe(302);
    expect((await moderate(author, { intent: 'dismiss', commentId: '00000000-0000-4000-8000-000000000000' })).status).toBe(403);
  });

  it('hides a reported comment with a reason: gone from every door, reports closed, audited, the author told; restoring brings it back', async () => {
    const slug = await publishedInitiative('Modererad av admin', 'public');
    const id = await ask(partner, slug, 'Olämpligt innehåll');
    await report(reporter, slug, id, 'Kränkande');
    await report(outsider, slug, id, 'Stötande');
    const queue = (await admin.load(moderationPage, '/admin/moderering')).data;
    const entry = queue.reported.find((c: { commentId: string }) => c.commentId === id);
    expect(entry).toMatchObject({ body: 'Olämpligt innehåll', authorName: 'Pelle Partner', itemTitle: 'Modererad av admin', itemPath: `/insatser/${slug}`, reportCount: 2, reasons: ['Kränkande', 'Stötande'] });
    expect((await admin.load(adminPage, '/admin')).data.reportedComments).toBeGreaterThanOrEqual(1);

    const noReason = await moderate(admin, { intent: 'hide', commentId: id, reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.data.errors[`reason-${id}`].key).toBe('error.moderation.reasonEmpty');
    expect((await moderate(admin, { intent: 'nonsense', commentId: id })).status).toBe(400);
    expect((await moderate(admin, { intent: 'hide', commentId: 'x' })).status).toBe(400);

    const hidden = await moderate(admin, { intent: 'hide', commentId: id, reason: 'Bryter mot reglerna' });
    expect(hidden.location).toBe('/admin/moderering?klart=hidden');
    for (const reader of [anonymous, partner, reporter, outsider, author, admin]) expect(await bodies(reader, slug)).toEqual([]);
    for (const reader of [anonymous, partner, reporter, outsider]) expect((await page(reader, slug)).data.comments.comments).toEqual([]);
    for (const moderator of [author, admin]) expect((await page(moderator, slug)).data.comments.comments).toMatchObject([{ id, hidden: { reason: 'Bryter mot reglerna' } }]);
    expect((await reportsOf(id)).map((r) => r.resolution)).toEqual(['hidden', 'hidden']);
    expect(await auditOf('comment.hide', id)).toBe(1);
    expect(await inboxKeys(partner)).toContain('notifications.comment.hidden:Modererad av admin');
    const after = (await admin.load(moderationPage, '/admin/moderering')).data;
    expect(after.reported.map((c: { commentId: string }) => c.commentId)).not.toContain(id);
    expect(after.hidden.find((c: { commentId: string }) => c.commentId === id)).toMatchObject({ hiddenReason: 'Bryter mot reglerna' });

    // Reporting what is already hidden: a quiet no-op that says so.
    const late = await report(author, slug, id, 'Sent');
    expect(late.status).toBe(200);
    expect(late.data.report).toBe('alreadyHidden');
    expect(await reportsOf(id)).toHaveLength(2);
    // Hiding twice: nothing more happens, nobody told twice.
    expect((await moderate(admin, { intent: 'hide', commentId: id, reason: 'Igen' })).location).toBe('/admin/moderering?klart=unchanged');
    expect(await auditOf('comment.hide', id)).toBe(1);

    const restored = await moderate(admin, { intent: 'restore', commentId: id, reason: 'Anmälan var ogrundad' });
    expect(restored.location).toBe('/admin/moderering?klart=restored');
    expect(await bodies(anonymous, slug)).toEqual(['Olämpligt innehåll']);
    expect(await auditOf('comment.restore', id)).toBe(1);
    expect(await inboxKeys(partner)).toContain('notifications.comment.restored:Modererad av admin');
    expect((await app.services.db.select().from(comments).where(eq(comments.id, id)))[0]).toMatchObject({ hiddenAt: null, hiddenReason: null });
  });

  it('leaves a comment up when the reports are groundless: reports closed as dismissed, audited, the comment stays', async () => {
    const slug = await publishedInitiative('Ogrundad anmälan', 'public');
    const id = await ask(partner, slug, 'En helt vanlig fråga');
    await report(reporter, slug, id, 'Tycker inte om den');
    expect((await moderate(admin, { intent: 'dismiss', commentId: id })).location).toBe('/admin/moderering?klart=dismissed');
    expect((await reportsOf(id)).map((r) => r.resolution)).toEqual(['dismissed']);
    expect(await auditOf('comment.reports_dismissed', id)).toBe(1);
    expect(await bodies(anonymous, slug)).toEqual(['En helt vanlig fråga']);
    expect((await moderate(admin, { intent: 'dismiss', commentId: id })).location).toBe('/admin/moderering?klart=unchanged');
  });
});

describe('notices about comments, checked again when shown and mailed', () => {
  it('drops the notice of a hidden comment from the inbox and its mail (a table of doors)', async () => {
    await app.services.db.insert(notificationPreferences).values({ userId: author.userId, kind: 'comment', delivery: 'immediate' }).onConflictDoNothing();
    const slug = await publishedInitiative('Dörrar för dolda', 'public');
    const before = await countNotifications(app.services.db, author.userId);
    const id = await ask(partner, slug, 'Fråga som döljs');
    const doors: [string, () => Promise<boolean>][] = [
      ['item page', async () => (await bodies(author, slug)).includes('Fråga som döljs')],
      ['inbox', async () => (await inboxKeys(author)).includes('notifications.comment.new:Dörrar för dolda')],
      ['count', async () => (await countNotifications(app.services.db, author.userId)) > before],
    ];
    for (const [door, shows] of doors) expect(await shows(), door).toBe(true);
    await moderate(admin, { intent: 'hide', commentId: id, reason: 'Dold innan posten gick' });
    for (const [door, shows] of doors) expect(await shows(), door).toBe(false);
    await app.deliverMail();
    expect(app.smtp.inbox(author.email).filter((m) => m.text.includes('Dörrar för dolda'))).toEqual([]);
  });

  it('tells people mentioned with @Name who may read the item, and nobody else', async () => {
    const open = await publishedInitiative('Nämnd öppen', 'public');
    const partnersOnly = await publishedInitiative('Nämnd för partner', 'partners');
    await ask(partner, open, 'Vad tycker @Rut Rapport och @ulla utanför? Och @Ingen Alls.');
    await ask(partner, partnersOnly, 'Hej @Rut Rapport och @Ulla Utanför, titta här.');
    expect(await inboxKeys(reporter)).toEqual(expect.arrayContaining(['notifications.comment.mention:Nämnd öppen', 'notifications.comment.mention:Nämnd för partner']));
    // The outsider may read the open item only: mentioned in both, told of one.
    const outsiderMentions = (await inboxKeys(outsider)).filter((k) => k.startsWith('notifications.comment.mention:'));
    expect(outsiderMentions).toEqual(['notifications.comment.mention:Nämnd öppen']);
    // Not merely hidden when shown: no notice was made for the item they may not read.
    const made = await app.services.db.select().from(notifications).where(and(eq(notifications.userId, outsider.userId), eq(notifications.messageKey, 'notifications.comment.mention')));
    expect(made.map((n) => n.params.title)).toEqual(['Nämnd öppen']);
    // The author is mentioned nowhere but hears of the new comments as before (once each).
    expect((await inboxKeys(author)).filter((k) => k === 'notifications.comment.new:Nämnd öppen')).toHaveLength(1);
    // "@Rut Rapportör" is not "@Rut Rapport".
    const slug = await publishedInitiative('Nästan nämnd', 'public');
    await ask(partner, slug, 'Hälsa @Rut Rapportörska');
    expect(await inboxKeys(reporter)).not.toContain('notifications.comment.mention:Nästan nämnd');
  });

  it('tells people newly mentioned when a comment is edited, once per person and comment, and only those who may read the item', async () => {
    const slug = await publishedInitiative('Nämnd vid rättning', 'partners');
    const id = await ask(partner, slug, 'Fråga till @Rut Rapport');
    const mentionsOf = async (p: Person) =>
      (await app.services.db.select().from(notifications).where(and(eq(notifications.userId, p.userId), eq(notifications.messageKey, 'notifications.comment.mention')))).filter((n) => n.params.title === 'Nämnd vid rättning').length;
    const edit = async (body: string) => expect((await write(partner, slug, { intent: 'comment-edit', commentId: id, commentBody: body })).status).toBe(302);
    expect(await mentionsOf(reporter)).toBe(1);
    // Newly named: Adam (a partner) is told; Rut was told already; the outsider may not read a partners-only item;
    // the author heard of the comment when it was written.
    await edit('Fråga till @Rut Rapport och @Adam Admin, @Ulla Utanför och @Anna Författare');
    expect([await mentionsOf(reporter), await mentionsOf(admin), await mentionsOf(outsider), await mentionsOf(author)]).toEqual([1, 1, 0, 0]);
    expect((await inboxKeys(admin)).filter((k) => k === 'notifications.comment.mention:Nämnd vid rättning')).toHaveLength(1);
    // Edited again, naming Adam again after leaving him out once: still told once.
    await edit('Fråga till @Rut Rapport');
    await edit('Fråga till @Rut Rapport och @Adam Admin igen');
    expect([await mentionsOf(reporter), await mentionsOf(admin)]).toEqual([1, 1]);
    // Every notice made by the edits is tied to the comment (hiding it stops them, like the others).
    const tied = await app.services.db.select().from(commentNotices).where(eq(commentNotices.commentId, id));
    expect(tied.length).toBe(3); // Rut's mention, the author's "new comment", Adam's mention
  });

  it('answers alike in SQL (showing, mailing) and in the policy module when a reader loses access', async () => {
    const slug = await publishedInitiative('Tappad behörighet', 'partners');
    await ask(partner, slug, 'Vad säger @Lars Lapsar?');
    const check = async () => {
      const [actor] = await actorsOf(app.services.db, [lapsing.userId]);
      const item = (await page(author, slug)).data.initiative;
      const [org] = await app.services.db.select().from(organizations).where(eq(organizations.id, orgId));
      const inPolicy = canReceiveCommentNotice(actor!, { organizationId: orgId, organizationVerified: org!.verifiedAt !== null, state: item.state, visibility: item.visibility, groupId: null, hiddenAt: null }, { hiddenAt: null });
      const inSql = (await inboxKeys(lapsing)).includes('notifications.comment.mention:Tappad behörighet');
      return { inPolicy, inSql };
    };
    expect(await check()).toEqual({ inPolicy: true, inSql: true });
    await app.services.db.update(organizations).set({ verifiedAt: null }).where(eq(organizations.id, lapsingOrgId));
    expect(await check()).toEqual({ inPolicy: false, inSql: false });
    await app.services.db.update(organizations).set({ verifiedAt: new Date() }).where(eq(organizations.id, lapsingOrgId));
    expect(await check()).toEqual({ inPolicy: true, inSql: true });
  });
});
