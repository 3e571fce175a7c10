import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { findUsableInvitation } from '#db/queries/organizations.server.ts';
import { hashToken } from '#app/auth/tokens.server.ts';
import { ConfirmEmailNotice } from '#app/components/confirm-email-notice.tsx';
import { Notice } from '#app/components/ui.tsx';
import { requireUser } from '#app/context.server.ts';
import { useT } from '#app/i18n/use-t.ts';
import { acceptInvitation } from '#app/organizations/organizations.server.ts';
import { needsEmailConfirmation } from '#app/policy.ts';
import { readForm } from '#app/http/form.server.ts';
import { withDone } from '#app/components/done-notice.tsx';
import { SECRET_LINK_HEADERS } from '#app/http/secret-link.ts';

export const meta: MetaFunction = () => [{ title: 'Samverka' }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const found = await findUsableInvitation(context.services.db, hashToken(params.token ?? ''));
  const headers = SECRET_LINK_HEADERS;
  if (!found) return data({ invitation: null, signedInEmail: null, emailUnconfirmed: false }, { status: 410, headers });
  return data(
    {
      invitation: { org: found.organization.name, role: found.invitation.role, email: found.invitation.email },
      signedInEmail: context.auth?.user.email ?? null,
      emailUnconfirmed: needsEmailConfirmation(await context.actor()),
    },
    { headers },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  await readForm(request);
  const result = await acceptInvitation(context, user, params.token ?? '');
  if (!result.ok) return data({ reason: result.reason }, { status: result.reason === 'invalid' ? 410 : 403 });
  return redirect(withDone(`/organisationer/${result.slug}`, 'joined'));
}

export default function InvitationPage() {
  const { invitation, signedInEmail, emailUnconfirmed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const here = encodeURIComponent(useLocation().pathname);
  if (!invitation || actionData?.reason === 'invalid') {
    return (
      <div className="container page page--narrow">
        <Notice tone="warning">{t('invite.invalid')}</Notice>
      </div>
    );
  }
  const role = t(`role.${invitation.role}`);
  return (
    <div className="container page page--narrow">
      <h1>{t('invite.title', { org: invitation.org })}</h1>
      <p className="lead">{t('invite.lead', { org: invitation.org, role })}</p>
      {signedInEmail === null ? (
        <p>
          {t('invite.signInFirst', { email: invitation.email })}{' '}
          <Link to={`/logga-in?redirectTo=${here}`}>{t('nav.signIn')}</Link> ·{' '}
          <Link to={`/registrera?redirectTo=${here}`}>{t('nav.signUp')}</Link>
        </p>
      ) : emailUnconfirmed || actionData?.reason === 'email-unconfirmed' ? (
        <ConfirmEmailNotice email={signedInEmail} text={t('invite.emailUnconfirmed')} />
      ) : signedInEmail.toLowerCase() !== invitation.email.toLowerCase() || actionData?.reason === 'wrong-account' ? (
        <Notice tone="warning">{t('invite.wrongAccount', { email: invitation.email })}</Notice>
      ) : (
        <Form method="post">
          <button type="submit" className="button">
            {t('invite.accept')}
          </button>
        </Form>
      )}
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
