import type { DoneMessages } from './done-notice.tsx';

/** Confirmations shown on group, organisation and account pages (see WRITE_UP_DONE in done-notice.tsx for why apart). */
export const COMMUNITY_DONE: DoneMessages = {
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
};
