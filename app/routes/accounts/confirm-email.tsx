import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { findUsableEmailConfirmationToken, findUserById } from '#db/queries/accounts.server.ts';
import { confirmEmail } from '#app/accounts/email.server.ts';
import { hashToken } from '#app/auth/tokens.server.ts';
import { Notice } from '#app/components/ui.tsx';
import { safeRedirectPath } from '#app/context.server.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { readForm } from '#app/http/form.server.ts';
import { SECRET_LINK_HEADERS } from '#app/http/secret-link.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'emailConfirm.confirmTitle') : ''} – Samverka` }];

// The token is in the path: keep it out of Referer headers.
const headers = SECRET_LINK_HEADERS;

/**
 * Opening the link shows a button; only pressing it (a POST) uses the link,
 * so a mail scanner that fetches links does not use it up.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const { db } = context.services;
  const found = await findUsableEmailConfirmationToken(db, hashToken(params.token ?? ''));
  const user = found ? await findUserById(db, found.userId) : undefined;
  if (!found || !user) return data({ locale: context.locale, link: null }, { status: 410, headers });
  return data({ locale: context.locale, link: { email: found.email, change: found.email !== user.email.toLowerCase() } }, { headers });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const result = await confirmEmail(context, params.token ?? '');
  if (!result.ok) return data({ reason: result.reason }, { status: result.reason === 'invalid' ? 410 : 409, headers });
  const to = safeRedirectPath(formData.get('redirectTo'), '/konto');
  // The account page says what happened; elsewhere (back to an invitation, say) the banner is simply gone.
  const done = to === '/konto' ? `/konto?epost=${result.changed ? 'bytt' : 'bekraftad'}` : to;
  return redirect(done, result.cookie ? { headers: { 'Set-Cookie': result.cookie } } : undefined);
}

export default function ConfirmEmail() {
  const { link } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [search] = useSearchParams();
  const t = useT();
  const failure = actionData?.reason ?? (link ? null : 'invalid');
  return (
    <div className="container page page--narrow">
      <h1>{t('emailConfirm.confirmTitle')}</h1>
      {failure ? (
        <>
          <Notice tone="warning">{t(failure === 'taken' ? 'emailConfirm.taken' : 'emailConfirm.invalid')}</Notice>
          <p>
            <Link to="/konto">{t('nav.account')}</Link>
          </p>
        </>
      ) : link ? (
        <>
          <p className="lead">{t(link.change ? 'emailConfirm.confirmChangeLead' : 'emailConfirm.confirmLead', { email: link.email })}</p>
          <Form method="post">
            <input type="hidden" name="redirectTo" value={search.get('redirectTo') ?? '/konto'} />
            <button type="submit" className="button">
              {t('emailConfirm.confirmSubmit')}
            </button>
          </Form>
        </>
      ) : null}
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
