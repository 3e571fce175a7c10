import { INITIATIVE_STATUSES, SUCCESS_FACTORS, TARGET_GROUPS, THEMES } from '#app/vocabulary.ts';
import { PLAIN_SUMMARY_MAX_LENGTH, type FieldErrors } from '../forms/validation.ts';
import { useT } from '../i18n/use-t.ts';
import { CheckboxGroup, FilterableMultiSelect } from './choice-fields.tsx';
import { draftRichText, EditForm, useRestorableValues, entriesToFormData, FormPart, type DraftEntries, type FormSection } from './edit-form.tsx';
import { MultiCombobox } from './multi-combobox.tsx';
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
  /** Initiatives the writer may name as inspiration: slug and title. */
  inspirations: { value: string; label: string }[];
}

/** The parts of the form, in order, and the fields each holds (for the section list). */
const SECTIONS: FormSection[] = [
  { id: 'part-what', title: 'editForm.part.what', fields: ['title', 'summary', 'plainSummary', 'body', 'status'], required: ['title', 'status'] },
  { id: 'part-where', title: 'editForm.part.where', fields: ['areaCodes', 'targetGroups', 'partnerIds', 'contactName', 'contactEmail'] },
  { id: 'part-factors', title: 'editForm.part.factors', fields: ['successFactors', 'themes', 'inspiredBy'] },
  { id: 'part-period', title: 'editForm.part.period', fields: ['startDate', 'endDate', 'fundingSource', 'fundingAmountSek'] },
  { id: 'part-evaluation', title: 'editForm.part.evaluation', fields: ['evaluationMethod', 'evaluatedBy', 'evaluationSummary', 'evaluationUrl'] },
  { id: 'part-publishing', title: 'editForm.part.publishing', fields: ['organizationId'] },
];

/**
 * Form fields as values to show in the form: the server reads a posted form this way (to show it again after an
 * error), the browser a kept draft. Only the rich text is read differently (`readRichText`).
 */
export function initiativeFormValues(data: FormData, readRichText: (data: FormData, name: string) => unknown): InitiativeFormValues {
  const one = (k: string) => String(data.get(k) ?? '');
  const all = (k: string) => data.getAll(k).map(String);
  return {
    title: one('title'),
    summary: one('summary'),
    plainSummary: one('plainSummary'),
    body: readRichText(data, 'body'),
    status: one('status'),
    startDate: one('startDate'),
    endDate: one('endDate'),
    themes: all('themes'),
    targetGroups: all('targetGroups'),
    successFactors: all('successFactors'),
    areaCodes: all('areaCodes'),
    partnerIds: all('partnerIds'),
    inspiredBy: one('inspiredBy'),
    fundingSource: one('fundingSource'),
    fundingAmountSek: one('fundingAmountSek'),
    evaluationMethod: one('evaluationMethod'),
    evaluatedBy: one('evaluatedBy'),
    evaluationSummary: one('evaluationSummary'),
    evaluationUrl: one('evaluationUrl'),
    contactName: one('contactName'),
    contactEmail: one('contactEmail'),
  };
}

/** A kept draft as form values; a draft saved before a status was chosen starts as ongoing, like a new form. */
function valuesFromDraft(entries: DraftEntries): InitiativeFormValues {
  const values = initiativeFormValues(entriesToFormData(entries), draftRichText);
  return { ...values, status: values.status || 'ongoing' };
}

export function InitiativeForm({
  item,
  values: given,
  options,
  errors,
  version: givenVersion,
  submitLabel,
}: {
  /** Which draft this is: "initiative:new" or "initiative:<slug>". */
  item: string;
  values: InitiativeFormValues;
  options: InitiativeFormOptions;
  errors?: FieldErrors;
  version?: number;
  submitLabel: 'initiative.create' | 'initiative.save';
}) {
  const t = useT();
  const { values, version, onRestore } = useRestorableValues(given, givenVersion, valuesFromDraft);
  const err = errors ?? {};
  const targetGroups = TARGET_GROUPS.map((v) => ({ value: v, label: t(`target.${v}`) }));
  const orgGroup = [{ label: t('nav.organizations'), options: options.organizations }];
  const inspiredSlugs = values.inspiredBy.split(/[\s,]+/).filter(Boolean);
  return (
    <>
      <ErrorSummary errors={errors} />
      <EditForm item={item} sections={options.owners ? SECTIONS : SECTIONS.map((p) => (p.id === 'part-publishing' ? { ...p, fields: [] } : p))} errors={errors} onRestore={onRestore}>
        <input type="hidden" name="intent" value="save" />
        {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
        <FormPart id="part-what" title="editForm.part.what" lead="editForm.part.whatLead">
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
        </FormPart>
        <FormPart id="part-where" title="editForm.part.where">
          <MultiCombobox
            name="areaCodes"
            label="initiative.field.areas"
            hint="combobox.hint"
            error={err.areaCodes}
            groups={options.areaGroups}
            selected={values.areaCodes}
            fallback={
              <FilterableMultiSelect
                name="areaCodes"
                label="initiative.field.areas"
                hint="initiative.field.areasHint"
                groups={options.areaGroups}
                selected={values.areaCodes}
                error={err.areaCodes}
              />
            }
          />
          <MultiCombobox
            name="targetGroups"
            label="initiative.field.targetGroups"
            hint="combobox.hint"
            error={err.targetGroups}
            groups={[{ label: t('initiative.field.targetGroups'), options: targetGroups }]}
            selected={values.targetGroups}
            fallback={<CheckboxGroup name="targetGroups" legend="initiative.field.targetGroups" options={targetGroups} selected={values.targetGroups} error={err.targetGroups} />}
          />
          <MultiCombobox
            name="partnerIds"
            label="initiative.field.partners"
            hint="combobox.hint"
            error={err.partnerIds}
            groups={orgGroup}
            selected={values.partnerIds}
            fallback={
              <FilterableMultiSelect name="partnerIds" label="initiative.field.partners" hint="initiative.field.partnersHint" groups={orgGroup} selected={values.partnerIds} error={err.partnerIds} />
            }
          />
          <fieldset className="field-group">
            <legend>{t('initiative.field.contact')}</legend>
            <Field name="contactName" label="initiative.field.contactName" maxLength={120} defaultValue={values.contactName} error={err.contactName} />
            <Field name="contactEmail" label="initiative.field.contactEmail" type="email" defaultValue={values.contactEmail} error={err.contactEmail} />
          </fieldset>
        </FormPart>
        <FormPart id="part-factors" title="editForm.part.factors">
          <CheckboxGroup
            name="successFactors"
            legend="initiative.field.successFactors"
            hint="initiative.field.successFactorsHint"
            options={SUCCESS_FACTORS.map((v) => ({ value: v, label: t(`factor.${v}.name`), description: t(`factor.${v}.text`) }))}
            selected={values.successFactors}
            error={err.successFactors}
          />
          <CheckboxGroup name="themes" legend="initiative.field.themes" options={THEMES.map((v) => ({ value: v, label: t(`theme.${v}`) }))} selected={values.themes} error={err.themes} />
          <MultiCombobox
            name="inspiredBy"
            label="initiative.field.inspiredByCombo"
            hint="combobox.hint"
            error={err.inspiredBy}
            groups={[{ label: t('nav.initiatives'), options: options.inspirations }]}
            selected={inspiredSlugs}
            joinWith={'\n'}
            fallback={<TextAreaField name="inspiredBy" label="initiative.field.inspiredBy" defaultValue={values.inspiredBy} error={err.inspiredBy} />}
          />
        </FormPart>
        <FormPart id="part-period" title="editForm.part.period">
          <div className="field-row">
            <Field name="startDate" label="initiative.field.startDate" type="date" hint="initiative.field.dateHint" defaultValue={values.startDate} error={err.startDate} />
            <Field name="endDate" label="initiative.field.endDate" type="date" hint="initiative.field.dateHint" defaultValue={values.endDate} error={err.endDate} />
          </div>
          <fieldset className="field-group">
            <legend>{t('initiative.field.funding')}</legend>
            <Field name="fundingSource" label="initiative.field.fundingSource" maxLength={200} defaultValue={values.fundingSource} error={err.fundingSource} />
            <Field name="fundingAmountSek" label="initiative.field.fundingAmount" defaultValue={values.fundingAmountSek} error={err.fundingAmountSek} />
          </fieldset>
        </FormPart>
        <FormPart id="part-evaluation" title="editForm.part.evaluation">
          <Field name="evaluationMethod" label="initiative.field.evaluationMethod" maxLength={200} defaultValue={values.evaluationMethod} error={err.evaluationMethod} />
          <Field name="evaluatedBy" label="initiative.field.evaluatedBy" maxLength={200} defaultValue={values.evaluatedBy} error={err.evaluatedBy} />
          <TextAreaField name="evaluationSummary" label="initiative.field.evaluationSummary" maxLength={4000} defaultValue={values.evaluationSummary} error={err.evaluationSummary} />
          <Field name="evaluationUrl" label="initiative.field.evaluationUrl" type="url" maxLength={500} defaultValue={values.evaluationUrl} error={err.evaluationUrl} />
        </FormPart>
        <FormPart id="part-publishing" title="editForm.part.publishing" lead="editForm.part.publishingLead">
          {options.owners ? (
            <SelectField name="organizationId" label="initiative.field.organization" required options={options.owners} defaultValue={options.owners[0]?.value} error={err.organizationId} />
          ) : null}
          <button type="submit" className="button">
            {t(submitLabel)}
          </button>
        </FormPart>
      </EditForm>
    </>
  );
}
