/**
 * Following and follow notices as tables: who may follow, and who hears of a
 * piece in each state and visibility. Expected answers are written out here,
 * independently of app/policy.ts, so weakening a rule there turns a row red.
 */
import { describe, expect, it } from 'vitest';
import { ANONYMOUS, canFollow, canReceiveFollowNotice, type Actor, type ContentResource } from '#app/policy.ts';
import type { ContentState, Visibility } from '#app/vocabulary.ts';

const OWNER = 'org-owner';
const GROUP = 'group-1';
const person = (over: Partial<Actor> = {}): Actor => ({ userId: 'u1', isPlatformAdmin: false, memberships: [], groupMemberships: [], emailVerified: true, ...over });

const READERS = {
  anonymous: ANONYMOUS,
  outsider: person(),
  unverifiedOrgMember: person({ memberships: [{ organizationId: 'org-x', role: 'admin', organizationVerified: false }] }),
  partner: person({ memberships: [{ organizationId: 'org-p', role: 'member', organizationVerified: true }] }),
  groupMember: person({ memberships: [{ organizationId: 'org-p', role: 'member', organizationVerified: true }], groupMemberships: [{ groupId: GROUP, role: 'member', organizationId: 'org-p' }] }),
  ownerEditor: person({ memberships: [{ organizationId: OWNER, role: 'editor', organizationVerified: true }] }),
  platformAdmin: person({ isPlatformAdmin: true }),
};
type Reader = keyof typeof READERS;

describe('canFollow', () => {
  it.each([
    ['anonymous', ANONYMOUS, false],
    ['signed in, address confirmed', person(), true],
    ['signed in, address not confirmed', person({ emailVerified: false }), false],
  ] as const)('%s → %s', (_name, actor, expected) => {
    expect(canFollow(actor)).toBe(expected);
  });
});

describe('canReceiveFollowNotice', () => {
  /** Published pieces by visibility: who may read them. Drafts and archived pieces tell nobody. */
  const readersOf: Record<Visibility, Reader[]> = {
    public: ['anonymous', 'outsider', 'unverifiedOrgMember', 'partner', 'groupMember', 'ownerEditor', 'platformAdmin'],
    partners: ['partner', 'groupMember', 'ownerEditor'],
    group: ['groupMember', 'ownerEditor'],
  };
  const rows = (['draft', 'published', 'archived'] as ContentState[]).flatMap((state) =>
    (['public', 'partners', 'group'] as Visibility[]).flatMap((visibility) =>
      (Object.keys(READERS) as Reader[]).map((reader) => ({ state, visibility, reader, expected: state === 'published' && readersOf[visibility].includes(reader) })),
    ),
  );
  it.each(rows)('$state $visibility piece, $reader → $expected', ({ state, visibility, reader, expected }) => {
    const piece: ContentResource = { organizationId: OWNER, organizationVerified: true, state, visibility, groupId: visibility === 'group' ? GROUP : null, hiddenAt: null };
    expect(canReceiveFollowNotice(READERS[reader], piece)).toBe(expected);
  });
});
