import { describe, expect, it } from 'vitest';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { ofstedInadequateRule } from './ofsted-inadequate.js';

describe('ofsted_inadequate rule', () => {
  const s = subjectOf(childOf());
  it('passes any rating but Inadequate (neutral: not yet inspected)', () => {
    expect(ofstedInadequateRule.evaluate(ctxOf(s, homeOf({ ofsted: 'not_yet_inspected' }))).passed).toBe(true);
    expect(ofstedInadequateRule.evaluate(ctxOf(s, homeOf({ ofsted: 'requires_improvement' }))).passed).toBe(true);
  });
  it('fails Inadequate; the counterfactual is an override', () => {
    const ctx = ctxOf(s, homeOf({ ofsted: 'inadequate' }));
    const r = ofstedInadequateRule.evaluate(ctx);
    expect(r).toMatchObject({ passed: false, overridden: false });
    expect(ofstedInadequateRule.counterfactual(ctx, r)).toMatch(/Ofsted override/);
  });
  it('is overridden by a recorded override naming the home, and records the reason', () => {
    const overrides = [{ rule: 'ofsted_inadequate' as const, homeIds: ['H-1'], reason: 'Only home with a specialist therapist nearby', approver: 'DCS' }];
    const r = ofstedInadequateRule.evaluate(ctxOf(s, homeOf({ ofsted: 'inadequate' }), { overrides }));
    expect(r).toMatchObject({ passed: false, overridden: true, facts: { overrideReason: overrides[0]?.reason, overrideApprover: 'DCS' } });
  });
  it('ignores an override for another home', () => {
    const overrides = [{ rule: 'ofsted_inadequate' as const, homeIds: ['H-2'], reason: 'Only home with a specialist therapist nearby' }];
    expect(ofstedInadequateRule.evaluate(ctxOf(s, homeOf({ ofsted: 'inadequate' }), { overrides })).overridden).toBe(false);
  });
});
