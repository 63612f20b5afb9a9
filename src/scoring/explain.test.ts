import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HARD_RULE_IDS, SOFT_FACTOR_IDS, ExplanationSchema, DEFAULT_POLICY } from '../domain/index.js';
import { brokenRules, explain, isEligible } from './explain.js';
import { fakeGeography, homesArb, subjectArb } from './testing/arbitraries.js';
import { childOf, ctxOf, homeOf, subjectOf } from './testing/fixtures.js';

describe('explain', () => {
  it('has the fixed shape: total, every factor (no-effect ones too), every rule', () => {
    const e = explain(ctxOf(subjectOf(childOf()), homeOf()));
    expect(ExplanationSchema.parse(e)).toEqual(e);
    expect(e.factors.map((f) => f.id)).toEqual([...SOFT_FACTOR_IDS]);
    expect(e.rules.map((r) => r.id)).toEqual([...HARD_RULE_IDS]);
    expect(e.factors.some((f) => f.impact === 0)).toBe(true);
  });
  it('impacts sum to the total (property)', () => {
    fc.assert(
      fc.property(homesArb(1, 5).chain((hs) => fc.tuple(fc.constant(hs), subjectArb(hs.length))), ([homes, subject]) => {
        for (const home of homes) {
          const e = explain({ subject, home, policy: DEFAULT_POLICY, overrides: [], geo: fakeGeography() });
          const sum = e.factors.reduce((t, f) => t + f.impact, 0);
          expect(Math.abs(sum - e.total)).toBeLessThanOrEqual(1e-9);
          for (const f of e.factors) expect(Math.abs(f.impact - f.weight * f.score)).toBeLessThanOrEqual(1e-12);
        }
      }),
      { numRuns: 100 },
    );
  });
  it('lists every broken rule, not only the first', () => {
    const ctx = ctxOf(subjectOf(childOf({ age: 9 })), homeOf({ freePlaces: 0, ofsted: 'inadequate', registration: 'unregistered' }));
    expect(brokenRules(ctx).map((r) => r.id)).toEqual(['registration', 'ofsted_inadequate', 'free_places']);
    expect(isEligible(explain(ctx).rules)).toBe(false);
    expect(brokenRules(ctx, ['free_places']).map((r) => r.id)).toEqual(['free_places']);
  });
});
