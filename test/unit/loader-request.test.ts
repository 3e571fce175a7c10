/**
 * The server runtime is patched (README, "Patched dependencies") to hand a loader or an action the page's own
 * Request when its URL holds none of the parameters Remix strips (`index`, `_routes`), instead of two new Requests
 * per loader and page. Where they are present they are still stripped, as before.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

type DataFunction = (args: { request: Request }) => unknown;
type Call = (args: { loadContext: unknown; params: unknown; request: Request; routeId: string; singleFetch: boolean } & ({ loader: DataFunction } | { action: DataFunction })) => Promise<unknown>;

const require = createRequire(import.meta.url);
// dist/data.js is not among the package's exports: loaded by its path, as the runtime loads it.
const data = require(path.join(path.dirname(require.resolve('@remix-run/server-runtime')), 'data.js')) as { callRouteLoader: Call; callRouteAction: Call };

async function seenBy(call: 'callRouteLoader' | 'callRouteAction', request: Request): Promise<Request> {
  let seen: Request | undefined;
  const fn: DataFunction = ({ request }) => ((seen = request), {});
  const args = { loadContext: {}, params: {}, request, routeId: 'routes/site/search', singleFetch: true };
  await data[call](call === 'callRouteLoader' ? { ...args, loader: fn } : { ...args, action: fn });
  return seen!;
}

describe('the Request a loader or action gets (patched @remix-run/server-runtime)', () => {
  it('is the page’s own when there is nothing to strip', async () => {
    const request = new Request('http://127.0.0.1/sok?q=l%C3%A4xhj%C3%A4lp&typ=initiative');
    expect(await seenBy('callRouteLoader', request)).toBe(request);
    const post = new Request('http://127.0.0.1/insatser/ny', { method: 'POST', body: 'title=x' });
    const seen = await seenBy('callRouteAction', post);
    expect(seen).toBe(post);
    expect(await seen.text()).toBe('title=x');
  });

  it('still loses `_routes` and an empty `index`, and keeps the rest', async () => {
    const seen = await seenBy('callRouteLoader', new Request('http://127.0.0.1/?index&_routes=root,routes/site/home&q=a'));
    expect(seen.url).toBe('http://127.0.0.1/?q=a');
    const kept = await seenBy('callRouteLoader', new Request('http://127.0.0.1/?index=1&q=a'));
    expect(new URL(kept.url).searchParams.getAll('index')).toEqual(['1']);
    const action = await seenBy('callRouteAction', new Request('http://127.0.0.1/grupper?index', { method: 'POST', body: 'a=1' }));
    expect(action.url).toBe('http://127.0.0.1/grupper');
    expect(await action.text()).toBe('a=1');
  });
});
