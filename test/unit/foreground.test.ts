/** Background work on the embedded database lets the requests being answered go first (issue 15). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterRequests, requestStarted } from '#app/server/foreground.server.ts';

describe('afterRequests', () => {
  afterEach(() => void vi.useRealTimers());

  it('goes on at once when no request is being answered', async () => {
    const events: string[] = [];
    await afterRequests(60_000).then(() => events.push('work'));
    expect(events).toEqual(['work']);
  });

  it('waits for the requests being answered, each counted once', async () => {
    vi.useFakeTimers();
    const events: string[] = [];
    const first = requestStarted();
    const second = requestStarted();
    const work = afterRequests(60_000).then(() => events.push('work'));
    await vi.advanceTimersByTimeAsync(50); // timers only: no real time passes
    first();
    first(); // a response closes once; a second call must not count another request as done
    await vi.advanceTimersByTimeAsync(50); // timers only: no real time passes
    events.push('second answered');
    second();
    await vi.advanceTimersByTimeAsync(50);
    await work;
    expect(events).toEqual(['second answered', 'work']);
  });

  it('stops waiting after its limit, so steady traffic cannot starve the work', async () => {
    const never = requestStarted();
    await afterRequests(0);
    never();
  });

  it('counts one process-wide: the server (from source) counts, the routes (from the Remix build, a second copy of the module) wait', async () => {
    vi.useFakeTimers();
    // A query makes Vite load a second instance of the module, as the production build's bundled copy is.
    const secondCopy: string = '#app/server/foreground.server.ts?routes-copy';
    const routesCopy = (await import(/* @vite-ignore */ secondCopy)) as { afterRequests: typeof afterRequests };
    const events: string[] = [];
    const answered = requestStarted();
    const work = routesCopy.afterRequests(60_000).then(() => events.push('work'));
    await vi.advanceTimersByTimeAsync(50); // timers only: no real time passes
    events.push('answered');
    answered();
    await vi.advanceTimersByTimeAsync(50);
    await work;
    expect(events).toEqual(['answered', 'work']);
  });
});
