import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteForce } from './brute-force.js';
import { compileProblem, type CompiledProblem } from './compile.js';
import { capacityLagrangian } from './lagrangian.js';
import { minCostTransport, minCostTransportPriced, minCostTransportWarm, type TransportInput, type TransportResult } from './min-cost-flow.js';
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

/** A random transport problem: few or many edges per source, integer costs (many ties), supplies 0-3. */
function randomTransport(seed: number, many: boolean): TransportInput {
  const rnd = mulberry32(seed);
  const n = 1 + Math.floor(rnd() * (many ? 6 : 10));
  const m = many ? 30 + Math.floor(rnd() * 20) : 1 + Math.floor(rnd() * 6);
  const edgeStart = new Int32Array(n + 1);
  const targets: number[] = [];
  for (let s = 0; s < n; s++) {
    const picked = new Set<number>();
    const k = many ? 26 + Math.floor(rnd() * 4) : Math.floor(rnd() * (m + 1));
    while (picked.size < Math.min(k, m)) picked.add(Math.floor(rnd() * m));
    targets.push(...picked);
    edgeStart[s + 1] = targets.length;
  }
  const nE = targets.length;
  const edgeCost = new Float64Array(nE);
  for (let e = 0; e < nE; e++) edgeCost[e] = rnd() < 0.2 ? Math.floor(rnd() * 4) : -Math.floor(rnd() * 12);
  const edgeEnabled = new Uint8Array(nE);
  for (let e = 0; e < nE; e++) edgeEnabled[e] = rnd() < 0.9 ? 1 : 0;
  const unitSupply = rnd() < 0.3;
  const supply = new Int32Array(n);
  for (let s = 0; s < n; s++) supply[s] = rnd() < 0.1 ? 0 : 1 + Math.floor(rnd() * 3);
  const capacity = new Int32Array(m);
  for (let t = 0; t < m; t++) capacity[t] = Math.floor(rnd() * (many ? 3 : 5));
  const optional = new Uint8Array(n);
  for (let s = 0; s < n; s++) optional[s] = rnd() < 0.75 ? 1 : 0;
  return { nSources: n, nTargets: m, edgeStart, edgeTarget: Int32Array.from(targets), edgeCost, edgeEnabled, supply: unitSupply ? null : supply, capacity, optional };
}

/**
 * The next problem: as the dive does (units fixed: no supply, no edges; capacities reduced), or anything
 * (capacities up or down, edges enabled or not, supplies and costs changed). New arrays throughout.
 */
function nextProblem(input: TransportInput, rnd: () => number, diveLike: boolean): TransportInput {
  const n = input.nSources;
  const nE = input.edgeStart[n]!;
  const supply = input.supply ? Int32Array.from(input.supply) : new Int32Array(n).fill(1);
  const edgeEnabled = Uint8Array.from(input.edgeEnabled!);
  const capacity = Int32Array.from(input.capacity);
  let edgeCost = input.edgeCost;
  for (let s = 0; s < n; s++) {
    if (rnd() < 0.3) {
      if (diveLike) {
        supply[s] = 0;
        for (let e = input.edgeStart[s]!; e < input.edgeStart[s + 1]!; e++) edgeEnabled[e] = 0;
      } else {
        supply[s] = Math.floor(rnd() * 4);
      }
    }
  }
  for (let t = 0; t < capacity.length; t++) {
    if (rnd() < 0.4) capacity[t] = diveLike ? Math.max(0, capacity[t]! - 1 - Math.floor(rnd() * 2)) : Math.floor(rnd() * 5);
  }
  if (!diveLike) {
    for (let e = 0; e < nE; e++) if (rnd() < 0.1) edgeEnabled[e] = 1 - edgeEnabled[e]!;
    if (rnd() < 0.5) {
      edgeCost = Float64Array.from(edgeCost);
      for (let e = 0; e < nE; e++) if (rnd() < 0.2) edgeCost[e] = -Math.floor(rnd() * 12);
    }
  }
  return { ...input, supply, edgeEnabled, capacity, edgeCost };
}

/**
 * Checks that `r` is a feasible flow of `input` and an optimal one: every arc of its residual graph has a
 * non-negative reduced cost at its potentials (up to rounding).
 */
function expectOptimalFlow(input: TransportInput, r: TransportResult): void {
  const { nSources: n, nTargets: m, edgeStart, edgeTarget, edgeCost, capacity, optional } = input;
  const p = r.potential;
  const S = n + m;
  const tol = 1e-7;
  const load = new Int32Array(m);
  let cost = 0;
  let anyParked = false;
  const loaded: number[] = [];
  for (let s = 0; s < n; s++) {
    const sup = input.supply ? input.supply[s]! : 1;
    let routed = 0;
    for (let e = edgeStart[s]!; e < edgeStart[s + 1]!; e++) {
      const f = r.flow[e]!;
      expect(f).toBeGreaterThanOrEqual(0);
      if (f > 0) {
        expect(input.edgeEnabled?.[e] ?? 1).toBe(1);
        loaded.push(e);
      }
      routed += f;
      load[edgeTarget[e]!]! += f;
      cost += f * edgeCost[e]!;
      if (input.edgeEnabled && input.edgeEnabled[e] !== 1) continue;
      const rc = edgeCost[e]! + p[s]! - p[n + edgeTarget[e]!]!;
      if (f < sup) expect(rc).toBeGreaterThanOrEqual(-tol);
      if (f > 0) expect(rc).toBeLessThanOrEqual(tol);
    }
    expect(routed).toBeLessThanOrEqual(sup);
    expect(r.unrouted[s]).toBe(sup - routed);
    if (routed < sup && !r.failed.includes(s)) expect(optional[s]).toBe(1);
    if (optional[s] === 1) {
      if (routed > 0) expect(p[s]! - p[S]!).toBeGreaterThanOrEqual(-tol);
      if (routed < sup) {
        expect(p[S]! - p[s]!).toBeGreaterThanOrEqual(-tol);
        anyParked = true;
      }
    }
  }
  expect(Array.from(r.loaded)).toEqual(loaded);
  expect(r.cost).toBeCloseTo(cost, 9);
  for (let t = 0; t < m; t++) {
    expect(load[t]).toBeLessThanOrEqual(capacity[t]!);
    if (load[t]! < capacity[t]!) expect(p[n + t]!).toBeGreaterThanOrEqual(-tol);
    if (load[t]! > 0) expect(p[n + t]!).toBeLessThanOrEqual(tol);
  }
  expect(p[S]!).toBeGreaterThanOrEqual(-tol);
  if (anyParked) expect(p[S]!).toBeLessThanOrEqual(tol);
}

describe('minCostTransportWarm (re-optimising a previous flow)', () => {
  it('gives an optimal flow of the new problem, at the cost of a cold solve, over chained changes', () => {
    let overloaded = 0;
    let freedPriced = 0;
    let fewerSearches = 0;
    let compared = 0;
    fc.assert(
      fc.property(fc.integer(), fc.boolean(), fc.boolean(), (seed, many, diveLike) => {
        const rnd = mulberry32(seed ^ 0x5bd1e995);
        let input = randomTransport(seed, many);
        let prev = minCostTransport(input);
        // the same edges throughout (the by-target index is kept from one round to the next)
        const scope = {};
        // three rounds, as the dive: each warm-started from the last (dive-like changes keep the other arcs)
        for (let round = 0; round < 3; round++) {
          const next = nextProblem(input, rnd, diveLike);
          const prevLoad = new Int32Array(input.nTargets);
          for (const e of prev.loaded) prevLoad[input.edgeTarget[e]!]! += prev.flow[e]!;
          for (let t = 0; t < input.nTargets; t++) {
            if (prevLoad[t]! > next.capacity[t]!) overloaded++;
            if (prevLoad[t]! >= input.capacity[t]! && prev.targetPrice[t]! > 0 && next.capacity[t]! > 0) freedPriced++;
          }
          const cold = minCostTransport(next);
          const warm = minCostTransportWarm(next, { ...prev, sameArcs: diveLike, scope });
          expectOptimalFlow(next, warm);
          if (cold.failed.length === 0) {
            expect(warm.failed).toEqual([]);
            expect(warm.cost).toBeCloseTo(cold.cost, 9);
            compared++;
            if (warm.searches < cold.searches) fewerSearches++;
          }
          input = next;
          prev = warm;
        }
      }),
      { numRuns: 200 },
    );
    // (about 490, 360, 450 and 320 of 600 rounds)
    expect(compared).toBeGreaterThan(200);
    expect(overloaded).toBeGreaterThan(100);
    expect(freedPriced).toBeGreaterThan(100);
    expect(fewerSearches).toBeGreaterThan(50);
  });

  it('fills a freed priced place from the unrouted node, along a chain, or gives it up', () => {
    // a: t0 10; b: t0 6, t1 5; c: t1 9. Optimum a->t0, c->t1, b out
    const base: TransportInput = {
      nSources: 3, nTargets: 2, edgeStart: Int32Array.from([0, 1, 3, 4]), edgeTarget: Int32Array.from([0, 0, 1, 1]),
      edgeCost: Float64Array.from([-10, -6, -5, -9]), edgeEnabled: Uint8Array.from([1, 1, 1, 1]),
      supply: Int32Array.from([1, 1, 1]), capacity: Int32Array.from([1, 1]), optional: Uint8Array.from([1, 1, 1]),
    };
    const r1 = minCostTransport(base);
    expect(r1.cost).toBe(-19);
    expect(r1.targetPrice[0]).toBeGreaterThan(0);
    // a fixed elsewhere: t0's place is free and priced; b takes it from the unrouted node
    const fixA = { ...base, supply: Int32Array.from([0, 1, 1]), edgeEnabled: Uint8Array.from([0, 1, 1, 1]) };
    const r2 = minCostTransportWarm(fixA, r1);
    expectOptimalFlow(fixA, r2);
    expect(r2.cost).toBe(-15);
    expect(r2.searches).toBeGreaterThan(0);
    // b could only go to t0 if it were routed: with b compulsory on t1 (c out), fixing a moves b to t0
    // and lets c back onto t1 (a chain from the unrouted node through t1)
    const chain = { ...base, edgeCost: Float64Array.from([-10, -6, -5, -4]), optional: Uint8Array.from([1, 0, 1]) };
    const c1 = minCostTransport(chain);
    const c2in = { ...chain, supply: Int32Array.from([0, 1, 1]), edgeEnabled: Uint8Array.from([0, 1, 1, 1]) };
    const c2 = minCostTransportWarm(c2in, c1);
    expectOptimalFlow(c2in, c2);
    expect(c2.cost).toBe(minCostTransport(c2in).cost);
    // nobody else wants t0: the place is given up and its price falls to 0
    const alone = { ...base, edgeEnabled: Uint8Array.from([1, 0, 1, 1]) };
    const a1 = minCostTransport(alone);
    const a2in = { ...alone, supply: Int32Array.from([0, 1, 1]), edgeEnabled: Uint8Array.from([0, 0, 1, 1]) };
    const a2 = minCostTransportWarm(a2in, a1);
    expectOptimalFlow(a2in, a2);
    expect(a2.cost).toBe(-9);
    expect(a2.targetPrice[0]).toBe(0);
  });

  it('reads the previous flow before writing the new one into the same array', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const rnd = mulberry32(seed);
        const input = randomTransport(seed, false);
        const into = new Int32Array(input.edgeStart[input.nSources]!);
        const prev = minCostTransport({ ...input, flowInto: into });
        const next = nextProblem(input, rnd, true);
        const own = minCostTransportWarm(next, { flow: Int32Array.from(prev.flow), loaded: prev.loaded, potential: prev.potential });
        const shared = minCostTransportWarm({ ...next, flowInto: into }, prev);
        expect(shared.flow.buffer).toBe(into.buffer);
        expect(Array.from(shared.flow)).toEqual(Array.from(own.flow));
        expect(shared.cost).toBe(own.cost);
      }),
      { numRuns: 200 },
    );
  });

  it('routes the sources in `reroute` afresh (units toggled in and out with sameArcs); a given by-target index changes nothing', () => {
    let toggledIn = 0;
    let pulled = 0;
    fc.assert(
      fc.property(fc.integer(), fc.boolean(), (seed, many) => {
        const rnd = mulberry32(seed ^ 0x27d4eb2f);
        const full = randomTransport(seed, many);
        const n = full.nSources;
        const fullSupply = full.supply ?? new Int32Array(n).fill(1);
        // a source left out has no supply and no enabled edge
        const variant = (on: Uint8Array): TransportInput => {
          const supply = Int32Array.from(fullSupply, (x, s) => (on[s] === 1 ? x : 0));
          const edgeEnabled = Uint8Array.from(full.edgeEnabled!);
          for (let s = 0; s < n; s++) if (on[s] !== 1) for (let e = full.edgeStart[s]!; e < full.edgeStart[s + 1]!; e++) edgeEnabled[e] = 0;
          return { ...full, supply, edgeEnabled };
        };
        const on0 = Uint8Array.from({ length: n }, () => (rnd() < 0.6 ? 1 : 0));
        const on1 = Uint8Array.from(on0, (x) => (rnd() < 0.4 ? 1 - x : x));
        const prev = minCostTransport(variant(on0));
        const next = variant(on1);
        const joined: number[] = [];
        for (let s = 0; s < n; s++) if (on1[s] === 1 && on0[s] !== 1) joined.push(s);
        toggledIn += joined.length;
        // the edges by target, sources ascending (as the flow's own index lists them)
        const m = full.nTargets;
        const nE = full.edgeStart[n]!;
        const start = new Int32Array(m + 1);
        for (let e = 0; e < nE; e++) start[full.edgeTarget[e]! + 1]!++;
        for (let t = 0; t < m; t++) start[t + 1]! += start[t]!;
        const fill = start.slice(0, m);
        const edge = new Int32Array(nE);
        const source = new Int32Array(nE);
        for (let s2 = 0; s2 < n; s2++) {
          for (let e = full.edgeStart[s2]!; e < full.edgeStart[s2 + 1]!; e++) {
            const q = fill[full.edgeTarget[e]!]!++;
            edge[q] = e;
            source[q] = s2;
          }
        }
        const warm = minCostTransportWarm(next, { ...prev, sameArcs: true, reroute: Int32Array.from(joined) });
        const given = minCostTransportWarm(next, { ...prev, sameArcs: true, reroute: Int32Array.from(joined), byTarget: { start, edge, source } });
        const cold = minCostTransport(next);
        expectOptimalFlow(next, warm);
        if (cold.failed.length === 0) expect(warm.cost).toBeCloseTo(cold.cost, 9);
        expect(Array.from(given.flow)).toEqual(Array.from(warm.flow));
        expect(Array.from(given.potential)).toEqual(Array.from(warm.potential));
        expect(given.searches).toBe(warm.searches);
        if (warm.searches > joined.length) pulled++;
      }),
      { numRuns: 300 },
    );
    // (about 250 sources toggled in, 100 runs with more searches than them: units moved or places given up)
    expect(toggledIn).toBeGreaterThan(100);
    expect(pulled).toBeGreaterThan(30);
  });

  it('keeps the flow when nothing changed (no search), and solves cold from an unusable start', () => {
    const input = randomTransport(7, true);
    const r = minCostTransport(input);
    const again = minCostTransportWarm(input, r);
    expect(again.searches).toBe(0);
    expect(Array.from(again.flow)).toEqual(Array.from(r.flow));
    const cold = minCostTransportWarm(input, { flow: r.flow, loaded: r.loaded, potential: new Float64Array(3) });
    expect(cold.cost).toBe(r.cost);
    expect(cold.searches).toBe(r.searches);
  });
});
