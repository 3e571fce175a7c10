/**
 * An initiative's period on a yearly chart: which years came before it, which
 * it ran during, and which came after. Pure, shared by the initiative page's
 * loader and the tests; agrees with LineChart's own before/during/after column.
 */
import { comparePeriods } from '../components/line-chart.tsx';

/** The years an initiative ran: `end` null means it is still running ("until now"). */
export interface MarkedYears {
  start: string;
  end: string | null;
}

export type Phase = 'before' | 'during' | 'after';

const yearOf = (date: string | null | undefined) => (date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date.slice(0, 4) : null);

/**
 * From an initiative's start and end dates (YYYY-MM-DD) to the years to mark:
 * every year it ran in at least partly counts as "during". No start date, no
 * marking; no end date (or an end before the start) runs until now.
 */
export function markedYears(startDate: string | null | undefined, endDate: string | null | undefined): MarkedYears | null {
  const start = yearOf(startDate);
  if (start === null) return null;
  const end = yearOf(endDate);
  return { start, end: end !== null && end >= start ? end : null };
}

/** Where a period ("2023", "2023H1", "2023Q2") falls; half years and quarters go by their year. */
export function phaseOf(period: string, marked: MarkedYears): Phase {
  const year = period.slice(0, 4);
  if (comparePeriods(year, marked.start) < 0) return 'before';
  if (marked.end !== null && comparePeriods(year, marked.end) > 0) return 'after';
  return 'during';
}

/** The chart's periods sorted into before / during / after, each in period order. */
export function splitByPhase(periods: readonly string[], marked: MarkedYears): Record<Phase, string[]> {
  const out: Record<Phase, string[]> = { before: [], during: [], after: [] };
  for (const p of [...new Set(periods)].sort(comparePeriods)) out[phaseOf(p, marked)].push(p);
  return out;
}

/** "2014–2021", "2022", or null for none: a run of periods as the caption names it. */
export function spanOf(periods: readonly string[]): string | null {
  if (periods.length === 0) return null;
  const first = periods[0]!;
  const last = periods[periods.length - 1]!;
  return first === last ? first : `${first}–${last}`;
}
