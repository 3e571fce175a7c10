import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { findUsablePasswordResetToken } from '#db/queries/accounts.server.ts';
import { resetPassword } from '#app/accounts/accounts.server.ts';
import { hashToken } from '#app/auth/tokens.server.ts';
import { ErrorSummary, Field, Notice } from '#app/components/ui.tsx';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { readForm } from '#app/http/form.server.ts';
import { SECRET_LINK_HEADERS } from '#app/http/secret-link.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'auth.reset.title') : ''} – Samverka` }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const usable = await findUsablePasswordResetToken(context.services.db, hashToken(params.token ?? ''));
  // 410 Gone: the link existed once, or never; either way it cannot be used now.
  return data({ locale: context.locale, valid: Boolean(usable) }, { status: usable ? 200 : 410, headers: SECRET_LINK_HEADERS });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const result = await resetPassword(context, params.token ?? '', await readForm(request));
  if (!result.ok) return data({ errors: result.errors, invalidToken: 'invalidToken' in result }, { status: result.status });
  return redirect('/konto', { headers: { 'Set-Cookie': result.cookie } });
}

export default function ResetPassword() {
  const { valid } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  if (!valid || actionData?.invalidToken) {
    return (
      <div className="container page page--narrow">
        <h1>{t('auth.reset.title')}</h1>
        <Notice tone="warning">{t('auth.reset.invalid')}</Notice>
        <p>
          <Link to="/glomt-losenord">{t('auth.reset.requestNew')}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="container page page--narrow">
      <h1>{t('auth.reset.title')}</h1>
      <ErrorSummary errors={actionData?.errors} />
      <Form method="post" className="form" noValidate>
        <Field name="password" label="auth.field.newPassword" type="password" autoComplete="new-password" required hint="auth.field.passwordHint" error={actionData?.errors?.password} />
        <button type="submit" className="button">
          {t('auth.reset.submit')}
        </button>
      </Form>
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
