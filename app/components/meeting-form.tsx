/** The meeting form, for scheduling a meeting and for changing one: date and times are Stockholm local time. */
import { Form } from '@remix-run/react';
import type { FieldError, FieldErrors } from '../forms/validation.ts';
import { MEETING_LOCATION_MAX, MEETING_TITLE_MAX, VIDEO_URL_MAX } from '../groups/limits.ts';
import type { MessageKey } from '../i18n/index.ts';
import { useT } from '../i18n/use-t.ts';
import { RichTextEditor } from './rich-text-editor.tsx';
import { ErrorSummary, Field } from './ui.tsx';

export interface MeetingFormValues {
  title: string;
  date: string;
  startTime: string;
  endTime: string;
  location: string;
  videoUrl: string;
  agenda: unknown;
}

export const emptyMeetingValues = (date: string): MeetingFormValues => ({ title: '', date, startTime: '', endTime: '', location: '', videoUrl: '', agenda: undefined });

/** A time-of-day input wired like the shared fields: label, hint and error announced with the control. */
function TimeField({ name, label, error, defaultValue }: { name: string; label: MessageKey; error?: FieldError; defaultValue: string }) {
  const t = useT();
  const id = `field-${name}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>
        {t(label)}
        <span className="field__required"> ({t('form.required')})</span>
      </label>
      <p id={hintId} className="field__hint">
        {t('groupMeeting.field.timeHint')}
      </p>
      {error ? (
        <p id={errorId} className="field__error">
          {t(error.key, error.params)}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        type="time"
        required
        defaultValue={defaultValue}
        aria-describedby={[hintId, error && errorId].filter(Boolean).join(' ')}
        aria-invalid={error ? true : undefined}
      />
    </div>
  );
}

export function MeetingForm({ intent, values, errors, submitLabel }: { intent: string; values: MeetingFormValues; errors?: FieldErrors; submitLabel: MessageKey }) {
  const t = useT();
  return (
    <Form method="post" className="form form--wide" noValidate>
      <input type="hidden" name="intent" value={intent} />
      <ErrorSummary errors={errors} />
      <Field name="title" label="groupMeeting.field.title" required maxLength={MEETING_TITLE_MAX} defaultValue={values.title} error={errors?.title} />
      <div className="meeting-form__when">
        <Field name="date" label="groupMeeting.field.date" type="date" required defaultValue={values.date} error={errors?.date} />
        <TimeField name="startTime" label="groupMeeting.field.startTime" defaultValue={values.startTime} error={errors?.startTime} />
        <TimeField name="endTime" label="groupMeeting.field.endTime" defaultValue={values.endTime} error={errors?.endTime} />
      </div>
      <Field name="location" label="groupMeeting.field.location" hint="groupMeeting.field.placeHint" maxLength={MEETING_LOCATION_MAX} defaultValue={values.location} error={errors?.location} />
      <Field name="videoUrl" label="groupMeeting.field.videoUrl" type="url" hint="groupMeeting.field.videoUrlHint" maxLength={VIDEO_URL_MAX} defaultValue={values.videoUrl} error={errors?.videoUrl} />
      <RichTextEditor name="agenda" label={t('groupMeeting.field.agenda')} initialDoc={values.agenda} error={errors?.agenda ? t(errors.agenda.key, errors.agenda.params) : undefined} />
      <button type="submit" className="button">
        {t(submitLabel)}
      </button>
    </Form>
  );
}
