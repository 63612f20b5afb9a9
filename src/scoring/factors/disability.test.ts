import { describe, expect, it } from 'vitest';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { disabilityFactor, disabilityScore } from './disability.js';

describe('disability factor', () => {
  it('has no effect for a child with no disability needs (zero case)', () => {
    const f = disabilityFactor.evaluate(ctxOf(subjectOf(childOf()), homeOf()));
    expect(f).toMatchObject({ score: 0, impact: 0 });
  });
  it('scores adaptations and specialist capability', () => {
    const c = childOf({ disabilityRequirements: ['wheelchair_access'], needs: { health_disability: 4 } });
    const full = disabilityFactor.evaluate(ctxOf(subjectOf(c), homeOf({ adaptations: ['wheelchair_access'], capability: { health_disability: 4 } })));
    expect(full.score).toBe(1);
    const half = disabilityFactor.evaluate(ctxOf(subjectOf(c), homeOf({ adaptations: ['wheelchair_access'], capability: { health_disability: 2 } })));
    expect(half.score).toBe(0.75);
  });
  it('applies from the need level alone', () => {
    const c = childOf({ needs: { communication_neurodiversity: 2 } });
    expect(disabilityFactor.evaluate(ctxOf(subjectOf(c), homeOf({ capability: { communication_neurodiversity: 1 } }))).score).toBe(0.75);
    expect(disabilityScore(false, 3, 3, 1)).toBe(0);
  });
});
