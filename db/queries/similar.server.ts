import { and, desc, eq, gt, isNull, ne, or, sql, type SQLWrapper } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../client.server.ts';
import { initiatives } from '../schema/index.server.ts';
import type { Visibility } from '#app/vocabulary.ts';

/** A reader's scope as the two comma-separated values `similarInitiativesQuery` binds (fixed statement text, so it can be prepared). */
export function similarScopeValues(scope: { visibilities: Visibility[]; groupIds: string[] }) {
  return { visibilities: scope.visibilities.join(','), groupIds: scope.groupIds.join(',') };
}

/**
 * Published initiatives most like one: a point per shared theme, success
 * factor and target group, two for a shared kommun and one more for the same
 * län. Only rows the reader's scope allows are ranked; the caller still
 * filters through the policy module.
 *
 * Scored against the stored initiative itself (`id`), and the scope bound as values from `similarScopeValues`, so
 * the text never changes with the initiative or the reader: prepared, PostgreSQL plans it once per connection
 * (issue 15: planning the old text, its values inlined, took 4–12 ms of PostgreSQL's CPU per page view).
 */
export function similarInitiativesQuery(db: Db, id: SQLWrapper | string, scope: { visibilities: SQLWrapper | string; groupIds: SQLWrapper | string }, limit = 5) {
  const own = alias(initiatives, 'own');
  const sharedCount = (column: 'themes' | 'successFactors' | 'targetGroups') => sql`(select count(*) from unnest(${own[column]}) v where v = any(${initiatives[column]}))::int`;
  // The areas that score: own areas (or their län, the first two digits of a kommun's code) and the areas inside them.
  // Read once per statement (no reference to the candidate), then each candidate is an index lookup of its own areas.
  const scoringAreas = (ownCodes: SQLWrapper) => sql`select a.code from areas a where a.code in (${ownCodes}) or a.parent_code in (${ownCodes})`;
  const inAreas = (ownCodes: SQLWrapper) => sql`(exists (select 1 from initiative_areas ca where ca.initiative_id = ${initiatives.id} and ca.area_code in (${scoringAreas(ownCodes)})))::int`;
  const ownAreas = sql`select oa.area_code from initiative_areas oa where oa.initiative_id = ${id}`;
  const ownCounties = sql`select left(oa.area_code, 2) from initiative_areas oa where oa.initiative_id = ${id}`;
  const score = sql<number>`(${sharedCount('themes')} + ${sharedCount('successFactors')} + ${sharedCount('targetGroups')} + ${inAreas(ownAreas)} * 2 + ${inAreas(ownCounties)})`.as('score');
  const ranked = db
    .select({
      slug: initiatives.slug,
      title: initiatives.title,
      state: initiatives.state,
      visibility: initiatives.visibility,
      groupId: initiatives.groupId,
      organizationId: initiatives.organizationId,
      hiddenAt: initiatives.hiddenAt,
      publishedAt: initiatives.publishedAt,
      score,
    })
    .from(own)
    .innerJoin(
      initiatives,
      and(
        eq(initiatives.state, 'published'),
        isNull(initiatives.hiddenAt),
        ne(initiatives.id, own.id),
        or(
          sql`${initiatives.visibility} = any(string_to_array(${scope.visibilities}::text, ','))`,
          and(eq(initiatives.visibility, 'group'), sql`${initiatives.groupId} = any(string_to_array(${scope.groupIds}::text, ',')::uuid[])`),
        ),
      ),
    )
    .where(eq(own.id, id))
    // Computed once per candidate: the score is filtered and sorted on outside.
    .offset(0)
    .as('ranked');
  return db
    .select({
      slug: ranked.slug,
      title: ranked.title,
      state: ranked.state,
      visibility: ranked.visibility,
      groupId: ranked.groupId,
      organizationId: ranked.organizationId,
      hiddenAt: ranked.hiddenAt,
    })
    .from(ranked)
    .where(gt(ranked.score, 0))
    .orderBy(desc(ranked.score), desc(ranked.publishedAt))
    .limit(limit);
}
