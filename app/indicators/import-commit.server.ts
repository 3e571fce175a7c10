/**
 * Committing a checked indicator import: every row or none, in one transaction.
 *
 * Small files commit inside the request. Large ones (a 10 MB CSV is ~350 000
 * rows: ~1.5 s to parse, ~8 s to write on PostgreSQL, ~15 s on PGlite) go to
 * the jobs table; the worker commits them and reports rows done / total, which
 * the import page polls.
 *
 * Where progress lives: rows written inside the transaction are invisible to
 * other connections, and so would be progress written through it. So the job
 * writes progress to its jobs row through the pool (another connection) after
 * each chunk, and also keeps it in memory for this process. The outcome is
 * written to the jobs row inside the transaction, so it becomes visible exactly
 * when the values do.
 *
 * PGlite has a single connection, and a transaction holds it: any other query,
 * including the session lookup of every request, waits until the import
 * commits. So on PGlite progress stays in memory while the transaction runs
 * (a write through the pool would wait for the commit), the job yields to the
 * event loop between chunks, and every request that needs the database (all
 * pages, including the progress page) waits for the length of the commit
 * (~15 s for 350 000 rows); the page then shows the result. PGlite is the
 * single-user/development database; run on PostgreSQL for large imports.
 */
import type { Db } from '#db/client.server.ts';
import { recordAudit } from '#db/queries/audit.server.ts';
import { enqueueJob, setJobProgress } from '#db/queries/jobs.server.ts';
import * as q from '#db/queries/indicators.server.ts';
import { indicators, type Job } from '#db/schema/index.server.ts';
import type { Services } from '../services.server.ts';
import { parseIndicatorFile, type ImportProblem, type ParseContext, type ParseResult } from './parse.ts';

/**
 * Drafts up to this many characters commit inside the request. Deciding by size
 * needs no parse before answering; 200 000 characters is about 5 000–8 000 CSV
 * rows, which commit in well under a second. Anything larger becomes a job, so
 * the request returns at once and the page shows progress.
 */
export const INLINE_COMMIT_MAX_CHARS = 200_000;

export type ImportDraft = NonNullable<Awaited<ReturnType<typeof q.findImportDraft>>>;

/** What an import did, with its provenance; plain JSON, as it is kept in the job's payload. */
export interface ImportResult {
  rows: number;
  changed: number;
  /** Null when nothing changed: no import is recorded then. */
  importId: string | null;
  source: string;
  retrievedAt: string | null;
  fileName: string;
  fileSha256: string;
  committedAt: string;
}

/** The indicators (with their decimals) and areas a value file is checked against. */
export async function valueParseContext(db: Db): Promise<ParseContext> {
  const decimals = await q.indicatorDecimals(db);
  return { indicators: new Set(decimals.keys()), decimals, areas: await q.areaCodes(db) };
}

/**
 * What a draft fetched from an API may carry besides its values (kept in its
 * `source_query`): the query to remember on the indicator for the refresh, and
 * a catalogue entry to create with the values (a Kolada KPI made an indicator).
 */
export interface DraftSourceExtras {
  remember: Record<string, unknown> | null;
  newIndicator: (typeof indicators.$inferInsert & { decimals: number }) | null;
}

export function draftExtras(raw: unknown): DraftSourceExtras {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const fresh = o.newIndicator as DraftSourceExtras['newIndicator'];
  return {
    remember: typeof o.remember === 'object' && o.remember !== null ? (o.remember as Record<string, unknown>) : null,
    newIndicator: fresh && typeof fresh.code === 'string' && typeof fresh.decimals === 'number' ? fresh : null,
  };
}

/** A draft checked again against the catalogue as it is now (it may have changed since the preview). */
export async function parseDraft(db: Db, draft: ImportDraft): Promise<ParseResult> {
  const ctx = await valueParseContext(db);
  // An indicator the commit will create counts as known; one that appeared meanwhile refuses the import below.
  const fresh = draftExtras(draft.sourceQuery).newIndicator;
  const context = fresh && !ctx.indicators.has(fresh.code) ? { ...ctx, indicators: new Set([...ctx.indicators, fresh.code]), decimals: new Map([...(ctx.decimals ?? []), [fresh.code, fresh.decimals]]) } : ctx;
  return parseIndicatorFile({ name: draft.fileName, bytes: new TextEncoder().encode(draft.content) }, context);
}

/**
 * Writes checked rows in one transaction, taking the draft in it (so a draft
 * commits once). Null when the draft was already taken. `onProgress` hears the
 * rows written so far; `onCommit` runs last inside the transaction.
 */
export async function writeValues(
  db: Db,
  input: {
    draft: ImportDraft;
    parsed: ParseResult;
    userId: string;
    ip: string | null;
    onProgress?: (done: number) => Promise<void> | void;
    onCommit?: (tx: Db, result: ImportResult) => Promise<void>;
  },
): Promise<ImportResult | null> {
  const { draft, userId } = input;
  return db.transaction(async (tx) => {
    if (!(await q.takeImportDraft(tx, draft.id, userId))) return null;
    const extras = draftExtras(draft.sourceQuery);
    // A KPI made a new indicator: created with its values or not at all (a code taken meanwhile fails the transaction).
    if (extras.newIndicator) await tx.insert(indicators).values(extras.newIndicator);
    const result = await writeParsed(tx, { ...input, origin: draft, userId });
    // An import from an API the editor asked to refresh: the indicator remembers the query, in the same transaction.
    if (extras.remember) await q.setIndicatorSourceQuery(tx, [...new Set(input.parsed.rows.map((r) => r.indicatorCode))], extras.remember);
    await input.onCommit?.(tx, result);
    return result;
  });
}

/** Where checked rows came from: an uploaded file's draft, or an API answer (command line, refresh). */
export interface ImportOrigin {
  source: string;
  retrievedAt: Date | null;
  fileName: string;
  fileSha256: string;
  requestUrls?: string[] | null;
}

/**
 * Writes checked rows inside the caller's transaction and records the import
 * with its provenance; only values that differ are written, and an import that
 * changed nothing is not kept. `userId` is null for the command line and the refresh job.
 */
export async function writeParsed(
  tx: Db,
  input: { origin: ImportOrigin; parsed: ParseResult; userId: string | null; ip: string | null; onProgress?: (done: number) => Promise<void> | void },
): Promise<ImportResult> {
  const { origin, parsed, userId } = input;
  const record = await q.insertImport(tx, {
    source: origin.source,
    retrievedAt: origin.retrievedAt,
    format: parsed.format,
    fileName: origin.fileName,
    fileSha256: origin.fileSha256,
    requestUrls: origin.requestUrls ?? null,
    rowCount: parsed.rows.length,
    changedCount: 0,
    importedBy: userId,
  });
  const changed = await q.upsertValues(tx, record.id, parsed.rows, input.onProgress);
  if (changed === 0) {
    await q.deleteImport(tx, record.id);
  } else {
    await q.setImportChangedCount(tx, record.id, changed);
    await recordAudit(tx, {
      actorUserId: userId,
      action: 'indicators.import',
      targetType: 'indicator_import',
      targetId: record.id,
      ip: input.ip,
      details: { rows: parsed.rows.length, changed, sha256: origin.fileSha256, ...(origin.requestUrls ? { source: origin.source } : {}) },
    });
  }
  return {
    rows: parsed.rows.length,
    changed,
    importId: changed === 0 ? null : record.id,
    source: origin.source,
    retrievedAt: origin.retrievedAt ? origin.retrievedAt.toISOString().slice(0, 10) : null,
    fileName: origin.fileName,
    fileSha256: origin.fileSha256,
    committedAt: new Date().toISOString(),
  };
}

// ---------------------------------------------------------------------------
// The job

export type ImportPhase = 'queued' | 'checking' | 'writing';

/** Kept in the job's payload under `progress`: how far it has come, then how it ended. */
export type ImportProgress =
  | { phase: ImportPhase; done: number; total: number }
  | { phase: 'done'; done: number; total: number; result: ImportResult }
  | { phase: 'refused'; done: 0; total: number; problems: ImportProblem[]; reason?: 'draft-gone' };

interface ImportJobPayload {
  draftId: string;
  userId: string;
  ip: string | null;
  progress?: ImportProgress;
}

/** This process's running imports (job id → progress): fresher than the jobs row, and the only source on PGlite mid-commit. */
const live = new Map<number, ImportProgress>();

/** Progress of an import job running in this process, if one is. */
export const liveImportProgress = (jobId: number): ImportProgress | undefined => live.get(jobId);

/** The jobs-table handler: checks the draft again, then commits it, reporting progress. */
export async function runImportJob(services: Services, job: Job): Promise<void> {
  const { db } = services;
  const payload = job.payload as unknown as ImportJobPayload;
  // Finished before a crash kept the job from being marked done: nothing to do again.
  if (payload.progress?.phase === 'done' || payload.progress?.phase === 'refused') return;
  const report = async (progress: ImportProgress, opts: { inTransaction?: boolean } = {}) => {
    live.set(job.id, progress);
    if (!opts.inTransaction || services.dbKind === 'postgres') await setJobProgress(db, job.id, progress);
    // PGlite answers in microtasks only: without a turn of the event loop between chunks, nothing
    // else in the process (timers, accepting connections) would run until the commit is done.
    else await new Promise((resolve) => setImmediate(resolve));
  };
  try {
    await report({ phase: 'checking', done: 0, total: 0 });
    const draft = await q.findImportDraft(db, payload.draftId, payload.userId);
    if (!draft) return await report({ phase: 'refused', done: 0, total: 0, problems: [], reason: 'draft-gone' });
    const parsed = await parseDraft(db, draft);
    const total = parsed.rows.length;
    if (parsed.problems.length > 0) {
      await q.takeImportDraft(db, draft.id, payload.userId);
      return await report({ phase: 'refused', done: 0, total, problems: parsed.problems });
    }
    await report({ phase: 'writing', done: 0, total });
    const result = await writeValues(db, {
      draft,
      parsed,
      userId: payload.userId,
      ip: payload.ip,
      onProgress: (done) => report({ phase: 'writing', done, total }, { inTransaction: true }),
      onCommit: (tx, outcome) => setJobProgress(tx, job.id, { phase: 'done', done: total, total, result: outcome } satisfies ImportProgress),
    });
    if (!result) await report({ phase: 'refused', done: 0, total, problems: [], reason: 'draft-gone' });
  } catch (error) {
    // The worker records the message as the job's error, which the import page shows:
    // the database's own words, not drizzle's "Failed query:" with the whole statement and its rows.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    throw new Error(cause instanceof Error ? cause.message : String(cause), { cause: error });
  } finally {
    live.delete(job.id);
  }
}

export async function enqueueImportJob(db: Db, input: { draftId: string; userId: string; ip: string | null }): Promise<number> {
  const waiting = await q.pendingImportJobForDraft(db, input.draftId);
  if (waiting) return waiting.id;
  const payload: ImportJobPayload = { ...input, progress: { phase: 'queued', done: 0, total: 0 } };
  // One attempt: a failed import shows its error, and the person decides whether to try again.
  return enqueueJob(db, q.INDICATOR_IMPORT_JOB, payload as unknown as Record<string, unknown>, { maxAttempts: 1 });
}

/** What the import page shows about a job. */
export type ImportJobView =
  | { state: 'running'; phase: ImportPhase; done: number; total: number }
  | { state: 'done'; result: ImportResult }
  | { state: 'refused'; problems: ImportProblem[]; reason: 'draft-gone' | null }
  | { state: 'failed'; error: string };

/** The job's state for the person who started it; null for anyone else or no such job. */
export async function importJobView(db: Db, jobId: number, userId: string): Promise<ImportJobView | null> {
  const job = await q.findImportJob(db, jobId);
  const payload = job?.payload as unknown as ImportJobPayload | undefined;
  if (!job || !payload || payload.userId !== userId) return null;
  const stored = payload.progress;
  if (stored?.phase === 'done') return { state: 'done', result: stored.result };
  if (stored?.phase === 'refused') return { state: 'refused', problems: stored.problems, reason: stored.reason ?? null };
  if (job.status === 'failed') return { state: 'failed', error: job.lastError ?? '' };
  if (job.status === 'done') return { state: 'failed', error: 'the job ended without a result' };
  const current = live.get(jobId) ?? stored ?? { phase: 'queued', done: 0, total: 0 };
  if (current.phase === 'done' || current.phase === 'refused') return { state: 'running', phase: 'writing', done: current.total, total: current.total };
  return { state: 'running', phase: current.phase, done: current.done, total: current.total };
}
