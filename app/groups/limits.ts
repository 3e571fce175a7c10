/** Field lengths and paths for group pages: shared by the server's checks and the browser's forms and links. */
export const MEETING_TITLE_MAX = 200;
export const MEETING_LOCATION_MAX = 300;
export const VIDEO_URL_MAX = 500;
export const DECISION_MAX = 2000;
export const ACTION_TITLE_MAX = 200;
export const LIBRARY_NOTE_MAX = 500;
export const THREADS_PER_PAGE = 20;

export const threadPath = (groupSlug: string, threadId: string) => `/grupper/${groupSlug}/diskussioner/${threadId}`;
export const replyAnchor = (replyId: string) => `svar-${replyId}`;
