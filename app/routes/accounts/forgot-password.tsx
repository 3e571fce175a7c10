import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData } from '@remix-run/react';
import { requestPasswordReset } from '#app/accounts/accounts.server.ts';
import { ErrorSummary, Field, Notice } from '#app/components/ui.tsx';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { readForm } from '#app/http/form.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'auth.forgot.title') : ''} – Samverka` }];

export function loader({ context }: LoaderFunctionArgs) {
  return { locale: context.locale };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const result = await requestPasswordReset(context, await readForm(request));
  if (!result.ok) return data({ errors: result.errors, sentTo: null }, { status: result.status });
  return { errors: undefined, sentTo: result.email };
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="container page page--narrow">
      <h1>{t('auth.forgot.title')}</h1>
      {actionData?.sentTo ? (
        <Notice tone="success">{t('auth.forgot.sent', { email: actionData.sentTo })}</Notice>
      ) : (
        <>
          <p className="lead">{t('auth.forgot.lead')}</p>
          <ErrorSummary errors={actionData?.errors} />
          <Form method="post" className="form" noValidate>
            <Field name="email" label="auth.field.email" type="email" autoComplete="email" required error={actionData?.errors?.email} />
            <button type="submit" className="button">
              {t('auth.forgot.submit')}
            </button>
          </Form>
        </>
      )}
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
