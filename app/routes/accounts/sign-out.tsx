import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { signOut } from '#app/accounts/accounts.server.ts';
import { blankSessionCookie } from '#app/auth/session.server.ts';
import { readForm } from '#app/http/form.server.ts';

export async function action({ request, context }: ActionFunctionArgs) {
  await readForm(request); // a form post, nothing else: 415/400 before anything changes
  await signOut(context);
  return redirect('/', { headers: { 'Set-Cookie': blankSessionCookie(context.services.config.secureCookies) } });
}

export function loader() {
  return redirect('/');
}
