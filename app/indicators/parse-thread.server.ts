/**
 * Checking an indicator file off the request path (issue 15). A 10 MB CSV is
 * about 350 000 rows and takes the parser ~3 s; run on the main thread, that is
 * 3 s in which the server answers nobody. Files above PARSE_INLINE_MAX_BYTES are
 * therefore checked in a worker thread (node:worker_threads) while the event
 * loop keeps serving pages; smaller ones are checked inline, where starting a
 * thread (~100–200 ms with tsx compiling the parser) would cost more than it saves.
 * The result is the same either way (checked-file.ts), with the same problems.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { checkFile, CHUNK_ROWS, type CheckedFile } from './checked-file.ts';
import type { ParseContext } from './parse.ts';

/** Files up to this size are checked on the main thread: well under 50 ms of parsing. */
export const PARSE_INLINE_MAX_BYTES = 200_000;

// Found through the package's `#app/*` import map, so the path is right from the sources (tsx, Vitest)
// and from the production build (build/server/index.js) alike.
const workerFile = createRequire(import.meta.url).resolve('#app/indicators/check-file.worker.mjs');

export async function checkIndicatorFile(
  file: { name: string; bytes: Uint8Array },
  context: ParseContext,
  opts: { chunkRows?: number; thread?: boolean } = {},
): Promise<CheckedFile> {
  const chunkRows = opts.chunkRows ?? CHUNK_ROWS;
  if (!(opts.thread ?? file.bytes.length > PARSE_INLINE_MAX_BYTES)) return checkFile(file, context, chunkRows);
  return new Promise<CheckedFile>((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: { file, context, chunkRows } });
    let answered = false;
    worker.once('message', (result: CheckedFile) => {
      answered = true;
      resolve(result);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the file check stopped (exit code ${code})`));
    });
  });
}
