import { describe, expect, it } from 'vitest';
import { accountDeletionBlockers, ANONYMOUS, canDeleteAccount, canDownloadAccountExport, type Actor } from '#app/policy.ts';

const person = (userId: string, extra: Partial<Actor> = {}): Actor => ({ userId, isPlatformAdmin: false, memberships: [], groupMemberships: [], emailVerified: true, ...extra });
const owner = person('u1');
const someoneElse = person('u2');
const platformAdmin = person('admin', { isPlatformAdmin: true });

describe('personal data: who may do what', () => {
  it('an export is downloaded by its owner only (platform admins included in "no")', () => {
    const exp = { userId: 'u1' };
    expect(canDownloadAccountExport(owner, exp)).toBe(true);
    expect(canDownloadAccountExport(someoneElse, exp)).toBe(false);
    expect(canDownloadAccountExport(platformAdmin, exp)).toBe(false);
    expect(canDownloadAccountExport(ANONYMOUS, exp)).toBe(false);
  });

  it('an account is deleted by its owner or a platform admin', () => {
    const target = { userId: 'u1' };
    expect(canDeleteAccount(owner, target)).toBe(true);
    expect(canDeleteAccount(platformAdmin, target)).toBe(true);
    expect(canDeleteAccount(someoneElse, target)).toBe(false);
    expect(canDeleteAccount(ANONYMOUS, target)).toBe(false);
  });

  it('the last admin of an organisation and the last lead of an active group must hand over first', () => {
    expect(
      accountDeletionBlockers(
        [
          { name: 'Ensam', role: 'admin', adminCount: 1 },
          { name: 'Två admins', role: 'admin', adminCount: 2 },
          { name: 'Bara redaktör', role: 'editor', adminCount: 1 },
        ],
        [
          { name: 'Aktiv', role: 'lead', leadCount: 1, archived: false },
          { name: 'Arkiverad', role: 'lead', leadCount: 1, archived: true },
          { name: 'Två ledare', role: 'lead', leadCount: 2, archived: false },
          { name: 'Medlem', role: 'member', leadCount: 1, archived: false },
        ],
      ),
    ).toEqual([
      { kind: 'lastAdmin', name: 'Ensam' },
      { kind: 'lastLead', name: 'Aktiv' },
    ]);
    expect(accountDeletionBlockers([], [])).toEqual([]);
  });
});
