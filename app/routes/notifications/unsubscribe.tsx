import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { findUnsubscribeToken } from '#db/queries/notifications.server.ts';
import type { NotificationKind } from '#app/vocabulary.ts';
import { hashToken } from '#app/auth/tokens.server.ts';
import { Notice } from '#app/components/ui.tsx';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { unsubscribeWithToken } from '#app/notifications/unsubscribe.server.ts';
import { readForm } from '#app/http/form.server.ts';
import { SECRET_LINK_HEADERS } from '#app/http/secret-link.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'unsubscribe.title') : ''} – Samverka` }];

// The token is in the URL: keep it out of Referer headers and search engines.
const headers = { ...SECRET_LINK_HEADERS, 'X-Robots-Tag': 'noindex' };

/**
 * Shows what the link would turn off and asks to confirm. Changes nothing:
 * mail scanners follow links in mail, and a GET must not unsubscribe anyone.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const found = await findUnsubscribeToken(context.services.db, hashToken(params.token ?? ''));
  if (!found) return data({ locale: context.locale, link: null }, { status: 410, headers });
  return data({ locale: context.locale, link: { kind: found.kind, email: found.email } }, { headers });
}

/**
 * Turns the mail off: both the confirm button below and an RFC 8058 one-click
 * POST (`List-Unsubscribe=One-Click`, sent by mail providers from their own
 * servers, see the CSRF exemption in app/server/http.server.ts) land here.
 * The token alone decides; no session is needed or used. Tokens are single use.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  // RFC 8058: the provider's POST is a form body (List-Unsubscribe=One-Click); so is the confirm button's.
  await readForm(request);
  const done = await unsubscribeWithToken(context.services.db, params.token ?? '');
  if (!done) return data({ result: 'invalid' as const, kind: null }, { status: 410, headers });
  // An explicit 200: without it the page's status would come from the loader, which (the token now used up) says 410.
  return data({ result: 'done' as const, kind: done.kind }, { status: 200, headers });
}

export default function Unsubscribe() {
  const { link } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const kindLabel = (kind: NotificationKind) => t(`notificationKind.${kind}`);
  let body;
  if (actionData?.result === 'done') {
    body = (
      <>
        <Notice tone="success">{actionData.kind ? t('unsubscribe.doneKind', { kind: kindLabel(actionData.kind) }) : t('unsubscribe.doneAll')}</Notice>
        <p>
          <Link to="/konto/aviseringar">{t('unsubscribe.settings')}</Link>
        </p>
      </>
    );
  } else if (!link || actionData?.result === 'invalid') {
    body = (
      <>
        <Notice tone="warning">{t('unsubscribe.invalid')}</Notice>
        <p>
          <Link to="/konto/aviseringar">{t('unsubscribe.settings')}</Link>
        </p>
      </>
    );
  } else {
    body = (
      <>
        <p className="lead">{link.kind ? t('unsubscribe.confirmKind', { kind: kindLabel(link.kind) }) : t('unsubscribe.confirmAll')}</p>
        <p>{t('unsubscribe.account', { email: link.email })}</p>
        <Form method="post">
          <button type="submit" className="button">
            {t('unsubscribe.button')}
          </button>
        </Form>
      </>
    );
  }
  return (
    <div className="container page page--narrow">
      <h1>{t('unsubscribe.title')}</h1>
      {body}
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
