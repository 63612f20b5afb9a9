import { describe, expect, it } from 'vitest';
import { reportGap } from './report.js';

describe('reportGap', () => {
  it('divides the shortfall by the placement score, not by an objective full of penalty constants', () => {
    // objective -7,000 (penalties of unplaced children) vs bound -6,990: 10 points short on 2,000 points of placements
    expect(reportGap('feasible', -6_990, -7_000, [{ score: 1_500 }, { score: 500 }])).toBeCloseTo(0.005, 12);
    // the same shortfall whatever constant both carry
    expect(reportGap('feasible', 1e8 + 10, 1e8, [{ score: 2_000 }])).toBeCloseTo(0.005, 12);
  });

  it('is 0 when optimal, Infinity when infeasible, never negative, and safe with no placements', () => {
    expect(reportGap('optimal', 5, 5, [{ score: 3 }])).toBe(0);
    expect(reportGap('infeasible', 5, 0, [])).toBe(Infinity);
    expect(reportGap('feasible', 5, 5.0000001, [{ score: 3 }])).toBe(0);
    expect(reportGap('feasible', 10, 4, [])).toBe(6);
  });
});
