import { describe, expect, it } from 'vitest';
import { counterfactual } from './counterfactual.js';
import { brokenRules } from './explain.js';
import { childOf, ctxOf, homeOf, subjectOf } from './testing/fixtures.js';

describe('counterfactual', () => {
  const cf = (ctx: ReturnType<typeof ctxOf>) => counterfactual(ctx, brokenRules(ctx));
  it('is null for an eligible home (zero case)', () => {
    expect(cf(ctxOf(subjectOf(childOf()), homeOf()))).toBeNull();
  });
  it('names the one change when one rule is broken', () => {
    expect(cf(ctxOf(subjectOf(childOf()), homeOf({ freePlaces: 0 })))).toBe('Would be eligible with 1 more free place.');
    expect(cf(ctxOf(subjectOf(childOf()), homeOf({ ofsted: 'inadequate' })))).toBe('Would be eligible with an Ofsted override (recorded with a reason).');
    expect(cf(ctxOf(subjectOf(childOf({ needs: { behaviour: 4 } })), homeOf()))).toBe('Would be eligible with a needs-gap override (recorded with a reason).');
  });
  it('is null when two rules are broken, or the rule admits no change', () => {
    expect(cf(ctxOf(subjectOf(childOf()), homeOf({ freePlaces: 0, ofsted: 'inadequate' })))).toBeNull();
    expect(cf(ctxOf(subjectOf(childOf({ avoidDistricts: ['CV2'] })), homeOf({ district: 'CV2' })))).toBeNull();
  });
});
