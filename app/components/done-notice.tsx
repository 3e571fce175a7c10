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

const MESSAGES: Record<(typeof DONE)[Done], MessageKey> = {
  sparad: 'done.saved',
  publicerad: 'done.published',
  avpublicerad: 'done.unpublished',
  arkiverad: 'done.archived',
  aterstalld: 'done.restored',
  'grupp-skapad': 'done.groupCreated',
  'grupp-arkiverad': 'done.groupArchived',
  'organisation-skapad': 'done.orgCreated',
  medlem: 'done.joined',
  lamnat: 'done.left',
  'forfragan-godkand': 'done.requestApproved',
  'forfragan-avbojd': 'done.requestDeclined',
  'inbjudan-aterkallad': 'done.invitationRevoked',
  'roll-andrad': 'done.roleChanged',
  'medlem-borttagen': 'done.memberRemoved',
  verifierad: 'done.orgVerified',
  overifierad: 'done.orgUnverified',
  'diskussion-startad': 'done.threadStarted',
  'mote-bokat': 'done.meetingScheduled',
  'doman-godkand': 'done.domainApproved',
  'doman-avslagen': 'done.domainRejected',
  'omindexering-begard': 'done.reindexRequested',
  'jobb-omstartat': 'done.jobRetried',
};

/** `path` with the confirmation of what was done (before any `#fragment` of it). */
export const withDone = (path: string, done: Done) => {
  const [base, fragment] = path.split('#');
  return `${base}?${DONE_PARAM}=${DONE[done]}${fragment === undefined ? '' : `#${fragment}`}`;
};

/** What a publishing change did, for its confirmation. */
export const doneOfPublishing = (to: 'published' | 'draft' | 'archived'): Done => (to === 'published' ? 'published' : to === 'draft' ? 'unpublished' : 'archived');

export function DoneNotice() {
  const [params] = useSearchParams();
  const t = useT();
  const said = params.get(DONE_PARAM) ?? '';
  // Own keys only: ?klart=constructor names nothing.
  const key = Object.hasOwn(MESSAGES, said) ? MESSAGES[said as (typeof DONE)[Done]] : undefined;
  // Notice is itself a status region: no second one around it (a screen reader would meet the words twice).
  return key ? <Notice tone="success">{t(key)}</Notice> : null;
}
