import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { ErrorSummary, Notice } from '#app/components/ui.tsx';
import { RepresentingField } from '#app/components/representing-field.tsx';
import { requireUser } from '#app/context.server.ts';
import { acceptInvitation, INVITATION_STATUS, loadInvitation, type InvitationState } from '#app/groups/membership.server.ts';
import type { MessageKey } from '#app/i18n/index.ts';
import { ConfirmEmailNotice } from '#app/components/confirm-email-notice.tsx';
import { useT } from '#app/i18n/use-t.ts';
import { readForm } from '#app/http/form.server.ts';
import { withDone } from '#app/components/done-notice.tsx';
import { SECRET_LINK_HEADERS } from '#app/http/secret-link.ts';

export const meta: MetaFunction = () => [{ title: 'Samverka' }];

// The token is in the URL: keep it out of Referer headers to other sites.
const headers = SECRET_LINK_HEADERS;

export async function loader({ params, context }: LoaderFunctionArgs) {
  const view = await loadInvitation(context, params.token ?? '');
  return data(view, { status: INVITATION_STATUS[view.state], headers });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const result = await acceptInvitation(context, user, params.token ?? '', await readForm(request));
  if (!result.ok) return data({ state: result.state, errors: result.errors }, { status: result.status, headers });
  return redirect(withDone(`/grupper/${result.slug}`, 'joined'));
}

/** The message for each state in which the invitation cannot be accepted (as it stands). */
const MESSAGES: Partial<Record<InvitationState, MessageKey>> = {
  unknown: 'group.invitation.unknown',
  used: 'group.invitation.used',
  expired: 'group.invitation.expired',
  revoked: 'group.invitation.revoked',
  archived: 'group.invitation.archived',
  'wrong-account': 'group.invitation.wrongAccount',
  'already-member': 'group.invitation.alreadyMember',
};

export default function GroupInvitationPage() {
  const { state: loadedState, invitation, organizations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const here = encodeURIComponent(useLocation().pathname);
  const state = actionData?.state ?? loadedState;
  const params = { group: invitation?.groupName ?? '', email: invitation?.email ?? '', inviter: invitation?.inviterName ?? t('group.invitation.someone') };
  const message = MESSAGES[state];
  return (
    <div className="container page page--narrow">
      <h1>{invitation ? t('group.invitation.title', params) : t('group.invitation.titleUnknown')}</h1>
      {invitation && (state === 'ready' || state === 'signed-out' || state === 'no-organization') ? <p className="lead">{t('group.invitation.lead', params)}</p> : null}
      {message ? (
        <Notice tone="warning">
          {t(message, params)}{' '}
          {state === 'already-member' && invitation ? <Link to={`/grupper/${invitation.groupSlug}`}>{t('group.invitation.toGroup')}</Link> : null}
        </Notice>
      ) : null}
      {state === 'email-unconfirmed' ? <ConfirmEmailNotice email={invitation?.email ?? ''} text={t('group.invitation.emailUnconfirmed')} /> : null}
      {state === 'signed-out' ? (
        <p>
          {t('group.invitation.signInFirst', params)} <Link to={`/logga-in?redirectTo=${here}`}>{t('nav.signIn')}</Link> ·{' '}
          <Link to={`/registrera?redirectTo=${here}`}>{t('nav.signUp')}</Link>
        </p>
      ) : null}
      {state === 'no-organization' ? (
        <Notice tone="warning">
          {t('group.invitation.noOrganization')} <Link to="/organisationer">{t('account.findOrganization')}</Link> ·{' '}
          <Link to="/organisationer/ny">{t('account.createOrganization')}</Link>
        </Notice>
      ) : null}
      {state === 'ready' ? (
        <Form method="post" className="form" noValidate>
          <ErrorSummary errors={actionData?.errors} />
          <RepresentingField organizations={organizations} error={actionData?.errors?.organizationId} />
          <button type="submit" className="button">
            {t('group.invitation.accept')}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
