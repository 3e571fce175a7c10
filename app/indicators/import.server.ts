/**
 * Importing indicator values: check the file and show a preview (nothing is
 * written but a draft), then commit it all-or-nothing in one transaction.
 * Re-importing the same values changes nothing; every import that changes
 * something keeps its provenance (source, retrieval date, who, file hash).
 */
import { createHash } from 'node:crypto';
import {
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
  MaxPartSizeExceededError,
} from '@remix-run/node';
import { recordAudit } from '#db/queries/audit.ts';
import * as q from '#db/queries/indicators.ts';
import type { RequestContext } from '../context.server.ts';
import type { MessageKey } from '../i18n/index.ts';
import { MAX_IMPORT_BYTES, parseIndicatorFile, type ImportProblem, type ParsedRow } from './parse.ts';

export interface ImportPreview {
  draftId: string;
  fileName: string;
  format: 'csv' | 'json-stat';
  rows: number;
  changes: number;
  indicators: string[];
  areas: number;
  periods: [string, string];
  sample: ParsedRow[];
}

export type PreviewOutcome =
  | { ok: true; preview: ImportPreview }
  | { ok: false; status: number; problems: ImportProblem[]; fieldErrors?: Partial<Record<'file' | 'source' | 'retrievedAt', MessageKey>> };

async function parseContext(ctx: RequestContext) {
  const { db } = ctx.services;
  return { indicators: await q.indicatorCodes(db), areas: await q.areaCodes(db) };
}

export async function previewImport(ctx: RequestContext, userId: string, request: Request): Promise<PreviewOutcome> {
  let form: FormData;
  try {
    form = await parseMultipartFormData(request, createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES + 1 }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, status: 413, problems: [{ line: null, column: null, code: 'too-large' }] };
    throw error;
  }
  const file = form.get('file');
  const source = String(form.get('source') ?? '').trim();
  const retrieved = String(form.get('retrievedAt') ?? '').trim();
  const fieldErrors: Partial<Record<'file' | 'source' | 'retrievedAt', MessageKey>> = {};
  if (!(file instanceof File) || file.name === '') fieldErrors.file = 'error.file.missing';
  if (source === '') fieldErrors.source = 'error.required';
  else if (source.length > 300) fieldErrors.source = 'error.tooLong';
  if (retrieved !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(retrieved)) fieldErrors.retrievedAt = 'error.date.invalid';
  if (Object.keys(fieldErrors).length > 0 || !(file instanceof File)) return { ok: false, status: 400, problems: [], fieldErrors };

  const bytes = new Uint8Array(await file.arrayBuffer());
  const parsed = parseIndicatorFile({ name: file.name, bytes }, await parseContext(ctx));
  if (parsed.problems.length > 0) return { ok: false, status: 422, problems: parsed.problems };

  const { db } = ctx.services;
  const changes = await q.countChanges(db, parsed.rows);
  const draft = await q.insertImportDraft(db, {
    userId,
    fileName: file.name.slice(0, 200),
    fileSha256: createHash('sha256').update(bytes).digest('hex'),
    content: new TextDecoder().decode(bytes),
    source,
    retrievedAt: retrieved ? new Date(`${retrieved}T00:00:00Z`) : null,
  });
  const periods = parsed.rows.map((r) => r.period).sort();
  return {
    ok: true,
    preview: {
      draftId: draft.id,
      fileName: draft.fileName,
      format: parsed.format,
      rows: parsed.rows.length,
      changes,
      indicators: [...new Set(parsed.rows.map((r) => r.indicatorCode))],
      areas: new Set(parsed.rows.map((r) => r.areaCode)).size,
      periods: [periods[0]!, periods.at(-1)!],
      sample: parsed.rows.slice(0, 10),
    },
  };
}

export type CommitOutcome = { ok: true; changed: number; rows: number } | { ok: false; status: number; problems: ImportProblem[] };

/** Commits a previewed draft: every row or none. The draft is used up either way. */
export async function commitImport(ctx: RequestContext, userId: string, draftId: string): Promise<CommitOutcome> {
  const { db } = ctx.services;
  const draft = /^[0-9a-f-]{36}$/i.test(draftId) ? await q.takeImportDraft(db, draftId, userId) : undefined;
  if (!draft) throw new Response('no such import draft', { status: 404 });
  // Checked again: the catalogue may have changed since the preview.
  const parsed = parseIndicatorFile({ name: draft.fileName, bytes: new TextEncoder().encode(draft.content) }, await parseContext(ctx));
  if (parsed.problems.length > 0) return { ok: false, status: 422, problems: parsed.problems };
  const changed = await db.transaction(async (tx) => {
    if ((await q.countChanges(tx, parsed.rows)) === 0) return 0;
    const record = await q.insertImport(tx, {
      source: draft.source,
      retrievedAt: draft.retrievedAt,
      format: parsed.format,
      fileName: draft.fileName,
      fileSha256: draft.fileSha256,
      rowCount: parsed.rows.length,
      changedCount: 0,
      importedBy: userId,
    });
    const n = await q.upsertValues(tx, record.id, parsed.rows);
    await q.setImportChangedCount(tx, record.id, n);
    await recordAudit(tx, {
      actorUserId: userId,
      action: 'indicators.import',
      targetType: 'indicator_import',
      targetId: record.id,
      ip: ctx.ip,
      details: { rows: parsed.rows.length, changed: n, sha256: draft.fileSha256 },
    });
    return n;
  });
  return { ok: true, changed, rows: parsed.rows.length };
}
