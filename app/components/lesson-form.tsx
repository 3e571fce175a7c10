import { Form } from '@remix-run/react';
import { SUCCESS_FACTORS, THEMES } from '#app/vocabulary.ts';
import { PLAIN_SUMMARY_MAX_LENGTH, type FieldErrors } from '../forms/validation.ts';
import { useT } from '../i18n/use-t.ts';
import { CheckboxGroup } from './choice-fields.tsx';
import { RichTextEditor } from './rich-text-editor.tsx';
import { ErrorSummary, Field, SelectField, TextAreaField } from './ui.tsx';

export interface LessonFormValues {
  title: string;
  summary: string;
  plainSummary: string;
  initiativeId: string;
  whatWorked: unknown;
  whatDidNot: unknown;
  recommendations: unknown;
  themes: string[];
  successFactors: string[];
}

export const EMPTY_LESSON: LessonFormValues = { title: '', summary: '', plainSummary: '', initiativeId: '', whatWorked: undefined, whatDidNot: undefined, recommendations: undefined, themes: [], successFactors: [] };

export function LessonForm({
  values,
  initiatives,
  owners,
  errors,
  version,
  submitLabel,
}: {
  values: LessonFormValues;
  initiatives: { value: string; label: string }[];
  owners?: { value: string; label: string }[];
  errors?: FieldErrors;
  version?: number;
  submitLabel: 'initiative.create' | 'initiative.save';
}) {
  const t = useT();
  const err = errors ?? {};
  const richError = (name: string) => (err[name] ? t(err[name]!.key, err[name]!.params) : undefined);
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form method="post" className="form form--wide" noValidate>
        {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
        {owners ? <SelectField name="organizationId" label="lesson.field.organization" required options={owners} defaultValue={owners[0]?.value} error={err.organizationId} /> : null}
        <Field name="title" label="lesson.field.title" required maxLength={200} defaultValue={values.title} error={err.title} />
        <TextAreaField name="summary" label="lesson.field.summary" maxLength={600} defaultValue={values.summary} error={err.summary} />
        <TextAreaField name="plainSummary" label="content.field.plainSummary" hint="content.field.plainSummaryHint" maxLength={PLAIN_SUMMARY_MAX_LENGTH} defaultValue={values.plainSummary} error={err.plainSummary} />
        <SelectField name="initiativeId" label="lesson.field.initiative" placeholder={t('lesson.field.noInitiative')} options={initiatives} defaultValue={values.initiativeId} error={err.initiativeId} />
        <RichTextEditor name="whatWorked" label={t('lesson.field.whatWorked')} initialDoc={values.whatWorked} error={richError('whatWorked')} />
        <RichTextEditor name="whatDidNot" label={t('lesson.field.whatDidNot')} initialDoc={values.whatDidNot} error={richError('whatDidNot')} />
        <RichTextEditor name="recommendations" label={t('lesson.field.recommendations')} initialDoc={values.recommendations} error={richError('recommendations')} />
        <CheckboxGroup name="themes" legend="initiative.field.themes" options={THEMES.map((v) => ({ value: v, label: t(`theme.${v}`) }))} selected={values.themes} error={err.themes} />
        <CheckboxGroup
          name="successFactors"
          legend="initiative.field.successFactors"
          options={SUCCESS_FACTORS.map((v) => ({ value: v, label: t(`factor.${v}.name`), description: t(`factor.${v}.text`) }))}
          selected={values.successFactors}
          error={err.successFactors}
        />
        <button type="submit" className="button">
          {t(submitLabel)}
        </button>
      </Form>
    </>
  );
}
