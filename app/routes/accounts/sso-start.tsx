import { data, redirect, type ActionFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useActionData } from '@remix-run/react';
import { findProvider, startSso } from '#app/accounts/sso.server.ts';
import { SsoProblem } from '#app/components/sso.tsx';
import { requireUser, safeRedirectPath } from '#app/context.server.ts';
import { notFound } from '#app/http/guards.server.ts';
import { pathKey, readForm } from '#app/http/form.server.ts';
import { translate } from '#app/i18n/index.ts';

export const meta: MetaFunction<typeof action> = ({ data }) => [{ title: `${data ? translate(data.locale, 'sso.problem.title', { provider: data.provider[data.locale] }) : ''} – Samverka` }];

/** Starts single sign-on (or, with `link`, linking a provider to the signed-in account): a form post, then off to the provider. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const provider = findProvider(context, pathKey(params.provider)) ?? notFound('no such sign-in provider');
  const formData = await readForm(request);
  const linking = formData.get('link') === '1';
  const linkUserId = linking ? requireUser(request, context).id : null;
  const redirectTo = linking ? '/konto' : safeRedirectPath(formData.get('redirectTo'), '/');
  const started = await startSso(context, provider, { redirectTo, linkUserId });
  if (!started.ok) return data({ locale: context.locale, failure: started.failure, provider: provider.label, linking }, { status: 503 });
  return redirect(started.url, { headers: { 'Set-Cookie': started.cookie } });
}

export function loader() {
  return redirect('/logga-in');
}

export default function SsoStart() {
  const problem = useActionData<typeof action>();
  return problem ? <SsoProblem failure={problem.failure} provider={problem.provider} linking={problem.linking} /> : null;
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
