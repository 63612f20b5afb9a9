import { describe, expect, it } from 'vitest';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { needsGapRule, worstGap } from './needs-gap.js';

describe('needs_gap rule', () => {
  it('passes a child with no needs anywhere (neutral case)', () => {
    const r = needsGapRule.evaluate(ctxOf(subjectOf(childOf()), homeOf()));
    expect(r).toMatchObject({ passed: true, facts: { gap: 0 } });
  });
  it('passes a gap of 1 and fails a gap of 2', () => {
    const s = subjectOf(childOf({ needs: { behaviour: 3 } }));
    expect(needsGapRule.evaluate(ctxOf(s, homeOf({ capability: { behaviour: 2 } }))).passed).toBe(true);
    const ctx = ctxOf(s, homeOf({ capability: { behaviour: 1 } }));
    const r = needsGapRule.evaluate(ctx);
    expect(r).toMatchObject({ passed: false, facts: { worstDomain: 'behaviour', need: 3, capability: 1, gap: 2, threshold: 2, domainsOverLimit: ['behaviour'] } });
    expect(needsGapRule.counterfactual(ctx, r)).toMatch(/needs-gap override/);
  });
  it('honours a policy threshold and an override for every home', () => {
    const s = subjectOf(childOf({ needs: { behaviour: 3 } }));
    const home = homeOf({ capability: { behaviour: 1 } });
    const overrides = [{ rule: 'needs_gap' as const, reason: 'Therapeutic support commissioned separately' }];
    expect(needsGapRule.evaluate(ctxOf(s, home, { overrides }))).toMatchObject({ passed: false, overridden: true });
  });
  it('finds the worst gap over every sibling', () => {
    const g = subjectOf([childOf({ id: 'A', needs: { learning: 1 } }), childOf({ id: 'B', needs: { self_harm: 4 } })]);
    expect(worstGap(g, { self_harm: 1 })).toMatchObject({ gap: 3, domain: 'self_harm' });
  });
});
