import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { clearStateCookie, findProvider, finishSso, SSO_STATE_COOKIE, ssoCallbackPath } from '#app/accounts/sso.server.ts';
import { SsoProblem } from '#app/components/sso.tsx';
import { parseCookies } from '#app/context.server.ts';
import { notFound } from '#app/http/guards.server.ts';
import { pathKey } from '#app/http/form.server.ts';
import { translate } from '#app/i18n/index.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'sso.problem.title', { provider: data.provider[data.locale] }) : ''} – Samverka` }];

/** Where the provider sends the browser back: signs in, links, asks for the password first, or explains what went wrong. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const provider = findProvider(context, pathKey(params.provider)) ?? notFound('no such sign-in provider');
  // The URL the provider redirected to, as registered there (behind a proxy the request's own URL may differ).
  const callbackUrl = new URL(ssoCallbackPath(provider.id) + new URL(request.url).search, context.services.config.publicUrl);
  const outcome = await finishSso(context, provider, callbackUrl, parseCookies(request.headers.get('cookie'))[SSO_STATE_COOKIE]);
  const headers = new Headers({ 'Set-Cookie': clearStateCookie(context) });
  switch (outcome.kind) {
    case 'signedIn':
      headers.append('Set-Cookie', outcome.cookie);
      return redirect(outcome.redirectTo, { headers });
    case 'linked':
      return redirect('/konto?sso=kopplad', { headers });
    case 'pendingLink':
      headers.append('Set-Cookie', outcome.cookie);
      return redirect('/logga-in?sso=koppla', { headers });
    case 'failed':
      return data(
        { locale: context.locale, failure: outcome.failure, provider: provider.label, linking: outcome.linking },
        { status: outcome.failure === 'unavailable' ? 502 : outcome.failure === 'badState' ? 400 : 403, headers },
      );
  }
}

export default function SsoCallback() {
  const problem = useLoaderData<typeof loader>();
  return <SsoProblem failure={problem.failure} provider={problem.provider} linking={problem.linking} />;
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
