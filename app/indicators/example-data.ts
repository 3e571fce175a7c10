/**
 * Which values are example data (issue 14). Example-ness starts on the indicator (`indicators.is_example`,
 * the demo seed's), but real values can later be imported into such an indicator for some areas, and those
 * must not be called example data. The demo seed writes its values through an import of format 'seed'
 * (db/seed/indicator-demo.server.ts); every real import (CSV, JSON-stat, Kolada, SCB) has another format.
 * So a value is example data when its indicator is flagged AND it did not come from a real import: no
 * import recorded (older rows, or an import since removed) or the seed's.
 */
export function isExampleValue(indicatorIsExample: boolean, importFormat: string | null): boolean {
  return indicatorIsExample && (importFormat === null || importFormat === 'seed');
}

/** How much of a series (one area's line in a chart) is example data. */
export type ExampleShare = 'all' | 'some' | 'none';

export function exampleShare(flags: readonly boolean[]): ExampleShare {
  const examples = flags.filter(Boolean).length;
  return examples === 0 ? 'none' : examples === flags.length ? 'all' : 'some';
}
