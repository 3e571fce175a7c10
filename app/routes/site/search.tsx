import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation, useSearchParams, useSubmit } from '@remix-run/react';
import { Fragment, useEffect, useRef } from 'react';
import { areaNamesByCode } from '#db/queries/areas.server.ts';
import { highlightParts } from '#search/query.ts';
import { FACET_VALUES_SHOWN } from '#search/settings.ts';
import { FollowButton } from '#app/components/follow-button.tsx';
import { followButtonState } from '#app/follows/follows.server.ts';
import { parseSavedSearchKey, parseSearch, savedSearchKey } from '#app/follows/saved-search.server.ts';
import { Pagination } from '#app/components/pagination.tsx';
import { RouteLink } from '#app/components/route-link.tsx';
import { Notice } from '#app/components/ui.tsx';
import { formatNumber } from '#app/i18n/format.ts';
import { translate, type MessageKey } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { searchContent } from '#app/search.server.ts';
import type { RouteHandle } from '#app/root.tsx';

/** A skip link straight to the hits, right after the one to the main content (root.tsx). */
export const handle: RouteHandle = { skipLinks: [{ href: '#resultat', label: 'nav.skipResults' }] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'search.title') : ''} – Samverka` }, { name: 'robots', content: 'noindex' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const input = parseSearch(new URL(request.url).searchParams);
  const key = savedSearchKey(input);
  // Following this search (words and filters): offered when there is something to follow and it can tell of new pieces.
  const [result, follow] = await Promise.all([
    searchContent(context.services, await context.actor(), input),
    key && parseSavedSearchKey(key) ? followButtonState(context, { kind: 'search', key }) : null,
  ]);
  if (!result.ok) return data({ locale: context.locale, input, follow, result: null, areaNames: {} as Record<string, string> }, { status: 503 });
  // Only the facet values the page shows travel to it (Meilisearch sorts them by count and sends at most FACET_VALUES_SHOWN).
  const facets = Object.fromEntries(Object.entries(result.facets).map(([facet, counts]) => [facet, Object.fromEntries(Object.entries(counts ?? {}).slice(0, facetLimit(facet)))]));
  const codes = Object.keys(facets.areaCodes ?? {});
  // Names of those areas only; all names are kept in memory (db/seed/areas.ts), so this is no query.
  const names = codes.length ? await areaNamesByCode(context.services.db) : null;
  return {
    locale: context.locale,
    input,
    follow,
    result: { hits: result.hits, total: result.total, pages: result.pages, facets },
    areaNames: Object.fromEntries(codes.flatMap((code) => (names?.has(code) ? [[code, names.get(code)!]] : []))) as Record<string, string>,
  };
}

const facetLimit = (facet: string) => (facet === 'areaCodes' ? 12 : FACET_VALUES_SHOWN);

/** Query parameter names of each facet. */
const FACET_PARAMS = { type: 'typ', themes: 'tema', successFactors: 'faktor', sector: 'sektor', areaCodes: 'omrade', status: 'status', years: 'ar' } as const;
type FacetName = keyof typeof FACET_PARAMS;

/**
 * On a phone the filters sit behind a "Filtrera" button, below which the hits come first. The button is a link that
 * opens and closes the panel (`?filtrera=1`), so it works without JavaScript; on a wide screen the panel is always
 * shown and the button is not.
 */
const FILTER_PANEL_PARAM = 'filtrera';

export default function Search() {
  const { input, follow, result, areaNames } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const submit = useSubmit();
  const navigation = useNavigation();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);

  const label = (facet: FacetName, value: string): string => {
    const key: Record<FacetName, string> = {
      type: `search.type.${value}`,
      themes: `theme.${value}`,
      successFactors: `factor.${value}.name`,
      sector: `sector.${value}`,
      status: `status.${value}`,
      areaCodes: '',
      years: '',
    };
    if (facet === 'areaCodes') return areaNames[value] ?? value;
    if (facet === 'years') return value;
    return t(key[facet] as MessageKey);
  };
  const hrefWith = (param: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(param);
    else next.set(param, value);
    next.delete('sida');
    // Choosing a filter on a phone shows the hits again: the filter panel closes.
    next.delete(FILTER_PANEL_PARAM);
    return `/sok?${next.toString()}`;
  };
  const filtersOpen = params.get(FILTER_PANEL_PARAM) === '1';
  const withParam = (param: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(param, value);
    return next.toString();
  };
  const hrefWithout = (param: string) => {
    const next = new URLSearchParams(params);
    next.delete(param);
    return `/sok?${next.toString()}`;
  };
  const active = (Object.keys(FACET_PARAMS) as FacetName[]).flatMap((facet) => {
    const value = params.get(FACET_PARAMS[facet]);
    return value ? [{ facet, value }] : [];
  });
  const facetTitles: Record<FacetName, string> = {
    type: t('search.facet.type'),
    themes: t('initiative.field.themes'),
    successFactors: t('initiative.field.successFactors'),
    sector: t('filter.sector'),
    areaCodes: t('search.facet.area'),
    status: t('filter.status'),
    years: t('search.facet.year'),
  };

  return (
    <div className="container page">
      <h1>{t('search.title')}</h1>
      <p className="lead">{t('search.lead')}</p>
      <Form
        method="get"
        role="search"
        aria-label={t('search.title')}
        className="search-form"
        onChange={(e) => {
          // With JavaScript, results follow the typing; without it, the button submits.
          const form = e.currentTarget;
          clearTimeout(timer.current);
          timer.current = setTimeout(() => {
            // Only when the words or the order really changed: a late event (say, the box losing focus
            // as a facet link is clicked) must not resubmit the old filters over the new ones.
            const current = new URLSearchParams(window.location.search);
            const q = String(new FormData(form).get('q') ?? '');
            const sort = String(new FormData(form).get('sortera') ?? '');
            if (q === (current.get('q') ?? '') && sort === (current.get('sortera') ?? 'relevans')) return;
            submit(form, { replace: true, preventScrollReset: true });
          }, 250);
        }}
      >
        <label htmlFor="search-q" className="visually-hidden">
          {t('search.label')}
        </label>
        <input id="search-q" type="search" name="q" defaultValue={input.q} placeholder={t('search.placeholder')} maxLength={200} aria-describedby="search-live" />
        {active.map(({ facet, value }) => (
          <input key={facet} type="hidden" name={FACET_PARAMS[facet]} value={value} />
        ))}
        <label htmlFor="search-sort">{t('search.sort')}</label>
        <select id="search-sort" name="sortera" defaultValue={input.sort === 'newest' ? 'nyast' : 'relevans'}>
          <option value="relevans">{t('search.sort.relevance')}</option>
          <option value="nyast">{t('search.sort.newest')}</option>
        </select>
        <button type="submit" className="button">
          {t('search.submit')}
        </button>
        <p id="search-live" className="visually-hidden">
          {t('search.live')}
        </p>
      </Form>

      {active.length ? (
        <ul className="tag-list active-filters" aria-label={t('search.facets')}>
          {active.map(({ facet, value }) => (
            <li key={facet}>
              <RouteLink className="chip" to={hrefWith(FACET_PARAMS[facet], null)} aria-label={t('search.removeFilter', { label: label(facet, value) })}>
                {`${label(facet, value)} ×`}
              </RouteLink>
            </li>
          ))}
        </ul>
      ) : null}
      {follow ? <FollowButton state={follow} name={t('follow.thisSearch')} /> : null}

      {result === null ? (
        <Notice tone="warning">{t('search.unavailable')}</Notice>
      ) : (
        <div className="browse-layout search-layout">
          <p className="filter-toggle">
            <Link
              to={filtersOpen ? hrefWithout(FILTER_PANEL_PARAM) : `/sok?${withParam(FILTER_PANEL_PARAM, '1')}`}
              className="button button--secondary"
              aria-expanded={filtersOpen}
              aria-controls="sokfilter"
              preventScrollReset
              replace
            >
              {active.length ? t('search.filterCount', { count: active.length }) : t('search.filter')}
            </Link>
          </p>
          <nav id="sokfilter" className={`filters${filtersOpen ? ' filters--open' : ''}`} aria-labelledby="facets-title">
            <h2 id="facets-title">{t('search.facets')}</h2>
            {(Object.keys(FACET_PARAMS) as FacetName[]).map((facet) => {
              const counts = Object.entries(result.facets[facet] ?? {});
              if (counts.length === 0) return null;
              return (
                <section key={facet} aria-label={facetTitles[facet]} className="facet">
                  <h3>{facetTitles[facet]}</h3>
                  <ul className="plain-list plain-list--tight">
                    {counts.map(([value, count]) => (
                      <li key={value}>
                        <RouteLink to={hrefWith(FACET_PARAMS[facet], value)} aria-current={params.get(FACET_PARAMS[facet]) === value ? 'true' : undefined}>
                          {label(facet, value)}
                        </RouteLink>{' '}
                        <span className="meta">{`(${formatNumber(count, t.locale)})`}</span>
                      </li>
                    ))}
                  </ul>
                </section>
              );
            })}
          </nav>
          <section id="resultat" tabIndex={-1} aria-labelledby="results-title" className="results" aria-busy={navigation.state === 'loading'}>
            <h2 id="results-title" aria-live="polite">
              {input.q ? t('search.resultsFor', { count: result.total, q: input.q }) : t('search.results', { count: result.total })}
            </h2>
            {result.hits.length === 0 ? (
              <div className="empty-state">
                <p>
                  <strong>{t('search.empty')}</strong>
                </p>
                <p>{t('search.emptyHelp')}</p>
                <p>
                  <Link to="/insatser">{t('home.allInitiatives')}</Link>
                </p>
              </div>
            ) : null}
            <ul className="result-list">
              {result.hits.map((h) => (
                <li key={h.id} className="card">
                  <p className="eyebrow">{t(`search.type.${h.type}`)}</p>
                  <h3>
                    <RouteLink to={h.path}>
                      <Highlighted text={h.title} />
                    </RouteLink>
                  </h3>
                  <p className="meta">
                    {h.organization}
                    {h.areaNames.length ? ` · ${h.areaNames.join(', ')}` : ''}
                  </p>
                  <p>
                    <Highlighted text={h.summary} />
                  </p>
                  {h.snippet && h.snippet.includes('\u0002') ? (
                    <p className="snippet">
                      … <Highlighted text={h.snippet} /> …
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
            <Pagination page={input.page} pages={result.pages} />
          </section>
        </div>
      )}
    </div>
  );
}

/** Meilisearch's highlight marks become <mark>; everything else stays text (no HTML from the index). */
function Highlighted({ text }: { text: string }) {
  return (
    <>
      {highlightParts(text).map((p, i) => (p.marked ? <mark key={i}>{p.text}</mark> : <Fragment key={i}>{p.text}</Fragment>))}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
