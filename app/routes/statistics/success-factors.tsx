import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { findArea, listAreaGroups } from '#db/queries/areas.server.ts';
import { CHARACTERISTICS, countSuccessFactorInsight, type Characteristic } from '#db/queries/insight.server.ts';
import { SUCCESS_FACTORS, THEMES, type SuccessFactor, type Theme } from '#app/vocabulary.ts';
import { AreaOptions } from '#app/components/area-options.tsx';
import { ErrorMessage, GeneralErrorBoundary, type StatusHandler } from '#app/components/error-boundary.tsx';
import { Notice } from '#app/components/ui.tsx';
import { CHARACTERISTIC_PARAMS } from '#app/content/initiative-filters.ts';
import { translate } from '#app/i18n/index.ts';
import { formatPercent } from '#app/i18n/format.ts';
import { useT } from '#app/i18n/use-t.ts';
import { isPathKey } from '#app/http/form.server.ts';
import { readerContentScope } from '#app/policy.ts';

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: d ? `${translate(d.locale, 'insight.title', { area: d.area.kind === 'country' ? translate(d.locale, 'area.country') : d.area.name })} – Samverka` : 'Samverka' },
];

/**
 * Success-factor insight: for Sweden, a län or a kommun (`?omrade=`), and
 * optionally one theme (`?tema=`), how many published initiatives the reader
 * may see name each success factor, and how many are long-term, cross-sector,
 * evaluated or have lessons. Every number links to the browse page filtered
 * to exactly those initiatives.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const { db } = context.services;
  const themeParam = params.get('tema') ?? '';
  if (themeParam !== '' && !(THEMES as readonly string[]).includes(themeParam)) {
    throw data({ message: translate(context.locale, 'insight.error.theme', { value: themeParam.slice(0, 60) }) }, { status: 400 });
  }
  const theme = themeParam === '' ? undefined : (themeParam as Theme);
  // No area (or the picker's "all of Sweden") means Sweden.
  const code = params.get('omrade') || 'SE';
  // A code no area can have (a control character, far too long) is answered before any query.
  const area = isPathKey(code) ? await findArea(db, code) : undefined;
  if (!area || area.kind === 'district') throw data({ message: translate(context.locale, 'insight.error.area', { value: code.slice(0, 60) }) }, { status: 404 });
  const inArea = area.kind === 'country' ? undefined : area.code;

  const scope = readerContentScope(await context.actor());
  const [counts, areaGroups] = await Promise.all([countSuccessFactorInsight(db, { ...scope, area: inArea, theme }), listAreaGroups(db)]);

  // The browse page lists exactly the counted initiatives for the same reader.
  const listHref = (extra: Record<string, string> = {}) => {
    const q = new URLSearchParams();
    if (inArea) q.set('omrade', inArea);
    if (theme) q.set('tema', theme);
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    return `/insatser${q.size ? `?${q}` : ''}`;
  };
  return {
    locale: context.locale,
    area: { code: area.code, name: area.name, kind: area.kind },
    theme: theme ?? null,
    areaGroups,
    total: { count: counts.total, href: listHref() },
    factors: SUCCESS_FACTORS.map((factor) => ({ factor, count: counts.factors[factor], href: listHref({ faktor: factor }) })),
    characteristics: CHARACTERISTICS.map((c) => ({ characteristic: c, count: counts.characteristics[c], href: listHref({ [CHARACTERISTIC_PARAMS[c]]: '1' }) })),
  };
}

interface BarRow {
  key: string;
  name: string;
  text: string;
  count: number;
  href: string;
}

export default function SuccessFactors() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const areaName = d.area.kind === 'country' ? t('area.country') : d.area.name;
  const total = d.total.count;
  const percent = (n: number) => (total === 0 ? 0 : Math.round((100 * n) / total));
  const fmtPercent = (n: number) => formatPercent(total === 0 ? 0 : n / total, t.locale);
  const factorRows: BarRow[] = d.factors.map((f) => ({ key: f.factor, name: t(`factor.${f.factor as SuccessFactor}.name`), text: t(`insight.factor.${f.factor as SuccessFactor}`), count: f.count, href: f.href }));
  const measureRows: BarRow[] = d.characteristics.map((c) => ({
    key: c.characteristic,
    name: t(`insight.measure.${c.characteristic as Characteristic}.name`),
    text: t(`insight.measure.${c.characteristic as Characteristic}.text`),
    count: c.count,
    href: c.href,
  }));

  const bars = (rows: BarRow[]) => (
    <ul className="insight-bars">
      {rows.map((r) => (
        <li key={r.key} className="insight-bar">
          <div className="insight-bar__head">
            <h3 className="insight-bar__name">{r.name}</h3>
            <span className="insight-bar__value">
              <Link to={r.href} aria-label={t('insight.countLink', { count: r.count, name: r.name })}>
                {r.count}
              </Link>{' '}
              <span className="meta">{t('insight.ofTotal', { total })}</span>
            </span>
          </div>
          {/* The number is in the text above; the bar only shows its share of all counted initiatives. */}
          <div className="insight-bar__track" aria-hidden="true">
            <div className="insight-bar__fill" style={{ width: `${percent(r.count)}%` }} />
          </div>
          <p className="insight-bar__text">{r.text}</p>
        </li>
      ))}
    </ul>
  );

  return (
    <div className="container page">
      <p className="eyebrow">
        <Link to="/statistik">{t('stats.title')}</Link>
      </p>
      <h1 className="insight-title">{d.theme ? t('insight.titleTheme', { area: areaName, theme: t(`theme.${d.theme as Theme}`) }) : t('insight.title', { area: areaName })}</h1>
      <p className="lead">{t('insight.lead')}</p>

      <Form method="get" className="filter-bar" aria-label={t('insight.picker')}>
        <label htmlFor="omrade">{t('insight.area')}</label>
        <select id="omrade" name="omrade" defaultValue={d.area.kind === 'country' ? '' : d.area.code}>
          <option value="">{t('area.country')}</option>
          <AreaOptions groups={d.areaGroups} />
        </select>
        <label htmlFor="tema">{t('insight.theme')}</label>
        <select id="tema" name="tema" defaultValue={d.theme ?? ''}>
          <option value="">{t('filter.anyTheme')}</option>
          {THEMES.map((v) => (
            <option key={v} value={v}>
              {t(`theme.${v}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="button button--secondary">
          {t('insight.show')}
        </button>
      </Form>

      <p className="insight-total">
        <strong>{t('insight.total', { count: total })}</strong> · <Link to={d.total.href}>{t('insight.totalLink', { count: total })}</Link>
      </p>
      <p className="meta">{t('insight.visibilityNote')}</p>
      {total === 0 ? <Notice tone="info">{t('insight.empty')}</Notice> : null}

      <div className="insight-layout">
        <div>
          <section aria-labelledby="insight-factors">
            <h2 id="insight-factors">{t('insight.factors.title')}</h2>
            <p className="meta">{t('insight.factors.lead')}</p>
            {bars(factorRows)}
          </section>
          <section aria-labelledby="insight-measures">
            <h2 id="insight-measures">{t('insight.measures.title')}</h2>
            <p className="meta">{t('insight.measures.lead')}</p>
            {bars(measureRows)}
          </section>
        </div>
        <div className="insight-table">
          <table className="table">
            <caption>{t('insight.table.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('insight.table.what')}</th>
                <th scope="col" className="num">
                  {t('insight.table.count')}
                </th>
                <th scope="col" className="num">
                  {t('insight.table.share')}
                </th>
              </tr>
            </thead>
            {[
              { id: 'factors', title: t('insight.factors.title'), rows: factorRows },
              { id: 'measures', title: t('insight.measures.title'), rows: measureRows },
            ].map((group) => (
              <tbody key={group.id}>
                <tr className="insight-table__group">
                  <th scope="colgroup" colSpan={3}>
                    {group.title}
                  </th>
                </tr>
                {group.rows.map((r) => (
                  <tr key={r.key}>
                    <th scope="row">{r.name}</th>
                    <td className="num">
                      <Link to={r.href} aria-label={t('insight.countLink', { count: r.count, name: r.name })}>
                        {r.count}
                      </Link>
                    </td>
                    <td className="num">{fmtPercent(r.count)}</td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      </div>
    </div>
  );
}

/** Bad input gets its own message: an unknown theme (400) or area (404), with a way back. */
export function ErrorBoundary() {
  const t = useT();
  const withMessage: StatusHandler = ({ error }) => {
    const message = (error.data as { message?: unknown } | null)?.message;
    if (typeof message !== 'string') return <ErrorMessage status={error.status} />;
    return (
      <ErrorMessage status={error.status} title={t('insight.statsLink')}>
        <Notice tone="warning">{message}</Notice>
        <p>
          <Link to="/statistik/framgangsfaktorer">{t('insight.error.back')}</Link>
        </p>
      </ErrorMessage>
    );
  };
  return <GeneralErrorBoundary statusHandlers={{ 400: withMessage, 404: withMessage }} />;
}
