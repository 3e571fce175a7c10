import type { Actor } from '../policy.ts';
import { canReadVisibility, isHidden } from '../policy.ts';
import type { ContentState, Visibility } from '#app/vocabulary.ts';

/**
 * Filters linked content (inspirations, lessons) down to what this reader may
 * open, so a link never reveals a draft or a partner-only title.
 */
export function readableLinks<T extends { state: ContentState; visibility: Visibility; groupId: string | null; organizationId: string; hiddenAt: Date | string | null }>(actor: Actor, rows: T[]): T[] {
  return rows.filter((r) => {
    const editor = actor.memberships.some((m) => m.organizationId === r.organizationId && (m.role === 'editor' || m.role === 'admin'));
    return editor || (r.state === 'published' && !isHidden(r) && canReadVisibility(actor, r.visibility, r.groupId));
  });
}
