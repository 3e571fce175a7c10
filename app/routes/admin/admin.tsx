import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { countJobs, enqueueJob, latestJob, listFailedJobs, retryJob } from '#db/queries/jobs.server.ts';
import { listUnverifiedOrganizations } from '#db/queries/organizations.server.ts';
import { SEARCH_REINDEX_JOB, SEARCH_SYNC_JOB } from '#search/outbox.server.ts';
import { recordAudit } from '#db/queries/audit.server.ts';
import { moderationQueue } from '#app/comments/moderation.server.ts';
import { adminDeleteAccount } from '#app/accounts/personal-data.server.ts';
import { ErrorSummary, Field, Notice } from '#app/components/ui.tsx';
import { DoneNotice, withDone } from '#app/components/done-notice.tsx';
import { ADMIN_DONE } from '#app/components/done-notice-admin.ts';
import { SsoButtons, type SsoButton } from '#app/components/sso.tsx';
import { assertAllowed, requireUser } from '#app/context.server.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { canAdministerPlatform } from '#app/policy.ts';
import { readForm, requireUuid, requireWholeNumber } from '#app/http/form.server.ts';
import { forbidden, notFound } from '#app/http/guards.server.ts';
import { discover } from '#app/auth/oidc.server.ts';
import { decideDomainClaim, listPendingDomainClaims } from '#app/organizations/domains.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, data.kind === 'assurance' ? 'admin.assurance.title' : 'admin.title') : ''} – Samverka` }];

async function requireAdmin(request: Request, context: LoaderFunctionArgs['context']) {
  const user = requireUser(request, context);
  const actor = await context.actor();
  // A platform admin signed in below ADMIN_MIN_ACR: the policy withholds the powers; the page says how to get them.
  if (actor.adminAssuranceShort) forbidden('platform administration needs a sign-in at the assurance level ADMIN_MIN_ACR names');
  assertAllowed(canAdministerPlatform(actor));
  return user;
}

/** What the refusal page of a platform admin below ADMIN_MIN_ACR shows: the levels, theirs, and the providers that give one. */
async function assuranceRefusal(context: LoaderFunctionArgs['context']) {
  const accepted = context.services.config.ADMIN_MIN_ACR;
  const providers = context.services.config.OIDC_PROVIDERS.filter((p) => p.acrValues?.some((v) => accepted.includes(v)));
  return data(
    {
      kind: 'assurance' as const,
      locale: context.locale,
      required: accepted[0]!,
      current: context.auth?.session.acr ?? null,
      providers: await Promise.all(providers.map(async (p) => ({ id: p.id, label: p.label, available: (await discover(p)) !== null }))),
    },
    { status: 403 },
  );
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(request, context);
  if ((await context.actor()).adminAssuranceShort) return assuranceRefusal(context);
  await requireAdmin(request, context);
  const moderation = await moderationQueue(context, await context.actor());
  const { db, search } = context.services;
  const [pending, domainClaims, pendingSearchJobs, failed, lastReindex] = await Promise.all([
    listUnverifiedOrganizations(db),
    listPendingDomainClaims(context),
    countJobs(db, SEARCH_SYNC_JOB, 'pending'),
    listFailedJobs(db),
    latestJob(db, SEARCH_REINDEX_JOB),
  ]);
  const progress = (lastReindex?.payload as { progress?: { phase: string; indexed: number; total: number } } | undefined)?.progress;
  return {
    kind: 'admin' as const,
    locale: context.locale,
    reportedComments: moderation.reported.length,
    pending: pending.map((o) => ({ ...o, createdAt: o.createdAt.toISOString() })),
    domainClaims: domainClaims.map((c) => ({ id: c.id, domain: c.domain, organization: c.organization, claimedBy: c.claimedBy, createdAt: c.createdAt.toISOString() })),
    search: search.available ? { available: true as const } : { available: false as const, reason: search.reason },
    pendingSearchJobs,
    reindex: lastReindex ? { status: lastReindex.status, phase: progress?.phase ?? 'building', indexed: progress?.indexed ?? 0, total: progress?.total ?? 0 } : null,
    failed: failed.map((j) => ({ id: j.id, kind: j.kind, attempts: j.attempts, error: j.lastError ?? '', finishedAt: j.finishedAt?.toISOString() ?? null })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAdmin(request, context);
  const formData = await readForm(request);
  const { db } = context.services;
  switch (formData.get('intent')) {
    case 'reindex':
      await db.transaction(async (tx) => {
        await enqueueJob(tx, SEARCH_REINDEX_JOB, { requestedBy: user.id });
        await recordAudit(tx, { actorUserId: user.id, action: 'search.reindex_requested', ip: context.ip });
      });
      return redirect(withDone('/admin#search', 'reindexRequested'));
    case 'approve-domain':
    case 'reject-domain': {
      const approve = formData.get('intent') === 'approve-domain';
      await decideDomainClaim(context, requireUuid(formData.get('claimId'), 'claimId'), approve);
      return redirect(withDone('/admin#domains', approve ? 'domainApproved' : 'domainRejected'));
    }
    case 'retry':
      if (!(await retryJob(db, requireWholeNumber(formData.get('jobId'), 'jobId', { min: 1, max: Number.MAX_SAFE_INTEGER })))) notFound('no such failed job');
      return redirect(withDone('/admin#failed-jobs', 'jobRetried'));
    case 'delete-user': {
      const result = await adminDeleteAccount(context, formData);
      if (!result.ok) return data({ errors: result.errors, deleted: false }, { status: result.status });
      return { errors: undefined, deleted: true };
    }
    default:
      throw new Response('unknown intent', { status: 400 });
  }
}

export default function Admin() {
  const d = useLoaderData<typeof loader>();
  return d.kind === 'assurance' ? <AssuranceRequired {...d} /> : <AdminPage d={d} />;
}

function AssuranceRequired({ required, current, providers }: { required: string; current: string | null; providers: SsoButton[] }) {
  const t = useT();
  return (
    <div className="container page page--narrow">
      <p className="eyebrow">403</p>
      <h1>{t('admin.assurance.title')}</h1>
      <p className="lead">{t('admin.assurance.lead', { required, current: current ?? t('admin.assurance.none') })}</p>
      {providers.length ? (
        <>
          <p>{t('admin.assurance.how')}</p>
          <SsoButtons providers={providers} redirectTo="/admin" primary />
        </>
      ) : (
        <Notice tone="warning">{t('admin.assurance.noProvider')}</Notice>
      )}
      <p>{t('admin.assurance.others')}</p>
    </div>
  );
}

function AdminPage({ d }: { d: Extract<ReturnType<typeof useLoaderData<typeof loader>>, { kind: 'admin' }> }) {
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="container page">
      <h1>{t('admin.title')}</h1>
      <DoneNotice messages={ADMIN_DONE} />
      <p>
        <Link to="/admin/moderering">{t('moderation.link', { count: d.reportedComments })}</Link>
      </p>
      <section aria-labelledby="pending">
        <h2 id="pending">{t('admin.organizations')}</h2>
        {d.pending.length === 0 ? <p>{t('admin.none')}</p> : null}
        {d.pending.length ? (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('org.field.name')}</th>
                <th scope="col">{t('org.field.sector')}</th>
                <th scope="col">{t('org.field.orgNumber')}</th>
              </tr>
            </thead>
            <tbody>
              {d.pending.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/organisationer/${o.slug}`}>{o.name}</Link>
                  </td>
                  <td>{t(`sector.${o.sector}`)}</td>
                  <td>{o.orgNumber}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <p>
          <Link to="/organisationer">{t('admin.allOrganizations')}</Link>
        </p>
      </section>

      <section aria-labelledby="domains">
        <h2 id="domains">{t('admin.domains')}</h2>
        {d.domainClaims.length === 0 ? <p>{t('admin.domains.none')}</p> : null}
        {d.domainClaims.length ? (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('admin.domains.domain')}</th>
                <th scope="col">{t('admin.domains.organization')}</th>
                <th scope="col">{t('admin.domains.claimedBy')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('admin.domains.approve')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {d.domainClaims.map((c) => (
                <tr key={c.id}>
                  <td>{c.domain}</td>
                  <td>
                    <Link to={`/organisationer/${c.organization.slug}`}>{c.organization.name}</Link>
                    {c.organization.website ? <span className="meta"> {c.organization.website}</span> : null}
                  </td>
                  <td>{c.claimedBy ?? '–'}</td>
                  <td>
                    <Form method="post" className="actions">
                      <input type="hidden" name="claimId" value={c.id} />
                      <button type="submit" name="intent" value="approve-domain" className="button button--small">
                        {t('admin.domains.approve')}
                        <span className="visually-hidden"> {c.domain}</span>
                      </button>
                      <button type="submit" name="intent" value="reject-domain" className="button button--small button--secondary">
                        {t('admin.domains.reject')}
                        <span className="visually-hidden"> {c.domain}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      <section aria-labelledby="search" className="panel">
        <h2 id="search">{t('admin.search')}</h2>
        <p>{t('admin.searchStatus', { status: d.search.available ? t('admin.searchAvailable') : t('admin.searchUnavailable', { reason: d.search.reason }) })}</p>
        <p>{t('admin.pendingJobs', { count: d.pendingSearchJobs })}</p>
        {d.reindex ? <p>{t('admin.reindexProgress', { phase: d.reindex.phase, indexed: d.reindex.indexed, total: d.reindex.total, status: d.reindex.status })}</p> : null}
        <Form method="post">
          <button type="submit" name="intent" value="reindex" className="button button--secondary">
            {t('admin.reindex')}
          </button>
        </Form>
      </section>

      <section aria-labelledby="failed-jobs">
        <h2 id="failed-jobs">{t('admin.failedJobs')}</h2>
        {d.failed.length === 0 ? <p>{t('admin.noFailedJobs')}</p> : null}
        {d.failed.length ? (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('admin.job')}</th>
                <th scope="col">{t('admin.attempts')}</th>
                <th scope="col">{t('admin.error')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('admin.retry')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {d.failed.map((j) => (
                <tr key={j.id}>
                  <td>
                    {j.kind} #{j.id}
                  </td>
                  <td>{j.attempts}</td>
                  <td>{j.error}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="jobId" value={j.id} />
                      <button type="submit" name="intent" value="retry" className="button button--small button--secondary">
                        {t('admin.retry')}
                        <span className="visually-hidden"> #{j.id}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      <section aria-labelledby="delete-user" className="panel">
        <h2 id="delete-user">{t('personalData.admin.title')}</h2>
        <p>{t('personalData.admin.lead')}</p>
        {actionData?.deleted ? <Notice tone="success">{t('personalData.admin.done')}</Notice> : null}
        <ErrorSummary errors={actionData?.errors} />
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="delete-user" />
          <Field name="email" label="personalData.admin.email" type="email" autoComplete="off" required error={actionData?.errors?.email} />
          <Field name="password" label="personalData.admin.password" type="password" autoComplete="current-password" required error={actionData?.errors?.password} />
          <button type="submit" className="button">
            {t('personalData.admin.submit')}
          </button>
        </Form>
      </section>
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
