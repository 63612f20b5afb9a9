import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KnapsackSolver } from './knapsack.js';

function best(profit: number[], weight: number[], cap: number): number {
  let b = 0;
  for (let mask = 0; mask < 1 << profit.length; mask++) {
    let p = 0;
    let w = 0;
    for (let i = 0; i < profit.length; i++) if (mask & (1 << i)) { p += profit[i]!; w += weight[i]!; }
    if (w <= cap && p > b) b = p;
  }
  return b;
}

const items = fc.array(fc.record({ p: fc.integer({ min: -5, max: 30 }), w: fc.integer({ min: 0, max: 12 }) }), { maxLength: 10 });

describe('KnapsackSolver', () => {
  it('solves the textbook example', () => {
    const chosen = new Uint8Array(3);
    const r = new KnapsackSolver().solve(3, Float64Array.from([6, 5, 5]), Int32Array.from([3, 2, 2]), 4, chosen);
    expect(r).toEqual({ value: 10, exact: true });
    expect(Array.from(chosen)).toEqual([0, 1, 1]);
  });

  it('is exact by dynamic programming and its choice is feasible and worth its value', () => {
    const ks = new KnapsackSolver();
    fc.assert(
      fc.property(items, fc.integer({ min: 0, max: 30 }), (its, cap) => {
        const profit = Float64Array.from(its.map((i) => i.p));
        const weight = Int32Array.from(its.map((i) => i.w));
        const chosen = new Uint8Array(its.length);
        const r = ks.solve(its.length, profit, weight, cap, chosen);
        expect(r.exact).toBe(true);
        expect(r.value).toBe(best(its.map((i) => i.p), its.map((i) => i.w), cap));
        let p = 0;
        let w = 0;
        chosen.forEach((c, i) => { if (c) { p += profit[i]!; w += weight[i]!; } });
        expect(w).toBeLessThanOrEqual(cap);
        expect(p).toBe(r.value);
      }),
      { numRuns: 400 },
    );
  });

  it('falls back to the Dantzig bound, an upper bound, when the table would be too large', () => {
    const ks = new KnapsackSolver(1);
    fc.assert(
      fc.property(items, fc.integer({ min: 0, max: 30 }), (its, cap) => {
        const profit = Float64Array.from(its.map((i) => i.p));
        const weight = Int32Array.from(its.map((i) => i.w));
        const chosen = new Uint8Array(its.length);
        const r = ks.solve(its.length, profit, weight, cap, chosen);
        expect(r.value).toBeGreaterThanOrEqual(best(its.map((i) => i.p), its.map((i) => i.w), cap) - 1e-9);
        let w = 0;
        chosen.forEach((c, i) => { if (c) w += weight[i]!; });
        expect(w).toBeLessThanOrEqual(cap);
      }),
      { numRuns: 300 },
    );
  });

  it('value() answers as solve() does, its exactness in `exact`, one solver for exact and bounded calls', () => {
    const exact = new KnapsackSolver();
    const bounded = new KnapsackSolver(40);
    fc.assert(
      fc.property(items, fc.integer({ min: 0, max: 30 }), (its, cap) => {
        const profit = Float64Array.from(its.map((i) => i.p));
        const weight = Int32Array.from(its.map((i) => i.w));
        for (const ks of [exact, bounded]) {
          const a = new Uint8Array(its.length);
          const b = new Uint8Array(its.length);
          const r = ks.solve(its.length, profit, weight, cap, a);
          expect(ks.value(its.length, profit, weight, cap, b)).toBe(r.value);
          expect(ks.exact).toBe(r.exact);
          expect(Array.from(b)).toEqual(Array.from(a));
        }
      }),
      { numRuns: 300 },
    );
  });
});
