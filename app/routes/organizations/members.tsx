import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { listJoinRequests, listMembers, listOpenInvitations } from '#db/queries/organizations.server.ts';
import { MEMBER_ROLES } from '#app/vocabulary.ts';
import { ErrorSummary, Field, Notice, SelectField } from '#app/components/ui.tsx';
import { assertAllowed, notFound, requireUser } from '#app/context.server.ts';
import { parseForm } from '#app/forms/validation.ts';
import { useT } from '#app/i18n/use-t.ts';
import { answerJoinRequest, changeMemberRole, inviteByEmail, loadOrganization, revokeInvitation, RoleForm } from '#app/organizations/organizations.server.ts';
import { readForm, requireUuid } from '#app/http/form.server.ts';

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
  const [members, requests, invitations] = await Promise.all([listMembers(db, loaded.org.id), listJoinRequests(db, loaded.org.id), listOpenInvitations(db, loaded.org.id)]);
  return {
    org: { name: loaded.org.name, slug: loaded.org.slug },
    selfId: user.id,
    members: members.map((m) => ({ userId: m.userId, name: m.name, email: m.email, role: m.role })),
    requests: requests.map((r) => ({ userId: r.userId, name: r.name, email: r.email, message: r.message })),
    invitations: invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt.toISOString() })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, loaded } = await loadManaged(request, context, params.slug);
  const formData = await readForm(request);
  const intent = formData.get('intent');
  const target = String(formData.get('userId') ?? '');
  // These intents name a person or invitation by id: a missing or malformed one is a bad request, not a query.
  if (intent === 'approve' || intent === 'decline' || intent === 'role' || intent === 'remove') requireUuid(target, 'userId');
  if (intent === 'revoke') requireUuid(formData.get('invitationId'), 'invitationId');
  switch (intent) {
    case 'approve':
    case 'decline':
      await answerJoinRequest(context, loaded, user.id, target, formData.get('intent') === 'approve');
      return { errors: undefined, invitedEmail: null };
    case 'invite': {
      const result = await inviteByEmail(context, loaded, user, formData);
      if (!result.ok) return data({ errors: result.errors, invitedEmail: null }, { status: result.status });
      return { errors: undefined, invitedEmail: result.email };
    }
    case 'revoke':
      await revokeInvitation(context, loaded, user.id, String(formData.get('invitationId') ?? ''));
      return { errors: undefined, invitedEmail: null };
    case 'role': {
      const form = parseForm(RoleForm, formData);
      if (!form.ok) return data({ errors: form.errors, invitedEmail: null }, { status: 400 });
      const result = await changeMemberRole(context, loaded, user.id, target, form.data.role);
      if (!result.ok) return data({ errors: result.errors, invitedEmail: null }, { status: result.status });
      return { errors: undefined, invitedEmail: null };
    }
    case 'remove': {
      const result = await changeMemberRole(context, loaded, user.id, target, 'removed');
      if (!result.ok) return data({ errors: result.errors, invitedEmail: null }, { status: result.status });
      return { errors: undefined, invitedEmail: null };
    }
    default:
      throw new Response('unknown intent', { status: 400 });
  }
}

export default function OrganizationMembers() {
  const { org, members, requests, invitations, selfId } = useLoaderData<typeof loader>();
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
      <ErrorSummary errors={actionData?.errors} />
      {actionData?.invitedEmail ? <Notice tone="success">{t('org.inviteSent', { email: actionData.invitedEmail })}</Notice> : null}

      <section aria-labelledby="requests" className="panel">
        <h2 id="requests">{t('org.requests')}</h2>
        {requests.length === 0 ? <p>{t('org.noRequests')}</p> : null}
        <ul className="plain-list">
          {requests.map((r) => (
            <li key={r.userId} className="row">
              <span>
                <strong>{r.name}</strong> ({r.email}){r.message ? <> – „{r.message}”</> : null}
              </span>
              <Form method="post" className="inline-form">
                <input type="hidden" name="userId" value={r.userId} />
                <button type="submit" name="intent" value="approve" className="button button--small">
                  {t('org.approve')}
                </button>
                <button type="submit" name="intent" value="decline" className="button button--small button--secondary">
                  {t('org.decline')}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="members" className="panel">
        <h2 id="members">{t('org.members')}</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('auth.field.name')}</th>
              <th scope="col">{t('auth.field.email')}</th>
              <th scope="col">{t('org.role')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('org.remove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId}>
                <td>{m.name}</td>
                <td>{m.email}</td>
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="userId" value={m.userId} />
                    <input type="hidden" name="intent" value="role" />
                    <label className="visually-hidden" htmlFor={`role-${m.userId}`}>
                      {t('org.role')}: {m.name}
                    </label>
                    <select id={`role-${m.userId}`} name="role" defaultValue={m.role}>
                      {MEMBER_ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t(`role.${r}`)}
                        </option>
                      ))}
                    </select>
                    <button type="submit" className="button button--small button--secondary">
                      {t('org.changeRole')}
                    </button>
                  </Form>
                </td>
                <td>
                  {m.userId === selfId ? null : (
                    <Form method="post">
                      <input type="hidden" name="userId" value={m.userId} />
                      <button type="submit" name="intent" value="remove" className="button button--small button--danger">
                        {t('org.remove')}
                        <span className="visually-hidden"> {m.name}</span>
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
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
        {invitations.length > 0 ? (
          <>
            <h3>{t('org.invitations')}</h3>
            <ul className="plain-list">
              {invitations.map((i) => (
                <li key={i.id} className="row">
                  <span>
                    {i.email} – {t(`role.${i.role}`)}
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
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
