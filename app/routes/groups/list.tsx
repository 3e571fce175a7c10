import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { GroupList } from '#app/components/group-list.tsx';
import { loadDirectory } from '#app/groups/groups.server.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { PageHeading } from '#app/components/ui.tsx';
import { DoneNotice } from '#app/components/done-notice.tsx';
import { COMMUNITY_DONE } from '#app/components/done-notice-community.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'group.list.title') : ''} – Samverka` }];

/** The group directory: the reader's groups first, then every group whose name they may see. */
export async function loader({ context }: LoaderFunctionArgs) {
  const directory = await loadDirectory(context);
  return { locale: context.locale, signedIn: context.auth !== null, ...directory };
}

export default function Groups() {
  const { mine, others, canCreate, signedIn } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="container page">
      <PageHeading title={t('group.list.title')} lead={t('group.list.lead')} action={canCreate ? { to: '/grupper/ny', label: t('group.list.create') } : null} />
      <DoneNotice messages={COMMUNITY_DONE} />
      {signedIn && !canCreate ? <p className="meta">{t('group.list.createNeedsOrganization')}</p> : null}
      {mine.length > 0 ? (
        <section aria-labelledby="my-groups">
          <h2 id="my-groups">{t('group.list.mine')}</h2>
          <GroupList groups={mine} />
        </section>
      ) : null}
      {mine.length === 0 || others.length > 0 ? (
        <section aria-labelledby="all-groups">
          <h2 id="all-groups">{t(mine.length > 0 ? 'group.list.others' : 'group.list.all')}</h2>
          {others.length === 0 ? <p>{t('group.list.empty')}</p> : <GroupList groups={others} />}
        </section>
      ) : null}
      {!signedIn ? (
        <p>
          {t('group.list.signInHint')} <Link to="/logga-in?redirectTo=/grupper">{t('nav.signIn')}</Link>
        </p>
      ) : null}
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
