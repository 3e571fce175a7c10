import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { GROUP_ROLES } from '#app/vocabulary.ts';
import { GroupNav } from '#app/components/group-nav.tsx';
import { ErrorSummary, Field, Notice } from '#app/components/ui.tsx';
import { requireUser } from '#app/context.server.ts';
import { parseForm } from '#app/forms/validation.ts';
import { requireGroupContent } from '#app/groups/access.server.ts';
import { answerJoinRequest, changeMemberRole, GroupRoleForm, inviteToGroup, loadMembersPage, revokeInvitation } from '#app/groups/membership.server.ts';
import { formatNumericDate } from '#app/i18n/format.ts';
import { useT } from '#app/i18n/use-t.ts';
import { readForm, requireUuid } from '#app/http/form.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.group.name} – Samverka` : 'Samverka' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requireGroupContent(request, context, params.slug ?? '');
  return { ...(await loadMembersPage(context, access)), selfId: context.auth!.user.id, locale: context.locale };
}

const done = { errors: undefined, invitedEmail: null };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const access = await requireGroupContent(request, context, params.slug ?? '');
  const formData = await readForm(request);
  const intent = formData.get('intent');
  const target = String(formData.get('userId') ?? '');
  // These intents name a person or invitation by id: a missing or malformed one is a bad request, not a query.
  if (intent === 'approve' || intent === 'reject' || intent === 'role' || intent === 'remove') requireUuid(target, 'userId');
  if (intent === 'revoke') requireUuid(formData.get('invitationId'), 'invitationId');
  switch (intent) {
    case 'approve':
    case 'reject': {
      const result = await answerJoinRequest(context, access, user.id, target, formData.get('intent') === 'approve');
      if (!result.ok) return data({ errors: result.errors, invitedEmail: null }, { status: result.status });
      return done;
    }
    case 'invite': {
      const result = await inviteToGroup(context, access, user, formData);
      if (!result.ok) return data({ errors: result.errors, invitedEmail: null }, { status: result.status });
      return { errors: undefined, invitedEmail: result.email };
    }
    case 'revoke':
      await revokeInvitation(context, access, user.id, String(formData.get('invitationId') ?? ''));
      return done;
    case 'role': {
      const form = parseForm(GroupRoleForm, formData);
      if (!form.ok) return data({ errors: form.errors, invitedEmail: null }, { status: 400 });
      const result = await changeMemberRole(context, access, user.id, target, form.data.role);
      if (!result.ok) return data({ errors: result.errors, invitedEmail: null }, { status: result.status });
      return done;
    }
    case 'remove': {
      const result = await changeMemberRole(context, access, user.id, target, 'removed');
      if (!result.ok) return data({ errors: result.errors, invitedEmail: null }, { status: result.status });
      return done;
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
    <div className="container page">
      <GroupNav slug={d.group.slug} name={d.group.name} />
      <h1>{t('group.members.title', { name: d.group.name })}</h1>
      {d.group.archived ? <Notice tone="warning">{t('group.archivedNotice')}</Notice> : null}
      <ErrorSummary errors={actionData?.errors} />
      {actionData?.invitedEmail ? <Notice tone="success">{t('group.invite.sent', { email: actionData.invitedEmail })}</Notice> : null}

      {manage ? (
        <section aria-labelledby="requests" className="panel">
          <h2 id="requests">{t('group.requests.title')}</h2>
          {d.requests.length === 0 ? <p>{t('group.requests.none')}</p> : null}
          <ul className="plain-list">
            {d.requests.map((r) => (
              <li key={r.userId} className="row">
                <span>
                  <strong>{r.name}</strong> ({r.email}) – {r.organizationName}, {t(`sector.${r.sector}`)}
                  {r.message ? <> – „{r.message}”</> : null}
                </span>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="userId" value={r.userId} />
                  <button type="submit" name="intent" value="approve" className="button button--small">
                    {t('group.requests.approve')}
                    <span className="visually-hidden"> {r.name}</span>
                  </button>
                  <button type="submit" name="intent" value="reject" className="button button--small button--secondary">
                    {t('group.requests.reject')}
                    <span className="visually-hidden"> {r.name}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="members">
        <h2 id="members">{t('group.members.list')}</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('auth.field.name')}</th>
              <th scope="col">{t('group.members.organization')}</th>
              <th scope="col">{t('org.field.sector')}</th>
              <th scope="col">{t('org.role')}</th>
              <th scope="col">{t('group.members.joined')}</th>
              {manage ? (
                <th scope="col">
                  <span className="visually-hidden">{t('org.remove')}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {d.members.map((m) => (
              <tr key={m.userId}>
                <td>
                  {m.name}
                  {m.email ? <span className="meta"> {m.email}</span> : null}
                </td>
                <td>{m.organizationName}</td>
                <td>{t(`sector.${m.sector}`)}</td>
                <td>
                  {manage ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="userId" value={m.userId} />
                      <input type="hidden" name="intent" value="role" />
                      <label className="visually-hidden" htmlFor={`role-${m.userId}`}>
                        {t('org.role')}: {m.name}
                      </label>
                      <select id={`role-${m.userId}`} name="role" defaultValue={m.role}>
                        {GROUP_ROLES.map((r) => (
                          <option key={r} value={r}>
                            {t(`group.role.${r}`)}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className="button button--small button--secondary">
                        {t('org.changeRole')}
                        <span className="visually-hidden"> {m.name}</span>
                      </button>
                    </Form>
                  ) : (
                    t(`group.role.${m.role}`)
                  )}
                </td>
                <td>{date(m.joinedAt)}</td>
                {manage ? (
                  <td>
                    {m.userId === d.selfId ? null : (
                      <Form method="post">
                        <input type="hidden" name="userId" value={m.userId} />
                        <button type="submit" name="intent" value="remove" className="button button--small button--danger">
                          {t('org.remove')}
                          <span className="visually-hidden"> {m.name}</span>
                        </button>
                      </Form>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
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
          {d.invitations.length > 0 ? (
            <>
              <h3>{t('group.invite.pending')}</h3>
              <ul className="plain-list">
                {d.invitations.map((i) => (
                  <li key={i.id} className="row">
                    <span>
                      {i.email} – {t('group.invite.expires', { date: date(i.expiresAt) })}
                    </span>
                    <Form method="post">
                      <input type="hidden" name="invitationId" value={i.id} />
                      <button type="submit" name="intent" value="revoke" className="button button--small button--secondary">
                        {t('org.revoke')}
                        <span className="visually-hidden"> {i.email}</span>
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
