import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ActivityList } from '#app/components/group-activity.tsx';
import { Pagination } from '#app/components/pagination.tsx';
import { requireGroupContent } from '#app/groups/access.server.ts';
import { loadGroupActivity } from '#app/groups/activity.server.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${translate(data.locale, 'group.activity.title')}: ${data.group.name} – Samverka` : 'Samverka' },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { group } = await requireGroupContent(request, context, params.slug);
  const n = Number(new URL(request.url).searchParams.get('sida'));
  const page = Number.isInteger(n) && n > 0 && n < 10_000 ? n : 1;
  const activity = await loadGroupActivity(context, group, page);
  return { locale: context.locale, group: { slug: group.slug, name: group.name }, page, ...activity };
}

export default function GroupActivity() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t('group.activity.title')}</h1>
      <ActivityList entries={d.entries} />
      <Pagination page={d.page} pages={d.pages} />
    </>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
