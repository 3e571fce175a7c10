import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { EMPTY_GROUP, GroupForm } from '#app/components/group-form.tsx';
import { Notice } from '#app/components/ui.tsx';
import { requireUser } from '#app/context.server.ts';
import { createGroup, groupFormValues, loadGroupFormOptions } from '#app/groups/groups.server.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { canCreateGroup, needsEmailConfirmation } from '#app/policy.ts';
import type { RouteHandle } from '#app/root.tsx';
import { ConfirmEmailNotice } from '#app/components/confirm-email-notice.tsx';
import { readForm } from '#app/http/form.server.ts';
import { withDone } from '#app/components/done-notice.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'group.new.title') : ''} – Samverka` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const options = await loadGroupFormOptions(context, user.id);
  const actor = await context.actor();
  return { locale: context.locale, canCreate: canCreateGroup(actor), unconfirmedEmail: needsEmailConfirmation(actor) ? user.email : null, ...options };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const formData = await readForm(request);
  const result = await createGroup(context, user.id, formData);
  if (!result.ok) return data({ errors: result.errors, values: groupFormValues(formData) }, { status: result.status });
  return redirect(withDone(`/grupper/${result.slug}`, 'groupCreated'));
}

// The page's own notice says why it is closed to an unconfirmed address; the banner would say it twice.
export const handle: RouteHandle = { explainsEmailConfirmation: true };

export default function NewGroup() {
  const { canCreate, unconfirmedEmail, areaGroups, organizations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="container page">
      <h1>{t('group.new.title')}</h1>
      {unconfirmedEmail ? (
        <ConfirmEmailNotice email={unconfirmedEmail} />
      ) : canCreate ? (
        <>
          <p className="lead">{t('group.new.lead')}</p>
          <GroupForm values={actionData?.values ?? EMPTY_GROUP} errors={actionData?.errors} areaGroups={areaGroups} organizations={organizations} submitLabel="group.new.submit" />
        </>
      ) : (
        <Notice tone="warning">
          {t('group.new.needsOrganization')} <Link to="/organisationer">{t('account.findOrganization')}</Link> ·{' '}
          <Link to="/organisationer/ny">{t('account.createOrganization')}</Link>
        </Notice>
      )}
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
