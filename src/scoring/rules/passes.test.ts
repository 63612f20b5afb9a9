import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fakeGeography, homesArb, policyArb, subjectArb } from '../testing/arbitraries.js';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { RULE_PASSES, RULES } from './index.js';

describe('RULE_PASSES (verdict-only fast paths)', () => {
  const geo = fakeGeography();
  it('each agrees with its rule module: passes(ctx) === evaluate(ctx).passed (property)', () => {
    fc.assert(
      fc.property(homesArb(1, 6).chain((hs) => fc.tuple(fc.constant(hs), subjectArb(hs.length), policyArb)), ([homes, subject, policy]) => {
        for (const home of homes) {
          const ctx = ctxOf(subject, home, { policy, geo });
          RULES.forEach((r, k) => expect(RULE_PASSES[k]?.passes(ctx), r.id).toBe(r.evaluate(ctx).passed));
        }
      }),
      { numRuns: 300 },
    );
  });
  it('fail where their rules fail (hand-built cases)', () => {
    const failing = (ctx: ReturnType<typeof ctxOf>) => RULE_PASSES.filter((r) => !r.passes(ctx)).map((r) => r.id);
    expect(failing(ctxOf(subjectOf(childOf()), homeOf()))).toEqual([]);
    expect(failing(ctxOf(subjectOf(childOf()), homeOf({ freePlaces: 0, ofsted: 'inadequate' })))).toEqual(['ofsted_inadequate', 'free_places']);
    expect(failing(ctxOf(subjectOf(childOf({ avoidDistricts: ['CV2'] })), homeOf({ district: 'CV2' })))).toEqual(['avoid_area']);
    expect(failing(ctxOf(subjectOf(childOf({ needs: { behaviour: 4 } })), homeOf()))).toEqual(['needs_gap']);
  });
});
