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
});
