import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { listJoinRequests, listMembers, listOpenInvitations } from '#db/queries/organizations.server.ts';
import { MEMBER_ROLES } from '#app/vocabulary.ts';
import { JoinRequestList, MemberTable, PendingInvitations } from '#app/components/member-table.tsx';
import { Badge, ErrorSummary, Field, Notice, SelectField } from '#app/components/ui.tsx';
import { assertAllowed, notFound, requireUser } from '#app/context.server.ts';
import { parseForm } from '#app/forms/validation.ts';
import { useT } from '#app/i18n/use-t.ts';
import { claimDomain, listOrganizationDomains } from '#app/organizations/domains.server.ts';
import { answerJoinRequest, changeMemberRole, inviteByEmail, loadOrganization, revokeInvitation, RoleForm } from '#app/organizations/organizations.server.ts';
import { readForm, requireUuid } from '#app/http/form.server.ts';
import { DoneNotice, withDone } from '#app/components/done-notice.tsx';
import { COMMUNITY_DONE } from '#app/components/done-notice-community.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.org.name} – Samverka` : 'Samverka' }];

async function loadManaged(request: Request, context: LoaderFunctionArgs['context'], slug: string | undefined) {
  const user = requireUser(request, context);
  const loaded = await loadOrganization(context, slug ?? '');
  if (!loaded) notFound();
  assertAllowed(loaded.can.manageMembers);
  return { user, loaded };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, loaded } = await loadManaged(request, context, params.slug);
  const { db } = context.services;
  const [members, requests, invitations, domains] = await Promise.all([
    listMembers(db, loaded.org.id),
    listJoinRequests(db, loaded.org.id),
    listOpenInvitations(db, loaded.org.id),
    listOrganizationDomains(context, loaded.org.id),
  ]);
  return {
    org: { name: loaded.org.name, slug: loaded.org.slug },
    selfId: user.id,
    members: members.map((m) => ({ userId: m.userId, name: m.name, email: m.email, role: m.role })),
    requests: requests.map((r) => ({ userId: r.userId, name: r.name, email: r.email, message: r.message })),
    invitations: invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt.toISOString() })),
    domains: domains.map((d) => ({ id: d.id, domain: d.domain, status: d.status })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, loaded } = await loadManaged(request, context, params.slug);
  const formData = await readForm(request);
  const intent = formData.get('intent');
  const target = String(formData.get('userId') ?? '');
  // A change to the list answers with the list again (post/redirect/get: its forms start empty), saying what was done.
  const here = new URL(request.url).pathname;
  // These intents name a person or invitation by id: a missing or malformed one is a bad request, not a query.
  if (intent === 'approve' || intent === 'decline' || intent === 'role' || intent === 'remove') requireUuid(target, 'userId');
  if (intent === 'revoke') requireUuid(formData.get('invitationId'), 'invitationId');
  switch (intent) {
    case 'approve':
    case 'decline':
      await answerJoinRequest(context, loaded, user.id, target, formData.get('intent') === 'approve');
      return redirect(withDone(here, formData.get('intent') === 'approve' ? 'requestApproved' : 'requestDeclined'));
    case 'claim-domain': {
      const result = await claimDomain(context, loaded.org, user.id, formData);
      if (!result.ok) return data({ errors: result.errors, invitedEmail: null }, { status: result.status });
      return { errors: undefined, invitedEmail: null, claimedDomain: result.domain };
    }
    case 'invite': {
      const result = await inviteByEmail(context, loaded, user, formData);
      if (!result.ok) return data({ errors: result.errors, invitedEmail: null }, { status: result.status });
      return { errors: undefined, invitedEmail: result.email };
    }
    case 'revoke':
      await revokeInvitation(context, loaded, user.id, String(formData.get('invitationId') ?? ''));
      return redirect(withDone(here, 'invitationRevoked'));
    case 'role': {
      const form = parseForm(RoleForm, formData);
      if (!form.ok) return data({ errors: form.errors, invitedEmail: null }, { status: 400 });
      const result = await changeMemberRole(context, loaded, user.id, target, form.data.role);
      if (!result.ok) return data({ errors: result.errors, invitedEmail: null }, { status: result.status });
      return redirect(withDone(here, 'roleChanged'));
    }
    case 'remove': {
      const result = await changeMemberRole(context, loaded, user.id, target, 'removed');
      if (!result.ok) return data({ errors: result.errors, invitedEmail: null }, { status: result.status });
      return redirect(withDone(here, 'memberRemoved'));
    }
    default:
      throw new Response('unknown intent', { status: 400 });
  }
}

export default function OrganizationMembers() {
  const { org, members, requests, invitations, selfId, domains } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="container page">
      <p>
        <Link to={`/organisationer/${org.slug}`}>← {t('org.back')}</Link>
      </p>
      <h1>
        {t('org.manage')}: {org.name}
      </h1>
      <DoneNotice messages={COMMUNITY_DONE} />
      <ErrorSummary errors={actionData?.errors} />
      {actionData?.invitedEmail ? <Notice tone="success">{t('org.inviteSent', { email: actionData.invitedEmail })}</Notice> : null}

      <section aria-labelledby="requests" className="panel">
        <h2 id="requests">{t('org.requests')}</h2>
        {requests.length === 0 ? <p>{t('org.noRequests')}</p> : null}
        <JoinRequestList requests={requests} approveLabel={t('org.approve')} reject={{ intent: 'decline', label: t('org.decline') }} />
      </section>

      <section aria-labelledby="members" className="panel">
        <h2 id="members">{t('org.members')}</h2>
        <MemberTable
          caption={`${t('org.members')}: ${org.name}`}
          members={members}
          roles={MEMBER_ROLES}
          roleLabel={(r) => t(`role.${r}`)}
          before={[{ header: t('auth.field.email'), cell: (m) => m.email }]}
          manage
          selfId={selfId}
        />
      </section>

      <section aria-labelledby="invite" className="panel">
        <h2 id="invite">{t('org.invite')}</h2>
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="invite" />
          <Field name="email" label="auth.field.email" type="email" required error={actionData?.errors?.email} />
          <SelectField name="role" label="org.role" options={MEMBER_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} defaultValue="member" error={actionData?.errors?.role} />
          <button type="submit" className="button">
            {t('org.inviteSubmit')}
          </button>
        </Form>
        <PendingInvitations title={t('org.invitations')} invitations={invitations.map((i) => ({ id: i.id, email: i.email, detail: t(`role.${i.role}`) }))} />
      </section>

      <section aria-labelledby="domains" className="panel">
        <h2 id="domains">{t('org.domains.title')}</h2>
        <p>{t('org.domains.lead')}</p>
        {actionData && 'claimedDomain' in actionData && actionData.claimedDomain ? <Notice tone="success">{t('org.domains.claimed', { domain: actionData.claimedDomain })}</Notice> : null}
        {domains.length === 0 ? <p>{t('org.domains.none')}</p> : null}
        <ul className="plain-list">
          {domains.map((d) => (
            <li key={d.id}>
              <strong>{d.domain}</strong> <Badge tone={d.status === 'approved' ? 'success' : d.status === 'pending' ? 'warning' : 'neutral'}>{t(`org.domains.status.${d.status}`)}</Badge>
            </li>
          ))}
        </ul>
        {/* Keyed on the claim just made, so the field is empty again after it. */}
        <Form method="post" className="form" noValidate key={actionData && 'claimedDomain' in actionData ? actionData.claimedDomain : 'claim'}>
          <input type="hidden" name="intent" value="claim-domain" />
          <Field name="domain" label="org.domains.field" required autoComplete="off" error={actionData?.errors?.domain} />
          <button type="submit" className="button button--secondary">
            {t('org.domains.claim')}
          </button>
        </Form>
      </section>
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
