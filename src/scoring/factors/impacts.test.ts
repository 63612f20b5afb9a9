import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fakeGeography, homesArb, policyArb, subjectArb } from '../testing/arbitraries.js';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { FACTOR_BY_ID, FACTOR_IMPACTS } from './index.js';

describe('FACTOR_IMPACTS (impact-only fast paths)', () => {
  const geo = fakeGeography();
  it('each equals its factor module to the last bit: impact(ctx) === evaluate(ctx).impact (property)', () => {
    fc.assert(
      fc.property(homesArb(1, 6).chain((hs) => fc.tuple(fc.constant(hs), subjectArb(hs.length), policyArb)), ([homes, subject, policy]) => {
        for (const home of homes) {
          const ctx = ctxOf(subject, home, { policy, geo });
          for (const [id, impact] of FACTOR_IMPACTS) expect(Object.is(impact(ctx), FACTOR_BY_ID.get(id)?.evaluate(ctx).impact), id).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
  it('score the hand-built cases as the modules do (kinship, wishes, culture)', () => {
    const kin = ctxOf(subjectOf(childOf({ connected: new Map([['H-1', 'aunt']]) })), homeOf({ id: 'H-1', type: 'connected_person_foster' }));
    expect(FACTOR_IMPACTS.get('kinship')?.(kin)).toBe(kin.policy.weights.kinship);
    const plain = ctxOf(subjectOf(childOf()), homeOf());
    expect(FACTOR_IMPACTS.get('wishes')?.(plain)).toBe(0);
    expect(FACTOR_IMPACTS.get('culture')?.(plain)).toBe(0);
  });
});
