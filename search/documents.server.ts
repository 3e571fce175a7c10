/**
 * What goes into the index: one flat document per published initiative,
 * lesson or indicator snapshot, per working group and per group discussion
 * thread, with the reader-facing text, the facets and a visibility key that
 * every query filters on.
 */
import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Db } from '#db/client.server.ts';
import {
  areas,
  comments,
  groupMembers,
  groupReplies,
  groupThreads,
  indicatorSnapshots,
  initiativeAreas,
  initiatives,
  lessons,
  organizations,
  snapshotIndicators,
  workingGroups,
} from '#db/schema/index.server.ts';
import { visibilityKey, type FollowedContentType } from '#app/vocabulary.ts';
import { synonymsFor } from './synonyms.ts';

export const SEARCHABLE_TYPES = ['initiative', 'lesson', 'snapshot', 'group', 'thread'] as const;
export type SearchableType = (typeof SEARCHABLE_TYPES)[number];
export interface ContentRef {
  type: SearchableType;
  id: string;
}

export interface SearchDocument {
  id: string;
  type: SearchableType;
  slug: string;
  /** Where a hit leads on this site. */
  path: string;
  title: string;
  summary: string;
  /** An initiative's or lesson's plain-language summary (lättläst), searchable like the summary; absent elsewhere. */
  plainSummary?: string;
  body: string;
  organization: string;
  organizationId: string;
  /** The owner's sector; for a working group, every sector its members represent. */
  sector: string | string[];
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
  /** The questions and comments on a public item that are not hidden; absent on everything else. */
  comments?: string;
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
  const idsOf = (type: SearchableType) => [...new Set(refs.filter((r) => r.type === type).map((r) => r.id))];
  const built = await Promise.all(SEARCHABLE_TYPES.map((type) => DOCUMENTS_OF[type](db, { ids: idsOf(type) }, text)));
  const upsert = built.flat();
  const kept = new Set(upsert.map((d) => d.id));
  const remove = refs.map(documentId).filter((id) => !kept.has(id));
  return { upsert, remove: [...new Set(remove)] };
}

/** Either these ids, or the next `limit` rows after an id in id order (for the reindex). */
export type Page = { ids: string[] } | { after: string; limit: number };

export async function initiativeDocuments(db: Db, page: Page, text: DocumentText): Promise<SearchDocument[]> {
  if ('ids' in page && page.ids.length === 0) return [];
  const rows = await db
    .select({ i: initiatives, orgName: organizations.name, sector: organizations.sector })
    .from(initiatives)
    .innerJoin(organizations, eq(organizations.id, initiatives.organizationId))
    .where(and(eq(initiatives.state, 'published'), isNull(initiatives.hiddenAt), 'ids' in page ? inArray(initiatives.id, page.ids) : gt(initiatives.id, page.after)))
    .orderBy(initiatives.id)
    .limit('ids' in page ? page.ids.length : page.limit);
  if (rows.length === 0) return [];
  const areaRows = await db
    .select({ initiativeId: initiativeAreas.initiativeId, code: areas.code, name: areas.name, parent: areas.parentCode })
    .from(initiativeAreas)
    .innerJoin(areas, eq(areas.code, initiativeAreas.areaCode))
    .where(inArray(initiativeAreas.initiativeId, rows.map((r) => r.i.id)));
  const areasOf = groupBy(areaRows, (a) => a.initiativeId);
  return rows.map(({ i, orgName, sector }) => {
    const own = areasOf.get(i.id) ?? [];
    const codes = new Set(own.flatMap((a) => (a.parent && a.parent !== 'SE' ? [a.code, a.parent] : [a.code])));
    return withSynonyms({
      id: documentId({ type: 'initiative', id: i.id }),
      type: 'initiative',
      slug: i.slug,
      path: `/insatser/${i.slug}`,
      title: i.title,
      summary: i.summary,
      plainSummary: i.plainSummary,
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
  return { ...d, synonyms: synonymsFor([d.title, d.summary, d.plainSummary ?? '', d.body, d.organization].join('\n')) };
}

export async function lessonDocuments(db: Db, page: Page, text: DocumentText): Promise<SearchDocument[]> {
  if ('ids' in page && page.ids.length === 0) return [];
  const rows = await db
    .select({ l: lessons, orgName: organizations.name, sector: organizations.sector })
    .from(lessons)
    .innerJoin(organizations, eq(organizations.id, lessons.organizationId))
    .where(and(eq(lessons.state, 'published'), isNull(lessons.hiddenAt), 'ids' in page ? inArray(lessons.id, page.ids) : gt(lessons.id, page.after)))
    .orderBy(lessons.id)
    .limit('ids' in page ? page.ids.length : page.limit);
  return rows.map(({ l, orgName, sector }) =>
    withSynonyms({
    id: documentId({ type: 'lesson', id: l.id }),
    type: 'lesson',
    slug: l.slug,
    path: `/lardomar/${l.slug}`,
    title: l.title,
    summary: l.summary,
    plainSummary: l.plainSummary,
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

/** Snapshots, groups and threads carry no themes, success factors or status of their own. */
const NO_VOCABULARY = { themes: [], themeLabels: [], successFactors: [], successFactorLabels: [], status: null } as const satisfies Partial<SearchDocument>;

/** Rows by key, in their order: looking each item's rows up in a batch stays linear (a filter per item was quadratic). */
function groupBy<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(keyOf(row));
    if (list) list.push(row);
    else groups.set(keyOf(row), [row]);
  }
  return groups;
}

const unixSeconds = (d: Date) => Math.floor(d.getTime() / 1000);
const byPage = (page: Page, column: Parameters<typeof inArray>[0]) =>
  'ids' in page ? inArray(column, page.ids) : gt(column, page.after);
const limitOf = (page: Page) => ('ids' in page ? page.ids.length : page.limit);

/** Published snapshots: their commentary, the indicators they freeze, the area and the years they cover. */
export async function snapshotDocuments(db: Db, page: Page, text: DocumentText): Promise<SearchDocument[]> {
  if ('ids' in page && page.ids.length === 0) return [];
  const rows = await db
    .select({ s: indicatorSnapshots, orgName: organizations.name, sector: organizations.sector, areaName: areas.name, areaParent: areas.parentCode })
    .from(indicatorSnapshots)
    .innerJoin(organizations, eq(organizations.id, indicatorSnapshots.organizationId))
    .innerJoin(areas, eq(areas.code, indicatorSnapshots.areaCode))
    .where(and(eq(indicatorSnapshots.state, 'published'), isNull(indicatorSnapshots.hiddenAt), byPage(page, indicatorSnapshots.id)))
    .orderBy(indicatorSnapshots.id)
    .limit(limitOf(page));
  if (rows.length === 0) return [];
  const indicatorRows = await db
    .select({ snapshotId: snapshotIndicators.snapshotId, name: snapshotIndicators.nameSv })
    .from(snapshotIndicators)
    .where(inArray(snapshotIndicators.snapshotId, rows.map((r) => r.s.id)))
    .orderBy(snapshotIndicators.position);
  const indicatorsOf = groupBy(indicatorRows, (r) => r.snapshotId);
  return rows.map(({ s, orgName, sector, areaName, areaParent }) => {
    const indicatorNames = (indicatorsOf.get(s.id) ?? []).map((r) => r.name);
    return withSynonyms({
      id: documentId({ type: 'snapshot', id: s.id }),
      type: 'snapshot',
      slug: s.slug,
      path: `/ogonblicksbilder/${s.slug}`,
      title: s.title,
      summary: `${areaName} ${s.periodFrom}–${s.periodTo}: ${indicatorNames.join(', ')}`,
      body: text.plainText(s.commentary),
      organization: orgName,
      organizationId: s.organizationId,
      sector,
      areaNames: [areaName],
      areaCodes: areaParent && areaParent !== 'SE' ? [s.areaCode, areaParent] : [s.areaCode],
      ...NO_VOCABULARY,
      years: yearsBetween(s.periodFrom, s.periodTo),
      publishedAt: unixSeconds(s.publishedAt ?? s.updatedAt),
      visibility: visibilityKey(s.visibility, s.groupId),
    });
  });
}

/**
 * Working groups: an open group's overview is for anyone signed in, so its
 * document carries "signed_in"; a closed group's only its members' key.
 */
export async function groupDocuments(db: Db, page: Page, text: DocumentText): Promise<SearchDocument[]> {
  if ('ids' in page && page.ids.length === 0) return [];
  const rows = await db
    .select({ g: workingGroups, areaName: areas.name, areaParent: areas.parentCode })
    .from(workingGroups)
    .leftJoin(areas, eq(areas.code, workingGroups.areaCode))
    .where(byPage(page, workingGroups.id))
    .orderBy(workingGroups.id)
    .limit(limitOf(page));
  if (rows.length === 0) return [];
  const represented = await db
    .selectDistinct({ groupId: groupMembers.groupId, name: organizations.name, sector: organizations.sector })
    .from(groupMembers)
    .innerJoin(organizations, eq(organizations.id, groupMembers.organizationId))
    .where(inArray(groupMembers.groupId, rows.map((r) => r.g.id)));
  const representedIn = groupBy(represented, (r) => r.groupId);
  return rows.map(({ g, areaName, areaParent }) => {
    const own = representedIn.get(g.id) ?? [];
    return withSynonyms({
      id: documentId({ type: 'group', id: g.id }),
      type: 'group',
      slug: g.slug,
      path: `/grupper/${g.slug}`,
      title: g.name,
      summary: own.map((r) => r.name).sort().join(', '),
      body: text.plainText(g.purpose),
      organization: '',
      organizationId: '',
      sector: [...new Set(own.map((r) => r.sector))].sort(),
      areaNames: areaName ? [areaName] : [],
      areaCodes: g.areaCode ? (areaParent && areaParent !== 'SE' ? [g.areaCode, areaParent] : [g.areaCode]) : [],
      ...NO_VOCABULARY,
      years: [],
      publishedAt: unixSeconds(g.createdAt),
      visibility: g.openness === 'open' ? 'signed_in' : visibilityKey('group', g.id),
    });
  });
}

/** Longest text of a thread that goes into the index; long discussions are cut, their start is what identifies them. */
const THREAD_TEXT_MAX = 30_000;

/** Discussion threads with their replies: for the group's members only, open group or not. */
export async function threadDocuments(db: Db, page: Page, text: DocumentText): Promise<SearchDocument[]> {
  if ('ids' in page && page.ids.length === 0) return [];
  const rows = await db
    .select({ t: groupThreads, groupSlug: workingGroups.slug, groupName: workingGroups.name })
    .from(groupThreads)
    .innerJoin(workingGroups, eq(workingGroups.id, groupThreads.groupId))
    .where(and(isNull(groupThreads.hiddenAt), byPage(page, groupThreads.id)))
    .orderBy(groupThreads.id)
    .limit(limitOf(page));
  if (rows.length === 0) return [];
  const replies = await db
    .select({ threadId: groupReplies.threadId, body: groupReplies.body })
    .from(groupReplies)
    .where(and(isNull(groupReplies.hiddenAt), inArray(groupReplies.threadId, rows.map((r) => r.t.id))))
    .orderBy(groupReplies.createdAt);
  const repliesOf = groupBy(replies, (r) => r.threadId);
  return rows.map(({ t, groupSlug, groupName }) => {
    const body = [t.body, ...(repliesOf.get(t.id) ?? []).map((r) => r.body)].map(text.plainText).filter(Boolean).join('\n\n');
    return withSynonyms({
      id: documentId({ type: 'thread', id: t.id }),
      type: 'thread',
      slug: t.id,
      path: `/grupper/${groupSlug}/diskussioner/${t.id}`,
      title: t.title,
      summary: groupName,
      body: body.slice(0, THREAD_TEXT_MAX),
      organization: '',
      organizationId: '',
      sector: [],
      areaNames: [],
      areaCodes: [],
      ...NO_VOCABULARY,
      years: [],
      publishedAt: unixSeconds(t.lastActivityAt),
      visibility: visibilityKey('group', t.groupId),
    });
  });
}

/** Each type's document builder, for syncing by id and for paging through everything in a reindex. */
/**
 * The questions and comments on a public item join its document (issue 16: the index includes comments only where
 * the item is public); hidden comments never. An item for partners or a group is found by its own text only, so a
 * comment's words cannot be searched for by anyone the policy would not show the comment to.
 */
function withPublicComments(type: FollowedContentType, build: (db: Db, page: Page, text: DocumentText) => Promise<SearchDocument[]>) {
  return async (db: Db, page: Page, text: DocumentText): Promise<SearchDocument[]> => {
    const docs = await build(db, page, text);
    const open = docs.filter((d) => d.visibility === 'public');
    if (open.length === 0) return docs;
    const prefix = `${type}-`;
    const rows = await db
      .select({ contentId: comments.contentId, body: comments.body })
      .from(comments)
      .where(and(eq(comments.contentType, type), inArray(comments.contentId, open.map((d) => d.id.slice(prefix.length))), isNull(comments.hiddenAt)))
      .orderBy(asc(comments.createdAt));
    const byItem = groupBy(rows, (r) => r.contentId);
    for (const d of open) {
      const bodies = byItem.get(d.id.slice(prefix.length));
      if (bodies) d.comments = bodies.map((c) => c.body).join('\n\n');
    }
    return docs;
  };
}

export const DOCUMENTS_OF: Record<SearchableType, (db: Db, page: Page, text: DocumentText) => Promise<SearchDocument[]>> = {
  initiative: withPublicComments('initiative', initiativeDocuments),
  lesson: withPublicComments('lesson', lessonDocuments),
  snapshot: withPublicComments('snapshot', snapshotDocuments),
  group: groupDocuments,
  thread: threadDocuments,
};
