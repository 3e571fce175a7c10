import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { findArea, listChildAreas } from '#db/queries/areas.server.ts';
import { publishedInitiativesQuery, withTotal } from '#db/queries/initiatives.server.ts';
import { publishedLessonsQuery } from '#db/queries/lessons.server.ts';
import { listIndicators, valuesForQuery } from '#db/queries/indicators.server.ts';
import { oneStatement } from '#db/one-statement.server.ts';
import { VISIBILITIES } from '#app/vocabulary.ts';
import { ChartLegend, LineChart } from '#app/components/line-chart.tsx';
import { ContentCards } from '#app/components/content-cards.tsx';
import { Notice } from '#app/components/ui.tsx';
import { notFound } from '#app/context.server.ts';
import { formatNumber } from '#app/i18n/format.ts';
import { useT } from '#app/i18n/use-t.ts';
import { canReadVisibility } from '#app/policy.ts';
import { AreaSnapshots } from '#app/components/area-snapshots.tsx';
import { areaSnapshotSection, snapshotCandidatesFor } from '#app/content/snapshots.server.ts';
import { GroupList } from '#app/components/group-list.tsx';
import { groupsForAreaFrom, groupsForAreaQuery } from '#app/groups/groups.server.ts';
import { pathKey } from '#app/http/form.server.ts';
import { countyLocatorMap, swedenLocatorMap } from '#app/indicators/geo.server.ts';
import { keyFigure } from '#app/indicators/key-figures.ts';
import { withUnit } from '#app/indicators/choropleth.ts';
import { FollowButton } from '#app/components/follow-button.tsx';
import { followButtonFrom, followButtonQuery } from '#app/follows/follows.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.area.name} – Samverka` : 'Samverka' }];

/** An area's page: its indicators over time beside the area above it (län, or kommun for a district) and Sweden, and the work that concerns it. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const area = await findArea(context.services.db, pathKey(params.code));
  if (!area || area.kind === 'country') notFound();
  const { db } = context.services;
  // Compared with the area one level up: the län for a kommun, the kommun for a district (RegSO/DeSO).
  const parent = area.kind !== 'county' && area.parentCode ? await findArea(db, area.parentCode) : undefined;
  const county = area.kind === 'municipality' ? parent : undefined;
  const municipality = area.kind === 'district' ? parent : undefined;
  const compared = [area.code, ...(parent ? [parent.code] : []), 'SE'];
  const actor = await context.actor();
  const visibilities = VISIBILITIES.filter((v) => canReadVisibility(actor, v));
  const [indicators, children] = await Promise.all([listIndicators(db), listChildAreas(db, area.code)]);
  // A kommun or län can be followed; a district is followed through its kommun.
  const followTarget = area.kind === 'district' ? null : { kind: 'area' as const, key: area.code };
  const groupAreaCodes = [area.code, ...(parent ? [parent.code] : [])];
  // Everything else about the area in one round trip (issue 15); the policy module still decides each row below.
  const folded = await oneStatement(db, {
    initiatives: publishedInitiativesQuery(db, { visibilities, area: area.code, sort: 'newest', limit: SHOWN }),
    lessons: publishedLessonsQuery(db, { visibilities, area: area.code, limit: SHOWN }),
    values: indicators.length ? valuesForQuery(db, indicators.map((i) => i.code), compared) : null,
    snapshots: snapshotCandidatesFor(db, actor, { areaCode: area.code, limit: 100 }),
    groups: groupsForAreaQuery(db, actor, groupAreaCodes),
    following: followTarget ? followButtonQuery(db, actor, followTarget) : null,
  });
  const { values } = folded;
  const initiatives = withTotal(folded.initiatives);
  const lessons = withTotal(folded.lessons);
  const names: Record<string, string> = { [area.code]: area.name, ...(parent ? { [parent.code]: parent.name } : {}), SE: '' };
  // The locator: a kommun (or a district's kommun) within its län, a län within Sweden.
  const placed = area.kind === 'district' ? municipality : area;
  const locatorMap = placed ? (placed.kind === 'county' ? swedenLocatorMap() : countyLocatorMap(placed.code.slice(0, 2))) : undefined;
  const locatorCounty = placed?.kind === 'municipality' ? (county ?? (await findArea(db, placed.code.slice(0, 2)))) : undefined;
  return {
    locator: locatorMap && placed
      ? { width: locatorMap.width, height: locatorMap.height, shapes: locatorMap.shapes.map((s) => ({ d: s.d, here: s.code === placed.code })), name: placed.name, county: locatorCounty?.name ?? null }
      : null,
    area: { code: area.code, name: area.name, kind: area.kind },
    county: county ? { code: county.code, name: county.name } : null,
    municipality: municipality ? { code: municipality.code, name: municipality.name } : null,
    charts: indicators
      .map((i) => ({
        code: i.code,
        nameSv: i.nameSv,
        nameEn: i.nameEn,
        unit: i.unit,
        decimals: i.decimals,
        isExample: i.isExample,
        higherIsBetter: i.higherIsBetter,
        series: compared.map((code) => ({
          code,
          label: names[code] ?? code,
          points: values.filter((v) => v.indicatorCode === i.code && v.areaCode === code).map((v) => ({ period: v.period, value: Number(v.value) })),
        })),
      }))
      .filter((c) => c.series[0]!.points.length > 0)
      .map((c) => ({ ...c, key: keyFigure(c.series[0]!.points, c.series.slice(1), c.higherIsBetter, c.decimals) })),
    snapshots: areaSnapshotSection(actor, folded.snapshots),
    follow: followTarget ? followButtonFrom(actor, followTarget, folded.following) : null,
    // Working groups about this kommun or its län, as far as the reader may see their names.
    groups: groupsForAreaFrom(actor, folded.groups),
    /** The newest few; the whole list is a link away (the same filter and visibility on /insatser and /lardomar). */
    initiativesTotal: initiatives.total,
    lessonsTotal: lessons.total,
    initiatives: initiatives.rows.map((r) => ({ slug: r.slug, title: r.title, summary: r.summary, organizationName: r.organizationName, successFactors: r.successFactors })),
    lessons: lessons.rows.map((r) => ({ slug: r.slug, title: r.title, summary: r.summary, organizationName: r.organizationName, successFactors: r.successFactors })),
    /** A kommun's districts (RegSO/DeSO) once imported; a län's kommuner are a click away on /statistik. */
    districts: area.kind === 'municipality' ? children.map((c) => ({ code: c.code, name: c.name })) : [],
  };
}

/** How many initiatives and lessons the page shows before "Show all N" (and snapshots and groups before their disclosure). */
const SHOWN = 4;

const UNIT_LABELS: Record<string, string> = { procent: '%', kronor: 'kr', antal: '', per1000: '‰' };

export default function AreaPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locatorLabel = d.locator ? (d.locator.county ? t('map.locator', { name: d.locator.name, county: d.locator.county }) : t('map.locatorCounty', { name: d.locator.name })) : '';
  // The notice above the key figures says it once when every chart is example data; otherwise each example chart says so.
  const allExample = d.charts.length > 0 && d.charts.every((c) => c.isExample);
  const legend = d.charts[0]?.series.map((s, i) => ({ label: s.code === 'SE' ? t('area.country') : s.label, emphasis: i === 0 }));
  return (
    <div className="container page area-page">
      {d.municipality ? (
        <nav aria-label={t('area.breadcrumb')}>
          <ol className="breadcrumb">
            <li>
              <Link to={`/omraden/${d.municipality.code}`}>{d.municipality.name}</Link>
            </li>
            <li aria-current="page">{d.area.name}</li>
          </ol>
        </nav>
      ) : null}
      <div className="area-head">
        <div>
          <p className="eyebrow">{d.area.kind === 'municipality' ? t('sector.kommun') : d.area.kind === 'district' ? t('area.district') : t('filter.area')}</p>
          <h1>{t('area.title', { name: d.area.name })}</h1>
          <p className="lead">
            {d.municipality ? t('area.leadDistrict', { municipality: d.municipality.name }) : d.county ? t('area.lead', { county: d.county.name }) : t('area.leadCounty')}
          </p>
          <p className="area-head__counts">
            <a href="#area-initiatives">{t('area.initiativesCount', { count: d.initiativesTotal })}</a> · <a href="#area-lessons">{t('area.lessonsCount', { count: d.lessonsTotal })}</a> ·{' '}
            <a href="#area-snapshots">{t('area.snapshotsCount', { count: d.snapshots.snapshots.length })}</a> · <a href="#area-groups">{t('area.groupsCount', { count: d.groups.length })}</a>
          </p>
          {d.follow ? <FollowButton state={d.follow} name={d.area.name} /> : null}
        </div>
        {d.locator ? (
          <figure className="map map--locator">
            <svg viewBox={`0 0 ${d.locator.width} ${d.locator.height}`} className="map__svg" role="img" aria-label={locatorLabel}>
              {d.locator.shapes.map((s, i) => (
                <path key={i} className={s.here ? 'map__here' : 'map__base'} d={s.d} />
              ))}
            </svg>
            <figcaption className="meta">
              {locatorLabel}. {t('map.boundarySource')}
            </figcaption>
          </figure>
        ) : null}
      </div>
      {d.charts.some((c) => c.isExample) ? <Notice tone="warning">{t('stats.exampleNote')}</Notice> : null}
      {d.charts.length > 0 ? (
        <section aria-labelledby="key-figures">
          <h2 id="key-figures">{t('keyfig.title')}</h2>
          <ul className="key-figures">
            {d.charts.map((c) => {
              const k = c.key;
              if (!k) return null;
              const name = t.locale === 'sv' ? c.nameSv : c.nameEn;
              const value = (n: number) => withUnit(formatNumber(n, t.locale, c.decimals), c.unit);
              const delta = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${formatNumber(Math.abs(n), t.locale, c.decimals)}${c.unit === 'procent' ? ` ${t('keyfig.points')}` : withUnit('', c.unit)}`;
              return (
                <li key={c.code} className="key-figure">
                  <p className="key-figure__name">
                    <Link to={`/statistik/${c.code}`}>{name}</Link>
                  </p>
                  <p className="key-figure__value">
                    {value(k.value)} <span className="meta">{t('keyfig.latest', { period: k.period })}</span>
                  </p>
                  <p>{k.change ? t('keyfig.change', { from: k.change.from, change: delta(k.change.delta), direction: t(`keyfig.${k.change.verdict}`) }) : t('keyfig.noChange')}</p>
                  {k.against.map((a) => (
                    <p key={a.code}>
                      {t('keyfig.vs', {
                        other: a.code === 'SE' ? t('area.country') : (c.series.find((s) => s.code === a.code)?.label ?? a.code),
                        value: value(a.value),
                        direction: a.relation === 'same' ? t('keyfig.sameLevel') : `${t(`keyfig.${a.relation}`)}, ${t(`keyfig.${a.verdict}`)}`,
                      })}
                    </p>
                  ))}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
      {d.charts.length > 0 ? (
        <section aria-labelledby="area-charts">
          <h2 id="area-charts">{t('keyfig.charts')}</h2>
          <p className="meta">{t('area.correlation')}</p>
          {legend ? <ChartLegend series={legend} /> : null}
          <div className="chart-grid chart-grid--small">
            {d.charts.map((c) => {
              const name = t.locale === 'sv' ? c.nameSv : c.nameEn;
              const own = c.series[0]!.points;
              const first = own[0]!;
              const last = own.at(-1)!;
              return (
                <LineChart
                  key={c.code}
                  id={`chart-${c.code}`}
                  title={name}
                  description={t('area.describe', { indicator: name, area: d.area.name, first: formatNumber(first.value, t.locale, c.decimals), from: first.period, last: formatNumber(last.value, t.locale, c.decimals), to: last.period })}
                  unit={UNIT_LABELS[c.unit] ?? c.unit}
                  decimals={c.decimals}
                  series={c.series.map((s, i) => ({ label: s.code === 'SE' ? t('area.country') : s.label, points: s.points, emphasis: i === 0 }))}
                  locale={t.locale}
                  labels={{ period: t('chart.period'), table: t('chart.table'), before: t('chart.before'), during: t('chart.during'), after: t('chart.after') }}
                  exampleData={c.isExample && !allExample ? t('stats.exampleNote') : undefined}
                  tableDisclosure={t('keyfig.tableDisclosure')}
                  small
                />
              );
            })}
          </div>
        </section>
      ) : null}
      <div className="area-columns">
        <section aria-labelledby="area-initiatives">
          <h2 id="area-initiatives">{t('area.initiatives')}</h2>
          {d.initiatives.length === 0 ? <p>{t('area.noInitiatives')}</p> : <ContentCards items={d.initiatives} basePath="/insatser" compact />}
          <p className="area-more">
            {d.initiativesTotal > d.initiatives.length ? (
              <>
                <Link to={`/insatser?omrade=${d.area.code}`}>{t('area.allInitiatives', { count: d.initiativesTotal, area: d.area.name })}</Link>
                {' · '}
              </>
            ) : null}
            {d.area.kind !== 'district' ? <Link to={`/statistik/framgangsfaktorer?omrade=${d.area.code}`}>{t('insight.areaLink', { area: d.area.name })}</Link> : null}
          </p>
        </section>
        <section aria-labelledby="area-lessons">
          <h2 id="area-lessons">{t('area.lessons')}</h2>
          {d.lessons.length === 0 ? <p>{t('area.noLessons')}</p> : <ContentCards items={d.lessons} basePath="/lardomar" compact />}
          {d.lessonsTotal > d.lessons.length ? (
            <p className="area-more">
              <Link to={`/lardomar?omrade=${d.area.code}`}>{t('area.allLessons', { count: d.lessonsTotal, area: d.area.name })}</Link>
            </p>
          ) : null}
        </section>
        <AreaSnapshots areaCode={d.area.code} section={d.snapshots} shown={SHOWN} />
        <section aria-labelledby="area-groups">
          <h2 id="area-groups">{t('area.groups')}</h2>
          {d.groups.length === 0 ? <p>{t('area.noGroups')}</p> : <GroupList groups={d.groups.slice(0, SHOWN)} />}
          {d.groups.length > SHOWN ? (
            <details className="area-more">
              <summary>{t('area.moreGroups', { count: d.groups.length })}</summary>
              <GroupList groups={d.groups.slice(SHOWN)} />
            </details>
          ) : null}
        </section>
      </div>
      {d.districts.length > 0 ? (
        <section aria-labelledby="area-districts">
          <h2 id="area-districts">{t('area.districts')}</h2>
          <ul className="plain-list">
            {d.districts.map((a) => (
              <li key={a.code}>
                <Link to={`/omraden/${a.code}`}>{a.name}</Link> <span className="meta">{a.code}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
