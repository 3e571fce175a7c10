import { gzipSync } from 'node:zlib';
import { Window } from 'happy-dom';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, describe, expect, it } from 'vitest';
import { ChoroplethMap } from '#app/components/choropleth-map.tsx';
import { LineChart } from '#app/components/line-chart.tsx';
import { classify, PALETTE } from '#app/indicators/choropleth.ts';
import { countyLocatorMap, nationalMap } from '#app/indicators/geo.server.ts';
import { keyFigure } from '#app/indicators/key-figures.ts';
import { buildIndicatorMapView, type MapOptions } from '#app/indicators/maps.server.ts';
import { KOMMUNER, LAN } from '#db/seed/areas-data.server.ts';

const window = new Window({ settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
afterAll(() => window.happyDOM.close());

const NBSP = '\u00a0';
const percent = { decimals: 1, unit: 'procent', higherIsBetter: true };

/** A known value for every kommun but Malmö's neighbour Lomma (missing): 50.0 + the kommun's position / 10. */
function kommunRows() {
  return KOMMUNER.map((k, i) => ({ code: k.code, name: k.name, value: k.code === '1262' ? null : k.code === '1280' ? 73.1 : 50 + i / 10 }));
}

function renderView(opts: Partial<MapOptions> = {}, indicator = percent, rows = kommunRows()) {
  const view = buildIndicatorMapView(indicator, { level: 'kommun', locale: 'sv', year: '2023', ...opts }, ['2023'], rows, []);
  const html = renderToStaticMarkup(
    <ChoroplethMap id="m" title="Test" width={view.width} height={view.height} areas={view.areas} legendTitle="Klasser" legend={view.legend} legendNote={view.legendNote} />,
  );
  const root = window.document.createElement('div');
  root.innerHTML = html;
  return { view, html, root };
}

describe('the projected boundaries', () => {
  it('has all 290 kommuner and 21 län with SCB codes, projected once and cached', () => {
    const k = nationalMap('kommun');
    expect(k.shapes).toHaveLength(290);
    expect(new Set(k.shapes.map((s) => s.code)).size).toBe(290);
    expect(new Set(k.shapes.map((s) => s.code))).toEqual(new Set(KOMMUNER.map((x) => x.code)));
    expect(nationalMap('lan').shapes.map((s) => s.code).sort()).toEqual(LAN.map((l) => l.code).sort());
    expect(nationalMap('kommun')).toBe(k); // the same object: paths computed once per process
    for (const s of k.shapes) {
      expect(s.d).toMatch(/^M[\d.]+ [\d.]+l/);
      expect(s.cx).toBeGreaterThan(0);
      expect(s.cx).toBeLessThan(k.width);
    }
    // Skåne's 33 kommuner on the locator map; an unknown län has none.
    expect(countyLocatorMap('12')?.shapes).toHaveLength(33);
    expect(countyLocatorMap('99')).toBeUndefined();
  });

  it('places kommuner where they are: Kiruna north of Malmö, Göteborg west of Stockholm', () => {
    const at = (code: string) => nationalMap('kommun').shapes.find((s) => s.code === code)!;
    expect(at('2584').cy).toBeLessThan(at('1280').cy);
    expect(at('1480').cx).toBeLessThan(at('0180').cx);
  });
});

describe('the indicator choropleth', () => {
  it('draws 290 kommun shapes, each a link to its area page named with the area and its value', () => {
    const { root } = renderView();
    const links = [...root.querySelectorAll('svg a')];
    expect(links).toHaveLength(290);
    expect(new Set(links.map((a) => a.getAttribute('href')))).toEqual(new Set(KOMMUNER.map((k) => `/omraden/${k.code}`)));
    for (const a of links) {
      expect(a.querySelector('path')).not.toBeNull();
      expect(a.querySelector('title')?.textContent).toBe(a.getAttribute('aria-label'));
    }
    const malmo = root.querySelector('a[href="/omraden/1280"]')!;
    expect(malmo.getAttribute('aria-label')).toBe(`Malmö: 73,1${NBSP}%`);
    const lomma = root.querySelector('a[href="/omraden/1262"]')!;
    expect(lomma.getAttribute('aria-label')).toBe('Lomma: värde saknas');
    expect(lomma.querySelector('path')!.getAttribute('fill')).toBe('url(#m-hatch)');
  });

  it('keeps the kommun map SVG under 150 KB', () => {
    const { html } = renderView();
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>') + 6);
    const bytes = Buffer.byteLength(svg);
    expect(bytes).toBeLessThan(150 * 1024);
    expect(gzipSync(svg).length).toBeLessThan(bytes / 2);
  });

  it('makes five quantile classes with the right bounds and counts for a known set of values', () => {
    const { classes, classOf } = classify([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], false);
    expect(classes.map((c) => [c.min, c.max, c.count])).toEqual([
      [1, 2, 2],
      [3, 4, 2],
      [5, 6, 2],
      [7, 8, 2],
      [9, 10, 2],
    ]);
    expect([1, 2, 3, 8, 9, 10].map(classOf)).toEqual([0, 0, 1, 3, 4, 4]);
    expect(classOf(null)).toBe(-1);
    // Ties stay in one class; fewer distinct values make fewer classes, still from light to dark.
    const ties = classify([5, 5, 5, 5, 5, 5, 9, 9], false);
    expect(ties.classes.map((c) => [c.min, c.max, c.count])).toEqual([
      [5, 5, 6],
      [9, 9, 2],
    ]);
    expect(ties.classes.map((c) => c.color)).toEqual([PALETTE[0], PALETTE[4]]);
  });

  it('darkens the worse end: low values when higher is better, high values when lower is better', () => {
    const values = [10, 20, 30, 40, 50];
    const better = classify(values, true);
    const worse = classify(values, false);
    expect(better.classes.map((c) => c.color)).toEqual([...PALETTE].reverse());
    expect(worse.classes.map((c) => c.color)).toEqual([...PALETTE]);
    const lowTone = (hib: boolean) => renderView({}, { ...percent, higherIsBetter: hib }).root.querySelector('a[href="/omraden/0114"] path')!.getAttribute('class');
    // Upplands Väsby has the lowest value (first kommun): darkest when higher is better, lightest otherwise.
    expect(lowTone(true)).toBe('c4');
    expect(lowTone(false)).toBe('c0');
    expect(renderView({}, { ...percent, higherIsBetter: true }).view.legendNote).toMatch(/Mörkare.*lägre värde/);
    expect(renderView({}, { ...percent, higherIsBetter: false }).view.legendNote).toMatch(/Mörkare.*högre värde/);
  });

  it('has a legend with each class and the areas without a value', () => {
    const { root, view } = renderView();
    const items = [...root.querySelectorAll('.map__legend li')].map((li) => li.textContent);
    expect(items).toHaveLength(6);
    expect(items.at(-1)).toBe('Värde saknas (1 st, randigt)');
    expect(view.legend.slice(0, 5).reduce((n, l) => n + Number(/\((\d+) st\)/.exec(l.label)![1]), 0)).toBe(289);
  });

  it('gives a table with exactly the values and classes of the map, sorted the Swedish way', () => {
    const { view } = renderView();
    expect(view.rows).toHaveLength(290);
    const areas = new Map(view.areas.map((a) => [a.code, a]));
    for (const r of view.rows) {
      const a = areas.get(r.code)!;
      expect(a.tone).toBe(r.tone);
      expect(a.label).toBe(`${r.name}: ${r.value === null ? 'värde saknas' : `${r.formatted}${NBSP}%`}`);
    }
    // Swedish collation: Å, Ä, Ö come after Z.
    const names = view.rows.map((r) => r.name);
    expect(names.indexOf('Ystad')).toBeLessThan(names.indexOf('Åre'));
    expect(names.indexOf('Åre')).toBeLessThan(names.indexOf('Älmhult'));
    expect(names.indexOf('Älmhult')).toBeLessThan(names.indexOf('Örebro'));
    // By value, highest first; the missing value last either way.
    const desc = buildIndicatorMapView(percent, { level: 'kommun', locale: 'sv', year: '2023', sort: 'varde', order: 'fallande' }, ['2023'], kommunRows(), []).rows;
    expect(desc[0]!.value).toBe(Math.max(...kommunRows().map((r) => r.value ?? 0)));
    expect(desc.at(-1)!.code).toBe('1262');
    const asc = buildIndicatorMapView(percent, { level: 'kommun', locale: 'sv', year: '2023', sort: 'varde' }, ['2023'], kommunRows(), []).rows;
    expect(asc[0]!.code).toBe('0114');
    expect(asc.at(-1)!.code).toBe('1262');
  });

  it('draws the 21 län at niva=lan', () => {
    const rows = LAN.map((l, i) => ({ code: l.code, name: l.name, value: i }));
    const { root } = renderView({ level: 'lan' }, percent, rows);
    expect(root.querySelectorAll('svg a')).toHaveLength(21);
    expect(root.querySelector('a[href="/omraden/12"]')).not.toBeNull();
  });
});

describe('key figures', () => {
  const own = [2018, 2019, 2020, 2021, 2022, 2023, 2024].map((y, i) => ({ period: String(y), value: 70 + i }));
  it('compares with five years earlier and with the län and Sweden, in words', () => {
    const k = keyFigure(own, [{ code: '12', points: [{ period: '2024', value: 80 }] }, { code: 'SE', points: [{ period: '2024', value: 76 }] }], true, 1)!;
    expect(k).toMatchObject({ period: '2024', value: 76, change: { from: '2019', delta: 5, verdict: 'better' } });
    expect(k.against).toEqual([
      { code: '12', value: 80, relation: 'lower', verdict: 'worse' },
      { code: 'SE', value: 76, relation: 'same', verdict: 'same' },
    ]);
    expect(keyFigure(own, [], false, 1)!.change!.verdict).toBe('worse');
    expect(keyFigure(own.slice(3), [], true, 1)!.change).toBeNull();
    expect(keyFigure([], [], true, 1)).toBeNull();
  });
});

describe('small-multiple charts', () => {
  it('puts the data table behind a disclosure when asked', () => {
    const props = { id: 'c', title: 'T', description: 'D', unit: '%', decimals: 1, locale: 'sv' as const, labels: { period: 'År', table: 'Tabell' }, series: [{ label: 'Malmö', points: [{ period: '2023', value: 1 }] }] };
    const root = window.document.createElement('div');
    root.innerHTML = renderToStaticMarkup(<LineChart {...props} tableDisclosure="Visa värdena som tabell" />);
    expect(root.querySelector('details > summary')?.textContent).toBe('Visa värdena som tabell');
    expect(root.querySelector('details table caption')?.textContent).toBe('Tabell');
    root.innerHTML = renderToStaticMarkup(<LineChart {...props} />);
    expect(root.querySelector('details')).toBeNull();
    expect(root.querySelector('table')).not.toBeNull();
  });
});

describe('example data on the map (issue 14)', () => {
  const label = (view: ReturnType<typeof renderView>['view'], code: string) => view.areas.find((a) => a.code === code)!.label;

  it('marks the fewer kind: one imported value among example data, or one example value among imported ones', () => {
    const mostlyExample = renderView({}, percent, kommunRows().map((r) => ({ ...r, example: r.code !== '1280' }))).view;
    expect(mostlyExample).toMatchObject({ example: 'some', marked: 'imported' });
    expect(label(mostlyExample, '1280')).toBe(`Malmö: 73,1${NBSP}% (importerad statistik)`);
    expect(label(mostlyExample, '1281')).not.toContain('(');

    const mostlyImported = renderView({}, percent, kommunRows().map((r) => ({ ...r, example: r.code === '1280' }))).view;
    expect(mostlyImported).toMatchObject({ example: 'some', marked: 'example' });
    expect(label(mostlyImported, '1280')).toBe(`Malmö: 73,1${NBSP}% (exempeldata)`);
    expect(label(mostlyImported, '0180')).not.toContain('(');
  });

  it('marks no area when all values or none are example data (the page notice says it once, or nothing)', () => {
    for (const example of [true, false]) {
      const { view } = renderView({}, percent, kommunRows().map((r) => ({ ...r, example })));
      expect(view.marked).toBeNull();
      expect(view.example).toBe(example ? 'all' : 'none');
      expect(view.areas.every((a) => !a.label.includes('('))).toBe(true);
    }
  });
});
