import type { Db } from '#db/client.server.ts';
import { groupMemberIds } from '#db/queries/group-membership.server.ts';
import { enqueueJob } from '#db/queries/jobs.server.ts';
import { savedDeliveries } from '#db/queries/notifications.server.ts';
import { notifications } from '#db/schema/index.server.ts';
import type { NotificationKind } from '#app/vocabulary.ts';
import type { MessageKey } from '../i18n/sv.ts';
import { DEFAULT_DELIVERY } from './preferences.ts';

/** One job per notification to mail at once; the handler lives in ./email.server.ts. */
export const NOTIFICATION_EMAIL_JOB = 'notification.email';

export interface NoticeInput {
  recipients: string[];
  kind: NotificationKind;
  /** Set for anything that happened inside a group: only current members are notified. */
  groupId: string | null;
  actorId: string | null;
  /** Rendered in each reader's language when shown or mailed. */
  messageKey: MessageKey;
  params?: Record<string, string>;
  /** Where the notification leads (a path on this site). */
  url: string;
}

/**
 * Records in-app notifications for the recipients, never for the person who
 * acted, and for group events only for current members of the group. Call it
 * inside the transaction of the write it is about, so both land or neither.
 * Recipients who get this kind by mail at once get a mail job in the same
 * transaction; digests pick the others up later (./digest.server.ts).
 */
export async function notify(db: Db, input: NoticeInput): Promise<number[]> {
  let recipients = [...new Set(input.recipients)].filter((id) => id !== input.actorId);
  if (input.groupId) recipients = await groupMemberIds(db, input.groupId, recipients);
  if (recipients.length === 0) return [];
  const rows = await db
    .insert(notifications)
    .values(
      recipients.map((userId) => ({
        userId,
        kind: input.kind,
        groupId: input.groupId,
        actorId: input.actorId,
        messageKey: input.messageKey,
        params: input.params ?? {},
        url: input.url,
      })),
    )
    .returning({ id: notifications.id, userId: notifications.userId });

  const saved = await savedDeliveries(db, recipients, input.kind);
  for (const row of rows) {
    if ((saved.get(row.userId) ?? DEFAULT_DELIVERY[input.kind]) === 'immediate') {
      await enqueueJob(db, NOTIFICATION_EMAIL_JOB, { notificationId: row.id });
    }
  }
  return rows.map((r) => r.id);
}
