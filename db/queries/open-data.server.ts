/**
 * What the open-data files and the DCAT-AP-SE catalogue need beyond the read
 * API's pages (./api.server.ts, which the files reuse): when each dataset last
 * changed, which indicators have values to publish, and the comments on
 * published items a scope may read.
 */
import { and, asc, eq, max, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { comments, indicators, indicatorSnapshots, publishedIndicatorValues, initiatives, lessons, memberships, organizations, users } from '../schema/index.server.ts';
import type { FollowedContentType } from '#app/vocabulary.ts';
import type { Visibility } from '#app/vocabulary.ts';
import { indicatorColumns } from './api.server.ts';
import { readableContent } from './initiatives.server.ts';
import { asDate, rowsOf } from './raw-rows.server.ts';

type ContentTable = typeof initiatives | typeof lessons | typeof indicatorSnapshots;

/**
 * The latest change to what a reader with this scope sees of one kind of content: the newest edit or
 * publication among the published items. (An item that leaves the set, unpublished or made
 * partners-only, leaves no trace here: the date then stays at the last change still visible.)
 */
async function contentModified(db: Db, t: ContentTable, scope: { visibilities: Visibility[]; groupIds: string[] }): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<string | null>`greatest(max(${t.updatedAt}), max(${t.publishedAt}))::text` })
    .from(t)
    .where(and(eq(t.state, 'published'), readableContent(t, scope)));
  return row?.at ? new Date(row.at) : null;
}

export const initiativesModified = (db: Db, scope: { visibilities: Visibility[]; groupIds: string[] }) => contentModified(db, initiatives, scope);
export const lessonsModified = (db: Db, scope: { visibilities: Visibility[]; groupIds: string[] }) => contentModified(db, lessons, scope);
export const snapshotsModified = (db: Db, scope: { visibilities: Visibility[]; groupIds: string[] }) => contentModified(db, indicatorSnapshots, scope);

/** Indicators with at least one value, each with the latest change to its values; example data only when asked for. */
export async function indicatorsWithValues(db: Db, opts: { includeExamples: boolean }) {
  return db
    .select({ ...indicatorColumns, modified: max(publishedIndicatorValues.updatedAt) })
    .from(indicators)
    .innerJoin(publishedIndicatorValues, eq(publishedIndicatorValues.indicatorCode, indicators.code))
    .where(opts.includeExamples ? undefined : eq(indicators.isExample, false))
    .groupBy(indicators.code)
    .orderBy(asc(indicators.code));
}

// ---------------------------------------------------------------------------
// Comments on published items

type Scope = { visibilities: Visibility[]; groupIds: string[] };

/** The published items of every commented kind that this scope may read: their kind, id and slug. */
const readablePieces = (scope: Scope): SQL => {
  const kind = (type: FollowedContentType, t: ContentTable) =>
    sql`select ${type}::text as type, ${t.id} as id, ${t.slug} as slug from ${t} where ${t.state} = 'published' and ${readableContent(t, scope)}`;
  return sql`(${kind('initiative', initiatives)} union all ${kind('lesson', lessons)} union all ${kind('snapshot', indicatorSnapshots)})`;
};

/** After (created at, id), oldest first: the cursor holds the timestamp as text, at full precision. */
export interface CreatedAfter {
  createdAt: string;
  id: string;
}

export interface OpenCommentRow {
  id: string;
  itemType: FollowedContentType;
  itemId: string;
  itemSlug: string;
  body: string;
  authorName: string | null;
  /** The verified organisations the author belongs to (what lets them comment at all), by name. */
  authorOrganizations: string[];
  createdAt: Date;
  editedAt: Date | null;
  cursorAt: string;
}

/**
 * Comments that are not hidden, on published items the scope may read (the policy's `commentPermissions`
 * view rule in SQL: a comment is as visible as its item, and nowhere once hidden); oldest first, `limit + 1`
 * rows after the cursor. Authors by display name and verified organisations only: never an address.
 */
export async function commentsPage(db: Db, scope: Scope, after: CreatedAfter | null, limit: number): Promise<OpenCommentRow[]> {
  const result = await db.execute(sql`
    select c.id, piece.type as "itemType", piece.id as "itemId", piece.slug as "itemSlug", c.body, u.name as "authorName",
      coalesce((select array_agg(o.name order by o.name) from ${memberships} m join ${organizations} o on o.id = m.organization_id
        where m.user_id = c.author_id and o.verified_at is not null), array[]::text[]) as "authorOrganizations",
      c.created_at as "createdAt", c.edited_at as "editedAt", c.created_at::text as "cursorAt"
    from ${comments} c
    join ${readablePieces(scope)} piece on piece.type = c.content_type and piece.id = c.content_id
    left join ${users} u on u.id = c.author_id
    where c.hidden_at is null ${after ? sql`and (c.created_at, c.id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)` : sql``}
    order by c.created_at, c.id
    limit ${limit + 1}`);
  return rowsOf(result).map((r) => ({
    id: String(r.id),
    itemType: r.itemType as FollowedContentType,
    itemId: String(r.itemId),
    itemSlug: String(r.itemSlug),
    body: String(r.body),
    authorName: (r.authorName as string | null) ?? null,
    authorOrganizations: (r.authorOrganizations as string[] | null) ?? [],
    createdAt: asDate(r.createdAt),
    editedAt: r.editedAt ? asDate(r.editedAt) : null,
    cursorAt: String(r.cursorAt),
  }));
}

/** The latest change among the comments `commentsPage` gives: the newest written or edited. */
export async function commentsModified(db: Db, scope: Scope): Promise<Date | null> {
  const result = await db.execute(sql`
    select max(coalesce(c.edited_at, c.created_at))::text as at
    from ${comments} c join ${readablePieces(scope)} piece on piece.type = c.content_type and piece.id = c.content_id
    where c.hidden_at is null`);
  const [row] = rowsOf(result);
  return row?.at ? new Date(String(row.at)) : null;
}
