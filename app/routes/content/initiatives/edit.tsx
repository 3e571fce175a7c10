import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { getRevisions } from '#db/queries/content.server.ts';
import { ConflictNotice } from '#app/components/conflict-notice.tsx';
import { InitiativeForm } from '#app/components/initiative-form.tsx';
import { diffSnapshots } from '#app/content/diff.ts';
import { formValuesFromFields, formValuesFromFormData, initiativeFormOptions } from '#app/content/initiative-form.server.ts';
import { currentFields, loadInitiative, saveInitiative } from '#app/content/initiatives.server.ts';
import { assertAllowed, notFound, requireUser } from '#app/context.server.ts';
import { useT } from '#app/i18n/use-t.ts';
import { readForm } from '#app/http/form.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} – Samverka` : 'Samverka' }];

async function loadEditable(request: Request, context: LoaderFunctionArgs['context'], slug: string | undefined) {
  const user = requireUser(request, context);
  const loaded = await loadInitiative(context, slug ?? '');
  if (!loaded || !loaded.can.view) notFound();
  assertAllowed(loaded.can.edit);
  return { user, loaded };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { loaded } = await loadEditable(request, context, params.slug);
  const { db } = context.services;
  const [options, fields] = await Promise.all([initiativeFormOptions(db), currentFields(db, loaded.initiative)]);
  return { slug: loaded.initiative.slug, title: loaded.initiative.title, version: loaded.initiative.version, values: await formValuesFromFields(db, fields), options };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, loaded } = await loadEditable(request, context, params.slug);
  const formData = await readForm(request);
  const result = await saveInitiative(context, loaded, user.id, formData);
  if (result.ok) return redirect(`/insatser/${result.slug}`);
  const values = formValuesFromFormData(formData);
  if (!result.conflict) return data({ errors: result.errors, values, conflict: null }, { status: result.status });
  // Show what the other save changed, measured from the version this user started from.
  const baseVersion = Number(formData.get('version'));
  const [base] = await getRevisions(context.services.db, 'initiative', loaded.initiative.id, [baseVersion]);
  const changes = diffSnapshots(base?.snapshot ?? {}, result.conflict.current as unknown as Record<string, unknown>);
  return data(
    { errors: result.errors, values, conflict: { changedBy: result.conflict.changedBy, version: result.conflict.currentVersion, changes } },
    { status: 409 },
  );
}

export default function EditInitiative() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const conflict = actionData?.conflict;
  return (
    <div className="container page">
      <p>
        <Link to={`/insatser/${loaderData.slug}`}>← {loaderData.title}</Link>
      </p>
      <h1>{t('initiative.edit.title', { title: loaderData.title })}</h1>
      <ConflictNotice conflict={conflict} />
      <InitiativeForm
        // A conflict re-keys the form so it shows the user's own text against the new version.
        key={conflict ? `conflict-${conflict.version}` : 'edit'}
        values={actionData?.values ?? loaderData.values}
        options={loaderData.options}
        errors={conflict ? undefined : actionData?.errors}
        version={conflict?.version ?? loaderData.version}
        submitLabel="initiative.save"
      />
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
