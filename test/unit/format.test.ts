import { afterEach, describe, expect, it } from 'vitest';
import {
  compareSwedish,
  formatCalendarDate,
  formatDate,
  formatDateTime,
  formatKronor,
  formatNumber,
  formatNumericDate,
  formatPercent,
  formatTime,
  formatTimeSpan,
  formatWeekdayDate,
  intlLocale,
} from '#app/i18n/format.ts';

// Intl's Swedish grouping separator is a no-break space (U+00A0), and its minus sign is U+2212.
const NBSP = '\u00a0';
const MINUS = '\u2212';

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

describe('the locale tag', () => {
  it('is sv-SE for Swedish and en-GB for English', () => {
    expect(intlLocale('sv')).toBe('sv-SE');
    expect(intlLocale('en')).toBe('en-GB');
  });
});

describe('numbers', () => {
  it.each([
    [1234.5, undefined, `1${NBSP}234,5`, '1,234.5'],
    [20881, undefined, `20${NBSP}881`, '20,881'],
    [1234567.891, 2, `1${NBSP}234${NBSP}567,89`, '1,234,567.89'],
    [73.1, 1, '73,1', '73.1'],
    [5, 2, '5,00', '5.00'],
    [-3.5, 1, `${MINUS}3,5`, '-3.5'],
  ])('%s with %s decimals: "%s" in Swedish, "%s" in English', (n, decimals, sv, en) => {
    expect(formatNumber(n, 'sv', decimals)).toBe(sv);
    expect(formatNumber(n, 'en', decimals)).toBe(en);
  });

  it('takes a range of decimals', () => {
    expect(formatNumber(0.125, 'sv', { min: 0, max: 6 })).toBe('0,125');
    expect(formatNumber(2, 'en', { min: 0, max: 6 })).toBe('2');
  });

  it('never shows a minus zero, exact or left by rounding', () => {
    expect(formatNumber(-0, 'sv', 0)).toBe('0');
    expect(formatNumber(-0.001, 'sv', 1)).toBe('0,0');
    expect(formatNumber(-0.001, 'en', 1)).toBe('0.0');
    expect(formatNumber(-0.06, 'sv', 1)).toBe(`${MINUS}0,1`);
  });

  it('shows percentages and kronor', () => {
    expect(formatPercent(0.123, 'sv')).toBe(`12${NBSP}%`);
    expect(formatPercent(0.125, 'en')).toBe('13%');
    expect(formatPercent(0, 'sv')).toBe(`0${NBSP}%`);
    expect(formatKronor(250000, 'sv')).toBe(`250${NBSP}000${NBSP}kr`);
    expect(formatKronor(250000, 'en')).toBe(`SEK${NBSP}250,000`);
  });
});

describe('dates and times in Stockholm', () => {
  it('shows a summer instant at UTC+2 and a winter one at UTC+1', () => {
    // 22:30 UTC is already the next day in Stockholm, in summer (CEST) and in winter (CET, 23:30 UTC).
    expect(formatDate('2026-07-01T22:30:00Z', 'sv')).toBe('2 juli 2026');
    expect(formatDate('2026-07-01T22:30:00Z', 'en')).toBe('2 Jul 2026');
    expect(formatDate('2026-01-15T23:30:00Z', 'sv')).toBe('16 jan. 2026');
    expect(formatDate('2026-01-15T23:30:00Z', 'en')).toBe('16 Jan 2026');
    expect(formatDateTime('2026-07-01T07:30:00Z', 'sv')).toBe('1 juli 2026 09:30');
    expect(formatDateTime('2026-07-01T07:30:00Z', 'en')).toBe('1 Jul 2026, 09:30');
    expect(formatDateTime('2026-01-15T12:00:00Z', 'sv', 'long')).toBe('15 januari 2026 kl. 13:00');
    expect(formatDateTime(new Date('2026-01-15T12:00:00Z'), 'en', 'long')).toBe('15 January 2026 at 13:00');
  });

  it('follows the clock change: spring forward and fall back', () => {
    // 29 March 2026, 01:00 UTC: 02:00 CET becomes 03:00 CEST.
    expect(formatTime('2026-03-29T00:59:00Z', 'sv')).toBe('01:59');
    expect(formatTime('2026-03-29T01:00:00Z', 'sv')).toBe('03:00');
    // 25 October 2026, 01:00 UTC: 03:00 CEST becomes 02:00 CET, so 02:30 happens twice.
    expect(formatTime('2026-10-25T00:30:00Z', 'en')).toBe('02:30');
    expect(formatTime('2026-10-25T01:30:00Z', 'en')).toBe('02:30');
    // A night that crosses the spring change: 23:00 CET to 04:00 CEST, four hours later.
    expect(formatTimeSpan('2026-03-28T22:00:00Z', '2026-03-29T02:00:00Z', 'sv')).toBe('lördag 28 mars 2026, 23:00–söndag 29 mars 2026, 04:00');
    expect(formatTimeSpan('2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z', 'en')).toBe('Sunday, 29 March 2026, 01:30–03:30');
  });

  it('names the weekday, and reads a stored calendar date without a zone shift', () => {
    expect(formatWeekdayDate('2026-03-03T12:00:00Z', 'sv')).toBe('tisdag 3 mars 2026');
    expect(formatWeekdayDate('2026-03-03T12:00:00Z', 'en')).toBe('Tuesday, 3 March 2026');
    expect(formatCalendarDate('2026-03-03', 'sv')).toBe('3 mars 2026');
    expect(formatCalendarDate('2026-12-31', 'en')).toBe('31 December 2026');
  });

  // 23:30 UTC is already the next day in Stockholm (CET, UTC+1; CEST, UTC+2).
  it.each([
    ['winter', '2026-03-03T23:30:00Z', '2026-03-04', '04/03/2026'],
    ['summer', '2026-06-30T22:30:00Z', '2026-07-01', '01/07/2026'],
    ['just before midnight in Stockholm', '2026-03-03T22:59:00Z', '2026-03-03', '03/03/2026'],
  ])('numeric date, %s: %s is %s in Stockholm', (_label, iso, sv, en) => {
    expect(formatNumericDate(iso, 'sv')).toBe(sv);
    expect(formatNumericDate(iso, 'en')).toBe(en);
  });

  it('gives the same answer whatever time zone the server or browser runs in', () => {
    for (const tz of ['UTC', 'America/Los_Angeles', 'Asia/Tokyo']) {
      process.env.TZ = tz;
      expect(formatNumericDate('2026-03-03T23:30:00Z', 'sv'), tz).toBe('2026-03-04');
      expect(formatDateTime('2026-07-01T07:30:00Z', 'sv'), tz).toBe('1 juli 2026 09:30');
      expect(formatCalendarDate('2026-03-03', 'sv'), tz).toBe('3 mars 2026');
    }
  });
});

describe('Swedish collation', () => {
  it('puts Å, Ä and Ö last, in that order', () => {
    expect(['Örebro', 'Ale', 'Åre', 'Älmhult', 'Zinkgruvan', 'Östersund', 'Eda'].sort(compareSwedish)).toEqual(['Ale', 'Eda', 'Zinkgruvan', 'Åre', 'Älmhult', 'Örebro', 'Östersund']);
  });
});
