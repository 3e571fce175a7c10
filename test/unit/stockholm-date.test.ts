import { afterEach, describe, expect, it } from 'vitest';
import { formatStockholmDate } from '#app/groups/stockholm-time.ts';

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

describe('dates shown on member lists', () => {
  // 23:30 UTC is already the next day in Stockholm (CET, UTC+1; CEST, UTC+2).
  it.each([
    ['winter', '2026-03-03T23:30:00Z', '2026-03-04', '04/03/2026'],
    ['summer', '2026-06-30T22:30:00Z', '2026-07-01', '01/07/2026'],
    ['just before midnight in Stockholm', '2026-03-03T22:59:00Z', '2026-03-03', '03/03/2026'],
  ])('%s: %s is %s in Stockholm', (_label, iso, sv, en) => {
    expect(formatStockholmDate(iso, 'sv')).toBe(sv);
    expect(formatStockholmDate(iso, 'en')).toBe(en);
  });

  it('gives the same answer whatever time zone the server or browser runs in', () => {
    for (const tz of ['UTC', 'America/Los_Angeles', 'Asia/Tokyo']) {
      process.env.TZ = tz;
      expect(formatStockholmDate('2026-03-03T23:30:00Z', 'sv'), tz).toBe('2026-03-04');
    }
  });
});
