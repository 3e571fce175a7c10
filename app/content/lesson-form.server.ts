import type { Db } from '#db/client.server.ts';
import { listInitiativesOf, type LessonFields } from '#db/queries/lessons.server.ts';
import type { LessonFormValues } from '../components/lesson-form.tsx';
import { LESSON_RICH_TEXT_FIELDS } from './lessons.server.ts';
import { richTextToRedisplay } from './publishing.server.ts';

/** Initiatives a lesson may be linked to: those of the organisations the author edits for. */
export async function lessonInitiativeChoices(db: Db, organizationIds: string[]) {
  return (await listInitiativesOf(db, organizationIds)).map((i) => ({ value: i.id, label: i.title }));
}

export const lessonValuesFromFields = (f: LessonFields): LessonFormValues => ({ ...f, initiativeId: f.initiativeId ?? '' });

/** What the user sent, shown again after an error or conflict. */
export function lessonValuesFromFormData(formData: FormData): LessonFormValues {
  const rich = Object.fromEntries(LESSON_RICH_TEXT_FIELDS.map((name) => [name, richTextToRedisplay(formData, name)]));
  return {
    title: String(formData.get('title') ?? ''),
    summary: String(formData.get('summary') ?? ''),
    plainSummary: String(formData.get('plainSummary') ?? ''),
    initiativeId: String(formData.get('initiativeId') ?? ''),
    whatWorked: rich.whatWorked,
    whatDidNot: rich.whatDidNot,
    recommendations: rich.recommendations,
    themes: formData.getAll('themes').map(String),
    successFactors: formData.getAll('successFactors').map(String),
  };
}
