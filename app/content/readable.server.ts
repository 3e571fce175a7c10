import type { Actor } from '../policy.ts';
import { canSeeLinkTo } from '../policy.ts';

/**
 * Filters linked content (inspirations, lessons) down to what this reader may
 * open, so a link never reveals a draft or a partner-only title.
 */
export function readableLinks<T extends Parameters<typeof canSeeLinkTo>[1]>(actor: Actor, rows: T[]): T[] {
  return rows.filter((r) => canSeeLinkTo(actor, r));
}
