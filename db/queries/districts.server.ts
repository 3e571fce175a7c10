import { sql } from 'drizzle-orm';
import type { Db } from '../client.server.ts';
import { areas, type Area } from '../schema/index.server.ts';
import { rowsOf } from './raw-rows.server.ts';

/** Every area by code, for checking a district file against what exists. */
export async function areasByCode(db: Db): Promise<Map<string, Pick<Area, 'kind' | 'name' | 'parentCode'>>> {
  const rows = await db.select({ code: areas.code, kind: areas.kind, name: areas.name, parentCode: areas.parentCode }).from(areas);
  return new Map(rows.map(({ code, ...rest }) => [code, rest]));
}

export interface DistrictInput {
  code: string;
  name: string;
  municipalityCode: string;
}

/**
 * Adds districts and renames existing ones; a district whose name and kommun are
 * unchanged is not touched. Only rows of kind 'district' are ever updated: a
 * code that belongs to a kommun or län is left alone even if it slipped past
 * the file check. Returns the codes written. Run inside the import's transaction.
 */
export async function upsertDistricts(db: Db, rows: DistrictInput[]): Promise<string[]> {
  const written: string[] = [];
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000).map((r) => ({ c: r.code, n: r.name, p: r.municipalityCode }));
    const result = await db.execute(sql`
      insert into ${areas} (code, kind, name, parent_code)
      select r.c, 'district', r.n, r.p from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as r(c text, n text, p text)
      on conflict (code) do update set name = excluded.name, parent_code = excluded.parent_code
        where ${areas.kind} = 'district' and (${areas.name}, ${areas.parentCode}) is distinct from (excluded.name, excluded.parent_code)
      returning code`);
    written.push(...rowsOf<{ code: string }>(result).map((r) => r.code));
  }
  return written;
}
