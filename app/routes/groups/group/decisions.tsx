import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { listGroupDecisions } from '#db/queries/group-decisions.server.ts';
import { listGroupMeetings } from '#db/queries/group-meetings.server.ts';
import { ErrorSummary, Field, Notice, SelectField, TextAreaField } from '#app/components/ui.tsx';
import { requireUser } from '#app/context.server.ts';
import { requireGroupContent } from '#app/groups/access.server.ts';
import { recordDecision } from '#app/groups/decisions.server.ts';
import { DECISION_MAX } from '#app/groups/limits.ts';
import { stockholmParts, stockholmToday } from '#app/i18n/stockholm-time.ts';
import { formatCalendarDate } from '#app/i18n/format.ts';
import { translate } from '#app/i18n/index.ts';
import { useT } from '#app/i18n/use-t.ts';
import { readForm } from '#app/http/form.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${translate(data.locale, 'groupDecision.pageTitle', { name: data.group.name })} – Samverka` : 'Samverka' },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { group, can } = await requireGroupContent(request, context, params.slug);
  const { db } = context.services;
  const [decisions, meetings] = await Promise.all([listGroupDecisions(db, group.id), can.recordDecisions ? listGroupMeetings(db, group.id) : []]);
  const preselected = new URL(request.url).searchParams.get('mote');
  return {
    locale: context.locale,
    group: { slug: group.slug, name: group.name, archived: group.archivedAt !== null },
    can: { recordDecisions: can.recordDecisions },
    decisions: decisions.map((d) => ({
      id: d.id,
      text: d.text,
      decidedOn: d.decidedOn,
      meeting: d.meetingId && d.meetingTitle ? { id: d.meetingId, title: d.meetingTitle } : null,
    })),
    // Newest meetings first in the select: decisions are usually recorded soon after.
    meetingOptions: meetings
      .slice()
      .reverse()
      .map((m) => ({ value: m.id, label: `${stockholmParts(m.startsAt).date} – ${m.title}` })),
    defaults: { decidedOn: stockholmToday(), meetingId: meetings.some((m) => m.id === preselected) ? preselected! : '' },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const access = await requireGroupContent(request, context, params.slug);
  const formData = await readForm(request);
  if (formData.get('intent') !== 'record') throw new Response('unknown intent', { status: 400 });
  const result = await recordDecision(context, access, user, formData);
  const values = { text: String(formData.get('text') ?? ''), decidedOn: String(formData.get('decidedOn') ?? ''), meetingId: String(formData.get('meetingId') ?? '') };
  if (!result.ok) return data({ errors: result.errors, values, recorded: false }, { status: result.status });
  return { errors: undefined, values: null, recorded: true };
}

export default function GroupDecisions() {
  const { group, can, decisions, meetingOptions, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const values = actionData?.values ?? { text: '', ...defaults };
  return (
    <>
      <h1>{t('groupDecision.pageTitle', { name: group.name })}</h1>
      {group.archived ? <Notice tone="warning">{t('groupWork.archived')}</Notice> : null}
      {actionData?.recorded ? <Notice tone="success">{t('groupDecision.recorded')}</Notice> : null}

      {can.recordDecisions ? (
        <section aria-labelledby="record" className="panel">
          <h2 id="record">{t('groupDecision.record')}</h2>
          {/* A fresh form after each saved decision: the key changes with the outcome. */}
          <Form method="post" className="form form--wide" noValidate key={actionData?.recorded ? `saved-${decisions.length}` : 'form'}>
            <input type="hidden" name="intent" value="record" />
            <ErrorSummary errors={actionData?.errors} />
            <TextAreaField name="text" label="groupDecision.field.text" maxLength={DECISION_MAX} defaultValue={values.text} error={actionData?.errors?.text} />
            <Field name="decidedOn" label="groupDecision.field.decidedOn" type="date" required defaultValue={values.decidedOn} error={actionData?.errors?.decidedOn} />
            <SelectField
              name="meetingId"
              label="groupDecision.field.meeting"
              options={meetingOptions}
              placeholder={t('groupDecision.field.noMeeting')}
              defaultValue={values.meetingId}
              error={actionData?.errors?.meetingId}
            />
            <button type="submit" className="button">
              {t('groupDecision.submit')}
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="list">
        <h2 id="list">{t('groupDecision.list')}</h2>
        {decisions.length === 0 ? <p>{t('groupDecision.none')}</p> : null}
        <ol className="plain-list decision-list">
          {decisions.map((d) => (
            <li key={d.id} id={`beslut-${d.id}`}>
              <p className="decision__text">{d.text}</p>
              <p className="field__hint">
                {t('groupDecision.decidedOn', { date: formatCalendarDate(d.decidedOn, t.locale) })}
                {d.meeting ? (
                  <>
                    {' · '}
                    <Link to={`/grupper/${group.slug}/moten/${d.meeting.id}`}>{t('groupDecision.atMeetingLink', { title: d.meeting.title })}</Link>
                  </>
                ) : null}
              </p>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
export { GeneralErrorBoundary as ErrorBoundary } from '#app/components/error-boundary.tsx';
