import { Form } from '@remix-run/react';
import { INITIATIVE_STATUSES, SUCCESS_FACTORS, TARGET_GROUPS, THEMES } from '#app/vocabulary.ts';
import { PLAIN_SUMMARY_MAX_LENGTH, type FieldErrors } from '../forms/validation.ts';
import { useT } from '../i18n/use-t.ts';
import { CheckboxGroup, FilterableMultiSelect } from './choice-fields.tsx';
import { RichTextEditor } from './rich-text-editor.tsx';
import { ErrorSummary, Field, SelectField, TextAreaField } from './ui.tsx';

/** The values an initiative form shows: stored fields, or what the user just sent. */
export interface InitiativeFormValues {
  title: string;
  summary: string;
  plainSummary: string;
  body: unknown;
  status: string;
  startDate: string;
  endDate: string;
  themes: string[];
  targetGroups: string[];
  successFactors: string[];
  areaCodes: string[];
  partnerIds: string[];
  inspiredBy: string;
  fundingSource: string;
  fundingAmountSek: string;
  evaluationMethod: string;
  evaluatedBy: string;
  evaluationSummary: string;
  evaluationUrl: string;
  contactName: string;
  contactEmail: string;
}

export const EMPTY_INITIATIVE: InitiativeFormValues = {
  title: '',
  summary: '',
  plainSummary: '',
  body: undefined,
  status: 'ongoing',
  startDate: '',
  endDate: '',
  themes: [],
  targetGroups: [],
  successFactors: [],
  areaCodes: [],
  partnerIds: [],
  inspiredBy: '',
  fundingSource: '',
  fundingAmountSek: '',
  evaluationMethod: '',
  evaluatedBy: '',
  evaluationSummary: '',
  evaluationUrl: '',
  contactName: '',
  contactEmail: '',
};

export interface InitiativeFormOptions {
  areaGroups: { label: string; options: { value: string; label: string }[] }[];
  organizations: { value: string; label: string }[];
  owners?: { value: string; label: string }[];
}

export function InitiativeForm({
  values,
  options,
  errors,
  version,
  submitLabel,
}: {
  values: InitiativeFormValues;
  options: InitiativeFormOptions;
  errors?: FieldErrors;
  version?: number;
  submitLabel: 'initiative.create' | 'initiative.save';
}) {
  const t = useT();
  const err = errors ?? {};
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form method="post" className="form form--wide" noValidate>
        <input type="hidden" name="intent" value="save" />
        {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
        {options.owners ? (
          <SelectField name="organizationId" label="initiative.field.organization" required options={options.owners} defaultValue={options.owners[0]?.value} error={err.organizationId} />
        ) : null}
        <Field name="title" label="initiative.field.title" required maxLength={200} defaultValue={values.title} error={err.title} />
        <TextAreaField name="summary" label="initiative.field.summary" maxLength={600} defaultValue={values.summary} error={err.summary} />
        <TextAreaField name="plainSummary" label="content.field.plainSummary" hint="content.field.plainSummaryHint" maxLength={PLAIN_SUMMARY_MAX_LENGTH} defaultValue={values.plainSummary} error={err.plainSummary} />
        <RichTextEditor name="body" label={t('initiative.field.body')} initialDoc={values.body} error={err.body ? t(err.body.key, err.body.params) : undefined} />
        <SelectField
          name="status"
          label="initiative.field.status"
          required
          options={INITIATIVE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          defaultValue={values.status}
          error={err.status}
        />
        <div className="field-row">
          <Field name="startDate" label="initiative.field.startDate" type="date" hint="initiative.field.dateHint" defaultValue={values.startDate} error={err.startDate} />
          <Field name="endDate" label="initiative.field.endDate" type="date" hint="initiative.field.dateHint" defaultValue={values.endDate} error={err.endDate} />
        </div>
        <FilterableMultiSelect
          name="areaCodes"
          label="initiative.field.areas"
          hint="initiative.field.areasHint"
          filterLabel="initiative.field.areasFilter"
          groups={options.areaGroups}
          selected={values.areaCodes}
          error={err.areaCodes}
        />
        <CheckboxGroup name="themes" legend="initiative.field.themes" options={THEMES.map((v) => ({ value: v, label: t(`theme.${v}`) }))} selected={values.themes} error={err.themes} />
        <CheckboxGroup
          name="targetGroups"
          legend="initiative.field.targetGroups"
          options={TARGET_GROUPS.map((v) => ({ value: v, label: t(`target.${v}`) }))}
          selected={values.targetGroups}
          error={err.targetGroups}
        />
        <CheckboxGroup
          name="successFactors"
          legend="initiative.field.successFactors"
          hint="initiative.field.successFactorsHint"
          options={SUCCESS_FACTORS.map((v) => ({ value: v, label: t(`factor.${v}.name`), description: t(`factor.${v}.text`) }))}
          selected={values.successFactors}
          error={err.successFactors}
        />
        <FilterableMultiSelect
          name="partnerIds"
          label="initiative.field.partners"
          hint="initiative.field.partnersHint"
          groups={[{ label: t('nav.organizations'), options: options.organizations }]}
          selected={values.partnerIds}
          error={err.partnerIds}
        />
        <TextAreaField name="inspiredBy" label="initiative.field.inspiredBy" defaultValue={values.inspiredBy} error={err.inspiredBy} />
        <fieldset className="field-group">
          <legend>{t('initiative.field.funding')}</legend>
          <Field name="fundingSource" label="initiative.field.fundingSource" maxLength={200} defaultValue={values.fundingSource} error={err.fundingSource} />
          <Field name="fundingAmountSek" label="initiative.field.fundingAmount" defaultValue={values.fundingAmountSek} error={err.fundingAmountSek} />
        </fieldset>
        <fieldset className="field-group">
          <legend>{t('initiative.field.evaluation')}</legend>
          <Field name="evaluationMethod" label="initiative.field.evaluationMethod" maxLength={200} defaultValue={values.evaluationMethod} error={err.evaluationMethod} />
          <Field name="evaluatedBy" label="initiative.field.evaluatedBy" maxLength={200} defaultValue={values.evaluatedBy} error={err.evaluatedBy} />
          <TextAreaField name="evaluationSummary" label="initiative.field.evaluationSummary" maxLength={4000} defaultValue={values.evaluationSummary} error={err.evaluationSummary} />
          <Field name="evaluationUrl" label="initiative.field.evaluationUrl" type="url" maxLength={500} defaultValue={values.evaluationUrl} error={err.evaluationUrl} />
        </fieldset>
        <fieldset className="field-group">
          <legend>{t('initiative.field.contact')}</legend>
          <Field name="contactName" label="initiative.field.contactName" maxLength={120} defaultValue={values.contactName} error={err.contactName} />
          <Field name="contactEmail" label="initiative.field.contactEmail" type="email" defaultValue={values.contactEmail} error={err.contactEmail} />
        </fieldset>
        <button type="submit" className="button">
          {t(submitLabel)}
        </button>
      </Form>
    </>
  );
}
