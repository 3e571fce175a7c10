import type { Db } from '#db/client.ts';
import { groupMemberIds } from '#db/queries/groups.ts';
import { notifications } from '#db/schema/index.ts';
import type { NotificationKind } from '#db/vocabulary.ts';
import type { MessageKey } from '../i18n/sv.ts';

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
 * Mail delivery (at once or in a digest) follows from these rows.
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
    .returning({ id: notifications.id });
  return rows.map((r) => r.id);
}

