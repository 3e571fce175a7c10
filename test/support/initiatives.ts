import { expect } from 'vitest';
import * as initiativePage from '#app/routes/content/initiatives/initiative.tsx';
import * as newInitiative from '#app/routes/content/initiatives/new.tsx';
import type { Visitor } from './app.ts';

/** A one-paragraph rich-text document, as the editor posts it. */
export const ONE_PARAGRAPH = JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Text.' }] }] });

/** Changes an initiative's publishing state through its page's action, at its current version (publish, unpublish, archive…). */
export async function setInitiativeState(author: Visitor, slug: string, fields: Record<string, string>) {
  const current = await author.load(initiativePage, `/insatser/${slug}`, { slug });
  const res = await author.submit(initiativePage, `/insatser/${slug}`, { ...fields, version: String(current.data.initiative.version) }, { slug });
  expect(res.status, JSON.stringify(res.data)).toBe(302);
}

/** Writes an initiative through the new-initiative form (education, children, collaboration, Malmö) and publishes it; its slug. */
export async function publishedInitiative(author: Visitor, organizationId: string, title: string, visibility: 'public' | 'partners') {
  const res = await author.submitPairs(newInitiative, '/insatser/ny', [
    ['organizationId', organizationId],
    ['title', title],
    ['summary', 'Sammanfattning.'],
    ['body', ONE_PARAGRAPH],
    ['status', 'ongoing'],
    ['themes', 'education'],
    ['targetGroups', 'children'],
    ['successFactors', 'collaboration'],
    ['areaCodes', '1280'],
  ]);
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  const slug = res.location!.split('/').pop()!;
  await setInitiativeState(author, slug, { intent: 'publish', visibility });
  return slug;
}
