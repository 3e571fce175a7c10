import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '#app/api/cursor.ts';

describe('API page cursors', () => {
  it('round-trip the key of their listing', () => {
    const key = ['2026-12-05 16:09:10.123456+00', '64b08a20-6abc-4d92-b087-732bb4888910'];
    const cursor = encodeCursor('initiatives', key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 'initiatives', ['string', 'string'])).toEqual(key);
    expect(decodeCursor(encodeCursor('indicator-values', [42]), 'indicator-values', ['number'])).toEqual([42]);
  });

  const b64 = (text: string) => Buffer.from(text).toString('base64url');
  const TWO_STRINGS = ['initiatives', ['string', 'string']] as const;
  const ONE_NUMBER = ['indicator-values', ['number']] as const;
  it.each([
    ['empty', '', TWO_STRINGS],
    ['not base64url', 'abc+/=', TWO_STRINGS],
    ['not JSON', b64('{nope'), TWO_STRINGS],
    ['not an array', b64('{"a":1}'), TWO_STRINGS],
    ['from another listing', encodeCursor('lessons', ['x', 'y']), TWO_STRINGS],
    ['too few values', encodeCursor('initiatives', ['x']), TWO_STRINGS],
    ['too many values', encodeCursor('initiatives', ['x', 'y', 'z']), TWO_STRINGS],
    ['a number where text belongs', encodeCursor('initiatives', [1, 'y']), TWO_STRINGS],
    ['a NUL byte', encodeCursor('initiatives', ['x\u0000', 'y']), TWO_STRINGS],
    ['too long', 'a'.repeat(600), TWO_STRINGS],
    ['text where a number belongs', b64('["indicator-values","1"]'), ONE_NUMBER],
    ['a fraction', b64('["indicator-values",1.5]'), ONE_NUMBER],
  ] as const)('refuse %s', (_label, raw, [listing, types]) => {
    expect(decodeCursor(raw, listing, types)).toBeNull();
  });
});
