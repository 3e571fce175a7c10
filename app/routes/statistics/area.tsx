import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { findArea, listChildAreas } from '#db/queries/areas.server.ts';
import { publishedInitiativesQuery, withTotal } from '#db/queries/initiatives.server.ts';
import { publishedLessonsQuery } from '#db/queries/lessons.server.ts';
import { indicatorsWithValuesFor, valuesForQuery } from '#db/queries/indicators.server.ts';
import { oneStatement } from '#db/one-statement.server.ts';
import { VISIBILITIES } from '#app/vocabulary.ts';
import { ChartLegend, exampleLabelsFrom, LineChart } from '#app/components/line-chart.tsx';
import { exampleShare, isExampleValue } from '#app/indicators/example-data.ts';
import { ContentCards } from '#app/components/content-cards.tsx';
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
import { KeyFigureTable } from '#app/components/key-figure-table.tsx';
import { FollowButton } from '#app/components/follow-button.tsx';
import { followButtonFrom, followButtonQuery } from '#app/follows/follows.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.area.name} – Samverka` : 'Samverka' }];

/** An area's page: its indicators over time beside the area above it (län, or kommun for a district) and Sweden, and the work that concerns it. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
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
  // The first KEY_FIGURES of the indicators with values here (the most recent first); `?nyckeltal=alla` shows them all.
  const allKeyFigures = new URL(request.url).searchParams.get('nyckeltal') === 'alla';
  const [shown, children] = await Promise.all([indicatorsWithValuesFor(db, area.code, allKeyFigures ? null : KEY_FIGURES), listChildAreas(db, area.code)]);
  // A kommun or län can be followed; a district is followed through its kommun.
  const followTarget = area.kind === 'district' ? null : { kind: 'area' as const, key: area.code };
  const groupAreaCodes = [area.code, ...(parent ? [parent.code] : [])];
  // Everything else about the area in one round trip (issue 15); the policy module still decides each row below.
  const folded = await oneStatement(db, {
    initiatives: publishedInitiativesQuery(db, { visibilities, area: area.code, sort: 'newest', limit: SHOWN }),
    lessons: publishedLessonsQuery(db, { visibilities, area: area.code, limit: SHOWN }),
    values: shown.indicators.length ? valuesForQuery(db, shown.indicators.map((i) => i.code), compared) : null,
    snapshots: snapshotCandidatesFor(db, actor, { areaCode: area.code, limit: 100 }),
    groups: groupsForAreaQuery(db, actor, groupAreaCodes),
    following: followTarget ? followButtonQuery(db, actor, followTarget) : null,
  });
  const values = folded.values ?? [];
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
    /** How many indicators have values here, and whether the page shows them all. */
    keyFigures: { total: shown.total, all: allKeyFigures || shown.total <= KEY_FIGURES },
    charts: shown.indicators
      .map((i) => ({
        code: i.code,
        nameSv: i.nameSv,
        nameEn: i.nameEn,
        unit: i.unit,
        decimals: i.decimals,
        higherIsBetter: i.higherIsBetter,
        series: compared.map((code) => {
          const own = values.filter((v) => v.indicatorCode === i.code && v.areaCode === code);
          return {
            code,
            label: names[code] ?? code,
            points: own.map((v) => ({ period: v.period, value: Number(v.value) })),
            example: exampleShare(own.map((v) => isExampleValue(i.isExample, v.importFormat))),
          };
        }),
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

/** How many initiatives and lessons the page shows before "Show all N" (and snapshots and groups before their disclosure): the newest three keep the page within two screens. */
const SHOWN = 3;
/** Key figures (and charts) shown before "All N key figures": two rows of four charts, and a table that fits a screen. */
const KEY_FIGURES = 8;

const UNIT_LABELS: Record<string, string> = { procent: '%', kronor: 'kr', antal: '', per1000: '‰' };

export default function AreaPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locatorLabel = d.locator ? (d.locator.county ? t('map.locator', { name: d.locator.name, county: d.locator.county }) : t('map.locatorCounty', { name: d.locator.name })) : '';
  // The notice above the key figures says it once when every value on the page is example data; otherwise
  // each chart names its example series (imported values in an example indicator are not example data).
  const allExample = d.charts.length > 0 && d.charts.every((c) => c.series.every((s) => s.example === 'all' || s.points.length === 0));
  const anyExample = d.charts.some((c) => c.series.some((s) => s.example !== 'none'));
  // The small charts name their example series briefly; what example data is, the page says once.
  const exampleLabels = { ...exampleLabelsFrom(t), note: (series: string) => t('chart.exampleNoteShort', { series }) };
  const seriesLabel = (s: { code: string; label: string }) => (s.code === 'SE' ? t('area.country') : s.label);
  const legend = d.charts[0]?.series.map((s, i) => ({ label: seriesLabel(s), emphasis: i === 0 }));
  const nameOf = (c: { nameSv: string; nameEn: string }) => (t.locale === 'sv' ? c.nameSv : c.nameEn);
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
          <p className="eyebrow">{d.area.kind === 'municipality' ? t('sector.kommun') : d.area.kind === 'district' ? t('area.district') : t('area.county')}</p>
          <h1>{t('area.title', { name: d.area.name })}</h1>
          <p className="lead">
            {d.municipality ? t('area.leadDistrict', { municipality: d.municipality.name }) : d.county ? t('area.lead', { county: d.county.name }) : t('area.leadCounty')}
          </p>
          <div className="area-head__line">
            <p className="area-head__counts">
              <a href="#area-initiatives">{t('area.initiativesCount', { count: d.initiativesTotal })}</a> · <a href="#area-lessons">{t('area.lessonsCount', { count: d.lessonsTotal })}</a> ·{' '}
              <a href="#area-snapshots">{t('area.snapshotsCount', { count: d.snapshots.snapshots.length })}</a> · <a href="#area-groups">{t('area.groupsCount', { count: d.groups.length })}</a>
            </p>
            {d.follow ? <FollowButton state={d.follow} name={d.area.name} /> : null}
          </div>
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
      {d.charts.length > 0 ? (
        <section aria-labelledby="key-figures">
          <div className="area-section__head">
            <h2 id="key-figures">{t('keyfig.title')}</h2>
            {allExample ? <p className="area-note">{t('stats.exampleNote')}</p> : null}
          </div>
          <KeyFigureTable
            id="key-figure-table"
            caption={t('keyfig.caption', { name: d.area.name })}
            rows={d.charts.flatMap((c) => (c.key ? [{ code: c.code, name: nameOf(c), unit: c.unit, decimals: c.decimals, key: c.key }] : []))}
            compared={d.charts[0]!.series.slice(1).map((s) => ({ code: s.code, label: seriesLabel(s) }))}
          />
          {d.keyFigures.total > KEY_FIGURES ? (
            <p className="area-more">
              {d.keyFigures.all ? (
                <Link to={`/omraden/${d.area.code}#key-figures`}>{t('keyfig.fewer', { count: KEY_FIGURES })}</Link>
              ) : (
                <Link to={`/omraden/${d.area.code}?nyckeltal=alla#key-figures`}>{t('keyfig.all', { count: d.keyFigures.total })}</Link>
              )}
            </p>
          ) : null}
        </section>
      ) : null}
      {d.charts.length > 0 ? (
        <section aria-labelledby="area-charts">
          <div className="area-section__head">
            <h2 id="area-charts">{t('keyfig.charts')}</h2>
            {legend ? <ChartLegend series={legend} /> : null}
            <p className="meta">{t('area.correlation')}</p>
            {anyExample && !allExample ? <p className="area-note">{t('area.exampleMixed')}</p> : null}
          </div>
          <div className="chart-grid chart-grid--small">
            {d.charts.map((c) => {
              const name = nameOf(c);
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
                  series={c.series.map((s, i) => ({ label: seriesLabel(s), points: s.points, emphasis: i === 0, example: s.example }))}
                  locale={t.locale}
                  labels={{ period: t('chart.period'), table: t('chart.table'), before: t('chart.before'), during: t('chart.during'), after: t('chart.after') }}
                  exampleLabels={exampleLabels}
                  exampleNoteShown={!allExample}
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
