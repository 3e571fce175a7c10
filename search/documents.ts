/**
 * What goes into the index: one flat document per published initiative or
 * lesson, with the reader-facing text, the facets and a visibility key that
 * every query filters on.
 */
import { and, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '#db/client.ts';
import { areas, initiativeAreas, initiatives, lessons, organizations } from '#db/schema/index.ts';
import { visibilityKey } from '#db/vocabulary.ts';
import { synonymsFor } from './synonyms.ts';

export type SearchableType = 'initiative' | 'lesson';
export interface ContentRef {
  type: SearchableType;
  id: string;
}

export interface SearchDocument {
  id: string;
  type: SearchableType;
  slug: string;
  title: string;
  summary: string;
  body: string;
  organization: string;
  organizationId: string;
  sector: string;
  areaNames: string[];
  /** Kommun codes and the codes of their län, so filtering on a län finds its kommuner. */
  areaCodes: string[];
  themes: string[];
  themeLabels: string[];
  successFactors: string[];
  successFactorLabels: string[];
  status: string | null;
  /** Every year the initiative ran, for the year facet. */
  years: number[];
  publishedAt: number;
  visibility: string;
  /** Other words for terms in the text (AF ↔ Arbetsförmedlingen …), so either finds it. */
  synonyms: string[];
}

/** Turns rich-text JSON and vocabulary codes into searchable text; supplied by the app. */
export interface DocumentText {
  plainText(doc: unknown): string;
  themeLabel(code: string): string;
  successFactorLabel(code: string): string;
}

export const documentId = (ref: ContentRef) => `${ref.type}-${ref.id}`;

export { visibilityKey };

export function yearsBetween(start: string | null, end: string | null, now = new Date()): number[] {
  if (!start) return [];
  const from = Number(start.slice(0, 4));
  const to = end ? Number(end.slice(0, 4)) : now.getFullYear();
  const years: number[] = [];
  for (let y = from; y <= Math.min(to, from + 50); y++) years.push(y);
  return years;
}

/**
 * Loads the documents for these references. Only published content becomes a
 * document; the rest is returned in `remove` so the index forgets it.
 */
export async function loadDocuments(db: Db, refs: ContentRef[], text: DocumentText): Promise<{ upsert: SearchDocument[]; remove: string[] }> {
  const initiativeIds = [...new Set(refs.filter((r) => r.type === 'initiative').map((r) => r.id))];
  const lessonIds = [...new Set(refs.filter((r) => r.type === 'lesson').map((r) => r.id))];
  const [initiativeDocs, lessonDocs] = await Promise.all([initiativeDocuments(db, { ids: initiativeIds }, text), lessonDocuments(db, { ids: lessonIds }, text)]);
  const upsert = [...initiativeDocs, ...lessonDocs];
  const kept = new Set(upsert.map((d) => d.id));
  const remove = refs.map(documentId).filter((id) => !kept.has(id));
  return { upsert, remove: [...new Set(remove)] };
}

type Page = { ids: string[] } | { after: string; limit: number };

export async function initiativeDocuments(db: Db, page: Page, text: DocumentText): Promise<SearchDocument[]> {
  if ('ids' in page && page.ids.length === 0) return [];
  const rows = await db
    .select({ i: initiatives, orgName: organizations.name, sector: organizations.sector })
    .from(initiatives)
    .innerJoin(organizations, eq(organizations.id, initiatives.organizationId))
    .where(and(eq(initiatives.state, 'published'), 'ids' in page ? inArray(initiatives.id, page.ids) : gt(initiatives.id, page.after)))
    .orderBy(initiatives.id)
    .limit('ids' in page ? page.ids.length : page.limit);
  if (rows.length === 0) return [];
  const areaRows = await db
    .select({ initiativeId: initiativeAreas.initiativeId, code: areas.code, name: areas.name, parent: areas.parentCode })
    .from(initiativeAreas)
    .innerJoin(areas, eq(areas.code, initiativeAreas.areaCode))
    .where(inArray(initiativeAreas.initiativeId, rows.map((r) => r.i.id)));
  // Grouped once: filtering all area rows for each initiative was quadratic in the batch size.
  const areasOf = new Map<string, typeof areaRows>();
  for (const a of areaRows) {
    const list = areasOf.get(a.initiativeId);
    if (list) list.push(a);
    else areasOf.set(a.initiativeId, [a]);
  }
  return rows.map(({ i, orgName, sector }) => {
    const own = areasOf.get(i.id) ?? [];
    const codes = new Set(own.flatMap((a) => (a.parent && a.parent !== 'SE' ? [a.code, a.parent] : [a.code])));
    return withSynonyms({
      id: documentId({ type: 'initiative', id: i.id }),
      type: 'initiative',
      slug: i.slug,
      title: i.title,
      summary: i.summary,
      body: [text.plainText(i.body), i.evaluationSummary ?? ''].filter(Boolean).join('\n\n'),
      organization: orgName,
      organizationId: i.organizationId,
      sector,
      areaNames: own.map((a) => a.name),
      areaCodes: [...codes],
      themes: i.themes,
      themeLabels: i.themes.map(text.themeLabel),
      successFactors: i.successFactors,
      successFactorLabels: i.successFactors.map(text.successFactorLabel),
      status: i.status,
      years: yearsBetween(i.startDate, i.endDate),
      publishedAt: Math.floor((i.publishedAt ?? i.updatedAt).getTime() / 1000),
      visibility: visibilityKey(i.visibility, i.groupId),
    });
  });
}

function withSynonyms(d: Omit<SearchDocument, 'synonyms'>): SearchDocument {
  return { ...d, synonyms: synonymsFor([d.title, d.summary, d.body, d.organization].join('\n')) };
}

export async function lessonDocuments(db: Db, page: Page, text: DocumentText): Promise<SearchDocument[]> {
  if ('ids' in page && page.ids.length === 0) return [];
  const rows = await db
    .select({ l: lessons, orgName: organizations.name, sector: organizations.sector })
    .from(lessons)
    .innerJoin(organizations, eq(organizations.id, lessons.organizationId))
    .where(and(eq(lessons.state, 'published'), 'ids' in page ? inArray(lessons.id, page.ids) : gt(lessons.id, page.after)))
    .orderBy(lessons.id)
    .limit('ids' in page ? page.ids.length : page.limit);
  return rows.map(({ l, orgName, sector }) =>
    withSynonyms({
    id: documentId({ type: 'lesson', id: l.id }),
    type: 'lesson',
    slug: l.slug,
    title: l.title,
    summary: l.summary,
    body: [l.whatWorked, l.whatDidNot, l.recommendations].map(text.plainText).filter(Boolean).join('\n\n'),
    organization: orgName,
    organizationId: l.organizationId,
    sector,
    areaNames: [],
    areaCodes: [],
    themes: l.themes,
    themeLabels: l.themes.map(text.themeLabel),
    successFactors: l.successFactors,
    successFactorLabels: l.successFactors.map(text.successFactorLabel),
    status: null,
    years: [],
    publishedAt: Math.floor((l.publishedAt ?? l.updatedAt).getTime() / 1000),
    visibility: visibilityKey(l.visibility, l.groupId),
    }),
  );
}
