import { Window } from 'happy-dom';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, describe, expect, it } from 'vitest';
import { exampleLabelsFrom, LineChart, niceTicks, type ChartSeries, type LineChartProps } from '#app/components/line-chart.tsx';
import { exampleShare, isExampleValue } from '#app/indicators/example-data.ts';
import { translate, type Locale, type MessageKey, type TranslateParams } from '#app/i18n/index.ts';

const window = new Window({ settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
afterAll(() => window.happyDOM.close());

/** Renders on the server and parses the markup as a browser would. */
function render(overrides: Partial<LineChartProps> = {}) {
  const props: LineChartProps = {
    id: 'chart-a',
    title: 'Sysselsättningsgrad, 20–64 år',
    description: 'Sysselsättningen i kommunen steg från 70 till 78 procent mellan 2015 och 2020.',
    unit: '%',
    decimals: 1,
    locale: 'sv',
    labels: { period: 'År', table: 'Värden i tabellform', before: 'Före', during: 'Under', after: 'Efter' },
    series: [
      { label: 'Kommunen', emphasis: true, points: years(2015, [70, 71.25, 72.5, 74, 76.05, 78]) },
      { label: 'Länet', points: years(2015, [75, 75.5, 76, 76.5, 77, 77.5]) },
    ],
    ...overrides,
  };
  const html = renderToStaticMarkup(<LineChart {...props} />);
  const root = window.document.createElement('div');
  root.innerHTML = html;
  return { html, root };
}

function years(from: number, values: (number | null)[]): ChartSeries['points'] {
  return values.flatMap((value, i) => (value === null ? [] : [{ period: String(from + i), value }]));
}

/** The translator components get from useT(), over the real catalogs. */
const tOf = (locale: Locale) => Object.assign((key: MessageKey, params?: TranslateParams) => translate(locale, key, params), { locale });

const text = (el: { textContent: string | null } | null) => (el?.textContent ?? '').trim();
const bodyRows = (root: ReturnType<typeof render>['root']) =>
  [...root.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => text(c)));
const linesOf = (root: ReturnType<typeof render>['root'], series: number) => root.querySelectorAll(`g[data-series="${series}"] polyline`);

function expectClean(html: string) {
  expect(html).not.toMatch(/NaN|undefined|Infinity|null/);
  expect(html).not.toContain('dangerouslySetInnerHTML');
}

describe('LineChart', () => {
  it('labels the SVG with its <title> and <desc>', () => {
    const { html, root } = render();
    const svg = root.querySelector('figure > .chart__body svg[role="img"]');
    expect(svg).not.toBeNull();
    expect(svg?.getAttribute('viewBox')).toBe('0 0 640 320');
    expect(svg?.getAttribute('aria-labelledby')).toBe('chart-a-title chart-a-desc');
    expect(text(root.querySelector('svg > title#chart-a-title'))).toBe('Sysselsättningsgrad, 20–64 år');
    expect(text(root.querySelector('svg > desc#chart-a-desc'))).toBe('Sysselsättningen i kommunen steg från 70 till 78 procent mellan 2015 och 2020.');
    expect(text(root.querySelector('figcaption'))).toBe('Sysselsättningsgrad, 20–64 år');
    expect(root.querySelector('.chart__note')).toBeNull();
    expectClean(html);
  });

  it('renders a table whose rows match the data, with the Swedish decimal comma', () => {
    const { html, root } = render();
    expect(text(root.querySelector('table > caption'))).toBe('Värden i tabellform');
    expect([...root.querySelectorAll('thead th')].map((th) => text(th))).toEqual(['År', 'Kommunen (%)', 'Länet (%)']);
    expect(bodyRows(root)).toEqual([
      ['2015', '70,0', '75,0'],
      ['2016', '71,3', '75,5'],
      ['2017', '72,5', '76,0'],
      ['2018', '74,0', '76,5'],
      ['2019', '76,1', '77,0'],
      ['2020', '78,0', '77,5'],
    ]);
    expect(root.querySelectorAll('tbody th[scope="row"]').length).toBe(6);
    expectClean(html);
  });

  it('formats thousands with a no-break space in Swedish and commas in English', () => {
    const series = [{ label: 'Kommunen', points: [{ period: '2020', value: 12345.5 }] }];
    expect(bodyRows(render({ series, decimals: 1 }).root)).toEqual([['2020', '12\u00a0345,5']]);
    expect(bodyRows(render({ series, decimals: 0, locale: 'en' }).root)).toEqual([['2020', '12,346']]);
  });

  it('shows a gap as — and breaks the line there', () => {
    const { html, root } = render({
      series: [
        { label: 'Kommunen', emphasis: true, points: years(2015, [10, 12.5, null, 14, 15]) },
        { label: 'Riket', points: years(2015, [11, 11.5, 12, 12.5, 13]) },
      ],
    });
    expect(bodyRows(root)[2]).toEqual(['2017', '—', '12,0']);
    expect(bodyRows(root)[1]).toEqual(['2016', '12,5', '11,5']);
    const broken = linesOf(root, 0);
    expect(broken.length).toBe(2);
    expect(broken[0]?.getAttribute('points')?.split(' ').length).toBe(2);
    expect(broken[1]?.getAttribute('points')?.split(' ').length).toBe(2);
    expect(linesOf(root, 1).length).toBe(1);
    expect(root.querySelectorAll('g[data-series="0"] .chart__marker').length).toBe(4);
    expectClean(html);
  });

  it('tells series apart by dash pattern and marker, not colour alone; emphasis is thicker', () => {
    const { root } = render({
      series: ['A', 'B', 'C', 'D'].map((label, i) => ({ label, emphasis: i === 0, points: years(2015, [i, i + 1, i + 2]) })),
    });
    const lines = [0, 1, 2, 3].map((i) => linesOf(root, i)[0]);
    const dashes = lines.map((l) => l?.getAttribute('stroke-dasharray') ?? 'solid');
    const colours = lines.map((l) => l?.getAttribute('stroke'));
    const markers = [0, 1, 2, 3].map((i) => root.querySelector(`g[data-series="${i}"] .chart__marker`)?.getAttribute('d')?.replace(/[-\d.\s]+/g, ''));
    expect(new Set(dashes).size).toBe(4);
    expect(new Set(colours).size).toBe(4);
    expect(new Set(markers).size).toBe(4);
    expect(Number(lines[0]?.getAttribute('stroke-width'))).toBeGreaterThan(Number(lines[1]?.getAttribute('stroke-width')));
    expect([...root.querySelectorAll('.chart__legend li')].map((li) => text(li))).toEqual(['A', 'B', 'C', 'D']);
  });

  it('shades the marked period and classifies each period before/during/after', () => {
    const { html, root } = render({ markedPeriod: { start: '2017', end: '2018', label: 'Initiativet 2017–2018' } });
    const band = root.querySelector('rect.chart__band');
    expect(band).not.toBeNull();
    expect(Number(band?.getAttribute('width'))).toBeGreaterThan(0);
    expect(text(root.querySelector('.chart__band-label'))).toBe('Initiativet 2017–2018');
    expect([...root.querySelectorAll('thead th')].map((th) => text(th)).at(-1)).toBe('Initiativet 2017–2018');
    expect(bodyRows(root).map((r) => r.at(-1))).toEqual(['Före', 'Före', 'Under', 'Under', 'Efter', 'Efter']);
    expectClean(html);
  });

  it('treats an open-ended period as ongoing and falls back to default phase labels', () => {
    const { root } = render({ markedPeriod: { start: '2019', end: null, label: 'Pågår' }, labels: { period: 'År', table: 'Tabell' } });
    expect(root.querySelector('rect.chart__band')).not.toBeNull();
    expect(bodyRows(root).map((r) => r.at(-1))).toEqual(['Före', 'Före', 'Före', 'Före', 'Under', 'Under']);
  });

  it('has no band or extra column without a marked period', () => {
    const { root } = render();
    expect(root.querySelector('.chart__band')).toBeNull();
    expect(bodyRows(root)[0]?.length).toBe(3);
  });

  it('renders a single point and all-equal values without NaN', () => {
    const single = render({ series: [{ label: 'Kommunen', points: [{ period: '2024', value: 12.5 }] }] });
    expect(bodyRows(single.root)).toEqual([['2024', '12,5']]);
    expect(linesOf(single.root, 0).length).toBe(0);
    expect(single.root.querySelectorAll('.chart__marker').length).toBe(1);
    expectClean(single.html);

    for (const value of [0, 42, -3]) {
      const flat = render({ series: [{ label: 'Kommunen', points: years(2015, [value, value, value]) }] });
      expect(linesOf(flat.root, 0).length).toBe(1);
      expect(flat.root.querySelectorAll('.chart__y-axis text').length).toBeGreaterThanOrEqual(4);
      expectClean(flat.html);
    }
    expectClean(render({ series: [] }).html);
    expectClean(render({ series: [{ label: 'Tom', points: [] }] }).html);
  });

  it('gives two charts on one page different aria ids, and renders deterministically', () => {
    const a = render({ id: 'chart-a' });
    const b = render({ id: 'chart-b' });
    const ids = (root: typeof a.root) => [...root.querySelectorAll('[id]')].map((el) => el.getAttribute('id'));
    expect(ids(a.root).filter((id) => ids(b.root).includes(id))).toEqual([]);
    expect(b.root.querySelector('svg[role="img"]')?.getAttribute('aria-labelledby')).toBe('chart-b-title chart-b-desc');
    expect(render({ id: 'chart-a' }).html).toBe(a.html);
  });

  it('escapes text', () => {
    const { html, root } = render({ title: '<script>x</script>' });
    expect(html).not.toContain('<script>');
    expect(text(root.querySelector('svg > title'))).toBe('<script>x</script>');
  });

  describe('example data, per series (issue 14)', () => {
    const mixed: ChartSeries[] = [
      { label: 'Malmö', emphasis: true, example: 'none', points: years(2015, [70, 71]) },
      { label: 'Skåne län', example: 'some', points: years(2015, [75, 75.5]) },
      { label: 'Sverige', example: 'all', points: years(2015, [77, 77.5]) },
    ];
    const legendItems = (root: ReturnType<typeof render>['root']) => [...root.querySelectorAll('.chart__legend li')].map((li) => text(li));
    const headers = (root: ReturnType<typeof render>['root']) => [...root.querySelectorAll('thead th')].map((th) => text(th));

    it('marks each example series in the legend and the table, and names them in the note (Swedish)', () => {
      const { html, root } = render({ series: mixed, exampleLabels: exampleLabelsFrom(tOf('sv')) });
      expect(legendItems(root)).toEqual(['Malmö', 'Skåne län (delvis exempeldata)', 'Sverige (exempeldata)']);
      expect(headers(root)).toEqual(['År', 'Malmö (%)', 'Skåne län (delvis exempeldata) (%)', 'Sverige (exempeldata) (%)']);
      expect(text(root.querySelector('figcaption .chart__note'))).toBe(
        'Exempeldata i Skåne län (delvis) och Sverige: värdena är genererade för demonstration och är inte verklig statistik.',
      );
      expectClean(html);
    });

    it('says the same in English', () => {
      const { root } = render({ series: mixed, locale: 'en', exampleLabels: exampleLabelsFrom(tOf('en')) });
      expect(legendItems(root)).toEqual(['Malmö', 'Skåne län (partly example data)', 'Sverige (example data)']);
      expect(headers(root).slice(1)).toEqual(['Malmö (%)', 'Skåne län (partly example data) (%)', 'Sverige (example data) (%)']);
      expect(text(root.querySelector('figcaption .chart__note'))).toBe(
        'Example data in Skåne län (partly) and Sverige: the values are generated for demonstration and are not real statistics.',
      );
    });

    it('says nothing about example data when no series is example data', () => {
      const none = mixed.map((s) => ({ ...s, example: 'none' as const }));
      const { html, root } = render({ series: none, exampleLabels: exampleLabelsFrom(tOf('sv')) });
      expect(root.querySelector('.chart__note')).toBeNull();
      expect(html).not.toContain('exempeldata');
      expect(html).not.toContain('Exempeldata');
    });

    it('keeps the series marked but leaves the note out when the page already says all is example data', () => {
      const { root } = render({ series: mixed, exampleLabels: exampleLabelsFrom(tOf('sv')), exampleNoteShown: false });
      expect(root.querySelector('.chart__note')).toBeNull();
      expect(headers(root)[3]).toBe('Sverige (exempeldata) (%)');
    });
  });

  describe('which values are example data', () => {
    it('counts only values of an example indicator that no real import brought', () => {
      expect(isExampleValue(true, 'seed')).toBe(true);
      expect(isExampleValue(true, null)).toBe(true);
      expect(isExampleValue(true, 'csv')).toBe(false);
      expect(isExampleValue(true, 'json-stat')).toBe(false);
      expect(isExampleValue(false, 'seed')).toBe(false);
      expect(isExampleValue(false, null)).toBe(false);
    });

    it('sums a series up as all, some or none', () => {
      expect(exampleShare([true, true])).toBe('all');
      expect(exampleShare([true, false])).toBe('some');
      expect(exampleShare([false, false])).toBe('none');
      expect(exampleShare([])).toBe('none');
    });
  });

  it('thins out x labels when there are many periods', () => {
    const points = Array.from({ length: 30 }, (_, i) => ({ period: String(1995 + i), value: i * 1.5 }));
    const { html, root } = render({ series: [{ label: 'Kommunen', points }] });
    const labels = root.querySelectorAll('.chart__x-axis text').length;
    expect(labels).toBeGreaterThan(3);
    expect(labels).toBeLessThanOrEqual(8);
    expect(bodyRows(root).length).toBe(30);
    expectClean(html);
  });
});

describe('niceTicks', () => {
  it.each([
    [[70, 78], false],
    [[10, 20], true],
    [[12.5], true],
    [[0, 0], true],
    [[-5, -4.5], false],
    [[-3, 7], true],
    [[0.01, 0.04], true],
    [[1_000_000, 1_000_500], false],
  ])('gives 4–6 evenly spaced ticks for %j', (values, includesZero) => {
    const { ticks } = niceTicks(values);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks.length).toBeLessThanOrEqual(6);
    expect(ticks.every(Number.isFinite)).toBe(true);
    expect(ticks[0]).toBeLessThanOrEqual(Math.min(...values));
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(Math.max(...values));
    expect(ticks.includes(0)).toBe(includesZero);
    const steps = ticks.slice(1).map((t, i) => +(t - (ticks[i] ?? 0)).toFixed(9));
    expect(new Set(steps).size).toBe(1);
  });
});
