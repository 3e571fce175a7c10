import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { ErrorSummary, Field, Notice } from '#app/components/ui.tsx';
import { requireUser } from '#app/context.server.ts';
import type { FieldErrors } from '#app/forms/validation.ts';
import { requireGroupContent } from '#app/groups/access.server.ts';
import { LIBRARY_NOTE_MAX } from '#app/groups/limits.ts';
import { addToLibrary, loadLibrary, removeFromLibrary } from '#app/groups/library.server.ts';
import { translate } from '#app/i18n/index.ts';
import { formatDate } from '#app/i18n/format.ts';
import { useT } from '#app/i18n/use-t.ts';
import { readForm } from '#app/http/form.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${translate(data.locale, 'group.library.title')}: ${data.group.name} – Samverka` : 'Samverka' },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requireGroupContent(request, context, params.slug);
  const library = await loadLibrary(context, access);
  return {
    locale: context.locale,
    group: { slug: access.group.slug, name: access.group.name, archived: access.group.archivedAt !== null },
    ...library,
    can: { add: access.can.addToLibrary },
  };
}

type ActionData = { errors?: FieldErrors; added?: string; removed?: boolean; values?: { address: string; pick: string; note: string } };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const access = await requireGroupContent(request, context, params.slug);
  const formData = await readForm(request);
  switch (formData.get('intent')) {
    case 'add': {
      const result = await addToLibrary(context, access, user, formData);
      if (!result.ok) {
        const values = { address: String(formData.get('address') ?? ''), pick: String(formData.get('pick') ?? ''), note: String(formData.get('note') ?? '') };
        return data<ActionData>({ errors: result.errors, values }, { status: result.status });
      }
      return data<ActionData>({ added: result.title });
    }
    case 'remove':
      await removeFromLibrary(context, access, formData);
      return data<ActionData>({ removed: true });
    default:
      throw new Response('unknown intent', { status: 400 });
  }
}

export default function GroupLibrary() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const fmt = (iso: string) => formatDate(iso, t.locale);
  const errors = actionData?.errors;
  return (
    <>
      <h1>{t('group.library.title')}</h1>
      <p className="lead">{t('group.library.lead')}</p>
      {d.group.archived ? <Notice tone="warning">{t('group.archivedReadOnly')}</Notice> : null}
      {actionData?.added ? <Notice tone="success">{t('group.library.added', { title: actionData.added })}</Notice> : null}
      {actionData?.removed ? <Notice tone="success">{t('group.library.removed')}</Notice> : null}

      <section aria-labelledby="library-items">
        <h2 id="library-items">{t('group.library.items')}</h2>
        {d.entries.length === 0 && d.hidden === 0 ? <p className="empty-state">{t('group.library.empty')}</p> : null}
        {d.entries.length > 0 ? (
          <ul className="plain-list library-list">
            {d.entries.map((e) => (
              <li key={`${e.type}:${e.id}`} className="library-item">
                <p>
                  <span className="badge badge--neutral">{t(`group.library.type.${e.type}`)}</span> <Link to={e.href}>{e.title}</Link>
                  <span className="meta"> · {e.organizationName}</span>
                </p>
                {e.note ? <p className="library-item__note">{e.note}</p> : null}
                <p className="meta">{t('group.library.addedBy', { name: e.addedBy ?? t('group.formerUser'), date: fmt(e.addedAt) })}</p>
                {e.canRemove ? (
                  <Form method="post">
                    <input type="hidden" name="contentType" value={e.type} />
                    <input type="hidden" name="contentId" value={e.id} />
                    <button type="submit" name="intent" value="remove" className="button button--small button--secondary">
                      {t('group.library.remove')}
                      <span className="visually-hidden"> {e.title}</span>
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
        {d.hidden > 0 ? <p className="meta library-hidden">{t('group.library.hidden', { count: d.hidden })}</p> : null}
      </section>

      <section aria-labelledby="library-published">
        <h2 id="library-published">{t('group.library.published')}</h2>
        {d.published.length === 0 ? (
          <p className="empty-state">{t('group.library.publishedEmpty')}</p>
        ) : (
          <ul className="plain-list library-list">
            {d.published.map((p) => (
              <li key={`${p.type}:${p.id}`}>
                <span className="badge badge--neutral">{t(`group.library.type.${p.type}`)}</span> <Link to={p.href}>{p.title}</Link>
                <span className="meta"> · {p.organizationName}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {d.can.add ? (
        <section aria-labelledby="library-add" className="panel">
          <h2 id="library-add">{t('group.library.add')}</h2>
          <ErrorSummary errors={errors} />
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="add" />
            <Field name="address" label="group.library.field.address" hint="group.library.field.addressHint" defaultValue={actionData?.values?.address} error={errors?.address} />
            <div className={`field${errors?.pick ? ' field--invalid' : ''}`}>
              <label htmlFor="field-pick">{t('group.library.field.pick')}</label>
              {errors?.pick ? (
                <p id="field-pick-error" className="field__error">
                  {t(errors.pick.key, errors.pick.params)}
                </p>
              ) : null}
              <select id="field-pick" name="pick" defaultValue={actionData?.values?.pick ?? ''} aria-describedby={errors?.pick ? 'field-pick-error' : undefined} aria-invalid={errors?.pick ? true : undefined}>
                <option value="">{t('group.library.field.pickNone')}</option>
                {d.choices.map((c) =>
                  c.options.length > 0 ? (
                    <optgroup key={c.type} label={t(`group.library.types.${c.type}`)}>
                      {c.options.map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </optgroup>
                  ) : null,
                )}
              </select>
            </div>
            <Field name="note" label="group.library.field.note" maxLength={LIBRARY_NOTE_MAX} defaultValue={actionData?.values?.note} error={errors?.note} />
            <button type="submit" className="button">
              {t('group.library.addSubmit')}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
