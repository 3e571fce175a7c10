import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_EXPORT_CLEANUP_JOB, EXPORT_LIFETIME_MS } from '#app/accounts/personal-data.server.ts';
import { runDueJobs } from '#app/jobs/worker.server.ts';
import * as account from '#app/routes/accounts/account.tsx';
import * as admin from '#app/routes/admin/admin.tsx';
import * as forgotPassword from '#app/routes/accounts/forgot-password.tsx';
import * as actionsPage from '#app/routes/groups/group/actions.tsx';
import * as threadPage from '#app/routes/groups/group/thread.tsx';
import * as threadsPage from '#app/routes/groups/group/threads.tsx';
import * as newInitiative from '#app/routes/content/initiatives/new.tsx';
import * as organizationPage from '#app/routes/organizations/organization.tsx';
import * as membersPage from '#app/routes/organizations/members.tsx';
import * as personalData from '#app/routes/accounts/personal-data.tsx';
import * as exportDownload from '#app/routes/accounts/personal-data-export.ts';
import * as privacy from '#app/routes/site/privacy.tsx';
import * as signIn from '#app/routes/accounts/sign-in.tsx';
import {
  accountExports,
  auditLog,
  contentRevisions,
  devMailbox,
  groupActionItems,
  groupDecisions,
  groupMeetings,
  groupReplies,
  groupThreads,
  initiatives,
  invitations,
  jobs,
  loginThrottle,
  notificationPreferences,
  notifications,
  passwordResetTokens,
  sessions,
  unsubscribeTokens,
  users,
  type Organization,
  type WorkingGroup,
} from '#db/schema/index.server.ts';
import { Visitor } from '../support/app.ts';
import { groupWith } from '../support/groups.ts';
import { organizationWith, signedUpVisitor, type Person } from '../support/people.ts';
import { setUpTestApp } from '../support/setup.ts';

const app = setUpTestApp();
let zelda: Person; // the person whose data is exported and then erased
let anna: Person; // admin of the kommun, lead of the group
let bo: Person; // member of both, replies and mentions Zelda
let platformAdmin: Person;
let kommun: Organization;
let otherOrg: Organization;
let group: WorkingGroup;
let initiativeSlug: string;
let zeldasThreadId: string;
let annasThreadId: string;

const PASSWORD = 'correct horse battery';
const doc = (...paragraphs: string[]) => JSON.stringify({ type: 'doc', content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) });
const threadsPath = (g: WorkingGroup) => `/grupper/${g.slug}/diskussioner`;

async function startThread(v: Person, title: string, body: string) {
  const res = await v.submit(threadsPage, threadsPath(group), { intent: 'create', title, body: doc(body) }, { slug: group.slug });
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  return res.location!.split('?')[0]!.split('/').pop()!;
}

async function reply(v: Person, threadId: string, body: string) {
  const res = await v.submit(threadPage, `${threadsPath(group)}/${threadId}`, { intent: 'reply', body: doc(body) }, { slug: group.slug, threadId });
  expect(res.status, JSON.stringify(res.data)).toBe(302);
}

beforeAll(async () => {
  const { db } = app.services;
  [zelda, anna, bo, platformAdmin] = await app.people('Zelda Raderasson', 'Anna Kvarstad', 'Bo Kvarstad', 'Plattforms Admin');
  await db.update(users).set({ isPlatformAdmin: true }).where(eq(users.id, platformAdmin.userId));
  kommun = await organizationWith(app.services, { verified: true, members: [[anna, 'admin'], [zelda, 'editor'], [bo, 'member']] });
  otherOrg = await organizationWith(app.services, { verified: true, sector: 'civilsamhalle', members: [[anna, 'admin']] });
  group = await groupWith(app.services, {
    openness: 'closed',
    name: 'Trygghet i Rosengård',
    members: [
      [anna, kommun.id, 'lead'],
      [zelda, kommun.id, 'member'],
      [bo, kommun.id, 'member'],
    ],
  });

  // An initiative Zelda wrote (a revision by her), published by her organisation.
  const res = await zelda.submitPairs(newInitiative, '/insatser/ny', [
    ['organizationId', kommun.id],
    ['title', 'Läxhjälp i Rosengård'],
    ['summary', 'Läxhjälp tre kvällar i veckan.'],
    ['body', doc('Vi startade hösten 2022.')],
    ['status', 'ongoing'],
    ['startDate', '2022-08-15'],
    ['endDate', ''],
    ['themes', 'education'],
    ['areaCodes', '1280'],
  ]);
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  initiativeSlug = res.location!.split('?')[0]!.split('/').pop()!;

  // Anna, from another address, makes her a member: an audit entry about Zelda that is not hers.
  const annaElsewhere = new Visitor(app.services, '198.51.100.7');
  annaElsewhere.cookies = new Map(anna.cookies);
  const role = await annaElsewhere.submit(membersPage, `/organisationer/${kommun.slug}/medlemmar`, { intent: 'role', userId: zelda.userId, role: 'member' }, { slug: kommun.slug });
  expect(role.status, JSON.stringify(role.data)).toBe(302); // a role change redirects to the list with its confirmation

  // Group posts: her thread with replies from others, her reply in Anna's thread, mentions of her.
  zeldasThreadId = await startThread(zelda, 'Fråga om lokaler', 'Var ska vi hålla till i vår?');
  await reply(bo, zeldasThreadId, 'Biblioteket har ett rum, @Zelda Raderasson.');
  annasThreadId = await startThread(anna, 'Planering inför hösten', 'Vad behöver vi?');
  await reply(zelda, annasThreadId, 'Jag tar fram en budget.');
  await reply(anna, annasThreadId, 'Tack! Boka Bo också.');

  // A meeting and a decision she recorded, an action item she owns (written directly: those flows have their own tests).
  await db.insert(groupMeetings).values({ groupId: group.id, title: 'Höstmöte', startsAt: new Date('2026-09-01T15:00:00Z'), endsAt: new Date('2026-09-01T16:00:00Z'), agenda: JSON.parse(doc('Budget')), createdBy: zelda.userId });
  await db.insert(groupDecisions).values({ groupId: group.id, text: 'Vi bokar biblioteket.', decidedOn: '2026-09-01', createdBy: zelda.userId });
  await db.insert(groupActionItems).values({ groupId: group.id, title: 'Ta fram en budget', ownerUserId: zelda.userId, createdBy: anna.userId });

  // A preference, a join request, an invitation addressed to her, a failed sign-in.
  await db.insert(notificationPreferences).values({ userId: zelda.userId, kind: 'decision', delivery: 'weekly' });
  const join = await zelda.submit(organizationPage, `/organisationer/${otherOrg.slug}`, { intent: 'request-join', message: 'Jag vill vara med.' }, { slug: otherOrg.slug });
  expect(join.status, JSON.stringify(join.data)).toBe(200);
  await db.insert(invitations).values({ organizationId: otherOrg.id, email: zelda.email, role: 'member', tokenHash: 'a'.repeat(64), invitedBy: anna.userId, expiresAt: new Date(Date.now() + 86_400_000) });
  await db.insert(invitations).values({ organizationId: kommun.id, email: 'someone.else@x.se', role: 'member', tokenHash: 'b'.repeat(64), invitedBy: zelda.userId, expiresAt: new Date(Date.now() + 86_400_000) });
  const failed = await new Visitor(app.services).submit(signIn, '/logga-in', { email: zelda.email, password: 'wrong password here' });
  expect(failed.status).toBe(401);
  // Mail goes out (mentions, replies); what the export and deletion meet is a lived-in account.
  await app.deliverMail();
});

describe('download my data', () => {
  let exportId: string;
  let exported: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  let exportText: string;

  it('is prepared by the job worker, mailed as a link and shown on the account page', async () => {
    const res = await zelda.submit(personalData, '/konto/personuppgifter', { intent: 'export' });
    expect(res.status).toBe(302);
    expect(res.location).toBe('/konto#personuppgifter');
    expect((await zelda.load(account, '/konto')).data.personalData).toMatchObject({ state: 'pending' });

    await runDueJobs(app.services);
    const page = await zelda.load(account, '/konto');
    expect(page.data.personalData).toMatchObject({ state: 'ready' });
    exportId = page.data.personalData.id;
    const [row] = await app.services.db.select().from(accountExports).where(eq(accountExports.id, exportId));
    expect(row!.expiresAt!.getTime() - row!.readyAt!.getTime()).toBe(EXPORT_LIFETIME_MS);

    const [mail] = await app.services.db.select().from(devMailbox).where(eq(devMailbox.to, zelda.email)).orderBy(desc(devMailbox.id)).limit(1);
    expect(mail!.text).toContain(`http://samverka.test/konto/personuppgifter/export/${exportId}`);
  });

  it('downloads as JSON for its owner', async () => {
    const res = await zelda.load(exportDownload, `/konto/personuppgifter/export/${exportId}`, { id: exportId });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="samverka-mina-uppgifter-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(res.headers.get('cache-control')).toContain('no-store');
    exported = res.data;
    exportText = JSON.stringify(exported);
  });

  it('holds the person’s data in every domain', () => {
    expect(exported.account).toMatchObject({ id: zelda.userId, name: 'Zelda Raderasson', email: zelda.email });
    expect(exported.sessions.length).toBeGreaterThan(0);
    expect(exported.organizationMemberships).toEqual([expect.objectContaining({ organization: kommun.name, role: 'member' })]);
    expect(exported.organizationJoinRequests).toEqual([expect.objectContaining({ organization: otherOrg.name, message: 'Jag vill vara med.' })]);
    expect(exported.organizationInvitationsReceived).toEqual([expect.objectContaining({ organization: otherOrg.name })]);
    expect(exported.organizationInvitationsSent).toEqual([expect.objectContaining({ organization: kommun.name })]);
    expect(exported.groupMemberships).toEqual([expect.objectContaining({ group: 'Trygghet i Rosengård', role: 'member', representing: kommun.name })]);
    expect(exported.groupThreads.map((t: { title: string }) => t.title)).toEqual(['Fråga om lokaler']);
    expect(exported.groupReplies).toEqual([expect.objectContaining({ thread: 'Planering inför hösten' })]);
    expect(JSON.stringify(exported.groupReplies)).toContain('Jag tar fram en budget.');
    expect(exported.revisions).toEqual([expect.objectContaining({ contentType: 'initiative', title: 'Läxhjälp i Rosengård', version: 1, action: 'create' })]);
    expect(exported.meetings).toEqual([expect.objectContaining({ group: 'Trygghet i Rosengård', title: 'Höstmöte', startsAt: '2026-09-01T15:00:00.000Z' })]);
    expect(exported.decisions).toEqual([expect.objectContaining({ text: 'Vi bokar biblioteket.' })]);
    expect(exported.actionItems).toEqual([expect.objectContaining({ title: 'Ta fram en budget', youOwnIt: true, youCreatedIt: false })]);
    expect(exported.notifications.length).toBeGreaterThan(0);
    expect(exported.notifications.map((n: { text: string }) => n.text).join('\n')).toContain('Bo Kvarstad');
    expect(exported.notificationPreferences).toEqual([{ kind: 'decision', delivery: 'weekly' }]);
    const actions = exported.auditLog.map((a: { action: string }) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['user.sign_up', 'user.sign_in_failed', 'organization.join_requested', 'user.export_requested', 'organization.role_changed']));
    expect(exported.auditLog.find((a: { action: string }) => a.action === 'organization.role_changed')).toMatchObject({ byYou: false, ip: null, details: { from: 'editor', to: 'member' } });
  });

  it('holds no one else’s private data and no secrets', async () => {
    const { db } = app.services;
    for (const other of [anna, bo, platformAdmin]) expect(exportText).not.toContain(other.email);
    expect(exportText).not.toContain('someone.else@x.se');
    expect(exportText).not.toContain('198.51.100.7'); // Anna's address, in an entry about Zelda
    expect(exportText).not.toContain(anna.userId);
    const [me] = await db.select().from(users).where(eq(users.id, zelda.userId));
    expect(exportText).not.toContain(me!.passwordHash);
    expect(exportText).not.toMatch(/passwordHash|tokenHash|token_hash/);
    const secrets = [
      ...(await db.select({ s: sessions.id }).from(sessions).where(eq(sessions.userId, zelda.userId))),
      ...(await db.select({ s: passwordResetTokens.tokenHash }).from(passwordResetTokens).where(eq(passwordResetTokens.userId, zelda.userId))),
      ...(await db.select({ s: unsubscribeTokens.tokenHash }).from(unsubscribeTokens).where(eq(unsubscribeTokens.userId, zelda.userId))),
      ...(await db.select({ s: invitations.tokenHash }).from(invitations)),
    ];
    expect(secrets.length).toBeGreaterThan(2);
    for (const { s } of secrets) expect(exportText).not.toContain(s);
  });

  it('is refused to anyone but its owner', async () => {
    const path = `/konto/personuppgifter/export/${exportId}`;
    expect((await bo.load(exportDownload, path, { id: exportId })).status).toBe(403);
    expect((await platformAdmin.load(exportDownload, path, { id: exportId })).status).toBe(403);
    const signedOut = await new Visitor(app.services).load(exportDownload, path, { id: exportId });
    expect(signedOut.status).toBe(302);
    expect(signedOut.location).toBe(`/logga-in?redirectTo=${encodeURIComponent(path)}`);
    expect((await zelda.load(exportDownload, '/x', { id: 'not-a-uuid' })).status).toBe(404);
  });

  it('expires after 7 days and is then removed by the worker', async () => {
    const { db } = app.services;
    const path = `/konto/personuppgifter/export/${exportId}`;
    // Seven days pass: move the export's clock, not the test's.
    await db.update(accountExports).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(accountExports.id, exportId));
    expect((await zelda.load(exportDownload, path, { id: exportId })).status).toBe(410);
    expect((await zelda.load(account, '/konto')).data.personalData).toMatchObject({ state: 'none' });
    const [cleanup] = await db.select().from(jobs).where(and(eq(jobs.kind, ACCOUNT_EXPORT_CLEANUP_JOB), eq(jobs.status, 'pending')));
    expect(cleanup!.runAt.getTime()).toBeGreaterThan(Date.now() + EXPORT_LIFETIME_MS - 60_000);
    await db.update(jobs).set({ runAt: new Date() }).where(eq(jobs.id, cleanup!.id));
    await runDueJobs(app.services);
    expect(await db.select().from(accountExports).where(eq(accountExports.id, exportId))).toEqual([]);
    expect((await zelda.load(exportDownload, path, { id: exportId })).status).toBe(404);
  });
});

describe('delete my account', () => {
  it('refuses a wrong password and changes nothing', async () => {
    const res = await zelda.submit(personalData, '/konto/personuppgifter', { intent: 'delete', password: 'not my password' });
    expect(res.status).toBe(400);
    expect(res.data.errors.password).toEqual({ key: 'error.password.wrong' });
    expect(await app.services.db.select({ id: users.id }).from(users).where(eq(users.id, zelda.userId))).toHaveLength(1);
  });

  it('refuses the last admin of an organisation, naming it', async () => {
    const lone = await signedUpVisitor(app.services, 'Ensam Admin');
    const org = await organizationWith(app.services, { verified: true, members: [[lone, 'admin'], [bo, 'member']] });
    const res = await lone.submit(personalData, '/konto/personuppgifter', { intent: 'delete', password: PASSWORD });
    expect(res.status).toBe(409);
    expect(res.data.errors.form).toEqual({ key: 'personalData.delete.lastAdmin', params: { name: org.name } });
    expect(await app.services.db.select({ id: users.id }).from(users).where(eq(users.id, lone.userId))).toHaveLength(1);
  });

  it('refuses the last lead of an active group, naming it; an archived group does not block', async () => {
    const lone = await signedUpVisitor(app.services, 'Ensam Ledare');
    const org = await organizationWith(app.services, { verified: true, members: [[lone, 'member'], [anna, 'admin']] });
    const active = await groupWith(app.services, { openness: 'open', name: 'Aktiv grupp', members: [[lone, org.id, 'lead'], [bo, kommun.id, 'member']] });
    await groupWith(app.services, { openness: 'open', name: 'Arkiverad grupp', archived: true, members: [[lone, org.id, 'lead']] });
    const res = await lone.submit(personalData, '/konto/personuppgifter', { intent: 'delete', password: PASSWORD });
    expect(res.status).toBe(409);
    expect(res.data.errors.form).toEqual({ key: 'personalData.delete.lastLead', params: { name: active.name } });
    expect(res.data.errors.form.params.name).not.toBe('Arkiverad grupp');
  });

  it('erases the person, keeps others’ content, and leaves no personal data in any table', async () => {
    const { db } = app.services;
    // Mail still waiting for her: a reset link and a fresh mention.
    expect((await new Visitor(app.services).submit(forgotPassword, '/glomt-losenord', { email: zelda.email })).status).toBe(200);
    await reply(anna, zeldasThreadId, 'Hör av dig, @Zelda Raderasson!');
    const pendingToHer = await db.select().from(jobs).where(and(eq(jobs.status, 'pending'), sql`${jobs.payload}::text ilike ${'%' + zelda.email + '%'}`));
    const herNotices = db.select({ id: sql`${notifications.id}::text` }).from(notifications).where(eq(notifications.userId, zelda.userId));
    const herNoticeMail = await db.select().from(jobs).where(and(eq(jobs.status, 'pending'), eq(jobs.kind, 'notification.email'), sql`${jobs.payload}->>'notificationId' in (${herNotices})`));
    expect(pendingToHer.map((j) => j.kind)).toEqual(['account.password_reset']);
    expect(herNoticeMail).toHaveLength(1);
    const repliesBefore = await db.select().from(groupReplies).where(eq(groupReplies.threadId, annasThreadId));

    const res = await zelda.submit(personalData, '/konto/personuppgifter', { intent: 'delete', password: PASSWORD });
    expect(res.status).toBe(302);
    expect(res.location).toBe('/integritet?raderat=1');
    expect(res.headers.get('set-cookie')).toMatch(/Max-Age=0/i);

    // Gone: the account, its sessions, its mail.
    expect(await db.select().from(users).where(eq(users.id, zelda.userId))).toEqual([]);
    expect(await db.select().from(sessions).where(eq(sessions.userId, zelda.userId))).toEqual([]);
    expect(await db.select().from(loginThrottle).where(eq(loginThrottle.key, `account:${zelda.email}`))).toEqual([]);
    expect(await db.select().from(jobs).where(inArray(jobs.id, [...pendingToHer, ...herNoticeMail].map((j) => j.id)))).toEqual([]);
    const before = (await db.select().from(devMailbox)).length;
    await runDueJobs(app.services);
    expect((await db.select().from(devMailbox)).length).toBe(before);

    // Others' content stays: the initiative, both threads, every reply (hers anonymised).
    const [initiative] = await db.select().from(initiatives).where(eq(initiatives.slug, initiativeSlug));
    expect(initiative).toMatchObject({ title: 'Läxhjälp i Rosengård', createdBy: null, organizationId: kommun.id });
    expect(await db.select({ a: contentRevisions.authorId }).from(contentRevisions).where(eq(contentRevisions.contentId, initiative!.id))).toEqual([{ a: null }]);
    const [herThread] = await db.select().from(groupThreads).where(eq(groupThreads.id, zeldasThreadId));
    expect(herThread).toMatchObject({ title: 'Fråga om lokaler', authorId: null });
    const repliesAfter = await db.select().from(groupReplies).where(eq(groupReplies.threadId, annasThreadId));
    expect(repliesAfter.map((r) => r.id).sort()).toEqual(repliesBefore.map((r) => r.id).sort());
    for (const r of repliesAfter) {
      const was = repliesBefore.find((b) => b.id === r.id)!;
      expect(r.body).toEqual(was.body);
      expect(r.authorId).toBe(was.authorId === zelda.userId ? null : was.authorId);
    }
    const page = await anna.load(threadPage, '/x', { slug: group.slug, threadId: annasThreadId });
    expect(page.status).toBe(200);
    expect(page.data.replies.map((r: { authorName: string | null }) => r.authorName)).toEqual([null, 'Anna Kvarstad']);
    const actions = await anna.load(actionsPage, '/x', { slug: group.slug });
    expect(actions.data.items.map((i: { title: string; owner: object }) => [i.title, i.owner])).toEqual([['Ta fram en budget', { kind: 'user', name: 'Tidigare användare' }]]);
    // Mentions of her in others' posts name no one now.
    const mentions = await db.select({ body: groupReplies.body }).from(groupReplies).where(eq(groupReplies.threadId, zeldasThreadId));
    expect(JSON.stringify(mentions)).toContain('@tidigare användare');

    // Table by table, every text, jsonb, array and uuid column: no name, address or id of hers.
    const columns = (await db.execute(sql`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY', 'uuid')
      order by table_name, column_name`)) as unknown as { table_name: string; column_name: string }[] | { rows: { table_name: string; column_name: string }[] };
    const list = Array.isArray(columns) ? columns : columns.rows;
    expect(list.length).toBeGreaterThan(50);
    const hits: string[] = [];
    for (const { table_name, column_name } of list) {
      for (const needle of ['Zelda Raderasson', 'Raderasson', zelda.email, zelda.userId]) {
        const found = (await db.execute(
          sql`select count(*)::int as n from ${sql.identifier(table_name)} where strpos(lower(${sql.identifier(column_name)}::text), ${needle.toLowerCase()}) > 0`,
        )) as unknown as { n: number }[] | { rows: { n: number }[] };
        const n = (Array.isArray(found) ? found : found.rows)[0]!.n;
        if (n > 0) hits.push(`${table_name}.${column_name} ~ ${needle} (${n})`);
      }
    }
    expect(hits).toEqual([]);

    // The event is kept without naming her.
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, 'user.deleted'));
    expect(entry).toMatchObject({ actorUserId: null, targetType: 'user', targetId: null, ip: null });
  });

  it('ends her sessions: the old cookie no longer signs in', async () => {
    const res = await zelda.load(account, '/konto');
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/^\/logga-in/);
  });
});

describe('a platform admin deletes someone else’s account', () => {
  it('only platform admins, with their own password, audited', async () => {
    const { db } = app.services;
    const victor = await signedUpVisitor(app.services, 'Victor Bortvald');
    await organizationWith(app.services, { verified: true, members: [[victor, 'member'], [anna, 'admin']] });

    const notAdmin = await bo.submit(admin, '/admin', { intent: 'delete-user', email: victor.email, password: PASSWORD });
    expect(notAdmin.status).toBe(403);
    const wrong = await platformAdmin.submit(admin, '/admin', { intent: 'delete-user', email: victor.email, password: 'not the password' });
    expect(wrong.status).toBe(400);
    expect(wrong.data.errors.password).toEqual({ key: 'error.password.wrong' });
    const unknown = await platformAdmin.submit(admin, '/admin', { intent: 'delete-user', email: 'nobody@x.se', password: PASSWORD });
    expect(unknown.status).toBe(404);
    expect(unknown.data.errors.email).toEqual({ key: 'personalData.admin.noSuchUser' });
    expect(await db.select({ id: users.id }).from(users).where(eq(users.id, victor.userId))).toHaveLength(1);

    const res = await platformAdmin.submit(admin, '/admin', { intent: 'delete-user', email: victor.email, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.data.deleted).toBe(true);
    expect(await db.select({ id: users.id }).from(users).where(eq(users.id, victor.userId))).toEqual([]);
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, 'user.deleted_by_admin'));
    expect(entry).toMatchObject({ actorUserId: platformAdmin.userId, targetType: 'user', targetId: null });
    expect(JSON.stringify(entry)).not.toContain(victor.email);
    const victorsCookie = await victor.load(account, '/konto');
    expect(victorsCookie.status).toBe(302);
  });

  it('is refused for the last admin of an organisation too', async () => {
    const lone = await signedUpVisitor(app.services, 'Sista Admin');
    const org = await organizationWith(app.services, { verified: true, members: [[lone, 'admin']] });
    const res = await platformAdmin.submit(admin, '/admin', { intent: 'delete-user', email: lone.email, password: PASSWORD });
    expect(res.status).toBe(409);
    expect(res.data.errors.form).toEqual({ key: 'personalData.delete.lastAdmin', params: { name: org.name } });
  });
});

describe('the privacy page', () => {
  it('is open to everyone', async () => {
    const res = await new Visitor(app.services).load(privacy, '/integritet');
    expect(res.status).toBe(200);
    expect(res.data.deleted).toBe(false);
    expect((await new Visitor(app.services).load(privacy, '/integritet?raderat=1')).data.deleted).toBe(true);
  });
});
