import { useSearchParams } from '@remix-run/react';
import type { MessageKey } from '../i18n/index.ts';
import { useT } from '../i18n/use-t.ts';
import { Notice } from './ui.tsx';

/**
 * "Saved", "Published" …: an action that changed something redirects to the page with `?klart=<what>`, and the
 * page says it in words (as /konto does with `?epost=bekraftad`). A query parameter, not a cookie: it needs no
 * session and works without JavaScript; the page's own links (the Lättläst switch, say) drop it.
 */
export const DONE_PARAM = 'klart';

const DONE = { saved: 'sparad', published: 'publicerad', unpublished: 'avpublicerad', archived: 'arkiverad', restored: 'aterstalld' } as const;
export type Done = keyof typeof DONE;

const MESSAGES: Record<(typeof DONE)[Done], MessageKey> = {
  sparad: 'done.saved',
  publicerad: 'done.published',
  avpublicerad: 'done.unpublished',
  arkiverad: 'done.archived',
  aterstalld: 'done.restored',
};

/** `path` with the confirmation of what was done. */
export const withDone = (path: string, done: Done) => `${path}?${DONE_PARAM}=${DONE[done]}`;

/** What a publishing change did, for its confirmation. */
export const doneOfPublishing = (to: 'published' | 'draft' | 'archived'): Done => (to === 'published' ? 'published' : to === 'draft' ? 'unpublished' : 'archived');

export function DoneNotice() {
  const [params] = useSearchParams();
  const t = useT();
  const said = params.get(DONE_PARAM) ?? '';
  // Own keys only: ?klart=constructor names nothing.
  const key = Object.hasOwn(MESSAGES, said) ? MESSAGES[said as (typeof DONE)[Done]] : undefined;
  return key ? (
    <div role="status">
      <Notice tone="success">{t(key)}</Notice>
    </div>
  ) : null;
}
