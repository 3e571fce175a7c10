import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { listGroupThreads } from '#db/queries/group-threads.server.ts';
import { listGroupMemberNames } from '#db/queries/group-membership.server.ts';
import { GroupPostPanel } from '#app/components/group-post-form.tsx';
import { Pagination } from '#app/components/pagination.tsx';
import { Notice } from '#app/components/ui.tsx';
import { ReportHandledNotice } from '#app/components/moderation.tsx';
import { reportWasHandled } from '#app/moderation/posts-and-write-ups.server.ts';
import { richTextToRedisplay } from '#app/content/publishing.server.ts';
import { requireUser } from '#app/context.server.ts';
import { requireGroupContent } from '#app/groups/access.server.ts';
import { threadPath, THREADS_PER_PAGE } from '#app/groups/limits.ts';
import { createThread } from '#app/groups/threads.server.ts';
import { translate } from '#app/i18n/index.ts';
import { formatDateTime } from '#app/i18n/format.ts';
import { useT } from '#app/i18n/use-t.ts';
import { readForm } from '#app/http/form.server.ts';
import { withDone } from '#app/components/done-notice.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${translate(data.locale, 'group.threads.title')}: ${data.group.name} – Samverka` : 'Samverka' },
];

const pageFrom = (url: string) => {
  const n = Number(new URL(url).searchParams.get('sida'));
  return Number.isInteger(n) && n > 0 && n < 10_000 ? n : 1;
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { group, can } = await requireGroupContent(request, context, params.slug);
  const { db } = context.services;
  const page = pageFrom(request.url);
  const [threads, members] = await Promise.all([
    listGroupThreads(db, group.id, { limit: THREADS_PER_PAGE, offset: (page - 1) * THREADS_PER_PAGE }),
    listGroupMemberNames(db, group.id),
  ]);
  return {
    locale: context.locale,
    reportHandled: reportWasHandled(new URL(request.url)),
    group: { slug: group.slug, name: group.name, archived: group.archivedAt !== null },
    threads: threads.rows.map((r) => ({ ...r, lastActivityAt: r.lastActivityAt.toISOString(), createdAt: r.createdAt.toISOString() })),
    page,
    pages: Math.max(1, Math.ceil(threads.total / THREADS_PER_PAGE)),
    mentionNames: members.map((m) => m.name),
    can: { post: can.post },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const access = await requireGroupContent(request, context, params.slug);
  const formData = await readForm(request);
  const result = await createThread(context, access, user, formData);
  if (!result.ok) {
    return data({ errors: result.errors, values: { title: String(formData.get('title') ?? ''), body: richTextToRedisplay(formData, 'body') } }, { status: result.status });
  }
  return redirect(withDone(threadPath(access.group.slug, result.value.id), 'threadStarted'));
}

export default function GroupThreads() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const fmt = (iso: string) => formatDateTime(iso, t.locale);
  return (
    <>
      <h1>{t('group.threads.title')}</h1>
      <ReportHandledNotice show={d.reportHandled} />
      {d.group.archived ? <Notice tone="warning">{t('group.archivedReadOnly')}</Notice> : null}

      {d.threads.length === 0 ? (
        <p className="empty-state">{t('group.threads.empty')}</p>
      ) : (
        <table className="table thread-table">
          <caption className="visually-hidden">{t('group.threads.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('group.thread.field.title')}</th>
              <th scope="col">{t('group.threads.author')}</th>
              <th scope="col">{t('group.threads.replies')}</th>
              <th scope="col">{t('group.threads.lastActivity')}</th>
            </tr>
          </thead>
          <tbody>
            {d.threads.map((th) => (
              <tr key={th.id}>
                <td>
                  <Link to={threadPath(d.group.slug, th.id)}>{th.title}</Link>
                </td>
                <td>{th.authorName ?? t('group.formerUser')}</td>
                <td>{th.replyCount}</td>
                <td>
                  <time dateTime={th.lastActivityAt}>{fmt(th.lastActivityAt)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={d.page} pages={d.pages} />

      {d.can.post ? (
        <GroupPostPanel
          id="new-thread"
          heading={t('group.threads.new')}
          intent="create"
          mentionNames={d.mentionNames}
          errors={actionData?.errors}
          title={actionData?.values.title ?? ''}
          body={actionData?.values.body}
        />
      ) : null}
    </>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
