import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { countUserSessions } from '#db/queries/accounts.server.ts';
import { listUserOrganizations } from '#db/queries/organizations.server.ts';
import { changePassword, signOutEverywhere } from '#app/accounts/accounts.server.ts';
import { exportStatus } from '#app/accounts/personal-data.server.ts';
import { changeName, requestEmailChange } from '#app/accounts/email.server.ts';
import { deletionProof, hasPassword, linkedIdentities, unlinkIdentity } from '#app/accounts/sso.server.ts';
import { directJoinOffers } from '#app/organizations/domains.server.ts';
import { blankSessionCookie } from '#app/auth/session.server.ts';
import { PersonalDataSection } from '#app/components/personal-data-section.tsx';
import { LinkedSignIns } from '#app/components/sso.tsx';
import { Badge, ErrorSummary, Field, Notice } from '#app/components/ui.tsx';
import { requireSession, requireUser } from '#app/context.server.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { readForm, requireUuid } from '#app/http/form.server.ts';
import { DoneNotice } from '#app/components/done-notice.tsx';
import { COMMUNITY_DONE } from '#app/components/done-notice-community.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'account.title') : ''} – Samverka` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const { db } = context.services;
  const [organizations, sessionCount, personalData, identities, withPassword] = await Promise.all([
    listUserOrganizations(db, user.id),
    countUserSessions(db, user.id),
    exportStatus(db, user.id),
    linkedIdentities(context, user.id),
    hasPassword(db, user.id),
  ]);
  const [proof, joinOffers] = await Promise.all([deletionProof(context), directJoinOffers(context)]);
  const sso = {
    identities: identities.map((i) => ({ id: i.id, providerId: i.providerId, label: i.label, email: i.email, linkedAt: i.linkedAt.toISOString(), lastUsedAt: i.lastUsedAt?.toISOString() ?? null })),
    providers: context.services.config.OIDC_PROVIDERS.map((p) => ({ id: p.id, label: p.label })),
    hasPassword: withPassword,
  };
  return {
    locale: context.locale,
    user: { name: user.name, email: user.email, emailConfirmed: user.emailVerifiedAt !== null },
    organizations,
    joinOffers: joinOffers.map((o) => ({ slug: o.slug, name: o.name })),
    sessionCount,
    personalData,
    sso,
    proof,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = requireSession(request, context);
  const formData = await readForm(request);
  switch (formData.get('intent')) {
    case 'change-password': {
      const result = await changePassword(context, formData);
      if (!result.ok) return data({ intent: 'change-password' as const, errors: result.errors, passwordChanged: false }, { status: result.status });
      return { intent: 'change-password' as const, errors: undefined, passwordChanged: true };
    }
    case 'change-name': {
      const result = await changeName(context, user.id, formData);
      if (!result.ok) return data({ intent: 'change-name' as const, errors: result.errors, nameChanged: false }, { status: result.status });
      return { intent: 'change-name' as const, errors: undefined, nameChanged: true };
    }
    case 'change-email': {
      const result = await requestEmailChange(context, user.id, formData);
      if (!result.ok) return data({ intent: 'change-email' as const, errors: result.errors, emailChangeSentTo: null }, { status: result.status });
      return { intent: 'change-email' as const, errors: undefined, emailChangeSentTo: result.email };
    }
    case 'sso-unlink': {
      const result = await unlinkIdentity(context, requireUuid(formData.get('identityId'), 'identityId'));
      if (result === 'notFound') throw new Response('no such linked sign-in', { status: 404 });
      return data({ intent: 'sso-unlink' as const, errors: undefined, unlink: result }, { status: result === 'lastWayIn' ? 409 : 200 });
    }
    case 'sign-out-everywhere':
      await signOutEverywhere(context, user.id);
      return redirect('/', { headers: { 'Set-Cookie': blankSessionCookie(context.services.config.secureCookies) } });
    default:
      throw new Response('unknown intent', { status: 400 });
  }
}

export default function Account() {
  const { user, organizations, joinOffers, sessionCount, personalData, sso, proof } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [search] = useSearchParams();
  const t = useT();
  // Each form shows only its own answer.
  const answer = <I extends string>(intent: I) => (actionData?.intent === intent ? (actionData as Extract<typeof actionData, { intent: I }>) : undefined);
  const nameAnswer = answer('change-name');
  const emailAnswer = answer('change-email');
  const passwordAnswer = answer('change-password');
  return (
    <div className="container page">
      <h1>{t('account.title')}</h1>
      <DoneNotice messages={COMMUNITY_DONE} />
      {search.get('epost') === 'bekraftad' ? <Notice tone="success">{t('emailConfirm.done')}</Notice> : null}
      {search.get('epost') === 'bytt' ? <Notice tone="success">{t('emailConfirm.changed', { email: user.email })}</Notice> : null}
      {search.get('sso') === 'kopplad' ? <Notice tone="success">{t('sso.account.linkedNotice')}</Notice> : null}
      <p className="lead">
        {t('account.signedInAs', { name: user.name, email: user.email })}{' '}
        {user.emailConfirmed ? null : <Badge tone="warning">{t('account.emailUnconfirmed')}</Badge>}
      </p>

      <section aria-labelledby="my-orgs">
        <h2 id="my-orgs">{t('account.organizations')}</h2>
        {organizations.length === 0 ? <p>{t('account.noOrganizations')}</p> : null}
        <ul className="card-list">
          {organizations.map((o) => (
            <li key={o.slug} className="card">
              <Link to={`/organisationer/${o.slug}`}>{o.name}</Link>
              <p className="meta">
                {t(`role.${o.role}`)} {o.verified ? <Badge tone="success">{t('org.verified')}</Badge> : <Badge tone="warning">{t('org.unverified')}</Badge>}
              </p>
            </li>
          ))}
        </ul>
        {joinOffers.length ? (
          <>
            <h3>{t('account.joinOffers')}</h3>
            <ul className="card-list">
              {joinOffers.map((o) => (
                <li key={o.slug} className="card">
                  <Form method="post" action={`/organisationer/${o.slug}`}>
                    <input type="hidden" name="intent" value="join-direct" />
                    <button type="submit" className="button">
                      {t('org.joinDirect.button', { name: o.name })}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p className="actions">
          <Link className="button button--secondary" to="/organisationer/ny">
            {t('account.createOrganization')}
          </Link>
          <Link to="/organisationer">{t('account.findOrganization')}</Link>
        </p>
      </section>

      <section aria-labelledby="notification-mail" className="panel">
        <h2 id="notification-mail">{t('account.notifications')}</h2>
        <p>{t('account.notificationsLead')}</p>
        <p>
          <Link to="/konto/aviseringar">{t('account.notificationsLink')}</Link>
        </p>
      </section>

      <section aria-labelledby="follows" className="panel">
        <h2 id="follows">{t('account.follows')}</h2>
        <p>{t('account.followsLead')}</p>
        <p>
          <Link to="/konto/foljer">{t('account.follows')}</Link>
        </p>
      </section>

      <section aria-labelledby="api-tokens" className="panel">
        <h2 id="api-tokens">{t('apiTokens.title')}</h2>
        <p>{t('apiTokens.lead')}</p>
        <p>
          <Link to="/konto/api-nycklar">{t('apiTokens.accountLink')}</Link>
        </p>
      </section>
      {sso.providers.length > 0 || sso.identities.length > 0 ? <LinkedSignIns {...sso} unlink={answer('sso-unlink')?.unlink ?? null} /> : null}

      <section aria-labelledby="change-name" className="panel">
        <h2 id="change-name">{t('account.changeName')}</h2>
        <p>{t('account.changeNameLead')}</p>
        {nameAnswer?.nameChanged ? <Notice tone="success">{t('account.nameChanged')}</Notice> : null}
        <ErrorSummary errors={nameAnswer?.errors} />
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="change-name" />
          <Field name="name" label="auth.field.name" autoComplete="name" required maxLength={120} error={nameAnswer?.errors?.name} defaultValue={user.name} />
          <button type="submit" className="button">
            {t('account.changeName')}
          </button>
        </Form>
      </section>

      <section aria-labelledby="change-email" className="panel">
        <h2 id="change-email">{t('account.changeEmail')}</h2>
        <p>{t('account.changeEmailLead')}</p>
        {emailAnswer?.emailChangeSentTo ? <Notice tone="success">{t('account.emailChangeSent', { email: emailAnswer.emailChangeSentTo })}</Notice> : null}
        <ErrorSummary errors={emailAnswer?.errors} fieldIds={{ password: 'field-email-change-password' }} />
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="change-email" />
          <Field name="email" label="account.field.newEmail" type="email" autoComplete="email" required error={emailAnswer?.errors?.email} />
          {/* Named "password", not "currentPassword": the password form below has that field, and ids come from names. */}
          <Field name="password" id="field-email-change-password" label="auth.field.currentPassword" type="password" autoComplete="current-password" required error={emailAnswer?.errors?.password} />
          <button type="submit" className="button">
            {t('account.changeEmail')}
          </button>
        </Form>
      </section>

      <section aria-labelledby="change-password" className="panel">
        <h2 id="change-password">{t('account.changePassword')}</h2>
        <p>{t('account.changePasswordLead')}</p>
        {passwordAnswer?.passwordChanged ? <Notice tone="success">{t('account.passwordChanged')}</Notice> : null}
        <ErrorSummary errors={passwordAnswer?.errors} />
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="change-password" />
          <Field name="currentPassword" label="auth.field.currentPassword" type="password" autoComplete="current-password" required error={passwordAnswer?.errors?.currentPassword} />
          <Field name="newPassword" label="auth.field.newPassword" type="password" autoComplete="new-password" required hint="auth.field.passwordHint" error={passwordAnswer?.errors?.newPassword} />
          <button type="submit" className="button">
            {t('account.changePassword')}
          </button>
        </Form>
      </section>

      <section aria-labelledby="sign-out-everywhere" className="panel">
        <h2 id="sign-out-everywhere">{t('account.signOutEverywhere')}</h2>
        <p>{t('account.sessions', { count: sessionCount })}</p>
        <p>{t('account.signOutEverywhereLead')}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="sign-out-everywhere" />
          <button type="submit" className="button button--secondary">
            {t('account.signOutEverywhere')}
          </button>
        </Form>
      </section>

      <PersonalDataSection status={personalData} proof={proof} />
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
