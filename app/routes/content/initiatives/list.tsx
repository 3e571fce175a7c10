import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { listEditableInitiatives, listPublishedInitiatives } from '#db/queries/initiatives.server.ts';
import { listAreaGroups } from '#db/queries/areas.server.ts';
import { INITIATIVE_STATUSES, SECTORS, SUCCESS_FACTORS, THEMES } from '#app/vocabulary.ts';
import { AreaOptions } from '#app/components/area-options.tsx';
import { Pagination } from '#app/components/pagination.tsx';
import { FactorTags } from '#app/components/factor-tags.tsx';
import { ReportHandledNotice } from '#app/components/moderation.tsx';
import { reportWasHandled } from '#app/moderation/posts-and-write-ups.server.ts';
import { Badge, PageHeading } from '#app/components/ui.tsx';
import { CHARACTERISTIC_PARAMS, parseBrowseFilters } from '#app/content/initiative-filters.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { editableOrganizationIds, readerContentScope } from '#app/policy.ts';
import { FollowButton } from '#app/components/follow-button.tsx';
import { followButtonState } from '#app/follows/follows.server.ts';

const PAGE_SIZE = 20;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'initiative.list.title') : ''} – Samverka` }];


export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db } = context.services;
  const actor = await context.actor();
  const filters = parseBrowseFilters(new URL(request.url).searchParams);
  const [result, areaGroups, mine] = await Promise.all([
    listPublishedInitiatives(db, {
      ...filters,
      // Group-only initiatives too, for members of their group (as search shows them).
      ...readerContentScope(actor),
      limit: PAGE_SIZE,
      offset: (filters.page - 1) * PAGE_SIZE,
    }),
    listAreaGroups(db),
    listEditableInitiatives(db, editableOrganizationIds(actor)),
  ]);
  return {
    locale: context.locale,
    reportHandled: reportWasHandled(new URL(request.url)),
    filters,
    total: result.total,
    pages: Math.max(1, Math.ceil(result.total / PAGE_SIZE)),
    initiatives: result.rows.map((r) => ({ ...r, publishedAt: r.publishedAt?.toISOString() ?? null, updatedAt: r.updatedAt.toISOString() })),
    areaGroups,
    canWrite: editableOrganizationIds(actor).length > 0,
    // The chosen theme and success factor can be followed from here.
    followTheme: filters.theme ? await followButtonState(context, { kind: 'theme', key: filters.theme }) : null,
    followFactor: filters.successFactor ? await followButtonState(context, { kind: 'success_factor', key: filters.successFactor }) : null,
    mine: mine.filter((m) => m.state !== 'published').map((m) => ({ ...m, updatedAt: m.updatedAt.toISOString() })),
  };
}

const YEARS = Array.from({ length: 16 }, (_, i) => new Date().getFullYear() + 1 - i);

export default function Initiatives() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const f = d.filters;
  const feedQuery = new URLSearchParams();
  if (f.theme) feedQuery.set('tema', f.theme);
  if (f.area) feedQuery.set('omrade', f.area);
  const feedHref = `/flode${feedQuery.size ? `?${feedQuery}` : ''}`;
  return (
    <div className="container page">
      <PageHeading title={t('initiative.list.title')} lead={t('initiative.list.lead')} action={d.canWrite ? { to: '/insatser/ny', label: t('initiative.list.new') } : null} />
      <ReportHandledNotice show={d.reportHandled} />

      {d.mine.length > 0 ? (
        <details className="panel">
          <summary>
            {t('initiative.list.myDrafts')} ({d.mine.length})
          </summary>
          <ul className="plain-list">
            {d.mine.map((m) => (
              <li key={m.slug}>
                <Link to={`/insatser/${m.slug}`}>{m.title}</Link> <Badge tone="warning">{t(`initiative.state.${m.state}`)}</Badge> <span className="meta">{m.organizationName}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}

      <div className="browse-layout">
        <Form method="get" className="filters" aria-labelledby="filters-title">
          <h2 id="filters-title">{t('filter.title')}</h2>
          <FilterSelect id="omrade" label={t('filter.area')} value={f.area} any={t('filter.anyArea')}>
            <AreaOptions groups={d.areaGroups} />
          </FilterSelect>
          <FilterSelect id="tema" label={t('filter.theme')} value={f.theme} any={t('filter.anyTheme')}>
            {THEMES.map((v) => (
              <option key={v} value={v}>
                {t(`theme.${v}`)}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect id="faktor" label={t('filter.factor')} value={f.successFactor} any={t('filter.anyFactor')}>
            {SUCCESS_FACTORS.map((v) => (
              <option key={v} value={v}>
                {t(`factor.${v}.name`)}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect id="status" label={t('filter.status')} value={f.status} any={t('filter.anyStatus')}>
            {INITIATIVE_STATUSES.map((v) => (
              <option key={v} value={v}>
                {t(`status.${v}`)}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect id="sektor" label={t('filter.sector')} value={f.sector} any={t('filter.anySector')}>
            {SECTORS.map((v) => (
              <option key={v} value={v}>
                {t(`sector.${v}`)}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect id="ar" label={t('filter.year')} value={f.year ? String(f.year) : undefined} any={t('filter.anyYear')}>
            {YEARS.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </FilterSelect>
          <fieldset className="field choice-group">
            <legend>{t('filter.characteristics')}</legend>
            {(Object.keys(CHARACTERISTIC_PARAMS) as (keyof typeof CHARACTERISTIC_PARAMS)[]).map((c) => (
              <label key={c} className="choice">
                <input type="checkbox" name={CHARACTERISTIC_PARAMS[c]} value="1" defaultChecked={f[c] === true} />
                <span>{t(`insight.measure.${c}.name`)}</span>
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="sortera">{t('filter.sort')}</label>
            <select id="sortera" name="sortera" defaultValue={f.sort}>
              <option value="newest">{t('filter.sort.newest')}</option>
              <option value="oldest">{t('filter.sort.oldest')}</option>
              <option value="title">{t('filter.sort.title')}</option>
            </select>
          </div>
          <p className="actions">
            <button type="submit" className="button">
              {t('filter.apply')}
            </button>
            <Link to="/insatser">{t('filter.clear')}</Link>
          </p>
        </Form>

        <section aria-labelledby="results-title" className="results">
          <h2 id="results-title" aria-live="polite">
            {t('initiative.list.count', { count: d.total })}
          </h2>
          {d.followTheme && f.theme ? <FollowButton state={d.followTheme} name={t(`theme.${f.theme}`)} /> : null}
          {d.followFactor && f.successFactor ? <FollowButton state={d.followFactor} name={t(`factor.${f.successFactor}.name`)} /> : null}
          {d.initiatives.length === 0 ? <p>{t('initiative.list.empty')}</p> : null}
          <ul className="result-list">
            {d.initiatives.map((i) => (
              <li key={i.id} className="card">
                <h3>
                  <Link to={`/insatser/${i.slug}`}>{i.title}</Link>
                </h3>
                <p className="meta">
                  {i.organizationName} · {t(`status.${i.status}`)}
                  {i.areaNames.length ? ` · ${i.areaNames.join(', ')}` : ''}
                  {i.visibility !== 'public' ? (
                    <>
                      {' '}
                      <Badge>{t(i.visibility === 'group' ? 'visibility.groupShort' : 'visibility.partnersShort')}</Badge>
                    </>
                  ) : null}
                </p>
                <p>{i.summary}</p>
                <FactorTags factors={i.successFactors} />
              </li>
            ))}
          </ul>
          <Pagination page={f.page} pages={d.pages} />
          <p className="meta">
            <Link to="/insatser/karta">{t('efforts.link')}</Link> · <a href={feedHref}>{t('initiative.list.feed')}</a> · <a href="/oppna-data/insatser.csv">CSV</a> · <a href="/oppna-data/insatser.json">JSON</a> ({t('initiative.list.export')})
          </p>
        </section>
      </div>
    </div>
  );
}

function FilterSelect({ id, label, value, any, children }: { id: string; label: string; value: string | undefined; any: string; children: React.ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={id} defaultValue={value ?? ''}>
        <option value="">{any}</option>
        {children}
      </select>
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
