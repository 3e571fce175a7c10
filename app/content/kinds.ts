/**
 * The kinds of content that share one edit page (routes/content/edit.tsx) and one history page
 * (routes/content/history.tsx), each registered once per kind in app/routes.ts. This half is what the
 * browser may see: where a kind lives and what its pages are called. The queries, forms and rules of
 * each kind are in kinds.server.ts.
 */
import type { MessageKey } from '../i18n/index.ts';
import type { InitiativeFormOptions, InitiativeFormValues } from '../components/initiative-form.tsx';
import type { LessonFormValues } from '../components/lesson-form.tsx';
import type { SnapshotTextValues } from '../components/snapshot-form.tsx';

export const CONTENT_KINDS = {
  initiative: { path: '/insatser', editTitle: 'initiative.edit.title' },
  lesson: { path: '/lardomar', editTitle: 'lesson.edit.title' },
  snapshot: { path: '/ogonblicksbilder', editTitle: 'snapshot.edit.title' },
} as const satisfies Record<string, { path: `/${string}`; editTitle: MessageKey }>;

export type ContentKind = keyof typeof CONTENT_KINDS;

/** The page of one piece of content, or one of its sub-pages (`redigera`, `historik`). */
export const contentPath = (kind: ContentKind, slug: string, page?: 'redigera' | 'historik') =>
  `${CONTENT_KINDS[kind].path}/${slug}${page ? `/${page}` : ''}`;

/** The kind whose pages live under an address's first path segment (/insatser/…, /lardomar/…), or null. */
export function contentKindOfPath(pathname: string): ContentKind | null {
  const first = `/${pathname.split('/')[1] ?? ''}`;
  return (Object.keys(CONTENT_KINDS) as ContentKind[]).find((kind) => CONTENT_KINDS[kind].path === first) ?? null;
}

/** What the edit form of each kind shows: its values and, where it has them, its choices. */
export type ContentEditForm =
  | { kind: 'initiative'; values: InitiativeFormValues; options: Omit<InitiativeFormOptions, 'owners'> }
  | { kind: 'lesson'; values: LessonFormValues; initiatives: { value: string; label: string }[] }
  // A snapshot's values are frozen: only its title and commentary are edited.
  | { kind: 'snapshot'; values: SnapshotTextValues };

/** The values a failed save shows again, tagged with the kind of form they belong to. */
export type ContentFormValues = { [K in ContentEditForm['kind']]: Pick<Extract<ContentEditForm, { kind: K }>, 'kind' | 'values'> }[ContentEditForm['kind']];
