import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { listPublishedLessons } from '#db/queries/lessons.server.ts';
import { SUCCESS_FACTORS, THEMES, VISIBILITIES } from '#app/vocabulary.ts';
import { Pagination } from '#app/components/pagination.tsx';
import { ContentCards } from '#app/components/content-cards.tsx';
import { FollowButton } from '#app/components/follow-button.tsx';
import { followButtonState } from '#app/follows/follows.server.ts';
import { parseBrowseFilters } from '#app/content/initiative-filters.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { canReadVisibility, editableOrganizationIds } from '#app/policy.ts';
import { ReportHandledNotice } from '#app/components/moderation.tsx';
import { reportWasHandled } from '#app/moderation/posts-and-write-ups.server.ts';
import { PageHeading } from '#app/components/ui.tsx';
import { findArea } from '#db/queries/areas.server.ts';

const PAGE_SIZE = 20;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'lesson.list.title') : ''} – Samverka` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await context.actor();
  const f = parseBrowseFilters(new URL(request.url).searchParams);
  const result = await listPublishedLessons(context.services.db, {
    visibilities: VISIBILITIES.filter((v) => canReadVisibility(actor, v)),
    theme: f.theme,
    successFactor: f.successFactor,
    area: f.area,
    limit: PAGE_SIZE,
    offset: (f.page - 1) * PAGE_SIZE,
  });
  // `?omrade=<code>`: the lessons of initiatives in a kommun or län (the area page's "show all" link).
  const area = f.area ? await findArea(context.services.db, f.area) : undefined;
  return {
    locale: context.locale,
    reportHandled: reportWasHandled(new URL(request.url)),
    area: area ? { code: area.code, name: area.name } : null,
    filters: { theme: f.theme ?? '', successFactor: f.successFactor ?? '', page: f.page },
    total: result.total,
    pages: Math.max(1, Math.ceil(result.total / PAGE_SIZE)),
    lessons: result.rows.map((r) => ({ ...r, publishedAt: r.publishedAt?.toISOString() ?? null, updatedAt: r.updatedAt.toISOString() })),
    canWrite: editableOrganizationIds(actor).length > 0,
    followTheme: f.theme ? await followButtonState(context, { kind: 'theme', key: f.theme }) : null,
    followFactor: f.successFactor ? await followButtonState(context, { kind: 'success_factor', key: f.successFactor }) : null,
  };
}

export default function Lessons() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="container page">
      <PageHeading title={t('lesson.list.title')} lead={t('lesson.list.lead')} action={d.canWrite ? { to: '/lardomar/ny', label: t('lesson.list.new') } : null} />
      <ReportHandledNotice show={d.reportHandled} />
      {d.area ? (
        <p>
          {t('lessons.areaFilter', { area: d.area.name })} <Link to="/lardomar">{t('lessons.areaFilterClear')}</Link>
        </p>
      ) : null}
      <Form method="get" className="filter-bar">
        {d.area ? <input type="hidden" name="omrade" value={d.area.code} /> : null}
        <label htmlFor="tema">{t('filter.theme')}</label>
        <select id="tema" name="tema" defaultValue={d.filters.theme}>
          <option value="">{t('filter.anyTheme')}</option>
          {THEMES.map((v) => (
            <option key={v} value={v}>
              {t(`theme.${v}`)}
            </option>
          ))}
        </select>
        <label htmlFor="faktor">{t('filter.factor')}</label>
        <select id="faktor" name="faktor" defaultValue={d.filters.successFactor}>
          <option value="">{t('filter.anyFactor')}</option>
          {SUCCESS_FACTORS.map((v) => (
            <option key={v} value={v}>
              {t(`factor.${v}.name`)}
            </option>
          ))}
        </select>
        <button type="submit" className="button button--secondary">
          {t('filter.apply')}
        </button>
      </Form>
      <h2 aria-live="polite">{t('lesson.list.count', { count: d.total })}</h2>
      {d.followTheme && d.filters.theme ? <FollowButton state={d.followTheme} name={t(`theme.${d.filters.theme as (typeof THEMES)[number]}`)} /> : null}
      {d.followFactor && d.filters.successFactor ? <FollowButton state={d.followFactor} name={t(`factor.${d.filters.successFactor as (typeof SUCCESS_FACTORS)[number]}.name`)} /> : null}
      {d.lessons.length === 0 ? <p>{t('lesson.list.empty')}</p> : null}
      <ContentCards items={d.lessons} basePath="/lardomar" />
      <Pagination page={d.filters.page} pages={d.pages} />
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
