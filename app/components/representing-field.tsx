import type { FieldError } from '../forms/validation.ts';
import { useT } from '../i18n/use-t.ts';
import { SelectField } from './ui.tsx';

/** The organisation a member represents in a group (creating one, or accepting an invitation): chosen already when there is only one. */
export function RepresentingField({ organizations, value, error }: { organizations: { value: string; label: string }[]; value?: string; error?: FieldError }) {
  const t = useT();
  return (
    <SelectField
      name="organizationId"
      label="group.field.organization"
      hint="group.field.organizationHint"
      required
      options={organizations}
      placeholder={t('group.field.chooseOrganization')}
      defaultValue={value ?? (organizations.length === 1 ? organizations[0]!.value : '')}
      error={error}
    />
  );
}
