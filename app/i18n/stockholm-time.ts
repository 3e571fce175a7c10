import { STOCKHOLM_TIME_ZONE } from './format.ts';

/**
 * Stockholm wall-clock time (Europe/Stockholm) and instants (timestamptz):
 * meetings are planned in local time, digests go out at 07:00 local time.
 * These pure helpers convert between the two, summer time included (the one
 * home for this; notifications/digest.server.ts and the group pages use it). Showing instants to people is app/i18n/format.ts's job. No
 * server imports: the browser bundle uses them too.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

export const isTimeOfDay = (v: string) => TIME_RE.test(v);

const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: STOCKHOLM_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** The local calendar date (YYYY-MM-DD) and time (HH:MM) of an instant in Stockholm. */
export function stockholmParts(instant: Date): { date: string; time: string } {
  const p = Object.fromEntries(partsFormatter.formatToParts(instant).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** Today's date in Stockholm, for "overdue" and default dates. */
export const stockholmToday = (now: Date = new Date()) => stockholmParts(now).date;

/**
 * The instant of a Stockholm wall-clock date and time, or null when the date
 * or time is malformed or the time does not exist that day (the hour skipped
 * when summer time starts). Sweden is at UTC+1 in winter and UTC+2 in summer,
 * so the answer is one of two candidates: the one that reads back as the same
 * wall-clock time. In the autumn hour that happens twice, the earlier (summer
 * time) instant is taken.
 */
export function stockholmToUtc(date: string, time: string): Date | null {
  const d = DATE_RE.exec(date);
  const t = TIME_RE.exec(time);
  if (!d || !t) return null;
  const asUtc = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  if (new Date(asUtc).toISOString().slice(0, 10) !== date) return null;
  for (const offsetHours of [2, 1]) {
    const candidate = new Date(asUtc - offsetHours * 3_600_000);
    const back = stockholmParts(candidate);
    if (back.date === date && back.time === time) return candidate;
  }
  return null;
}

/** Language-neutral "2026-03-03 13:00" for notification texts, which are rendered in each reader's language. */
export function neutralStockholmTime(instant: Date): string {
  const p = stockholmParts(instant);
  return `${p.date} ${p.time}`;
}
