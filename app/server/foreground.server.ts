/**
 * Requests this process is answering, so background work on the embedded
 * database can let them go first (issue 15). PGlite is one connection on the
 * app's own thread: a large import that merely alternates its statements with
 * a page's makes a page of ten queries wait for ten of the import's. Waiting
 * until no request is being answered lets a page run its queries back to back.
 */

/**
 * Kept on globalThis, not in a module variable: the server (http.server.ts, which counts) runs from source while the
 * routes (an import's preview, which waits) run from the Remix build, so this module is loaded twice in one process
 * and both copies must see one count (as db/cache-bus.server.ts does for its registry).
 */
const STATE = Symbol.for('samverka.foreground');
const state = ((globalThis as { [STATE]?: { answering: number } })[STATE] ??= { answering: 0 });

/** Counts a request until the returned function is called (once, when its response closes). */
export function requestStarted(): () => void {
  state.answering++;
  let finished = false;
  return () => {
    if (finished) return;
    finished = true;
    state.answering--;
  };
}

/** Checks again this often while requests are being answered. */
const POLL_MS = 5;

/**
 * Resolves once no request is being answered, or after `maxWaitMs` (steady
 * traffic must not starve the work); always after at least one turn of the event loop.
 * Work done inside a request (an import's preview) passes `ownRequests: 1`: it waits only for the others.
 */
export async function afterRequests(maxWaitMs: number, ownRequests = 0): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  const until = performance.now() + maxWaitMs;
  while (state.answering > ownRequests && performance.now() < until) await new Promise<void>((resolve) => setTimeout(resolve, POLL_MS));
}
