import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import {
  countNotifications,
  countUnreadNotifications,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from '#db/queries/notifications.server.ts';
import { Badge, Notice } from '#app/components/ui.tsx';
import { Pagination } from '#app/components/pagination.tsx';
import { requireUser } from '#app/context.server.ts';
import { translate } from '#app/i18n/index.ts';
import { formatDateTime } from '#app/i18n/format.ts';
import { useT } from '#app/i18n/use-t.ts';
import { noticeMessageKey } from '#app/notifications/message.ts';
// A notification names its text by the key stored with it, so the page's catalog part (vite.config.ts) takes
// every notice text: catalog-keys: group.notice. groupAction.notice. groupDecision.notice. groupMeeting.notice. notifications. org.notice.
import { readForm } from '#app/http/form.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? translate(data.locale, 'notifications.title') : ''} – Samverka` }];

const PAGE_SIZE = 20;

/** The reader's notifications, newest first; group ones only while they are still in the group (see db/queries/notifications.ts). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const { db } = context.services;
  const requested = Number(new URL(request.url).searchParams.get('sida'));
  const page = Number.isSafeInteger(requested) && requested > 0 ? requested : 1;
  const [total, unread, rows] = await Promise.all([
    countNotifications(db, user.id),
    countUnreadNotifications(db, user.id),
    listNotifications(db, user.id, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
  ]);
  return {
    locale: context.locale,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    unread,
    notifications: rows.map((r) => ({
      id: r.id,
      messageKey: noticeMessageKey(r.messageKey),
      params: r.params,
      read: r.readAt !== null,
      createdAt: r.createdAt.toISOString(),
      groupName: r.groupName,
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const { db } = context.services;
  const formData = await readForm(request);
  switch (formData.get('intent')) {
    case 'read': {
      const id = Number(formData.get('id'));
      if (!Number.isSafeInteger(id) || id <= 0) throw new Response('invalid notification id', { status: 400 });
      await markNotificationRead(db, user.id, id);
      return { done: 'read' as const };
    }
    case 'read-all':
      await markAllNotificationsRead(db, user.id);
      return { done: 'read-all' as const };
    default:
      throw new Response('unknown intent', { status: 400 });
  }
}

export default function Notifications() {
  const { notifications, unread, page, pages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const fmt = (iso: string) => formatDateTime(iso, t.locale);
  return (
    <div className="container page page--narrow">
      <h1>{t('notifications.title')}</h1>
      <p className="lead">{t('notifications.lead')}</p>
      {actionData?.done === 'read-all' ? <Notice tone="success">{t('notifications.markedAllRead')}</Notice> : null}
      <div className="notifications__summary">
        <p>{unread > 0 ? t('notifications.unreadCount', { count: unread }) : t('notifications.noneUnread')}</p>
        {unread > 0 ? (
          <Form method="post">
            <button type="submit" name="intent" value="read-all" className="button button--secondary button--small">
              {t('notifications.markAllRead')}
            </button>
          </Form>
        ) : null}
        <Link to="/konto/aviseringar">{t('notifications.settingsLink')}</Link>
      </div>

      {notifications.length === 0 ? (
        <p>{t('notifications.empty')}</p>
      ) : (
        <ol className="notification-list" aria-label={t('notifications.listLabel')}>
          {notifications.map((n) => (
            <li key={n.id} className={`notification${n.read ? '' : ' notification--unread'}`}>
              <p className="notification__message">
                {/* Unread is said in words, not only by weight and colour. */}
                {n.read ? null : <Badge tone="warning">{t('notifications.unread')}</Badge>}{' '}
                {/* Through /aviseringar/:id, which marks it read and leads on. */}
                <a href={`/aviseringar/${n.id}`}>{t(n.messageKey, n.params)}</a>
              </p>
              <p className="meta">
                {n.groupName ? <>{t('notifications.inGroup', { group: n.groupName })} · </> : null}
                <time dateTime={n.createdAt}>{fmt(n.createdAt)}</time>
              </p>
              {n.read ? null : (
                <Form method="post" className="notification__action">
                  <input type="hidden" name="id" value={n.id} />
                  <button type="submit" name="intent" value="read" className="link-button">
                    {t('notifications.markRead')}
                    <span className="visually-hidden">: {t(n.messageKey, n.params)}</span>
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ol>
      )}
      <Pagination page={page} pages={pages} />
    </div>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
