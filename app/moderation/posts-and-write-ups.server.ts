/**
 * Reports on a working group's thread posts and replies and on published
 * write-ups (initiatives, lessons, snapshots), and the moderators' decisions
 * on them (issue 16). Comments have their own module (app/comments/); the
 * pattern is the same: every rule is asked of the policy module row by row,
 * each decision is one transaction (the hidden state, the reports closed, the
 * search entry updated, the audit line, the author's notice), and a decision
 * someone else already took is a no-op that says so.
 */
import { data, redirect } from '@remix-run/node';
import { enqueueSearchSync } from '#search/outbox.server.ts';
import type { Db } from '#db/client.server.ts';
import { recordAudit } from '#db/queries/audit.server.ts';
import { addReport, organizationEditorIds, resolveReports } from '#db/queries/comments.server.ts';
import { actorsOf } from '#db/queries/follows.server.ts';
import {
  findGroupPost,
  findWriteUp,
  listHiddenGroupPosts,
  listHiddenWriteUps,
  listReportedGroupPosts,
  listReportedWriteUps,
  setHidden,
  type GroupPostRow,
  type WriteUpRow,
} from '#db/queries/moderation.server.ts';
import { GROUP_POST_TYPES, REPORT_TARGET_TYPES, type GroupPostType, type ReportTargetType, type WriteUpTargetType } from '#app/vocabulary.ts';
import { boundedText, HIDE_REASON_MAX_LENGTH, REPORT_REASON_MAX_LENGTH, type CommentedItem, type ReportNotice } from '../comments/comments.server.ts';
import type { RequestContext } from '../context.server.ts';
import { PIECE_PATHS } from '../follows/follows.server.ts';
import { fieldError } from '../forms/validation.ts';
import { replyAnchor, threadPath } from '../groups/limits.ts';
import { badRequest, forbidden, invalid, notFound, type Outcome } from '../http/guards.server.ts';
import { requireUuid } from '../http/form.server.ts';
import { notify } from '../notifications/notify.server.ts';
import { canReceiveWriteUpDecisionNotice, contentPermissions, groupPostPermissions, isHidden, type Actor, type ContentResource } from '../policy.ts';
import { richTextToPlainText } from '../rich-text/document.server.ts';

const QUEUE_LIMIT = 100;
/** How much of a post the queue shows: enough to judge, with a link to the whole thread. */
const EXCERPT_LENGTH = 600;

export const REPORT_INTENT = 'report';

const isGroupPostType = (v: unknown): v is GroupPostType => (GROUP_POST_TYPES as readonly unknown[]).includes(v);
const isHideableType = (v: unknown): v is Exclude<ReportTargetType, 'comment'> => v !== 'comment' && (REPORT_TARGET_TYPES as readonly unknown[]).includes(v);

/** The reason of a report as typed, or the error to show on its field. */
const reportReason = (formData: FormData) =>
  boundedText(formData, 'reportReason', REPORT_REASON_MAX_LENGTH, { empty: 'error.report.reasonMissing', long: 'error.report.reasonLong' });

/** Files one report (a second one by the same person keeps the first), audited, in one transaction. */
async function fileReport(db: Db, input: { targetType: ReportTargetType; targetId: string; reporterId: string; reason: string; ip: string | null; details: Record<string, string> }): Promise<ReportNotice> {
  const filed = await db.transaction(async (tx) => {
    if (!(await addReport(tx, { targetType: input.targetType, targetId: input.targetId, reporterId: input.reporterId, reason: input.reason }))) return false;
    await recordAudit(tx, { actorUserId: input.reporterId, action: `${input.targetType}.report`, targetType: input.targetType, targetId: input.targetId, ip: input.ip, details: { ...input.details, reason: input.reason } });
    return true;
  });
  return filed ? 'reported' : 'alreadyReported';
}

// ---------------------------------------------------------------------------
// Reporting

/**
 * "Anmäl" on a write-up's page. Null when the form is about something else.
 * Already hidden (by a moderator a moment ago): a quiet no-op that says so, to
 * someone who could read it were it not hidden; to anyone else it does not exist.
 */
export async function reportWriteUp(ctx: RequestContext, item: CommentedItem, userId: string, formData: FormData): Promise<Outcome<{ report: ReportNotice }> | null> {
  if (formData.get('intent') !== REPORT_INTENT) return null;
  const actor = await ctx.actor();
  if (isHidden(item.resource)) {
    if (!contentPermissions(actor, { ...item.resource, hiddenAt: null }).view) notFound();
    return { ok: true, report: 'alreadyHidden' };
  }
  const can = contentPermissions(actor, item.resource);
  if (!can.view) notFound();
  if (!can.report) forbidden();
  const reason = reportReason(formData);
  if (!reason.ok) return invalid(reason.errors);
  const report = await fileReport(ctx.services.db, { targetType: item.type, targetId: item.id, reporterId: userId, reason: reason.text, ip: ctx.ip, details: { title: item.title } });
  return { ok: true, report };
}

/**
 * "Anmäl" on a thread post or reply, from the thread page of a group the
 * reporter belongs to. The post must be in this group (ids are not guessed across groups).
 */
export async function reportGroupPost(ctx: RequestContext, groupId: string, userId: string, formData: FormData): Promise<Outcome<{ report: ReportNotice; postId: string }>> {
  const type = formData.get('postType');
  if (!isGroupPostType(type)) badRequest('"postType" must name a thread post or a reply');
  const post = await findGroupPost(ctx.services.db, { type, id: requireUuid(formData.get('postId'), 'postId') });
  if (!post || post.groupId !== groupId) notFound('no such post');
  const can = groupPostPermissions(await ctx.actor(), { id: groupId }, post);
  if (isHidden(post)) return { ok: true, report: 'alreadyHidden', postId: post.id };
  if (!can.report) forbidden();
  const reason = reportReason(formData);
  if (!reason.ok) return invalid({ [`reportReason-${post.id}`]: reason.errors.reportReason! });
  const report = await fileReport(ctx.services.db, { targetType: post.type, targetId: post.id, reporterId: userId, reason: reason.text, ip: ctx.ip, details: { groupId, threadId: post.threadId } });
  return { ok: true, report, postId: post.id };
}

/** What a write-up's page shows about moderation: the hidden notice (to its editors) and whether the reader may report it. */
export function writeUpModerationView(can: { seeHiddenNotice: boolean; report: boolean }, row: { hiddenAt: Date | null; hiddenReason: string | null }) {
  return { hidden: can.seeHiddenNotice && row.hiddenAt ? { at: row.hiddenAt.toISOString(), reason: row.hiddenReason } : null, canReport: can.report };
}

/** The query a list page reads to say that a report came too late (`?anmalan=hanterad`). */
const REPORT_HANDLED_PARAM = { name: 'anmalan', value: 'hanterad' } as const;
/** A list page, saying that what was reported is already handled (and nothing of it). */
export const reportHandledPath = (listPath: string) => `${listPath}?${REPORT_HANDLED_PARAM.name}=${REPORT_HANDLED_PARAM.value}`;

/**
 * The answer to a report from a write-up's page: its outcome shown there, or
 * the reason's error. Already hidden, the page itself would now answer 404
 * (a plain form post, without JavaScript, renders it again), so the reporter
 * is sent to the kind's list, which says only that the matter is already
 * handled: nothing of the piece, which they may no longer read.
 */
export function writeUpReportResponse(outcome: Outcome<{ report: ReportNotice }>, type: WriteUpTargetType) {
  if (!outcome.ok) return data({ errors: outcome.errors, writeUpReport: undefined }, { status: outcome.status });
  if (outcome.report === 'alreadyHidden') return redirect(reportHandledPath(PIECE_PATHS[type]));
  return data({ errors: undefined, writeUpReport: outcome.report }, { status: 200 });
}

/** Whether a list page was reached from a report that came too late. */
export const reportWasHandled = (url: URL) => url.searchParams.get(REPORT_HANDLED_PARAM.name) === REPORT_HANDLED_PARAM.value;

// ---------------------------------------------------------------------------
// Deciding

type Decision = 'hidden' | 'restored';

const postPath = (post: GroupPostRow) => threadPath(post.groupSlug, post.threadId) + (post.type === 'group_reply' ? `#${replyAnchor(post.id)}` : '');
const writeUpPath = (w: { type: WriteUpTargetType; slug: string }) => `${PIECE_PATHS[w.type]}/${w.slug}`;

/**
 * Who hears of a decision on a write-up: its creator and the owning
 * organisation's editors, each once, and only those who may read it as it is
 * after the decision (the policy asks; hidden, that is its editors).
 */
async function writeUpNoticeRecipients(db: Db, createdBy: string | null, content: ContentResource): Promise<string[]> {
  const asked = [...new Set([...(createdBy ? [createdBy] : []), ...(await organizationEditorIds(db, content.organizationId))])];
  return (await actorsOf(db, asked)).filter((a) => canReceiveWriteUpDecisionNotice(a, content)).map((a) => a.userId!);
}

/**
 * Hides or restores a group post or write-up with a reason, in one transaction:
 * the hidden state, its open reports (closed as hidden, or dismissed when it
 * comes back), its search entry, the audit line and a notice (in-app, and mail
 * through their preferences for `moderation`) to a post's author, or to a
 * write-up's creator and its organisation's editors. False when someone else
 * did the same a moment ago: nobody is told twice.
 */
export async function decide(
  db: Db,
  input: {
    target: { type: Exclude<ReportTargetType, 'comment'>; id: string };
    authorId: string | null;
    /** Group posts: the group (its notices reach current members only) and the thread (its search entry). */
    group: { id: string; threadId: string } | null;
    /** Write-ups: what the policy reads, to choose who is told. */
    content: ContentResource | null;
    title: string;
    path: string;
    by: string;
    ip: string | null;
    reason: string;
    to: Decision;
  },
): Promise<boolean> {
  const { target, by, reason } = input;
  return db.transaction(async (tx) => {
    if (!(await setHidden(tx, target, input.to === 'hidden' ? { by, reason } : null))) return false;
    await enqueueSearchSync(tx, input.group ? { type: 'thread', id: input.group.threadId } : { type: target.type as WriteUpTargetType, id: target.id });
    await resolveReports(tx, { targetType: target.type, targetId: target.id }, by, input.to === 'hidden' ? 'hidden' : 'dismissed');
    await recordAudit(tx, {
      actorUserId: by,
      action: `${target.type}.${input.to === 'hidden' ? 'hide' : 'restore'}`,
      targetType: target.type,
      targetId: target.id,
      ip: input.ip,
      details: { reason, ...(input.group ? { groupId: input.group.id } : {}) },
    });
    const recipients = input.content
      ? await writeUpNoticeRecipients(tx, input.authorId, { ...input.content, hiddenAt: input.to === 'hidden' ? new Date() : null })
      : input.authorId
        ? [input.authorId]
        : [];
    if (recipients.length > 0) {
      await notify(tx, {
        recipients,
        kind: 'moderation',
        groupId: input.group?.id ?? null,
        actorId: by,
        messageKey: input.to === 'hidden' ? 'notifications.moderation.hidden' : 'notifications.moderation.restored',
        params: { title: input.title, reason },
        url: input.path,
      });
    }
    return true;
  });
}

/** Closes a thing's open reports without hiding it (the moderator found nothing wrong), audited. */
async function dismiss(db: Db, input: { target: { type: Exclude<ReportTargetType, 'comment'>; id: string }; by: string; ip: string | null }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const closed = await resolveReports(tx, { targetType: input.target.type, targetId: input.target.id }, input.by, 'dismissed');
    if (closed === 0) return false;
    await recordAudit(tx, { actorUserId: input.by, action: `${input.target.type}.reports_dismissed`, targetType: input.target.type, targetId: input.target.id, ip: input.ip, details: { reports: closed } });
    return true;
  });
}

export const DECISION_INTENTS = ['hide', 'restore', 'dismiss'] as const;
export type DecisionIntent = (typeof DECISION_INTENTS)[number];
const isDecisionIntent = (v: unknown): v is DecisionIntent => (DECISION_INTENTS as readonly unknown[]).includes(v);

/**
 * A decision from a queue: the platform's (`scope` null: write-ups, and group
 * posts of groups the admin belongs to) or one group's (its leads: that group's
 * posts only). What the moderator may do is asked of the policy for the thing as it is now.
 */
export async function decisionAction(
  ctx: RequestContext,
  actor: Actor & { userId: string },
  formData: FormData,
  scope: { groupId: string } | null,
): Promise<Outcome<{ done: DecisionIntent; changed: boolean }>> {
  const intent = formData.get('intent');
  if (!isDecisionIntent(intent)) return invalid({ form: fieldError('error.moderation.unknownIntent') });
  const type = formData.get('targetType');
  if (!isHideableType(type)) badRequest('"targetType" must name a group post or a write-up');
  const id = requireUuid(formData.get('targetId'), 'targetId');
  const { db } = ctx.services;

  let can: { hide: boolean; restore: boolean };
  let subject: Omit<Parameters<typeof decide>[1], 'by' | 'ip' | 'reason' | 'to'>;
  let hiddenNow: boolean;
  if (isGroupPostType(type)) {
    const post = await findGroupPost(db, { type, id });
    if (!post || (scope && post.groupId !== scope.groupId)) notFound('no such post');
    can = groupPostPermissions(actor, { id: post.groupId }, post);
    hiddenNow = isHidden(post);
    subject = { target: { type, id }, authorId: post.authorId, group: { id: post.groupId, threadId: post.threadId }, content: null, title: post.threadTitle, path: postPath(post) };
  } else {
    if (scope) notFound('no such post');
    const writeUp = await findWriteUp(db, { type, id });
    if (!writeUp) notFound('no such write-up');
    can = contentPermissions(actor, writeUp.resource);
    hiddenNow = isHidden(writeUp.resource);
    subject = { target: { type, id }, authorId: writeUp.createdBy, group: null, content: writeUp.resource, title: writeUp.title, path: writeUpPath(writeUp) };
  }

  if (intent === 'dismiss') {
    if (!can.hide && !can.restore) forbidden();
    return { ok: true, done: intent, changed: await dismiss(db, { target: subject.target, by: actor.userId, ip: ctx.ip }) };
  }
  // Hidden or restored a moment ago by someone else: nothing to do, and nobody told twice.
  if (intent === 'hide' ? hiddenNow : !hiddenNow) {
    if (!(intent === 'hide' ? can.restore : can.hide)) forbidden();
    return { ok: true, done: intent, changed: false };
  }
  if (!(intent === 'hide' ? can.hide : can.restore)) forbidden();
  const reason = boundedText(formData, 'reason', HIDE_REASON_MAX_LENGTH, { empty: 'error.moderation.reasonEmpty', long: 'error.comment.reasonLong' });
  if (!reason.ok) return invalid({ [`reason-${id}`]: reason.errors.reason! });
  const changed = await decide(db, { ...subject, by: actor.userId, ip: ctx.ip, reason: reason.text, to: intent === 'hide' ? 'hidden' : 'restored' });
  return { ok: true, done: intent, changed };
}

// ---------------------------------------------------------------------------
// Queues

/** One reported or hidden thing as a queue shows it (group post or write-up alike). */
export interface QueueEntry {
  targetType: Exclude<ReportTargetType, 'comment'>;
  targetId: string;
  /** The thread's or write-up's title, and where it is read. */
  title: string;
  path: string;
  /** The group a post belongs to (platform queue), or the organisation behind a write-up. */
  context: string;
  excerpt: string;
  authorName: string | null;
  hiddenReason: string | null;
  reportCount: number;
  reasons: string[];
}

const excerptOf = (text: string) => (text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text);

const postEntry = (p: GroupPostRow): QueueEntry => ({
  targetType: p.type,
  targetId: p.id,
  title: p.threadTitle,
  path: postPath(p),
  context: p.groupName,
  excerpt: excerptOf(richTextToPlainText(p.body)),
  authorName: p.authorName,
  hiddenReason: p.hiddenReason,
  reportCount: p.reportCount,
  reasons: p.reasons,
});

const writeUpEntry = (w: WriteUpRow): QueueEntry => ({
  targetType: w.type,
  targetId: w.id,
  title: w.title,
  path: writeUpPath(w),
  context: w.organizationName,
  excerpt: excerptOf(w.summary),
  authorName: null,
  hiddenReason: w.hiddenReason,
  reportCount: w.reportCount,
  reasons: w.reasons,
});

/** A group's own queue for its leads: reported posts waiting for a decision, and hidden ones that may come back. */
export async function groupQueue(ctx: RequestContext, actor: Actor, groupId: string) {
  const { db } = ctx.services;
  const [reported, hidden] = await Promise.all([listReportedGroupPosts(db, { groupIds: [groupId], limit: QUEUE_LIMIT }), listHiddenGroupPosts(db, { groupIds: [groupId], limit: QUEUE_LIMIT })]);
  return {
    reported: reported.filter((p) => groupPostPermissions(actor, { id: groupId }, p).hide).map(postEntry),
    hidden: hidden.filter((p) => groupPostPermissions(actor, { id: groupId }, p).restore).map(postEntry),
  };
}

/**
 * The platform queue's write-ups and group posts: only what the policy lets
 * this admin act on (group posts only of groups they belong to, write-ups only
 * where they may read them), as for comments.
 */
export async function platformQueue(ctx: RequestContext, actor: Actor) {
  const { db } = ctx.services;
  const groupIds = actor.groupMemberships.map((g) => g.groupId);
  const [posts, hiddenPosts, writeUps, hiddenWriteUps] = await Promise.all([
    listReportedGroupPosts(db, { groupIds, limit: QUEUE_LIMIT }),
    listHiddenGroupPosts(db, { groupIds, limit: QUEUE_LIMIT }),
    listReportedWriteUps(db, { limit: QUEUE_LIMIT }),
    listHiddenWriteUps(db, { limit: QUEUE_LIMIT }),
  ]);
  return {
    reported: [
      ...writeUps.filter((w) => contentPermissions(actor, w.resource).hide).map(writeUpEntry),
      ...posts.filter((p) => groupPostPermissions(actor, { id: p.groupId }, p).hide).map(postEntry),
    ],
    hidden: [
      ...hiddenWriteUps.filter((w) => contentPermissions(actor, w.resource).restore).map(writeUpEntry),
      ...hiddenPosts.filter((p) => groupPostPermissions(actor, { id: p.groupId }, p).restore).map(postEntry),
    ],
  };
}
