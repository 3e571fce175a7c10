/** Which navigation link marks the current page (app/components/route-link.tsx), as React Router's <NavLink> decides. */
import { describe, expect, it } from 'vitest';
import { isCurrentPath } from '#app/components/route-link.tsx';

describe('isCurrentPath', () => {
  it('marks the same path and the pages below it', () => {
    expect(isCurrentPath('/insatser', '/insatser')).toBe(true);
    expect(isCurrentPath('/insatser/laxhjalp', '/insatser')).toBe(true);
    expect(isCurrentPath('/INSATSER', '/insatser')).toBe(true);
    expect(isCurrentPath('/insatser-arkiv', '/insatser')).toBe(false);
    expect(isCurrentPath('/lardomar', '/insatser')).toBe(false);
  });

  it('with `end`, and for the home page, only the path itself', () => {
    expect(isCurrentPath('/aviseringar/3', '/aviseringar', true)).toBe(false);
    expect(isCurrentPath('/aviseringar', '/aviseringar', true)).toBe(true);
    expect(isCurrentPath('/', '/', true)).toBe(true);
    expect(isCurrentPath('/insatser', '/')).toBe(false);
  });
});
