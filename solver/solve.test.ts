import { describe, expect, it } from 'vitest';
import { InvalidProblemError } from './errors.js';
import { randomProblem } from './random-problems.js';
import { solve } from './solve.js';

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
    expect(r.stats.method).toBe('branch-and-bound');
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
});
