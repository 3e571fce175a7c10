import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { eq } from 'drizzle-orm';
import { users } from '#db/schema/index.server.ts';
import { safeRedirectPath } from '#app/context.server.ts';
import { isLocale, LOCALE_COOKIE } from '#app/i18n/index.ts';
import { readForm } from '#app/http/form.server.ts';

/** The language switch: remembered in a cookie for a year, and on the account so mail follows it. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const lang = form.get('lang');
  if (!isLocale(lang)) throw new Response('unknown language', { status: 400 });
  if (context.auth) await context.services.db.update(users).set({ locale: lang }).where(eq(users.id, context.auth.user.id));
  const secure = context.services.config.secureCookies ? '; Secure' : '';
  return redirect(safeRedirectPath(form.get('redirectTo')), {
    headers: { 'Set-Cookie': `${LOCALE_COOKIE}=${lang}; Path=/; Max-Age=31536000; SameSite=Lax${secure}` },
  });
}

export function loader() {
  return redirect('/');
}
