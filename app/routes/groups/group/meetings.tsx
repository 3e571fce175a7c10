import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getCalendarSubscription, listGroupMeetings } from '#db/queries/group-meetings.server.ts';
import type { GroupMeeting } from '#db/schema/index.server.ts';
import { emptyMeetingValues, MeetingForm } from '#app/components/meeting-form.tsx';
import { Badge, Notice } from '#app/components/ui.tsx';
import { requireUser, type RequestContext } from '#app/context.server.ts';
import { requireGroupContent } from '#app/groups/access.server.ts';
import { issueCalendarToken, revokeCalendarToken } from '#app/groups/calendar.server.ts';
import { meetingFormValues, meetingPath, scheduleMeeting } from '#app/groups/meetings.server.ts';
import { stockholmToday } from '#app/i18n/stockholm-time.ts';
import { formatTimeSpan } from '#app/i18n/format.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { readForm } from '#app/http/form.server.ts';
import { withDone } from '#app/components/done-notice.tsx';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${translate(data.locale, 'groupMeeting.pageTitle', { name: data.group.name })} – Samverka` : 'Samverka' },
];

async function access(request: Request, context: RequestContext, slug: string | undefined) {
  const user = requireUser(request, context);
  const loaded = await requireGroupContent(request, context, slug ?? '');
  return { ...loaded, user };
}

const summary = (m: GroupMeeting) => ({
  id: m.id,
  title: m.title,
  startsAt: m.startsAt.toISOString(),
  endsAt: m.endsAt.toISOString(),
  location: m.location,
  online: m.videoUrl !== null,
  cancelled: m.cancelledAt !== null,
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { group, can, user } = await access(request, context, params.slug);
  const { db } = context.services;
  const [meetings, subscription] = await Promise.all([listGroupMeetings(db, group.id), getCalendarSubscription(db, group.id, user.id)]);
  const now = Date.now();
  // A meeting is upcoming until it has ended; past ones show the most recent first.
  const upcoming = meetings.filter((m) => m.endsAt.getTime() >= now).map(summary);
  const past = meetings
    .filter((m) => m.endsAt.getTime() < now)
    .reverse()
    .map(summary);
  return {
    locale: context.locale,
    group: { slug: group.slug, name: group.name, archived: group.archivedAt !== null },
    can: { scheduleMeetings: can.scheduleMeetings, subscribe: can.viewContent },
    upcoming,
    past,
    subscription: subscription ? { createdAt: subscription.createdAt.toISOString() } : null,
    today: stockholmToday(),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const loaded = await access(request, context, params.slug);
  const formData = await readForm(request);
  switch (formData.get('intent')) {
    case 'schedule': {
      const result = await scheduleMeeting(context, loaded, loaded.user, formData);
      if (!result.ok) return data({ errors: result.errors, values: meetingFormValues(formData), calendar: null }, { status: result.status });
      return redirect(withDone(meetingPath(loaded.group.slug, result.meetingId), 'meetingScheduled'));
    }
    case 'calendar-create':
      return { errors: undefined, values: null, calendar: await issueCalendarToken(context, loaded, loaded.user.id) };
    case 'calendar-revoke':
      await revokeCalendarToken(context, loaded, loaded.user.id);
      return { errors: undefined, values: null, calendar: null };
    default:
      throw new Response('unknown intent', { status: 400 });
  }
}

type MeetingSummary = ReturnType<typeof summary>;

function MeetingList({ slug, meetings, empty }: { slug: string; meetings: MeetingSummary[]; empty: string }) {
  const t = useT();
  if (meetings.length === 0) return <p>{empty}</p>;
  return (
    <ul className="plain-list meeting-list">
      {meetings.map((m) => (
        <li key={m.id} className={m.cancelled ? 'meeting-list__item meeting-list__item--cancelled' : 'meeting-list__item'}>
          <Link to={`/grupper/${slug}/moten/${m.id}`}>
            <strong>{m.title}</strong>
          </Link>{' '}
          {m.cancelled ? <Badge tone="warning">{t('groupMeeting.cancelled')}</Badge> : null}
          <br />
          <span>{formatTimeSpan(m.startsAt, m.endsAt, t.locale)}</span>
          {m.location || m.online ? (
            <span className="meeting-list__place">
              {' · '}
              {[m.location, m.online ? t('groupMeeting.online') : null].filter(Boolean).join(' · ')}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export default function GroupMeetings() {
  const { group, can, upcoming, past, subscription, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t('groupMeeting.pageTitle', { name: group.name })}</h1>
      {group.archived ? <Notice tone="warning">{t('groupWork.archived')}</Notice> : null}

      <section aria-labelledby="upcoming" className="panel">
        <h2 id="upcoming">{t('groupMeeting.upcoming')}</h2>
        <MeetingList slug={group.slug} meetings={upcoming} empty={t('groupMeeting.noUpcoming')} />
      </section>

      {can.scheduleMeetings ? (
        <section aria-labelledby="schedule" className="panel">
          <h2 id="schedule">{t('groupMeeting.schedule')}</h2>
          <p className="field__hint">{t('groupMeeting.timeZoneNote')}</p>
          <MeetingForm intent="schedule" values={actionData?.values ?? emptyMeetingValues(today)} errors={actionData?.errors} submitLabel="groupMeeting.scheduleSubmit" />
        </section>
      ) : null}

      <section aria-labelledby="past" className="panel">
        <h2 id="past">{t('groupMeeting.past')}</h2>
        <MeetingList slug={group.slug} meetings={past} empty={t('groupMeeting.noPast')} />
      </section>

      {can.subscribe ? (
        <section aria-labelledby="subscribe" className="panel">
          <h2 id="subscribe">{t('groupCalendar.title')}</h2>
          <p>{t('groupCalendar.intro')}</p>
          {actionData?.calendar ? (
            <Notice tone="success">
              <p>{t('groupCalendar.created')}</p>
              <p>
                <label htmlFor="calendar-url">{t('groupCalendar.url')}</label>
                <input id="calendar-url" className="calendar-url" type="text" readOnly value={actionData.calendar.url} />
              </p>
              <p>
                <a href={actionData.calendar.webcal}>{t('groupCalendar.openInApp')}</a>
              </p>
              <p>{t('groupCalendar.keepSecret')}</p>
            </Notice>
          ) : subscription ? (
            <p>{t('groupCalendar.exists', { date: subscription.createdAt.slice(0, 10) })}</p>
          ) : null}
          <Form method="post" className="inline-form">
            <button type="submit" name="intent" value="calendar-create" className="button button--secondary">
              {subscription || actionData?.calendar ? t('groupCalendar.renew') : t('groupCalendar.create')}
            </button>
            {subscription || actionData?.calendar ? (
              <button type="submit" name="intent" value="calendar-revoke" className="button button--danger">
                {t('groupCalendar.revoke')}
              </button>
            ) : null}
          </Form>
          {subscription || actionData?.calendar ? <p className="field__hint">{t('groupCalendar.renewHint')}</p> : null}
        </section>
      ) : null}
    </>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
