import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { SnapshotCreateForm, type SnapshotFormValues } from '#app/components/snapshot-form.tsx';
import { Notice } from '#app/components/ui.tsx';
import { requireUser } from '#app/context.server.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { createSnapshot, snapshotFormOptions } from '#app/content/snapshots.server.ts';
import { snapshotValuesFromFormData } from '#app/content/snapshot-form.server.ts';
import { readForm } from '#app/http/form.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'snapshot.new.title') : ''} – Samverka` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(request, context);
  const options = await snapshotFormOptions(context.services.db, await context.actor());
  // Coming from an area's page: that area is chosen already.
  const area = new URL(request.url).searchParams.get('omrade') ?? '';
  const values: SnapshotFormValues = {
    title: '',
    areaCode: options.areaGroups.some((g) => g.options.some((o) => o.value === area)) ? area : '',
    organizationId: '',
    indicatorCodes: [],
    periodFrom: options.years ? String(Math.max(options.years.min, options.years.max - 5)) : '',
    periodTo: options.years ? String(options.years.max) : '',
    commentary: undefined,
  };
  return { locale: context.locale, options, values };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const formData = await readForm(request);
  const result = await createSnapshot(context, user.id, formData);
  if (result.ok) return redirect(`/ogonblicksbilder/${result.slug}`);
  return data({ errors: result.errors, values: snapshotValuesFromFormData(formData) }, { status: result.status });
}

export default function NewSnapshot() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="container page">
      <p>
        <Link to="/ogonblicksbilder">← {t('snapshot.list.title')}</Link>
      </p>
      <h1>{t('snapshot.new.title')}</h1>
      {d.options.owners.length === 0 ? (
        <Notice tone="warning">
          {t('snapshot.new.noOrganization')} <Link to="/organisationer">{t('account.findOrganization')}</Link>
        </Notice>
      ) : d.options.indicators.length === 0 || !d.options.years ? (
        <Notice tone="warning">{t('snapshot.new.noData')}</Notice>
      ) : (
        <>
          <p className="lead">{t('snapshot.new.lead')}</p>
          <SnapshotCreateForm values={actionData?.values ?? d.values} options={d.options} errors={actionData?.errors} />
        </>
      )}
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
