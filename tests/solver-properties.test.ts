/**
 * Invariants of the solver on random instances (fast-check): feasibility, exactness against exhaustive
 * search and against javascript-lp-solver, honest bounds, monotonicity, order independence, determinism.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteForce } from '../solver/brute-force.js';
import { compileProblem } from '../solver/compile.js';
import { coversCompulsory, greedyAssign } from '../solver/heuristics.js';
import { lpReference } from '../solver/lp-reference.js';
import type { Problem, Unit } from '../solver/problem.js';
import { randomProblem } from '../solver/random-problems.js';
import type { SolveResult } from '../solver/result.js';
import { solve, type SolveOptions } from '../solver/solve.js';

interface Shape {
  readonly maxUnits: number;
  readonly maxTargets: number;
  readonly unitSizesOnly: boolean;
}

/** Random problems: any sense, capacities 0-4, sizes (unless unit-only), negative values, compulsory units. */
function problemArb(shape: Shape): fc.Arbitrary<Problem> {
  return fc.integer({ min: 1, max: shape.maxTargets }).chain((nt) =>
    fc
      .record({
        sense: fc.constantFrom<'max' | 'min'>('max', 'min'),
        capacities: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: nt, maxLength: nt }),
        units: fc.array(
          fc.record({
            size: shape.unitSizesOnly ? fc.constant(1) : fc.integer({ min: 1, max: 3 }),
            must: fc.integer({ min: 0, max: 4 }).map((x) => x === 0),
            candidates: fc.uniqueArray(
              fc.record({
                target: fc.integer({ min: 0, max: nt - 1 }),
                value: fc.integer({ min: -10, max: 30 }),
                size: shape.unitSizesOnly ? fc.constant(undefined) : fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
              }),
              { selector: (c) => c.target, maxLength: nt },
            ),
          }),
          { maxLength: shape.maxUnits },
        ),
      })
      .map(({ sense, capacities, units }): Problem => ({
        sense,
        targets: capacities.map((capacity, j) => ({ id: `t${j}`, capacity })),
        units: units.map(
          (u, i): Unit => ({
            id: `u${i}`,
            size: u.size,
            mustAssign: u.must && u.candidates.length > 0,
            candidates: u.candidates.map((c) =>
              c.size === undefined ? { target: `t${c.target}`, value: c.value } : { target: `t${c.target}`, value: c.value, size: c.size },
            ),
          }),
        ),
      })),
  );
}

const tiny = (unitSizesOnly: boolean): fc.Arbitrary<Problem> => problemArb({ maxUnits: 6, maxTargets: 4, unitSizesOnly });
const anyTiny = fc.boolean().chain(tiny);

/** Checks the structural feasibility of a solved result against the problem. */
function expectFeasible(problem: Problem, r: SolveResult): void {
  if (r.status === 'infeasible') return;
  const units = new Map(problem.units.map((u) => [u.id, u]));
  const cap = new Map(problem.targets.map((t) => [t.id, t.capacity]));
  const used = new Map<string, number>();
  const seen = new Set<string>();
  for (const a of r.assignments) {
    expect(seen.has(a.unit)).toBe(false);
    seen.add(a.unit);
    const u = units.get(a.unit)!;
    const c = u.candidates.find((x) => x.target === a.target);
    expect(c).toBeDefined();
    expect(a.value).toBe(c!.value);
    used.set(a.target, (used.get(a.target) ?? 0) + (c!.size ?? u.size));
  }
  for (const [t, n] of used) expect(n).toBeLessThanOrEqual(cap.get(t)!);
  for (const u of problem.units) if (u.mustAssign) expect(seen.has(u.id)).toBe(true);
  expect(new Set(r.unassigned)).toEqual(new Set(problem.units.filter((u) => !seen.has(u.id)).map((u) => u.id)));
}

function better(sense: 'max' | 'min', a: number, b: number): boolean {
  return sense === 'max' ? a >= b - 1e-9 : a <= b + 1e-9;
}

function shuffled<T>(xs: readonly T[], perm: readonly number[]): T[] {
  const keyed = xs.map((x, i) => ({ x, k: perm[i % perm.length]! * 1000 + i }));
  keyed.sort((a, b) => a.k - b.k);
  return keyed.map((e) => e.x);
}

describe('solver invariants (fast-check)', () => {
  it('never exceeds a capacity, assigns each unit at most once, only to its candidates, compulsory units always', () => {
    fc.assert(
      fc.property(problemArb({ maxUnits: 12, maxTargets: 6, unitSizesOnly: false }), (p) => {
        expectFeasible(p, solve(p));
      }),
      { numRuns: 300 },
    );
  });

  it('equals the exhaustive optimum on tiny instances (and proves it)', () => {
    fc.assert(
      fc.property(anyTiny, (p) => {
        const bf = bruteForce(p);
        const r = solve(p);
        if (bf.objective === null) {
          expect(r.status).toBe('infeasible');
          if (r.status === 'infeasible') expect(r.proven).toBe(true);
        } else {
          expect(r.status).toBe('optimal');
          if (r.status !== 'infeasible') expect(r.objective).toBeCloseTo(bf.objective, 9);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('equals the javascript-lp-solver MIP on small instances whenever that answer is integral', () => {
    let compared = 0;
    fc.assert(
      fc.property(problemArb({ maxUnits: 14, maxTargets: 5, unitSizesOnly: false }), (p) => {
        const ref = lpReference(p);
        const r = solve(p);
        if (ref.status === 'integral') {
          compared++;
          expect(r.status).not.toBe('infeasible');
          if (r.status !== 'infeasible') expect(r.objective).toBeCloseTo(ref.objective, 6);
        } else if (ref.status === 'infeasible') {
          // the LP relaxation is infeasible, so is the integer problem
          expect(r.status).toBe('infeasible');
        }
      }),
      { numRuns: 60 },
    );
    expect(compared).toBeGreaterThan(30);
  });

  it('the bound is honest: never better than the true optimum, whatever the method or limit', () => {
    const methods: SolveOptions[] = [{}, { method: 'flow-relaxation-dive' }, { method: 'branch-and-bound', maxNodes: 1 }];
    fc.assert(
      fc.property(anyTiny, fc.constantFrom(...methods), (p, options) => {
        const bf = bruteForce(p);
        const r = solve(p, options);
        if (r.status === 'infeasible' || bf.objective === null) return;
        // objective achieved <= optimum <= bound (max); mirrored for min
        expect(better(p.sense, bf.objective, r.objective)).toBe(true);
        expect(better(p.sense, r.bound, bf.objective)).toBe(true);
        expect(r.gap).toBeGreaterThanOrEqual(0);
        if (r.status === 'optimal') expect(r.objective).toBeCloseTo(bf.objective, 9);
      }),
      { numRuns: 400 },
    );
  });

  it('is never worse than the plain greedy baseline', () => {
    fc.assert(
      fc.property(problemArb({ maxUnits: 15, maxTargets: 6, unitSizesOnly: false }), (p) => {
        const cp = compileProblem(p);
        const g = greedyAssign(cp);
        if (!coversCompulsory(cp, g.assignedEdge)) return;
        let greedy = 0;
        for (let u = 0; u < cp.nUnits; u++) if (g.assignedEdge[u]! >= 0) greedy += cp.sign * cp.edgeValue[g.assignedEdge[u]!]!;
        const r = solve(p);
        expect(r.status).not.toBe('infeasible');
        if (r.status !== 'infeasible') expect(better(p.sense, r.objective, greedy)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('adding a target (a new home) never makes the optimum worse', () => {
    fc.assert(
      fc.property(
        anyTiny,
        fc.integer({ min: 0, max: 4 }),
        fc.array(fc.integer({ min: -10, max: 30 }), { minLength: 6, maxLength: 6 }),
        (p, capacity, values) => {
          const before = solve(p);
          const extra: Problem = {
            ...p,
            targets: [...p.targets, { id: 'new', capacity }],
            units: p.units.map((u, i) => (i % 2 === 0 ? { ...u, candidates: [...u.candidates, { target: 'new', value: values[i]! }] } : u)),
          };
          const after = solve(extra);
          if (before.status === 'infeasible') return;
          expect(after.status).toBe('optimal');
          if (after.status !== 'infeasible' && before.status === 'optimal') {
            expect(better(p.sense, after.objective, before.objective)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order of units, targets or candidates', () => {
    fc.assert(
      fc.property(problemArb({ maxUnits: 10, maxTargets: 5, unitSizesOnly: false }), fc.array(fc.nat(50), { minLength: 1, maxLength: 12 }), (p, perm) => {
        const q: Problem = {
          ...p,
          targets: shuffled(p.targets, perm),
          units: shuffled(p.units, perm.slice().reverse()).map((u) => ({ ...u, candidates: shuffled(u.candidates, perm) })),
        };
        const a = solve(p);
        const b = solve(q);
        expect(b.status).toBe(a.status);
        if (a.status !== 'infeasible' && b.status !== 'infeasible') expect(b.objective).toBeCloseTo(a.objective, 9);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same input gives the same output', () => {
    fc.assert(
      fc.property(problemArb({ maxUnits: 12, maxTargets: 5, unitSizesOnly: false }), (p) => {
        const strip = (r: SolveResult): unknown => ({ ...r, stats: { ...r.stats, ms: 0 } });
        expect(strip(solve(p))).toEqual(strip(solve(structuredClone(p))));
      }),
      { numRuns: 200 },
    );
  });

  it('reports contributions that sum to the objective, one per assignment', () => {
    fc.assert(
      fc.property(problemArb({ maxUnits: 12, maxTargets: 5, unitSizesOnly: false }), (p) => {
        const r = solve(p);
        if (r.status === 'infeasible') return;
        expect(r.contributions).toHaveLength(r.assignments.length);
        const sum = r.contributions.reduce((s, c) => s + c.contribution, 0);
        expect(sum).toBeCloseTo(r.objective, 9);
        r.contributions.forEach((c, i) => {
          expect(c.unit).toBe(r.assignments[i]!.unit);
          expect(c.contribution).toBe(r.assignments[i]!.value);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('keeps these invariants on larger seeded instances with sibling groups and bed blocking', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const p = randomProblem({ children: 300, seed, candidates: 8, groupShare: 0.1, soloShare: 0.05, mustShare: 0.02 });
        const r = solve(p, { exactUpTo: 0 });
        expectFeasible(p, r);
        if (r.status !== 'infeasible') {
          expect(r.bound).toBeGreaterThanOrEqual(r.objective - 1e-6);
          expect(r.gap).toBeLessThan(0.02);
        }
      }),
      { numRuns: 15 },
    );
  });
});
