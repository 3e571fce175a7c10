/**
 * Pages are rendered by a patched react-dom (README, "Patched dependencies"):
 * the Node renderer keeps the markup as strings and writes one string per flush
 * (or per 16 KiB) instead of encoding every piece into 2 KiB byte buffers, and
 * it no longer ends its destination a second time when that closes. The bytes
 * must stay exactly those of the unpatched renderer, which React's browser build
 * (same renderer, byte buffers, not patched) still produces.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createElement as h, Suspense, type ReactNode } from 'react';
import type * as Server from 'react-dom/server';
import { describe, expect, it } from 'vitest';

// The production builds, as the server loads them (Vitest itself runs with NODE_ENV=test).
const require = createRequire(import.meta.url);
const build = (name: string) => path.join(path.dirname(require.resolve('react-dom/package.json')), 'cjs', name);
const patched = require(build('react-dom-server.node.production.min.js')) as Pick<typeof Server, 'renderToPipeableStream'>;
const reference = require(build('react-dom-server.browser.production.min.js')) as Pick<typeof Server, 'renderToReadableStream'>;

/**
 * A page with more than 16 KiB of markup, multi-byte text (å, an emoji's surrogate pair) and a part
 * that suspends until `release()`: called once the shell is out, that part arrives in a second flush.
 */
function page(): { node: ReactNode; release: () => void } {
  let release = () => {};
  let ready = false;
  const later = new Promise<void>((resolve) => (release = () => ((ready = true), resolve())));
  function Later() {
    if (!ready) throw later;
    return h('p', null, 'Klart – 🙂 åäö');
  }
  const rows = Array.from({ length: 400 }, (_, i) => h('li', { key: i, className: 'card', 'data-i': i }, `Insats ${i}: Språkcafé & läxhjälp <för> alla 🏘️`));
  const node = h('html', null, h('body', null, h('ul', null, rows), h(Suspense, { fallback: h('p', null, 'Laddar …') }, h(Later))));
  return { node, release: () => release() };
}

/** Renders with the patched Node renderer into a destination that records each write and each end(); resolves once it closed. */
function renderPatched() {
  const { node, release } = page();
  const writes: Buffer[] = [];
  let ends = 0;
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push(chunk);
      done();
    },
  });
  const end = destination.end.bind(destination);
  destination.end = ((...args: Parameters<Writable['end']>) => ((ends += 1), end(...args))) as Writable['end'];
  return new Promise<{ html: string; writes: Buffer[]; ends: number }>((resolve, reject) => {
    const { pipe } = patched.renderToPipeableStream(node, { onShellReady: () => setImmediate(release), onShellError: reject, onError: reject });
    // A Writable destroys itself once finished, and React listens for that close.
    destination.on('close', () => setImmediate(() => resolve({ html: Buffer.concat(writes).toString('utf8'), writes, ends })));
    pipe(destination);
  });
}

async function renderReference(): Promise<string> {
  const { node, release } = page();
  const stream = await reference.renderToReadableStream(node);
  setImmediate(release);
  return new Response(stream).text();
}

describe('server rendering (patched react-dom)', () => {
  it('writes the same bytes as the unpatched renderer, in a few large writes', async () => {
    const { html, writes } = await renderPatched();
    const expected = await renderReference();
    expect(expected).toContain('Laddar …'); // the fallback went out first: two flushes
    expect(html).toBe(expected);
    expect(Buffer.byteLength(html)).toBeGreaterThan(32 * 1024);
    // Unpatched: one write per 2 KiB (more than 16 here). Patched: one per 16 KiB, and one more per flush.
    expect(writes.length).toBeLessThanOrEqual(Math.ceil(Buffer.byteLength(html) / 16_384) + 2);
  });

  it('ends its destination once, also when that closes after the page was sent', async () => {
    const { ends } = await renderPatched();
    expect(ends).toBe(1);
  });
});
