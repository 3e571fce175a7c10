import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { listMunicipalities } from '#db/queries/areas.server.ts';
import { SECTORS } from '#app/vocabulary.ts';
import { ErrorSummary, Field, SelectField, TextAreaField } from '#app/components/ui.tsx';
import { assertAllowed, requireUser } from '#app/context.server.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { createOrganization } from '#app/organizations/organizations.server.ts';
import { canCreateOrganization, needsEmailConfirmation } from '#app/policy.ts';
import type { RouteHandle } from '#app/root.tsx';
import { ConfirmEmailNotice } from '#app/components/confirm-email-notice.tsx';
import { readForm } from '#app/http/form.server.ts';
import { withDone } from '#app/components/done-notice.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'org.create.title') : ''} – Samverka` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const actor = await context.actor();
  // Not yet confirmed: the page says so (with "send the link again") instead of a bare 403.
  if (needsEmailConfirmation(actor)) return { locale: context.locale, unconfirmedEmail: user.email, municipalities: [] };
  assertAllowed(canCreateOrganization(actor));
  const municipalities = await listMunicipalities(context.services.db);
  return { locale: context.locale, unconfirmedEmail: null, municipalities: municipalities.map((m) => ({ value: m.code, label: m.name })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  assertAllowed(canCreateOrganization(await context.actor()));
  const formData = await readForm(request);
  const result = await createOrganization(context, user.id, formData);
  if (!result.ok) return data({ errors: result.errors, values: Object.fromEntries([...formData.entries()].map(([k, v]) => [k, String(v)])) }, { status: result.status });
  return redirect(withDone(`/organisationer/${result.slug}`, 'orgCreated'));
}

// The page's own notice says why it is closed to an unconfirmed address; the banner would say it twice.
export const handle: RouteHandle = { explainsEmailConfirmation: true };

export default function NewOrganization() {
  const { municipalities, unconfirmedEmail } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const errors = actionData?.errors;
  const values = actionData?.values ?? {};
  return (
    <div className="container page page--narrow">
      <h1>{t('org.create.title')}</h1>
      <p className="lead">{t('org.create.lead')}</p>
      {unconfirmedEmail ? (
        <ConfirmEmailNotice email={unconfirmedEmail} />
      ) : (
        <>
          <ErrorSummary errors={errors} />
          <Form method="post" className="form" noValidate>
            <Field name="name" label="org.field.name" required maxLength={150} error={errors?.name} defaultValue={values.name} autoComplete="organization" />
            <SelectField
              name="sector"
              label="org.field.sector"
              required
              placeholder=""
              options={SECTORS.map((s) => ({ value: s, label: t(`sector.${s}`) }))}
              error={errors?.sector}
              defaultValue={values.sector}
            />
            <Field name="orgNumber" label="org.field.orgNumber" hint="org.field.orgNumberHint" required maxLength={20} error={errors?.orgNumber} defaultValue={values.orgNumber} />
            <SelectField
              name="municipalityCode"
              label="org.field.municipality"
              hint="org.field.municipalityHint"
              placeholder={t('org.field.chooseMunicipality')}
              options={municipalities}
              error={errors?.municipalityCode}
              defaultValue={values.municipalityCode}
            />
            <TextAreaField name="description" label="org.field.description" maxLength={2000} error={errors?.description} defaultValue={values.description} />
            <Field name="website" label="org.field.website" type="url" maxLength={300} error={errors?.website} defaultValue={values.website} />
            <button type="submit" className="button">
              {t('org.create.submit')}
            </button>
          </Form>
        </>
      )}
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
