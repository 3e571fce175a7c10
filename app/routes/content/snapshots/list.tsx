import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { SnapshotList } from '#app/components/snapshot-parts.tsx';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { listReadableSnapshots } from '#app/content/snapshots.server.ts';
import { editableOrganizationIds } from '#app/policy.ts';
import { ReportHandledNotice } from '#app/components/moderation.tsx';
import { reportWasHandled } from '#app/moderation/posts-and-write-ups.server.ts';
import { PageHeading } from '#app/components/ui.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'snapshot.list.title') : ''} – Samverka` }];

/** Every snapshot this reader may read, newest first. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await context.actor();
  return {
    locale: context.locale,
    reportHandled: reportWasHandled(new URL(request.url)),
    snapshots: await listReadableSnapshots(context),
    canCreate: editableOrganizationIds(actor).length > 0,
  };
}

export default function Snapshots() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="container page">
      <p>
        <Link to="/statistik">← {t('stats.title')}</Link>
      </p>
      <PageHeading title={t('snapshot.list.title')} lead={t('snapshot.list.lead')} action={d.canCreate ? { to: '/ogonblicksbilder/ny', label: t('snapshot.new.title') } : null} />
      <ReportHandledNotice show={d.reportHandled} />
      {d.snapshots.length === 0 ? <p>{t('snapshot.list.empty')}</p> : <SnapshotList snapshots={d.snapshots} />}
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
