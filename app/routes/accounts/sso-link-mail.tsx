import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { clearLinkCookie, confirmLinkMail, inspectLinkMail } from '#app/accounts/sso.server.ts';
import { Notice } from '#app/components/ui.tsx';
import { readForm } from '#app/http/form.server.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { SECRET_LINK_HEADERS } from '#app/http/secret-link.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? (data.state.kind === 'valid' ? translate(data.locale, 'sso.linkMail.title', { provider: data.state.provider[data.locale] }) : translate(data.locale, 'auth.signIn.title')) : ''} – Samverka` },
];

const statusOf = (kind: 'valid' | 'invalid' | 'wrongAccount') => (kind === 'valid' ? 200 : kind === 'invalid' ? 410 : 403);

/** The mailed link that links a provider to an existing account (issue 17): a page to confirm on, since mail scanners follow links. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const state = await inspectLinkMail(context, params.token ?? '');
  return data({ locale: context.locale, state }, { status: statusOf(state.kind), headers: SECRET_LINK_HEADERS });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await readForm(request);
  const result = await confirmLinkMail(context, params.token ?? '');
  if (!result.ok) return data({ state: result.state }, { status: statusOf(result.state) });
  const headers = new Headers({ 'Set-Cookie': result.cookie });
  headers.append('Set-Cookie', clearLinkCookie(context));
  return redirect('/konto?sso=kopplad', { headers });
}

export default function SsoLinkMail() {
  const { state } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const t = useT();
  const kind = failed?.state ?? state.kind;
  return (
    <div className="container page page--narrow">
      {kind === 'valid' && state.kind === 'valid' ? (
        <>
          <h1>{t('sso.linkMail.title', { provider: state.provider[t.locale] })}</h1>
          <p className="lead">{t('sso.linkMail.lead', { provider: state.provider[t.locale], email: state.email })}</p>
          <Form method="post">
            <button type="submit" className="button">
              {t('sso.linkMail.confirm')}
            </button>
          </Form>
        </>
      ) : (
        <>
          <h1>{t('auth.signIn.title')}</h1>
          <Notice tone="warning">{t(kind === 'wrongAccount' ? 'sso.linkMail.wrongAccount' : 'sso.linkMail.invalid')}</Notice>
          <p>
            <Link to="/logga-in">{t('sso.problem.back')}</Link>
          </p>
        </>
      )}
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
