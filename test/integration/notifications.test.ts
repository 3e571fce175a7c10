import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildRequestContext } from '#app/context.server.ts';
import { DIGEST_JOB, ensureDigestJob, ensureDigestJobs, nextDigestAt } from '#app/notifications/digest.server.ts';
import { notify, NOTIFICATION_EMAIL_JOB, type NoticeInput } from '#app/notifications/notify.server.ts';
import { canReceiveGroupNotice } from '#app/policy.ts';
import * as root from '#app/root.tsx';
import * as account from '#app/routes/accounts/account.tsx';
import * as notificationOpen from '#app/routes/notifications/open.ts';
import * as settings from '#app/routes/notifications/settings.tsx';
import * as notificationsPage from '#app/routes/notifications/inbox.tsx';
import * as unsubscribe from '#app/routes/notifications/unsubscribe.tsx';
import { isOneClickUnsubscribe } from '#app/server/http.server.ts';
import { isCrossOriginWrite } from '#app/server/security.server.ts';
import type { Services } from '#app/services.server.ts';
import { groupMembers, jobs, notificationPreferences, notifications, unsubscribeTokens, users } from '#db/schema/index.server.ts';
import { NOTIFICATION_KINDS, type NotificationKind } from '#app/vocabulary.ts';
import { TEST_ORIGIN, Visitor } from '../support/app.ts';
import { groupWith } from '../support/groups.ts';
import { organizationWith, signedUpVisitor, type Person } from '../support/people.ts';
import { setUpTestApp, type TestApp } from '../support/setup.ts';

/** Notifications are made as the group features make them: notify() inside a transaction. */
const send = (services: Services, input: Partial<NoticeInput> & Pick<NoticeInput, 'recipients' | 'kind'>) =>
  services.db.transaction((tx) =>
    notify(tx, {
      groupId: null,
      actorId: null,
      messageKey: 'notifications.inGroup',
      params: { group: 'Trygghet i Rosengård' },
      url: '/grupper/x',
      ...input,
    }),
  );

const leaveGroup = (services: Services, groupId: string, person: Person) =>
  services.db.delete(groupMembers).where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, person.userId)));

const emailJobs = async (services: Services) => services.db.select().from(jobs).where(eq(jobs.kind, NOTIFICATION_EMAIL_JOB));

const unsubscribeToken = (text: string) => {
  const match = text.match(new RegExp(`${TEST_ORIGIN}/avregistrera/([a-z0-9]+)`));
  expect(match, text).not.toBeNull();
  return match![1]!;
};

async function preferenceRows(services: Services, person: Person) {
  const rows = await services.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, person.userId));
  return Object.fromEntries(rows.map((r) => [r.kind, r.delivery]));
}

/** Two colleagues in one organisation, both in two groups. */
async function colleagues(app: TestApp) {
  const reader = await signedUpVisitor(app.services, 'Rut Läsare');
  const actor = await signedUpVisitor(app.services, 'Bo Skribent');
  const org = await organizationWith(app.services, { verified: true, members: [[reader, 'member'], [actor, 'admin']] });
  const groupOf = (name: string) => groupWith(app.services, { openness: 'closed', name, members: [[actor, org.id, 'lead'], [reader, org.id, 'member']] });
  return { reader, actor, org, groupA: await groupOf(`Alfa ${reader.userId.slice(0, 6)}`), groupB: await groupOf(`Beta ${reader.userId.slice(0, 6)}`) };
}

describe('in-app notifications', () => {
  const app = setUpTestApp();

  it('counts unread ones in the header and lists them newest first, group ones only while the reader is a member', async () => {
    const { reader, actor, groupA, groupB } = await colleagues(app);
    const [a] = await send(app.services, { recipients: [reader.userId, actor.userId], kind: 'thread', groupId: groupA.id, actorId: actor.userId, url: '/grupper/a' });
    const [b] = await send(app.services, { recipients: [reader.userId], kind: 'decision', groupId: groupB.id, actorId: actor.userId, params: { group: 'Beta' }, url: '/grupper/b' });
    const [c] = await send(app.services, { recipients: [reader.userId], kind: 'membership', messageKey: 'mail.invite.subject', params: { org: 'Malmö stad' }, url: '/konto' });
    // The actor is never notified of their own doing.
    expect((await actor.load(root, '/')).data.user.unreadNotifications).toBe(0);

    expect((await reader.load(root, '/')).data.user.unreadNotifications).toBe(3);
    let page = await reader.load(notificationsPage, '/aviseringar');
    expect(page.data.unread).toBe(3);
    expect(page.data.notifications.map((n: { id: number }) => n.id)).toEqual([c, b, a]);
    expect(page.data.notifications[0]).toMatchObject({ messageKey: 'mail.invite.subject', params: { org: 'Malmö stad' }, read: false, groupName: null });
    expect(page.data.notifications[2]).toMatchObject({ messageKey: 'notifications.inGroup', groupName: groupA.name });
    // Signed out, there is nothing to count.
    expect((await new Visitor(app.services).load(root, '/')).data.user).toBeNull();
    expect((await new Visitor(app.services).load(notificationsPage, '/aviseringar')).location).toBe('/logga-in?redirectTo=%2Faviseringar');

    await leaveGroup(app.services, groupB.id, reader);
    expect((await reader.load(root, '/')).data.user.unreadNotifications).toBe(2);
    page = await reader.load(notificationsPage, '/aviseringar');
    expect(page.data.notifications.map((n: { id: number }) => n.id)).toEqual([c, a]);
    expect((await reader.load(notificationOpen, `/aviseringar/${b}`, { id: String(b) })).status).toBe(404);

    // The SQL rule in db/queries/notifications.ts and canReceiveGroupNotice answer alike.
    const actorNow = await (await buildRequestContext(app.services, new Headers({ cookie: reader.cookieHeader }))).actor();
    const shown = new Set(page.data.notifications.map((n: { id: number }) => n.id));
    for (const [id, groupId] of [[a, groupA.id], [b, groupB.id], [c, null]] as const) {
      expect(shown.has(id), `notification ${id}`).toBe(canReceiveGroupNotice(actorNow, groupId));
    }
  });

  it('renders each notification in the reader’s language and falls back for a key that no longer exists', async () => {
    const { reader } = await colleagues(app);
    await send(app.services, { recipients: [reader.userId], kind: 'membership' });
    await app.services.db.insert(notifications).values({ userId: reader.userId, kind: 'membership', messageKey: 'no.such.key', params: {}, url: '/' });
    const page = await reader.load(notificationsPage, '/aviseringar');
    expect(page.data.notifications.map((n: { messageKey: string }) => n.messageKey)).toEqual(['notifications.fallback', 'notifications.inGroup']);
  });

  it('marks one as read, follows one through a redirect that marks it read, and marks all as read', async () => {
    const { reader, actor, groupA } = await colleagues(app);
    const [one] = await send(app.services, { recipients: [reader.userId], kind: 'thread', groupId: groupA.id, url: '/grupper/a/diskussioner/1' });
    const [two] = await send(app.services, { recipients: [reader.userId], kind: 'reply', groupId: groupA.id, url: '/grupper/a/diskussioner/2' });
    const [evil] = await send(app.services, { recipients: [reader.userId], kind: 'reply', url: 'https://evil.example/phish' });
    await send(app.services, { recipients: [reader.userId], kind: 'meeting', groupId: groupA.id });
    expect((await reader.load(root, '/')).data.user.unreadNotifications).toBe(4);

    expect((await reader.submit(notificationsPage, '/aviseringar', { intent: 'read', id: String(one) })).status).toBe(200);
    expect((await reader.load(root, '/')).data.user.unreadNotifications).toBe(3);
    const page = await reader.load(notificationsPage, '/aviseringar');
    expect(page.data.notifications.find((n: { id: number }) => n.id === one).read).toBe(true);

    const opened = await reader.load(notificationOpen, `/aviseringar/${two}`, { id: String(two) });
    expect(opened.status).toBe(302);
    expect(opened.location).toBe('/grupper/a/diskussioner/2');
    expect((await reader.load(root, '/')).data.user.unreadNotifications).toBe(2);
    // A stored url that leaves the site leads to the notifications page instead.
    expect((await reader.load(notificationOpen, `/aviseringar/${evil}`, { id: String(evil) })).location).toBe('/aviseringar');
    // Someone else's notification is not there for you; nonsense ids neither.
    expect((await actor.load(notificationOpen, `/aviseringar/${one}`, { id: String(one) })).status).toBe(404);
    expect((await reader.load(notificationOpen, '/aviseringar/x', { id: 'x' })).status).toBe(404);
    expect((await actor.submit(notificationsPage, '/aviseringar', { intent: 'read', id: 'x' })).status).toBe(400);

    const all = await reader.submit(notificationsPage, '/aviseringar', { intent: 'read-all' });
    expect(all.data).toEqual({ done: 'read-all' });
    expect((await reader.load(root, '/')).data.user.unreadNotifications).toBe(0);
    expect((await reader.submit(notificationsPage, '/aviseringar', { intent: 'nonsense' })).status).toBe(400);
  });

  it('pages through many notifications', async () => {
    const { reader } = await colleagues(app);
    for (let i = 0; i < 21; i++) await send(app.services, { recipients: [reader.userId], kind: 'membership', params: { group: `n${i}` } });
    const first = await reader.load(notificationsPage, '/aviseringar');
    expect(first.data).toMatchObject({ page: 1, pages: 2, unread: 21 });
    expect(first.data.notifications).toHaveLength(20);
    expect(first.data.notifications[0].params).toEqual({ group: 'n20' });
    const second = await reader.load(notificationsPage, '/aviseringar?sida=2');
    expect(second.data.notifications.map((n: { params: { group: string } }) => n.params.group)).toEqual(['n0']);
  });
});

describe('mail preferences', () => {
  const app = setUpTestApp();

  const allKinds = (delivery: string): Record<NotificationKind, string> => ({
    mention: delivery,
    thread: delivery,
    reply: delivery,
    meeting: delivery,
    action_item: delivery,
    decision: delivery,
    moderation: delivery,
    membership: delivery,
    organization_review: delivery,
    organization_verification: delivery,
    followed: delivery,
    comment: delivery,
  });

  it('shows the defaults, saves a choice per kind, and is linked from the account page', async () => {
    const person = await signedUpVisitor(app.services);
    expect((await person.load(settings, '/konto/aviseringar')).data.deliveries).toEqual({
      mention: 'immediate',
      action_item: 'immediate',
      membership: 'immediate',
      thread: 'daily',
      reply: 'daily',
      meeting: 'daily',
      decision: 'daily',
      organization_review: 'immediate',
      organization_verification: 'immediate',
      followed: 'daily',
      comment: 'immediate',
      moderation: 'immediate',
    });
    const saved = await person.submit(settings, '/konto/aviseringar', { ...allKinds('weekly'), mention: 'immediate', decision: 'off' });
    expect(saved.data).toEqual({ errors: undefined, saved: true });
    expect((await person.load(settings, '/konto/aviseringar')).data.deliveries).toMatchObject({ mention: 'immediate', thread: 'weekly', decision: 'off', membership: 'weekly' });
    expect(await preferenceRows(app.services, person)).toMatchObject({ mention: 'immediate', thread: 'weekly', decision: 'off' });
    expect((await new Visitor(app.services).load(settings, '/konto/aviseringar')).status).toBe(302);
    expect((await person.load(account, '/konto')).status).toBe(200);
  });

  it('refuses an unknown delivery or a missing choice with a field error, and an unknown kind with 400', async () => {
    const person = await signedUpVisitor(app.services);
    const wrong = await person.submit(settings, '/konto/aviseringar', { ...allKinds('daily'), mention: 'hourly' });
    expect(wrong.status).toBe(400);
    expect(wrong.data.errors).toEqual({ mention: { key: 'error.notification.delivery' } });
    const { reply: _missing, ...withoutReply } = allKinds('daily');
    const missing = await person.submit(settings, '/konto/aviseringar', withoutReply);
    expect(missing.status).toBe(400);
    expect(missing.data.errors).toEqual({ reply: { key: 'error.notification.delivery' } });
    const unknownKind = await person.submit(settings, '/konto/aviseringar', { ...allKinds('daily'), spam: 'off' });
    expect(unknownKind.status).toBe(400);
    // Nothing was written by any of them.
    expect(await preferenceRows(app.services, person)).toEqual({});
  });
});

describe('mail at once, unsubscribing', () => {
  const app = setUpTestApp({ smtp: true });

  it('mails a mention at once in the reader’s language, with a link and an unsubscribe link that works', async () => {
    const { reader, actor, groupA } = await colleagues(app);
    await app.services.db.update(users).set({ locale: 'en' }).where(eq(users.id, reader.userId));
    const [id] = await send(app.services, { recipients: [reader.userId], kind: 'mention', groupId: groupA.id, actorId: actor.userId, url: '/grupper/a/diskussioner/7' });
    expect((await emailJobs(app.services)).map((j) => j.payload)).toContainEqual({ notificationId: id });
    await app.deliverMail();

    const [mail, ...more] = app.smtp.inbox(reader.email);
    expect(more).toEqual([]);
    expect(mail!.subject).toBe('Samverka: In Trygghet i Rosengård');
    expect(mail!.text).toContain(`Read more: ${TEST_ORIGIN}/grupper/a/diskussioner/7`);
    expect(mail!.text).toContain(`${TEST_ORIGIN}/konto/aviseringar`);
    const [row] = await app.services.db.select().from(notifications).where(eq(notifications.id, id!));
    expect(row!.emailedAt).not.toBeNull();
    // Run again: already sent, not sent twice.
    await app.deliverMail();
    expect(app.smtp.inbox(reader.email)).toHaveLength(1);

    // Only the token's hash is stored.
    const token = unsubscribeToken(mail!.text);
    expect(await app.services.db.select().from(unsubscribeTokens).where(eq(unsubscribeTokens.tokenHash, token))).toEqual([]);

    // GET (as a mail scanner would) shows what would happen and changes nothing.
    const stranger = new Visitor(app.services);
    const shown = await stranger.load(unsubscribe, `/avregistrera/${token}`, { token });
    expect(shown.status).toBe(200);
    expect(shown.data.link).toEqual({ kind: 'mention', email: reader.email });
    expect(shown.headers.get('referrer-policy')).toBe('no-referrer');
    // A secret link's page: kept by no cache, the page cache for anonymous readers included.
    expect(shown.headers.get('Cache-Control')).toBe('no-store');
    expect(await preferenceRows(app.services, reader)).toEqual({});

    // POST turns that kind off, and only that kind; no sign-in is needed.
    const done = await stranger.submit(unsubscribe, `/avregistrera/${token}`, {}, { token });
    expect(done.status).toBe(200);
    expect(done.data).toEqual({ result: 'done', kind: 'mention' });
    expect(await preferenceRows(app.services, reader)).toEqual({ mention: 'off' });

    // 'off' sends nothing: no mail job is even queued.
    const before = (await emailJobs(app.services)).length;
    await send(app.services, { recipients: [reader.userId], kind: 'mention', groupId: groupA.id, actorId: actor.userId });
    expect(await emailJobs(app.services)).toHaveLength(before);
    await app.deliverMail();
    expect(app.smtp.inbox(reader.email)).toHaveLength(1);

    // The link is used up: a second visit gets a clear message, not an error.
    const again = await stranger.load(unsubscribe, `/avregistrera/${token}`, { token });
    expect(again.status).toBe(410);
    expect(again.data.link).toBeNull();
    const againPost = await stranger.submit(unsubscribe, `/avregistrera/${token}`, {}, { token });
    expect(againPost.status).toBe(410);
    expect(againPost.data.result).toBe('invalid');
    expect((await stranger.load(unsubscribe, '/avregistrera/nosuchtoken', { token: 'nosuchtoken' })).status).toBe(410);
  });

  it('does not mail a group notification to someone who left the group before it went out', async () => {
    const { reader, actor, groupB } = await colleagues(app);
    const [id] = await send(app.services, { recipients: [reader.userId], kind: 'action_item', groupId: groupB.id, actorId: actor.userId });
    await leaveGroup(app.services, groupB.id, reader);
    await app.deliverMail();
    expect(app.smtp.inbox(reader.email)).toEqual([]);
    const [job] = (await emailJobs(app.services)).filter((j) => j.payload.notificationId === id);
    expect(job!.status).toBe('done'); // handled, without sending
    const [row] = await app.services.db.select().from(notifications).where(eq(notifications.id, id!));
    expect(row!.emailedAt).toBeNull();
  });

  it('sends no mail at once for a kind that was switched to a digest after the notification was made', async () => {
    const { reader, groupA } = await colleagues(app);
    await send(app.services, { recipients: [reader.userId], kind: 'membership', groupId: groupA.id });
    await app.services.db.insert(notificationPreferences).values({ userId: reader.userId, kind: 'membership', delivery: 'daily' });
    await app.deliverMail();
    expect(app.smtp.inbox(reader.email)).toEqual([]);
  });
});

describe('digests', () => {
  const app = setUpTestApp({ smtp: true });

  const pendingDigests = async () =>
    (await app.services.db.select().from(jobs).where(and(eq(jobs.kind, DIGEST_JOB), eq(jobs.status, 'pending')))).map((j) => ({
      cadence: j.payload.cadence,
      runAt: j.runAt,
      since: j.payload.since,
    }));

  it('keeps exactly one pending digest job per cadence, however many workers start at once', async () => {
    await Promise.all([ensureDigestJobs(app.services.db), ensureDigestJobs(app.services.db), ensureDigestJob(app.services.db, 'daily')]);
    const pending = await pendingDigests();
    expect(pending.map((p) => p.cadence).sort()).toEqual(['daily', 'weekly']);
    for (const p of pending) {
      expect(p.runAt.getTime()).toBeGreaterThan(Date.now());
      // Scheduled at a digest time itself (07:00 Stockholm; Mondays for weekly).
      expect(nextDigestAt(p.cadence as 'daily' | 'weekly', new Date(p.runAt.getTime() - 1))).toEqual(p.runAt);
    }
    await app.services.db.delete(jobs).where(eq(jobs.kind, DIGEST_JOB));
  });

  it('gathers a day’s notifications into one mail per person, grouped by group, without groups they left', async () => {
    const { reader, actor, org, groupA, groupB } = await colleagues(app);
    const groupLeft = await groupWith(app.services, { openness: 'open', name: 'Gamma lämnad', members: [[actor, org.id, 'lead'], [reader, org.id, 'member']] });
    const weekly = await signedUpVisitor(app.services, 'Vera Veckovis');
    const silent = await signedUpVisitor(app.services, 'Sara Tyst');
    await app.services.db.insert(notificationPreferences).values([
      { userId: weekly.userId, kind: 'thread', delivery: 'weekly' },
      { userId: silent.userId, kind: 'thread', delivery: 'off' },
    ]);

    const a1 = { recipients: [reader.userId], groupId: groupA.id, actorId: actor.userId };
    await send(app.services, { ...a1, kind: 'thread', params: { group: 'tråd ett' }, url: '/grupper/a/diskussioner/1' });
    await send(app.services, { ...a1, kind: 'reply', params: { group: 'svar två' }, url: '/grupper/a/diskussioner/1#svar-2' });
    await send(app.services, { recipients: [reader.userId], groupId: groupB.id, actorId: actor.userId, kind: 'decision', params: { group: 'beslut tre' } });
    const [hidden] = await send(app.services, { recipients: [reader.userId], groupId: groupLeft.id, actorId: actor.userId, kind: 'meeting', params: { group: 'möte fyra' } });
    await leaveGroup(app.services, groupLeft.id, reader);
    await send(app.services, { recipients: [weekly.userId, silent.userId], kind: 'thread', params: { group: 'inte i dag' } });

    // "Now" is injectable: schedule the daily digest as if the worker had started yesterday, so it is already due.
    await ensureDigestJob(app.services.db, 'daily', { now: new Date(Date.now() - 25 * 3_600_000) });
    const before = Date.now();
    await app.deliverMail();

    const [mail, ...more] = app.smtp.inbox(reader.email);
    expect(more).toEqual([]);
    expect(mail!.subject).toBe('Samverka: din dagliga sammanfattning (3)');
    const text = mail!.text;
    expect(text).toContain('Hej Rut Läsare!');
    const order = [groupA.name, 'I tråd ett', `${TEST_ORIGIN}/grupper/a/diskussioner/1`, 'I svar två', groupB.name, 'I beslut tre'].map((s) => text.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(text).not.toContain('möte fyra');
    expect(text).not.toContain(groupLeft.name);
    expect(app.smtp.inbox(weekly.email)).toEqual([]);
    expect(app.smtp.inbox(silent.email)).toEqual([]);

    const rows = await app.services.db.select().from(notifications).where(eq(notifications.userId, reader.userId));
    expect(rows.filter((r) => r.emailedAt !== null)).toHaveLength(3);
    expect(rows.find((r) => r.id === hidden)!.emailedAt).toBeNull();

    // The run scheduled the next daily digest (07:00 Stockholm) and there is one pending.
    const pending = await pendingDigests();
    expect(pending).toHaveLength(1);
    expect(pending[0]!.cadence).toBe('daily');
    expect(pending[0]!.runAt.getTime()).toBe(nextDigestAt('daily', new Date(pending[0]!.since as string)).getTime());
    expect(new Date(pending[0]!.since as string).getTime()).toBeGreaterThanOrEqual(before);

    // The next run has nothing new to send.
    await app.services.db.update(jobs).set({ runAt: new Date(Date.now() - 1) }).where(and(eq(jobs.kind, DIGEST_JOB), eq(jobs.status, 'pending')));
    await app.deliverMail();
    expect(app.smtp.inbox(reader.email)).toHaveLength(1);

    // A digest's unsubscribe link turns off all notification mail.
    const token = unsubscribeToken(text);
    const done = await new Visitor(app.services).submit(unsubscribe, `/avregistrera/${token}`, {}, { token });
    expect(done.data).toEqual({ result: 'done', kind: null });
    expect(Object.values(await preferenceRows(app.services, reader))).toEqual(Array(NOTIFICATION_KINDS.length).fill('off'));
  });
});

describe('one-click unsubscribe (RFC 8058)', () => {
  const app = setUpTestApp({ smtp: true });

  it('carries List-Unsubscribe headers, and a provider’s POST without Origin or session turns the kind off', async () => {
    const { reader, groupA } = await colleagues(app);
    await send(app.services, { recipients: [reader.userId], kind: 'action_item', groupId: groupA.id });
    await app.deliverMail();
    const mail = app.smtp.received.find((m) => m.to.includes(reader.email))!;
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const url = mail.headers['list-unsubscribe']!.replace(/^<|>$/g, '');
    expect(mail.text).toContain(url);
    const token = unsubscribeToken(url);

    // The HTTP guard lets exactly this through: a provider sends no Origin, which is otherwise refused.
    const path = new URL(url).pathname;
    expect(isCrossOriginWrite('POST', { host: 'samverka.test' })).toBe(true);
    expect(isOneClickUnsubscribe('POST', path)).toBe(true);
    expect(isOneClickUnsubscribe('POST', '/registrera')).toBe(false);
    expect(isOneClickUnsubscribe('POST', '/avregistrera/x/y')).toBe(false);

    const request = new Request(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    const context = await buildRequestContext(app.services, request.headers);
    const result = (await unsubscribe.action({ request, params: { token }, context } as never)) as { data: unknown; init: ResponseInit | null };
    // Set explicitly: a document POST otherwise takes its status from the loader, which then says 410 (token used up).
    expect(result.init?.status).toBe(200);
    expect(result.data).toEqual({ result: 'done', kind: 'action_item' });
    expect(await preferenceRows(app.services, reader)).toEqual({ action_item: 'off' });
  });

  it('is exempt from the cross-origin guard only as RFC 8058 describes: a browser POST from another site gets the 403', async () => {
    const path = '/avregistrera/abc123';
    // A provider's server sends no browser headers: exempt.
    expect(isOneClickUnsubscribe('POST', path, {})).toBe(true);
    // A form on another site: a foreign Origin, or Sec-Fetch-Site cross-site, is no one-click unsubscribe...
    expect(isOneClickUnsubscribe('POST', path, { origin: 'https://evil.example', secFetchSite: 'cross-site' })).toBe(false);
    expect(isOneClickUnsubscribe('POST', path, { secFetchSite: 'cross-site' })).toBe(false);
    expect(isOneClickUnsubscribe('POST', path, { origin: 'null' })).toBe(false);
    // ...so the ordinary guard answers it (403 with its message), before the route is reached.
    expect(isCrossOriginWrite('POST', { origin: 'https://evil.example', secFetchSite: 'cross-site', host: 'samverka.test' })).toBe(true);
  });

  it('answers a body that is not a form with 415 and turns nothing off', async () => {
    const { reader, groupA } = await colleagues(app);
    await send(app.services, { recipients: [reader.userId], kind: 'action_item', groupId: groupA.id });
    await app.deliverMail();
    const mail = [...app.smtp.received].reverse().find((m) => m.to.includes(reader.email))!;
    const url = mail.headers['list-unsubscribe']!.replace(/^<|>$/g, '');
    const token = unsubscribeToken(url);
    const request = new Request(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"List-Unsubscribe":"One-Click"}' });
    const context = await buildRequestContext(app.services, request.headers);
    const thrown = await Promise.resolve(unsubscribe.action({ request, params: { token }, context } as never)).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(415);
    expect(await preferenceRows(app.services, reader)).toEqual({});
  });
});
