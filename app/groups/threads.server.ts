/**
 * Discussion threads in a working group: start a thread, reply, edit one's
 * own post. Every write lands in one transaction with what it implies: the
 * thread's reply count and last activity, a line in the activity feed, and
 * notifications (new thread → every member; reply → the thread's author and
 * earlier repliers; @mention → the member named). A member gets one notice
 * per post: a mention replaces the thread or reply notice.
 */
import { z } from 'zod';
import type { Db } from '#db/client.server.ts';
import { recordGroupActivity } from '#db/queries/groups.server.ts';
import * as q from '#db/queries/group-threads.server.ts';
import { listGroupMemberNames } from '#db/queries/group-membership.server.ts';
import type { GroupReply, GroupThread } from '#db/schema/index.server.ts';
import type { RequestContext } from '../context.server.ts';
import { richTextField } from '../content/publishing.server.ts';
import type { SessionUser } from '../auth/session.server.ts';
import { fieldError, parseForm, requiredText, type FieldErrors } from '../forms/validation.ts';
import { notify } from '../notifications/notify.server.ts';
import { canEditGroupPost } from '../policy.ts';
import { isRichTextEmpty, renderRichTextHtml, richTextToPlainText, type RichTextDoc } from '../rich-text/document.server.ts';
import { type GroupAccess } from './access.server.ts';
import { assertAllowed, invalid, notFound, type Outcome } from '../http/guards.server.ts';
import { highlightMentions } from './mention-html.server.ts';
import { findMentionedUserIds, type Mentionable } from './mentions.ts';
import { replyAnchor, threadPath } from './limits.ts';
import { enqueueSearchSync } from '#search/outbox.server.ts';
import { isUuid } from '../http/uuid.ts';
import { linkGroupPostNotices, type GroupPostRef } from '#db/queries/moderation.server.ts';

export const THREAD_TITLE_MAX = 200;

const TitleForm = z.object({ title: requiredText(THREAD_TITLE_MAX) });

type PostOutcome<T> = Outcome<{ value: T }>;



/** The rich-text body of a post: required, and readable. */
function readBody(formData: FormData): { ok: true; doc: RichTextDoc } | { ok: false; errors: FieldErrors } {
  const body = richTextField(formData, 'body');
  if (!body.ok) return { ok: false, errors: { body: body.error } };
  if (isRichTextEmpty(body.doc)) return { ok: false, errors: { body: fieldError('error.required') } };
  return body;
}

function readThreadFields(formData: FormData): { ok: true; title: string; body: RichTextDoc } | { ok: false; errors: FieldErrors } {
  const form = parseForm(TitleForm, formData);
  const body = readBody(formData);
  if (!form.ok || !body.ok) return { ok: false, errors: { ...(form.ok ? {} : form.errors), ...(body.ok ? {} : body.errors) } };
  return { ok: true, title: form.data.title, body: body.doc };
}

/** The thread in this group named by a URL parameter, or 404. */
export async function requireThread(db: Db, groupId: string, threadId: string | undefined): Promise<GroupThread> {
  const thread = threadId && isUuid(threadId) ? await q.findGroupThread(db, groupId, threadId) : null;
  if (!thread) notFound();
  return thread;
}

interface NoticeContext {
  access: GroupAccess;
  actor: SessionUser;
  title: string;
  url: string;
}

/**
 * Notifies the `members` (the group's current ones) mentioned in `doc` (the
 * writer never) and returns who they were, so the other notices of this post
 * can skip them. `alreadyMentioned` (for edits) are not notified again. Every
 * notice is tied to its `post`, so hiding the post stops it being shown or mailed.
 */
async function notifyMentions(tx: Db, n: NoticeContext, post: GroupPostRef, doc: RichTextDoc, members: Mentionable[], alreadyMentioned: string[] = []): Promise<string[]> {
  const mentioned = mentionedIn(doc, members).filter((id) => id !== n.actor.id);
  const fresh = mentioned.filter((id) => !alreadyMentioned.includes(id));
  const ids = await notify(tx, {
    recipients: fresh,
    kind: 'mention',
    groupId: n.access.group.id,
    actorId: n.actor.id,
    messageKey: 'group.notice.mention',
    params: { actor: n.actor.name, title: n.title, group: n.access.group.name },
    url: n.url,
  });
  await linkGroupPostNotices(tx, ids, post);
  return mentioned;
}

const mentionedIn = (doc: unknown, members: Mentionable[]): string[] => findMentionedUserIds(richTextToPlainText(doc), members);

export async function createThread(ctx: RequestContext, access: GroupAccess, user: SessionUser, formData: FormData): Promise<PostOutcome<GroupThread>> {
  assertAllowed(access.can.post);
  const read = readThreadFields(formData);
  if (!read.ok) return invalid(read.errors);
  const { group } = access;
  const thread = await ctx.services.db.transaction(async (tx) => {
    const row = await q.insertGroupThread(tx, { groupId: group.id, authorId: user.id, title: read.title, body: read.body });
    await recordGroupActivity(tx, { groupId: group.id, actorId: user.id, kind: 'thread_created', subjectId: row.id, data: { title: row.title } });
    await enqueueSearchSync(tx, { type: 'thread', id: row.id });
    const notice = { access, actor: user, title: row.title, url: threadPath(group.slug, row.id) };
    const members = await listGroupMemberNames(tx, group.id);
    const post = { type: 'group_thread', id: row.id } as const;
    const mentioned = await notifyMentions(tx, notice, post, read.body, members);
    const ids = await notify(tx, {
      recipients: members.map((m) => m.userId).filter((id) => !mentioned.includes(id)),
      kind: 'thread',
      groupId: group.id,
      actorId: user.id,
      messageKey: 'group.notice.thread',
      params: { actor: user.name, title: row.title, group: group.name },
      url: notice.url,
    });
    await linkGroupPostNotices(tx, ids, post);
    return row;
  });
  return { ok: true, value: thread };
}

export async function postReply(ctx: RequestContext, access: GroupAccess, user: SessionUser, thread: GroupThread, formData: FormData): Promise<PostOutcome<GroupReply>> {
  assertAllowed(access.can.post);
  const body = readBody(formData);
  if (!body.ok) return invalid(body.errors);
  const { group } = access;
  const reply = await ctx.services.db.transaction(async (tx) => {
    const row = await q.insertGroupReply(tx, { threadId: thread.id, authorId: user.id, body: body.doc });
    await recordGroupActivity(tx, { groupId: group.id, actorId: user.id, kind: 'reply_posted', subjectId: thread.id, data: { title: thread.title, replyId: row.id } }); // replyId: the line leaves the feed if the reply is hidden
    await enqueueSearchSync(tx, { type: 'thread', id: thread.id }); // replies are part of the thread's document
    const notice = { access, actor: user, title: thread.title, url: `${threadPath(group.slug, thread.id)}#${replyAnchor(row.id)}` };
    const post = { type: 'group_reply', id: row.id } as const;
    const mentioned = await notifyMentions(tx, notice, post, body.doc, await listGroupMemberNames(tx, group.id));
    const participants = [...(thread.authorId ? [thread.authorId] : []), ...(await q.listThreadRepliers(tx, thread.id, row.id))];
    const ids = await notify(tx, {
      recipients: participants.filter((id) => !mentioned.includes(id)),
      kind: 'reply',
      groupId: group.id,
      actorId: user.id,
      messageKey: 'group.notice.reply',
      params: { actor: user.name, title: thread.title, group: group.name },
      url: notice.url,
    });
    await linkGroupPostNotices(tx, ids, post);
    return row;
  });
  return { ok: true, value: reply };
}

/** The author edits their thread; members newly @mentioned by the edit are notified. */
export async function editThread(ctx: RequestContext, access: GroupAccess, user: SessionUser, thread: GroupThread, formData: FormData): Promise<PostOutcome<GroupThread>> {
  assertAllowed(canEditGroupPost(await ctx.actor(), access.resource, thread));
  const read = readThreadFields(formData);
  if (!read.ok) return invalid(read.errors);
  await ctx.services.db.transaction(async (tx) => {
    await q.updateGroupThread(tx, { id: thread.id, title: read.title, body: read.body });
    await enqueueSearchSync(tx, { type: 'thread', id: thread.id });
    const members = await listGroupMemberNames(tx, access.group.id);
    const notice = { access, actor: user, title: read.title, url: threadPath(access.group.slug, thread.id) };
    await notifyMentions(tx, notice, { type: 'group_thread', id: thread.id }, read.body, members, mentionedIn(thread.body, members));
  });
  return { ok: true, value: { ...thread, title: read.title, body: read.body } };
}

export async function editReply(ctx: RequestContext, access: GroupAccess, user: SessionUser, thread: GroupThread, replyId: string, formData: FormData): Promise<PostOutcome<GroupReply>> {
  const reply = isUuid(replyId) ? await q.findThreadReply(ctx.services.db, thread.id, replyId) : null;
  if (!reply) notFound();
  assertAllowed(canEditGroupPost(await ctx.actor(), access.resource, reply));
  const body = readBody(formData);
  if (!body.ok) return invalid(body.errors);
  await ctx.services.db.transaction(async (tx) => {
    await q.updateGroupReply(tx, { id: reply.id, body: body.doc });
    await enqueueSearchSync(tx, { type: 'thread', id: thread.id });
    const members = await listGroupMemberNames(tx, access.group.id);
    const url = `${threadPath(access.group.slug, thread.id)}#${replyAnchor(reply.id)}`;
    await notifyMentions(tx, { access, actor: user, title: thread.title, url }, { type: 'group_reply', id: reply.id }, body.doc, members, mentionedIn(reply.body, members));
  });
  return { ok: true, value: { ...reply, body: body.doc } };
}

/** A post's HTML for the page: sanitised rich text with the current members' @mentions highlighted. */
export function postHtml(doc: unknown, members: readonly Mentionable[]): string {
  return highlightMentions(renderRichTextHtml(doc), members);
}
