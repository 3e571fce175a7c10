import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { savedPreferences, savePreferences } from '#db/queries/notifications.server.ts';
import { NOTIFICATION_DELIVERIES, NOTIFICATION_KINDS, type NotificationDelivery, type NotificationKind } from '#app/vocabulary.ts';
import { ErrorSummary, Notice } from '#app/components/ui.tsx';
import { requireUser } from '#app/context.server.ts';
import { parseForm, type FieldError } from '#app/forms/validation.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { effectiveDeliveries, isNotificationKind } from '#app/notifications/preferences.ts';
import { readForm } from '#app/http/form.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'notificationSettings.title') : ''} – Samverka` }];

const deliveryChoice = z.enum(NOTIFICATION_DELIVERIES, { errorMap: () => ({ message: 'error.notification.delivery' }) });
/** One delivery per kind, every kind required (each radio group always has one checked). */
const PreferencesSchema = z.object(Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, deliveryChoice])) as Record<NotificationKind, typeof deliveryChoice>);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const saved = await savedPreferences(context.services.db, user.id);
  return { locale: context.locale, deliveries: effectiveDeliveries(saved) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const formData = await readForm(request);
  // A field that is no kind at all is not a mistake a person can make in this form.
  const unknown = [...formData.keys()].find((name) => !isNotificationKind(name));
  if (unknown !== undefined) throw new Response(`unknown notification kind: ${unknown.slice(0, 40)}`, { status: 400 });
  const parsed = parseForm(PreferencesSchema, formData);
  if (!parsed.ok) return data({ errors: parsed.errors, saved: false }, { status: 400 });
  await savePreferences(context.services.db, user.id, parsed.data);
  return { errors: undefined, saved: true };
}

export default function NotificationSettings() {
  const { deliveries } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="container page page--narrow">
      <p>
        <Link to="/konto">← {t('notificationSettings.back')}</Link>
      </p>
      <h1>{t('notificationSettings.title')}</h1>
      <p className="lead">{t('notificationSettings.lead')}</p>
      <p>{t('notificationSettings.digestTimes')}</p>
      {actionData?.saved ? <Notice tone="success">{t('notificationSettings.saved')}</Notice> : null}
      <ErrorSummary errors={actionData?.errors} />
      <Form method="post" className="form" noValidate>
        {NOTIFICATION_KINDS.map((kind) => (
          <DeliveryChoice key={kind} kind={kind} current={deliveries[kind]} error={actionData?.errors?.[kind]} />
        ))}
        <button type="submit" className="button">
          {t('notificationSettings.save')}
        </button>
      </Form>
    </div>
  );
}

/** One kind's radio group: fieldset and legend name the kind, the hint says what it covers. */
function DeliveryChoice({ kind, current, error }: { kind: NotificationKind; current: NotificationDelivery; error?: FieldError }) {
  const t = useT();
  const id = `field-${kind}`;
  const describedBy = [`${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <fieldset id={id} className={`field choice-group delivery-choice${error ? ' field--invalid' : ''}`} aria-describedby={describedBy}>
      <legend>{t(`notificationKind.${kind}`)}</legend>
      <p id={`${id}-hint`} className="field__hint">
        {t(`notificationKind.${kind}.hint`)}
      </p>
      {error ? (
        <p id={`${id}-error`} className="field__error">
          {t(error.key, error.params)}
        </p>
      ) : null}
      <div className="choice-group__options delivery-choice__options">
        {NOTIFICATION_DELIVERIES.map((delivery) => (
          <label key={delivery} className="choice">
            <input type="radio" name={kind} value={delivery} defaultChecked={current === delivery} />
            <span>{t(`notificationDelivery.${delivery}`)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
