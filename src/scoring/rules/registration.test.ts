import { describe, expect, it } from 'vitest';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { registrationRule } from './registration.js';

describe('registration rule', () => {
  const s = subjectOf(childOf());
  it('passes a registered home (neutral case: nothing to report)', () => {
    const r = registrationRule.evaluate(ctxOf(s, homeOf()));
    expect(r).toMatchObject({ id: 'registration', level: 'hard', passed: true, overridden: false, facts: { registration: 'registered' } });
  });
  it('fails an unregistered home, with no counterfactual', () => {
    const ctx = ctxOf(s, homeOf({ registration: 'unregistered' }));
    const r = registrationRule.evaluate(ctx);
    expect(r.passed).toBe(false);
    expect(r.sentence).toMatch(/unregistered/);
    expect(registrationRule.counterfactual(ctx, r)).toBeNull();
  });
  it('fails a pending registration; eligible once granted', () => {
    const ctx = ctxOf(s, homeOf({ registration: 'pending' }));
    const r = registrationRule.evaluate(ctx);
    expect(r.passed).toBe(false);
    expect(registrationRule.counterfactual(ctx, r)).toBe('once its registration is granted');
  });
});
