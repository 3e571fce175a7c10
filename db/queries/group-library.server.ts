import { and, desc, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { groupLibraryItems, indicatorSnapshots, initiatives, lessons, organizations, users } from '../schema/index.server.ts';
import type { ContentState, LibraryContentType, Visibility } from '#app/vocabulary.ts';

/** The three kinds of content a library links to; they share the publishing columns. */
const TABLES = { initiative: initiatives, lesson: lessons, snapshot: indicatorSnapshots } as const;
// One table type stands for all three: the columns read here exist in each with the same types.
const tableOf = (type: LibraryContentType) => TABLES[type] as typeof initiatives;

/** What the policy needs to decide who may see a piece, plus what a list shows. */
export interface LibraryContent {
  type: LibraryContentType;
  id: string;
  slug: string;
  title: string;
  organizationId: string;
  organizationName: string;
  organizationVerified: boolean;
  state: ContentState;
  visibility: Visibility;
  groupId: string | null;
  hiddenAt: Date | null;
  publishedAt: Date | null;
}

async function selectContent(db: Db, type: LibraryContentType, where: SQL | undefined, limit?: number): Promise<LibraryContent[]> {
  const t = tableOf(type);
  const query = db
    .select({
      id: t.id,
      slug: t.slug,
      title: t.title,
      organizationId: t.organizationId,
      organizationName: organizations.name,
      verifiedAt: organizations.verifiedAt,
      state: t.state,
      visibility: t.visibility,
      groupId: t.groupId,
      hiddenAt: t.hiddenAt,
      publishedAt: t.publishedAt,
    })
    .from(t)
    .innerJoin(organizations, eq(organizations.id, t.organizationId))
    .where(where)
    .orderBy(desc(t.publishedAt), desc(t.updatedAt));
  const rows = limit ? await query.limit(limit) : await query;
  return rows.map(({ verifiedAt, ...r }) => ({ ...r, type, organizationVerified: verifiedAt !== null }));
}

export async function findContentByIds(db: Db, type: LibraryContentType, ids: string[]): Promise<LibraryContent[]> {
  if (ids.length === 0) return [];
  return selectContent(db, type, inArray(tableOf(type).id, ids));
}

export async function findContentBySlug(db: Db, type: LibraryContentType, slug: string): Promise<LibraryContent | undefined> {
  const [row] = await selectContent(db, type, eq(tableOf(type).slug, slug), 1);
  return row;
}

/** Published content that only this group's members may read: the library shows it without anyone adding it. */
export async function listPublishedForGroup(db: Db, groupId: string): Promise<LibraryContent[]> {
  const lists = await Promise.all(
    (Object.keys(TABLES) as LibraryContentType[]).map((type) => {
      const t = tableOf(type);
      return selectContent(db, type, and(eq(t.state, 'published'), isNull(t.hiddenAt), eq(t.visibility, 'group'), eq(t.groupId, groupId)));
    }),
  );
  return lists.flat();
}

/**
 * Published content of one type a reader may open, newest first: the
 * visibilities they may read, and "group" only for their own groups.
 * (The policy module decides `visibilities` and `groupIds`.)
 */
export async function listReadableContent(db: Db, type: LibraryContentType, reader: { visibilities: Visibility[]; groupIds: string[] }, limit: number) {
  const t = tableOf(type);
  const open = reader.visibilities.filter((v) => v !== 'group');
  const readable = or(
    open.length ? inArray(t.visibility, open) : undefined,
    reader.groupIds.length ? and(eq(t.visibility, 'group'), inArray(t.groupId, reader.groupIds)) : undefined,
  );
  return selectContent(db, type, and(eq(t.state, 'published'), isNull(t.hiddenAt), readable ?? eq(t.visibility, 'public')), limit);
}

/** The library's entries, newest first, with who added them. */
export async function listLibraryItems(db: Db, groupId: string) {
  return db
    .select({
      contentType: groupLibraryItems.contentType,
      contentId: groupLibraryItems.contentId,
      note: groupLibraryItems.note,
      addedBy: groupLibraryItems.addedBy,
      addedAt: groupLibraryItems.addedAt,
      adderName: users.name,
    })
    .from(groupLibraryItems)
    .leftJoin(users, eq(users.id, groupLibraryItems.addedBy))
    .where(eq(groupLibraryItems.groupId, groupId))
    .orderBy(desc(groupLibraryItems.addedAt));
}

export async function findLibraryItem(db: Db, groupId: string, contentType: LibraryContentType, contentId: string) {
  const [row] = await db
    .select()
    .from(groupLibraryItems)
    .where(and(eq(groupLibraryItems.groupId, groupId), eq(groupLibraryItems.contentType, contentType), eq(groupLibraryItems.contentId, contentId)))
    .limit(1);
  return row;
}

/** Adds an entry; false when the library already has it. */
export async function insertLibraryItem(db: Db, input: { groupId: string; contentType: LibraryContentType; contentId: string; note: string; addedBy: string }): Promise<boolean> {
  const rows = await db.insert(groupLibraryItems).values(input).onConflictDoNothing().returning({ contentId: groupLibraryItems.contentId });
  return rows.length > 0;
}

export async function deleteLibraryItem(db: Db, groupId: string, contentType: LibraryContentType, contentId: string): Promise<void> {
  await db
    .delete(groupLibraryItems)
    .where(and(eq(groupLibraryItems.groupId, groupId), eq(groupLibraryItems.contentType, contentType), eq(groupLibraryItems.contentId, contentId)));
}
