import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { signIn } from '#app/accounts/accounts.server.ts';
import { clearLinkCookie, completePendingLink, findProvider, pendingLink, providerButtons, requestLinkMail, SSO_LINK_COOKIE } from '#app/accounts/sso.server.ts';
import { SsoButtons } from '#app/components/sso.tsx';
import { ErrorSummary, Field, Notice } from '#app/components/ui.tsx';
import { parseCookies, safeRedirectPath } from '#app/context.server.ts';
import { fieldError, type FieldErrors } from '#app/forms/validation.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { readForm } from '#app/http/form.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'auth.signIn.title') : ''} – Samverka` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (context.auth) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get('redirectTo'), '/konto'));
  // A provider identity whose address has an account here waits for this password sign-in (see accounts/sso.server.ts).
  const pending = await pendingLink(context, parseCookies(request.headers.get('cookie'))[SSO_LINK_COOKIE]);
  const pendingProvider = pending ? findProvider(context, pending.providerId) : undefined;
  return {
    locale: context.locale,
    providers: await providerButtons(context),
    pendingLink: pending && pendingProvider ? { email: pending.email, provider: pendingProvider.label } : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  if (formData.get('intent') === 'sso-link-mail') {
    // No password to give (or rather not): the link goes to the account's own address instead.
    const sentTo = await requestLinkMail(context, parseCookies(request.headers.get('cookie'))[SSO_LINK_COOKIE]);
    if (!sentTo) return data({ errors: { form: fieldError('sso.linkMail.invalid') } as FieldErrors, email: '', linkMailSentTo: null }, { status: 410 });
    return { errors: undefined, email: '', linkMailSentTo: sentTo };
  }
  const result = await signIn(context, formData);
  if (!result.ok) {
    const errors = 'throttledMinutes' in result ? { form: fieldError('auth.signIn.throttled', { minutes: result.throttledMinutes }) } : result.errors;
    return data({ errors, email: String(formData.get('email') ?? ''), linkMailSentTo: null }, { status: result.status });
  }
  const headers = new Headers({ 'Set-Cookie': result.cookie });
  const linkToken = parseCookies(request.headers.get('cookie'))[SSO_LINK_COOKIE];
  if (linkToken) {
    await completePendingLink(context, result.userId, linkToken);
    headers.append('Set-Cookie', clearLinkCookie(context));
  }
  return redirect(safeRedirectPath(formData.get('redirectTo'), '/'), { headers });
}

export default function SignIn() {
  const { providers, pendingLink } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const errors = actionData?.errors;
  return (
    <div className="container page page--narrow">
      <h1>{t('auth.signIn.title')}</h1>
      {pendingLink ? <Notice>{t('sso.pendingLink', { email: pendingLink.email, provider: pendingLink.provider[t.locale] })}</Notice> : <SsoButtons providers={providers} redirectTo={params.get('redirectTo') ?? '/'} then="signIn" />}
      {actionData?.linkMailSentTo ? <Notice tone="success">{t('sso.pendingLinkMailSent', { email: actionData.linkMailSentTo })}</Notice> : null}
      {pendingLink && !actionData?.linkMailSentTo ? (
        <Form method="post" className="panel">
          <p>{t('sso.pendingLinkMail', { email: pendingLink.email })}</p>
          <input type="hidden" name="intent" value="sso-link-mail" />
          <button type="submit" className="button button--secondary">
            {t('sso.pendingLinkMailButton')}
          </button>
        </Form>
      ) : null}
      <ErrorSummary errors={errors} />
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/'} />
        <Field name="email" label="auth.field.email" type="email" autoComplete="email" required error={errors?.email} defaultValue={actionData?.email ?? pendingLink?.email} />
        <Field name="password" label="auth.field.password" type="password" autoComplete="current-password" required error={errors?.password} />
        <button type="submit" className="button">
          {t('auth.signIn.submit')}
        </button>
      </Form>
      <p>
        <Link to="/glomt-losenord">{t('auth.signIn.forgot')}</Link>
      </p>
      <p>
        {t('auth.signIn.noAccount')} <Link to="/registrera">{t('nav.signUp')}</Link>
      </p>
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
