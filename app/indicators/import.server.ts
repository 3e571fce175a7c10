/**
 * The two steps of an import on /statistik/import, for indicator values and for
 * districts: check the uploaded file and show a preview (nothing is written but
 * a draft), then commit it all-or-nothing. Re-importing the same file changes
 * nothing; every value import that changes something keeps its provenance
 * (source, retrieval date, who, file hash). Committing values is in
 * import-commit.server.ts (inline, or as a job with progress for large files),
 * districts in district-import.server.ts.
 */
import { createHash } from 'node:crypto';
import {
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
  MaxPartSizeExceededError,
} from '@remix-run/node';
import type { Db } from '#db/client.server.ts';
import * as q from '#db/queries/indicators.server.ts';
import type { RequestContext } from '../context.server.ts';
import type { MessageKey } from '../i18n/index.ts';
import { checkDistricts, commitDistricts, type DistrictsResult, type DistrictsSummary } from './district-import.server.ts';
import {
  checkDraft,
  enqueueImportJob,
  ImportRunningError,
  importRunningProblem,
  INLINE_COMMIT_MAX_CHARS,
  PAGES_FIRST_MAX_WAIT_MS,
  piecesOf,
  valueParseContext,
  writeValues,
  yieldToEventLoop,
  type ImportResult,
} from './import-commit.server.ts';
import { afterRequests } from '../server/foreground.server.ts';
import { MAX_IMPORT_BYTES, type ImportProblem, type ParsedRow } from './parse.ts';
import { checkIndicatorFile } from './parse-thread.server.ts';
import { assertCleanForm, assertFormContentType } from '../http/form.server.ts';
import { badRequest } from '../http/guards.server.ts';

/** What a file holds: indicator values, or districts (areas below a kommun). */
export const IMPORT_KINDS = ['values', 'districts'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const importKindOf = (v: unknown): ImportKind => (v === 'districts' ? 'districts' : 'values');

export interface ValuesPreview {
  kind: 'values';
  draftId: string;
  fileName: string;
  format: 'csv' | 'json-stat';
  rows: number;
  changes: number;
  indicators: string[];
  areas: number;
  periods: [string, string];
  sample: ParsedRow[];
  /** Names and decimals of the indicators in the file; names of the sample's areas. */
  indicatorInfo: Record<string, { nameSv: string; nameEn: string; decimals: number }>;
  areaNames: Record<string, string>;
  source: string;
  /** Fetched from an API: the URLs asked. */
  requestUrls: string[];
  /** Large files commit as a job, and the page follows its progress. */
  inBackground: boolean;
}

export interface DistrictsPreview extends DistrictsSummary {
  kind: 'districts';
  draftId: string;
  fileName: string;
}

export type ImportPreview = ValuesPreview | DistrictsPreview;

type Field = 'file' | 'source' | 'retrievedAt';
export type PreviewOutcome =
  | { ok: true; preview: ImportPreview }
  | { ok: false; status: number; kind: ImportKind; problems: ImportProblem[]; fieldErrors?: Partial<Record<Field, MessageKey>> };

export async function previewImport(ctx: RequestContext, userId: string, request: Request): Promise<PreviewOutcome> {
  assertFormContentType(request, { multipartOnly: true });
  let form: FormData;
  try {
    form = await parseMultipartFormData(request, createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES + 1 }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, status: 413, kind: 'values', problems: [{ line: null, column: null, code: 'too-large' }] };
    badRequest('the form body could not be read');
  }
  assertCleanForm(form);
  const kind = importKindOf(form.get('kind'));
  const file = form.get('file');
  const source = String(form.get('source') ?? '').trim();
  const retrieved = String(form.get('retrievedAt') ?? '').trim();
  const fieldErrors: Partial<Record<Field, MessageKey>> = {};
  if (!(file instanceof File) || file.name === '') fieldErrors.file = 'error.file.missing';
  if (source === '') fieldErrors.source = 'error.required';
  else if (source.length > 300) fieldErrors.source = 'error.tooLong';
  if (retrieved !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(retrieved)) fieldErrors.retrievedAt = 'error.date.invalid';
  if (Object.keys(fieldErrors).length > 0 || !(file instanceof File)) return { ok: false, status: 400, kind, problems: [], fieldErrors };

  const { db } = ctx.services;
  const bytes = new Uint8Array(await file.arrayBuffer());
  const saveDraft = () =>
    q.insertImportDraft(db, {
      userId,
      fileName: file.name.slice(0, 200),
      fileSha256: createHash('sha256').update(bytes).digest('hex'),
      content: new TextDecoder().decode(bytes),
      source,
      retrievedAt: retrieved ? new Date(`${retrieved}T00:00:00Z`) : null,
    }, { betweenParts: pagesFirstBetween(ctx.services.dbKind === 'pglite') });

  if (kind === 'districts') {
    const checked = await checkDistricts(db, bytes);
    if (!checked.summary) return { ok: false, status: 422, kind, problems: checked.problems };
    const draft = await saveDraft();
    return { ok: true, preview: { kind, draftId: draft.id, fileName: draft.fileName, ...checked.summary } };
  }

  return previewValues(db, userId, {
    fileName: file.name,
    bytes,
    source,
    retrievedAt: retrieved ? new Date(`${retrieved}T00:00:00Z`) : null,
    pagesFirst: ctx.services.dbKind === 'pglite',
  });
}

/**
 * Awaited between the preview's statements (counting changes, storing the draft's parts). On PGlite (one
 * connection, this thread) the pages being answered go first (foreground.server.ts), this preview's own
 * request aside; elsewhere one turn of the event loop.
 */
const pagesFirstBetween = (pagesFirst: boolean) => (pagesFirst ? () => afterRequests(PAGES_FIRST_MAX_WAIT_MS, 1) : yieldToEventLoop);

/**
 * Checks indicator values and, when clean, keeps them as a draft and answers
 * the preview. Shared by uploaded files and imports straight from an API
 * (sources/), which pass the answers' hash, the request URLs and the query.
 */
export async function previewValues(
  db: Db,
  userId: string,
  input: {
    fileName: string;
    bytes: Uint8Array;
    source: string;
    retrievedAt: Date | null;
    sha256?: string;
    requestUrls?: string[];
    sourceQuery?: Record<string, unknown> | null;
    /** An indicator the commit will create (a Kolada KPI): counted as known here. */
    newIndicator?: { code: string; decimals: number; nameSv: string; nameEn: string } | null;
    /** On the embedded PGlite: pages being answered meanwhile go first between the preview's statements. */
    pagesFirst?: boolean;
  },
): Promise<PreviewOutcome> {
  const base = await valueParseContext(db);
  const fresh = input.newIndicator;
  const ctx = fresh ? { ...base, indicators: new Set([...base.indicators, fresh.code]), decimals: new Map([...(base.decimals ?? []), [fresh.code, fresh.decimals]]) } : base;
  // Checked in a worker thread when large, so pages keep being served meanwhile (parse-thread.server.ts).
  const checked = await checkIndicatorFile({ name: input.fileName, bytes: input.bytes }, ctx);
  if (checked.problems.length > 0) return { ok: false, status: 422, kind: 'values', problems: checked.problems };
  // Counted in pieces of WRITE_ROWS rows, as the commit writes them, so that no statement holds PGlite long.
  const betweenPieces = pagesFirstBetween(input.pagesFirst ?? false);
  let changes = 0;
  for (const [index, chunk] of checked.chunks.entries()) {
    for (const piece of piecesOf(chunk, Math.min(checked.chunkRows, checked.rows - index * checked.chunkRows))) {
      changes += await q.countChangesInChunk(db, piece);
      await betweenPieces();
    }
  }
  const draft = await q.insertImportDraft(db, {
    userId,
    fileName: input.fileName.slice(0, 200),
    fileSha256: input.sha256 ?? createHash('sha256').update(input.bytes).digest('hex'),
    content: new TextDecoder().decode(input.bytes),
    source: input.source,
    retrievedAt: input.retrievedAt,
    requestUrls: input.requestUrls ?? null,
    sourceQuery: input.sourceQuery ?? null,
  }, { betweenParts: betweenPieces });
  const sample = checked.sample;
  // Names for the preview: people check "Malmö, Sysselsättning", not "1280, syss".
  const catalogue = await q.listIndicators(db);
  const indicatorInfo = Object.fromEntries(catalogue.map((i) => [i.code, { nameSv: i.nameSv, nameEn: i.nameEn, decimals: i.decimals }]));
  if (fresh) indicatorInfo[fresh.code] = { nameSv: fresh.nameSv, nameEn: fresh.nameEn, decimals: fresh.decimals };
  const areaNames = await q.areaNamesOf(db, [...new Set(sample.map((r) => r.areaCode))]);
  return {
    ok: true,
    preview: {
      kind: 'values',
      indicatorInfo: Object.fromEntries(checked.indicators.map((c) => [c, indicatorInfo[c] ?? { nameSv: c, nameEn: c, decimals: 1 }])),
      areaNames,
      source: input.source,
      requestUrls: input.requestUrls ?? [],
      draftId: draft.id,
      fileName: draft.fileName,
      format: checked.format,
      rows: checked.rows,
      changes,
      indicators: checked.indicators,
      areas: checked.areas,
      periods: checked.periods!,
      sample,
      inBackground: draft.contentLength > INLINE_COMMIT_MAX_CHARS,
    },
  };
}

export type CommitOutcome =
  | { ok: true; kind: 'values'; result: ImportResult }
  | { ok: true; kind: 'districts'; result: DistrictsResult }
  /** A large file: committing runs as this job. */
  | { ok: true; kind: 'job'; jobId: number }
  | { ok: false; status: number; kind: ImportKind; problems: ImportProblem[] };

const noSuchDraft = () => new Response('no such import draft', { status: 404 });

/** Commits a previewed draft: every row or none. The draft is used up either way. */
export async function commitImport(ctx: RequestContext, userId: string, input: { draftId: string; kind: ImportKind }): Promise<CommitOutcome> {
  const { db } = ctx.services;
  if (!/^[0-9a-f-]{36}$/i.test(input.draftId)) throw noSuchDraft();

  if (input.kind === 'districts') {
    const outcome = await commitDistricts(db, { draftId: input.draftId, userId, ip: ctx.ip });
    if (!outcome) throw noSuchDraft();
    return outcome.ok ? { ok: true, kind: 'districts', result: outcome.result } : { ok: false, status: 422, kind: 'districts', problems: outcome.problems };
  }

  const draft = await q.findImportDraft(db, input.draftId, userId);
  if (!draft) throw noSuchDraft();
  if (draft.content.length > INLINE_COMMIT_MAX_CHARS) return { ok: true, kind: 'job', jobId: await enqueueImportJob(db, { draftId: draft.id, userId, ip: ctx.ip }) };

  // Checked again: the catalogue may have changed since the preview.
  const checked = await checkDraft(db, draft);
  if (checked.problems.length > 0) {
    await q.dropImportDraft(db, draft.id, userId);
    return { ok: false, status: 422, kind: 'values', problems: checked.problems };
  }
  const result = await writeValues(db, { draft, checked, userId, ip: ctx.ip }).catch((error: unknown) => {
    if (error instanceof ImportRunningError) return 'running' as const;
    throw error;
  });
  if (result === 'running') return { ok: false, status: 409, kind: 'values', problems: [importRunningProblem] };
  if (!result) throw noSuchDraft();
  return { ok: true, kind: 'values', result };
}
