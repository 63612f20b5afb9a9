import { describe, expect, it } from 'vitest';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { emergencyRule } from './emergency.js';

describe('emergency rule', () => {
  it('does not apply to a planned referral (neutral case)', () => {
    expect(emergencyRule.evaluate(ctxOf(subjectOf(childOf()), homeOf({ emergency: false }))).passed).toBe(true);
  });
  it('fails a same-day referral to a home that takes no emergencies', () => {
    const ctx = ctxOf(subjectOf(childOf({ urgency: 'same_day' })), homeOf({ emergency: false }));
    const r = emergencyRule.evaluate(ctx);
    expect(r).toMatchObject({ passed: false, facts: { sameDay: true, takesEmergencies: false } });
    expect(emergencyRule.counterfactual(ctx, r)).toMatch(/emergency placement/);
  });
  it('passes a same-day referral to an emergency home', () => {
    expect(emergencyRule.evaluate(ctxOf(subjectOf(childOf({ urgency: 'same_day' })), homeOf({ emergency: true }))).passed).toBe(true);
  });
});
