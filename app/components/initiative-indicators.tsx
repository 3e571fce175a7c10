/**
 * The indicator section of an initiative page: trend charts for the indicators
 * it follows in each of its areas, with its period marked before / during /
 * after (said in words too), the snapshots attached to it, and for its editors
 * the choice of indicators to follow.
 */
import { Form, Link } from '@remix-run/react';
import type { InitiativeIndicatorSection } from '../indicators/initiative-charts.server.ts';
import { spanOf } from '../indicators/period-marking.ts';
import { formatNumber } from '../i18n/format.ts';
import { useT } from '../i18n/use-t.ts';
import type { FieldErrors } from '../forms/validation.ts';
import { CheckboxGroup } from './choice-fields.tsx';
import { exampleLabelsFrom, LineChart } from './line-chart.tsx';
import { periodSpan, unitLabel, useChartLabels } from './snapshot-parts.tsx';
import { Badge, Notice } from './ui.tsx';

/** The intent of the "indicators this initiative follows" form; the initiative page's action looks for it. */
export const FOLLOW_INDICATORS_INTENT = 'follow-indicators';

export function InitiativeIndicators({ section, initiativeSlug, errors }: { section: InitiativeIndicatorSection; initiativeSlug: string; errors?: FieldErrors }) {
  const t = useT();
  const labels = useChartLabels();
  const name = (x: { nameSv: string; nameEn: string }) => (t.locale === 'sv' ? x.nameSv : x.nameEn);
  const { marked } = section;
  const markLabel = marked ? (marked.end ? t('initiative.indicators.markLabel', { from: marked.start, to: marked.end }) : t('initiative.indicators.markLabelOngoing', { from: marked.start })) : '';
  const periodInWords = !section.startDate
    ? t('initiative.indicators.noStart')
    : section.endDate
      ? t('initiative.indicators.periodWords', { start: section.startDate, end: section.endDate })
      : t('initiative.indicators.periodWordsOngoing', { start: section.startDate });
  if (section.charts.length === 0 && section.snapshots.length === 0 && !section.canChoose) return null;
  // Said once above the charts when every value is example data; otherwise each chart names its example series.
  const allExample = section.charts.length > 0 && section.charts.every((c) => c.series.every((s) => s.example === 'all' || s.points.length === 0));
  const exampleLabels = exampleLabelsFrom(t);
  return (
    <section aria-labelledby="indikatorer" className="initiative-indicators">
      <h2 id="indikatorer">{t('initiative.indicators.title')}</h2>
      <p className="meta">{t('initiative.indicators.correlation')}</p>
      {allExample ? <Notice tone="warning">{t('stats.exampleNote')}</Notice> : null}
      {section.charts.length > 0 ? <p>{periodInWords}</p> : null}
      {section.areaCount > section.areasShown ? <p className="meta">{t('initiative.indicators.areasCapped', { shown: section.areasShown, total: section.areaCount })}</p> : null}
      {section.charts.length === 0 && section.followed.length > 0 ? <p>{t('initiative.indicators.noValues')}</p> : null}
      {section.charts.map((c) => {
        const own = c.series[0]!.points;
        const first = own[0]!;
        const last = own.at(-1)!;
        const indicator = name(c);
        const phases = c.phases;
        const none = t('initiative.indicators.noYears');
        return (
          <div key={c.id} className="initiative-chart">
            <LineChart
              id={`initiative-chart-${c.id}`}
              title={t('initiative.indicators.chartTitle', { indicator, area: c.areaName })}
              description={t('area.describe', { indicator, area: c.areaName, first: formatNumber(first.value, t.locale, c.decimals), from: first.period, last: formatNumber(last.value, t.locale, c.decimals), to: last.period })}
              unit={unitLabel(c.unit)}
              decimals={c.decimals}
              series={c.series.map((s, i) => ({ label: s.code === 'SE' ? t('area.country') : s.label, points: s.points, emphasis: i === 0, example: s.example }))}
              markedPeriod={c.markedPeriod ? { start: c.markedPeriod.start, end: c.markedPeriod.end, label: markLabel } : undefined}
              locale={t.locale}
              labels={labels}
              exampleLabels={exampleLabels}
              exampleNoteShown={!allExample}
            />
            {phases ? (
              <p className="meta initiative-chart__phases">
                {t('initiative.indicators.phases', {
                  before: spanOf(phases.before) ?? none,
                  during: spanOf(phases.during) ?? none,
                  after: spanOf(phases.after) ?? none,
                })}
              </p>
            ) : null}
          </div>
        );
      })}

      {section.snapshots.length > 0 ? (
        <>
          <h3>{t('initiative.indicators.snapshots')}</h3>
          <ul className="result-list">
            {section.snapshots.map((s) => (
              <li key={s.slug} className="card">
                <p>
                  <Badge>{t(`snapshot.role.${s.role}`)}</Badge> <Link to={`/ogonblicksbilder/${s.slug}`}>{s.title}</Link>
                </p>
                <p className="meta">{t('initiative.indicators.snapshotMeta', { area: s.areaName, period: periodSpan(s.periodFrom, s.periodTo), date: s.takenAt })}</p>
                <ul className="plain-list plain-list--tight">
                  {s.figures.map((f) => (
                    <li key={f.code}>
                      {name(f)}:{' '}
                      {f.first ? `${formatNumber(f.first.value, t.locale, f.decimals)} ${unitLabel(f.unit)} (${f.first.period})` : '—'}
                      {f.last ? ` → ${formatNumber(f.last.value, t.locale, f.decimals)} ${unitLabel(f.unit)} (${f.last.period})` : ''}
                      {f.isExample ? ` – ${t('snapshot.exampleShort')}` : ''}
                    </li>
                  ))}
                </ul>
                {section.canChoose ? (
                  <Form method="post" action={`/ogonblicksbilder/${s.slug}`}>
                    <input type="hidden" name="initiative" value={initiativeSlug} />
                    <input type="hidden" name="returnTo" value={`/insatser/${initiativeSlug}`} />
                    <button type="submit" name="intent" value="detach" className="button button--small button--secondary">
                      {t('snapshot.detach')}
                      <span className="visually-hidden"> {s.title}</span>
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {section.catalogue ? (
        <details className="panel" open={section.followed.length === 0 || Boolean(errors?.indicatorCodes)}>
          <summary>{t('initiative.indicators.choose')}</summary>
          <Form method="post" className="form">
            <CheckboxGroup
              name="indicatorCodes"
              legend="initiative.indicators.followLegend"
              hint="initiative.indicators.followHint"
              options={section.catalogue.map((i) => ({ value: i.code, label: name(i) }))}
              selected={section.followed}
              error={errors?.indicatorCodes}
            />
            <button type="submit" name="intent" value={FOLLOW_INDICATORS_INTENT} className="button button--small">
              {t('initiative.indicators.followSave')}
            </button>
          </Form>
          <p>
            <Link to="/ogonblicksbilder/ny">{t('initiative.indicators.takeSnapshot')}</Link>
          </p>
        </details>
      ) : null}
    </section>
  );
}
