import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteForce } from './brute-force.js';
import { compileProblem } from './compile.js';
import { capacityLagrangian, improveCapacityPrices } from './lagrangian.js';
import { tinyRandomProblem } from './random-problems.js';

describe('capacity-priced Lagrangian bound', () => {
  it('at zero prices is the sum of each unit best value (or 0 when optional)', () => {
    const cp = compileProblem({
      sense: 'max', targets: [{ id: 'h', capacity: 1 }],
      units: [
        { id: 'a', size: 1, mustAssign: false, candidates: [{ target: 'h', value: 5 }] },
        { id: 'b', size: 1, mustAssign: false, candidates: [{ target: 'h', value: -2 }] },
        { id: 'c', size: 1, mustAssign: true, candidates: [{ target: 'h', value: -3 }] },
      ],
    });
    expect(capacityLagrangian(cp, new Float64Array(1)).value).toBe(2);
  });

  it('is an upper bound on the optimum for any non-negative prices, and improving keeps it one', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.double({ min: 0, max: 40, noNaN: true }), { minLength: 4, maxLength: 4 }), (seed, prices) => {
        const p = tinyRandomProblem(seed);
        const bf = bruteForce(p);
        if (bf.objective === null) return;
        const cp = compileProblem(p);
        const lambda = Float64Array.from(prices.slice(0, cp.nTargets));
        const opt = cp.sign * bf.objective;
        const L = capacityLagrangian(cp, lambda).value;
        expect(L).toBeGreaterThanOrEqual(opt - 1e-9);
        const imp = improveCapacityPrices(cp, lambda, opt, 30);
        expect(imp.bound).toBeLessThanOrEqual(L + 1e-9);
        expect(imp.bound).toBeGreaterThanOrEqual(opt - 1e-9);
        for (const x of imp.lambda) expect(x).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 400 },
    );
  });
});
