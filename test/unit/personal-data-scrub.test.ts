import { describe, expect, it } from 'vitest';
import { scrubValue } from '#app/accounts/personal-data.server.ts';

describe('taking a deleted person out of stored JSON', () => {
  const id = '5b0c2f3e-1111-4222-8333-944455556666';
  it('blanks strings holding their id or address, and replaces their name where it stands as words', () => {
    const rules = [
      { needle: id, replacement: null },
      { needle: 'al@x.se', replacement: null },
      { needle: 'Al Ek', replacement: 'tidigare användare' },
    ];
    expect(
      scrubValue({ userId: id, email: 'AL@x.se', actor: 'Al Ek', title: 'Möte med al ek i Malmö', nested: [{ by: 'Al Ekström' }], n: 3 }, rules),
    ).toEqual({ userId: null, email: null, actor: 'tidigare användare', title: 'Möte med tidigare användare i Malmö', nested: [{ by: 'Al Ekström' }], n: 3 });
  });

  it('a short name never eats into other words', () => {
    expect(scrubValue({ group: 'Malmö Al', city: 'Malmö' }, [{ needle: 'Al', replacement: 'X' }])).toEqual({ group: 'Malmö X', city: 'Malmö' });
  });

  it('names with regex characters are taken literally', () => {
    expect(scrubValue('Hej (Bo) och Bo', [{ needle: '(Bo)', replacement: 'X' }])).toBe('Hej X och Bo');
  });
});
