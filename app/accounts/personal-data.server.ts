/**
 * A person's own data (GDPR): "download my data" (a JSON export prepared by
 * the job worker, kept 7 days) and "delete my account" (by the person, or by a
 * platform admin for someone else). What is kept, why and for how long is
 * described on the privacy page (/integritet); keep the two in step.
 *
 * Deletion, table by table (every table with a users FK, and the places that
 * hold a name, an address or an id as text):
 * - users: the row is deleted; that erases name, email, password hash, locale.
 * - cascade (FK): sessions, linked single sign-on identities and pending links, password reset tokens, memberships, organisation
 *   and group join requests, group memberships, calendar tokens, notifications
 *   and notification preferences, unsubscribe tokens, import drafts, exports,
 *   API tokens, reports they filed.
 * - set null (FK), shown as "tidigare användare" / "former user": authorship of
 *   comments (and who hid them or closed a report),
 *   content and revisions, group threads and replies, meetings, decisions,
 *   action items (owner, done by, created by), library entries, group
 *   activity, organisations and groups created, invitations sent, imports,
 *   attachments, other people's notifications (actor).
 * - explicit: invitations addressed to their email; the sign-in throttle entry
 *   keyed by their email; pending and past mail jobs to them and their
 *   notification mail jobs; mail to them in the development mailbox. Other
 *   jobs that carry their id, address or name keep running without it.
 * - anonymised text: their name in other people's notifications, in group
 *   activity lines and in development-mailbox copies becomes "tidigare
 *   användare"; @mentions of them in group posts become "@tidigare användare";
 *   the contact fields of initiatives (and their revisions) that name their
 *   address are cleared.
 * - audit log: every event stays, without personal data about them: the actor
 *   becomes null (FK), the IP address of their own events is dropped, a target
 *   that was their account loses its id, and their address, name or id inside
 *   details is replaced. Their deletion itself is recorded without naming them.
 * Everything happens in one transaction.
 */
import { and, eq, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '#db/client.server.ts';
import { findUserByEmail, findUserById } from '#db/queries/accounts.server.ts';
import { listGroupMemberNames, listGroupMembershipsOf, listGroupRolesOf } from '#db/queries/group-membership.server.ts';
import { recordAudit } from '#db/queries/audit.server.ts';
import { enqueueJob } from '#db/queries/jobs.server.ts';
import { PASSWORD_RESET_JOB } from './accounts.server.ts';
import { listApiTokens } from '../api/tokens.server.ts';
import {
  accountExports,
  contentReports,
  attachments,
  auditLog,
  contentRevisions,
  devMailbox,
  groupActionItems,
  groupActivities,
  groupCalendarTokens,
  groupDecisions,
  groupInvitations,
  groupJoinRequests,
  groupLibraryItems,
  groupMeetings,
  groupMembers,
  comments,
  follows,
  groupReplies,
  groupThreads,
  indicatorImports,
  indicatorSnapshots,
  initiatives,
  invitations,
  jobs,
  joinRequests,
  lessons,
  loginThrottle,
  memberships,
  notificationPreferences,
  notifications,
  organizations,
  sessions,
  userIdentities,
  users,
  workingGroups,
  type User,
} from '#db/schema/index.server.ts';
import { enqueueSearchSync } from '#search/outbox.server.ts';
import { verifyPassword } from '../auth/password.server.ts';
import type { RequestContext } from '../context.server.ts';
import { currentPassword, email, fieldError, parseForm, type FieldErrors } from '../forms/validation.ts';
import { mentionMatcher } from '../groups/mentions.ts';
import { formatDateTime } from '../i18n/format.ts';
import { translate, type Locale } from '../i18n/index.ts';
import { enqueueMail, MAIL_JOB } from '../mail/mailer.server.ts';
import { noticeMessageKey } from '../notifications/message.ts';
import { NOTIFICATION_EMAIL_JOB } from '../notifications/notify.server.ts';
import { accountDeletionBlockers, canDeleteAccount, canDownloadAccountExport, ownerProofRequired, type AccountDeletionBlocker } from '../policy.ts';
import type { Services } from '../services.server.ts';
import { z } from 'zod';

export const ACCOUNT_EXPORT_JOB = 'account.export';
export const ACCOUNT_EXPORT_CLEANUP_JOB = 'account.export.cleanup';
export const EXPORT_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
/** How a deleted person is named where their name stood (Swedish first, as stored text is). */
export const FORMER_USER = 'tidigare användare';

type Outcome<T = object> = ({ ok: true } & T) | { ok: false; status: number; errors: FieldErrors };
const invalid = (errors: FieldErrors, status = 400) => ({ ok: false as const, status, errors });

export const exportPath = (id: string) => `/konto/personuppgifter/export/${id}`;

// ---------------------------------------------------------------------------
// Download my data

export interface ExportStatus {
  state: 'none' | 'pending' | 'ready';
  id: string | null;
  readyAt: string | null;
  expiresAt: string | null;
}

/** What the account page shows: the latest export, while it has not expired. */
export async function exportStatus(db: Db, userId: string, now = new Date()): Promise<ExportStatus> {
  const [row] = await db
    .select({ id: accountExports.id, status: accountExports.status, readyAt: accountExports.readyAt, expiresAt: accountExports.expiresAt })
    .from(accountExports)
    .where(eq(accountExports.userId, userId))
    .orderBy(sql`${accountExports.createdAt} desc`)
    .limit(1);
  if (!row || (row.expiresAt && row.expiresAt <= now)) return { state: 'none', id: null, readyAt: null, expiresAt: null };
  return { state: row.status, id: row.id, readyAt: row.readyAt?.toISOString() ?? null, expiresAt: row.expiresAt?.toISOString() ?? null };
}

/** Starts a new export (an earlier one is replaced); the worker prepares it and mails a link. */
export async function requestExport(ctx: RequestContext, userId: string): Promise<string> {
  return ctx.services.db.transaction(async (tx) => {
    await tx.delete(accountExports).where(eq(accountExports.userId, userId));
    const [row] = await tx.insert(accountExports).values({ userId }).returning({ id: accountExports.id });
    await enqueueJob(tx, ACCOUNT_EXPORT_JOB, { exportId: row!.id });
    await recordAudit(tx, { actorUserId: userId, action: 'user.export_requested', ip: ctx.ip });
    return row!.id;
  });
}

/** The worker's half: builds the export, stores it for 7 days, mails the link and schedules its removal. */
export async function runExportJob(services: Services, payload: Record<string, unknown>, now = new Date()): Promise<void> {
  const exportId = String(payload.exportId ?? '');
  // A malformed payload is nothing to retry.
  if (!z.string().uuid().safeParse(exportId).success) return;
  const { db, config } = services;
  const [row] = await db.select({ id: accountExports.id, userId: accountExports.userId }).from(accountExports).where(eq(accountExports.id, exportId));
  // Replaced by a newer request, or the account is gone: nothing to do.
  if (!row) return;
  const user = await findUserById(db, row.userId);
  if (!user) return;
  const content = JSON.stringify(await buildExport(db, user, now), null, 2);
  const expiresAt = new Date(now.getTime() + EXPORT_LIFETIME_MS);
  const locale: Locale = user.locale ?? 'sv';
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(accountExports)
      .set({ status: 'ready', content, readyAt: now, expiresAt })
      .where(eq(accountExports.id, row.id))
      .returning({ id: accountExports.id });
    if (updated.length === 0) return;
    await enqueueMail(tx, {
      to: user.email,
      subject: translate(locale, 'personalData.mail.subject'),
      text: translate(locale, 'personalData.mail.body', { name: user.name, link: `${config.publicUrl}${exportPath(row.id)}`, until: formatDateTime(expiresAt, locale, 'long') }),
    });
    await enqueueJob(tx, ACCOUNT_EXPORT_CLEANUP_JOB, {}, { runAt: expiresAt });
  });
}

/** Removes every expired export (the cleanup job runs when the newest one expires; each sweep takes all). */
export async function removeExpiredExports(db: Db, now = new Date()): Promise<number> {
  const gone = await db.delete(accountExports).where(and(isNotNull(accountExports.expiresAt), lt(accountExports.expiresAt, now))).returning({ id: accountExports.id });
  return gone.length;
}

/** The download: only its owner, signed in, before it expires (404 unknown or not ready, 403 someone else's, 410 expired). */
export async function loadExportForDownload(
  ctx: RequestContext,
  exportId: string,
  now = new Date(),
): Promise<{ ok: true; content: string; createdAt: Date } | { ok: false; status: 403 | 404 | 410 }> {
  if (!z.string().uuid().safeParse(exportId).success) return { ok: false, status: 404 };
  const [row] = await ctx.services.db.select().from(accountExports).where(eq(accountExports.id, exportId));
  if (!row || row.status !== 'ready' || row.content === null) return { ok: false, status: 404 };
  if (!canDownloadAccountExport(await ctx.actor(), row)) return { ok: false, status: 403 };
  if (!row.expiresAt || row.expiresAt <= now) return { ok: false, status: 410 };
  return { ok: true, content: row.content, createdAt: row.readyAt ?? row.createdAt };
}

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
const EMAIL_LIKE = /[^\s@"<>]+@[^\s@"<>]+\.[^\s@"<>]+/g;

/** Other people's addresses never leave in an export (audit details of invitations they sent, say). */
function withoutOtherAddresses(value: unknown, ownEmail: string): unknown {
  if (typeof value === 'string') return value.replace(EMAIL_LIKE, (m) => (m.toLowerCase() === ownEmail.toLowerCase() ? m : '[…]'));
  if (Array.isArray(value)) return value.map((v) => withoutOtherAddresses(v, ownEmail));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutOtherAddresses(v, ownEmail)]));
  return value;
}

/**
 * Everything about one person, and only their own data: other people appear
 * by organisation or group name at most, never by address; secrets (password
 * hash, token hashes, session ids) are left out.
 */
export async function buildExport(db: Db, user: User, now = new Date()) {
  const uid = user.id;
  const mine = (col: Parameters<typeof eq>[0]) => eq(col, uid);
  const lowerEmail = user.email.toLowerCase();
  const [
    sessionRows,
    orgRows,
    orgRequests,
    orgInvitesReceived,
    orgInvitesSent,
    groupRows,
    groupRequests,
    groupInvitesReceived,
    groupInvitesSent,
    revisions,
    snapshotRows,
    threads,
    replies,
    meetings,
    decisions,
    actionItems,
    library,
    calendarRows,
    notificationRows,
    preferences,
    auditRows,
    importRows,
    attachmentRows,
    followRows,
    commentRows,
  ] = await Promise.all([
    db.select({ createdAt: sessions.createdAt, expiresAt: sessions.expiresAt, ssoProviderId: sessions.ssoProviderId, acr: sessions.acr }).from(sessions).where(mine(sessions.userId)),
    db
      .select({ organization: organizations.name, slug: organizations.slug, role: memberships.role, since: memberships.createdAt })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
      .where(mine(memberships.userId)),
    db
      .select({ organization: organizations.name, message: joinRequests.message, createdAt: joinRequests.createdAt })
      .from(joinRequests)
      .innerJoin(organizations, eq(organizations.id, joinRequests.organizationId))
      .where(mine(joinRequests.userId)),
    db
      .select({ organization: organizations.name, role: invitations.role, createdAt: invitations.createdAt, expiresAt: invitations.expiresAt, acceptedAt: invitations.acceptedAt, revokedAt: invitations.revokedAt })
      .from(invitations)
      .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
      .where(sql`lower(${invitations.email}) = ${lowerEmail}`),
    // Invitations they sent: the invitee's address is someone else's data and stays out.
    db
      .select({ organization: organizations.name, role: invitations.role, createdAt: invitations.createdAt, acceptedAt: invitations.acceptedAt, revokedAt: invitations.revokedAt })
      .from(invitations)
      .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
      .where(mine(invitations.invitedBy)),
    db
      .select({ group: workingGroups.name, slug: workingGroups.slug, role: groupMembers.role, representing: organizations.name, joinedAt: groupMembers.joinedAt })
      .from(groupMembers)
      .innerJoin(workingGroups, eq(workingGroups.id, groupMembers.groupId))
      .innerJoin(organizations, eq(organizations.id, groupMembers.organizationId))
      .where(mine(groupMembers.userId)),
    db
      .select({ group: workingGroups.name, representing: organizations.name, message: groupJoinRequests.message, createdAt: groupJoinRequests.createdAt })
      .from(groupJoinRequests)
      .innerJoin(workingGroups, eq(workingGroups.id, groupJoinRequests.groupId))
      .innerJoin(organizations, eq(organizations.id, groupJoinRequests.organizationId))
      .where(mine(groupJoinRequests.userId)),
    db
      .select({ group: workingGroups.name, createdAt: groupInvitations.createdAt, expiresAt: groupInvitations.expiresAt, acceptedAt: groupInvitations.acceptedAt, revokedAt: groupInvitations.revokedAt })
      .from(groupInvitations)
      .innerJoin(workingGroups, eq(workingGroups.id, groupInvitations.groupId))
      .where(sql`lower(${groupInvitations.email}) = ${lowerEmail}`),
    db
      .select({ group: workingGroups.name, createdAt: groupInvitations.createdAt, acceptedAt: groupInvitations.acceptedAt, revokedAt: groupInvitations.revokedAt })
      .from(groupInvitations)
      .innerJoin(workingGroups, eq(workingGroups.id, groupInvitations.groupId))
      .where(mine(groupInvitations.invitedBy)),
    db
      .select({
        contentType: contentRevisions.contentType,
        contentId: contentRevisions.contentId,
        version: contentRevisions.version,
        action: contentRevisions.action,
        snapshot: contentRevisions.snapshot,
        createdAt: contentRevisions.createdAt,
      })
      .from(contentRevisions)
      .where(mine(contentRevisions.authorId))
      .orderBy(contentRevisions.createdAt),
    db
      .select({ title: indicatorSnapshots.title, slug: indicatorSnapshots.slug, state: indicatorSnapshots.state, commentary: indicatorSnapshots.commentary, createdAt: indicatorSnapshots.createdAt })
      .from(indicatorSnapshots)
      .where(or(mine(indicatorSnapshots.createdBy), mine(indicatorSnapshots.updatedBy))),
    db
      .select({ group: workingGroups.name, title: groupThreads.title, body: groupThreads.body, createdAt: groupThreads.createdAt, updatedAt: groupThreads.updatedAt })
      .from(groupThreads)
      .innerJoin(workingGroups, eq(workingGroups.id, groupThreads.groupId))
      .where(mine(groupThreads.authorId)),
    db
      .select({ group: workingGroups.name, thread: groupThreads.title, body: groupReplies.body, createdAt: groupReplies.createdAt })
      .from(groupReplies)
      .innerJoin(groupThreads, eq(groupThreads.id, groupReplies.threadId))
      .innerJoin(workingGroups, eq(workingGroups.id, groupThreads.groupId))
      .where(mine(groupReplies.authorId)),
    db
      .select({
        group: workingGroups.name,
        title: groupMeetings.title,
        startsAt: groupMeetings.startsAt,
        endsAt: groupMeetings.endsAt,
        location: groupMeetings.location,
        agenda: groupMeetings.agenda,
        minutes: groupMeetings.minutes,
        createdAt: groupMeetings.createdAt,
      })
      .from(groupMeetings)
      .innerJoin(workingGroups, eq(workingGroups.id, groupMeetings.groupId))
      .where(mine(groupMeetings.createdBy)),
    db
      .select({ group: workingGroups.name, text: groupDecisions.text, decidedOn: groupDecisions.decidedOn, createdAt: groupDecisions.createdAt })
      .from(groupDecisions)
      .innerJoin(workingGroups, eq(workingGroups.id, groupDecisions.groupId))
      .where(mine(groupDecisions.createdBy)),
    db
      .select({
        group: workingGroups.name,
        title: groupActionItems.title,
        dueDate: groupActionItems.dueDate,
        status: groupActionItems.status,
        youOwnIt: sql<boolean>`${groupActionItems.ownerUserId} = ${uid}`,
        youCreatedIt: sql<boolean>`${groupActionItems.createdBy} = ${uid}`,
        createdAt: groupActionItems.createdAt,
      })
      .from(groupActionItems)
      .innerJoin(workingGroups, eq(workingGroups.id, groupActionItems.groupId))
      .where(or(mine(groupActionItems.ownerUserId), mine(groupActionItems.createdBy), mine(groupActionItems.doneBy))),
    db
      .select({ group: workingGroups.name, contentType: groupLibraryItems.contentType, contentId: groupLibraryItems.contentId, note: groupLibraryItems.note, addedAt: groupLibraryItems.addedAt })
      .from(groupLibraryItems)
      .innerJoin(workingGroups, eq(workingGroups.id, groupLibraryItems.groupId))
      .where(mine(groupLibraryItems.addedBy)),
    db
      .select({ group: workingGroups.name, createdAt: groupCalendarTokens.createdAt })
      .from(groupCalendarTokens)
      .innerJoin(workingGroups, eq(workingGroups.id, groupCalendarTokens.groupId))
      .where(mine(groupCalendarTokens.userId)),
    db
      .select({ kind: notifications.kind, messageKey: notifications.messageKey, params: notifications.params, url: notifications.url, readAt: notifications.readAt, emailedAt: notifications.emailedAt, createdAt: notifications.createdAt })
      .from(notifications)
      .where(mine(notifications.userId))
      .orderBy(notifications.createdAt),
    db.select({ kind: notificationPreferences.kind, delivery: notificationPreferences.delivery }).from(notificationPreferences).where(mine(notificationPreferences.userId)),
    db
      .select({ action: auditLog.action, byYou: sql<boolean>`${auditLog.actorUserId} is not distinct from ${uid}`, targetType: auditLog.targetType, targetId: auditLog.targetId, ip: auditLog.ip, details: auditLog.details, createdAt: auditLog.createdAt })
      .from(auditLog)
      .where(auditAbout(uid, lowerEmail))
      .orderBy(auditLog.createdAt),
    db
      .select({ source: indicatorImports.source, fileName: indicatorImports.fileName, rowCount: indicatorImports.rowCount, createdAt: indicatorImports.createdAt })
      .from(indicatorImports)
      .where(mine(indicatorImports.importedBy)),
    db
      .select({ contentType: attachments.contentType, contentId: attachments.contentId, filename: attachments.filename, size: attachments.size, createdAt: attachments.createdAt })
      .from(attachments)
      .where(mine(attachments.uploadedBy)),
    db.select({ kind: follows.kind, key: follows.key, createdAt: follows.createdAt }).from(follows).where(mine(follows.userId)).orderBy(follows.createdAt),
    db
      .select({ contentType: comments.contentType, contentId: comments.contentId, body: comments.body, createdAt: comments.createdAt, editedAt: comments.editedAt, hiddenAt: comments.hiddenAt, hiddenReason: comments.hiddenReason })
      .from(comments)
      .where(mine(comments.authorId))
      .orderBy(comments.createdAt),
  ]);
  // What they reported to the moderators (the reports of others about their comments are the moderators' work, not their data).
  const reportRows = await db
    .select({ targetType: contentReports.targetType, targetId: contentReports.targetId, reason: contentReports.reason, createdAt: contentReports.createdAt, resolvedAt: contentReports.resolvedAt, resolution: contentReports.resolution })
    .from(contentReports)
    .where(mine(contentReports.reporterId))
    .orderBy(contentReports.createdAt);

  const [titles, apiTokenRows] = await Promise.all([contentTitles(db, revisions), listApiTokens(db, user.id)]);
  const identityRows = await db
    .select({ provider: userIdentities.providerId, subject: userIdentities.subject, email: userIdentities.email, linkedAt: userIdentities.linkedAt, lastUsedAt: userIdentities.lastUsedAt })
    .from(userIdentities)
    .where(mine(userIdentities.userId));
  const locale: Locale = user.locale ?? 'sv';
  return {
    format: 'samverka-personal-data/1',
    generatedAt: now.toISOString(),
    account: { id: user.id, name: user.name, email: user.email, locale: user.locale, isPlatformAdmin: user.isPlatformAdmin, createdAt: iso(user.createdAt), passwordChangedAt: iso(user.passwordChangedAt) },
    sessions: sessionRows.map((s) => ({ createdAt: iso(s.createdAt), expiresAt: iso(s.expiresAt), signedInWith: s.ssoProviderId, acr: s.acr })),
    // Never the hash: it is no personal data of theirs, and a copy of it helps nobody.
    apiTokens: apiTokenRows.map(datesToIso),
    linkedSignIns: identityRows.map(datesToIso),
    organizationMemberships: orgRows.map((r) => ({ ...r, since: iso(r.since) })),
    organizationJoinRequests: orgRequests.map((r) => ({ ...r, createdAt: iso(r.createdAt) })),
    organizationInvitationsReceived: orgInvitesReceived.map(datesToIso),
    organizationInvitationsSent: orgInvitesSent.map(datesToIso),
    groupMemberships: groupRows.map((r) => ({ ...r, joinedAt: iso(r.joinedAt) })),
    groupJoinRequests: groupRequests.map((r) => ({ ...r, createdAt: iso(r.createdAt) })),
    groupInvitationsReceived: groupInvitesReceived.map(datesToIso),
    groupInvitationsSent: groupInvitesSent.map(datesToIso),
    calendarSubscriptions: calendarRows.map((r) => ({ group: r.group, createdAt: iso(r.createdAt) })),
    revisions: revisions.map((r) => ({
      contentType: r.contentType,
      title: titles.get(r.contentId) ?? null,
      version: r.version,
      action: r.action,
      createdAt: iso(r.createdAt),
      // The contact person of a write-up may be someone else.
      content: withoutContact(r.snapshot, lowerEmail),
    })),
    indicatorSnapshots: snapshotRows.map((r) => ({ ...r, createdAt: iso(r.createdAt) })),
    groupThreads: threads.map((r) => ({ ...r, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) })),
    groupReplies: replies.map((r) => ({ ...r, createdAt: iso(r.createdAt) })),
    meetings: meetings.map((r) => ({ ...r, startsAt: iso(r.startsAt), endsAt: iso(r.endsAt), createdAt: iso(r.createdAt) })),
    decisions: decisions.map((r) => ({ ...r, createdAt: iso(r.createdAt) })),
    actionItems: actionItems.map((r) => ({ ...r, createdAt: iso(r.createdAt) })),
    libraryEntries: library.map((r) => ({ ...r, addedAt: iso(r.addedAt) })),
    notifications: notificationRows.map((n) => ({
      kind: n.kind,
      text: translate(locale, noticeMessageKey(n.messageKey), n.params),
      url: n.url,
      readAt: iso(n.readAt),
      emailedAt: iso(n.emailedAt),
      createdAt: iso(n.createdAt),
    })),
    notificationPreferences: preferences,
    follows: followRows.map((r) => ({ ...r, createdAt: iso(r.createdAt) })),
    comments: commentRows.map(datesToIso),
    reports: reportRows.map(datesToIso),
    // Entries by someone else about them keep that person's IP address out.
    auditLog: auditRows.map((a) => ({ ...a, ip: a.byYou ? a.ip : null, details: withoutOtherAddresses(a.details, lowerEmail), createdAt: iso(a.createdAt) })),
    indicatorImports: importRows.map((r) => ({ ...r, createdAt: iso(r.createdAt) })),
    attachmentsUploaded: attachmentRows.map((r) => ({ ...r, createdAt: iso(r.createdAt) })),
  };
}

function datesToIso<T extends Record<string, unknown>>(row: T): T {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])) as T;
}

function withoutContact(snapshot: Record<string, unknown>, ownEmail: string): Record<string, unknown> {
  const contactEmail = typeof snapshot.contactEmail === 'string' ? snapshot.contactEmail.toLowerCase() : null;
  if (contactEmail === null || contactEmail === ownEmail) return snapshot;
  const { contactName: _n, contactEmail: _e, ...rest } = snapshot;
  return rest;
}

/** Audit entries by them, about their account, or naming them in their details. */
function auditAbout(uid: string, lowerEmail: string) {
  return or(
    eq(auditLog.actorUserId, uid),
    and(eq(auditLog.targetType, 'user'), eq(auditLog.targetId, uid)),
    sql`${auditLog.details}->>'userId' = ${uid}`,
    sql`lower(${auditLog.details}->>'email') = ${lowerEmail}`,
  );
}

async function contentTitles(db: Db, revisions: { contentType: string; contentId: string }[]): Promise<Map<string, string>> {
  const ids = [...new Set(revisions.map((r) => r.contentId))];
  if (ids.length === 0) return new Map();
  const [i, l] = await Promise.all([
    db.select({ id: initiatives.id, title: initiatives.title }).from(initiatives).where(inArray(initiatives.id, ids)),
    db.select({ id: lessons.id, title: lessons.title }).from(lessons).where(inArray(lessons.id, ids)),
  ]);
  return new Map([...i, ...l].map((r) => [r.id, r.title]));
}

// ---------------------------------------------------------------------------
// Delete my account

/** What the person must hand over first: organisations they are the last admin of, active groups they are the last lead of. */
export async function deletionBlockers(db: Db, userId: string): Promise<AccountDeletionBlocker[]> {
  const [orgs, groups] = await Promise.all([
    db
      .select({
        name: organizations.name,
        role: memberships.role,
        adminCount: sql<number>`(select count(*) from memberships m where m.organization_id = ${memberships.organizationId} and m.role = 'admin')`.mapWith(Number),
      })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
      .where(eq(memberships.userId, userId)),
    listGroupRolesOf(db, userId),
  ]);
  return accountDeletionBlockers(orgs, groups);
}

const DeleteOwnAccountForm = z.object({ password: currentPassword });
const AdminDeleteAccountForm = z.object({ email, password: currentPassword });

export type DeletionOutcome = Outcome | { ok: false; status: 409; errors: FieldErrors; blockers: AccountDeletionBlocker[] };

function blockedOutcome(blockers: AccountDeletionBlocker[]): DeletionOutcome {
  const [first] = blockers;
  return {
    ok: false,
    status: 409,
    blockers,
    errors: { form: fieldError(first!.kind === 'lastAdmin' ? 'personalData.delete.lastAdmin' : 'personalData.delete.lastLead', { name: first!.name }) },
  };
}

/** The person deletes their own account, confirming with their password. */
export async function deleteOwnAccount(ctx: RequestContext, formData: FormData): Promise<DeletionOutcome> {
  const auth = ctx.auth!;
  const user = await findUserById(ctx.services.db, auth.user.id);
  if (!user) return invalid({ form: fieldError('personalData.delete.notAllowed') }, 403);
  // An account made by single sign-on has no password: a sign-in through its provider in the last minutes proves it instead.
  const proof = ownerProofRequired({ hasPassword: user.passwordHash !== null }, auth.session, new Date());
  if (proof === 'reauthenticate') return invalid({ form: fieldError('sso.delete.reauthenticate') }, 403);
  if (proof === 'password') {
    const form = parseForm(DeleteOwnAccountForm, formData);
    if (!form.ok) return invalid(form.errors);
    if (!(await verifyPassword(user.passwordHash, form.data.password))) return invalid({ password: fieldError('error.password.wrong') });
  }
  if (!canDeleteAccount(await ctx.actor(), { userId: user.id })) return invalid({ form: fieldError('personalData.delete.notAllowed') }, 403);
  const blockers = await eraseAccount(ctx.services.db, user, { actorUserId: null, ip: ctx.ip, action: 'user.deleted' });
  return blockers.length ? blockedOutcome(blockers) : { ok: true };
}

/** A platform admin deletes someone else's account, confirming with their own password; audited with the admin as actor. */
export async function adminDeleteAccount(ctx: RequestContext, formData: FormData): Promise<DeletionOutcome> {
  const auth = ctx.auth!;
  const form = parseForm(AdminDeleteAccountForm, formData);
  if (!form.ok) return invalid(form.errors);
  const { db } = ctx.services;
  const admin = await findUserById(db, auth.user.id);
  if (!admin || !(await verifyPassword(admin.passwordHash, form.data.password))) return invalid({ password: fieldError('error.password.wrong') });
  const target = await findUserByEmail(db, form.data.email);
  if (!target) return invalid({ email: fieldError('personalData.admin.noSuchUser') }, 404);
  if (!canDeleteAccount(await ctx.actor(), { userId: target.id })) return invalid({ form: fieldError('personalData.delete.notAllowed') }, 403);
  // Admins delete their own account from their account page, where it ends their session.
  if (target.id === admin.id) return invalid({ email: fieldError('personalData.admin.notYourself') });
  const blockers = await eraseAccount(db, target, { actorUserId: admin.id, ip: ctx.ip, action: 'user.deleted_by_admin' });
  return blockers.length ? blockedOutcome(blockers) : { ok: true };
}

/**
 * Erases one person in one transaction (see the table-by-table list at the
 * top), unless something must be handed over first: then nothing changes and
 * the blockers are returned. The audit entry that records it names no one but
 * the admin who did it.
 */
export async function eraseAccount(db: Db, user: User, audit: { actorUserId: string | null; ip: string | null; action: string }): Promise<AccountDeletionBlocker[]> {
  const uid = user.id;
  const lowerEmail = user.email.toLowerCase();
  // Ids and addresses blank the string they are in; the name is replaced where it stands.
  const byName: ScrubRule = { needle: user.name, replacement: FORMER_USER };
  const everything: ScrubRule[] = [{ needle: uid, replacement: null }, { needle: user.email, replacement: null }, byName];
  return db.transaction(async (tx) => {
    // Lock the row so two deletions (or a deletion and a sign-in's write) do not interleave.
    const [still] = await tx.select({ id: users.id }).from(users).where(eq(users.id, uid)).for('update');
    if (!still) return [];
    // Checked inside the transaction, so a role changed since the form was sent still counts.
    const blockers = await deletionBlockers(tx, uid);
    if (blockers.length) return blockers;

    // Mail stops: queued and past mail to them, reset requests for their address, and the mail jobs of their notifications.
    const ownNotices = tx.select({ id: sql`${notifications.id}::text` }).from(notifications).where(eq(notifications.userId, uid));
    await tx.delete(jobs).where(
      or(
        and(eq(jobs.kind, MAIL_JOB), sql`lower(${jobs.payload}->>'to') = ${lowerEmail}`),
        // A reset request not yet turned into mail would otherwise mail a deleted address.
        and(eq(jobs.kind, PASSWORD_RESET_JOB), sql`lower(${jobs.payload}->>'email') = ${lowerEmail}`),
        and(eq(jobs.kind, NOTIFICATION_EMAIL_JOB), sql`${jobs.payload}->>'notificationId' in (${ownNotices})`),
      ),
    );
    // Other jobs that name them keep running without it (a reindex they asked for; mail to others that names them).
    await scrubJsonColumn(tx, jobs, jobs.id, 'payload', jobs.payload, [{ needle: uid, replacement: null }, { needle: user.email, replacement: '' }, byName]);
    await tx.delete(devMailbox).where(sql`lower(${devMailbox.to}) = ${lowerEmail}`);
    const copies = await tx
      .select()
      .from(devMailbox)
      .where(or(sql`strpos(lower(${devMailbox.subject} || ${devMailbox.text} || coalesce(${devMailbox.html}, '')), ${user.name.toLowerCase()}) > 0`, sql`strpos(lower(${devMailbox.text} || coalesce(${devMailbox.html}, '')), ${lowerEmail}) > 0`));
    for (const m of copies) {
      const clean = scrubValue({ subject: m.subject, text: m.text, html: m.html }, [{ needle: user.email, replacement: '' }, byName]) as Pick<typeof m, 'subject' | 'text' | 'html'>;
      await tx.update(devMailbox).set(clean).where(eq(devMailbox.id, m.id));
    }

    // Invitations addressed to them, and the sign-in throttle keyed by their address.
    await tx.delete(invitations).where(sql`lower(${invitations.email}) = ${lowerEmail}`);
    await tx.delete(groupInvitations).where(sql`lower(${groupInvitations.email}) = ${lowerEmail}`);
    await tx.delete(loginThrottle).where(eq(loginThrottle.key, `account:${lowerEmail}`));

    // @mentions of them in group posts, in the groups they belonged to.
    await anonymiseMentions(tx, user);

    // Their name where it was copied into text: group activity lines, other people's notifications.
    await scrubJsonColumn(tx, groupActivities, groupActivities.id, 'data', groupActivities.data, [byName]);
    await scrubJsonColumn(tx, notifications, notifications.id, 'params', notifications.params, [byName]);

    // A write-up whose contact person they were keeps its content, not their contact details.
    await tx.update(initiatives).set({ contactName: null, contactEmail: null }).where(sql`lower(${initiatives.contactEmail}) = ${lowerEmail}`);
    const contactRevisions = await tx
      .select({ id: contentRevisions.id, snapshot: contentRevisions.snapshot })
      .from(contentRevisions)
      .where(sql`lower(${contentRevisions.snapshot}->>'contactEmail') = ${lowerEmail}`);
    for (const r of contactRevisions) {
      await tx
        .update(contentRevisions)
        .set({ snapshot: { ...r.snapshot, contactName: null, contactEmail: null } })
        .where(eq(contentRevisions.id, r.id));
    }

    // Audit: the events stay, their personal data goes.
    await tx.update(auditLog).set({ ip: null }).where(eq(auditLog.actorUserId, uid));
    await tx.update(auditLog).set({ targetId: null }).where(and(eq(auditLog.targetType, 'user'), eq(auditLog.targetId, uid)));
    await scrubJsonColumn(tx, auditLog, auditLog.id, 'details', auditLog.details, everything);

    // The row itself: cascades and set-nulls do the rest (see the list above).
    await tx.delete(users).where(eq(users.id, uid));
    await recordAudit(tx, { actorUserId: audit.actorUserId, action: audit.action, targetType: 'user', ip: audit.actorUserId ? audit.ip : null });
    return [];
  });
}

/**
 * One thing to take out of stored JSON: `replacement` null blanks a whole
 * string that contains the needle (ids, addresses: such strings are nothing
 * else); a text replaces the needle where it stands as a word of its own, so
 * a short name never eats into other words ("Al" leaves "Malmö" alone).
 */
export interface ScrubRule {
  needle: string;
  replacement: string | null;
}

/** Rewrites the rows of one jsonb column that hold any of the needles (found in SQL, rewritten here). */
async function scrubJsonColumn(tx: Db, table: PgTable, idColumn: AnyPgColumn, key: string, column: AnyPgColumn, rules: ScrubRule[]): Promise<void> {
  const live = rules.filter((r) => r.needle.trim().length > 0);
  if (live.length === 0) return;
  const conditions = live.map((r) => sql`strpos(lower(${column}::text), ${r.needle.toLowerCase()}) > 0`);
  const rows = (await tx
    .select({ id: idColumn, value: column })
    .from(table)
    .where(or(...conditions))) as { id: unknown; value: unknown }[];
  const changed: { id: unknown; value: unknown }[] = [];
  for (const row of rows) {
    const next = scrubValue(row.value, live);
    if (JSON.stringify(next) !== JSON.stringify(row.value)) changed.push({ id: row.id, value: next });
  }
  await updateJsonInBatches(tx, table, idColumn, column, changed);
}

/**
 * Writes new jsonb values by id, a thousand rows per UPDATE: a person with
 * thousands of notifications or mentions is erased in a few statements, not
 * thousands of round trips inside the transaction.
 */
async function updateJsonInBatches(tx: Db, table: PgTable, idColumn: AnyPgColumn, column: AnyPgColumn, rows: { id: unknown; value: unknown }[]): Promise<void> {
  const idType = sql.raw(idColumn.getSQLType());
  for (let i = 0; i < rows.length; i += 1000) {
    const values = sql.join(
      rows.slice(i, i + 1000).map((r) => sql`(${String(r.id)}, ${JSON.stringify(r.value)})`),
      sql`, `,
    );
    await tx.execute(
      sql`update ${table} set ${sql.identifier(column.name)} = v.value::jsonb from (values ${values}) as v(id, value) where ${table}.${sql.identifier(idColumn.name)} = v.id::${idType}`,
    );
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function scrubValue(value: unknown, rules: ScrubRule[]): unknown {
  if (typeof value === 'string') {
    let out: string | null = value;
    for (const { needle, replacement } of rules) {
      if (out === null) break;
      if (replacement === null) {
        if (out.toLowerCase().includes(needle.toLowerCase())) out = null;
      } else {
        out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(needle)}(?![\\p{L}\\p{N}])`, 'giu'), replacement);
      }
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, rules));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValue(v, rules)]));
  return value;
}

/**
 * "@Their Name" in threads and replies of the groups they belonged to becomes
 * "@tidigare användare", matched the way mentions are (the longest member name
 * wins, so "@Anna Lindqvist Berg" is not touched when Anna Lindqvist goes).
 * The posts stay; the search index is told to rebuild the threads touched.
 */
async function anonymiseMentions(tx: Db, user: User): Promise<void> {
  const groupIds = (await listGroupMembershipsOf(tx, user.id)).map((r) => r.groupId);
  if (groupIds.length === 0) return;
  const needle = user.name.toLowerCase();
  const members = await listGroupMemberNames(tx, groupIds);
  const matchers = new Map(groupIds.map((g) => [g, mentionMatcher(members.filter((m) => m.groupId === g))]));
  const rewrite = (groupId: string, body: unknown): unknown | null => {
    const matcher = matchers.get(groupId)!;
    let changed = false;
    const walk = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(walk);
      if (!node || typeof node !== 'object') return node;
      const n = node as Record<string, unknown>;
      if (n.type === 'text' && typeof n.text === 'string') {
        const text = n.text.normalize('NFC');
        const hits = matcher.find(text).filter((m) => m.userIds.includes(user.id));
        if (hits.length === 0) return node;
        changed = true;
        let out = '';
        let at = 0;
        for (const h of hits) {
          out += `${text.slice(at, h.start)}@${FORMER_USER}`;
          at = h.end;
        }
        return { ...n, text: out + text.slice(at) };
      }
      return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, walk(v)]));
    };
    const next = walk(body);
    return changed ? next : null;
  };

  const threads = await tx
    .select({ id: groupThreads.id, groupId: groupThreads.groupId, body: groupThreads.body })
    .from(groupThreads)
    .where(and(inArray(groupThreads.groupId, groupIds), sql`strpos(lower(${groupThreads.body}::text), ${needle}) > 0`));
  const touched = new Set<string>();
  const threadBodies: { id: unknown; value: unknown }[] = [];
  for (const t of threads) {
    const body = rewrite(t.groupId, t.body);
    if (!body) continue;
    threadBodies.push({ id: t.id, value: body });
    touched.add(t.id);
  }
  await updateJsonInBatches(tx, groupThreads, groupThreads.id, groupThreads.body, threadBodies);
  const replies = await tx
    .select({ id: groupReplies.id, threadId: groupReplies.threadId, groupId: groupThreads.groupId, body: groupReplies.body })
    .from(groupReplies)
    .innerJoin(groupThreads, eq(groupThreads.id, groupReplies.threadId))
    .where(and(inArray(groupThreads.groupId, groupIds), sql`strpos(lower(${groupReplies.body}::text), ${needle}) > 0`));
  const replyBodies: { id: unknown; value: unknown }[] = [];
  for (const r of replies) {
    const body = rewrite(r.groupId, r.body);
    if (!body) continue;
    replyBodies.push({ id: r.id, value: body });
    touched.add(r.threadId);
  }
  await updateJsonInBatches(tx, groupReplies, groupReplies.id, groupReplies.body, replyBodies);
  for (const id of touched) await enqueueSearchSync(tx, { type: 'thread', id });
}
