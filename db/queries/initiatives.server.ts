import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { preparedPerDb } from '../prepared.server.ts';
import { preparedOneStatement } from '../one-statement.server.ts';
import { listItemComments } from './comments.server.ts';
import { similarInitiativesQuery } from './similar.server.ts';
import {
  areas,
  initiativeAreas,
  initiativeInspirations,
  initiativePartners,
  type indicatorSnapshots,
  initiatives,
  lessons,
  organizations,
  type Area,
  type Attachment,
  type Initiative,
} from '../schema/index.server.ts';
import type { InitiativeStatus, Sector, SuccessFactor, Theme, Visibility } from '#app/vocabulary.ts';

/** The editable fields of an initiative, as forms produce them and revisions store them. */
export interface InitiativeFields {
  title: string;
  summary: string;
  /** Lättläst sammanfattning; '' when there is none. */
  plainSummary: string;
  body: Initiative['body'];
  status: InitiativeStatus;
  startDate: string | null;
  endDate: string | null;
  themes: Theme[];
  targetGroups: Initiative['targetGroups'];
  successFactors: SuccessFactor[];
  fundingSource: string | null;
  fundingAmountSek: number | null;
  evaluationMethod: string | null;
  evaluatedBy: string | null;
  evaluationSummary: string | null;
  evaluationUrl: string | null;
  contactName: string | null;
  contactEmail: string | null;
  areaCodes: string[];
  partnerIds: string[];
  inspiredByIds: string[];
}

const columnsOf = (f: InitiativeFields) => ({
  title: f.title,
  summary: f.summary,
  plainSummary: f.plainSummary,
  body: f.body,
  status: f.status,
  startDate: f.startDate,
  endDate: f.endDate,
  themes: f.themes,
  targetGroups: f.targetGroups,
  successFactors: f.successFactors,
  fundingSource: f.fundingSource,
  fundingAmountSek: f.fundingAmountSek,
  evaluationMethod: f.evaluationMethod,
  evaluatedBy: f.evaluatedBy,
  evaluationSummary: f.evaluationSummary,
  evaluationUrl: f.evaluationUrl,
  contactName: f.contactName,
  contactEmail: f.contactEmail,
});

async function setRelations(db: Db, id: string, f: InitiativeFields) {
  await db.delete(initiativeAreas).where(eq(initiativeAreas.initiativeId, id));
  await db.delete(initiativePartners).where(eq(initiativePartners.initiativeId, id));
  await db.delete(initiativeInspirations).where(eq(initiativeInspirations.initiativeId, id));
  if (f.areaCodes.length) await db.insert(initiativeAreas).values(f.areaCodes.map((areaCode) => ({ initiativeId: id, areaCode })));
  if (f.partnerIds.length) await db.insert(initiativePartners).values(f.partnerIds.map((organizationId) => ({ initiativeId: id, organizationId })));
  const inspirations = f.inspiredByIds.filter((other) => other !== id);
  if (inspirations.length) await db.insert(initiativeInspirations).values(inspirations.map((inspiredById) => ({ initiativeId: id, inspiredById })));
}

export async function insertInitiative(db: Db, input: { slug: string; organizationId: string; userId: string; fields: InitiativeFields }): Promise<Initiative> {
  const [row] = await db
    .insert(initiatives)
    .values({ ...columnsOf(input.fields), slug: input.slug, organizationId: input.organizationId, createdBy: input.userId, updatedBy: input.userId })
    .returning();
  await setRelations(db, row!.id, input.fields);
  return row!;
}

/**
 * Saves the fields only if nobody saved since `expectedVersion`; returns the
 * new row, or null when the version moved on (a conflict).
 */
export async function updateInitiative(db: Db, input: { id: string; expectedVersion: number; userId: string; fields: InitiativeFields }): Promise<Initiative | null> {
  const [row] = await db
    .update(initiatives)
    .set({ ...columnsOf(input.fields), version: sql`${initiatives.version} + 1`, updatedBy: input.userId, updatedAt: new Date() })
    .where(and(eq(initiatives.id, input.id), eq(initiatives.version, input.expectedVersion)))
    .returning();
  if (!row) return null;
  await setRelations(db, row.id, input.fields);
  return row;
}

export async function setInitiativePublishing(
  db: Db,
  /** `groupId`: the group for visibility 'group', null for every other visibility. */
  input: { id: string; expectedVersion: number; userId: string; state: Initiative['state']; visibility: Visibility; groupId: string | null },
): Promise<Initiative | null> {
  const [row] = await db
    .update(initiatives)
    .set({
      state: input.state,
      visibility: input.visibility,
      groupId: input.visibility === 'group' ? input.groupId : null,
      publishedAt: input.state === 'published' ? sql`coalesce(${initiatives.publishedAt}, now())` : initiatives.publishedAt,
      version: sql`${initiatives.version} + 1`,
      updatedBy: input.userId,
      updatedAt: new Date(),
    })
    .where(and(eq(initiatives.id, input.id), eq(initiatives.version, input.expectedVersion)))
    .returning();
  return row ?? null;
}

/** An initiative page's first read, prepared (issue 15): every view and every action on the page starts here. */
const initiativeBySlug = preparedPerDb((db) =>
  db
    .select({ initiative: initiatives, organization: { id: organizations.id, slug: organizations.slug, name: organizations.name, sector: organizations.sector, verifiedAt: organizations.verifiedAt } })
    .from(initiatives)
    .innerJoin(organizations, eq(organizations.id, initiatives.organizationId))
    .where(eq(initiatives.slug, sql.placeholder('slug')))
    .limit(1)
    .prepare('initiative_by_slug'),
);

export async function findInitiativeBySlug(db: Db, slug: string) {
  const [row] = await initiativeBySlug(db).execute({ slug });
  return row;
}

export async function findInitiativeIdsBySlugs(db: Db, slugs: string[]) {
  if (slugs.length === 0) return [];
  return db.select({ id: initiatives.id, slug: initiatives.slug, state: initiatives.state, visibility: initiatives.visibility, groupId: initiatives.groupId, organizationId: initiatives.organizationId, hiddenAt: initiatives.hiddenAt }).from(initiatives).where(inArray(initiatives.slug, slugs));
}

/**
 * Initiatives a writer might name as inspiration: every one that is not a draft within the reader's
 * scope, and the drafts of the writer's own organisations. The caller still decides each through
 * the policy module (contentPermissions), as the save does.
 */
export async function listInspirationCandidates(db: Db, scope: { visibilities: Visibility[]; groupIds: string[]; organizationIds: string[] }, limit = 2000) {
  const readable = or(
    scope.visibilities.length ? and(ne(initiatives.state, 'draft'), inArray(initiatives.visibility, scope.visibilities)) : undefined,
    scope.groupIds.length ? and(ne(initiatives.state, 'draft'), eq(initiatives.visibility, 'group'), inArray(initiatives.groupId, scope.groupIds)) : undefined,
    scope.organizationIds.length ? inArray(initiatives.organizationId, scope.organizationIds) : undefined,
  );
  if (!readable) return [];
  return db
    .select({ id: initiatives.id, slug: initiatives.slug, title: initiatives.title, state: initiatives.state, visibility: initiatives.visibility, groupId: initiatives.groupId, organizationId: initiatives.organizationId, hiddenAt: initiatives.hiddenAt })
    .from(initiatives)
    .where(readable)
    .orderBy(asc(initiatives.title))
    .limit(limit);
}

type LinkRow = { slug: string; title: string; state: Initiative['state']; visibility: Initiative['visibility']; groupId: string | null; organizationId: string; hiddenAt: string | null };

/**
 * Everything an initiative page shows around the initiative itself, in one round trip (issue 15): its areas,
 * partners, the initiatives it was inspired by and that it inspired, its lessons, its attachments, the
 * indicators it follows and whether snapshots are attached (the indicator section reads those only then).
 * Each relation is a JSON array built by a subquery, in the order the separate queries had.
 */
export async function loadInitiativeRelations(db: Db, id: string) {
  return relationsOf(await initiativeRelationsQuery(db, id));
}

/** The relations from initiativeRelationsQuery's rows (none for an unknown id). */
export function relationsOf(rows: Awaited<ReturnType<typeof initiativeRelationsQuery>>) {
  return rows[0] ?? { areas: [], partners: [], inspiredBy: [], inspired: [], lessons: [], attachments: [], followedIndicators: [], hasSnapshots: false };
}

/** The select behind loadInitiativeRelations (one row, or none for an unknown id), to fold into the page's one statement. */
export function initiativeRelationsQuery(db: Db, id: string | SQLWrapper) {
  const link = (alias: string) =>
    `json_build_object('slug', ${alias}.slug, 'title', ${alias}.title, 'state', ${alias}.state, 'visibility', ${alias}.visibility, 'groupId', ${alias}.group_id, 'organizationId', ${alias}.organization_id, 'hiddenAt', ${alias}.hidden_at)`;
  return db
    .select({
      areas: sql<{ code: string; name: string; kind: Area['kind'] }[]>`coalesce((select json_agg(json_build_object('code', a.code, 'name', a.name, 'kind', a.kind) order by a.name) from initiative_areas ia join areas a on a.code = ia.area_code where ia.initiative_id = ${id}), '[]'::json)`,
      partners: sql<{ id: string; slug: string; name: string; sector: Sector }[]>`coalesce((select json_agg(json_build_object('id', o.id, 'slug', o.slug, 'name', o.name, 'sector', o.sector) order by o.name) from initiative_partners ip join organizations o on o.id = ip.organization_id where ip.initiative_id = ${id}), '[]'::json)`,
      inspiredBy: sql<LinkRow[]>`coalesce((select json_agg(${sql.raw(link('i'))}) from initiative_inspirations ii join initiatives i on i.id = ii.inspired_by_id where ii.initiative_id = ${id}), '[]'::json)`,
      inspired: sql<LinkRow[]>`coalesce((select json_agg(${sql.raw(link('i'))}) from initiative_inspirations ii join initiatives i on i.id = ii.initiative_id where ii.inspired_by_id = ${id}), '[]'::json)`,
      lessons: sql<LinkRow[]>`coalesce((select json_agg(${sql.raw(link('l'))}) from lessons l where l.initiative_id = ${id}), '[]'::json)`,
      attachments: sql<Pick<Attachment, 'id' | 'filename' | 'size' | 'kind'>[]>`coalesce((select json_agg(json_build_object('id', f.id, 'filename', f.filename, 'size', f.size, 'kind', f.kind) order by f.created_at) from attachments f where f.content_type = 'initiative' and f.content_id = ${id}), '[]'::json)`,
      followedIndicators: sql<string[]>`coalesce((select json_agg(x.indicator_code) from initiative_indicators x where x.initiative_id = ${id}), '[]'::json)`,
      hasSnapshots: sql<boolean>`exists (select 1 from initiative_snapshots s where s.initiative_id = ${id})`,
    })
    .from(initiatives)
    .where(eq(initiatives.id, id));
}

/**
 * An initiative page's relations, comments (hidden ones too: the policy module decides) and similar initiatives, in
 * one prepared statement (issue 15): one round trip, planned once per connection. Values: the initiative's `id` and
 * the reader's scope from `similarScopeValues`.
 */
export const initiativePageStatement = preparedOneStatement('initiative_page', (db) => {
  const id = sql.placeholder('id');
  return {
    relations: initiativeRelationsQuery(db, id),
    comments: listItemComments(db, { type: 'initiative', id }, { includeHidden: true }),
    similar: similarInitiativesQuery(db, id, { visibilities: sql.placeholder('visibilities'), groupIds: sql.placeholder('groupIds') }),
  };
});

export interface InitiativeFilters {
  /** Visibilities the reader may see (from the policy module). */
  visibilities: Visibility[];
  /** Working groups whose group-only initiatives the reader may see (from the policy module). */
  groupIds?: string[];
  area?: string;
  theme?: Theme;
  successFactor?: SuccessFactor;
  status?: InitiativeStatus;
  sector?: Sector;
  year?: number;
  organizationId?: string;
  /** What the success-factor insight measures (see `characteristicConditions`). */
  longTerm?: boolean;
  crossSector?: boolean;
  evaluated?: boolean;
  /** Has a published lesson the reader may see; needs `visibilities` and `groupIds` for the lessons too. */
  withLessons?: boolean;
  sort?: 'newest' | 'oldest' | 'title';
  limit?: number;
  offset?: number;
}

/** The reader's visibility on a content table: the visibilities they may see, plus group-only content of their groups. */
export function readableContent(t: typeof initiatives | typeof lessons | typeof indicatorSnapshots, reader: { visibilities: Visibility[]; groupIds?: string[] }): SQL {
  const plain = inArray(t.visibility, reader.visibilities.filter((v) => v !== 'group').length ? reader.visibilities.filter((v) => v !== 'group') : ['public']);
  // Hidden by a moderator: in no listing, feed, export or API answer (`isHidden` in app/policy.ts).
  return and(isNull(t.hiddenAt), reader.groupIds?.length ? or(plain, and(eq(t.visibility, 'group'), inArray(t.groupId, reader.groupIds)))! : plain)!;
}

/**
 * What the success-factor insight measures about an initiative, as SQL on
 * `initiatives` joined to its owner in `organizations`. The insight's counts
 * and the browse filters its numbers link to both use these, so they agree.
 */
export const characteristicConditions = (reader: { visibilities: Visibility[]; groupIds?: string[] }) => ({
  /**
   * Three years or more from start to end. Without an end date only an ongoing
   * initiative counts, up to today (Stockholm time); a planned, completed or
   * discontinued one without an end date has no known length.
   */
  longTerm: sql`(${initiatives.startDate} is not null and (case when ${initiatives.endDate} is not null then ${initiatives.endDate} when ${initiatives.status} = 'ongoing' then (now() at time zone 'Europe/Stockholm')::date end) >= ${initiatives.startDate} + interval '3 years')`,
  /** The owner and its partner organisations span two sectors or more: some partner's sector differs from the owner's. */
  crossSector: sql`exists (select 1 from initiative_partners ip join organizations po on po.id = ip.organization_id where ip.initiative_id = ${initiatives.id} and po.sector <> ${organizations.sector})`,
  /** Something is recorded about an evaluation: method, evaluator, summary or a link to the report. */
  evaluated: sql`(coalesce(btrim(${initiatives.evaluationMethod}), '') <> '' or coalesce(btrim(${initiatives.evaluatedBy}), '') <> '' or coalesce(btrim(${initiatives.evaluationSummary}), '') <> '' or coalesce(btrim(${initiatives.evaluationUrl}), '') <> '')`,
  /** At least one published lesson linked to it that the reader may see. */
  withLessons: sql`exists (select 1 from ${lessons} where ${lessons.initiativeId} = ${initiatives.id} and ${lessons.state} = 'published' and ${readableContent(lessons, reader)})`,
});

/** In an area: one of the initiative's areas is the area itself or directly under it (a län's kommuner, a kommun's districts). */
export const inAreaCondition = (code: string): SQL =>
  sql`exists (select 1 from ${initiativeAreas} join ${areas} on ${areas.code} = ${initiativeAreas.areaCode} where ${initiativeAreas.initiativeId} = ${initiatives.id} and (${areas.code} = ${code} or ${areas.parentCode} = ${code}))`;

/** Which published initiatives a listing shows: the reader's visibility and the browse filters. The browse page and the API share it. */
export function publishedInitiativesWhere(f: InitiativeFilters): SQL | undefined {
  const measured = characteristicConditions(f);
  return and(
    eq(initiatives.state, 'published'),
    readableContent(initiatives, f),
    f.longTerm ? measured.longTerm : undefined,
    f.crossSector ? measured.crossSector : undefined,
    f.evaluated ? measured.evaluated : undefined,
    f.withLessons ? measured.withLessons : undefined,
    f.theme ? sql`${f.theme} = any(${initiatives.themes})` : undefined,
    f.successFactor ? sql`${f.successFactor} = any(${initiatives.successFactors})` : undefined,
    f.status ? eq(initiatives.status, f.status) : undefined,
    f.sector ? eq(organizations.sector, f.sector) : undefined,
    f.organizationId ? eq(initiatives.organizationId, f.organizationId) : undefined,
    // A year matches when the initiative ran during it.
    f.year
      ? and(
          isNotNull(initiatives.startDate),
          sql`extract(year from ${initiatives.startDate}) <= ${f.year}`,
          or(sql`${initiatives.endDate} is null`, sql`extract(year from ${initiatives.endDate}) >= ${f.year}`),
        )
      : undefined,
    // An area matches the kommun itself, or every kommun of a län.
    f.area ? inAreaCondition(f.area) : undefined,
  );
}

/** The columns of an initiative in a listing (joined with its organisation). */
export const initiativeListColumns = {
  id: initiatives.id,
  slug: initiatives.slug,
  title: initiatives.title,
  summary: initiatives.summary,
  plainSummary: initiatives.plainSummary,
  status: initiatives.status,
  startDate: initiatives.startDate,
  endDate: initiatives.endDate,
  themes: initiatives.themes,
  successFactors: initiatives.successFactors,
  visibility: initiatives.visibility,
  publishedAt: initiatives.publishedAt,
  updatedAt: initiatives.updatedAt,
  organizationName: organizations.name,
  organizationSlug: organizations.slug,
  sector: organizations.sector,
  areaNames: sql<string[]>`coalesce((select array_agg(a.name order by a.name) from initiative_areas ia join areas a on a.code = ia.area_code where ia.initiative_id = ${initiatives.id}), '{}')`,
  areaCodes: sql<string[]>`coalesce((select array_agg(ia.area_code order by ia.area_code) from initiative_areas ia where ia.initiative_id = ${initiatives.id}), '{}')`,
};

/** Published initiatives the reader may see, filtered; from PostgreSQL (full-text search is Meilisearch's). */
/**
 * One page of published initiatives with the total riding along as a window count (one round trip, issue 15): the
 * select itself, for a page that folds it with others into one statement (db/one-statement.server.ts); `withTotal`
 * splits its rows. Only a page past the end needs the total asked for apart (listPublishedInitiatives does).
 */
export function publishedInitiativesQuery(db: Db, f: InitiativeFilters) {
  const order = f.sort === 'oldest' ? [asc(initiatives.publishedAt)] : f.sort === 'title' ? [asc(initiatives.title)] : [desc(initiatives.publishedAt)];
  return db
    .select({ ...initiativeListColumns, total: sql<number>`(count(*) over ())::int` })
    .from(initiatives)
    .innerJoin(organizations, eq(organizations.id, initiatives.organizationId))
    .where(publishedInitiativesWhere(f))
    .orderBy(...order, asc(initiatives.id))
    .limit(f.limit ?? 20)
    .offset(f.offset ?? 0);
}

/** A first page's rows and the total counted beside them (`count(*) over ()`). */
export function withTotal<R extends { total: number }>(counted: R[]) {
  return { rows: counted.map(({ total: _total, ...row }) => row), total: counted[0]?.total ?? 0 };
}

export async function listPublishedInitiatives(db: Db, f: InitiativeFilters) {
  const where = publishedInitiativesWhere(f);
  const counted = await publishedInitiativesQuery(db, f);
  const { rows } = withTotal(counted);
  if (counted.length) return withTotal(counted);
  if (!f.offset) return { rows, total: 0 };
  const [total] = await db.select({ n: sql<number>`count(*)::int` }).from(initiatives).innerJoin(organizations, eq(organizations.id, initiatives.organizationId)).where(where);
  return { rows, total: total?.n ?? 0 };
}

/** Drafts and other unpublished work of organisations the reader edits for. */
export async function listEditableInitiatives(db: Db, organizationIds: string[]) {
  if (organizationIds.length === 0) return [];
  return db
    .select({ slug: initiatives.slug, title: initiatives.title, state: initiatives.state, updatedAt: initiatives.updatedAt, organizationName: organizations.name })
    .from(initiatives)
    .innerJoin(organizations, eq(organizations.id, initiatives.organizationId))
    .where(inArray(initiatives.organizationId, organizationIds))
    .orderBy(desc(initiatives.updatedAt));
}

export async function isInitiativeSlugTaken(db: Db, slug: string): Promise<boolean> {
  const [row] = await db.select({ id: initiatives.id }).from(initiatives).where(eq(initiatives.slug, slug)).limit(1);
  return Boolean(row);
}
