import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { signOut } from '#app/accounts/accounts.server.ts';
import { findProvider } from '#app/accounts/sso.server.ts';
import { discover, endSessionUrl } from '#app/auth/oidc.server.ts';
import { blankSessionCookie } from '#app/auth/session.server.ts';
import { readForm } from '#app/http/form.server.ts';

export async function action({ request, context }: ActionFunctionArgs) {
  await readForm(request); // a form post, nothing else: 415/400 before anything changes
  const ssoProviderId = context.auth?.session.ssoProviderId ?? null;
  const idToken = context.auth?.session.idToken ?? null;
  await signOut(context);
  // Signed in through a provider that offers RP-initiated logout: end the session there too, then back to the start page.
  const provider = ssoProviderId ? findProvider(context, ssoProviderId) : undefined;
  const config = provider ? await discover(provider) : null;
  const to = (config && endSessionUrl(config, `${context.services.config.publicUrl}/`, idToken)) ?? '/';
  return redirect(to, { headers: { 'Set-Cookie': blankSessionCookie(context.services.config.secureCookies) } });
}

export function loader() {
  return redirect('/');
}
