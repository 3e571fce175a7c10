import { describe, expect, it } from 'vitest';
import { isPathKey, parseWholeNumber, readForm } from '#app/http/form.server.ts';

const post = (body: BodyInit | null, type?: string) => new Request('http://x.test/', { method: 'POST', body, headers: type ? { 'Content-Type': type } : {} });
const statusOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof Response ? e.status : e));

describe('reading form bodies', () => {
  it('takes the two form types browsers send', async () => {
    expect((await readForm(post('a=b&text=rad%0D%0Atv%C3%A5%09tab', 'application/x-www-form-urlencoded'))).get('text')).toBe('rad\r\ntvå\ttab');
    const multipart = new FormData();
    multipart.set('a', 'b');
    expect((await readForm(post(multipart))).get('a')).toBe('b');
  });
  it.each([
    ['JSON', post('{"a":1}', 'application/json'), 415],
    ['text/plain', post('a=b', 'text/plain'), 415],
    ['no body and no type', post(null), 415],
    ['a multipart body that does not parse', post('--zz\r\nbroken', 'multipart/form-data; boundary=zz'), 400],
    ['multipart without a boundary', post('a=b', 'multipart/form-data'), 400],
    ['a NUL in a value', post('title=a%00b', 'application/x-www-form-urlencoded'), 400],
    ['a NUL in a name', post('ti%00tle=ab', 'application/x-www-form-urlencoded'), 400],
    ['another control character', post('title=a%1Bb', 'application/x-www-form-urlencoded'), 400],
  ])('%s → %s', async (_label, request, status) => {
    expect(await statusOf(readForm(request))).toBe(status);
  });
});

describe('whole numbers and path keys', () => {
  it.each([
    ['7', 7],
    [' 12 ', 12],
    ['2147483647', 2147483647],
    ['2147483648', null],
    ['9999999999999999999', null],
    ['1e308', null],
    ['1.5', null],
    ['abc', null],
    ['', null],
    [null, null],
  ] as const)('%j → %j', (raw, expected) => {
    expect(parseWholeNumber(raw)).toBe(expected);
  });
  it('keeps a lower bound', () => {
    expect(parseWholeNumber('0', { min: 1 })).toBeNull();
  });
  it('a path key with a control character names nothing', () => {
    expect(isPathKey('lashjalp-i-rosengard')).toBe(true);
    expect(isPathKey('\u0000')).toBe(false);
    expect(isPathKey('')).toBe(false);
    expect(isPathKey(undefined)).toBe(false);
  });
});
