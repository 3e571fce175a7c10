import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { SnapshotEditForm } from '#app/components/snapshot-form.tsx';
import { richTextToRedisplay } from '#app/content/publishing.server.ts';
import { assertAllowed, notFound, requireUser } from '#app/context.server.ts';
import { useT } from '#app/i18n/use-t.ts';
import { loadSnapshot, saveSnapshotText } from '#app/content/snapshots.server.ts';
import { readForm } from '#app/http/form.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} – Samverka` : 'Samverka' }];

async function loadEditable(request: Request, context: LoaderFunctionArgs['context'], slug: string | undefined) {
  const user = requireUser(request, context);
  const loaded = await loadSnapshot(context, slug ?? '');
  if (!loaded || !loaded.can.view) notFound();
  assertAllowed(loaded.can.edit);
  return { user, loaded };
}

/** Title and commentary only: a snapshot's values are never edited. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { loaded } = await loadEditable(request, context, params.slug);
  const { snapshot } = loaded;
  return { slug: snapshot.slug, title: snapshot.title, version: snapshot.version, values: { title: snapshot.title, commentary: snapshot.commentary as unknown } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, loaded } = await loadEditable(request, context, params.slug);
  const formData = await readForm(request);
  const result = await saveSnapshotText(context, loaded, user.id, formData);
  if (result.ok) return redirect(`/ogonblicksbilder/${result.slug}`);
  const values = { title: String(formData.get('title') ?? ''), commentary: richTextToRedisplay(formData, 'commentary') as unknown };
  return data({ errors: result.errors, values }, { status: result.status });
}

export default function EditSnapshot() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="container page">
      <p>
        <Link to={`/ogonblicksbilder/${d.slug}`}>← {d.title}</Link>
      </p>
      <h1>{t('snapshot.edit.title', { title: d.title })}</h1>
      <SnapshotEditForm values={actionData?.values ?? d.values} version={d.version} errors={actionData?.errors} />
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
