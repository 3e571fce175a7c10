import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { listGroupActionItems } from '#db/queries/group-action-items.server.ts';
import { listGroupDecisions } from '#db/queries/group-decisions.server.ts';
import { Badge, ErrorSummary, Field, Notice, SelectField } from '#app/components/ui.tsx';
import { requireUser } from '#app/context.server.ts';
import { requireGroupContent } from '#app/groups/access.server.ts';
import { createActionItem, ownerChoices, setActionItemDone } from '#app/groups/action-items.server.ts';
import { ACTION_TITLE_MAX } from '#app/groups/limits.ts';
import { stockholmToday } from '#app/i18n/stockholm-time.ts';
import { formatCalendarDate } from '#app/i18n/format.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { canUpdateActionItem } from '#app/policy.ts';
import { readForm } from '#app/http/form.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${translate(data.locale, 'groupAction.pageTitle', { name: data.group.name })} – Samverka` : 'Samverka' },
];

const shorten = (text: string, max = 80) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { group, can, resource } = await requireGroupContent(request, context, params.slug);
  const { db } = context.services;
  const actor = await context.actor();
  const [items, owners, decisions] = await Promise.all([listGroupActionItems(db, group.id), ownerChoices(db, group.id), listGroupDecisions(db, group.id)]);
  const today = stockholmToday();
  const rows = items.map((i) => ({
    id: i.id,
    title: i.title,
    status: i.status,
    dueDate: i.dueDate,
    overdue: i.status === 'open' && i.dueDate !== null && i.dueDate < today,
    // Neither owner left: the owning person deleted their account.
    owner: i.ownerUserId
      ? { kind: 'user' as const, name: i.ownerUserName ?? '' }
      : i.ownerOrganizationId
        ? { kind: 'org' as const, name: i.ownerOrganizationName ?? '' }
        : { kind: 'user' as const, name: translate(context.locale, 'group.formerUser') },
    decision: i.decisionId && i.decisionText ? shorten(i.decisionText) : null,
    canUpdate: canUpdateActionItem(actor, resource, i),
  }));
  return {
    locale: context.locale,
    group: { slug: group.slug, name: group.name, archived: group.archivedAt !== null },
    can: { createActionItems: can.createActionItems },
    items: rows,
    overdueCount: rows.filter((r) => r.overdue).length,
    ownerOptions: [
      ...owners.members.map((m) => ({ value: `user:${m.id}`, label: `${m.name} (${m.organizationName})` })),
      ...owners.organizations.map((o) => ({ value: `org:${o.id}`, label: translate(context.locale, 'groupAction.ownerOrganizationOption', { name: o.name }) })),
    ],
    decisionOptions: decisions.map((d) => ({ value: d.id, label: `${d.decidedOn} – ${shorten(d.text, 60)}` })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const access = await requireGroupContent(request, context, params.slug);
  const formData = await readForm(request);
  const intent = formData.get('intent');
  if (intent === 'create') {
    const result = await createActionItem(context, access, user, formData);
    const values = Object.fromEntries(['title', 'owner', 'dueDate', 'decisionId'].map((k) => [k, String(formData.get(k) ?? '')]));
    if (!result.ok) return data({ errors: result.errors, values, created: false }, { status: result.status });
    return { errors: undefined, values: null, created: true };
  }
  if (intent === 'done' || intent === 'reopen') {
    await setActionItemDone(context, access, user, formData.get('itemId'), intent === 'done');
    return { errors: undefined, values: null, created: false };
  }
  throw new Response('unknown intent', { status: 400 });
}

export default function GroupActions() {
  const { group, can, items, overdueCount, ownerOptions, decisionOptions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const values = actionData?.values ?? { title: '', owner: '', dueDate: '', decisionId: '' };
  const open = items.filter((i) => i.status === 'open');
  const done = items.filter((i) => i.status === 'done');

  const itemList = (list: typeof items) => (
    <ul className="plain-list action-list">
      {list.map((i) => (
        <li key={i.id} id={`atgard-${i.id}`} className={i.overdue ? 'action-item action-item--overdue' : 'action-item'}>
          <div className="row">
            <div>
              <strong>{i.title}</strong> {i.overdue ? <Badge tone="warning">{t('groupAction.overdue')}</Badge> : null}
              {i.status === 'done' ? <Badge tone="success">{t('groupAction.status.done')}</Badge> : null}
              <br />
              <span className="field__hint">
                {t(i.owner.kind === 'user' ? 'groupAction.ownerPerson' : 'groupAction.ownerOrganization', { name: i.owner.name })}
                {' · '}
                {i.dueDate ? t(i.overdue ? 'groupAction.dueOverdue' : 'groupAction.due', { date: formatCalendarDate(i.dueDate, t.locale) }) : t('groupAction.noDue')}
                {' · '}
                {t('groupAction.statusLabel')}: {t(`groupAction.status.${i.status}`)}
                {i.decision ? (
                  <>
                    {' · '}
                    {t('groupAction.fromDecision', { text: i.decision })}
                  </>
                ) : null}
              </span>
            </div>
            {i.canUpdate ? (
              <Form method="post">
                <input type="hidden" name="itemId" value={i.id} />
                {i.status === 'open' ? (
                  <button type="submit" name="intent" value="done" className="button button--small">
                    {t('groupAction.markDone')}
                    <span className="visually-hidden">: {i.title}</span>
                  </button>
                ) : (
                  <button type="submit" name="intent" value="reopen" className="button button--small button--secondary">
                    {t('groupAction.reopen')}
                    <span className="visually-hidden">: {i.title}</span>
                  </button>
                )}
              </Form>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );

  return (
    <>
      <h1>{t('groupAction.pageTitle', { name: group.name })}</h1>
      {group.archived ? <Notice tone="warning">{t('groupWork.archived')}</Notice> : null}
      {actionData?.created ? <Notice tone="success">{t('groupAction.created')}</Notice> : null}
      {overdueCount > 0 ? (
        <Notice tone="warning">
          <strong>{t('groupAction.overdueCount', { count: overdueCount })}</strong>
        </Notice>
      ) : null}

      <section aria-labelledby="open">
        <h2 id="open">{t('groupAction.open', { count: open.length })}</h2>
        {open.length === 0 ? <p>{t('groupAction.noneOpen')}</p> : itemList(open)}
      </section>

      {can.createActionItems ? (
        <section aria-labelledby="create" className="panel">
          <h2 id="create">{t('groupAction.create')}</h2>
          <Form method="post" className="form form--wide" noValidate key={actionData?.created ? `saved-${items.length}` : 'form'}>
            <input type="hidden" name="intent" value="create" />
            <ErrorSummary errors={actionData?.errors} />
            <Field name="title" label="groupAction.field.title" required maxLength={ACTION_TITLE_MAX} defaultValue={values.title} error={actionData?.errors?.title} />
            <SelectField
              name="owner"
              label="groupAction.field.owner"
              hint="groupAction.field.ownerHint"
              required
              options={ownerOptions}
              placeholder={t('groupAction.field.ownerChoose')}
              defaultValue={values.owner}
              error={actionData?.errors?.owner}
            />
            <Field name="dueDate" label="groupAction.field.dueDate" type="date" defaultValue={values.dueDate} error={actionData?.errors?.dueDate} />
            <SelectField
              name="decisionId"
              label="groupAction.field.decision"
              options={decisionOptions}
              placeholder={t('groupAction.field.noDecision')}
              defaultValue={values.decisionId}
              error={actionData?.errors?.decisionId}
            />
            <button type="submit" className="button">
              {t('groupAction.submit')}
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="done">
        <h2 id="done">{t('groupAction.done', { count: done.length })}</h2>
        {done.length === 0 ? <p>{t('groupAction.noneDone')}</p> : itemList(done)}
      </section>
    </>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
