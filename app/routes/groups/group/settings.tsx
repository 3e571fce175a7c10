import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { GroupForm } from '#app/components/group-form.tsx';
import { ErrorSummary, Notice } from '#app/components/ui.tsx';
import { requireUser } from '#app/context.server.ts';
import { requireGroupContent } from '#app/groups/access.server.ts';
import { assertAllowed } from '#app/http/guards.server.ts';
import { archiveGroup, groupFormValues, loadSettings, updateGroupSettings } from '#app/groups/groups.server.ts';
import { useT } from '#app/i18n/use-t.ts';
import { readForm } from '#app/http/form.server.ts';
import { withDone } from '#app/components/done-notice.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.group.name} – Samverka` : 'Samverka' }];

/** Leads only. An archived group's settings show read-only; every write is refused by the policy flags. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requireGroupContent(request, context, params.slug);
  return loadSettings(context, access);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const access = await requireGroupContent(request, context, params.slug);
  assertAllowed(access.can.isLead, 'only leads change a group');
  const formData = await readForm(request);
  switch (formData.get('intent')) {
    case 'save': {
      const result = await updateGroupSettings(context, access, user.id, formData);
      if (!result.ok) return data({ errors: result.errors, values: groupFormValues(formData), saved: false }, { status: result.status });
      return { errors: undefined, values: null, saved: true };
    }
    case 'archive': {
      const result = await archiveGroup(context, access, user.id, formData);
      if (!result.ok) return data({ errors: result.errors, values: null, saved: false }, { status: result.status });
      return redirect(withDone(`/grupper/${access.group.slug}`, 'groupArchived'));
    }
    default:
      throw new Response('unknown intent', { status: 400 });
  }
}

export default function GroupSettings() {
  const { group, areaGroups, can } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t('group.settings.title')}</h1>
      {actionData?.saved ? <Notice tone="success">{t('group.settings.saved')}</Notice> : null}
      {group.archived ? (
        <Notice tone="warning">{t('group.archivedNotice')}</Notice>
      ) : (
        <>
          <GroupForm values={actionData?.values ?? group} errors={actionData?.values ? actionData.errors : undefined} areaGroups={areaGroups} intent="save" submitLabel="form.save" />
          {can.archive ? (
            <section aria-labelledby="archive" className="panel panel--warning">
              <h2 id="archive">{t('group.archive.title')}</h2>
              <p>{t('group.archive.lead')}</p>
              {actionData && !actionData.values ? <ErrorSummary errors={actionData.errors} /> : null}
              <Form method="post" className="form" noValidate>
                <input type="hidden" name="intent" value="archive" />
                <div className={`field${actionData?.errors?.confirm ? ' field--invalid' : ''}`}>
                  {actionData?.errors?.confirm ? (
                    <p id="field-confirm-error" className="field__error">
                      {t(actionData.errors.confirm.key)}
                    </p>
                  ) : null}
                  <label className="choice">
                    <input id="field-confirm" type="checkbox" name="confirm" value="yes" aria-describedby={actionData?.errors?.confirm ? 'field-confirm-error' : undefined} />
                    <span>{t('group.archive.confirm', { name: group.name })}</span>
                  </label>
                </div>
                <button type="submit" className="button button--danger">
                  {t('group.archive.submit')}
                </button>
              </Form>
            </section>
          ) : null}
        </>
      )}
    </>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
