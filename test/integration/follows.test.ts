/**
 * Following (issue 16): follow and stop following from any page, and hear of
 * newly published initiatives, lessons and snapshots through the notification
 * machinery — only what the follower may read, never twice.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDigestJob } from '#app/notifications/digest.server.ts';
import { canReceiveFollowNotice, type Actor } from '#app/policy.ts';
import * as followsPage from '#app/routes/accounts/follows.tsx';
import * as area from '#app/routes/statistics/area.tsx';
import * as browse from '#app/routes/content/initiatives/list.tsx';
import * as inbox from '#app/routes/notifications/inbox.tsx';
import * as organizationPage from '#app/routes/organizations/organization.tsx';
import * as root from '#app/root.tsx';
import { actorsOf, findFollowedPiece } from '#db/queries/follows.server.ts';
import { countNotifications } from '#db/queries/notifications.server.ts';
import { followNotices, follows, initiatives, notificationPreferences, notifications } from '#db/schema/index.server.ts';
import { draftInitiative, setInitiativeState } from '../support/initiatives.ts';
import { TEST_ORIGIN, Visitor } from '../support/app.ts';
import { groupWith } from '../support/groups.ts';
import { organizationWith, signedUpVisitor, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp({ smtp: true });
let publisher: Person;
let partner: Person;
let orgId: string;
let orgSlug: string;

beforeAll(async () => {
  [publisher, partner] = await app.people('Pia Publicerar', 'Per Partner');
  const org = await organizationWith(app.services, { verified: true, members: [[publisher, 'editor']] });
  orgId = org.id;
  orgSlug = org.slug;
  await organizationWith(app.services, { verified: true, sector: 'civilsamhalle', members: [[partner, 'member']] });
});

const follow = (v: Visitor, kind: string, key: string, redirectTo = '') => v.submit(followsPage, '/konto/foljer', { intent: 'follow', kind, key, redirectTo });
const unfollow = (v: Visitor, kind: string, key: string) => v.submit(followsPage, '/konto/foljer', { intent: 'unfollow', kind, key });

const createInitiative = (title: string, opts: { area?: string; theme?: string } = {}) => draftInitiative(publisher, orgId, title, { ...opts, startDate: '2024-01-01' });
const setPublishing = (slug: string, fields: Record<string, string>) => setInitiativeState(publisher, slug, fields);
const publish = (slug: string, visibility: 'public' | 'partners' | 'group', groupId = '') => setPublishing(slug, { intent: 'publish', visibility, groupId });
const unpublish = (slug: string) => setPublishing(slug, { intent: 'unpublish' });

/** The follow notices a person sees in their inbox, by the title they name. */
async function followedInInbox(v: Visitor): Promise<string[]> {
  const page = await v.load(inbox, '/aviseringar');
  return page.data.notifications.filter((n: { messageKey: string }) => n.messageKey.startsWith('notifications.followed.')).map((n: { params: { title: string } }) => n.params.title);
}

async function freshFollower(name: string, opts: { verifiedOrg?: boolean } = {}) {
  const person = await signedUpVisitor(app.services, name);
  if (opts.verifiedOrg) await organizationWith(app.services, { verified: true, members: [[person, 'member']] });
  return person;
}

describe('following and unfollowing', () => {
  it('follows a kommun from its page, twice being a quiet no-op, and lists and removes it on the account page', async () => {
    const reader = await freshFollower('Rut Följare');
    const before = await reader.load(area, '/omraden/1280', { code: '1280' });
    expect(before.data.follow).toMatchObject({ signedIn: true, canFollow: true, following: false, target: { kind: 'area', key: '1280' } });

    const first = await follow(reader, 'area', '1280', '/omraden/1280');
    expect(first.status).toBe(303);
    expect(first.location).toBe('/omraden/1280');
    expect((await follow(reader, 'area', '1280', '/omraden/1280')).status).toBe(303);
    const rows = await app.services.db.select().from(follows).where(eq(follows.userId, reader.userId));
    expect(rows).toHaveLength(1);
    expect((await reader.load(area, '/omraden/1280', { code: '1280' })).data.follow.following).toBe(true);

    await follow(reader, 'theme', 'education');
    await follow(reader, 'success_factor', 'long_term');
    await follow(reader, 'organization', orgId, `/organisationer/${orgSlug}`);
    expect((await reader.load(organizationPage, `/organisationer/${orgSlug}`, { slug: orgSlug })).data.follow.following).toBe(true);
    const themed = await reader.load(browse, '/insatser?tema=education&faktor=long_term');
    expect(themed.data.followTheme.following).toBe(true);
    expect(themed.data.followFactor.following).toBe(true);

    const listed = await reader.load(followsPage, '/konto/foljer');
    expect(listed.data.follows.map((f: { kind: string; key: string; areaName: string | null; organizationName: string | null }) => [f.kind, f.key, f.areaName ?? f.organizationName])).toEqual([
      ['area', '1280', 'Malmö'],
      ['theme', 'education', null],
      ['success_factor', 'long_term', null],
      ['organization', orgId, expect.any(String)],
    ]);
    const removed = await unfollow(reader, 'theme', 'education');
    expect(removed.data).toEqual({ done: 'unfollow' });
    // Stopping what one does not follow changes nothing either.
    expect((await unfollow(reader, 'theme', 'education')).status).toBe(200);
    expect((await reader.load(followsPage, '/konto/foljer')).data.follows).toHaveLength(3);
  });

  it('refuses what cannot be followed with 400, needs a confirmed address, and sends the signed-out to sign in', async () => {
    const reader = await freshFollower('Bo Prövar');
    for (const [kind, key] of [
      ['area', '9999'],
      ['area', 'SE'],
      ['theme', 'weather'],
      ['success_factor', 'luck'],
      ['organization', 'not-an-id'],
      ['organization', '00000000-0000-4000-8000-000000000000'],
      ['group', 'x'],
      ['area', ''],
    ]) {
      expect((await follow(reader, kind!, key!)).status, `${kind}:${key}`).toBe(400);
    }
    expect((await reader.submit(followsPage, '/konto/foljer', { intent: 'shout', kind: 'area', key: '1280' })).status).toBe(400);
    expect(await app.services.db.select().from(follows).where(eq(follows.userId, reader.userId))).toEqual([]);

    const unconfirmed = await signedUpVisitor(app.services, 'Ej Bekräftad', { confirmed: false });
    expect((await follow(unconfirmed, 'area', '1280')).status).toBe(403);
    expect((await unconfirmed.load(area, '/omraden/1280', { code: '1280' })).data.follow).toMatchObject({ canFollow: false });

    const anonymous = new Visitor(app.services);
    expect((await anonymous.load(area, '/omraden/1280', { code: '1280' })).data.follow).toMatchObject({ signedIn: false, canFollow: false });
    const signIn = await follow(anonymous, 'area', '1280');
    expect(signIn.status).toBe(302);
    expect(signIn.location).toMatch(/^\/logga-in\?redirectTo=/);
    // An off-site redirect is not followed.
    expect((await follow(reader, 'area', '1280', 'https://evil.example/')).location).toBe('/konto/foljer');
  });
});

describe('telling followers of what is published', () => {
  it('notifies followers who may read it, once each, and never the publisher or those who may not read it', async () => {
    const kommunFollower = await freshFollower('Kim Kommun', { verifiedOrg: true });
    const lanFollower = await freshFollower('Lena Län', { verifiedOrg: true });
    const outsiderFollower = await freshFollower('Olof Ute');
    const doubleFollower = await freshFollower('Dubbel Följare', { verifiedOrg: true });
    await follow(kommunFollower, 'area', '1280');
    await follow(lanFollower, 'area', '12'); // Skåne län covers Malmö
    await follow(outsiderFollower, 'area', '12');
    await follow(doubleFollower, 'area', '1280');
    await follow(doubleFollower, 'theme', 'education');
    await follow(doubleFollower, 'organization', orgId);
    await follow(publisher, 'area', '1280');
    const elsewhere = await freshFollower('Stina Stockholm', { verifiedOrg: true });
    await follow(elsewhere, 'area', '01');

    const slug = await createInitiative('Läxhjälp på biblioteket');
    // A draft tells nobody.
    expect(await followedInInbox(kommunFollower)).toEqual([]);
    await publish(slug, 'partners');
    const url = 'Läxhjälp på biblioteket';
    expect(await followedInInbox(kommunFollower)).toEqual([url]);
    expect(await followedInInbox(lanFollower)).toEqual([url]);
    expect(await followedInInbox(doubleFollower)).toEqual([url]);
    // Partners only: a follower without a verified organisation hears nothing.
    expect(await followedInInbox(outsiderFollower)).toEqual([]);
    expect(await followedInInbox(publisher)).toEqual([]);
    expect(await followedInInbox(elsewhere)).toEqual([]);

    // Republished for everyone: the outsider hears of it now, the others not again.
    await unpublish(slug);
    await publish(slug, 'public');
    expect(await followedInInbox(outsiderFollower)).toEqual([url]);
    for (const p of [kommunFollower, lanFollower, doubleFollower]) expect(await followedInInbox(p)).toEqual([url]);
    const notices = await app.services.db.select().from(followNotices).where(eq(followNotices.contentId, (await findPieceId(slug))));
    // Earlier tests' followers of Malmö hear of it too; everyone once, each tied to a notification.
    expect(notices.map((n) => n.userId)).toEqual(expect.arrayContaining([kommunFollower, lanFollower, outsiderFollower, doubleFollower].map((p) => p.userId)));
    expect(new Set(notices.map((n) => n.userId)).size).toBe(notices.length);
    expect(notices.map((n) => n.userId)).not.toContain(publisher.userId);
    expect(notices.every((n) => n.notificationId !== null)).toBe(true);
  });

  it('stops showing and mailing a notice once its piece is unpublished or turns unreadable, as the policy says', async () => {
    const follower = await freshFollower('Maja Mejl', { verifiedOrg: true });
    await app.services.db.insert(notificationPreferences).values({ userId: follower.userId, kind: 'followed', delivery: 'immediate' });
    await follow(follower, 'theme', 'housing');
    const slug = await createInitiative('Bostadsrådgivning', { theme: 'housing', area: '0180' });
    await publish(slug, 'public');
    expect(await followedInInbox(follower)).toEqual(['Bostadsrådgivning']);
    // Unpublished before the mail job runs: no mail, and gone from the inbox and its count.
    await unpublish(slug);
    expect(await followedInInbox(follower)).toEqual([]);
    expect((await follower.load(root, '/')).data.user.unreadNotifications).toBe(0);
    await app.deliverMail();
    expect(app.smtp.inbox(follower.email)).toEqual([]);
    // Published again (no new notice: one per piece), it shows again.
    await publish(slug, 'public');
    expect(await followedInInbox(follower)).toEqual(['Bostadsrådgivning']);
    expect(await countNotifications(app.services.db, follower.userId)).toBe(1);
  });

  it('answers alike in SQL (showing, mailing) and in the policy module for every kind of reader', async () => {
    const member = await freshFollower('Grupp Medlem', { verifiedOrg: true });
    const nonMember = await freshFollower('Ej Medlem', { verifiedOrg: true });
    const outsiderReader = await freshFollower('Helt Utanför');
    const group = await groupWith(app.services, { openness: 'closed', members: [[publisher, orgId, 'lead'], [member, orgId, 'member']] });
    const readers = [member, nonMember, outsiderReader, publisher];
    for (const r of readers) await follow(r, 'area', '0380');
    const slug = await createInitiative('Gruppens egen insats', { area: '0380' });
    await publish(slug, 'group', group.id);
    // Made for the group member only (the publisher is never told of their own work).
    expect(await followedInInbox(member)).toHaveLength(1);
    expect(await followedInInbox(nonMember)).toEqual([]);

    const id = await findPieceId(slug);
    // Give everyone a notice row for this piece, then compare what SQL shows with what the policy says.
    const [made] = await app.services.db.select().from(followNotices).where(and(eq(followNotices.contentId, id), eq(followNotices.userId, member.userId)));
    for (const r of [nonMember, outsiderReader, publisher]) {
      const [n] = await app.services.db.insert(notifications).values({ userId: r.userId, kind: 'followed', messageKey: 'notifications.followed.initiative', params: { title: 'x' }, url: `/insatser/${slug}` }).returning();
      await app.services.db.insert(followNotices).values({ userId: r.userId, contentType: 'initiative', contentId: id, notificationId: n!.id });
    }
    expect(made!.notificationId).not.toBeNull();
    for (const visibility of ['group', 'partners', 'public', 'draft'] as const) {
      if (visibility === 'draft') await unpublish(slug);
      else await publish(slug, visibility, visibility === 'group' ? group.id : '');
      const piece = (await findFollowedPiece(app.services.db, 'initiative', id))!;
      const actors = await actorsOf(app.services.db, readers.map((r) => r.userId));
      for (const actor of actors as (Actor & { userId: string })[]) {
        const inSql = (await countNotifications(app.services.db, actor.userId)) > 0;
        expect(inSql, `${visibility} for ${actor.userId}`).toBe(canReceiveFollowNotice(actor, piece));
      }
    }
  });

  it('mails at once or in the digest by the follower’s choice, never both, with an unsubscribe link', async () => {
    const atOnce = await freshFollower('Ada Direkt', { verifiedOrg: true });
    const daily = await freshFollower('Dag Digest', { verifiedOrg: true });
    const off = await freshFollower('Olga Av', { verifiedOrg: true });
    await app.services.db.insert(notificationPreferences).values([
      { userId: atOnce.userId, kind: 'followed', delivery: 'immediate' },
      { userId: off.userId, kind: 'followed', delivery: 'off' },
    ]);
    for (const p of [atOnce, daily, off]) await follow(p, 'area', '2480');
    const slug = await createInitiative('Sommarjobb i Umeå', { area: '2480' });
    await publish(slug, 'public');
    await app.deliverMail();
    const [mail, ...more] = app.smtp.inbox(atOnce.email);
    expect(more).toEqual([]);
    expect(mail!.subject).toContain('Sommarjobb i Umeå');
    expect(mail!.text).toContain(`${TEST_ORIGIN}/insatser/${slug}`);
    expect(mail!.headers['list-unsubscribe']).toMatch(/avregistrera/);

    await ensureDigestJob(app.services.db, 'daily', { now: new Date(Date.now() - 25 * 3_600_000) });
    await app.deliverMail();
    expect(app.smtp.inbox(atOnce.email)).toHaveLength(1);
    const [digest, ...moreDigests] = app.smtp.inbox(daily.email);
    expect(moreDigests).toEqual([]);
    expect(digest!.text).toContain('Ny insats om något du följer: Sommarjobb i Umeå');
    expect(digest!.text).toContain(`${TEST_ORIGIN}/avregistrera/`);
    expect(app.smtp.inbox(off.email)).toEqual([]);
    // Still in the in-app list for the one who turned mail off.
    expect(await followedInInbox(off)).toEqual(['Sommarjobb i Umeå']);
  });
});

async function findPieceId(slug: string): Promise<string> {
  const [row] = await app.services.db.select({ id: initiatives.id }).from(initiatives).where(eq(initiatives.slug, slug));
  return row!.id;
}
