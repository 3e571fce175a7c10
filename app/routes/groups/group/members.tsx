import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { GROUP_ROLES } from '#app/vocabulary.ts';
import { JoinRequestList, MemberTable, PendingInvitations } from '#app/components/member-table.tsx';
import { ErrorSummary, Field, Notice } from '#app/components/ui.tsx';
import { requireUser } from '#app/context.server.ts';
import { parseForm } from '#app/forms/validation.ts';
import { requireGroupContent } from '#app/groups/access.server.ts';
import { answerJoinRequest, changeMemberRole, GroupRoleForm, inviteToGroup, loadMembersPage, revokeInvitation } from '#app/groups/membership.server.ts';
import { formatNumericDate } from '#app/i18n/format.ts';
import { useT } from '#app/i18n/use-t.ts';
import { readForm, requireUuid } from '#app/http/form.server.ts';
import { withDone } from '#app/components/done-notice.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.group.name} – Samverka` : 'Samverka' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requireGroupContent(request, context, params.slug);
  return { ...(await loadMembersPage(context, access)), selfId: context.auth!.user.id, locale: context.locale };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const access = await requireGroupContent(request, context, params.slug);
  const formData = await readForm(request);
  const intent = formData.get('intent');
  const target = String(formData.get('userId') ?? '');
  // A change to the list answers with the list again (post/redirect/get: its forms start empty), saying what was done.
  const here = new URL(request.url).pathname;
  // These intents name a person or invitation by id: a missing or malformed one is a bad request, not a query.
  if (intent === 'approve' || intent === 'reject' || intent === 'role' || intent === 'remove') requireUuid(target, 'userId');
  if (intent === 'revoke') requireUuid(formData.get('invitationId'), 'invitationId');
  switch (intent) {
    case 'approve':
    case 'reject': {
      const result = await answerJoinRequest(context, access, user.id, target, formData.get('intent') === 'approve');
      if (!result.ok) return data({ errors: result.errors, invitedEmail: null }, { status: result.status });
      return redirect(withDone(here, formData.get('intent') === 'approve' ? 'requestApproved' : 'requestDeclined'));
    }
    case 'invite': {
      const result = await inviteToGroup(context, access, user, formData);
      if (!result.ok) return data({ errors: result.errors, invitedEmail: null }, { status: result.status });
      return { errors: undefined, invitedEmail: result.email };
    }
    case 'revoke':
      await revokeInvitation(context, access, user.id, String(formData.get('invitationId') ?? ''));
      return redirect(withDone(here, 'invitationRevoked'));
    case 'role': {
      const form = parseForm(GroupRoleForm, formData);
      if (!form.ok) return data({ errors: form.errors, invitedEmail: null }, { status: 400 });
      const result = await changeMemberRole(context, access, user.id, target, form.data.role);
      if (!result.ok) return data({ errors: result.errors, invitedEmail: null }, { status: result.status });
      return redirect(withDone(here, 'roleChanged'));
    }
    case 'remove': {
      const result = await changeMemberRole(context, access, user.id, target, 'removed');
      if (!result.ok) return data({ errors: result.errors, invitedEmail: null }, { status: result.status });
      return redirect(withDone(here, 'memberRemoved'));
    }
    default:
      throw new Response('unknown intent', { status: 400 });
  }
}

export default function GroupMembers() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const date = (iso: string) => formatNumericDate(iso, d.locale);
  const manage = d.can.manage;
  return (
    <>
      <h1>{t('group.members.title', { name: d.group.name })}</h1>
      {d.group.archived ? <Notice tone="warning">{t('group.archivedNotice')}</Notice> : null}
      <ErrorSummary errors={actionData?.errors} />
      {actionData?.invitedEmail ? <Notice tone="success">{t('group.invite.sent', { email: actionData.invitedEmail })}</Notice> : null}

      {manage ? (
        <section aria-labelledby="requests" className="panel">
          <h2 id="requests">{t('group.requests.title')}</h2>
          {d.requests.length === 0 ? <p>{t('group.requests.none')}</p> : null}
          <JoinRequestList
            requests={d.requests.map((r) => ({ ...r, detail: `${r.organizationName}, ${t(`sector.${r.sector}`)}` }))}
            approveLabel={t('group.requests.approve')}
            reject={{ intent: 'reject', label: t('group.requests.reject') }}
          />
        </section>
      ) : null}

      <section aria-labelledby="members">
        <h2 id="members">{t('group.members.list')}</h2>
        <MemberTable
          caption={t('group.members.title', { name: d.group.name })}
          members={d.members}
          roles={GROUP_ROLES}
          roleLabel={(r) => t(`group.role.${r}`)}
          nameDetail={(m) => m.email}
          before={[
            { header: t('group.members.organization'), cell: (m) => m.organizationName },
            { header: t('org.field.sector'), cell: (m) => t(`sector.${m.sector}`) },
          ]}
          after={[{ header: t('group.members.joined'), cell: (m) => date(m.joinedAt) }]}
          manage={manage}
          selfId={d.selfId}
        />
      </section>

      {d.can.invite ? (
        <section aria-labelledby="invite" className="panel">
          <h2 id="invite">{t('group.invite.title')}</h2>
          <p>{t('group.invite.lead')}</p>
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="invite" />
            <Field name="email" label="auth.field.email" type="email" required error={actionData?.errors?.email} />
            <button type="submit" className="button">
              {t('group.invite.submit')}
            </button>
          </Form>
          <PendingInvitations
            title={t('group.invite.pending')}
            invitations={d.invitations.map((i) => ({ id: i.id, email: i.email, detail: t('group.invite.expires', { date: date(i.expiresAt) }) }))}
          />
        </section>
      ) : null}
    </>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
