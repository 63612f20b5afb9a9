import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteForce } from './brute-force.js';
import { compileProblem } from './compile.js';
import { relaxAndDive, relaxationPrices, roundBound } from './groups.js';
import { capacityLagrangian } from './lagrangian.js';
import { minCostTransport } from './min-cost-flow.js';
import { randomProblem, tinyRandomProblem } from './random-problems.js';
import { internalObjective } from './result.js';

describe('relaxAndDive (flow relaxation, dive, Lagrangian bound)', () => {
  it('places a sibling group whole, and bounds a split relaxation', () => {
    // group g (3 places) is worth 30 in h1 (3 places) or 24 in h2 (2 places, cannot fit);
    // singles a, b want h1 at 12 each and have h3 at 1.
    const cp = compileProblem({
      sense: 'max',
      targets: [{ id: 'h1', capacity: 3 }, { id: 'h2', capacity: 2 }, { id: 'h3', capacity: 2 }],
      units: [
        { id: 'g', size: 3, mustAssign: false, candidates: [{ target: 'h1', value: 30 }, { target: 'h2', value: 24 }] },
        { id: 'a', size: 1, mustAssign: false, candidates: [{ target: 'h1', value: 12 }, { target: 'h3', value: 1 }] },
        { id: 'b', size: 1, mustAssign: false, candidates: [{ target: 'h1', value: 12 }, { target: 'h3', value: 1 }] },
      ],
    });
    const out = relaxAndDive(cp);
    expect(out.kind).toBe('solved');
    if (out.kind !== 'solved') return;
    // optimum: a, b in h1 (24) + g nowhere (h1 lacks room) = 24 vs g in h1 (30) + a, b in h3 (2) = 32
    expect(internalObjective(cp, out.solution.assignedEdge)).toBe(32);
    expect(out.solution.bound).toBeGreaterThanOrEqual(32);
  });

  it('is exact (proven) when every size is 1', () => {
    const out = relaxAndDive(compileProblem(randomProblem({ children: 200, seed: 3 })));
    expect(out.kind === 'solved' && out.solution.proven).toBe(true);
  });

  it('proves infeasibility when even the relaxation cannot place the compulsory units', () => {
    const out = relaxAndDive(
      compileProblem({
        sense: 'max', targets: [{ id: 'h', capacity: 2 }],
        units: [
          { id: 'a', size: 2, mustAssign: true, candidates: [{ target: 'h', value: 1 }] },
          { id: 'b', size: 1, mustAssign: true, candidates: [{ target: 'h', value: 1 }] },
        ],
      }),
    );
    expect(out.kind).toBe('infeasible');
    if (out.kind === 'infeasible') expect(out.proven).toBe(true);
  });

  it('rounds integral bounds down only when every value is an integer', () => {
    const ints = compileProblem({ sense: 'max', targets: [], units: [] });
    expect(roundBound(ints, 10.9999999999)).toBe(11);
    expect(roundBound(ints, 10.6)).toBe(10);
    const reals = compileProblem({ sense: 'max', targets: [{ id: 'h', capacity: 1 }], units: [{ id: 'a', size: 1, mustAssign: false, candidates: [{ target: 'h', value: 0.5 }] }] });
    expect(roundBound(reals, 10.6)).toBe(10.6);
  });

  it('relaxationPrices: the flow relaxation and the Lagrangian at its prices bound the optimum', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const p = tinyRandomProblem(seed, { maxUnits: 7 });
        const cp = compileProblem(p);
        const rp = relaxationPrices(cp);
        const bf = bruteForce(p);
        if (rp === null) {
          // only with a usable candidate of size 0
          let zero = false;
          for (let e = 0; e < cp.nEdges; e++) if (cp.edgeSize[e] === 0) zero = true;
          expect(zero).toBe(true);
          return;
        }
        for (const x of rp.prices) expect(x).toBeGreaterThanOrEqual(0);
        if (bf.objective === null) return;
        const opt = cp.sign * bf.objective;
        expect(rp.value).toBeGreaterThanOrEqual(opt - 1e-9);
        expect(capacityLagrangian(cp, rp.prices).value).toBeGreaterThanOrEqual(opt - 1e-9);
      }),
      { numRuns: 500 },
    );
  });

  it('relaxationPrices: equals the exact optimum when every size is 1', () => {
    const p = randomProblem({ children: 150, seed: 5 });
    const cp = compileProblem(p);
    const rp = relaxationPrices(cp);
    const out = relaxAndDive(cp);
    expect(rp).not.toBeNull();
    expect(out.kind).toBe('solved');
    if (!rp || out.kind !== 'solved') return;
    expect(rp.value).toBeCloseTo(internalObjective(cp, out.solution.assignedEdge), 6);
  });

  it('returns a feasible assignment and an honest bound on random problems with sizes', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const p = tinyRandomProblem(seed, { maxUnits: 7 });
        const cp = compileProblem(p);
        const out = relaxAndDive(cp);
        const bf = bruteForce(p);
        if (out.kind === 'infeasible') {
          if (out.proven) expect(bf.objective).toBeNull();
          return;
        }
        expect(bf.objective).not.toBeNull();
        const opt = cp.sign * bf.objective!;
        const obj = internalObjective(cp, out.solution.assignedEdge);
        expect(obj).toBeLessThanOrEqual(opt + 1e-9);
        expect(out.solution.bound).toBeGreaterThanOrEqual(opt - 1e-9);
      }),
      { numRuns: 500 },
    );
  });
});

describe('relaxAndDive warm-started rounds', () => {
  it('solve every round after the first to the cost of a cold solve (sizes > 1, optional units, size 0)', () => {
    let warmRounds = 0;
    let fewer = 0;
    fc.assert(
      fc.property(fc.integer(), fc.boolean(), (seed, tiny) => {
        const cp = compileProblem(
          tiny
            ? tinyRandomProblem(seed, { maxUnits: 8 })
            : randomProblem({ children: 20 + (Math.abs(seed) % 60), seed, candidates: 8 + (Math.abs(seed) % 30), groupShare: 0.25, soloShare: 0.1, mustShare: 0.1, maxPlaces: 3 }),
        );
        let round = 0;
        const out = relaxAndDive(cp, {
          onFlow: (input, res) => {
            round++;
            if (round === 1) return;
            const cold = minCostTransport({ ...input, flowInto: undefined });
            expect(res.failed.length === 0).toBe(cold.failed.length === 0);
            if (cold.failed.length > 0) return;
            expect(res.cost).toBeCloseTo(cold.cost, 9);
            warmRounds++;
            if (res.searches < cold.searches) fewer++;
          },
        });
        // the warm-started dive is a dive: feasible, its bound no lower than its objective
        if (out.kind === 'solved') expect(out.solution.bound).toBeGreaterThanOrEqual(internalObjective(cp, out.solution.assignedEdge) - 1e-9);
      }),
      { numRuns: 300 },
    );
    // (about 210 and 200 of them)
    expect(warmRounds).toBeGreaterThan(100);
    expect(fewer).toBeGreaterThan(80);
  });
});

describe('relaxAndDive / relaxationPrices work arrays (reused from one call to the next)', () => {
  it('give the same results whatever was solved before', () => {
    const diveSnapshot = (cp: ReturnType<typeof compileProblem>): string => {
      const out = relaxAndDive(cp);
      if (out.kind !== 'solved') return JSON.stringify(out);
      const s = out.solution;
      return JSON.stringify([Array.from(s.assignedEdge), s.bound, s.proven, Array.from(out.lambda), out.rounds, out.fixedUnits, out.searches, out.boundIterations]);
    };
    const pricesSnapshot = (cp: ReturnType<typeof compileProblem>): string => {
      const r = relaxationPrices(cp);
      return r ? JSON.stringify([r.value, Array.from(r.prices)]) : 'null';
    };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 20, max: 120 }), fc.integer({ min: 5, max: 200 }), (seed, nA, nB) => {
        // sibling groups and solo children: the dive fixes units and solves several flows
        const a = compileProblem(randomProblem({ children: nA, seed, candidates: 40, groupShare: 0.2, soloShare: 0.05 }));
        const b = compileProblem(randomProblem({ children: nB, seed: seed + 1, candidates: 10, groupShare: 0.1, mustShare: 0.1 }));
        const dive = diveSnapshot(a);
        const prices = pricesSnapshot(a);
        diveSnapshot(b);
        pricesSnapshot(b);
        expect(diveSnapshot(a)).toBe(dive);
        expect(pricesSnapshot(a)).toBe(prices);
      }),
      { numRuns: 25 },
    );
  });
});
