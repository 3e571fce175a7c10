import type { Db } from '#db/client.server.ts';
import { consumeUnsubscribeToken, insertUnsubscribeToken, savePreferences } from '#db/queries/notifications.server.ts';
import { NOTIFICATION_KINDS, type NotificationKind } from '#app/vocabulary.ts';
import { generateToken, hashToken } from '../auth/tokens.server.ts';

/** The path every notification mail's unsubscribe link starts with (see app/routes.ts and the CSRF exemption in app/server/http.server.ts). */
export const UNSUBSCRIBE_PATH = '/avregistrera';

/**
 * A fresh single-use unsubscribe link for one mail: for `kind` it turns off
 * that kind, for null (digests) all notification mail. Only the hash is stored.
 */
export async function createUnsubscribeUrl(db: Db, publicUrl: string, userId: string, kind: NotificationKind | null): Promise<string> {
  const token = generateToken();
  await insertUnsubscribeToken(db, { tokenHash: hashToken(token), userId, kind });
  return `${publicUrl}${UNSUBSCRIBE_PATH}/${token}`;
}

/** RFC 2369 / RFC 8058 headers: mail programs show an unsubscribe button that POSTs to the link. */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/**
 * Uses the token up and turns the mail it stands for off, in one transaction.
 * Returns what was turned off, or null when the token is unknown or already used.
 */
export async function unsubscribeWithToken(db: Db, token: string): Promise<{ kind: NotificationKind | null } | null> {
  return db.transaction(async (tx) => {
    const found = await consumeUnsubscribeToken(tx, hashToken(token));
    if (!found) return null;
    const kinds = found.kind ? [found.kind] : NOTIFICATION_KINDS;
    await savePreferences(tx, found.userId, Object.fromEntries(kinds.map((k) => [k, 'off' as const])));
    return { kind: found.kind };
  });
}
