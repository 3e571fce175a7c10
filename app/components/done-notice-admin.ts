import type { DoneMessages } from './done-notice.tsx';

/** Confirmations shown on the admin page (see WRITE_UP_DONE in done-notice.tsx for why apart). */
export const ADMIN_DONE: DoneMessages = {
  'doman-godkand': 'done.domainApproved',
  'doman-avslagen': 'done.domainRejected',
  'omindexering-begard': 'done.reindexRequested',
  'jobb-omstartat': 'done.jobRetried',
};
