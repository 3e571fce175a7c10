/**
 * Classes and colours of a choropleth, shared by the server (loader) and the map component.
 *
 * Quantile classes (five, each holding about a fifth of the areas with a value) rather than equal
 * intervals: indicators such as economic assistance are skewed, and equal intervals would put
 * most kommuner in one pale class and show nothing. The breaks are real values from the data.
 *
 * Palette: ColorBrewer's single-hue "Blues" (5 classes), readable with every common colour-vision
 * deficiency and in greyscale because lightness alone carries the order. Darker always means
 * WORSE (more need): for an indicator where higher is better the order flips, so the reader never
 * has to remember which way a map runs; the legend says it in words.
 */
export const PALETTE = ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'] as const;
export const CLASS_COUNT = 5;

export interface ChoroplethClass {
  /** Lowest and highest value in the class (inclusive). */
  min: number;
  max: number;
  color: string;
  count: number;
}

export interface Classification {
  classes: ChoroplethClass[];
  /** Class index of a value, or -1 when there is none. */
  classOf: (value: number | null | undefined) => number;
}

/** Quantile classes of the values: upper bounds at the 1/5 … 4/5 positions of the sorted values, ties kept together. */
export function classify(values: number[], higherIsBetter: boolean, k = CLASS_COUNT): Classification {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { classes: [], classOf: () => -1 };
  const uppers: number[] = [];
  for (let i = 1; i < k; i++) {
    const upper = sorted[Math.ceil((i * sorted.length) / k) - 1]!;
    if (uppers.length === 0 || upper > uppers.at(-1)!) uppers.push(upper);
  }
  if (uppers.at(-1) !== sorted.at(-1)) uppers.push(sorted.at(-1)!);
  const n = uppers.length;
  // With fewer distinct classes than colours, spread them over the palette so the ends stay light and dark.
  const colorOf = (i: number) => {
    const rank = n === 1 ? k - 1 : Math.round((i * (k - 1)) / (n - 1));
    return PALETTE[higherIsBetter ? k - 1 - rank : rank]!;
  };
  const classOf = (value: number | null | undefined) => {
    if (value === null || value === undefined || !Number.isFinite(value)) return -1;
    const i = uppers.findIndex((u) => value <= u);
    return i === -1 ? n - 1 : i;
  };
  const classes = uppers.map((max, i) => {
    const inClass = sorted.filter((v) => classOf(v) === i);
    return { min: inClass[0] ?? max, max, color: colorOf(i), count: inClass.length };
  });
  return { classes, classOf };
}

// A no-break space keeps the unit on the number's line.
export const UNIT_SUFFIX: Record<string, string> = { procent: '\u00a0%', kronor: '\u00a0kr', antal: '', per1000: '\u00a0‰' };
export const withUnit = (formatted: string, unit: string) => `${formatted}${UNIT_SUFFIX[unit] ?? `\u00a0${unit}`}`;
