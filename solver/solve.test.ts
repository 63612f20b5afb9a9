import { describe, expect, it } from 'vitest';
import { InvalidProblemError } from './errors.js';
import { randomProblem } from './random-problems.js';
import { compileProblem } from './compile.js';
import { internalObjective } from './result.js';
import { solve, solveCompiled } from './solve.js';

describe('solve', () => {
  it('solves the JSDoc example: the group takes the roomy home', () => {
    const r = solve({
      sense: 'max',
      targets: [{ id: 'h1', capacity: 2 }, { id: 'h2', capacity: 1 }],
      units: [
        { id: 'c1', candidates: [{ target: 'h1', value: 5 }, { target: 'h2', value: 4 }] },
        { id: 'g1', size: 2, candidates: [{ target: 'h1', value: 9 }] },
      ],
    });
    expect(r.status).toBe('optimal');
    if (r.status === 'infeasible') return;
    expect(r.objective).toBe(13);
    expect(r.assignments).toEqual([
      { unit: 'c1', target: 'h2', value: 4 },
      { unit: 'g1', target: 'h1', value: 9 },
    ]);
    // the flow relaxation's bound (13) meets the dive's objective: proven without branch-and-bound
    expect(r.stats.method).toBe('flow-relaxation-dive');
    expect(r.bound).toBe(13);
  });

  it('branches only when the dive leaves a gap, and then proves the optimum', () => {
    // relaxation: g1 (10) plus half of g2 (4.5) fills the 3 places; only one group fits
    const r = solve({
      sense: 'max',
      targets: [{ id: 'h1', capacity: 3 }],
      units: [
        { id: 'g1', size: 2, candidates: [{ target: 'h1', value: 10 }] },
        { id: 'g2', size: 2, candidates: [{ target: 'h1', value: 9 }] },
      ],
    });
    expect(r.status).toBe('optimal');
    if (r.status === 'infeasible') return;
    expect(r.stats.method).toBe('branch-and-bound');
    expect(r.objective).toBe(10);
    expect(r.bound).toBe(10);
  });

  it('skips branch-and-bound when the dive is already tight (one sibling group, the rest a flow)', () => {
    // 30 single children and one pair over 20 homes of 2 places: the pair's only home has room, so the
    // relaxation is integral: no branching needed (it used to go to branch-and-bound all the same).
    const targets = Array.from({ length: 20 }, (_, t) => ({ id: `h${t}`, capacity: 2 }));
    const units = Array.from({ length: 30 }, (_, u) => ({
      id: `c${u}`,
      candidates: Array.from({ length: 8 }, (_, k) => ({ target: `h${(u * 7 + k * 3) % 20}`, value: 1000 + ((u * 37 + k * 101) % 97) / 7 })),
    }));
    const r = solve({ sense: 'max', targets, units: [...units, { id: 'g', size: 2, candidates: [{ target: 'h5', value: 2100.5 }] }] });
    expect(r.status).toBe('optimal');
    if (r.status === 'infeasible') return;
    expect(r.stats.method).toBe('flow-relaxation-dive');
    expect(r.stats.nodes).toBeUndefined();
    expect(r.bound).toBe(r.objective);
  });

  it('uses the exact min-cost flow when every size is 1', () => {
    const r = solve(randomProblem({ children: 300, seed: 5 }));
    expect(r.status).toBe('optimal');
    expect(r.stats.method).toBe('min-cost-flow');
  });

  it('uses the flow relaxation and dive on large problems with groups, with a bound and a small gap', () => {
    const r = solve(randomProblem({ children: 2000, seed: 5, groupShare: 0.05 }));
    expect(r.status).not.toBe('infeasible');
    if (r.status === 'infeasible') return;
    expect(r.stats.method).toBe('flow-relaxation-dive');
    expect(r.bound).toBeGreaterThanOrEqual(r.objective);
    expect(r.gap).toBeLessThan(0.001);
  });

  it('handles the empty problem', () => {
    const r = solve({ sense: 'min', targets: [], units: [] });
    expect(r).toMatchObject({ status: 'optimal', objective: 0, bound: 0, gap: 0, assignments: [] });
  });

  it('reports compulsory units that cannot all be placed', () => {
    const r = solve({
      sense: 'max',
      targets: [{ id: 'h', capacity: 1 }],
      units: [
        { id: 'a', mustAssign: true, candidates: [{ target: 'h', value: 1 }] },
        { id: 'b', mustAssign: true, candidates: [{ target: 'h', value: 2 }] },
      ],
    });
    expect(r.status).toBe('infeasible');
    if (r.status !== 'infeasible') return;
    expect(r.proven).toBe(true);
    expect(r.infeasibleUnits.length).toBe(1);
    expect(r.message).toMatch(/^solve: infeasible: compulsory/);
  });

  it('throws a typed error listing every issue of a malformed problem', () => {
    try {
      solve({ sense: 'max', targets: [{ id: 'h', capacity: -1 }], units: [{ id: 'a', candidates: [{ target: 'x', value: 1 }] }] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidProblemError);
      const err = e as InvalidProblemError;
      expect(err.issues.map((i) => i.path.join('.'))).toEqual(['targets.0.capacity', 'units.0.candidates.0.target']);
      expect(err.message).toContain('2 issues');
    }
  });

  it('leaves optional units out when they only make a max objective worse', () => {
    const r = solve({ sense: 'max', targets: [{ id: 'h', capacity: 5 }], units: [{ id: 'a', candidates: [{ target: 'h', value: -1 }] }] });
    expect(r.status === 'optimal' && r.objective === 0 && r.unassigned[0] === 'a').toBe(true);
  });

  it('solveCompiled (typed arrays, no ids) gives what solve gives, group and flow problems alike', () => {
    for (const [seed, groupShare] of [[1, 0], [2, 0.1], [3, 0.2]] as const) {
      const p = randomProblem({ children: 400, seed, candidates: 8, groupShare });
      const r = solve(p);
      const c = solveCompiled(compileProblem(p));
      expect(r.status).not.toBe('infeasible');
      expect(c.kind).toBe('solved');
      if (r.status === 'infeasible' || c.kind !== 'solved') return;
      expect(internalObjective(compileProblem(p), c.solution.assignedEdge)).toBeCloseTo(r.objective, 6);
      expect(c.solution.bound).toBeGreaterThanOrEqual(r.objective - 1e-6);
    }
  });

  it('local search on the fixed units never lowers the dive objective and keeps every capacity', () => {
    for (const seed of [4, 5, 6]) {
      const p = randomProblem({ children: 600, seed, candidates: 10, groupShare: 0.15, soloShare: 0.05 });
      const cp = compileProblem(p);
      const plain = solveCompiled(cp, { exactUpTo: 0 });
      const ls = solveCompiled(cp, { exactUpTo: 0, localSearchRounds: 3 });
      expect(plain.kind).toBe('solved');
      expect(ls.kind).toBe('solved');
      if (plain.kind !== 'solved' || ls.kind !== 'solved') return;
      const a = ls.solution.assignedEdge;
      expect(internalObjective(cp, a)).toBeGreaterThanOrEqual(internalObjective(cp, plain.solution.assignedEdge) - 1e-9);
      expect(ls.solution.bound).toBeGreaterThanOrEqual(internalObjective(cp, a) - 1e-6);
      const load = new Int32Array(cp.nTargets);
      for (let u = 0; u < cp.nUnits; u++) if (a[u]! >= 0) load[cp.edgeTarget[a[u]!]!]! += cp.edgeSize[a[u]!]!;
      load.forEach((l, t) => expect(l).toBeLessThanOrEqual(cp.capacity[t]!));
    }
  });
});
