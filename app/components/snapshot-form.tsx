/** The forms of a snapshot: taking one (area, organisation, indicators, years, commentary) and editing its text. */
import { useState } from 'react';
import type { FieldErrors } from '../forms/validation.ts';
import { useT } from '../i18n/use-t.ts';
import { CheckboxGroup } from './choice-fields.tsx';
import { draftRichText, EditForm, useRestorableValues, entriesToFormData, FormPart, type DraftEntries } from './edit-form.tsx';
import { RichTextEditor } from './rich-text-editor.tsx';
import { ErrorSummary, Field, SelectField } from './ui.tsx';

export interface SnapshotFormValues {
  title: string;
  areaCode: string;
  organizationId: string;
  indicatorCodes: string[];
  periodFrom: string;
  periodTo: string;
  commentary: unknown;
}

/** What editing a snapshot may change: its values are frozen, its title and commentary are not. */
export type SnapshotTextValues = Pick<SnapshotFormValues, 'title' | 'commentary'>;

export interface SnapshotFormOptions {
  owners: { value: string; label: string }[];
  areaGroups: { label: string; options: { value: string; label: string }[] }[];
  indicators: { code: string; nameSv: string; nameEn: string; isExample: boolean }[];
  years: { min: number; max: number } | null;
}

/** A select with option groups (län → kommuner), wired like the other fields: label, hint, error. */
function AreaSelect({ groups, defaultValue, error }: { groups: SnapshotFormOptions['areaGroups']; defaultValue: string; error?: FieldErrors[string] }) {
  const t = useT();
  const id = 'field-areaCode';
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>
        {t('snapshot.field.area')}
        <span className="field__required"> ({t('form.required')})</span>
      </label>
      <p id={`${id}-hint`} className="field__hint">
        {t('snapshot.field.areaHint')}
      </p>
      {error ? (
        <p id={`${id}-error`} className="field__error">
          {t(error.key, error.params)}
        </p>
      ) : null}
      <select id={id} name="areaCode" defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}>
        <option value="">{t('snapshot.field.areaChoose')}</option>
        {groups.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

export function SnapshotCreateForm({ values: given, options, errors }: { values: SnapshotFormValues; options: SnapshotFormOptions; errors?: FieldErrors }) {
  const t = useT();
  const [restored, setRestored] = useState<SnapshotFormValues | null>(null);
  const values = restored ?? given;
  const err = errors ?? {};
  const years = options.years ? Array.from({ length: options.years.max - options.years.min + 1 }, (_, i) => String(options.years!.min + i)) : [];
  const yearOptions = years.map((y) => ({ value: y, label: y }));
  const onRestore = (entries: DraftEntries) => {
    const data = entriesToFormData(entries);
    const one = (k: string) => String(data.get(k) ?? '');
    setRestored({
      title: one('title'),
      areaCode: one('areaCode'),
      organizationId: one('organizationId'),
      indicatorCodes: data.getAll('indicatorCodes').map(String),
      periodFrom: one('periodFrom'),
      periodTo: one('periodTo'),
      commentary: draftRichText(data, 'commentary'),
    });
  };
  return (
    <>
      <ErrorSummary errors={errors} />
      <EditForm
        item="snapshot:new"
        sections={[
          { id: 'part-what', title: 'editForm.part.snapshotWhat', fields: ['title', 'areaCode', 'organizationId'], required: ['title', 'areaCode', 'organizationId'] },
          { id: 'part-values', title: 'editForm.part.snapshotValues', fields: ['indicatorCodes', 'periodFrom', 'periodTo'], required: ['indicatorCodes', 'periodFrom', 'periodTo'] },
          { id: 'part-commentary', title: 'editForm.part.commentary', fields: ['commentary'] },
        ]}
        errors={errors}
        onRestore={onRestore}
      >
        <FormPart id="part-what" title="editForm.part.snapshotWhat">
          <Field name="title" label="snapshot.field.title" required maxLength={200} defaultValue={values.title} error={err.title} />
          <AreaSelect groups={options.areaGroups} defaultValue={values.areaCode} error={err.areaCode} />
          <SelectField name="organizationId" label="snapshot.field.organization" required options={options.owners} defaultValue={values.organizationId || options.owners[0]?.value} error={err.organizationId} />
        </FormPart>
        <FormPart id="part-values" title="editForm.part.snapshotValues">
          <CheckboxGroup
            name="indicatorCodes"
            legend="snapshot.field.indicators"
            hint="snapshot.field.indicatorsHint"
            options={options.indicators.map((i) => ({ value: i.code, label: t.locale === 'sv' ? i.nameSv : i.nameEn, description: i.isExample ? t('snapshot.exampleShort') : undefined }))}
            selected={values.indicatorCodes}
            error={err.indicatorCodes}
          />
          <div className="field-row">
            <SelectField name="periodFrom" label="snapshot.field.periodFrom" required placeholder="–" options={yearOptions} defaultValue={values.periodFrom} error={err.periodFrom} />
            <SelectField name="periodTo" label="snapshot.field.periodTo" required placeholder="–" options={yearOptions} defaultValue={values.periodTo} error={err.periodTo} />
          </div>
          {options.years ? <p className="field__hint">{t('snapshot.field.yearsHint', { min: options.years.min, max: options.years.max })}</p> : null}
        </FormPart>
        <FormPart id="part-commentary" title="editForm.part.commentary">
          <RichTextEditor name="commentary" label={t('snapshot.field.commentary')} initialDoc={values.commentary} error={err.commentary ? t(err.commentary.key, err.commentary.params) : undefined} />
          <p className="field__hint">{t('snapshot.new.frozenNote')}</p>
          <button type="submit" className="button">
            {t('snapshot.create')}
          </button>
        </FormPart>
      </EditForm>
    </>
  );
}

function textValuesFromDraft(entries: DraftEntries): SnapshotTextValues {
  const data = entriesToFormData(entries);
  return { title: String(data.get('title') ?? ''), commentary: draftRichText(data, 'commentary') };
}

export function SnapshotEditForm({ item, values: given, version: givenVersion, errors }: { item: string; values: SnapshotTextValues; version: number; errors?: FieldErrors }) {
  const t = useT();
  const { values, version, onRestore } = useRestorableValues(given, givenVersion, textValuesFromDraft);
  const err = errors ?? {};
  return (
    <>
      <ErrorSummary errors={errors} />
      <EditForm item={item} sections={[{ id: 'part-commentary', title: 'editForm.part.commentary', fields: ['title', 'commentary'], required: ['title'] }]} errors={errors} onRestore={onRestore}>
        <input type="hidden" name="version" value={version} />
        <FormPart id="part-commentary" title="editForm.part.commentary">
          <Field name="title" label="snapshot.field.title" required maxLength={200} defaultValue={values.title} error={err.title} />
          <RichTextEditor name="commentary" label={t('snapshot.field.commentary')} initialDoc={values.commentary} error={err.commentary ? t(err.commentary.key, err.commentary.params) : undefined} />
          <p className="field__hint">{t('snapshot.edit.valuesFrozen')}</p>
          <button type="submit" className="button">
            {t('initiative.save')}
          </button>
        </FormPart>
      </EditForm>
    </>
  );
}
