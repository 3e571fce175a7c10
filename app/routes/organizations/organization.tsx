import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { listPublishedInitiatives } from '#db/queries/initiatives.server.ts';
import { listPublishedLessons } from '#db/queries/lessons.server.ts';
import { findJoinRequest, listMembers } from '#db/queries/organizations.server.ts';
import { VISIBILITIES } from '#app/vocabulary.ts';
import { ConfirmEmailNotice } from '#app/components/confirm-email-notice.tsx';
import { Badge, ErrorSummary, Notice, TextAreaField } from '#app/components/ui.tsx';
import { notFound, requireUser } from '#app/context.server.ts';
import { useT } from '#app/i18n/use-t.ts';
import { directJoinRouteFor, joinDirectly } from '#app/organizations/domains.server.ts';
import { leaveOrganization, loadOrganization, requestToJoin, setOrganizationVerified } from '#app/organizations/organizations.server.ts';
import { canReadVisibility, needsEmailConfirmation } from '#app/policy.ts';
import { readForm } from '#app/http/form.server.ts';
import { FollowButton } from '#app/components/follow-button.tsx';
import { followButtonState } from '#app/follows/follows.server.ts';
import { DoneNotice, withDone } from '#app/components/done-notice.tsx';
import { COMMUNITY_DONE } from '#app/components/done-notice-community.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.org.name} – Samverka` : 'Samverka' },
  { name: 'description', content: data?.org.description ?? '' },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const loaded = await loadOrganization(context, params.slug ?? '');
  if (!loaded) notFound();
  const { org, can, membership } = loaded;
  const { db } = context.services;
  const actor = await context.actor();
  const visibilities = VISIBILITIES.filter((v) => canReadVisibility(actor, v));
  const [members, initiatives, lessons] = await Promise.all([
    listMembers(db, org.id),
    listPublishedInitiatives(db, { visibilities, organizationId: org.id, limit: 50 }),
    listPublishedLessons(db, { visibilities, organizationId: org.id, limit: 50 }),
  ]);
  const pendingRequest = context.auth && !membership ? Boolean(await findJoinRequest(db, org.id, context.auth.user.id)) : false;
  // One click, no request: an approved domain of theirs, or a provider configured for this organisation.
  const directJoin = membership ? null : await directJoinRouteFor(context, org);
  return {
    org: {
      name: org.name,
      slug: org.slug,
      sector: org.sector,
      orgNumber: org.orgNumber,
      description: org.description,
      website: org.website,
      verified: org.verifiedAt !== null,
      municipalityName: loaded.municipalityName,
    },
    memberCount: members.length,
    published: [
      ...initiatives.rows.map((i) => ({ href: `/insatser/${i.slug}`, title: i.title, kind: 'initiative' as const })),
      ...lessons.rows.map((l) => ({ href: `/lardomar/${l.slug}`, title: l.title, kind: 'lesson' as const })),
    ],
    // Who belongs is shown to fellow members; the public sees the count.
    members: membership ? members.map((m) => ({ name: m.name, role: m.role })) : [],
    role: membership?.role ?? null,
    pendingRequest,
    directJoin: directJoin ? (directJoin.via === 'domain' ? { via: 'domain' as const, domain: directJoin.domain } : { via: 'provider' as const }) : null,
    signedIn: context.auth !== null,
    follow: await followButtonState(context, { kind: 'organization', key: org.id }),
    // Where "ask to join" would be, an unconfirmed person is told to confirm first.
    unconfirmedEmail: !membership && needsEmailConfirmation(actor) ? context.auth!.user.email : null,
    can,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const loaded = await loadOrganization(context, params.slug ?? '');
  if (!loaded) notFound();
  const formData = await readForm(request);
  switch (formData.get('intent')) {
    case 'request-join': {
      const result = await requestToJoin(context, loaded, user.id, formData);
      if (!result.ok) return data({ errors: result.errors, notice: null }, { status: result.status });
      return { errors: undefined, notice: 'org.requestSent' as const };
    }
    case 'join-direct':
      await joinDirectly(context, loaded.org);
      return redirect(`/organisationer/${loaded.org.slug}?gick-med=1`);
    case 'leave': {
      const result = await leaveOrganization(context, loaded, user.id);
      if (!result.ok) return data({ errors: result.errors, notice: null }, { status: result.status });
      return redirect(withDone('/konto', 'left'));
    }
    case 'verify':
    case 'unverify':
      await setOrganizationVerified(context, loaded, user.id, formData.get('intent') === 'verify');
      return redirect(withDone(`/organisationer/${loaded.org.slug}`, formData.get('intent') === 'verify' ? 'orgVerified' : 'orgUnverified'));
    default:
      throw new Response('unknown intent', { status: 400 });
  }
}

export default function OrganizationPage() {
  const { org, memberCount, members, role, pendingRequest, directJoin, signedIn, unconfirmedEmail, can, published, follow } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [search] = useSearchParams();
  const t = useT();
  return (
    <div className="container page">
      <p className="eyebrow">{t(`sector.${org.sector}`)}</p>
      <h1>
        {org.name} {org.verified ? <Badge tone="success">{t('org.verified')}</Badge> : <Badge tone="warning">{t('org.unverified')}</Badge>}
      </h1>
      {org.description ? <p className="lead">{org.description}</p> : null}
      <FollowButton state={follow} name={org.name} />
      <dl className="facts">
        <div>
          <dt>{t('org.field.orgNumber')}</dt>
          <dd>{org.orgNumber}</dd>
        </div>
        {org.municipalityName ? (
          <div>
            <dt>{t('org.field.municipality')}</dt>
            <dd>{org.municipalityName}</dd>
          </div>
        ) : null}
        {org.website ? (
          <div>
            <dt>{t('org.field.website')}</dt>
            <dd>
              <a href={org.website} rel="noopener noreferrer nofollow">
                {org.website}
              </a>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t('org.members')}</dt>
          <dd>{t('org.memberCount', { count: memberCount })}</dd>
        </div>
      </dl>
      {!org.verified ? <Notice tone="warning">{t('org.unverifiedNote')}</Notice> : null}
      {actionData?.notice ? <Notice tone="success">{t(actionData.notice)}</Notice> : null}
      <DoneNotice messages={COMMUNITY_DONE} />
      {role && search.get('gick-med') === '1' ? <Notice tone="success">{t('org.joinDirect.done', { name: org.name })}</Notice> : null}
      <ErrorSummary errors={actionData?.errors} />

      <section aria-labelledby="published">
        <h2 id="published">{t('org.published')}</h2>
        {published.length === 0 ? <p>{t('org.publishedEmpty')}</p> : null}
        <ul className="plain-list">
          {published.map((p) => (
            <li key={p.href}>
              <Link to={p.href}>{p.title}</Link> <span className="meta">{t(p.kind === 'initiative' ? 'nav.initiatives' : 'nav.lessons')}</span>
            </li>
          ))}
        </ul>
      </section>

      {role ? (
        <section aria-labelledby="membership" className="panel">
          <h2 id="membership">{t('org.members')}</h2>
          <p>{t('org.youAre', { role: t(`role.${role}`) })}</p>
          <ul className="plain-list">
            {members.map((m) => (
              <li key={m.name + m.role}>
                {m.name} – {t(`role.${m.role}`)}
              </li>
            ))}
          </ul>
          <p className="actions">
            {can.manageMembers ? (
              <Link className="button button--secondary" to={`/organisationer/${org.slug}/medlemmar`}>
                {t('org.manage')}
              </Link>
            ) : null}
          </p>
          {can.leave ? (
            <Form method="post">
              <input type="hidden" name="intent" value="leave" />
              <button type="submit" className="button button--danger">
                {t('org.leave')}
              </button>
            </Form>
          ) : can.isLastAdmin ? (
            <p className="meta">{t('org.lastAdmin')}</p>
          ) : null}
        </section>
      ) : null}

      {directJoin ? (
        <section aria-labelledby="join-direct" className="panel">
          <h2 id="join-direct">{t('org.joinDirect.title')}</h2>
          <p>{directJoin.via === 'domain' ? t('org.joinDirect.domain', { domain: directJoin.domain, name: org.name }) : t('org.joinDirect.provider', { name: org.name })}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="join-direct" />
            <button type="submit" className="button">
              {t('org.joinDirect.button', { name: org.name })}
            </button>
          </Form>
        </section>
      ) : can.requestJoin ? (
        pendingRequest ? (
          <Notice>{t('org.requestPending')}</Notice>
        ) : (
          <section aria-labelledby="join" className="panel">
            <h2 id="join">{t('org.requestJoin')}</h2>
            <Form method="post" className="form">
              <input type="hidden" name="intent" value="request-join" />
              <TextAreaField name="message" label="org.requestJoinMessage" maxLength={1000} error={actionData?.errors?.message} />
              <button type="submit" className="button">
                {t('org.requestJoin')}
              </button>
            </Form>
          </section>
        )
      ) : null}
      {unconfirmedEmail ? <ConfirmEmailNotice email={unconfirmedEmail} /> : null}
      {!signedIn ? (
        <p>
          <Link to={`/logga-in?redirectTo=/organisationer/${org.slug}`}>{t('nav.signIn')}</Link>
        </p>
      ) : null}

      {can.verify || can.unverify ? (
        <Form method="post" className="panel">
          <input type="hidden" name="intent" value={can.verify ? 'verify' : 'unverify'} />
          <button type="submit" className="button button--secondary">
            {t(can.verify ? 'org.verify' : 'org.unverify')}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
