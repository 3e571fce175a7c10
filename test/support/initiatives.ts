import { expect } from 'vitest';
import * as initiativePage from '#app/routes/content/initiatives/initiative.tsx';
import * as newInitiative from '#app/routes/content/initiatives/new.tsx';
import type { Db } from '#db/client.server.ts';
import { indicatorSnapshots, initiatives, lessons } from '#db/schema/index.server.ts';
import type { Visibility } from '#app/vocabulary.ts';
import type { Visitor } from './app.ts';

/** A one-paragraph rich-text document, as the editor posts it. */
export const ONE_PARAGRAPH = JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Text.' }] }] });

/** Changes an initiative's publishing state through its page's action, at its current version (publish, unpublish, archive…). */
export async function setInitiativeState(author: Visitor, slug: string, fields: Record<string, string>) {
  const current = await author.load(initiativePage, `/insatser/${slug}`, { slug });
  const res = await author.submit(initiativePage, `/insatser/${slug}`, { ...fields, version: String(current.data.initiative.version) }, { slug });
  expect(res.status, JSON.stringify(res.data)).toBe(302);
}

/**
 * Writes a draft initiative through the new-initiative form (education, children, collaboration, Malmö unless `opts`
 * says otherwise); its slug.
 */
export async function draftInitiative(
  author: Visitor,
  organizationId: string,
  title: string,
  opts: { area?: string; theme?: string; body?: string; startDate?: string } = {},
) {
  const res = await author.submitPairs(newInitiative, '/insatser/ny', [
    ['organizationId', organizationId],
    ['title', title],
    ['summary', 'Sammanfattning.'],
    ['body', opts.body ?? ONE_PARAGRAPH],
    ['status', 'ongoing'],
    ...(opts.startDate ? [['startDate', opts.startDate] as [string, string]] : []),
    ['themes', opts.theme ?? 'education'],
    ['targetGroups', 'children'],
    ['successFactors', 'collaboration'],
    ['areaCodes', opts.area ?? '1280'],
  ]);
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  return res.location!.split('?')[0]!.split('/').pop()!;
}

/** Writes an initiative through the new-initiative form and publishes it; its slug. */
export async function publishedInitiative(author: Visitor, organizationId: string, title: string, visibility: 'public' | 'partners') {
  const slug = await draftInitiative(author, organizationId, title);
  await setInitiativeState(author, slug, { intent: 'publish', visibility });
  return slug;
}

const EMPTY_DOC = { type: 'doc' as const, content: [] };

/**
 * Writes one initiative, lesson or snapshot row straight into the database (no form, no search sync), for tests that
 * need many items in given states: `fields` are what the three kinds share (slug, title, owner, visibility, state, dates).
 */
export async function insertWriteUp(
  db: Db,
  kind: 'initiative' | 'lesson' | 'snapshot',
  fields: { slug: string; title: string; organizationId: string; visibility: Visibility; groupId: string | null; state: 'draft' | 'published' | 'archived'; publishedAt: Date | null; updatedAt?: Date },
): Promise<string> {
  const [row] =
    kind === 'initiative'
      ? await db.insert(initiatives).values({ ...fields, body: EMPTY_DOC, status: 'ongoing', themes: ['work'] }).returning({ id: initiatives.id })
      : kind === 'lesson'
        ? await db.insert(lessons).values({ ...fields, whatWorked: EMPTY_DOC, whatDidNot: EMPTY_DOC, recommendations: EMPTY_DOC }).returning({ id: lessons.id })
        : await db.insert(indicatorSnapshots).values({ ...fields, areaCode: '0180', periodFrom: '2020', periodTo: '2023', commentary: EMPTY_DOC }).returning({ id: indicatorSnapshots.id });
  return row!.id;
}
