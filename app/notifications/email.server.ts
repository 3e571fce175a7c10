import { markNotificationsEmailed, notificationForMail, savedDeliveries } from '#db/queries/notifications.server.ts';
import type { NotificationKind } from '#app/vocabulary.ts';
import { isLocale, translate, type Locale } from '../i18n/index.ts';
import type { MailMessage } from '../mail/mailer.server.ts';
import { safeRedirectPath } from '../context.server.ts';
import type { Services } from '../services.server.ts';
import { noticeMessageKey } from './message.ts';
import { DEFAULT_DELIVERY } from './preferences.ts';
import { createUnsubscribeUrl, unsubscribeHeaders } from './unsubscribe.server.ts';

export const NOTIFICATION_SETTINGS_PATH = '/konto/aviseringar';

export const mailLocale = (locale: string | null): Locale => (isLocale(locale) ? locale : 'sv');

/** One notification's text in a reader's language. */
export const noticeText = (locale: Locale, n: { messageKey: string; params: Record<string, string> }) =>
  translate(locale, noticeMessageKey(n.messageKey), n.params);

/** The absolute link a mail carries; a stored url that is not a same-site path leads to the notifications page instead. */
export const noticeLink = (publicUrl: string, url: string) => `${publicUrl}${safeRedirectPath(url, '/aviseringar')}`;

/**
 * The `notification.email` job: mails one notification at once. Everything is
 * checked again when the job runs, since time has passed since `notify()`:
 * a recipient who left the group gets nothing (the job is simply done), and
 * one who has turned this kind off or to a digest since gets no mail now.
 */
export async function sendNotificationEmail(services: Services, payload: Record<string, unknown>): Promise<void> {
  const { db, config } = services;
  const id = Number(payload.notificationId);
  if (!Number.isSafeInteger(id)) return;
  const found = await notificationForMail(db, id);
  // Gone (the group or person was deleted) or already sent by an earlier attempt of this job.
  if (!found || found.notification.emailedAt) return;
  if (!found.receivable) return;
  const { userId, kind } = found.notification;
  const delivery = (await savedDeliveries(db, [userId], kind)).get(userId) ?? DEFAULT_DELIVERY[kind];
  if (delivery !== 'immediate') return;

  const unsubscribeUrl = await createUnsubscribeUrl(db, config.publicUrl, userId, kind);
  await services.mailer.send(
    immediateMail({
      to: found.email,
      locale: mailLocale(found.locale),
      kind,
      message: noticeText(mailLocale(found.locale), found.notification),
      link: noticeLink(config.publicUrl, found.notification.url),
      settingsUrl: `${config.publicUrl}${NOTIFICATION_SETTINGS_PATH}`,
      unsubscribeUrl,
    }),
  );
  await markNotificationsEmailed(db, [id]);
}

function immediateMail(m: {
  to: string;
  locale: Locale;
  kind: NotificationKind;
  message: string;
  link: string;
  settingsUrl: string;
  unsubscribeUrl: string;
}): MailMessage {
  const kind = translate(m.locale, `notificationKind.${m.kind}`);
  return {
    to: m.to,
    subject: translate(m.locale, 'mail.notification.subject', { message: m.message }),
    text: translate(m.locale, 'mail.notification.body', { message: m.message, link: m.link, kind, settings: m.settingsUrl, unsubscribe: m.unsubscribeUrl }),
    headers: unsubscribeHeaders(m.unsubscribeUrl),
  };
}
