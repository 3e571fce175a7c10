import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { getThreadAuthor, listThreadReplies } from '#db/queries/group-threads.server.ts';
import { listGroupMemberNames } from '#db/queries/group-membership.server.ts';
import { GroupPostForm, GroupPostPanel } from '#app/components/group-post-form.tsx';
import { Notice } from '#app/components/ui.tsx';
import { richTextToRedisplay } from '#app/content/publishing.server.ts';
import { requireUser } from '#app/context.server.ts';
import { requireGroupContent } from '#app/groups/access.server.ts';
import { replyAnchor, threadPath } from '#app/groups/limits.ts';
import { editReply, editThread, postHtml, postReply, requireThread } from '#app/groups/threads.server.ts';
import { formatDateTime } from '#app/i18n/format.ts';
import { useT } from '#app/i18n/use-t.ts';
import { canEditGroupPost, groupPostPermissions, type GroupPostResource } from '#app/policy.ts';
import { HiddenByModerators, ReportForm, ReportOutcome } from '#app/components/moderation.tsx';
import { reportGroupPost, reportHandledPath } from '#app/moderation/posts-and-write-ups.server.ts';
import { notFound } from '#app/http/guards.server.ts';
import { readForm } from '#app/http/form.server.ts';
import type { FieldErrors } from '#app/forms/validation.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.thread.title} – ${data.group.name} – Samverka` : 'Samverka' }];

/** `?redigera=trad` edits the thread, `?redigera=<reply id>` one reply: a plain link, so editing works without JavaScript. */
const EDIT_PARAM = 'redigera';
const EDIT_THREAD = 'trad';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { group, resource, can } = await requireGroupContent(request, context, params.slug);
  const { db } = context.services;
  const thread = await requireThread(db, group.id, params.threadId);
  const actor = await context.actor();
  const [author, replies, members] = await Promise.all([getThreadAuthor(db, group.id, thread.authorId), listThreadReplies(db, group.id, thread.id), listGroupMemberNames(db, group.id)]);
  const mayEdit = (post: GroupPostResource) => canEditGroupPost(actor, resource, post);
  // Hidden by a moderator: only its author and the group's leads still see it, with the reason; for everyone else it is not there.
  const moderation = (post: GroupPostResource & { hiddenReason: string | null }) => {
    const can = groupPostPermissions(actor, group, post);
    return { shown: can.view || can.seeHiddenNotice, report: can.report, hidden: post.hiddenAt && can.seeHiddenNotice ? { at: post.hiddenAt.toISOString(), reason: post.hiddenReason } : null };
  };
  const threadModeration = moderation(thread);
  if (!threadModeration.shown) notFound();
  const wanted = new URL(request.url).searchParams.get(EDIT_PARAM);
  const editing = wanted === EDIT_THREAD && mayEdit(thread) ? EDIT_THREAD : (replies.find((r) => r.id === wanted && mayEdit(r))?.id ?? null);
  return {
    group: { slug: group.slug, name: group.name, archived: group.archivedAt !== null },
    thread: {
      id: thread.id,
      title: thread.title,
      createdAt: thread.createdAt.toISOString(),
      authorName: author.authorName,
      authorOrganization: author.authorOrganization,
      html: postHtml(thread.body, members),
      body: editing === EDIT_THREAD ? thread.body : null,
      canEdit: mayEdit(thread),
      canReport: threadModeration.report,
      hidden: threadModeration.hidden,
    },
    replies: replies.flatMap((r) => {
      const m = moderation(r);
      return m.shown ? [{ ...r, canReport: m.report, hidden: m.hidden }] : [];
    }).map((r) => ({
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      authorName: r.authorName,
      authorOrganization: r.authorOrganization,
      html: postHtml(r.body, members),
      body: editing === r.id ? r.body : null,
      canEdit: mayEdit(r),
      canReport: r.canReport,
      hidden: r.hidden,
    })),
    editing,
    mentionNames: members.map((m) => m.name),
    // No replies to a thread hidden by a moderator (its author still sees it, with the reason).
    can: { post: can.post && !threadModeration.hidden },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const access = await requireGroupContent(request, context, params.slug);
  const thread = await requireThread(context.services.db, access.group.id, params.threadId);
  const formData = await readForm(request);
  // Nobody replies to or edits a thread hidden by a moderator (reporting it says it is hidden already).
  if (formData.get('intent') !== 'report' && !groupPostPermissions(await context.actor(), access.group, thread).view) notFound();
  const path = threadPath(access.group.slug, thread.id);
  const failed = (result: { status: number; errors: FieldErrors }, editing: string | null) =>
    data(
      { errors: result.errors, editing, values: { title: String(formData.get('title') ?? ''), body: richTextToRedisplay(formData, 'body') }, report: undefined, reportedPostId: undefined },
      { status: result.status },
    );
  switch (formData.get('intent')) {
    case 'report': {
      const result = await reportGroupPost(context, access.group.id, user.id, formData);
      if (!result.ok) return failed(result, null);
      // A whole thread hidden meanwhile is a 404 for the reporter now (a plain form post renders the page
      // again): the thread list says "already handled" instead. A hidden reply: a 409 keeps the page and says so.
      if (result.report === 'alreadyHidden' && !groupPostPermissions(await context.actor(), access.group, thread).view) {
        return redirect(reportHandledPath(`/grupper/${access.group.slug}/diskussioner`));
      }
      return data({ errors: undefined, editing: null, values: undefined, report: result.report, reportedPostId: result.postId }, { status: result.report === 'alreadyHidden' ? 409 : 200 });
    }
    case 'reply': {
      const result = await postReply(context, access, user, thread, formData);
      if (!result.ok) return failed(result, null);
      return redirect(`${path}#${replyAnchor(result.value.id)}`);
    }
    case 'edit-thread': {
      const result = await editThread(context, access, user, thread, formData);
      if (!result.ok) return failed(result, EDIT_THREAD);
      return redirect(path);
    }
    case 'edit-reply': {
      const replyId = String(formData.get('replyId') ?? '');
      const result = await editReply(context, access, user, thread, replyId, formData);
      if (!result.ok) return failed(result, replyId);
      return redirect(`${path}#${replyAnchor(replyId)}`);
    }
    default:
      throw new Response('unknown intent', { status: 400 });
  }
}

export default function GroupThread() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const fmt = (iso: string) => formatDateTime(iso, t.locale);
  // After a failed save the form stays open with what was written.
  const values = actionData?.values;
  const editing = values ? actionData.editing : d.editing;
  const path = threadPath(d.group.slug, d.thread.id);
  const byline = (p: { authorName: string | null; authorOrganization: string | null; createdAt: string }) => (
    <p className="meta post__byline">
      <strong>{p.authorName ?? t('group.formerUser')}</strong>
      {p.authorOrganization ? `, ${p.authorOrganization}` : ''} · <time dateTime={p.createdAt}>{fmt(p.createdAt)}</time>
    </p>
  );
  return (
    <>
      <p>
        <Link to={`/grupper/${d.group.slug}/diskussioner`}>← {t('group.threads.back')}</Link>
      </p>
      {d.group.archived ? <Notice tone="warning">{t('group.archivedReadOnly')}</Notice> : null}
      <ReportOutcome report={actionData?.report} />

      {editing === EDIT_THREAD ? (
        <GroupPostPanel
          id="edit-thread"
          level={1}
          heading={t('group.thread.editThread')}
          intent="edit-thread"
          mentionNames={d.mentionNames}
          errors={actionData?.errors}
          title={values ? values.title : d.thread.title}
          body={values ? values.body : d.thread.body}
        >
          <p>
            <Link to={path}>{t('group.thread.cancelEdit')}</Link>
          </p>
        </GroupPostPanel>
      ) : (
        <article className="post post--thread" aria-labelledby="thread-title">
          <h1 id="thread-title">{d.thread.title}</h1>
          {d.thread.hidden ? <HiddenByModerators kind="post" hiddenAt={d.thread.hidden.at} reason={d.thread.hidden.reason} /> : null}
          {byline(d.thread)}
          {/* Sanitised on the server; mentions are wrapped as text nodes, never as markup from input. */}
          <div className="rich-text" dangerouslySetInnerHTML={{ __html: d.thread.html }} />
          {d.thread.canEdit ? (
            <p>
              <Link to={`?${EDIT_PARAM}=${EDIT_THREAD}`}>{t('group.thread.edit')}</Link>
            </p>
          ) : null}
          {d.thread.canReport ? (
            <ReportForm id={d.thread.id} label={t('report.post.reason')} fields={{ postType: 'group_thread', postId: d.thread.id }} error={actionData?.errors?.[`reportReason-${d.thread.id}`]} />
          ) : null}
        </article>
      )}

      <section aria-labelledby="replies">
        <h2 id="replies">{t('group.thread.replies', { count: d.replies.length })}</h2>
        {d.replies.length === 0 ? <p className="empty-state">{t('group.thread.noReplies')}</p> : null}
        <ol className="plain-list post-list">
          {d.replies.map((r) => (
            <li key={r.id} id={replyAnchor(r.id)} className="post">
              {r.hidden ? <HiddenByModerators kind="post" hiddenAt={r.hidden.at} reason={r.hidden.reason} /> : null}
              {byline(r)}
              {editing === r.id ? (
                <GroupPostForm
                  intent="edit-reply"
                  hidden={{ replyId: r.id }}
                  mentionNames={d.mentionNames}
                  errors={actionData?.errors}
                  body={values ? values.body : r.body}
                />
              ) : (
                <>
                  <div className="rich-text" dangerouslySetInnerHTML={{ __html: r.html }} />
                  {r.canEdit ? (
                    <p>
                      <Link to={`?${EDIT_PARAM}=${r.id}`}>
                        {t('group.thread.edit')}
                        <span className="visually-hidden"> {t('group.thread.editReplyBy', { name: r.authorName ?? '' })}</span>
                      </Link>
                    </p>
                  ) : null}
                  {r.canReport ? (
                    <ReportForm
                      id={r.id}
                      label={t('report.post.reason')}
                      name={t('group.thread.editReplyBy', { name: r.authorName ?? t('group.formerUser') })}
                      fields={{ postType: 'group_reply', postId: r.id }}
                      error={actionData?.errors?.[`reportReason-${r.id}`]}
                    />
                  ) : null}
                </>
              )}
            </li>
          ))}
        </ol>
      </section>

      {d.can.post && !editing ? (
        <GroupPostPanel
          id="reply-form"
          heading={t('group.thread.reply')}
          intent="reply"
          mentionNames={d.mentionNames}
          errors={actionData?.errors}
          body={values?.body}
        />
      ) : null}
    </>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
