/**
 * Headers of a page reached through a secret link (a password reset, an address confirmation, an invitation, an
 * unsubscribe or sign-in link, the token in its path): the token goes to no other site as a referrer, and no cache
 * keeps the page — not the browser's history cache, not a proxy, not the page cache for anonymous readers
 * (app/server/page-cache.server.ts stores nothing marked no-store).
 */
export const SECRET_LINK_HEADERS = { 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' } as const;
