/**
 * How each kind of notification reaches a person by mail when they have not
 * chosen: the one place these defaults live. Things addressed to you (a
 * mention, an action item, your membership) come at once; group chatter comes
 * in the daily digest. Free of server imports: the settings form uses it too.
 */
import { NOTIFICATION_DELIVERIES, NOTIFICATION_KINDS, type NotificationDelivery, type NotificationKind } from '#app/vocabulary.ts';

export const DEFAULT_DELIVERY: Record<NotificationKind, NotificationDelivery> = {
  mention: 'immediate',
  action_item: 'immediate',
  membership: 'immediate',
  thread: 'daily',
  reply: 'daily',
  meeting: 'daily',
  decision: 'daily',
  organization_review: 'immediate',
  organization_verification: 'immediate',
  // New work in a field one follows can wait for the morning.
  followed: 'daily',
  // A question waits for an answer.
  comment: 'immediate',
  // Being hidden by moderators is news one should hear at once.
  moderation: 'immediate',
};

/** The digest cadences: deliveries that collect notifications into one mail. */
export const DIGEST_CADENCES = ['daily', 'weekly'] as const;
export type DigestCadence = (typeof DIGEST_CADENCES)[number];

export const isNotificationKind = (v: unknown): v is NotificationKind => (NOTIFICATION_KINDS as readonly unknown[]).includes(v);
export const isNotificationDelivery = (v: unknown): v is NotificationDelivery => (NOTIFICATION_DELIVERIES as readonly unknown[]).includes(v);

/** A person's delivery for every kind: their saved choice, else the default. */
export function effectiveDeliveries(saved: { kind: NotificationKind; delivery: NotificationDelivery }[]): Record<NotificationKind, NotificationDelivery> {
  const out = { ...DEFAULT_DELIVERY };
  for (const row of saved) out[row.kind] = row.delivery;
  return out;
}

/** The kinds whose default is this delivery (for queries where no saved row means the default). */
export function kindsDefaultingTo(delivery: NotificationDelivery): NotificationKind[] {
  return NOTIFICATION_KINDS.filter((kind) => DEFAULT_DELIVERY[kind] === delivery);
}
