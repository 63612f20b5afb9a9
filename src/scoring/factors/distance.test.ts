import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { decayScore } from '../helpers.js';
import { distanceFactor } from './distance.js';

describe('distance factor', () => {
  it('scores 1 at 0 km (neutral: same district)', () => {
    const f = distanceFactor.evaluate(ctxOf(subjectOf(childOf({ district: 'CV1' })), homeOf({ district: 'CV1' })));
    expect(f.score).toBe(1);
    expect(f.facts).toMatchObject({ km: 0, within20Miles: true, provider: 'great-circle' });
  });
  it('halves at the half-life and reports the 20-mile mark', () => {
    expect(decayScore(16, 16)).toBeCloseTo(0.5, 12);
    const near = distanceFactor.evaluate(ctxOf(subjectOf(childOf({ district: 'CV1' })), homeOf({ district: 'B1' })));
    expect(near.facts.km).toBeCloseTo(28.4, 1);
    expect(near.facts.within20Miles).toBe(true);
    const far = distanceFactor.evaluate(ctxOf(subjectOf(childOf({ district: 'CV1' })), homeOf({ district: 'ST1' })));
    expect(far.facts.within20Miles).toBe(false);
    expect(far.sentence).toMatch(/beyond the 20-mile mark/);
    expect(far.score).toBeLessThan(near.score);
  });
  it('never increases with distance', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 1000, noNaN: true }), fc.double({ min: 0, max: 1000, noNaN: true }), (a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      return decayScore(lo, 16) >= decayScore(hi, 16);
    }));
  });
});
