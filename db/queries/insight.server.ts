import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { initiatives, organizations } from '../schema/index.server.ts';
import { SUCCESS_FACTORS, type SuccessFactor, type Theme, type Visibility } from '#app/vocabulary.ts';
import { characteristicConditions, inAreaCondition, readableContent } from './initiatives.server.ts';

export const CHARACTERISTICS = ['longTerm', 'crossSector', 'evaluated', 'withLessons'] as const;
export type Characteristic = (typeof CHARACTERISTICS)[number];

export interface InsightCounts {
  total: number;
  /** Initiatives that name each success factor. */
  factors: Record<SuccessFactor, number>;
  /** Initiatives whose recorded fields show each characteristic. */
  characteristics: Record<Characteristic, number>;
}

const count = (condition: SQL) => sql<number>`(count(*) filter (where ${condition}))::int`;

/**
 * The success-factor insight for one area (undefined: all of Sweden) and
 * optionally one theme, over the published initiatives the reader may see:
 * one query, every number a filtered count over the same rows.
 */
export async function countSuccessFactorInsight(
  db: Db,
  f: { visibilities: Visibility[]; groupIds?: string[]; area?: string; theme?: Theme },
): Promise<InsightCounts> {
  const measured = characteristicConditions(f);
  const [row] = await db
    .select({
      total: sql<number>`count(*)::int`,
      ...Object.fromEntries(SUCCESS_FACTORS.map((factor) => [`factor_${factor}`, count(sql`${factor} = any(${initiatives.successFactors})`)])),
      ...Object.fromEntries(CHARACTERISTICS.map((c) => [`measured_${c}`, count(measured[c])])),
    })
    .from(initiatives)
    .innerJoin(organizations, eq(organizations.id, initiatives.organizationId))
    .where(
      and(
        eq(initiatives.state, 'published'),
        readableContent(initiatives, f),
        f.theme ? sql`${f.theme} = any(${initiatives.themes})` : undefined,
        f.area ? inAreaCondition(f.area) : undefined,
      ),
    );
  const r = row as unknown as Record<string, number>;
  return {
    total: r.total ?? 0,
    factors: Object.fromEntries(SUCCESS_FACTORS.map((factor) => [factor, r[`factor_${factor}`] ?? 0])) as Record<SuccessFactor, number>,
    characteristics: Object.fromEntries(CHARACTERISTICS.map((c) => [c, r[`measured_${c}`] ?? 0])) as Record<Characteristic, number>,
  };
}
