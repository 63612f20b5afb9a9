import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteForce } from './brute-force.js';
import { compileProblem, type CompiledProblem } from './compile.js';
import { capacityLagrangian } from './lagrangian.js';
import { minCostTransport, minCostTransportPriced, type TransportInput } from './min-cost-flow.js';
import { randomProblem, tinyRandomProblem } from './random-problems.js';
import { mulberry32 } from './random-problems.js';

function asTransport(cp: CompiledProblem): TransportInput {
  const edgeCost = new Float64Array(cp.nEdges);
  for (let e = 0; e < cp.nEdges; e++) edgeCost[e] = -cp.edgeValue[e]!;
  const optional = new Uint8Array(cp.nUnits);
  for (let u = 0; u < cp.nUnits; u++) optional[u] = cp.must[u] === 1 ? 0 : 1;
  return {
    nSources: cp.nUnits, nTargets: cp.nTargets, edgeStart: cp.edgeStart, edgeTarget: cp.edgeTarget, edgeCost,
    supply: null, capacity: cp.capacity, optional,
  };
}

describe('minCostTransport', () => {
  it('prefers the better unit and prices the contested place', () => {
    const r = minCostTransport({
      nSources: 2, nTargets: 1, edgeStart: Int32Array.from([0, 1, 2]), edgeTarget: Int32Array.from([0, 0]),
      edgeCost: Float64Array.from([-10, -6]), supply: null, capacity: Int32Array.from([1]), optional: Uint8Array.from([1, 1]),
    });
    expect(Array.from(r.flow)).toEqual([1, 0]);
    expect(r.cost).toBe(-10);
    expect(r.targetPrice[0]).toBe(6);
    expect(Array.from(r.unrouted)).toEqual([0, 1]);
  });

  it('re-routes an earlier unit along an augmenting path', () => {
    // a: h1 9, h2 8; b: h1 9 only. Optimum a->h2, b->h1 (17), whatever the order
    for (const order of [Int32Array.from([0, 1]), Int32Array.from([1, 0])]) {
      const r = minCostTransport({
        nSources: 2, nTargets: 2, edgeStart: Int32Array.from([0, 2, 3]), edgeTarget: Int32Array.from([0, 1, 0]),
        edgeCost: Float64Array.from([-9, -8, -9]), supply: null, capacity: Int32Array.from([1, 1]),
        optional: Uint8Array.from([1, 1]), order,
      });
      expect(r.cost).toBe(-17);
      expect(Array.from(r.flow)).toEqual([0, 1, 1]);
    }
  });

  it('leaves an optional unit out rather than take a negative value, but routes a compulsory one', () => {
    const base = {
      nSources: 1, nTargets: 1, edgeStart: Int32Array.from([0, 1]), edgeTarget: Int32Array.from([0]),
      edgeCost: Float64Array.from([5]), supply: null, capacity: Int32Array.from([1]),
    };
    expect(minCostTransport({ ...base, optional: Uint8Array.from([1]) }).flow[0]).toBe(0);
    expect(minCostTransport({ ...base, optional: Uint8Array.from([0]) }).flow[0]).toBe(1);
  });

  it('reports compulsory sources that cannot be routed', () => {
    const r = minCostTransport({
      nSources: 2, nTargets: 1, edgeStart: Int32Array.from([0, 1, 2]), edgeTarget: Int32Array.from([0, 0]),
      edgeCost: Float64Array.from([-1, -2]), supply: null, capacity: Int32Array.from([1]), optional: Uint8Array.from([0, 0]),
    });
    expect(r.failed).toEqual([1]);
    expect(r.flow[0]! + r.flow[1]!).toBe(1);
  });

  it('spreads a supply larger than one over targets', () => {
    const r = minCostTransport({
      nSources: 1, nTargets: 2, edgeStart: Int32Array.from([0, 2]), edgeTarget: Int32Array.from([0, 1]),
      edgeCost: Float64Array.from([-3, -2]), supply: Int32Array.from([3]), capacity: Int32Array.from([2, 5]),
      optional: Uint8Array.from([1]),
    });
    expect(Array.from(r.flow)).toEqual([2, 1]);
    expect(r.cost).toBe(-8);
  });

  it('is exact on random unit-size problems, and its prices are optimal duals', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const p = tinyRandomProblem(seed, { unitSizesOnly: true, maxUnits: 7 });
        const cp = compileProblem(p);
        const r = minCostTransport(asTransport(cp));
        const bf = bruteForce(p);
        if (bf.objective === null) {
          expect(r.failed.length).toBeGreaterThan(0);
          return;
        }
        expect(r.failed).toEqual([]);
        expect(cp.sign * -r.cost).toBeCloseTo(bf.objective, 9);
        // strong duality of the assignment LP: the capacity-priced Lagrangian at the flow's prices is the optimum
        expect(capacityLagrangian(cp, r.targetPrice).value).toBeCloseTo(-r.cost, 9);
        let load = 0;
        for (let e = 0; e < cp.nEdges; e++) load += r.flow[e]!;
        expect(load).toBeLessThanOrEqual(cp.capacity.reduce((a, b) => a + b, 0));
      }),
      { numRuns: 400 },
    );
  });
});

describe('minCostTransport on near ties and its loaded edges', () => {
  // values that tie exactly or differ by an ulp: the fast path takes a fresh source's best edge without a
  // second scan only when it wins by far more than rounding, and Dijkstra stops relaxing at the nearest
  // path to the sink found; the flow must stay exactly optimal either way
  const nearTies = (seed: number, supplies: boolean): { cp: CompiledProblem; input: TransportInput } => {
    const r = mulberry32(seed);
    const p = tinyRandomProblem(seed, { unitSizesOnly: true, maxUnits: 7, maxTargets: 4 });
    const cp = compileProblem(p);
    const input = asTransport(cp);
    const cost = Float64Array.from(input.edgeCost, (c) => {
      const x = r();
      const base = x < 0.4 ? Math.round(c / 4) * 4 + 0.1 : c; // coarse values: many exact ties
      return x < 0.6 ? base : base * (1 + (r() < 0.5 ? -1 : 1) * Number.EPSILON);
    });
    const supply = supplies ? Int32Array.from({ length: cp.nUnits }, () => 1 + Math.floor(r() * 3)) : null;
    return { cp, input: { ...input, edgeCost: cost, supply } };
  };

  it('is exactly optimal (LP duality at its own prices) and lists exactly the edges carrying flow, ascending', () => {
    fc.assert(
      fc.property(fc.integer(), fc.boolean(), (seed, supplies) => {
        const { cp, input } = nearTies(seed, supplies);
        const r = minCostTransport(input);
        const loaded = [];
        for (let e = 0; e < cp.nEdges; e++) if (r.flow[e]! > 0) loaded.push(e);
        expect(Array.from(r.loaded)).toEqual(loaded);
        let cost = 0;
        for (const e of loaded) cost += r.flow[e]! * input.edgeCost[e]!;
        expect(r.cost).toBeCloseTo(cost, 9);
        // every residual arc has a non-negative reduced cost: the flow is a minimum-cost flow
        const pot = r.potential;
        const tol = 1e-9;
        const n = cp.nUnits;
        for (let u = 0; u < n; u++) {
          const sup = input.supply ? input.supply[u]! : 1;
          for (let e = cp.edgeStart[u]!; e < cp.edgeStart[u + 1]!; e++) {
            const rc = input.edgeCost[e]! + pot[u]! - pot[n + cp.edgeTarget[e]!]!;
            if (r.flow[e]! < sup) expect(rc).toBeGreaterThanOrEqual(-tol);
            if (r.flow[e]! > 0) expect(rc).toBeLessThanOrEqual(tol);
          }
        }
        // and the loads keep the capacities
        const load = new Int32Array(cp.nTargets);
        for (const e of loaded) load[cp.edgeTarget[e]!]! += r.flow[e]!;
        for (let t = 0; t < cp.nTargets; t++) expect(load[t]).toBeLessThanOrEqual(cp.capacity[t]!);
      }),
      { numRuns: 400 },
    );
  });

  it('reaches the optimum of exhaustive search on near ties (unit supplies)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const { cp, input } = nearTies(seed, false);
        const r = minCostTransport(input);
        const p = {
          sense: 'max' as const,
          targets: Array.from({ length: cp.nTargets }, (_, t) => ({ id: `t${t}`, capacity: cp.capacity[t]! })),
          units: Array.from({ length: cp.nUnits }, (_, u) => ({
            id: `u${u}`,
            size: 1,
            mustAssign: cp.must[u] === 1,
            candidates: Array.from({ length: cp.edgeStart[u + 1]! - cp.edgeStart[u]! }, (_, j) => {
              const e = cp.edgeStart[u]! + j;
              return { target: `t${cp.edgeTarget[e]!}`, value: -input.edgeCost[e]! };
            }),
          })),
        };
        const bf = bruteForce(p);
        if (bf.objective === null) {
          expect(r.failed.length).toBeGreaterThan(0);
          return;
        }
        expect(r.failed).toEqual([]);
        expect(-r.cost).toBeCloseTo(bf.objective, 9);
      }),
      { numRuns: 300 },
    );
  });
});

describe('minCostTransportPriced (column generation)', () => {
  it('reaches the same optimal cost as the plain solve, with few edges per source to start from', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 2 }),
        fc.boolean(),
        (seed, k, withSupply) => {
          // a random transport instance with many edges per source (xorshift, deterministic per seed)
          const rnd = mulberry32(seed);
          const n = 3 + Math.floor(rnd() * 10);
          const m = 2 + Math.floor(rnd() * 6);
          const start = [0];
          const target: number[] = [];
          const cost: number[] = [];
          for (let s = 0; s < n; s++) {
            const deg = 1 + Math.floor(rnd() * 2 * m);
            for (let d = 0; d < deg; d++) {
              target.push(Math.floor(rnd() * m));
              cost.push(-Math.round(rnd() * 40) + 5);
            }
            start.push(target.length);
          }
          const input: TransportInput = {
            nSources: n, nTargets: m, edgeStart: Int32Array.from(start), edgeTarget: Int32Array.from(target),
            edgeCost: Float64Array.from(cost),
            supply: withSupply ? Int32Array.from({ length: n }, () => 1 + Math.floor(rnd() * 2)) : null,
            capacity: Int32Array.from({ length: m }, () => Math.floor(rnd() * 4)),
            optional: Uint8Array.from({ length: n }, () => 1),
            edgeEnabled: Uint8Array.from(target, () => (rnd() < 0.85 ? 1 : 0)),
          };
          const plain = minCostTransport(input);
          const priced = minCostTransportPriced(input, { perSource: k });
          expect(priced.cost).toBeCloseTo(plain.cost, 9);
          expect(priced.failed).toEqual(plain.failed);
          // never uses a disabled edge
          priced.flow.forEach((f, e) => {
            if (f > 0) expect(input.edgeEnabled![e]).toBe(1);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('minCostTransport with many edges per source (best-first index, pruned searches)', () => {
  it('is optimal: its cost meets the capacity Lagrangian at its own prices (LP duality), capacities kept', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.boolean(), (seed, mask) => {
        const rnd = mulberry32(seed);
        const m = 3 + Math.floor(rnd() * 10);
        const units = Array.from({ length: 4 + Math.floor(rnd() * 20) }, (_, u) => ({
          id: `u${u}`,
          size: 1,
          mustAssign: false,
          candidates: Array.from({ length: 26 + Math.floor(rnd() * 40) }, () => ({
            target: `t${Math.floor(rnd() * m)}`,
            value: Math.floor(rnd() * 12) - 1,
          })),
        }));
        const cp = compileProblem({
          sense: 'max',
          targets: Array.from({ length: m }, (_, t) => ({ id: `t${t}`, capacity: Math.floor(rnd() * 3) })),
          units,
        });
        const input = { ...asTransport(cp), ...(mask ? { edgeEnabled: Uint8Array.from({ length: cp.nEdges }, () => (rnd() < 0.7 ? 1 : 0)) } : {}) };
        const r = minCostTransport(input);
        const load = new Int32Array(cp.nTargets);
        r.flow.forEach((f, e) => {
          if (f === 0) return;
          if (input.edgeEnabled) expect(input.edgeEnabled[e]).toBe(1);
          load[cp.edgeTarget[e]!]! += f;
        });
        load.forEach((l, t) => expect(l).toBeLessThanOrEqual(cp.capacity[t]!));
        expect(capacityLagrangian(cp, r.targetPrice, input.edgeEnabled).value).toBeCloseTo(-r.cost, 9);
      }),
      { numRuns: 300 },
    );
  });
});

describe('minCostTransport work arrays (reused from one solve to the next)', () => {
  const snapshot = (r: ReturnType<typeof minCostTransport>): string =>
    JSON.stringify([Array.from(r.flow), Array.from(r.unrouted), r.failed, r.cost, Array.from(r.targetPrice), Array.from(r.loaded), r.searches, Array.from(r.potential)]);
  const transportOf = (seed: number, children: number, candidates: number): TransportInput => {
    const cp = compileProblem(randomProblem({ children, seed, candidates, mustShare: 0.1 }));
    return asTransport(cp);
  };

  it('gives the same result whatever was solved before, with or without flowInto', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 5, max: 80 }), fc.integer({ min: 5, max: 160 }), (seed, nA, nB) => {
        const a = transportOf(seed, nA, 30);
        const b = transportOf(seed + 1, nB, 8);
        const first = snapshot(minCostTransport(a));
        minCostTransport(b); // other sizes: the shared work arrays now hold b's state
        expect(snapshot(minCostTransport(a))).toBe(first);
        // the flow written into a caller's (dirty, larger) array: the same result, a view of that array
        const into = new Int32Array(a.edgeStart[a.nSources]! + 7).fill(5);
        const r = minCostTransport({ ...a, flowInto: into });
        expect(r.flow.buffer).toBe(into.buffer);
        expect(snapshot(r)).toBe(first);
      }),
      { numRuns: 40 },
    );
  });
});
