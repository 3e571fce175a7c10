/** The working-group form, shared by "create a group" and the group's settings. Works without JavaScript. */
import { Form } from '@remix-run/react';
import type { AreaGroup } from '#db/queries/areas.server.ts';
import { GROUP_OPENNESS } from '#app/vocabulary.ts';
import type { FieldErrors } from '../forms/validation.ts';
import type { MessageKey } from '../i18n/index.ts';
import { useT } from '../i18n/use-t.ts';
import { AreaOptions } from './area-options.tsx';
import { RepresentingField } from './representing-field.tsx';
import { RichTextEditor } from './rich-text-editor.tsx';
import { ErrorSummary, Field } from './ui.tsx';

export interface GroupFormValues {
  name: string;
  purpose: unknown;
  areaCode: string;
  openness: string;
  listed: boolean;
  organizationId?: string;
}

export const EMPTY_GROUP: GroupFormValues = { name: '', purpose: null, areaCode: '', openness: 'open', listed: false };

export function GroupForm({
  values,
  errors,
  areaGroups,
  organizations,
  intent,
  submitLabel,
}: {
  values: GroupFormValues;
  errors: FieldErrors | undefined;
  areaGroups: AreaGroup[];
  /** The creator's organisations: asked only when creating. */
  organizations?: { value: string; label: string }[];
  intent?: string;
  submitLabel: MessageKey;
}) {
  const t = useT();
  const err = errors ?? {};
  const errorText = (field: string) => (err[field] ? t(err[field]!.key, err[field]!.params) : undefined);
  return (
    <Form method="post" className="form form--wide" noValidate>
      <ErrorSummary errors={errors} />
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <Field name="name" label="group.field.name" required maxLength={120} defaultValue={values.name} error={err.name} />
      <RichTextEditor name="purpose" label={`${t('group.field.purpose')} (${t('form.required')})`} initialDoc={values.purpose} error={errorText('purpose')} describedBy="field-purpose-hint" />
      <p id="field-purpose-hint" className="field__hint">
        {t('group.field.purposeHint')}
      </p>

      <div className={`field${err.areaCode ? ' field--invalid' : ''}`}>
        <label htmlFor="field-areaCode">{t('group.field.area')}</label>
        <p id="field-areaCode-hint" className="field__hint">
          {t('group.field.areaHint')}
        </p>
        {err.areaCode ? (
          <p id="field-areaCode-error" className="field__error">
            {errorText('areaCode')}
          </p>
        ) : null}
        <select
          id="field-areaCode"
          name="areaCode"
          defaultValue={values.areaCode}
          aria-describedby={err.areaCode ? 'field-areaCode-hint field-areaCode-error' : 'field-areaCode-hint'}
          aria-invalid={err.areaCode ? true : undefined}
        >
          <option value="">{t('group.field.noArea')}</option>
          <AreaOptions groups={areaGroups} />
        </select>
      </div>

      <fieldset id="field-openness" className={`field choice-group${err.openness ? ' field--invalid' : ''}`} aria-describedby={err.openness ? 'field-openness-error' : undefined}>
        <legend>
          {t('group.field.openness')} <span className="field__required">({t('form.required')})</span>
        </legend>
        {err.openness ? (
          <p id="field-openness-error" className="field__error">
            {errorText('openness')}
          </p>
        ) : null}
        <div className="choice-group__options">
          {GROUP_OPENNESS.map((o) => (
            <label key={o} className="choice">
              <input type="radio" name="openness" value={o} defaultChecked={values.openness === o} />
              <span>
                {t(`group.openness.${o}`)}
                <span className="choice__description">{t(`group.openness.${o}.description`)}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <div className="field">
        <label className="choice">
          <input type="checkbox" name="listed" defaultChecked={values.listed} aria-describedby="field-listed-hint" />
          <span>{t('group.field.listed')}</span>
        </label>
        <p id="field-listed-hint" className="field__hint">
          {t('group.field.listedHint')}
        </p>
      </div>

      {organizations ? (
        <RepresentingField organizations={organizations} value={values.organizationId} error={err.organizationId} />
      ) : null}

      <button type="submit" className="button">
        {t(submitLabel)}
      </button>
    </Form>
  );
}
