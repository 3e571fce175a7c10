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

const DONE = {
  saved: 'sparad',
  published: 'publicerad',
  unpublished: 'avpublicerad',
  archived: 'arkiverad',
  restored: 'aterstalld',
  // Groups and organisations (issue 14: every action that changes something says so on the next page).
  groupCreated: 'grupp-skapad',
  groupArchived: 'grupp-arkiverad',
  orgCreated: 'organisation-skapad',
  joined: 'medlem',
  left: 'lamnat',
  requestApproved: 'forfragan-godkand',
  requestDeclined: 'forfragan-avbojd',
  invitationRevoked: 'inbjudan-aterkallad',
  roleChanged: 'roll-andrad',
  memberRemoved: 'medlem-borttagen',
  orgVerified: 'verifierad',
  orgUnverified: 'overifierad',
  threadStarted: 'diskussion-startad',
  meetingScheduled: 'mote-bokat',
  // Platform administration.
  domainApproved: 'doman-godkand',
  domainRejected: 'doman-avslagen',
  reindexRequested: 'omindexering-begard',
  jobRetried: 'jobb-omstartat',
} as const;
export type Done = keyof typeof DONE;

/** The slug a redirect carries (`?klart=sparad`). */
export type DoneSlug = (typeof DONE)[Done];
/** What a page says for the confirmations it can receive. */
export type DoneMessages = Partial<Record<DoneSlug, MessageKey>>;

/**
 * The write-up pages' confirmations. Groups, organisations and the account page pass theirs from
 * done-notice-community.ts, the admin page from done-notice-admin.ts: each page's catalog part then holds only
 * the confirmations it can show (the build collects the texts a module names), not every area's.
 */
export const WRITE_UP_DONE: DoneMessages = {
  sparad: 'done.saved',
  publicerad: 'done.published',
  avpublicerad: 'done.unpublished',
  arkiverad: 'done.archived',
  aterstalld: 'done.restored',
};

/** `path` with the confirmation of what was done (before any `#fragment` of it). */
export const withDone = (path: string, done: Done) => {
  const [base, fragment] = path.split('#');
  return `${base}?${DONE_PARAM}=${DONE[done]}${fragment === undefined ? '' : `#${fragment}`}`;
};

/** What a publishing change did, for its confirmation. */
export const doneOfPublishing = (to: 'published' | 'draft' | 'archived'): Done => (to === 'published' ? 'published' : to === 'draft' ? 'unpublished' : 'archived');

export function DoneNotice({ messages = WRITE_UP_DONE }: { messages?: DoneMessages }) {
  const [params] = useSearchParams();
  const t = useT();
  const said = params.get(DONE_PARAM) ?? '';
  // Own keys only: ?klart=constructor names nothing.
  const key = Object.hasOwn(messages, said) ? messages[said as DoneSlug] : undefined;
  // Notice is itself a status region: no second one around it (a screen reader would meet the words twice).
  return key ? <Notice tone="success">{t(key)}</Notice> : null;
}
