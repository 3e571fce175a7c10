import { comparePeriods } from '../components/line-chart.tsx';

/** One indicator's key figure on an area page: the latest value, its five-year change, and where it stands against the areas compared. */
export interface KeyFigure {
  period: string;
  value: number;
  /** Versus five periods (years) earlier, when that value exists. */
  change: { from: string; delta: number; verdict: Verdict } | null;
  /** Against the län (or kommun, for a district) and Sweden, for the same period. */
  against: { code: string; value: number; relation: 'higher' | 'lower' | 'same'; verdict: Verdict }[];
}
export type Verdict = 'better' | 'worse' | 'same';

const verdictOf = (delta: number, higherIsBetter: boolean, decimals: number): Verdict => {
  // Differences that vanish when shown with the indicator's decimals are "the same".
  if (Math.abs(delta) < 0.5 * 10 ** -decimals) return 'same';
  return delta > 0 === higherIsBetter ? 'better' : 'worse';
};

export function keyFigure(
  own: { period: string; value: number }[],
  others: { code: string; points: { period: string; value: number }[] }[],
  higherIsBetter: boolean,
  decimals: number,
): KeyFigure | null {
  const sorted = [...own].sort((a, b) => comparePeriods(a.period, b.period));
  const last = sorted.at(-1);
  if (!last) return null;
  // Five years back only makes sense for yearly periods ("2023").
  const earlier = /^\d{4}$/.test(last.period) ? sorted.find((p) => p.period === String(Number(last.period) - 5)) : undefined;
  const change = earlier ? { from: earlier.period, delta: last.value - earlier.value, verdict: verdictOf(last.value - earlier.value, higherIsBetter, decimals) } : null;
  const against = others.flatMap((o) => {
    const p = o.points.find((x) => x.period === last.period);
    if (!p) return [];
    const delta = last.value - p.value;
    const verdict = verdictOf(delta, higherIsBetter, decimals);
    return [{ code: o.code, value: p.value, relation: verdict === 'same' ? ('same' as const) : delta > 0 ? ('higher' as const) : ('lower' as const), verdict }];
  });
  return { period: last.period, value: last.value, change, against };
}
