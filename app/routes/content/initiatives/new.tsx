import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { EMPTY_INITIATIVE, InitiativeForm } from '#app/components/initiative-form.tsx';
import { Notice } from '#app/components/ui.tsx';
import { formValuesFromFormData, initiativeFormOptions } from '#app/content/initiative-form.server.ts';
import { createInitiative, ownerChoices } from '#app/content/initiatives.server.ts';
import { requireUser } from '#app/context.server.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { readForm } from '#app/http/form.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'initiative.new.title') : ''} – Samverka` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(request, context);
  const { db } = context.services;
  const actor = await context.actor();
  const [owners, options] = await Promise.all([ownerChoices(db, actor), initiativeFormOptions(db, actor)]);
  return { locale: context.locale, options: { ...options, owners: owners.map((o) => ({ value: o.id, label: o.name })) } };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const formData = await readForm(request);
  const result = await createInitiative(context, user.id, formData);
  if (!result.ok) return data({ errors: result.errors, values: formValuesFromFormData(formData) }, { status: result.status });
  return redirect(`/insatser/${result.slug}`);
}

export default function NewInitiative() {
  const { options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="container page">
      <h1>{t('initiative.new.title')}</h1>
      {options.owners.length === 0 ? (
        <Notice tone="warning">
          {t('initiative.new.noOrganization')} <Link to="/organisationer">{t('account.findOrganization')}</Link>
        </Notice>
      ) : (
        <>
          <p className="lead">{t('initiative.new.lead')}</p>
          <InitiativeForm item="initiative:new" values={actionData?.values ?? EMPTY_INITIATIVE} options={options} errors={actionData?.errors} submitLabel="initiative.create" />
        </>
      )}
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
