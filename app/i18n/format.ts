import type { Locale } from './index.ts';

/**
 * Every date, time and number a reader sees is formatted here. Swedish follows the Swedish rules
 * (decimal comma, a narrow no-break space between thousands, "3 mars 2026"), English the British
 * ones; clock times are Stockholm time whatever zone the server or browser runs in, so the server's
 * HTML and the hydrated page agree. Pure and client-safe. Intl formatters are slow to build, so each
 * (locale, options) pair is built once and reused.
 */

export const STOCKHOLM_TIME_ZONE = 'Europe/Stockholm';

/** The BCP 47 tag Intl gets for a UI language. */
export const intlLocale = (locale: Locale) => (locale === 'sv' ? 'sv-SE' : 'en-GB');

const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `date ${locale} ${JSON.stringify(options)}`;
  let format = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) formatters.set(key, (format = new Intl.DateTimeFormat(intlLocale(locale), { timeZone: STOCKHOLM_TIME_ZONE, ...options })));
  return format;
}

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `number ${locale} ${JSON.stringify(options)}`;
  let format = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!format) formatters.set(key, (format = new Intl.NumberFormat(intlLocale(locale), options)));
  return format;
}

type Instant = string | Date;
const toDate = (instant: Instant) => (typeof instant === 'string' ? new Date(instant) : instant);

// ---------------------------------------------------------------------------
// Dates and times (in Stockholm)

/** "3 mars 2026" / "3 Mar 2026". */
export const formatDate = (instant: Instant, locale: Locale) => dateFormat(locale, { dateStyle: 'medium' }).format(toDate(instant));

/** "2026-03-04" / "04/03/2026": the Stockholm calendar date in a table's narrow column. */
export const formatNumericDate = (instant: Instant, locale: Locale) => dateFormat(locale, {}).format(toDate(instant));

/** "tisdag 3 mars 2026" / "Tuesday, 3 March 2026". */
export const formatWeekdayDate = (instant: Instant, locale: Locale) =>
  dateFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(toDate(instant));

/** "13:00" in both languages (24-hour clock). */
export const formatTime = (instant: Instant, locale: Locale) => dateFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(toDate(instant));

/** "3 mars 2026 13:00" (medium), "3 mars 2026 kl. 13:00" (long): when something happened or ends. */
export const formatDateTime = (instant: Instant, locale: Locale, style: 'medium' | 'long' = 'medium') =>
  dateFormat(locale, { dateStyle: style, timeStyle: 'short' }).format(toDate(instant));

/** "tisdag 3 mars 2026, 13:00–15:00", with the end's date too when it falls on another day. */
export function formatTimeSpan(start: Instant, end: Instant, locale: Locale): string {
  const sameDay = formatNumericDate(start, 'sv') === formatNumericDate(end, 'sv');
  const from = `${formatWeekdayDate(start, locale)}, ${formatTime(start, locale)}`;
  const to = sameDay ? formatTime(end, locale) : `${formatWeekdayDate(end, locale)}, ${formatTime(end, locale)}`;
  return `${from}–${to}`;
}

/** A date stored as YYYY-MM-DD (no time of day, so no zone shift), shown as "3 mars 2026" / "3 March 2026". */
export const formatCalendarDate = (date: string, locale: Locale) =>
  dateFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${date}T12:00:00Z`));

// ---------------------------------------------------------------------------
// Numbers

/**
 * "1 234,5" / "1,234.5". `decimals` fixes the number of decimals (an indicator's own); without it
 * Intl's default (up to three) applies. Minus zero, which rounding leaves behind, shows as 0.
 */
export function formatNumber(n: number, locale: Locale, decimals?: number | { min: number; max: number }): string {
  const digits = decimals === undefined ? {} : typeof decimals === 'number' ? { minimumFractionDigits: decimals, maximumFractionDigits: decimals } : { minimumFractionDigits: decimals.min, maximumFractionDigits: decimals.max };
  const text = numberFormat(locale, digits).format(n);
  return /^[-−]0([.,]0*)?$/.test(text) ? text.slice(1) : text;
}

/** A share (0.12) as a whole percentage: "12 %" / "12%". */
export const formatPercent = (share: number, locale: Locale) => numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);

/** Whole kronor: "250 000 kr" / "SEK 250,000". */
export const formatKronor = (n: number, locale: Locale) => numberFormat(locale, { style: 'currency', currency: 'SEK', maximumFractionDigits: 0 }).format(n);

/** "Malmö, Skåne och Sverige" / "Malmö, Skåne and Sverige": names joined as the reader's language joins them. */
export const formatList = (items: readonly string[], locale: Locale) => new Intl.ListFormat(intlLocale(locale), { type: 'conjunction' }).format(items);

// ---------------------------------------------------------------------------
// Sorting

const swedishCollator = new Intl.Collator('sv');

/** Swedish names (places, organisations) sort the Swedish way, Å, Ä and Ö last, in either language. */
export const compareSwedish = (a: string, b: string) => swedishCollator.compare(a, b);
