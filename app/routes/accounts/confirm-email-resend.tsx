import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { resendConfirmation } from '#app/accounts/email.server.ts';
import { ErrorSummary, Notice } from '#app/components/ui.tsx';
import { requireUser, safeRedirectPath } from '#app/context.server.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { needsEmailConfirmation } from '#app/policy.ts';
import { readForm } from '#app/http/form.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'emailConfirm.title') : ''} – Samverka` }];

/** "Confirm your address": what it is for, and the button that sends the link again. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  return { locale: context.locale, email: user.email, confirmed: !needsEmailConfirmation(await context.actor()) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const formData = await readForm(request);
  const result = await resendConfirmation(context, user.id);
  const back = safeRedirectPath(formData.get('redirectTo'), '/konto');
  if (!result.ok) return data({ sent: false, alreadyConfirmed: false, errors: result.errors, back }, { status: result.status });
  return { sent: !result.alreadyConfirmed, alreadyConfirmed: result.alreadyConfirmed, errors: undefined, back };
}

export default function ConfirmEmailResend() {
  const { email, confirmed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="container page page--narrow">
      <h1>{t('emailConfirm.title')}</h1>
      {actionData?.sent ? <Notice tone="success">{t('emailConfirm.sent', { email })}</Notice> : null}
      <ErrorSummary errors={actionData?.errors} />
      {confirmed || actionData?.alreadyConfirmed ? (
        <Notice tone="success">{t('emailConfirm.alreadyConfirmed')}</Notice>
      ) : (
        <>
          <p className="lead">{t('emailConfirm.lead')}</p>
          <p>{t('emailConfirm.required', { email })}</p>
          <Form method="post">
            <button type="submit" className="button">
              {t('emailConfirm.resend')}
            </button>
          </Form>
        </>
      )}
      <p>
        <Link to={actionData?.back ?? '/konto'}>{t('emailConfirm.back')}</Link>
      </p>
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
