import { describe, expect, it } from 'vitest';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { ageSexRegistrationRule } from './age-sex-registration.js';

describe('age_sex_registration rule', () => {
  it('passes a child inside the range and an accepted sex (neutral: 0-17, both sexes)', () => {
    expect(ageSexRegistrationRule.evaluate(ctxOf(subjectOf(childOf({ age: 0 })), homeOf())).passed).toBe(true);
  });
  it('fails an age outside the registration, with the range it would need', () => {
    const ctx = ctxOf(subjectOf(childOf({ age: 9 })), homeOf({ ageRange: { min: 11, max: 17 } }));
    const r = ageSexRegistrationRule.evaluate(ctx);
    expect(r.passed).toBe(false);
    expect(r.sentence).toMatch(/ages 11-17/);
    expect(ageSexRegistrationRule.counterfactual(ctx, r)).toBe('if its registration covered ages 9-17');
  });
  it('fails a sex the home does not accept', () => {
    const ctx = ctxOf(subjectOf(childOf({ sex: 'male' })), homeOf({ sexesAccepted: ['female'] }));
    const r = ageSexRegistrationRule.evaluate(ctx);
    expect(r).toMatchObject({ passed: false, facts: { sexesNotAccepted: ['male'] } });
    expect(ageSexRegistrationRule.counterfactual(ctx, r)).toMatch(/accepted male/);
  });
  it('limits a connected-person carer to the children connected to it', () => {
    const home = homeOf({ id: 'H-K', type: 'connected_person_foster' });
    const stranger = ageSexRegistrationRule.evaluate(ctxOf(subjectOf(childOf()), home));
    expect(stranger).toMatchObject({ passed: false, facts: { connectedPersonApprovalOnly: true } });
    const grandchild = childOf({ connected: new Map([['H-K', 'grandparent']]) });
    expect(ageSexRegistrationRule.evaluate(ctxOf(subjectOf(grandchild), home)).passed).toBe(true);
  });
  it('gives no counterfactual when two things are wrong', () => {
    const ctx = ctxOf(subjectOf(childOf({ age: 9, sex: 'male' })), homeOf({ ageRange: { min: 11, max: 17 }, sexesAccepted: ['female'] }));
    expect(ageSexRegistrationRule.counterfactual(ctx, ageSexRegistrationRule.evaluate(ctx))).toBeNull();
  });
});
