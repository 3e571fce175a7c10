import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { areas, indicatorImportDrafts, indicatorImports, indicators, indicatorValues, type Indicator } from '../schema/index.ts';

export async function listIndicators(db: Db): Promise<Indicator[]> {
  return db.select().from(indicators).orderBy(asc(indicators.nameSv));
}

export async function indicatorCodes(db: Db): Promise<Set<string>> {
  return new Set((await db.select({ code: indicators.code }).from(indicators)).map((r) => r.code));
}

export async function areaCodes(db: Db): Promise<Set<string>> {
  return new Set((await db.select({ code: areas.code }).from(areas)).map((r) => r.code));
}

export async function insertImportDraft(db: Db, input: typeof indicatorImportDrafts.$inferInsert) {
  // Old drafts go as new ones come: nobody confirms a preview a day later.
  await db.delete(indicatorImportDrafts).where(lt(indicatorImportDrafts.createdAt, new Date(Date.now() - 24 * 60 * 60 * 1000)));
  const [row] = await db.insert(indicatorImportDrafts).values(input).returning();
  return row!;
}

export async function takeImportDraft(db: Db, id: string, userId: string) {
  const [row] = await db
    .delete(indicatorImportDrafts)
    .where(and(eq(indicatorImportDrafts.id, id), eq(indicatorImportDrafts.userId, userId)))
    .returning();
  return row;
}

export interface ValueRow {
  indicatorCode: string;
  areaCode: string;
  period: string;
  breakdown: string;
  value: number;
}

/**
 * Writes values, changing only those that differ; returns how many rows
 * were inserted or changed. Run inside the import's transaction.
 */
export async function upsertValues(db: Db, importId: string, rows: ValueRow[]): Promise<number> {
  let changed = 0;
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    const written = await db
      .insert(indicatorValues)
      .values(chunk.map((r) => ({ ...r, importId })))
      .onConflictDoUpdate({
        target: [indicatorValues.indicatorCode, indicatorValues.areaCode, indicatorValues.period, indicatorValues.breakdown],
        set: { value: sql`excluded.value`, importId: sql`excluded.import_id`, updatedAt: sql`now()` },
        setWhere: sql`${indicatorValues.value} is distinct from excluded.value`,
      })
      .returning({ id: indicatorValues.id });
    changed += written.length;
  }
  return changed;
}

/** How many of these rows would change the stored values (for the preview). */
export async function countChanges(db: Db, rows: ValueRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const existing = await db
    .select({ indicatorCode: indicatorValues.indicatorCode, areaCode: indicatorValues.areaCode, period: indicatorValues.period, breakdown: indicatorValues.breakdown, value: indicatorValues.value })
    .from(indicatorValues)
    .where(inArray(indicatorValues.indicatorCode, [...new Set(rows.map((r) => r.indicatorCode))]));
  const key = (r: Omit<ValueRow, 'value'>) => `${r.indicatorCode}|${r.areaCode}|${r.period}|${r.breakdown}`;
  const stored = new Map(existing.map((e) => [key(e), Number(e.value)]));
  return rows.filter((r) => stored.get(key(r)) !== r.value).length;
}

export async function insertImport(db: Db, input: typeof indicatorImports.$inferInsert) {
  const [row] = await db.insert(indicatorImports).values(input).returning();
  return row!;
}

export async function listImports(db: Db, limit = 20) {
  return db.select().from(indicatorImports).orderBy(sql`${indicatorImports.createdAt} desc`).limit(limit);
}

/** Values of some indicators for some areas, ordered by period, totals only. */
export async function valuesFor(db: Db, indicatorCodesWanted: string[], areaCodesWanted: string[]) {
  if (indicatorCodesWanted.length === 0 || areaCodesWanted.length === 0) return [];
  return db
    .select({ indicatorCode: indicatorValues.indicatorCode, areaCode: indicatorValues.areaCode, period: indicatorValues.period, value: indicatorValues.value })
    .from(indicatorValues)
    .where(and(inArray(indicatorValues.indicatorCode, indicatorCodesWanted), inArray(indicatorValues.areaCode, areaCodesWanted), eq(indicatorValues.breakdown, '')))
    .orderBy(asc(indicatorValues.period));
}

export async function setImportChangedCount(db: Db, id: string, changed: number): Promise<void> {
  await db.update(indicatorImports).set({ changedCount: changed }).where(eq(indicatorImports.id, id));
}
