import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { listMeetingDecisions } from '#db/queries/group-decisions.server.ts';
import { MeetingForm, type MeetingFormValues } from '#app/components/meeting-form.tsx';
import { RichTextEditor } from '#app/components/rich-text-editor.tsx';
import { Badge, ErrorSummary, Notice } from '#app/components/ui.tsx';
import { requireUser, type RequestContext } from '#app/context.server.ts';
import { requireGroupContent } from '#app/groups/access.server.ts';
import { cancelMeeting, loadGroupMeeting, meetingFormValues, saveMinutes, updateMeetingDetails } from '#app/groups/meetings.server.ts';
import { stockholmParts } from '#app/i18n/stockholm-time.ts';
import { formatCalendarDate, formatTimeSpan } from '#app/i18n/format.ts';
import { useT } from '#app/i18n/use-t.ts';
import { canChangeMeeting } from '#app/policy.ts';
import { isRichTextEmpty, renderRichTextHtml } from '#app/rich-text/document.server.ts';
import { readForm } from '#app/http/form.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.meeting.title} – ${data.group.name} – Samverka` : 'Samverka' }];

async function load(request: Request, context: RequestContext, params: { slug?: string; meetingId?: string }) {
  const user = requireUser(request, context);
  const access = await requireGroupContent(request, context, params.slug);
  const meeting = await loadGroupMeeting(context, access, params.meetingId);
  return { access, meeting, user };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { access, meeting } = await load(request, context, params);
  const { group, can } = access;
  const decisions = await listMeetingDecisions(context.services.db, group.id, meeting.id);
  const start = stockholmParts(meeting.startsAt);
  const end = stockholmParts(meeting.endsAt);
  return {
    locale: context.locale,
    group: { slug: group.slug, name: group.name, archived: group.archivedAt !== null },
    can: { edit: canChangeMeeting(can, meeting), recordDecisions: can.recordDecisions },
    meeting: {
      id: meeting.id,
      title: meeting.title,
      startsAt: meeting.startsAt.toISOString(),
      endsAt: meeting.endsAt.toISOString(),
      location: meeting.location,
      videoUrl: meeting.videoUrl,
      agendaHtml: isRichTextEmpty(meeting.agenda) ? '' : renderRichTextHtml(meeting.agenda),
      minutesHtml: meeting.minutes ? renderRichTextHtml(meeting.minutes) : '',
      minutes: meeting.minutes,
      cancelled: meeting.cancelledAt !== null,
      past: meeting.endsAt.getTime() < Date.now(),
    },
    editValues: {
      title: meeting.title,
      date: start.date,
      startTime: start.time,
      endTime: end.time,
      location: meeting.location ?? '',
      videoUrl: meeting.videoUrl ?? '',
      agenda: meeting.agenda,
    } satisfies MeetingFormValues,
    decisions: decisions.map((d) => ({ id: d.id, text: d.text, decidedOn: d.decidedOn })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { access, meeting, user } = await load(request, context, params);
  const formData = await readForm(request);
  const intent = formData.get('intent');
  const result =
    intent === 'update'
      ? await updateMeetingDetails(context, access, user, meeting, formData)
      : intent === 'minutes'
        ? await saveMinutes(context, access, user, meeting, formData)
        : intent === 'cancel'
          ? await cancelMeeting(context, access, user, meeting)
          : null;
  if (!result) throw new Response('unknown intent', { status: 400 });
  if (!result.ok) {
    return data({ intent: String(intent), errors: result.errors, values: intent === 'update' ? meetingFormValues(formData) : null, saved: false }, { status: result.status });
  }
  return { intent: String(intent), errors: undefined, values: null, saved: true };
}

const SAVED_MESSAGE = { update: 'groupMeeting.saved.update', minutes: 'groupMeeting.saved.minutes', cancel: 'groupMeeting.saved.cancel' } as const;

export default function GroupMeetingPage() {
  const { group, can, meeting, editValues, decisions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const failed = actionData && !actionData.saved ? actionData : null;
  const savedKey = actionData?.saved ? SAVED_MESSAGE[actionData.intent as keyof typeof SAVED_MESSAGE] : undefined;
  const base = `/grupper/${group.slug}`;
  return (
    <>
      <p>
        <Link to={`${base}/moten`}>← {t('groupMeeting.back')}</Link>
      </p>
      <h1>
        {meeting.title} {meeting.cancelled ? <Badge tone="warning">{t('groupMeeting.cancelled')}</Badge> : null}
      </h1>
      {group.archived ? <Notice tone="warning">{t('groupWork.archived')}</Notice> : null}
      {savedKey ? <Notice tone="success">{t(savedKey)}</Notice> : null}
      {failed?.intent === 'cancel' ? <ErrorSummary errors={failed.errors} /> : null}
      {meeting.cancelled ? <Notice tone="warning">{t('groupMeeting.cancelledNotice')}</Notice> : null}

      <dl className="meeting-facts">
        <dt>{t('groupMeeting.when')}</dt>
        <dd>
          {formatTimeSpan(meeting.startsAt, meeting.endsAt, t.locale)} <span className="field__hint">({t('groupMeeting.swedishTime')})</span>
        </dd>
        {meeting.location ? (
          <>
            <dt>{t('groupMeeting.field.location')}</dt>
            <dd>{meeting.location}</dd>
          </>
        ) : null}
        {meeting.videoUrl ? (
          <>
            <dt>{t('groupMeeting.field.videoUrl')}</dt>
            <dd>
              <a href={meeting.videoUrl} rel="noopener noreferrer">
                {meeting.videoUrl}
              </a>
            </dd>
          </>
        ) : null}
        <dt>{t('groupMeeting.calendarFile')}</dt>
        <dd>
          <a href={`${base}/moten/${meeting.id}/ics`} download>
            {t('groupMeeting.downloadIcs')}
          </a>
        </dd>
      </dl>

      <section aria-labelledby="agenda" className="panel">
        <h2 id="agenda">{t('groupMeeting.field.agenda')}</h2>
        {meeting.agendaHtml ? (
          <div className="rich-text" dangerouslySetInnerHTML={{ __html: meeting.agendaHtml }} />
        ) : (
          <p>{t('groupMeeting.noAgenda')}</p>
        )}
      </section>

      <section aria-labelledby="minutes" className="panel">
        <h2 id="minutes">{t('groupMeeting.minutes')}</h2>
        {meeting.minutesHtml ? <div className="rich-text" dangerouslySetInnerHTML={{ __html: meeting.minutesHtml }} /> : <p>{t('groupMeeting.noMinutes')}</p>}
        {can.edit ? (
          <Form method="post" className="form form--wide" noValidate>
            <input type="hidden" name="intent" value="minutes" />
            <RichTextEditor
              name="minutes"
              label={t('groupMeeting.minutesEdit')}
              initialDoc={meeting.minutes ?? undefined}
              error={failed?.intent === 'minutes' && failed.errors?.minutes ? t(failed.errors.minutes.key, failed.errors.minutes.params) : undefined}
            />
            <button type="submit" className="button">
              {t('groupMeeting.minutesSave')}
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="decisions" className="panel">
        <h2 id="decisions">{t('groupDecision.atMeeting')}</h2>
        {decisions.length === 0 ? <p>{t('groupDecision.noneAtMeeting')}</p> : null}
        <ul className="plain-list">
          {decisions.map((d) => (
            <li key={d.id}>
              <span className="decision__text">{d.text}</span> <span className="field__hint">({formatCalendarDate(d.decidedOn, t.locale)})</span>
            </li>
          ))}
        </ul>
        {can.recordDecisions ? (
          <p>
            <Link to={`${base}/beslut?mote=${meeting.id}#record`}>{t('groupDecision.recordFromMeeting')}</Link>
          </p>
        ) : null}
      </section>

      {can.edit ? (
        <>
          <section aria-labelledby="edit" className="panel">
            <h2 id="edit">{t('groupMeeting.edit')}</h2>
            <p className="field__hint">{t('groupMeeting.timeZoneNote')}</p>
            <MeetingForm
              intent="update"
              values={failed?.intent === 'update' && failed.values ? failed.values : editValues}
              errors={failed?.intent === 'update' ? failed.errors : undefined}
              submitLabel="groupMeeting.saveChanges"
            />
          </section>
          <section aria-labelledby="cancel" className="panel panel--warning">
            <h2 id="cancel">{t('groupMeeting.cancel')}</h2>
            <p>{t('groupMeeting.cancelHint')}</p>
            <Form method="post">
              <button type="submit" name="intent" value="cancel" className="button button--danger">
                {t('groupMeeting.cancelSubmit')}
              </button>
            </Form>
          </section>
        </>
      ) : null}
    </>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
