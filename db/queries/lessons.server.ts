import { and, asc, desc, eq, exists, inArray, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { preparedOneStatement } from '../one-statement.server.ts';
import { preparedPerDb } from '../prepared.server.ts';
import { areas, initiativeAreas, initiatives, lessons, organizations, type Lesson } from '../schema/index.server.ts';
import type { SuccessFactor, Theme, Visibility } from '#app/vocabulary.ts';
import { listItemComments } from './comments.server.ts';
import { followingQuery } from './follows.server.ts';
import { readableContent, withTotal } from './initiatives.server.ts';

/** The editable fields of a lesson, as forms produce them and revisions store them. */
export interface LessonFields {
  title: string;
  summary: string;
  /** Lättläst sammanfattning; '' when there is none. */
  plainSummary: string;
  initiativeId: string | null;
  whatWorked: Lesson['whatWorked'];
  whatDidNot: Lesson['whatDidNot'];
  recommendations: Lesson['recommendations'];
  themes: Theme[];
  successFactors: SuccessFactor[];
}

export async function insertLesson(db: Db, input: { slug: string; organizationId: string; userId: string; fields: LessonFields }): Promise<Lesson> {
  const [row] = await db
    .insert(lessons)
    .values({ ...input.fields, slug: input.slug, organizationId: input.organizationId, createdBy: input.userId, updatedBy: input.userId })
    .returning();
  return row!;
}

/** Saves only if nobody saved since `expectedVersion`; null means a conflict. */
export async function updateLesson(db: Db, input: { id: string; expectedVersion: number; userId: string; fields: LessonFields }): Promise<Lesson | null> {
  const [row] = await db
    .update(lessons)
    .set({ ...input.fields, version: sql`${lessons.version} + 1`, updatedBy: input.userId, updatedAt: new Date() })
    .where(and(eq(lessons.id, input.id), eq(lessons.version, input.expectedVersion)))
    .returning();
  return row ?? null;
}

export async function setLessonPublishing(
  db: Db,
  /** `groupId`: the group for visibility 'group', null for every other visibility. */
  input: { id: string; expectedVersion: number; userId: string; state: Lesson['state']; visibility: Visibility; groupId: string | null },
): Promise<Lesson | null> {
  const [row] = await db
    .update(lessons)
    .set({
      state: input.state,
      visibility: input.visibility,
      groupId: input.visibility === 'group' ? input.groupId : null,
      publishedAt: input.state === 'published' ? sql`coalesce(${lessons.publishedAt}, now())` : lessons.publishedAt,
      version: sql`${lessons.version} + 1`,
      updatedBy: input.userId,
      updatedAt: new Date(),
    })
    .where(and(eq(lessons.id, input.id), eq(lessons.version, input.expectedVersion)))
    .returning();
  return row ?? null;
}

/** A lesson page's first read, prepared (issue 15): every view and every action on the page starts here. */
const lessonBySlug = preparedPerDb((db) =>
  db
    .select({
      lesson: lessons,
      organization: { id: organizations.id, slug: organizations.slug, name: organizations.name, sector: organizations.sector, verifiedAt: organizations.verifiedAt },
    })
    .from(lessons)
    .innerJoin(organizations, eq(organizations.id, lessons.organizationId))
    .where(eq(lessons.slug, sql.placeholder('slug')))
    .limit(1)
    .prepare('lesson_by_slug'),
);

export async function findLessonBySlug(db: Db, slug: string) {
  const [row] = await lessonBySlug(db).execute({ slug });
  return row;
}

export async function findLinkedInitiative(db: Db, initiativeId: string) {
  const [row] = await linkedInitiativeQuery(db, initiativeId);
  return row;
}

/** The select behind findLinkedInitiative, to fold into the lesson page's one statement. */
export function linkedInitiativeQuery(db: Db, initiativeId: string | SQLWrapper) {
  return db
    .select({ id: initiatives.id, slug: initiatives.slug, title: initiatives.title, state: initiatives.state, visibility: initiatives.visibility, groupId: initiatives.groupId, organizationId: initiatives.organizationId, hiddenAt: initiatives.hiddenAt })
    .from(initiatives)
    .where(eq(initiatives.id, initiativeId))
    .limit(1);
}

/**
 * A lesson page's linked initiative, comments (hidden ones too: the policy module decides) and whether the reader
 * follows the lesson's organisation, in one prepared statement of fixed text (issue 15): planned once per connection.
 * Values: the lesson's `id`, its `initiativeId` (null: none), `organizationId`, and `userId` (null when the reader may
 * not follow; then no row, and the policy's answer stands).
 */
export const lessonPageStatement = preparedOneStatement('lesson_page', (db) => ({
  linked: linkedInitiativeQuery(db, sql.placeholder('initiativeId')),
  comments: listItemComments(db, { type: 'lesson', id: sql.placeholder('id') }, { includeHidden: true }),
  following: followingQuery(db, sql.placeholder('userId'), { kind: 'organization', key: sql.placeholder('organizationId') }),
}));

export async function isLessonSlugTaken(db: Db, slug: string): Promise<boolean> {
  const [row] = await db.select({ id: lessons.id }).from(lessons).where(eq(lessons.slug, slug)).limit(1);
  return Boolean(row);
}

export interface LessonFilters {
  /** Visibilities the reader may see (from the policy module). */
  visibilities: Visibility[];
  /** Working groups whose group-only lessons the reader may see (from the policy module). */
  groupIds?: string[];
  theme?: Theme;
  successFactor?: SuccessFactor;
  organizationId?: string;
  area?: string;
}

/** Which published lessons a listing shows: the reader's visibility and the filters. The browse page and the API share it. */
export function publishedLessonsWhere(db: Db, f: LessonFilters): SQL | undefined {
  return and(
    eq(lessons.state, 'published'),
    readableContent(lessons, f),
    f.theme ? sql`${f.theme} = any(${lessons.themes})` : undefined,
    f.successFactor ? sql`${f.successFactor} = any(${lessons.successFactors})` : undefined,
    f.organizationId ? eq(lessons.organizationId, f.organizationId) : undefined,
    // A lesson belongs to an area through the initiative it comes from (a kommun, or any kommun of a län).
    f.area
      ? exists(
          db
            .select({ one: sql`1` })
            .from(initiativeAreas)
            .innerJoin(areas, eq(areas.code, initiativeAreas.areaCode))
            .where(and(eq(initiativeAreas.initiativeId, lessons.initiativeId), or(eq(areas.code, f.area), eq(areas.parentCode, f.area)))),
        )
      : undefined,
  );
}

/** The columns of a lesson in a listing (joined with its organisation). */
export const lessonListColumns = {
  id: lessons.id,
  slug: lessons.slug,
  title: lessons.title,
  summary: lessons.summary,
  plainSummary: lessons.plainSummary,
  themes: lessons.themes,
  successFactors: lessons.successFactors,
  visibility: lessons.visibility,
  publishedAt: lessons.publishedAt,
  updatedAt: lessons.updatedAt,
  organizationName: organizations.name,
};

/** One page of published lessons with the total as a window count: the select, to fold (see publishedInitiativesQuery). */
export function publishedLessonsQuery(db: Db, f: LessonFilters & { limit?: number; offset?: number }) {
  return db
    .select({ ...lessonListColumns, total: sql<number>`(count(*) over ())::int` })
    .from(lessons)
    .innerJoin(organizations, eq(organizations.id, lessons.organizationId))
    .where(publishedLessonsWhere(db, f))
    .orderBy(desc(lessons.publishedAt), asc(lessons.id))
    .limit(f.limit ?? 20)
    .offset(f.offset ?? 0);
}

export async function listPublishedLessons(db: Db, f: LessonFilters & { limit?: number; offset?: number }) {
  const where = publishedLessonsWhere(db, f);
  const counted = await publishedLessonsQuery(db, f);
  const { rows } = withTotal(counted);
  if (counted.length) return withTotal(counted);
  if (!f.offset) return { rows, total: 0 };
  const [total] = await db.select({ n: sql<number>`count(*)::int` }).from(lessons).where(where);
  return { rows, total: total?.n ?? 0 };
}

/** Initiatives of these organisations, to link a new lesson to. */
export async function listInitiativesOf(db: Db, organizationIds: string[]) {
  if (organizationIds.length === 0) return [];
  return db.select({ id: initiatives.id, title: initiatives.title, organizationId: initiatives.organizationId }).from(initiatives).where(inArray(initiatives.organizationId, organizationIds)).orderBy(asc(initiatives.title));
}
