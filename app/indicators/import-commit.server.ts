/**
 * Committing a checked indicator import: every row or none, without freezing
 * the app (issue 15).
 *
 * How: the commit first records the import as pending (indicator_imports.pending;
 * one at a time, by a partial unique index). Then the checked rows
 * (checked-file.ts, chunks of 5 000 for progress) are written in pieces of
 * WRITE_ROWS, each its own short statement, yielding to the event loop between
 * them: rows whose key is new go straight into indicator_values carrying the
 * pending import's id, hidden from every reader (they read the view
 * published_indicator_values); rows that would change a stored value (or belong
 * to an indicator the commit creates) go to the staging table; unchanged rows
 * are dropped. Then one short transaction publishes: takes the draft, applies
 * the staged rows, clears the pending flag (one row, however many values),
 * keeps the provenance and audit line, and clears staging. If anything fails (a
 * piece, the publish) or the draft was taken meanwhile, the pending import is
 * discarded: staged rows, then its values in pieces, then its record — never
 * visible at any point. A process that dies mid-run leaves a pending import:
 * every commit and the job worker's start discard those older than
 * STALE_STAGING_MS (and stale staging rows).
 *
 * Why: PGlite (the embedded default) has one connection on the app's own thread,
 * so any long statement makes every page wait. Publishing 350 000 staged rows
 * with one statement took 25.8 s there (`GET /` p95 43.6 s); now no statement
 * writes more than WRITE_ROWS rows, and the publish writes only changed values
 * (bench/import-freeze.ts, docs/benchmarks.md). On PostgreSQL, pieces lock only
 * the new rows they insert, which no page waits on (pages only read).
 *
 * Small files commit inside the request. Large ones (more than
 * INLINE_COMMIT_MAX_CHARS) go to the jobs table; the worker checks them again
 * in a worker thread (parse-thread.server.ts), commits them, and reports rows
 * done / total on the jobs row, which the import page polls. The outcome is
 * written to the jobs row inside the publish transaction, so it becomes visible
 * exactly when the values do.
 */
import type { Db } from '#db/client.server.ts';
import { isUniqueViolation } from '#db/errors.server.ts';
import { recordAudit } from '#db/queries/audit.server.ts';
import { enqueueJob, setJobProgress } from '#db/queries/jobs.server.ts';
import * as q from '#db/queries/indicators.server.ts';
import { indicators, type Job } from '#db/schema/index.server.ts';
import { afterRequests } from '../server/foreground.server.ts';
import type { Services } from '../services.server.ts';
import type { CheckedFile } from './checked-file.ts';
import type { ImportProblem, ParseContext } from './parse.ts';
import { checkIndicatorFile } from './parse-thread.server.ts';

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

/** A draft checked again against the catalogue as it is now (it may have changed since the preview); large ones in a worker thread. */
export async function checkDraft(db: Db, draft: ImportDraft): Promise<CheckedFile> {
  const ctx = await valueParseContext(db);
  // An indicator the commit will create counts as known; one that appeared meanwhile refuses the import below.
  const fresh = draftExtras(draft.sourceQuery).newIndicator;
  const context = fresh && !ctx.indicators.has(fresh.code) ? { ...ctx, indicators: new Set([...ctx.indicators, fresh.code]), decimals: new Map([...(ctx.decimals ?? []), [fresh.code, fresh.decimals]]) } : ctx;
  return checkIndicatorFile({ name: draft.fileName, bytes: new TextEncoder().encode(draft.content) }, context);
}

/**
 * Commits a checked draft, taking the draft in the publish transaction (so a
 * draft commits once). Null when the draft was already taken. `onProgress`
 * hears the rows staged so far; `onCommit` runs last inside the publish transaction.
 */
export async function writeValues(
  db: Db,
  input: {
    draft: ImportDraft;
    checked: CheckedFile;
    userId: string;
    ip: string | null;
    onProgress?: (done: number) => Promise<void> | void;
    onCommit?: (tx: Db, result: ImportResult) => Promise<void>;
    betweenPieces?: () => Promise<void>;
  },
): Promise<ImportResult | null> {
  const { draft, userId } = input;
  const extras = draftExtras(draft.sourceQuery);
  return commitChecked(db, {
    origin: draft,
    checked: input.checked,
    userId,
    ip: input.ip,
    onProgress: input.onProgress,
    betweenPieces: input.betweenPieces,
    beforePublish: async (tx) => {
      if (!(await q.dropImportDraft(tx, draft.id, userId))) return false;
      // A KPI made a new indicator: created with its values or not at all (a code taken meanwhile fails the transaction).
      if (extras.newIndicator) await tx.insert(indicators).values(extras.newIndicator);
      return true;
    },
    afterPublish: async (tx, result) => {
      // An import from an API the editor asked to refresh: the indicator remembers the query, in the same transaction.
      if (extras.remember) await q.setIndicatorSourceQuery(tx, input.checked.indicators, extras.remember);
      await input.onCommit?.(tx, result);
    },
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
 * A pending import (and staging rows) older than this belong to a run that died:
 * no import runs this long (the import job's lease is 30 minutes, after which
 * another worker may start it again as a new run).
 */
export const STALE_STAGING_MS = 60 * 60_000;

/**
 * Rows per statement when writing or removing a pending import's values, so
 * each statement stays short on PGlite and pages get the connection between
 * them. Measured on the loaded 2-core machine (docs/benchmarks.md): 500 rows
 * 35–100 ms, 1 000 rows 50–330 ms, 5 000 rows 0.7–2 s per statement.
 */
export const WRITE_ROWS = 500;

/**
 * The longest an import job on PGlite waits for pages being answered before its
 * next piece: a page needs well under this, and steady traffic still lets the
 * import write at least one piece a second.
 */
export const PAGES_FIRST_MAX_WAIT_MS = 1000;

/** Refused: another value import is being written (one at a time, see indicator_imports_one_pending). */
export class ImportRunningError extends Error {
  constructor() {
    super('another indicator import is being written');
  }
}

/** The problem shown when a value import is refused because another one is being written. */
export const importRunningProblem: ImportProblem = { line: null, column: null, code: 'import-running' };

/** Lets timers, sockets and queued queries run: PGlite answers in microtasks only, so awaiting its queries never yields. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Removes a pending import that will never be published: its staged rows, its
 * values in short statements, then its record (last: while the record is pending,
 * the values stay hidden). Returns the rows removed.
 */
async function discardPendingImport(db: Db, importId: string): Promise<number> {
  let removed = await q.clearStaging(db, importId);
  for (;;) {
    const gone = await q.removePendingValues(db, importId, WRITE_ROWS);
    removed += gone;
    if (gone < WRITE_ROWS) break;
    await yieldToEventLoop();
  }
  await q.deletePendingImport(db, importId);
  return removed;
}

/** Removes what runs that died left (pending imports with their values, staged rows); returns the rows removed. */
export async function clearStaleImportRuns(db: Db): Promise<number> {
  let removed = 0;
  for (const importId of await q.stalePendingImports(db, STALE_STAGING_MS)) removed += await discardPendingImport(db, importId);
  return removed + (await q.clearStaleStaging(db, STALE_STAGING_MS));
}

/** Splits a chunk of checked rows (JSON text) into pieces of at most WRITE_ROWS rows. */
export function piecesOf(chunk: string, rows: number): string[] {
  if (rows <= WRITE_ROWS) return [chunk];
  const all = JSON.parse(chunk) as unknown[];
  const pieces: string[] = [];
  for (let i = 0; i < all.length; i += WRITE_ROWS) pieces.push(JSON.stringify(all.slice(i, i + WRITE_ROWS)));
  return pieces;
}

/**
 * Writes checked rows under a pending import, piece by piece, then publishes
 * it in one short transaction (see the top of this file). Only values that
 * differ are written, and an import that changed nothing is not kept.
 * `beforePublish` runs first inside the publish transaction (false: nothing is
 * published, the answer is null), `afterPublish` last. `userId` is null for the
 * command line and the refresh job. Throws ImportRunningError while another
 * value import is being written.
 */
export async function commitChecked(
  db: Db,
  input: {
    origin: ImportOrigin;
    checked: CheckedFile;
    userId: string | null;
    ip: string | null;
    onProgress?: (done: number) => Promise<void> | void;
    /** Awaited after each piece written; by default one turn of the event loop. */
    betweenPieces?: () => Promise<void>;
    beforePublish?: (tx: Db) => Promise<boolean>;
    afterPublish?: (tx: Db, result: ImportResult) => Promise<void>;
  },
): Promise<ImportResult | null> {
  const { origin, checked, userId } = input;
  await clearStaleImportRuns(db);
  const record = await q
    .insertImport(db, {
      source: origin.source,
      retrievedAt: origin.retrievedAt,
      format: checked.format,
      fileName: origin.fileName,
      fileSha256: origin.fileSha256,
      requestUrls: origin.requestUrls ?? null,
      rowCount: checked.rows,
      changedCount: 0,
      importedBy: userId,
      pending: true,
    })
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? new ImportRunningError() : error;
    });
  let published = false;
  try {
    let inserted = 0;
    for (const [index, chunk] of checked.chunks.entries()) {
      const rows = Math.min(checked.chunkRows, checked.rows - index * checked.chunkRows);
      for (const piece of piecesOf(chunk, rows)) {
        inserted += (await q.writePendingChunk(db, record.id, piece)).inserted;
        await (input.betweenPieces ?? yieldToEventLoop)();
      }
      await input.onProgress?.(Math.min((index + 1) * checked.chunkRows, checked.rows));
    }
    const result = await db.transaction(async (tx): Promise<ImportResult | null> => {
      if (input.beforePublish && !(await input.beforePublish(tx))) return null;
      const changed = inserted + (await q.publishStaged(tx, record.id));
      if (changed === 0) {
        await q.deletePendingImport(tx, record.id);
      } else {
        await q.publishImport(tx, record.id, changed);
        await recordAudit(tx, {
          actorUserId: userId,
          action: 'indicators.import',
          targetType: 'indicator_import',
          targetId: record.id,
          ip: input.ip,
          details: { rows: checked.rows, changed, sha256: origin.fileSha256, ...(origin.requestUrls ? { source: origin.source } : {}) },
        });
      }
      await q.clearStaging(tx, record.id);
      const outcome: ImportResult = {
        rows: checked.rows,
        changed,
        importId: changed === 0 ? null : record.id,
        source: origin.source,
        retrievedAt: origin.retrievedAt ? origin.retrievedAt.toISOString().slice(0, 10) : null,
        fileName: origin.fileName,
        fileSha256: origin.fileSha256,
        committedAt: new Date().toISOString(),
      };
      await input.afterPublish?.(tx, outcome);
      return outcome;
    });
    published = result !== null;
    return result;
  } finally {
    // Failed or refused: the pending import goes with its values and staged rows, never having been visible.
    // If even that fails (the database went away), the age rule above removes it later.
    if (!published) await discardPendingImport(db, record.id).catch(() => {});
  }
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

/** This process's running imports (job id → progress): fresher than the jobs row. */
const live = new Map<number, ImportProgress>();


/** The jobs-table handler: checks the draft again (in a worker thread), then commits it, reporting progress. */
export async function runImportJob(services: Services, job: Job): Promise<void> {
  const { db } = services;
  const payload = job.payload as unknown as ImportJobPayload;
  // Finished before a crash kept the job from being marked done: nothing to do again.
  if (payload.progress?.phase === 'done' || payload.progress?.phase === 'refused') return;
  // Each report is its own short statement between staged chunks, so the page (and another process) sees it at once.
  const report = async (progress: ImportProgress) => {
    live.set(job.id, progress);
    await setJobProgress(db, job.id, progress);
  };
  try {
    await report({ phase: 'checking', done: 0, total: 0 });
    const draft = await q.findImportDraft(db, payload.draftId, payload.userId);
    if (!draft) return await report({ phase: 'refused', done: 0, total: 0, problems: [], reason: 'draft-gone' });
    const checked = await checkDraft(db, draft);
    const total = checked.rows;
    if (checked.problems.length > 0) {
      await q.dropImportDraft(db, draft.id, payload.userId);
      return await report({ phase: 'refused', done: 0, total, problems: checked.problems });
    }
    await report({ phase: 'writing', done: 0, total });
    const result = await writeValues(db, {
      draft,
      checked,
      userId: payload.userId,
      ip: payload.ip,
      onProgress: (done) => report({ phase: 'writing', done, total }),
      // On PGlite (one connection, this thread) the pages being answered go first: see foreground.server.ts.
      betweenPieces: services.dbKind === 'pglite' ? () => afterRequests(PAGES_FIRST_MAX_WAIT_MS) : undefined,
      onCommit: (tx, outcome) => setJobProgress(tx, job.id, { phase: 'done', done: total, total, result: outcome } satisfies ImportProgress),
    });
    if (!result) await report({ phase: 'refused', done: 0, total, problems: [], reason: 'draft-gone' });
  } catch (error) {
    if (error instanceof ImportRunningError) return await report({ phase: 'refused', done: 0, total: 0, problems: [importRunningProblem] });
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
