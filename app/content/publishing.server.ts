/**
 * What initiatives and lessons share: slugs, the publishing state machine,
 * the rich-text fields of their forms, and the shape of a save's outcome.
 */
import type { Db } from '#db/client.server.ts';
import { insertRevision } from '#db/queries/content.server.ts';
import { enqueueSearchSync } from '#search/outbox.server.ts';
import type { Visibility } from '#app/vocabulary.ts';
import { fieldError, type FieldError, type FieldErrors } from '../forms/validation.ts';
import { badRequest } from '../http/guards.server.ts';
import { plainTextToRichText, sanitizeRichText, type RichTextDoc } from '../rich-text/document.server.ts';
import { parseWholeNumber } from '../http/form.server.ts';

/** Publishing names its visibility, and for "group" the one group (null for every other visibility). */
export type PublishingChange = { to: 'published'; visibility: Visibility; groupId: string | null } | { to: 'draft' } | { to: 'archived' };

export type SaveOutcome<Snapshot> =
  | { ok: true; slug: string }
  | { ok: false; status: number; errors: FieldErrors; conflict?: { currentVersion: number; changedBy: string | null; current: Snapshot } };

export const revisionActionOf = (change: PublishingChange) => (change.to === 'published' ? 'publish' : change.to === 'draft' ? 'unpublish' : 'archive');

/**
 * A rich-text field from a form: the editor's JSON in `name` when JavaScript
 * ran, otherwise the plain textarea `${name}Text`.
 */
export function richTextField(formData: FormData, name: string): { ok: true; doc: RichTextDoc } | { ok: false; error: FieldError } {
  const json = formData.get(name);
  if (typeof json === 'string' && json !== '') {
    const parsed = sanitizeRichText(json);
    if (parsed.ok) return parsed;
    return { ok: false, error: fieldError(parsed.reason === 'invalid' ? 'error.body.invalid' : 'error.body.tooLarge') };
  }
  const text = formData.get(`${name}Text`);
  if (typeof text === 'string' && text.length > 100_000) return { ok: false, error: fieldError('error.body.tooLarge') };
  return { ok: true, doc: plainTextToRichText(typeof text === 'string' ? text : '') };
}

/** The user's rich text to show again after a failed save, whichever way it was sent. */
export function richTextToRedisplay(formData: FormData, name: string): RichTextDoc {
  const read = richTextField(formData, name);
  return read.ok ? read.doc : plainTextToRichText('');
}

/** Reads a publish / unpublish / archive request from a form; an error key when it makes no sense. */
export function parsePublishingIntent(formData: FormData): { ok: true; change: PublishingChange; version: number } | { ok: false; errors: FieldErrors } {
  // Whole numbers within PostgreSQL's integer only: "9999999999999999999" is no version either.
  const version = parseWholeNumber(formData.get('version'), { min: 0 });
  if (version === null) return { ok: false, errors: { form: fieldError('error.version.missing') } };
  switch (formData.get('intent')) {
    case 'publish': {
      const visibility = formData.get('visibility');
      if (visibility !== 'public' && visibility !== 'partners' && visibility !== 'group') return { ok: false, errors: { visibility: fieldError('error.visibility.invalid') } };
      if (visibility !== 'group') return { ok: true, change: { to: 'published', visibility, groupId: null }, version };
      // The group select is always in the form (it must work without JavaScript); it counts only for "group".
      const groupId = formData.get('groupId');
      if (typeof groupId !== 'string' || groupId === '') return { ok: false, errors: { groupId: fieldError('error.publishGroup.required') } };
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(groupId)) return { ok: false, errors: { groupId: fieldError('error.publishGroup.notMember') } };
      return { ok: true, change: { to: 'published', visibility, groupId }, version };
    }
    case 'unpublish':
      return { ok: true, change: { to: 'draft' }, version };
    case 'archive':
      return { ok: true, change: { to: 'archived' }, version };
    default:
      badRequest('unknown intent');
  }
}

/**
 * Every saved change of an initiative or lesson: its revision, and a search
 * sync job, written in the caller's transaction so neither is lost nor
 * written without the other.
 */
export async function recordChange(db: Db, revision: Parameters<typeof insertRevision>[1]): Promise<void> {
  await insertRevision(db, revision);
  await enqueueSearchSync(db, { type: revision.contentType, id: revision.contentId });
}
