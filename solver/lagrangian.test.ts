import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteForce } from './brute-force.js';
import { compileProblem } from './compile.js';
import { capacityLagrangian, improveCapacityPrices } from './lagrangian.js';
import { tinyRandomProblem } from './random-problems.js';
import { mulberry32 } from './random-problems.js';

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

describe('improveCapacityPrices with the caller\'s own first evaluation', () => {
  it('gives the same bound, prices and steps as evaluating it again', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.double({ min: 0, max: 40, noNaN: true }), { minLength: 4, maxLength: 4 }), (seed, prices) => {
        const cp = compileProblem(tinyRandomProblem(seed));
        const lambda = Float64Array.from(prices.slice(0, cp.nTargets));
        const L = capacityLagrangian(cp, lambda);
        const target = L.value - 5;
        const plain = improveCapacityPrices(cp, lambda, target, 20);
        const started = improveCapacityPrices(cp, lambda, target, 20, undefined, L);
        expect(started.bound).toBe(plain.bound);
        expect(started.iterations).toBe(plain.iterations);
        expect(Array.from(started.lambda)).toEqual(Array.from(plain.lambda));
      }),
      { numRuns: 200 },
    );
  });
});

describe('capacityLagrangian with many candidates per unit (best-first index)', () => {
  it('gives the value and place use of a plain scan, ties to the lowest edge, disabled edges ignored', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.constantFrom(0, 0, 0.5, 1, 3, 7.25), { minLength: 6, maxLength: 6 }),
        fc.boolean(),
        (seed, prices, mask) => {
          // 2-6 units with 26-60 candidates over 6 targets: few distinct values, so many ties
          const rnd = mulberry32(seed);
          const units = Array.from({ length: 2 + Math.floor(rnd() * 5) }, (_, u) => ({
            id: `u${u}`,
            size: 1,
            mustAssign: rnd() < 0.2,
            candidates: Array.from({ length: 26 + Math.floor(rnd() * 35) }, () => ({
              target: `t${Math.floor(rnd() * 6)}`,
              value: Math.floor(rnd() * 8) - 2,
              size: Math.floor(rnd() * 3),
            })),
          }));
          const cp = compileProblem({ sense: 'max', targets: Array.from({ length: 6 }, (_, t) => ({ id: `t${t}`, capacity: 2 })), units });
          const lambda = Float64Array.from(prices);
          const enabled = mask ? Uint8Array.from({ length: cp.nEdges }, () => (rnd() < 0.8 ? 1 : 0)) : undefined;
          // the plain scan
          let value = 0;
          const used = new Float64Array(cp.nTargets);
          let infinite = false;
          for (let t = 0; t < cp.nTargets; t++) value += lambda[t]! * cp.capacity[t]!;
          for (let u = 0; u < cp.nUnits; u++) {
            let best = cp.must[u] === 1 ? -Infinity : 0;
            let bestE = -1;
            for (let e = cp.edgeStart[u]!; e < cp.edgeStart[u + 1]!; e++) {
              if (enabled && enabled[e] === 0) continue;
              const r = cp.edgeValue[e]! - lambda[cp.edgeTarget[e]!]! * cp.edgeSize[e]!;
              if (r > best) {
                best = r;
                bestE = e;
              }
            }
            if (best === -Infinity) infinite = true;
            value += best;
            if (bestE >= 0) used[cp.edgeTarget[bestE]!]! += cp.edgeSize[bestE]!;
          }
          const ev = capacityLagrangian(cp, lambda, enabled);
          if (infinite) {
            expect(ev.value).toBe(Infinity);
            return;
          }
          expect(ev.value).toBe(value);
          expect(Array.from(ev.used)).toEqual(Array.from(used));
        },
      ),
      { numRuns: 300 },
    );
  });
});
