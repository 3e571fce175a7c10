/**
 * A server-rendered SVG line chart that needs no JavaScript: the SVG has a title and a
 * caller-written description, series differ by colour, dash pattern AND marker shape, and the
 * same numbers follow in a plain table. No hooks and no random ids, so server and client agree.
 */
import { formatList, formatNumber } from '../i18n/format.ts';
import type { ExampleShare } from '../indicators/example-data.ts';
import type { useT } from '../i18n/use-t.ts';

export interface ChartSeries {
  label: string;
  points: { period: string; value: number }[];
  emphasis?: boolean;
  /** How much of the series is example data (app/indicators/example-data.ts); absent means none. */
  example?: ExampleShare;
}

/** The words that mark example data (from the caller's catalog, so this module stays free of t()). */
export interface ExampleLabels {
  /** Appended to an all-example series' label in the legend and the table: "exempeldata". */
  all: string;
  /** Appended to a partly example series' label: "delvis exempeldata". */
  some: string;
  /** Beside a partly example series' name in the note: "Malmö (delvis)". */
  partly: string;
  /** The chart's note, naming the example series: "Exempeldata i Malmö och Sverige: …". */
  note: (seriesNames: string) => string;
}

/** The example-data words in the reader's language. */
export const exampleLabelsFrom = (t: ReturnType<typeof useT>): ExampleLabels => ({
  all: t('chart.exampleAll'),
  some: t('chart.exampleSome'),
  partly: t('chart.examplePartly'),
  note: (seriesNames) => t('chart.exampleNote', { series: seriesNames }),
});

/** A series' label as the legend and the table show it: example data says so in words, not by style alone. */
export function seriesLabel(s: Pick<ChartSeries, 'label' | 'example'>, words: ExampleLabels | undefined): string {
  if (!words || !s.example || s.example === 'none') return s.label;
  return `${s.label} (${s.example === 'all' ? words.all : words.some})`;
}

/** The note under a chart's title naming its example series, or null when it has none. */
export function exampleNote(series: Pick<ChartSeries, 'label' | 'example'>[], words: ExampleLabels | undefined, locale: 'sv' | 'en'): string | null {
  const named = series.filter((s) => s.example && s.example !== 'none').map((s) => (s.example === 'some' && words ? `${s.label} (${words.partly})` : s.label));
  return words && named.length ? words.note(formatList(named, locale)) : null;
}

export interface LineChartProps {
  /** Unique per page; prefixes every id the chart renders. */
  id: string;
  title: string;
  /** Text alternative summarising the trend, written by the caller. */
  description: string;
  unit: string;
  decimals: number;
  series: ChartSeries[];
  markedPeriod?: { start: string; end: string | null; label: string };
  locale: 'sv' | 'en';
  labels: { period: string; table: string; before?: string; during?: string; after?: string };
  /** Words for example data; without them no series is marked. */
  exampleLabels?: ExampleLabels;
  /** False when the page already says that all its values are example data: the series are still marked, the note is left out. */
  exampleNoteShown?: boolean;
  /** When set, the data table sits behind a <details> disclosure with this summary (small multiples). */
  tableDisclosure?: string;
  /** A small multiple: a smaller drawing (so its text stays legible when the chart is narrow), fewer year labels, and no legend of its own (the page shows one for all). */
  small?: boolean;
}

/** Drawing sizes in SVG units; margins around the plot, the left one growing with the longest y label (about 9 units a character). */
const SIZES = {
  wide: { W: 640, H: 320, M: { top: 30, right: 16, bottom: 34 }, maxXLabels: 8 },
  small: { W: 320, H: 135, M: { top: 18, right: 10, bottom: 24 }, maxXLabels: 4 },
} as const;

/** Colour, dash and marker differ per series, so no series is told apart by colour alone. */
const STYLES = [
  { color: '#0b5c7a', dash: undefined, marker: 'circle' },
  { color: '#b34d00', dash: '7 4', marker: 'square' },
  { color: '#4d5a61', dash: '2 4', marker: 'triangle' },
  { color: '#7b3f8c', dash: '10 4 2 4', marker: 'diamond' },
] as const;

const PHASE_DEFAULTS = {
  sv: { before: 'Före', during: 'Under', after: 'Efter' },
  en: { before: 'Before', during: 'During', after: 'After' },
} as const;

/** Years compare as numbers; anything else falls back to plain string order. */
export function comparePeriods(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

function decimalsOf(step: number): number {
  for (let d = 0; d <= 10; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, scaled)) return d;
  }
  return 10;
}

const clean = (n: number) => {
  const r = Number(n.toFixed(10));
  return r === 0 ? 0 : r; // also turns -0 into 0
};

/** 4–6 "nice" ticks covering the values; zero is included unless every value is far from it (smallest magnitude over 60 % of the largest). */
export function niceTicks(values: number[]): { ticks: number[]; decimals: number } {
  let min = values.length ? Math.min(...values) : 0;
  let max = values.length ? Math.max(...values) : 1;
  if (min >= 0 && (min === max || min < max * 0.6)) min = 0;
  if (max <= 0 && (min === max || max > min * 0.6)) max = 0;
  if (min === max) max = min + 1; // only reached when every value is 0
  const span = max - min;
  const base = 10 ** Math.floor(Math.log10(span / 5));
  let step = base;
  let lo = 0;
  let hi = 0;
  let count = 0;
  for (const m of [1, 2, 2.5, 5, 10, 20, 25, 50]) {
    step = m * base;
    lo = Math.floor(clean(min / step)) * step;
    hi = Math.ceil(clean(max / step)) * step;
    count = Math.round((hi - lo) / step) + 1;
    if (count <= 6) break;
  }
  for (; count < 4; count++) {
    if (hi === 0 && lo < 0) lo -= step;
    else hi += step;
  }
  return { ticks: Array.from({ length: count }, (_, i) => clean(lo + i * step)), decimals: decimalsOf(step) };
}

function markerPath(shape: (typeof STYLES)[number]['marker'], x: number, y: number, r: number): string {
  const f = (n: number) => clean(n).toString();
  switch (shape) {
    case 'circle':
      return `M${f(x - r)} ${f(y)}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0Z`;
    case 'square':
      return `M${f(x - r)} ${f(y - r)}h${2 * r}v${2 * r}h${-2 * r}Z`;
    case 'triangle':
      return `M${f(x)} ${f(y - r * 1.2)}L${f(x + r * 1.15)} ${f(y + r)}L${f(x - r * 1.15)} ${f(y + r)}Z`;
    case 'diamond':
      return `M${f(x)} ${f(y - r * 1.3)}L${f(x + r * 1.3)} ${f(y)}L${f(x)} ${f(y + r * 1.3)}L${f(x - r * 1.3)} ${f(y)}Z`;
  }
}

const styleOf = (i: number) => STYLES[i % STYLES.length] ?? STYLES[0];

export function LineChart(props: LineChartProps): JSX.Element {
  const { id, title, description, unit, series, markedPeriod, locale, labels, exampleLabels, exampleNoteShown = true, tableDisclosure, small } = props;
  const note = exampleNoteShown ? exampleNote(series, exampleLabels, locale) : null;
  const { W, H, M, maxXLabels: MAX_X_LABELS } = small ? SIZES.small : SIZES.wide;
  const PLOT_H = H - M.top - M.bottom;
  const decimals = Math.min(20, Math.max(0, Math.round(Number.isFinite(props.decimals) ? props.decimals : 0)));
  const fmt = (n: number) => formatNumber(n, locale, decimals);
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const captionId = `${id}-caption`;

  // One lookup per series; non-finite values count as missing, like absent periods.
  const lookups = series.map((s) => {
    const map = new Map<string, number>();
    for (const p of s.points) if (Number.isFinite(p.value)) map.set(p.period, p.value);
    return map;
  });
  const periods = [...new Set(series.flatMap((s) => s.points.map((p) => p.period)))].sort(comparePeriods);
  const values = lookups.flatMap((m) => [...m.values()]);
  const { ticks, decimals: tickDecimals } = niceTicks(values);
  const yLo = ticks[0] ?? 0;
  const yHi = ticks[ticks.length - 1] ?? 1;

  const tickLabels = ticks.map((t) => formatNumber(t, locale, tickDecimals));
  const left = Math.min(140, Math.max(40, 18 + 9 * Math.max(...tickLabels.map((l) => l.length))));
  const slot = (W - left - M.right) / Math.max(1, periods.length);
  const x = (i: number) => clean(left + (i + 0.5) * slot);
  const y = (v: number) => clean(M.top + PLOT_H - ((v - yLo) / (yHi - yLo || 1)) * PLOT_H);
  const every = Math.max(1, Math.ceil(periods.length / MAX_X_LABELS));

  const d = PHASE_DEFAULTS[locale];
  const phases = { before: labels.before ?? d.before, during: labels.during ?? d.during, after: labels.after ?? d.after };
  type Phase = 'before' | 'during' | 'after';
  const phaseOf = (p: string, m: NonNullable<typeof markedPeriod>): Phase =>
    comparePeriods(p, m.start) < 0 ? 'before' : m.end !== null && comparePeriods(p, m.end) > 0 ? 'after' : 'during';
  const phaseKeys = markedPeriod ? periods.map((p) => phaseOf(p, markedPeriod)) : [];
  const first = phaseKeys.indexOf('during');
  const last = phaseKeys.lastIndexOf('during');
  const band = first >= 0 ? { x0: clean(x(first) - slot / 2), x1: clean(x(last) + slot / 2) } : null;

  // Consecutive present points form one segment; a missing period breaks the line.
  const segments = lookups.map((map) => {
    const out: { value: number; i: number }[][] = [];
    let current: { value: number; i: number }[] = [];
    periods.forEach((period, i) => {
      const value = map.get(period);
      if (value === undefined) {
        if (current.length) out.push(current);
        current = [];
      } else current.push({ value, i });
    });
    if (current.length) out.push(current);
    return out;
  });
  const unitSuffix = unit ? ` (${unit})` : '';
  const table = (
    <div className="chart__table" role="group" aria-labelledby={captionId} tabIndex={0}>
      <table>
        <caption>{labels.table}</caption>
        <thead>
          <tr>
            <th scope="col">{labels.period}</th>
            {series.map((s, si) => (
              <th key={si} scope="col" className="chart__num">{seriesLabel(s, exampleLabels)}{unitSuffix}</th>
            ))}
            {markedPeriod ? <th scope="col">{markedPeriod.label}</th> : null}
          </tr>
        </thead>
        <tbody>
          {periods.map((p, pi) => (
            <tr key={p}>
              <th scope="row">{p}</th>
              {lookups.map((map, si) => {
                const v = map.get(p);
                return <td key={si} className="chart__num">{v === undefined ? '—' : fmt(v)}</td>;
              })}
              {markedPeriod ? <td>{phases[phaseKeys[pi] ?? 'during']}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

  return (
    <figure className={small ? 'chart chart--small' : 'chart'}>
      <figcaption className="chart__caption" id={captionId}>
        <span className="chart__title">{title}</span>
        {note ? <span className="chart__note">{note}</span> : null}
      </figcaption>
      <div className="chart__body">
        <div className="chart__plot">
          <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby={`${titleId} ${descId}`} preserveAspectRatio="xMidYMid meet">
            <title id={titleId}>{title}</title>
            <desc id={descId}>{description}</desc>
            {band ? (
              <g className="chart__marked">
                <rect className="chart__band" x={band.x0} y={M.top} width={clean(band.x1 - band.x0)} height={PLOT_H} />
                <text className="chart__band-label" y={M.top + 14} {...((band.x0 + band.x1) / 2 < W / 2 ? { x: band.x0 + 4, textAnchor: 'start' } : { x: band.x1 - 4, textAnchor: 'end' })}>
                  {markedPeriod?.label}
                </text>
              </g>
            ) : null}
            <text className="chart__unit" x={8} y={16}>{unit}</text>
            <g className="chart__y-axis">
              {ticks.map((t, ti) => (
                <g key={t}>
                  <line className="chart__grid" x1={left} x2={W - M.right} y1={y(t)} y2={y(t)} />
                  <text x={left - 8} y={y(t)} dy="0.32em" textAnchor="end">{tickLabels[ti]}</text>
                </g>
              ))}
            </g>
            <g className="chart__x-axis">
              <line className="chart__axis" x1={left} x2={W - M.right} y1={M.top + PLOT_H} y2={M.top + PLOT_H} />
              {periods.map((p, i) =>
                i % every === 0 ? (
                  <text key={p} x={x(i)} y={M.top + PLOT_H + 20} textAnchor="middle">{p}</text>
                ) : null,
              )}
            </g>
            {series.map((s, si) => {
              const st = styleOf(si);
              const width = s.emphasis ? 3.5 : 2;
              return (
                <g key={si} className={`chart__series${s.emphasis ? ' chart__series--emphasis' : ''}`} data-series={si}>
                  {(segments[si] ?? []).map((seg) =>
                    seg.length > 1 ? (
                      <polyline key={`l${seg[0]?.i}`} className="chart__line" fill="none" stroke={st.color} strokeWidth={width} strokeDasharray={st.dash} strokeLinejoin="round"
                        points={seg.map((p) => `${x(p.i)},${y(p.value)}`).join(' ')} />
                    ) : null,
                  )}
                  {(segments[si] ?? []).flat().map((p) => (
                    <path key={p.i} className="chart__marker" d={markerPath(st.marker, x(p.i), y(p.value), s.emphasis ? 4.5 : 3.5)} fill={st.color} stroke="#fff" strokeWidth={1} />
                  ))}
                </g>
              );
            })}
          </svg>
          {small ? null : <ChartLegend series={series.map((s) => ({ ...s, label: seriesLabel(s, exampleLabels) }))} />}
        </div>
        {tableDisclosure ? (
          <details className="chart__disclosure">
            <summary>{tableDisclosure}</summary>
            {table}
          </details>
        ) : (
          table
        )}
      </div>
    </figure>
  );
}

/** Which line is which: colour, dash and marker per series (one legend for a page of small multiples). */
export function ChartLegend({ series }: { series: Pick<ChartSeries, 'label' | 'emphasis'>[] }) {
  return (
    <ul className="chart__legend">
      {series.map((s, si) => {
        const st = styleOf(si);
        return (
          <li key={si} className={s.emphasis ? 'chart__legend-item--emphasis' : undefined}>
            <svg viewBox="0 0 36 12" width="36" height="12" aria-hidden="true" focusable="false">
              <line x1={1} x2={35} y1={6} y2={6} stroke={st.color} strokeWidth={s.emphasis ? 3.5 : 2} strokeDasharray={st.dash} />
              <path d={markerPath(st.marker, 18, 6, 3.5)} fill={st.color} />
            </svg>
            {s.label}
          </li>
        );
      })}
    </ul>
  );
}
