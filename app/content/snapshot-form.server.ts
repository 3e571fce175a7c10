/** What the user sent in a snapshot form, shown again after an error: nothing they wrote is lost. */
import type { SnapshotFormValues, SnapshotTextValues } from '../components/snapshot-form.tsx';
import { richTextToRedisplay } from './publishing.server.ts';

/** The title and commentary, the part of a snapshot that editing may change. */
export const snapshotTextValuesFromFormData = (formData: FormData): SnapshotTextValues => ({
  title: String(formData.get('title') ?? ''),
  commentary: richTextToRedisplay(formData, 'commentary'),
});

/** Everything a new snapshot's form sends. */
export function snapshotValuesFromFormData(formData: FormData): SnapshotFormValues {
  const text = (name: string) => String(formData.get(name) ?? '');
  return {
    ...snapshotTextValuesFromFormData(formData),
    areaCode: text('areaCode'),
    organizationId: text('organizationId'),
    indicatorCodes: formData.getAll('indicatorCodes').map(String),
    periodFrom: text('periodFrom'),
    periodTo: text('periodTo'),
  };
}
