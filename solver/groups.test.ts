import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteForce } from './brute-force.js';
import { compileProblem, type CompiledProblem } from './compile.js';
import { liftRelaxedFlow, relaxAndDive, relaxationPrices, roundBound } from './groups.js';
import { capacityLagrangian } from './lagrangian.js';
import { minCostTransport } from './min-cost-flow.js';
import { mulberry32, randomProblem, tinyRandomProblem } from './random-problems.js';
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

describe('relaxAndDive with the edges by target given (`byTarget`)', () => {
  it('gives the same dive as the index it builds itself, making the index only when a round needs it', () => {
    let made = 0;
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const cp = compileProblem(randomProblem({ children: 20 + (Math.abs(seed) % 60), seed, candidates: 8 + (Math.abs(seed) % 30), groupShare: 0.25, soloShare: 0.1, maxPlaces: 3 }));
        const byTarget = () => {
          made++;
          const start = new Int32Array(cp.nTargets + 1);
          for (let e = 0; e < cp.nEdges; e++) start[cp.edgeTarget[e]! + 1]!++;
          for (let t = 0; t < cp.nTargets; t++) start[t + 1]! += start[t]!;
          const fill = start.slice(0, cp.nTargets);
          const edge = new Int32Array(cp.nEdges);
          const source = new Int32Array(cp.nEdges);
          for (let u = 0; u < cp.nUnits; u++) {
            for (let e = cp.edgeStart[u]!; e < cp.edgeStart[u + 1]!; e++) {
              const q = fill[cp.edgeTarget[e]!]!++;
              edge[q] = e;
              source[q] = u;
            }
          }
          return { start, edge, source };
        };
        const a = relaxAndDive(cp);
        const b = relaxAndDive(cp, { byTarget });
        expect(JSON.stringify(b, (_, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Int32Array) : v))).toBe(
          JSON.stringify(a, (_, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Int32Array) : v)),
        );
      }),
      { numRuns: 100 },
    );
    expect(made).toBeGreaterThan(10);
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

/** The problem with only the units of `active` (in order), as a problem of its own: its unit u is `unitOf[u]`. */
function subProblem(cp: CompiledProblem, active: Uint8Array): { sub: CompiledProblem; unitOf: Int32Array } {
  const units: number[] = [];
  for (let u = 0; u < cp.nUnits; u++) if (active[u] === 1) units.push(u);
  const edgeStart = new Int32Array(units.length + 1);
  let nEdges = 0;
  units.forEach((u, i) => {
    edgeStart[i] = nEdges;
    nEdges += cp.edgeStart[u + 1]! - cp.edgeStart[u]!;
  });
  edgeStart[units.length] = nEdges;
  const edgeTarget = new Int32Array(nEdges);
  const edgeValue = new Float64Array(nEdges);
  const edgeSize = new Int32Array(nEdges);
  units.forEach((u, i) => {
    const a = cp.edgeStart[u]!;
    const b = cp.edgeStart[u + 1]!;
    edgeTarget.set(cp.edgeTarget.subarray(a, b), edgeStart[i]!);
    edgeValue.set(cp.edgeValue.subarray(a, b), edgeStart[i]!);
    edgeSize.set(cp.edgeSize.subarray(a, b), edgeStart[i]!);
  });
  const sub: CompiledProblem = {
    ...cp, nUnits: units.length, unitIds: units.map((u) => cp.unitIds[u]!), edgeStart, edgeTarget, edgeValue, edgeSize,
    must: Uint8Array.from(units, (u) => cp.must[u]!), nEdges, valueTop: undefined,
  };
  delete (sub as { valueTop?: unknown }).valueTop;
  return { sub, unitOf: Int32Array.from(units) };
}

/**
 * The dual objective of the flow relaxation of the active units at target prices `pi` (>= 0): sum of pi x
 * capacity, plus per active unit sigma x max(0, best value / sigma - price), sigma its smallest usable size.
 * Every such value bounds the relaxation; it equals it exactly at optimal dual prices.
 */
function relaxationDual(cp: CompiledProblem, active: Uint8Array, pi: Float64Array): number {
  let d = 0;
  for (let t = 0; t < cp.nTargets; t++) d += pi[t]! * cp.capacity[t]!;
  for (let u = 0; u < cp.nUnits; u++) {
    if (active[u] !== 1) continue;
    let sigma = Infinity;
    for (let e = cp.edgeStart[u]!; e < cp.edgeStart[u + 1]!; e++) {
      if (cp.edgeSize[e]! <= cp.capacity[cp.edgeTarget[e]!]!) sigma = Math.min(sigma, cp.edgeSize[e]!);
    }
    if (sigma === Infinity) continue;
    let best = 0;
    for (let e = cp.edgeStart[u]!; e < cp.edgeStart[u + 1]!; e++) {
      if (cp.edgeSize[e]! <= cp.capacity[cp.edgeTarget[e]!]!) best = Math.max(best, cp.edgeValue[e]! / sigma - pi[cp.edgeTarget[e]!]!);
    }
    d += sigma * best;
  }
  return d;
}

/** A random active mask (each unit in with probability `share`). */
function randomMask(n: number, rnd: () => number, share: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => (rnd() < share ? 1 : 0));
}

describe('relaxationPrices warm-started from another relaxation of the same problem', () => {
  const problemOf = (seed: number, tiny: boolean): CompiledProblem =>
    compileProblem(
      tiny
        ? tinyRandomProblem(seed, { maxUnits: 8 })
        : randomProblem({ children: 20 + (Math.abs(seed) % 80), seed, candidates: 6 + (Math.abs(seed) % 40), groupShare: 0.3, soloShare: 0.1, mustShare: 0.1, maxPlaces: 3 }),
    );

  it('with units left out, equals the relaxation of the problem without them', () => {
    fc.assert(
      fc.property(fc.integer(), fc.boolean(), (seed, tiny) => {
        const cp = problemOf(seed, tiny);
        const active = randomMask(cp.nUnits, mulberry32(seed ^ 0x5bd1e995), 0.7);
        const { sub } = subProblem(cp, active);
        const a = relaxationPrices(cp, { active });
        const b = relaxationPrices(sub);
        expect(a === null).toBe(b === null);
        if (!a || !b) return;
        expect(a.value).toBeCloseTo(b.value, 9);
      }),
      { numRuns: 300 },
    );
  });

  it('equals a cold solve in value over chained toggles of units, at optimal dual prices', () => {
    let warm = 0;
    fc.assert(
      fc.property(fc.integer(), fc.boolean(), fc.integer({ min: 1, max: 4 }), (seed, tiny, chain) => {
        const cp = problemOf(seed, tiny);
        const rnd = mulberry32(seed ^ 0x2545f491);
        let active = randomMask(cp.nUnits, rnd, 0.7);
        let prev = relaxationPrices(cp, { active });
        for (let step = 0; step < chain && prev !== null; step++) {
          // a few units toggled (as the incumbent's sibling modes differ from a mode round's), or many
          const flip = rnd() < 0.7 ? 0.1 : 0.5;
          active = Uint8Array.from(active, (x) => (rnd() < flip ? 1 - x : x));
          const cold = relaxationPrices(cp, { active });
          const hot = relaxationPrices(cp, { active, from: prev.flow });
          expect(hot === null).toBe(cold === null);
          if (!cold || !hot) return;
          expect(hot.value).toBeCloseTo(cold.value, 9);
          for (const x of hot.prices) expect(x).toBeGreaterThanOrEqual(0);
          // its prices are optimal duals of the relaxation (LP duality: the dual's value at them is the flow's)
          expect(relaxationDual(cp, active, hot.prices)).toBeCloseTo(hot.value, 6);
          warm++;
          prev = hot;
        }
      }),
      { numRuns: 300 },
    );
    expect(warm).toBeGreaterThan(300);
  });

  it("from the dive's first flow of a sub-problem, lifted to the whole problem", () => {
    let checked = 0;
    fc.assert(
      fc.property(fc.integer(), fc.boolean(), (seed, tiny) => {
        const cp = problemOf(seed, tiny);
        const rnd = mulberry32(seed ^ 0x68e31da4);
        const a0 = randomMask(cp.nUnits, rnd, 0.8);
        const { sub, unitOf } = subProblem(cp, a0);
        const out = relaxAndDive(sub, { keepRelaxation: true, boundIterations: 0 });
        if (out.kind !== 'solved' || !out.relaxation) return;
        // the kept flow is the relaxation's: its value
        const own = relaxationPrices(sub);
        expect(own).not.toBeNull();
        const lifted = liftRelaxedFlow(out.relaxation, sub.edgeStart, unitOf, cp.edgeStart, cp.nTargets);
        expect(Array.from(lifted.active!)).toEqual(Array.from(a0));
        const a1 = Uint8Array.from(a0, (x) => (rnd() < 0.15 ? 1 - x : x));
        const cold = relaxationPrices(cp, { active: a1 });
        const hot = relaxationPrices(cp, { active: a1, from: lifted });
        expect(hot === null).toBe(cold === null);
        if (!cold || !hot) return;
        expect(hot.value).toBeCloseTo(cold.value, 9);
        // nothing toggled: the flow is taken over as it is
        const same = relaxationPrices(cp, { active: a0, from: lifted });
        expect(same!.value).toBeCloseTo(own!.value, 9);
        checked++;
      }),
      { numRuns: 300 },
    );
    expect(checked).toBeGreaterThan(150);
  });

  it('lists the lifted loaded edges ascending even when the units are not in order', () => {
    // whole: units 0 (edges 0-1), 1 (edge 2), 2 (edges 3-4); sub: units 2, 0 (in that order)
    const flow = {
      active: null,
      loaded: Int32Array.from([1, 2]),
      loadedFlow: Int32Array.from([3, 1]),
      potential: Float64Array.from([-1, -2, -5, 0]), // sub units 0-1, target 0, unrouted
    };
    const lifted = liftRelaxedFlow(flow, Int32Array.from([0, 2, 4]), Int32Array.from([2, 0]), Int32Array.from([0, 2, 3, 5]), 1);
    expect(Array.from(lifted.loaded)).toEqual([0, 4]);
    expect(Array.from(lifted.loadedFlow)).toEqual([1, 3]);
    expect(Array.from(lifted.active!)).toEqual([1, 0, 1]);
    expect(Array.from(lifted.potential)).toEqual([-2, 0, -1, -5, 0]);
  });
});
