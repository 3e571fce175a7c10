/**
 * The edit page of every kind of content (initiatives, lessons, snapshots), registered once per kind in
 * app/routes.ts. The server learns the kind from the URL (requireContent in content/kinds.server.ts), the
 * page from the loader's `kind`; what differs between kinds is in content/kinds*.ts.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { getRevisions } from '#db/queries/content.server.ts';
import { ConflictNotice } from '#app/components/conflict-notice.tsx';
import { InitiativeForm } from '#app/components/initiative-form.tsx';
import { LessonForm } from '#app/components/lesson-form.tsx';
import { SnapshotEditForm } from '#app/components/snapshot-form.tsx';
import { diffSnapshots } from '#app/content/diff.ts';
import { CONTENT_KINDS, contentPath } from '#app/content/kinds.ts';
import { withDone } from '#app/components/done-notice.tsx';
import { requireContent } from '#app/content/kinds.server.ts';
import { useT } from '#app/i18n/use-t.ts';
import { readForm } from '#app/http/form.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} – Samverka` : 'Samverka' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { content } = await requireContent(context, request, params.slug, 'edit');
  return { slug: content.slug, title: content.title, version: content.version, ...(await content.editForm()) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, content } = await requireContent(context, request, params.slug, 'edit');
  const formData = await readForm(request);
  const result = await content.save(user.id, formData);
  if (result.ok) return redirect(withDone(contentPath(content.kind, result.slug), 'saved'));
  const sent = content.redisplay(formData);
  if (!result.conflict || !content.revisions) return data({ errors: result.errors, ...sent, conflict: null }, { status: result.status });
  // Show what the other save changed, measured from the version this user started from.
  const [base] = await getRevisions(context.services.db, content.revisions.contentType, content.id, [Number(formData.get('version'))]);
  const changes = diffSnapshots(base?.snapshot ?? {}, result.conflict.current as Record<string, unknown>);
  return data({ errors: result.errors, ...sent, conflict: { changedBy: result.conflict.changedBy, version: result.conflict.currentVersion, changes } }, { status: 409 });
}

export default function EditContent() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const conflict = actionData?.conflict;
  const form = {
    // A conflict re-keys the form so it shows the user's own text against the new version.
    key: conflict ? `conflict-${conflict.version}` : 'edit',
    errors: conflict ? undefined : actionData?.errors,
    version: conflict?.version ?? d.version,
  };
  return (
    <div className="container page">
      <p>
        <Link to={contentPath(d.kind, d.slug)}>← {d.title}</Link>
      </p>
      <h1>{t(CONTENT_KINDS[d.kind].editTitle, { title: d.title })}</h1>
      <ConflictNotice conflict={conflict} />
      {d.kind === 'initiative' ? (
        <InitiativeForm {...form} item={`initiative:${d.slug}`} values={actionData?.kind === 'initiative' ? actionData.values : d.values} options={d.options} submitLabel="initiative.save" />
      ) : d.kind === 'lesson' ? (
        <LessonForm {...form} item={`lesson:${d.slug}`} values={actionData?.kind === 'lesson' ? actionData.values : d.values} initiatives={d.initiatives} submitLabel="initiative.save" />
      ) : (
        <SnapshotEditForm {...form} item={`snapshot:${d.slug}`} values={actionData?.kind === 'snapshot' ? actionData.values : d.values} />
      )}
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
