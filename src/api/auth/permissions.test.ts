import { describe, expect, it } from 'vitest';
import type { Actor } from '../../store/index.js';
import { ACTIONS, can, canSeeAuthority, providerGuard, requireAction, requireChildAuthority, ROLE_ACTIONS } from './permissions.js';

const actor = (role: Actor['role'], authority: string | null = null, providerId: string | null = null): Actor => ({ keyId: 'k', role, authority, providerId });

describe('permissions', () => {
  it('grants admin every action and the other roles only theirs', () => {
    for (const a of ACTIONS) expect(can('admin', a)).toBe(true);
    expect(can('provider', 'match')).toBe(false);
    expect(can('commissioner', 'audit:read')).toBe(false);
    expect(can('placement_officer', 'homes:write')).toBe(false);
    expect(ROLE_ACTIONS.provider).toEqual(['homes:read', 'homes:write']);
    expect(() => requireAction(actor('provider'), 'decisions:read')).toThrow(/requireAction: role "provider" may not decisions:read/);
  });

  it('scopes authority keys to their own authority; region-wide records are admin-only', () => {
    const cov = actor('placement_officer', 'E08000026');
    expect(canSeeAuthority(cov, 'E08000026')).toBe(true);
    expect(canSeeAuthority(cov, 'E08000025')).toBe(false);
    expect(canSeeAuthority(cov, null)).toBe(false);
    expect(canSeeAuthority(actor('admin'), 'E08000025')).toBe(true);
    expect(canSeeAuthority(actor('provider', null, 'P-1'), null)).toBe(false);
    expect(() => requireChildAuthority(cov, 'E08000025', 'child.placingAuthority')).toThrow(/child.placingAuthority is "E08000025" but this key acts for "E08000026"/);
  });

  it('guards home writes by provider', () => {
    expect(providerGuard(actor('provider', null, 'P-1'))).toBe('P-1');
    expect(providerGuard(actor('admin'))).toBeUndefined();
    expect(() => providerGuard(actor('placement_officer', 'E08000026'))).toThrow(/may not change homes/);
  });
});
