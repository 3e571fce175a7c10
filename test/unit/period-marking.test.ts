import { describe, expect, it } from 'vitest';
import { markedYears, phaseOf, spanOf, splitByPhase } from '#app/indicators/period-marking.ts';

describe("an initiative's period on a yearly chart", () => {
  it.each([
    ['2022-01-15', '2024-09-30', { start: '2022', end: '2024' }],
    ['2022-01-15', null, { start: '2022', end: null }], // no end: until now
    ['2022-01-15', '', { start: '2022', end: null }],
    ['2023-03-01', '2023-11-30', { start: '2023', end: '2023' }],
    ['2024-01-01', '2021-12-31', { start: '2024', end: null }], // an end before the start is ignored
    [null, '2024-09-30', null], // no start: nothing to mark
    ['', null, null],
    ['15/1 2022', null, null],
  ] as const)('start %s, end %s → %j', (start, end, expected) => {
    expect(markedYears(start, end)).toEqual(expected);
  });

  it('sorts periods into before, during and after; half years and quarters go by their year', () => {
    const marked = { start: '2022', end: '2024' };
    expect(phaseOf('2021', marked)).toBe('before');
    expect(phaseOf('2022', marked)).toBe('during');
    expect(phaseOf('2024', marked)).toBe('during');
    expect(phaseOf('2024H2', marked)).toBe('during');
    expect(phaseOf('2025Q1', marked)).toBe('after');
    expect(phaseOf('2021Q4', marked)).toBe('before');
    expect(splitByPhase(['2024', '2019', '2020', '2021', '2022', '2023', '2025', '2021'], marked)).toEqual({
      before: ['2019', '2020', '2021'],
      during: ['2022', '2023', '2024'],
      after: ['2025'],
    });
  });

  it('runs until now without an end date', () => {
    const split = splitByPhase(['2014', '2021', '2022', '2030'], { start: '2022', end: null });
    expect(split).toEqual({ before: ['2014', '2021'], during: ['2022', '2030'], after: [] });
  });

  it('names a run of periods for the caption', () => {
    expect(spanOf(['2014', '2015', '2021'])).toBe('2014–2021');
    expect(spanOf(['2022'])).toBe('2022');
    expect(spanOf([])).toBeNull();
  });
});
