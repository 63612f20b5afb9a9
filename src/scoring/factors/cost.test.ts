import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../domain/index.js';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { costFactor, costScore, marginalCost, money } from './cost.js';

describe('cost factor', () => {
  const t = DEFAULT_POLICY.thresholds;
  it('scores 1 for a free placement and 0 at the ceiling (zero case)', () => {
    expect(costScore(0, false, t)).toBe(1);
    expect(costScore(t.costCeilingAnnual, false, t)).toBe(0);
    expect(costScore(2 * t.costCeilingAnnual, false, t)).toBe(0);
  });
  it('treats an empty block bed as near zero marginal cost', () => {
    const block = costFactor.evaluate(ctxOf(subjectOf(childOf()), homeOf({ type: 'external_childrens_home', annualCost: 175725, contract: 'block' })));
    const spot = costFactor.evaluate(ctxOf(subjectOf(childOf()), homeOf({ type: 'external_childrens_home', annualCost: 175725, contract: 'spot' })));
    expect(block.facts.marginalCost).toBeCloseTo(marginalCost(175725, true, t.blockMarginalCostShare), 2);
    expect(block.score).toBeGreaterThan(0.97);
    expect(spot.score).toBeCloseTo(1 - 175725 / t.costCeilingAnnual, 12);
    expect(block.sentence).toBe('A block-contract bed (£175,725 a year, already paid for): about £8,786 extra.');
    expect(money(0)).toBe('£0');
    expect(money(1234567.4)).toBe('£1,234,567');
  });
});
