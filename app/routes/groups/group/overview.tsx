import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import type { Sector } from '#app/vocabulary.ts';
import { RecentActivity } from '#app/components/group-activity.tsx';
import { Badge, ErrorSummary, Notice, SelectField, TextAreaField } from '#app/components/ui.tsx';
import { requireUser } from '#app/context.server.ts';
import { loadGroupAccess } from '#app/groups/access.server.ts';
import { loadOverview } from '#app/groups/groups.server.ts';
import { cancelJoinRequest, leaveGroup, requestToJoin } from '#app/groups/membership.server.ts';
import type { MessageKey } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { readForm } from '#app/http/form.server.ts';
import { withDone } from '#app/components/done-notice.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.group.name} – Samverka` : 'Samverka' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await loadGroupAccess(request, context, params.slug);
  return loadOverview(context, access);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const access = await loadGroupAccess(request, context, params.slug);
  const formData = await readForm(request);
  switch (formData.get('intent')) {
    case 'request-join': {
      const result = await requestToJoin(context, access, user, formData);
      if (!result.ok) return data({ errors: result.errors, notice: null }, { status: result.status });
      return { errors: undefined, notice: 'group.join.sent' as const };
    }
    case 'cancel-request':
      await cancelJoinRequest(context, access, user.id);
      return { errors: undefined, notice: 'group.join.cancelled' as const };
    case 'leave': {
      const result = await leaveGroup(context, access, user);
      if (!result.ok) return data({ errors: result.errors, notice: null }, { status: result.status });
      return redirect(withDone('/grupper', 'left'));
    }
    default:
      throw new Response('unknown intent', { status: 400 });
  }
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
type WithDetails = Extract<Loaded, { view: 'member' | 'visitor' }>;

export default function GroupPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  if (d.view === 'signed-out' || d.view === 'closed') {
    // The layout gives these readers the narrow page without the group's navigation.
    return (
      <>
        <p className="eyebrow">{t('group.eyebrow')}</p>
        <h1>{d.group.name}</h1>
        <ErrorSummary errors={actionData?.errors} />
        {d.view === 'closed' ? (
          <p className="lead">{t('group.closedNotice')}</p>
        ) : (
          <p className="lead">
            {t('group.signInToSee')} <Link to={`/logga-in?redirectTo=/grupper/${d.group.slug}`}>{t('nav.signIn')}</Link> ·{' '}
            <Link to={`/registrera?redirectTo=/grupper/${d.group.slug}`}>{t('nav.signUp')}</Link>
          </p>
        )}
      </>
    );
  }
  return (
    <>
      <GroupHeading group={d.group} />
      {actionData?.notice ? <Notice tone="success">{t(actionData.notice)}</Notice> : null}
      <ErrorSummary errors={actionData?.errors} />
      <div className="rich-text" dangerouslySetInnerHTML={{ __html: d.group.purposeHtml }} />
      {d.view === 'member' ? <MemberBlocks d={d} /> : null}
      <Representation organizations={d.organizations} sectors={d.sectors} />
      {d.view === 'visitor' ? <JoinPanel d={d} /> : null}
      {d.view === 'member' ? <LeavePanel canLeave={d.can.leave} isLastLead={d.can.isLastLead} /> : null}
    </>
  );
}

function GroupHeading({ group }: { group: WithDetails['group'] }) {
  const t = useT();
  return (
    <>
      <p className="eyebrow">{t('group.eyebrow')}</p>
      <h1>{group.name}</h1>
      <p className="meta">
        <Badge tone={group.openness === 'open' ? 'success' : 'neutral'}>{t(`group.openness.${group.openness}`)}</Badge>{' '}
        {group.areaName && group.areaCode ? (
          <>
            {t('group.areaPrefix')} <Link to={`/omraden/${group.areaCode}`}>{group.areaName}</Link>
          </>
        ) : (
          t('group.noArea')
        )}
      </p>
      {group.archived ? <Notice tone="warning">{t('group.archivedNotice')}</Notice> : null}
    </>
  );
}

const SECTIONS: { key: 'threads' | 'upcomingMeetings' | 'decisions' | 'openActionItems' | 'library'; path: string; title: MessageKey; count: MessageKey }[] = [
  { key: 'threads', path: '/diskussioner', title: 'group.nav.threads', count: 'group.section.threads' },
  { key: 'upcomingMeetings', path: '/moten', title: 'group.nav.meetings', count: 'group.section.meetings' },
  { key: 'decisions', path: '/beslut', title: 'group.nav.decisions', count: 'group.section.decisions' },
  { key: 'openActionItems', path: '/atgarder', title: 'group.nav.actions', count: 'group.section.actions' },
  { key: 'library', path: '/bibliotek', title: 'group.nav.library', count: 'group.section.library' },
];

function MemberBlocks({ d }: { d: Extract<Loaded, { view: 'member' }> }) {
  const t = useT();
  const base = `/grupper/${d.group.slug}`;
  return (
    <>
      {d.can.isLead ? (
        <p className="actions">
          <Link className="button button--secondary" to={`${base}/medlemmar`}>
            {d.pendingRequests > 0 ? t('group.manageMembersPending', { count: d.pendingRequests }) : t('group.manageMembers')}
          </Link>{' '}
          <Link className="button button--secondary" to={`${base}/installningar`}>
            {t('group.settings.title')}
          </Link>
        </p>
      ) : null}
      <section aria-labelledby="sections">
        <h2 id="sections">{t('group.sections')}</h2>
        <ul className="card-list group-sections">
          {SECTIONS.map((s) => (
            <li key={s.key} className="card">
              <h3>
                <Link to={`${base}${s.path}`}>{t(s.title)}</Link>
              </h3>
              <p className="meta">{t(s.count, { count: d.sections[s.key] })}</p>
            </li>
          ))}
        </ul>
      </section>
      <RecentActivity slug={d.group.slug} entries={d.recentActivity} />
    </>
  );
}

function Representation({ organizations, sectors }: { organizations: WithDetails['organizations']; sectors: { sector: Sector; organizations: number; members: number }[] }) {
  const t = useT();
  return (
    <section aria-labelledby="represented">
      <h2 id="represented">{t('group.represented')}</h2>
      <ul className="tag-list" aria-label={t('group.sectors')}>
        {sectors.map((s) => (
          <li key={s.sector} className="chip">
            {t(`sector.${s.sector}`)}: {t('group.sectorCount', { organizations: s.organizations, members: s.members })}
          </li>
        ))}
      </ul>
      <ul className="plain-list">
        {organizations.map((o) => (
          <li key={o.slug}>
            <Link to={`/organisationer/${o.slug}`}>{o.name}</Link> <span className="meta">{t(`sector.${o.sector}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function JoinPanel({ d }: { d: Extract<Loaded, { view: 'visitor' }> }) {
  const t = useT();
  const actionData = useActionData<typeof action>();
  return (
    <section aria-labelledby="join" className="panel">
      <h2 id="join">{t('group.join.title')}</h2>
      {d.join === 'pending' ? (
        <>
          <p>{t('group.join.pending')}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="cancel-request" />
            <button type="submit" className="button button--secondary">
              {t('group.join.cancel')}
            </button>
          </Form>
        </>
      ) : d.join === 'form' ? (
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="request-join" />
          <SelectField
            name="organizationId"
            label="group.field.organization"
            hint="group.field.organizationHint"
            required
            options={d.representable}
            placeholder={t('group.field.chooseOrganization')}
            defaultValue={d.representable.length === 1 ? d.representable[0]!.value : ''}
            error={actionData?.errors?.organizationId}
          />
          <TextAreaField name="message" label="group.join.message" maxLength={1000} error={actionData?.errors?.message} />
          <button type="submit" className="button">
            {t('group.join.submit')}
          </button>
        </Form>
      ) : d.join === 'archived' ? (
        <p>{t('group.join.archived')}</p>
      ) : (
        <p>
          {t('group.join.needsOrganization')} <Link to="/organisationer">{t('account.findOrganization')}</Link> ·{' '}
          <Link to="/organisationer/ny">{t('account.createOrganization')}</Link>
        </p>
      )}
    </section>
  );
}

function LeavePanel({ canLeave, isLastLead }: { canLeave: boolean; isLastLead: boolean }) {
  const t = useT();
  return (
    <section aria-labelledby="leave" className="panel">
      <h2 id="leave">{t('group.leave.title')}</h2>
      {canLeave ? (
        <Form method="post">
          <input type="hidden" name="intent" value="leave" />
          <button type="submit" className="button button--danger">
            {t('group.leave.submit')}
          </button>
        </Form>
      ) : isLastLead ? (
        <p>{t('error.group.lastLeadLeave')}</p>
      ) : null}
    </section>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
