import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { signUp } from '#app/accounts/accounts.server.ts';
import { providerButtons } from '#app/accounts/sso.server.ts';
import { SsoButtons } from '#app/components/sso.tsx';
import { Field, ErrorSummary } from '#app/components/ui.tsx';
import { useT } from '#app/i18n/use-t.ts';
import { translate } from '#app/i18n/index.ts';
import { readForm } from '#app/http/form.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'auth.signUp.title') : ''} – Samverka` }];

export async function loader({ context }: LoaderFunctionArgs) {
  if (context.auth) throw redirect('/konto');
  return { locale: context.locale, providers: await providerButtons(context) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const result = await signUp(context, formData);
  if (!result.ok) {
    return data({ errors: result.errors, values: { name: String(formData.get('name') ?? ''), email: String(formData.get('email') ?? '') } }, { status: result.status });
  }
  // The same answer whether or not the address already had an account: no cookie, "check your inbox".
  return redirect('/registrera/skickat');
}

export default function SignUp() {
  const { providers } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const errors = actionData?.errors;
  return (
    <div className="container page page--narrow">
      <h1>{t('auth.signUp.title')}</h1>
      <p className="lead">{t('auth.signUp.lead')}</p>
      <SsoButtons providers={providers} redirectTo={params.get('redirectTo') ?? '/konto'} then="signUp" />
      <ErrorSummary errors={errors} />
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/konto'} />
        <Field name="name" label="auth.field.name" autoComplete="name" required maxLength={120} error={errors?.name} defaultValue={actionData?.values.name} />
        <Field name="email" label="auth.field.email" type="email" autoComplete="email" required error={errors?.email} defaultValue={actionData?.values.email} />
        <Field name="password" label="auth.field.password" type="password" autoComplete="new-password" required hint="auth.field.passwordHint" error={errors?.password} />
        <button type="submit" className="button">
          {t('auth.signUp.submit')}
        </button>
      </Form>
      <p>
        {t('auth.signUp.haveAccount')} <Link to="/logga-in">{t('nav.signIn')}</Link>
      </p>
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
