import { and, desc, eq, inArray, isNull, ne, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { areas, initiativeAreas, initiatives } from '../schema/index.server.ts';
import type { Visibility } from '#app/vocabulary.ts';

/**
 * Published initiatives most like one: a point per shared theme, success
 * factor and target group, two for a shared kommun and one more for the same
 * län. Only rows the reader's scope allows are ranked; the caller still
 * filters through the policy module.
 */
export async function findSimilarInitiatives(
  db: Db,
  of: { id: string; themes: string[]; successFactors: string[]; targetGroups: string[]; areaCodes: string[] },
  scope: { visibilities: Visibility[]; groupIds: string[] },
  limit = 5,
) {
  return (await similarInitiativesQuery(db, of, scope, limit)) ?? [];
}

/**
 * The select behind findSimilarInitiatives, or null when nothing could score. `areaCodes` may be given as a subquery
 * of codes (the initiative's own areas), so the page can send this before it has read them: in one statement with
 * its relations (issue 15).
 */
export function similarInitiativesQuery(
  db: Db,
  of: { id: string; themes: string[]; successFactors: string[]; targetGroups: string[]; areaCodes: string[] | SQL },
  scope: { visibilities: Visibility[]; groupIds: string[] },
  limit = 5,
) {
  const shared = (values: string[], column: AnyColumn) => values.map((v) => sql`(${v} = any(${column}))::int`);
  const counties = Array.isArray(of.areaCodes) ? [...new Set(of.areaCodes.map((c) => c.slice(0, 2)))] : sql`(select left(c, 2) from (${of.areaCodes}) as own(c))`;
  const inAreas = (codes: string[] | SQL, weight: number) =>
    Array.isArray(codes) && codes.length === 0
      ? []
      : [sql`(exists (select 1 from ${initiativeAreas} join ${areas} on ${areas.code} = ${initiativeAreas.areaCode} where ${initiativeAreas.initiativeId} = ${initiatives.id} and (${inArray(areas.code, codes)} or ${inArray(areas.parentCode, codes)})))::int * ${weight}`];
  const terms = [
    ...shared(of.themes, initiatives.themes),
    ...shared(of.successFactors, initiatives.successFactors),
    ...shared(of.targetGroups, initiatives.targetGroups),
    ...inAreas(of.areaCodes, 2),
    ...inAreas(counties, 1),
  ];
  if (terms.length === 0) return null;
  const score = sql<number>`(${sql.join(terms, sql` + `)})`;
  const readable = or(
    scope.visibilities.length ? inArray(initiatives.visibility, scope.visibilities) : undefined,
    scope.groupIds.length ? and(eq(initiatives.visibility, 'group'), inArray(initiatives.groupId, scope.groupIds)) : undefined,
  );
  if (!readable) return null;
  return db
    .select({
      slug: initiatives.slug,
      title: initiatives.title,
      state: initiatives.state,
      visibility: initiatives.visibility,
      groupId: initiatives.groupId,
      organizationId: initiatives.organizationId,
      hiddenAt: initiatives.hiddenAt,
      score,
    })
    .from(initiatives)
    .where(and(eq(initiatives.state, 'published'), isNull(initiatives.hiddenAt), ne(initiatives.id, of.id), readable, sql`${score} > 0`))
    .orderBy(desc(score), desc(initiatives.publishedAt))
    .limit(limit);
}
