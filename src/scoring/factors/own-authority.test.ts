import { describe, expect, it } from 'vitest';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { ownAuthorityFactor } from './own-authority.js';

describe('own_authority factor', () => {
  const s = subjectOf(childOf()); // placed by Coventry
  it('scores 1 inside the placing authority', () => {
    expect(ownAuthorityFactor.evaluate(ctxOf(s, homeOf({ district: 'CV2' }))).score).toBe(1);
  });
  it('gives partial credit in an adjoining authority (Warwickshire adjoins Coventry)', () => {
    const f = ownAuthorityFactor.evaluate(ctxOf(s, homeOf({ district: 'CV34' })));
    expect(f.score).toBe(0.3);
    expect(f.facts).toMatchObject({ adjoining: true, sameAuthority: false });
  });
  it('scores 0 far away (zero case: Stoke does not adjoin Coventry) and outside England', () => {
    expect(ownAuthorityFactor.evaluate(ctxOf(s, homeOf({ district: 'ST1' }))).impact).toBe(0);
    expect(ownAuthorityFactor.evaluate(ctxOf(s, homeOf({ authority: undefined }))).score).toBe(0);
  });
});
