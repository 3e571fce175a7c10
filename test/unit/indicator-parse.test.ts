import { describe, expect, it } from 'vitest';
import { DISTRICT_CODE, MAX_AREA_NAME, parseDistrictFile, type KnownArea } from '#app/indicators/district-parse.ts';
import {
  decimalPlaces,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_PROBLEMS,
  normalizeBreakdown,
  normalizePeriod,
  parseIndicatorFile,
  parseNumber,
  type ParseContext,
} from '#app/indicators/parse.ts';

// ---------------------------------------------------------------------------
// Real example files, built here as strings and bytes.

const utf8 = (s: string) => new TextEncoder().encode(s);
const BOM = '\uFEFF';
const csv = (name: string, s: string) => ({ name, bytes: utf8(s) });
const json = (value: unknown, name = 'scb.json') => ({ name, bytes: utf8(JSON.stringify(value, null, 2)) });

const ctx: ParseContext = {
  indicators: new Set(['N00914', 'N01951']),
  areas: new Set(['SE', '01', '12', '0114', '0180', '1280']),
  minYear: 2000,
  maxYear: 2025,
};

const parse = (file: { name: string; bytes: Uint8Array }, context: ParseContext = ctx) => parseIndicatorFile(file, context);

/** Windows-1252, as Excel saves "CSV (semikolonavgränsad)" on a Swedish Windows. */
function windows1252(s: string): Uint8Array {
  const map: Record<string, number> = { å: 0xe5, ä: 0xe4, ö: 0xf6, Å: 0xc5, Ä: 0xc4, Ö: 0xd6 };
  return Uint8Array.from([...s].map((ch) => map[ch] ?? ch.charCodeAt(0)));
}

describe('values', () => {
  it.each([
    ['2023', '2023'],
    [' 2023 ', '2023'],
    ['2023H1', '2023H1'],
    ['2023-H1', '2023H1'],
    ['2023 h2', '2023H2'],
    ['2023Q2', '2023Q2'],
    ['2023K2', '2023Q2'],
    ['2023-Q4', '2023Q4'],
    ['2023k1', '2023Q1'],
  ])('period %j → %s', (raw, period) => {
    expect(normalizePeriod(raw)).toBe(period);
  });

  it.each(['', '23', '2023H3', '2023Q5', '2023Q0', '2023M01', '2023-01', 'år 2023', '20233'])('rejects period %j', (raw) => {
    expect(normalizePeriod(raw)).toBeNull();
  });

  it.each([
    ['12,5', 12.5],
    ['12.5', 12.5],
    ['1 234,5', 1234.5],
    ['1\u00A0234,5', 1234.5],
    ['1\u202F234\u202F567', 1234567],
    ['-3', -3],
    ['\u22123,2', -3.2],
    [' 42 ', 42],
    ['0', 0],
    ['-0', 0],
    ['1,5E+03', 1500],
  ])('number %j → %d', (raw, value) => {
    expect(parseNumber(raw)).toBe(value);
  });

  it.each(['', ' ', '12,5 %', '12 kr', 'n/a', '..', '1.234,5', '1,234.5', '12 34', '1,2,3', ',5', '5,', '--3', 'Infinity', 'NaN'])(
    'rejects number %j',
    (raw) => {
      expect(parseNumber(raw)).toBeNull();
    },
  );

  it('normalises breakdowns', () => {
    expect(normalizeBreakdown(' Kvinnor ')).toBe('kvinnor');
    expect(normalizeBreakdown('MÄN')).toBe('män');
    expect(normalizeBreakdown('Totalt')).toBe('');
    expect(normalizeBreakdown('total')).toBe('');
    expect(normalizeBreakdown('')).toBe('');
  });
});

describe('CSV', () => {
  it('reads a Swedish Excel export: BOM, semicolons, decimal comma, quotes, stripped leading zeros', () => {
    const file = csv(
      'sysselsattning.csv',
      BOM +
        [
          'Indikator;Område;År;Kön;Värde;Kommentar',
          'N00914;180;2023;Kvinnor;"81,2";"Källa: SCB; preliminär"',
          'N00914;0180;2023;Män;1 234,5;',
          '"N00914";"1280";"2023-H1";"Totalt";"-3";"rad med ""citat"" och',
          'radbrytning"',
          ';;;;;',
          '',
          'N01951;1;2022K4;;12;',
          'N01951;12;2022;;0,5;',
        ].join('\r\n') +
        '\r\n',
    );
    const result = parse(file);
    expect(result.problems).toEqual([]);
    expect(result.format).toBe('csv');
    expect(result.rows).toEqual([
      { line: 2, indicatorCode: 'N00914', areaCode: '0180', period: '2023', breakdown: 'kvinnor', value: 81.2 },
      { line: 3, indicatorCode: 'N00914', areaCode: '0180', period: '2023', breakdown: 'män', value: 1234.5 },
      { line: 4, indicatorCode: 'N00914', areaCode: '1280', period: '2023H1', breakdown: '', value: -3 },
      { line: 8, indicatorCode: 'N01951', areaCode: '01', period: '2022Q4', breakdown: '', value: 12 },
      { line: 9, indicatorCode: 'N01951', areaCode: '12', period: '2022', breakdown: '', value: 0.5 },
    ]);
  });

  it('reads an international export: commas, decimal point, English headers, LF', () => {
    const file = csv(
      'employment.csv',
      ['indicator,area_code,period,breakdown,value', 'N00914,0114,2023Q2,women,79.25', 'N00914,SE,2023,,"1,234"', 'N00914,se,2024,Total,80'].join('\n'),
    );
    const result = parse(file);
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual([
      { line: 2, indicatorCode: 'N00914', areaCode: '0114', period: '2023Q2', breakdown: 'women', value: 79.25 },
      // A quoted "1,234" in a comma file is a decimal comma: 1.234, not one thousand.
      { line: 3, indicatorCode: 'N00914', areaCode: 'SE', period: '2023', breakdown: '', value: 1.234 },
      { line: 4, indicatorCode: 'N00914', areaCode: 'SE', period: '2024', breakdown: '', value: 80 },
    ]);
  });

  it('reads tab-separated text (Excel "Text (tabbavgränsad)")', () => {
    const file = csv('tabb.txt', ['INDIKATOR\tOMRADE\tAR\tVARDE', 'N00914\t1280\t2021\t77,4', 'N00914\t1280\t2022\t78,0'].join('\n'));
    const result = parse(file);
    expect(result.problems).toEqual([]);
    expect(result.rows.map((r) => [r.line, r.areaCode, r.period, r.value])).toEqual([
      [2, '1280', '2021', 77.4],
      [3, '1280', '2022', 78],
    ]);
  });

  it('accepts the SCB region style "0180 Stockholm" and "00 Riket" for the country', () => {
    const file = csv('scb.csv', ['region;år;indikator;värde', '0180 Stockholm;2023;N00914;80', '00 Riket;2023;N00914;79'].join('\n'));
    expect(parse(file).rows.map((r) => r.areaCode)).toEqual(['0180', 'SE']);
  });
});

describe('CSV problems', () => {
  it('names Windows-1252 as the likely encoding when the file is not UTF-8 but has å/ä/ö', () => {
    const bytes = windows1252('indikator;område;år;värde\nN00914;1280;2023;77,4\n');
    // The header already holds "å": the first invalid byte is on line 1.
    expect(parse({ name: 'malmo.csv', bytes })).toEqual({
      format: 'csv',
      rows: [],
      problems: [{ line: 1, column: null, code: 'encoding', params: { hint: 'windows-1252' } }],
    });
    const later = windows1252('indicator;area;period;value\nN00914;Malmö;2023;77,4\n');
    expect(parse({ name: 'malmo.csv', bytes: later }).problems).toEqual([{ line: 2, column: null, code: 'encoding', params: { hint: 'windows-1252' } }]);
  });

  it('reports other invalid UTF-8 without a hint, and UTF-16 as such', () => {
    const bytes = Uint8Array.from([...utf8('indicator;area;period;value\n'), 0xff, 0x00, 0x0a]);
    expect(parse({ name: 'x.csv', bytes }).problems).toEqual([{ line: 2, column: null, code: 'encoding' }]);
    const utf16 = Uint8Array.from([0xff, 0xfe, ...[...'indikator'].flatMap((ch) => [ch.charCodeAt(0), 0])]);
    expect(parse({ name: 'unicode.txt', bytes: utf16 }).problems).toEqual([{ line: 1, column: null, code: 'encoding', params: { hint: 'utf-16' } }]);
  });

  it('reports a separator it does not read', () => {
    const file = csv('pipes.csv', 'indicator|area|period|value\nN00914|0180|2023|80\n');
    expect(parse(file).problems).toEqual([{ line: 1, column: null, code: 'separator', params: { found: '|' } }]);
  });

  it('reports a missing header and a missing column', () => {
    expect(parse(csv('noheader.csv', 'N00914;0180;2023;80\nN00914;0180;2022;79\n')).problems).toEqual([{ line: 1, column: null, code: 'missing-header' }]);
    expect(parse(csv('noperiod.csv', 'indikator;område;värde\nN00914;0180;80\n')).problems).toEqual([{ line: 1, column: 'period', code: 'missing-column' }]);
    expect(parse(csv('onlyvalue.csv', 'värde\n80\n')).problems).toEqual([
      { line: 1, column: 'indicator', code: 'missing-column' },
      { line: 1, column: 'area', code: 'missing-column' },
      { line: 1, column: 'period', code: 'missing-column' },
    ]);
  });

  it('reports unknown codes and text in the value column, with lines and columns', () => {
    const file = csv(
      'fel.csv',
      [
        'indikator;område;år;värde',
        'N00914;0180;2023;80', // fine
        'X99999;0180;2023;80',
        'N00914;999;2023;80', // no kommun 0999
        'N00914;0180;2023;12,5 %',
        'N00914;0180;2022;n/a',
        'N00914;0180;2021;',
        'X1;9;2023;abc',
      ].join('\n'),
    );
    const result = parse(file);
    expect(result.rows).toHaveLength(1);
    expect(result.problems).toEqual([
      { line: 3, column: 'indicator', code: 'unknown-indicator', params: { value: 'X99999' } },
      { line: 4, column: 'area', code: 'unknown-area', params: { value: '999' } },
      { line: 5, column: 'value', code: 'not-a-number', params: { value: '12,5 %' } },
      { line: 6, column: 'value', code: 'not-a-number', params: { value: 'n/a' } },
      { line: 7, column: 'value', code: 'not-a-number', params: { value: '' } },
      { line: 8, column: 'indicator', code: 'unknown-indicator', params: { value: 'X1' } },
      { line: 8, column: 'area', code: 'unknown-area', params: { value: '9' } },
      { line: 8, column: 'value', code: 'not-a-number', params: { value: 'abc' } },
    ]);
  });

  it('reports malformed periods and years outside the range', () => {
    const file = csv(
      'perioder.csv',
      ['indikator;område;år;värde', 'N00914;0180;1999;1', 'N00914;0180;2026;1', 'N00914;0180;2023M01;1', 'N00914;0180;2023Q5;1', 'N00914;0180;2025Q4;1'].join('\n'),
    );
    const result = parse(file);
    expect(result.problems).toEqual([
      { line: 2, column: 'period', code: 'period-out-of-range', params: { value: '1999', min: 2000, max: 2025 } },
      { line: 3, column: 'period', code: 'period-out-of-range', params: { value: '2026', min: 2000, max: 2025 } },
      { line: 4, column: 'period', code: 'bad-period', params: { value: '2023M01' } },
      { line: 5, column: 'period', code: 'bad-period', params: { value: '2023Q5' } },
    ]);
    expect(result.rows.map((r) => r.period)).toEqual(['2025Q4']);
  });

  it('defaults to 1990 … next year', () => {
    const year = new Date().getFullYear();
    const file = csv('default.csv', `indicator;area;period;value\nN00914;0180;1989;1\nN00914;0180;1990;1\nN00914;0180;${year + 1};1\nN00914;0180;${year + 2};1\n`);
    const result = parseIndicatorFile(file, { indicators: ctx.indicators, areas: ctx.areas });
    expect(result.rows.map((r) => r.line)).toEqual([3, 4]);
    expect(result.problems.map((p) => [p.line, p.code, p.params?.min, p.params?.max])).toEqual([
      [2, 'period-out-of-range', 1990, year + 1],
      [5, 'period-out-of-range', 1990, year + 1],
    ]);
  });

  it('reports a duplicate on the second row, after code and breakdown are normalised', () => {
    const file = csv(
      'dubbletter.csv',
      ['indikator;område;år;kön;värde', 'N00914;0180;2023;;80', 'N00914;0180;2023;Kvinnor;81', 'N00914;180;2023;Totalt;80,5', 'N00914;0180;2023;kvinnor ;81'].join('\n'),
    );
    const result = parse(file);
    expect(result.problems).toEqual([
      { line: 4, column: null, code: 'duplicate-row', params: { firstLine: 2 } },
      { line: 5, column: null, code: 'duplicate-row', params: { firstLine: 3 } },
    ]);
    expect(result.rows.map((r) => r.line)).toEqual([2, 3]);
  });

  it('refuses a row that has more cells than the header (a decimal comma in a comma file)', () => {
    const file = csv('komma.csv', 'indicator,area,period,value\nN00914,0180,2023,12,5\nN00914,0180,2022,"12,5"\n');
    const result = parse(file);
    expect(result.problems).toEqual([{ line: 2, column: null, code: 'separator', params: { expected: 4, found: 5 } }]);
    expect(result.rows.map((r) => r.value)).toEqual([12.5]);
  });

  it('reports a quote that is never closed, on the line where it opened', () => {
    const file = csv('citat.csv', 'indikator;område;år;värde\nN00914;0180;2023;80\nN00914;"0180;2022;79\nN00914;0180;2021;78\n');
    expect(parse(file).problems).toEqual([{ line: 3, column: null, code: 'separator', params: { reason: 'unclosed-quote' } }]);
  });

  it('reports files with no rows, empty files and files over the limit', () => {
    expect(parse(csv('tom.csv', `${BOM}indikator;område;år;värde\r\n\r\n`))).toEqual({
      format: 'csv',
      rows: [],
      problems: [{ line: null, column: null, code: 'no-rows' }],
    });
    expect(parse({ name: 'noll.csv', bytes: new Uint8Array(0) }).problems).toEqual([{ line: null, column: null, code: 'empty-file' }]);
    expect(parse(csv('blank.csv', `${BOM}\r\n  \n`)).problems).toEqual([{ line: null, column: null, code: 'empty-file' }]);
    const big = new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x41);
    expect(parse({ name: 'stor.csv', bytes: big }).problems).toEqual([
      { line: null, column: null, code: 'too-large', params: { max: MAX_IMPORT_BYTES, size: MAX_IMPORT_BYTES + 1 } },
    ]);
    // Exactly at the limit is read (and here found to have no header).
    const atLimit = new Uint8Array(MAX_IMPORT_BYTES).fill(0x41);
    expect(parse({ name: 'max.csv', bytes: atLimit }).problems.map((p) => p.code)).toEqual(['separator']);
  });

  it(`stops after ${MAX_IMPORT_PROBLEMS} problems and marks the last one`, () => {
    const lines = ['indikator;område;år;värde', ...Array.from({ length: 600 }, (_, i) => `X${i};0180;2023;1`)];
    const { problems } = parse(csv('manga.csv', lines.join('\n')));
    expect(problems).toHaveLength(MAX_IMPORT_PROBLEMS);
    expect(problems.at(-1)).toEqual({ line: 501, column: 'indicator', code: 'unknown-indicator', params: { value: 'X499', truncated: 1 } });
    expect(problems.slice(0, -1).every((p) => p.params?.truncated === undefined)).toBe(true);
  });

  it('does not mark truncation when exactly the cap is reached', () => {
    const lines = ['indikator;område;år;värde', ...Array.from({ length: MAX_IMPORT_PROBLEMS }, (_, i) => `X${i};0180;2023;1`)];
    const { problems } = parse(csv('precis.csv', lines.join('\n')));
    expect(problems).toHaveLength(MAX_IMPORT_PROBLEMS);
    expect(problems.at(-1)?.params).toEqual({ value: `X${MAX_IMPORT_PROBLEMS - 1}` });
  });
});

// ---------------------------------------------------------------------------
// JSON-stat 2.0 as SCB's PxWebApi publishes it.

function scbDataset() {
  return {
    version: '2.0',
    class: 'dataset',
    label: 'Sysselsättningsgrad efter region, kön, tabellinnehåll och år',
    source: 'SCB',
    updated: '2024-05-17T06:00:00Z',
    id: ['Region', 'Kon', 'ContentsCode', 'Tid'],
    size: [2, 3, 1, 2],
    role: { geo: ['Region'], metric: ['ContentsCode'], time: ['Tid'] },
    dimension: {
      Region: { label: 'region', category: { index: { '0180': 0, '1280': 1 }, label: { '0180': 'Stockholm', '1280': 'Malmö' } } },
      Kon: { label: 'kön', category: { index: { '1': 0, '2': 1, '1+2': 2 }, label: { '1': 'män', '2': 'kvinnor', '1+2': 'totalt' } } },
      ContentsCode: {
        label: 'tabellinnehåll',
        category: { index: { N00914: 0 }, label: { N00914: 'Sysselsättningsgrad, procent' }, unit: { N00914: { base: 'procent', decimals: 1 } } },
      },
      Tid: { label: 'år', category: { index: ['2022', '2023'], label: { '2022': '2022', '2023': '2023' } } },
    },
    // Row-major over id/size: Region slowest, Tid fastest.
    value: [80.1, 80.6, 78.2, 78.9, 79.2, 79.8, 70.3, null, 68.1, 68.9, 69.2, 70],
    status: { '7': '..' },
  };
}

const SCB_ROWS = [
  { line: 1, indicatorCode: 'N00914', areaCode: '0180', period: '2022', breakdown: 'män', value: 80.1 },
  { line: 2, indicatorCode: 'N00914', areaCode: '0180', period: '2023', breakdown: 'män', value: 80.6 },
  { line: 3, indicatorCode: 'N00914', areaCode: '0180', period: '2022', breakdown: 'kvinnor', value: 78.2 },
  { line: 4, indicatorCode: 'N00914', areaCode: '0180', period: '2023', breakdown: 'kvinnor', value: 78.9 },
  { line: 5, indicatorCode: 'N00914', areaCode: '0180', period: '2022', breakdown: '', value: 79.2 },
  { line: 6, indicatorCode: 'N00914', areaCode: '0180', period: '2023', breakdown: '', value: 79.8 },
  { line: 7, indicatorCode: 'N00914', areaCode: '1280', period: '2022', breakdown: 'män', value: 70.3 },
  // value 8 (Malmö, män, 2023) is null
  { line: 9, indicatorCode: 'N00914', areaCode: '1280', period: '2022', breakdown: 'kvinnor', value: 68.1 },
  { line: 10, indicatorCode: 'N00914', areaCode: '1280', period: '2023', breakdown: 'kvinnor', value: 68.9 },
  { line: 11, indicatorCode: 'N00914', areaCode: '1280', period: '2022', breakdown: '', value: 69.2 },
  { line: 12, indicatorCode: 'N00914', areaCode: '1280', period: '2023', breakdown: '', value: 70 },
];

describe('JSON-stat', () => {
  it('reads an SCB dataset row-major, skipping nulls and mapping Kon codes', () => {
    const result = parse(json(scbDataset()));
    expect(result.format).toBe('json-stat');
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual(SCB_ROWS);
  });

  it('recognises JSON-stat by content, after a BOM and whitespace, whatever the name', () => {
    const file = { name: 'export.csv', bytes: utf8(`${BOM}\n  ${JSON.stringify(scbDataset())}`) };
    const result = parse(file);
    expect(result.format).toBe('json-stat');
    expect(result.rows).toEqual(SCB_ROWS);
  });

  it('reads a sparse value object, an array category index and ignores dimensions of size 1', () => {
    const ds = {
      class: 'dataset',
      id: ['indikator', 'omrade', 'period', 'Alder'],
      size: [2, 1, 2, 1],
      dimension: {
        indikator: { category: { index: ['N00914', 'N01951'] } },
        omrade: { category: { index: ['00'] } }, // SCB's "Riket" → SE
        period: { category: { index: ['2023K1', '2023K2'] } },
        Alder: { category: { label: { '20-64': '20–64 år' } } },
      },
      value: { '1': 5, '3': '7,5' },
    };
    const result = parse(json(ds));
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual([
      { line: 2, indicatorCode: 'N00914', areaCode: 'SE', period: '2023Q2', breakdown: '', value: 5 },
      { line: 4, indicatorCode: 'N01951', areaCode: 'SE', period: '2023Q2', breakdown: '', value: 7.5 },
    ]);
  });

  it('reads the JSON-stat 1.0 shape of the older PxWeb API', () => {
    const v2 = scbDataset();
    const old = { dataset: { label: v2.label, dimension: { ...v2.dimension, id: v2.id, size: v2.size, role: v2.role }, value: v2.value } };
    expect(parse(json(old)).rows).toEqual(SCB_ROWS);
  });

  it('reports unknown categories once each, with the dimension as column', () => {
    const ds = scbDataset();
    ds.dimension.Region.category.index = { '0180': 0, '9999': 1 } as never;
    ds.dimension.Tid.category.index = ['2022', '2023M01'];
    const result = parse(json(ds));
    expect(result.problems).toEqual([
      { line: null, column: 'Region', code: 'unknown-area', params: { value: '9999' } },
      { line: null, column: 'Tid', code: 'bad-period', params: { value: '2023M01' } },
    ]);
    // Only Stockholm in 2022 remains.
    expect(result.rows.map((r) => [r.line, r.areaCode, r.period, r.breakdown])).toEqual([
      [1, '0180', '2022', 'män'],
      [3, '0180', '2022', 'kvinnor'],
      [5, '0180', '2022', ''],
    ]);
  });

  it('reports unknown indicators and years out of range', () => {
    const ds = scbDataset();
    ds.dimension.ContentsCode.category.index = { '000006SY': 0 } as never;
    ds.dimension.Tid.category.index = ['1999', '2023'];
    expect(parse(json(ds)).problems).toEqual([
      { line: null, column: 'ContentsCode', code: 'unknown-indicator', params: { value: '000006SY' } },
      { line: null, column: 'Tid', code: 'period-out-of-range', params: { value: '1999', min: 2000, max: 2025 } },
    ]);
  });

  it('reports text values and duplicate cells', () => {
    const ds = scbDataset();
    ds.value[0] = 'x' as never;
    ds.dimension.Kon.category.index = { '1+2': 0, totalt: 1, '2': 2 } as never;
    const result = parse(json(ds));
    expect(result.problems).toEqual([
      { line: null, column: 'value', code: 'not-a-number', params: { value: 'x', index: 0 } },
      { line: null, column: null, code: 'duplicate-row', params: { firstLine: 2, index: 3 } },
      { line: null, column: null, code: 'duplicate-row', params: { firstLine: 7, index: 8 } },
    ]);
  });

  it('reports another dimension with several categories, naming it', () => {
    const ds = scbDataset();
    const withAge = {
      ...ds,
      id: [...ds.id, 'Alder'],
      size: [...ds.size, 2],
      dimension: { ...ds.dimension, Alder: { category: { index: ['20-64', '65+'] } } },
      value: ds.value.flatMap((v) => [v, v]),
    };
    expect(parse(json(withAge)).problems).toEqual([{ line: null, column: 'Alder', code: 'json-stat', params: { reason: 'extra-dimension', dimension: 'Alder', size: 2 } }]);
  });

  it('reports invalid JSON and wrong structures', () => {
    const broken = parse({ name: 'trasig.json', bytes: utf8('{\n  "class": "dataset",\n  "id": [,]\n}') });
    expect(broken.problems).toHaveLength(1);
    expect(broken.problems[0]).toMatchObject({ column: null, code: 'json' });
    expect([null, 3]).toContain(broken.problems[0]!.line);

    const codes = (value: unknown) => parse(json(value)).problems.map((p) => [p.code, p.column, p.params?.reason]);
    expect(codes([1, 2, 3])).toEqual([['json-stat', null, 'not-a-dataset']]);
    expect(codes({ class: 'collection', link: {} })).toEqual([['json-stat', null, 'not-a-dataset']]);
    expect(codes({ ...scbDataset(), size: [2, 3, 1] })).toEqual([['json-stat', null, 'bad-size']]);
    expect(codes({ ...scbDataset(), value: [1, 2, 3] })).toEqual([['json-stat', 'value', 'value-length']]);
    expect(codes({ ...scbDataset(), value: { '12': 1 } })).toEqual([['json-stat', 'value', 'value-index']]);
    const noCategory = scbDataset();
    noCategory.dimension.Tid.category.index = ['2022'];
    expect(codes(noCategory)).toEqual([['json-stat', 'Tid', 'bad-category']]);
    const noTime = { ...scbDataset(), id: ['Region', 'Kon', 'ContentsCode', 'Manad'], role: undefined };
    noTime.dimension = { ...noTime.dimension, Manad: noTime.dimension.Tid } as never;
    expect(codes(noTime)).toEqual([
      ['json-stat', 'period', 'missing-dimension'],
      ['json-stat', 'Manad', 'extra-dimension'],
    ]);
  });

  it('finds no rows in a dataset of nulls', () => {
    const ds = { ...scbDataset(), value: scbDataset().value.map(() => null) };
    expect(parse(json(ds)).problems).toEqual([{ line: null, column: null, code: 'no-rows' }]);
  });
});

// ---------------------------------------------------------------------------
// Decimals: a value more precise than its indicator is kept with is refused.

describe('decimals', () => {
  it.each([
    [70.5, 1],
    [70, 0],
    [-3.25, 2],
    [1500, 0],
    [0.000123, 6],
    [1.5e-7, 8],
    [1e21, 0],
  ])('%d has %d decimals', (value, decimals) => {
    expect(decimalPlaces(value)).toBe(decimals);
  });

  const withDecimals: ParseContext = { ...ctx, decimals: new Map([['N00914', 1], ['N01951', 0]]) };

  it('refuses CSV values with more decimals than the indicator has, by line and column', () => {
    const file = csv(
      'decimaler.csv',
      [
        'indikator;område;år;värde',
        'N00914;0180;2021;80,1', // fine
        'N00914;0180;2022;80,10', // the same number: trailing zeros add nothing
        'N00914;0180;2023;0,705', // a share instead of a percentage
        'N01951;0180;2023;1 234,5',
        'N01951;0180;2022;1,5E+03', // 1500: no decimals
        'N01951;0180;2021;-12',
      ].join('\n'),
    );
    const result = parse(file, withDecimals);
    expect(result.problems).toEqual([
      { line: 4, column: 'value', code: 'too-many-decimals', params: { value: '0,705', indicator: 'N00914', decimals: 1, found: 3 } },
      { line: 5, column: 'value', code: 'too-many-decimals', params: { value: '1 234,5', indicator: 'N01951', decimals: 0, found: 1 } },
    ]);
    expect(result.rows.map((r) => [r.line, r.value])).toEqual([
      [2, 80.1],
      [3, 80.1],
      [6, 1500],
      [7, -12],
    ]);
  });

  it('does not check indicators without known decimals, nor any when the context has none', () => {
    const file = csv('x.csv', 'indikator;område;år;värde\nN00914;0180;2023;80,123\n');
    expect(parse(file).problems).toEqual([]);
    expect(parse(file, { ...ctx, decimals: new Map([['N01951', 0]]) }).problems).toEqual([]);
  });

  it('refuses JSON-stat values with too many decimals, naming the value\'s position', () => {
    const ds = scbDataset();
    ds.value[4] = 79.25;
    ds.value[9] = '68,95' as never;
    const result = parse(json(ds), withDecimals);
    expect(result.problems).toEqual([
      { line: null, column: 'value', code: 'too-many-decimals', params: { value: '79.25', indicator: 'N00914', decimals: 1, found: 2, index: 4 } },
      { line: null, column: 'value', code: 'too-many-decimals', params: { value: '68,95', indicator: 'N00914', decimals: 1, found: 2, index: 9 } },
    ]);
    expect(result.rows).toHaveLength(SCB_ROWS.length - 2);
  });

  it('still reports years out of range alongside', () => {
    const file = csv('x.csv', 'indikator;område;år;värde\nN00914;0180;1999;80,12\n');
    expect(parse(file, withDecimals).problems).toEqual([{ line: 2, column: 'period', code: 'period-out-of-range', params: { value: '1999', min: 2000, max: 2025 } }]);
  });
});

describe('values for districts', () => {
  it('accepts district codes as written, in lower case, and with their name after them', () => {
    const context: ParseContext = { ...ctx, areas: new Set([...ctx.areas, '1280R012', '1280C1010']) };
    const file = csv('deso.csv', 'indikator;område;år;värde\nN00914;1280R012;2023;71\nN00914;1280c1010;2023;72\nN00914;1280R012 Malmö Centrum;2022;70\nN00914;1280R999;2023;1\n');
    const result = parse(file, context);
    expect(result.rows.map((r) => [r.line, r.areaCode])).toEqual([
      [2, '1280R012'],
      [3, '1280C1010'],
      [4, '1280R012'],
    ]);
    expect(result.problems).toEqual([{ line: 5, column: 'area', code: 'unknown-area', params: { value: '1280R999' } }]);
  });
});

// ---------------------------------------------------------------------------
// District files: kod;namn;kommun

const knownAreas = new Map<string, KnownArea>([
  ['SE', { kind: 'country', name: 'Sverige' }],
  ['01', { kind: 'county', name: 'Stockholms län' }],
  ['12', { kind: 'county', name: 'Skåne län' }],
  ['0180', { kind: 'municipality', name: 'Stockholm' }],
  ['1280', { kind: 'municipality', name: 'Malmö' }],
  ['1280R001', { kind: 'district', name: 'Malmö Centrum (gammalt namn)' }],
  // A code of the district shape that belongs to something else.
  ['1280X001', { kind: 'municipality', name: 'Testkommun' }],
]);
const districts = (name: string, text: string) => parseDistrictFile(csv(name, text), { areas: knownAreas });

describe('district files', () => {
  it.each(['1280R012', '0180C1010', '1280A0010', '0114R001'])('district code %s has the expected shape', (code) => {
    expect(DISTRICT_CODE.test(code)).toBe(true);
  });
  it.each(['1280', '128R012', '1280R', '1280RR12', '1280-R012', 'R0121280', '12800R12'])('%s is not a district code', (code) => {
    expect(DISTRICT_CODE.test(code)).toBe(false);
  });

  it('reads a Swedish Excel export: BOM, semicolons, CRLF, quotes, kommun as code, stripped zero, code with name, or name', () => {
    const result = districts(
      'regso.csv',
      BOM +
        [
          'Kod;Namn;Kommun',
          '1280R001;Malmö Centrum;1280',
          '"1280r002";"Västra  Innerstaden";"1280 Malmö"',
          '0180R003;Södermalm;180',
          '',
          '0180C1010;Östermalm norra;Stockholm',
        ].join('\r\n') +
        '\r\n',
    );
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual([
      { line: 2, code: '1280R001', name: 'Malmö Centrum', municipalityCode: '1280' },
      { line: 3, code: '1280R002', name: 'Västra Innerstaden', municipalityCode: '1280' },
      { line: 4, code: '0180R003', name: 'Södermalm', municipalityCode: '0180' },
      { line: 6, code: '0180C1010', name: 'Östermalm norra', municipalityCode: '0180' },
    ]);
  });

  it('reads English headers with commas', () => {
    const result = districts('deso.csv', 'code,name,municipality\n1280C1010,"Centrum, norra",1280\n');
    expect(result).toEqual({ rows: [{ line: 2, code: '1280C1010', name: 'Centrum, norra', municipalityCode: '1280' }], problems: [] });
  });

  it('reports every bad line with its line and column, and keeps none of them', () => {
    const result = districts(
      'fel.csv',
      [
        'kod;namn;kommun',
        '1280R010;Rätt;1280',
        '1280;Bara kommunkod;1280', // not a district code
        '0180R011;Fel kommun;1280', // prefix is another kommun
        '1280R012;Okänd kommun;9999',
        '1280R013;Län som förälder;12',
        '1280R014;;1280', // empty name
        '1280R010;Dubblett;1280', // same code as line 2
        '1280X001;Krockar;1280', // belongs to a kommun already
        `1280R015;${'x'.repeat(MAX_AREA_NAME + 1)};1280`,
        'R12;;', // several problems on one line
      ].join('\n'),
    );
    expect(result.rows.map((r) => r.code)).toEqual(['1280R010']);
    expect(result.problems).toEqual([
      { line: 3, column: 'code', code: 'bad-district-code', params: { value: '1280' } },
      { line: 4, column: 'code', code: 'district-outside-municipality', params: { code: '0180R011', municipality: '1280' } },
      { line: 5, column: 'municipality', code: 'unknown-municipality', params: { value: '9999' } },
      { line: 6, column: 'municipality', code: 'unknown-municipality', params: { value: '12' } },
      { line: 7, column: 'name', code: 'empty-name' },
      { line: 8, column: 'code', code: 'duplicate-code', params: { value: '1280R010', firstLine: 2 } },
      { line: 9, column: 'code', code: 'code-taken', params: { value: '1280X001', name: 'Testkommun' } },
      { line: 10, column: 'name', code: 'name-too-long', params: { max: MAX_AREA_NAME } },
      { line: 11, column: 'code', code: 'bad-district-code', params: { value: 'R12' } },
      { line: 11, column: 'name', code: 'empty-name' },
      { line: 11, column: 'municipality', code: 'unknown-municipality', params: { value: '' } },
    ]);
  });

  it('accepts an existing district again (a rename is the importer\'s call)', () => {
    expect(districts('x.csv', 'kod;namn;kommun\n1280R001;Malmö Centrum;1280\n').rows).toEqual([
      { line: 2, code: '1280R001', name: 'Malmö Centrum', municipalityCode: '1280' },
    ]);
  });

  it('reports file-level problems the same way as the value import', () => {
    expect(districts('x.csv', 'kod;namn\n1280R001;Centrum\n').problems).toEqual([{ line: 1, column: 'municipality', code: 'missing-column' }]);
    expect(districts('x.csv', '1280R001;Centrum;1280\n').problems).toEqual([{ line: 1, column: null, code: 'missing-header' }]);
    expect(districts('x.csv', 'kod|namn|kommun\n').problems).toEqual([{ line: 1, column: null, code: 'separator', params: { found: '|' } }]);
    expect(districts('x.csv', 'kod;namn;kommun\n').problems).toEqual([{ line: null, column: null, code: 'no-rows' }]);
    expect(districts('x.csv', 'kod;namn;kommun\n1280R001;"Centrum;1280\n').problems).toEqual([{ line: 2, column: null, code: 'separator', params: { reason: 'unclosed-quote' } }]);
    expect(districts('x.csv', 'kod,namn,kommun\n1280R001,Centrum,1280,extra\n').problems).toEqual([{ line: 2, column: null, code: 'separator', params: { expected: 3, found: 4 } }]);
    expect(parseDistrictFile({ bytes: windows1252('kod;namn;kommun\n1280R001;Södra;1280\n') }, { areas: knownAreas }).problems).toEqual([
      { line: 2, column: null, code: 'encoding', params: { hint: 'windows-1252' } },
    ]);
    expect(parseDistrictFile({ bytes: new Uint8Array(0) }, { areas: knownAreas }).problems).toEqual([{ line: null, column: null, code: 'empty-file' }]);
  });
});
