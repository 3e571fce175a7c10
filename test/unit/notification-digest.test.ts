import { describe, expect, it } from 'vitest';
import { nextDigestAt } from '#app/notifications/digest.server.ts';
import { DEFAULT_DELIVERY, effectiveDeliveries, kindsDefaultingTo } from '#app/notifications/preferences.ts';

const at = (iso: string) => new Date(iso);

describe('when digests go out: 07:00 Stockholm time, weekly on Mondays', () => {
  it.each([
    // [cadence, after (UTC), next (UTC)]
    ['daily', '2025-03-10T05:00:00Z', '2025-03-10T06:00:00Z'], // winter: 07:00 CET = 06:00 UTC
    ['daily', '2025-03-10T06:00:00Z', '2025-03-11T06:00:00Z'], // exactly at 07:00: the next one
    ['daily', '2025-06-10T12:00:00Z', '2025-06-11T05:00:00Z'], // summer: 07:00 CEST = 05:00 UTC
    ['daily', '2025-03-29T07:00:00Z', '2025-03-30T05:00:00Z'], // the night clocks go forward
    ['daily', '2025-10-25T10:00:00Z', '2025-10-26T06:00:00Z'], // the night clocks go back
    ['daily', '2025-12-31T12:00:00Z', '2026-01-01T06:00:00Z'], // over the new year
    ['daily', '2025-03-09T23:30:00Z', '2025-03-10T06:00:00Z'], // 00:30 in Stockholm is already the next day there
    ['weekly', '2025-03-10T05:59:00Z', '2025-03-10T06:00:00Z'], // Monday before 07:00
    ['weekly', '2025-03-10T06:00:00Z', '2025-03-17T06:00:00Z'], // Monday at 07:00: a week later
    ['weekly', '2025-03-12T09:00:00Z', '2025-03-17T06:00:00Z'], // Wednesday
    ['weekly', '2025-03-23T12:00:00Z', '2025-03-24T06:00:00Z'], // Sunday before the clocks go forward
    ['weekly', '2025-03-29T12:00:00Z', '2025-03-31T05:00:00Z'], // across the switch to summer time
    ['weekly', '2025-12-31T12:00:00Z', '2026-01-05T06:00:00Z'], // over the new year
  ] as const)('%s after %s is %s', (cadence, after, next) => {
    expect(nextDigestAt(cadence, at(after)).toISOString()).toBe(at(next).toISOString());
  });
});

describe('mail defaults per kind', () => {
  it('sends what is addressed to you at once (your organisation’s review and moderators’ decisions included) and group chatter and followed news in the daily digest', () => {
    expect(kindsDefaultingTo('immediate').sort()).toEqual(['action_item', 'comment', 'membership', 'mention', 'moderation', 'organization_review', 'organization_verification']);
    expect(kindsDefaultingTo('daily').sort()).toEqual(['decision', 'followed', 'meeting', 'reply', 'thread']);
    expect(kindsDefaultingTo('weekly')).toEqual([]);
  });

  it('lets a saved choice override the default for its kind only', () => {
    expect(effectiveDeliveries([{ kind: 'thread', delivery: 'off' }])).toEqual({ ...DEFAULT_DELIVERY, thread: 'off' });
  });
});
