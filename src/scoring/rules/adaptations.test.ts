import { describe, expect, it } from 'vitest';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { adaptationsRule } from './adaptations.js';

describe('adaptations rule', () => {
  it('passes when nothing is required (neutral case)', () => {
    const r = adaptationsRule.evaluate(ctxOf(subjectOf(childOf()), homeOf()));
    expect(r).toMatchObject({ passed: true, facts: { required: [], missing: [] } });
  });
  it('fails a missing adaptation and names it', () => {
    const ctx = ctxOf(subjectOf(childOf({ disabilityRequirements: ['wheelchair_access', 'hoist'] })), homeOf({ adaptations: ['wheelchair_access'] }));
    const r = adaptationsRule.evaluate(ctx);
    expect(r).toMatchObject({ passed: false, facts: { missing: ['hoist'] } });
    expect(adaptationsRule.counterfactual(ctx, r)).toBe('if it had hoist');
  });
  it('passes when every requirement of every sibling is met', () => {
    const g = subjectOf([childOf({ id: 'A', disabilityRequirements: ['hoist'] }), childOf({ id: 'B', disabilityRequirements: ['adapted_bathroom'] })]);
    expect(adaptationsRule.evaluate(ctxOf(g, homeOf({ adaptations: ['hoist', 'adapted_bathroom'] }))).passed).toBe(true);
    expect(adaptationsRule.evaluate(ctxOf(g, homeOf({ adaptations: ['hoist'] }))).passed).toBe(false);
  });
});
