/** Pieces of the snapshot pages: a list of snapshots, a frozen indicator's chart with its provenance. */
import { Link } from '@remix-run/react';
import { formatNumber } from '#app/i18n/format.ts';
import type { ContentState, Visibility } from '#app/vocabulary.ts';
import { useT } from '../i18n/use-t.ts';
import type { ExampleShare } from '#app/indicators/example-data.ts';
import { exampleLabelsFrom, LineChart } from './line-chart.tsx';
import { Badge } from './ui.tsx';

/** How units show beside numbers; the catalogue stores words. */
export const UNIT_LABELS: Record<string, string> = { procent: '%', kronor: 'kr', antal: '', per1000: '‰' };
export const unitLabel = (unit: string) => UNIT_LABELS[unit] ?? unit;

/** The labels every LineChart on these pages shares. */
export function useChartLabels() {
  const t = useT();
  return { period: t('chart.period'), table: t('chart.table'), before: t('chart.before'), during: t('chart.during'), after: t('chart.after') };
}

export const periodSpan = (from: string, to: string) => (from === to ? from : `${from}–${to}`);

export interface SnapshotListEntry {
  slug: string;
  title: string;
  areaName: string;
  periodFrom: string;
  periodTo: string;
  state: ContentState;
  visibility: Visibility;
  organizationName: string;
  takenAt: string;
}

/** Snapshots as a list of cards; headings at `level` so they fit the page's outline. */
export function SnapshotList({ snapshots, level = 2 }: { snapshots: SnapshotListEntry[]; level?: 2 | 3 }) {
  const t = useT();
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <ul className="result-list">
      {snapshots.map((s) => (
        <li key={s.slug} className="card">
          <Heading>
            <Link to={`/ogonblicksbilder/${s.slug}`}>{s.title}</Link>
          </Heading>
          <p className="meta">
            {t('snapshot.listMeta', { area: s.areaName, period: periodSpan(s.periodFrom, s.periodTo), org: s.organizationName, date: s.takenAt.slice(0, 10) })}
          </p>
          {s.state !== 'published' ? <Badge tone="warning">{t(`initiative.state.${s.state}`)}</Badge> : null}
        </li>
      ))}
    </ul>
  );
}

export interface FrozenChartData {
  code: string;
  nameSv: string;
  nameEn: string;
  unit: string;
  decimals: number;
  /** The indicator was flagged as example data when the snapshot was taken (stored with it). */
  isExample: boolean;
  /** Per series, how much of it is example data (frozen values from a real import are not). */
  series: { code: string; label: string; points: { period: string; value: number }[]; example: ExampleShare }[];
  provenance: { source: string; retrievedAt: string | null; importedAt: string | null; fileSha256: string | null }[];
}

/** One frozen indicator: its chart and table, and where every value came from. */
export function FrozenIndicator({ chart, areaName, headingId, exampleNoteShown = true }: { chart: FrozenChartData; areaName: string; headingId: string; exampleNoteShown?: boolean }) {
  const t = useT();
  const labels = useChartLabels();
  const name = t.locale === 'sv' ? chart.nameSv : chart.nameEn;
  const own = chart.series[0]?.points ?? [];
  const first = own[0];
  const last = own.at(-1);
  const description =
    first && last
      ? t('area.describe', { indicator: name, area: areaName, first: formatNumber(first.value, t.locale, chart.decimals), from: first.period, last: formatNumber(last.value, t.locale, chart.decimals), to: last.period })
      : t('snapshot.noValues');
  return (
    <section className="snapshot-indicator" aria-labelledby={headingId}>
      <h3 id={headingId}>{name}</h3>
      {own.length === 0 ? <p>{t('snapshot.noValues')}</p> : null}
      {chart.series.length > 0 ? (
        <LineChart
          id={`snapshot-chart-${chart.code}`}
          title={name}
          description={description}
          unit={unitLabel(chart.unit)}
          decimals={chart.decimals}
          series={chart.series.map((s, i) => ({ label: s.code === 'SE' ? t('area.country') : s.label, points: s.points, emphasis: i === 0, example: s.example }))}
          locale={t.locale}
          labels={labels}
          exampleLabels={exampleLabelsFrom(t)}
          exampleNoteShown={exampleNoteShown}
        />
      ) : null}
      <div className="provenance">
        <p className="provenance__title">{t('snapshot.provenance')}</p>
        <ul className="plain-list plain-list--tight">
          {chart.provenance.map((p, i) => (
            <li key={i}>
              {t('snapshot.provenanceSource', { source: p.source })}
              {p.retrievedAt ? ` · ${t('snapshot.provenanceRetrieved', { date: p.retrievedAt })}` : ''}
              {p.importedAt ? ` · ${t('snapshot.provenanceImported', { date: p.importedAt })}` : ''}
              {p.fileSha256 ? (
                <>
                  {' · '}
                  {t('snapshot.provenanceHash')} <code title={p.fileSha256}>{p.fileSha256.slice(0, 12)}</code>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
