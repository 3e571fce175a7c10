/**
 * Importing districts (RegSO, DeSO): areas of kind 'district' below a kommun.
 * The preview says what would be added and renamed; the commit writes all rows
 * or none in one transaction, checking the file again against the areas as they
 * are then. The same file twice changes nothing; a later file may rename a
 * district. A district file is at most a few thousand rows (DeSO: ~6 000), so it
 * always commits inside the request.
 */
import type { Db } from '#db/client.server.ts';
import { forgetAreaNames } from '#db/queries/areas.server.ts';
import { recordAudit } from '#db/queries/audit.server.ts';
import { areasByCode, upsertDistricts } from '#db/queries/districts.server.ts';
import * as q from '#db/queries/indicators.server.ts';
import { parseDistrictFile, type DistrictRow } from './district-parse.ts';
import type { ImportProblem } from './read-file.ts';

export interface DistrictChange {
  line: number;
  code: string;
  name: string;
  municipalityCode: string;
  /** The name it has now when the file renames it; null for a new district. */
  previousName: string | null;
}

export interface DistrictsSummary {
  rows: number;
  added: number;
  renamed: number;
  municipalities: number;
  /** Up to ten of the changes, in file order. */
  sample: DistrictChange[];
}

export interface DistrictsResult {
  rows: number;
  added: number;
  renamed: number;
  source: string;
  fileName: string;
}

type Known = Awaited<ReturnType<typeof areasByCode>>;

function summarize(rows: DistrictRow[], known: Known): DistrictsSummary {
  const changes: DistrictChange[] = [];
  for (const row of rows) {
    const existing = known.get(row.code);
    if (!existing) changes.push({ ...row, previousName: null });
    else if (existing.name !== row.name || existing.parentCode !== row.municipalityCode) changes.push({ ...row, previousName: existing.name });
  }
  const added = changes.filter((c) => c.previousName === null).length;
  return {
    rows: rows.length,
    added,
    renamed: changes.length - added,
    municipalities: new Set(rows.map((r) => r.municipalityCode)).size,
    sample: changes.slice(0, 10),
  };
}

/** Checks a district file for the preview; writes nothing. */
export async function checkDistricts(db: Db, bytes: Uint8Array): Promise<{ problems: ImportProblem[]; summary: DistrictsSummary | null }> {
  const known = await areasByCode(db);
  const parsed = parseDistrictFile({ bytes }, { areas: known });
  if (parsed.problems.length > 0) return { problems: parsed.problems, summary: null };
  return { problems: [], summary: summarize(parsed.rows, known) };
}

export type DistrictCommitOutcome = { ok: true; result: DistrictsResult } | { ok: false; problems: ImportProblem[] };

/** Commits a previewed district draft: every row or none. The draft is used up either way; null when there is no such draft. */
export async function commitDistricts(db: Db, input: { draftId: string; userId: string; ip: string | null }): Promise<DistrictCommitOutcome | null> {
  const outcome = await db.transaction(async (tx): Promise<DistrictCommitOutcome | null> => {
    const draft = await q.takeImportDraft(tx, input.draftId, input.userId);
    if (!draft) return null;
    const known = await areasByCode(tx);
    const parsed = parseDistrictFile({ bytes: new TextEncoder().encode(draft.content) }, { areas: known });
    if (parsed.problems.length > 0) return { ok: false, problems: parsed.problems };
    const summary = summarize(parsed.rows, known);
    const written = await upsertDistricts(tx, parsed.rows);
    if (written.length > 0) {
      await recordAudit(tx, {
        actorUserId: input.userId,
        action: 'areas.import',
        targetType: 'areas',
        ip: input.ip,
        details: { rows: parsed.rows.length, added: summary.added, renamed: summary.renamed, sha256: draft.fileSha256, source: draft.source, fileName: draft.fileName },
      });
    }
    return { ok: true, result: { rows: parsed.rows.length, added: summary.added, renamed: summary.renamed, source: draft.source, fileName: draft.fileName } };
  });
  if (outcome?.ok) forgetAreaNames(); // after the commit, so no request caches names from before it
  return outcome;
}
