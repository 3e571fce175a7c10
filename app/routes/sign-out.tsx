import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { signOut } from '../accounts.server.ts';
import { blankSessionCookie } from '../auth/session.server.ts';

export async function action({ context }: ActionFunctionArgs) {
  await signOut(context);
  return redirect('/', { headers: { 'Set-Cookie': blankSessionCookie(context.services.config.secureCookies) } });
}

export function loader() {
  return redirect('/');
}
