/** What the statistics commands share: a problem found in the values, in words. */
import type { MessageKey } from '../i18n/index.ts';
import type { ImportProblem } from '../indicators/parse.ts';

export function problemLine(t: (key: MessageKey, params?: Record<string, string | number>) => string, p: ImportProblem): string {
  const where = p.line !== null ? `${t('import.problemAtLine', { line: p.line })} ` : '';
  const value = p.params?.value !== undefined ? ` (${p.params.value})` : '';
  return `${where}${t(`import.problem.${p.code}` as MessageKey, { value: '', min: '', max: '', firstLine: '', found: '', indicator: '', decimals: '', expected: '', column: p.column ?? '', ...p.params })}${value}`;
}
