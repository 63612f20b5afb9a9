import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, SOFT_FACTOR_IDS } from '../../domain/index.js';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { FACTORS } from './index.js';

describe('factor registry', () => {
  it('lists every soft factor once, in SOFT_FACTOR_IDS order', () => {
    expect(FACTORS.map((f) => f.id)).toEqual([...SOFT_FACTOR_IDS]);
  });
  it('every factor returns score in 0..1, impact = weight x score, and one sentence', () => {
    for (const f of FACTORS) {
      const r = f.evaluate(ctxOf(subjectOf(childOf()), homeOf()));
      expect(r.score, f.id).toBeGreaterThanOrEqual(0);
      expect(r.score, f.id).toBeLessThanOrEqual(1);
      expect(r.impact, f.id).toBe(r.weight * r.score);
      expect(r.sentence, f.id).toMatch(/\.$/);
    }
  });
  it('a zero weight zeroes the impact (every factor)', () => {
    const zero = { ...DEFAULT_POLICY, weights: Object.fromEntries(SOFT_FACTOR_IDS.map((id) => [id, 0])) as typeof DEFAULT_POLICY.weights };
    for (const f of FACTORS) expect(f.evaluate(ctxOf(subjectOf(childOf({ connected: new Map([['H-1', 'aunt']]) })), homeOf(), { policy: zero })).impact).toBe(0);
  });
});
