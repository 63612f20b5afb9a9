import { describe, expect, it } from 'vitest';
import { compileProblem } from './compile.js';
import { buildInfeasibleResult, buildSolvedResult, relativeGap } from './result.js';

const cp = compileProblem({
  sense: 'min',
  targets: [{ id: 'h', capacity: 1 }, { id: 'k', capacity: 0 }],
  units: [
    { id: 'a', size: 1, mustAssign: true, candidates: [{ target: 'h', value: 3 }] },
    { id: 'b', size: 1, mustAssign: false, candidates: [{ target: 'h', value: -2 }] },
    { id: 'c', size: 1, mustAssign: false, candidates: [{ target: 'k', value: -5 }] },
    { id: 'd', size: 1, mustAssign: false, candidates: [] },
    { id: 'e', size: 1, mustAssign: false, candidates: [{ target: 'h', value: 7 }] },
  ],
});

describe('result building', () => {
  it('defines the gap relative to the bound, with a floor of 1', () => {
    expect(relativeGap(100, 99)).toBeCloseTo(0.01);
    expect(relativeGap(0.5, 0)).toBe(0.5);
  });

  it('maps back to the caller sense, explains every unassigned unit and sums contributions', () => {
    const r = buildSolvedResult(cp, { assignedEdge: Int32Array.from([0, -1, -1, -1, -1]), bound: -2, proven: false }, { ms: 1, method: 'branch-and-bound' });
    expect(r.status).toBe('feasible');
    expect(r.objective).toBe(3);
    expect(r.bound).toBe(2);
    expect(r.gap).toBeCloseTo(0.5);
    expect(r.assignments).toEqual([{ unit: 'a', target: 'h', value: 3 }]);
    expect(r.contributions).toEqual([{ unit: 'a', target: 'h', contribution: 3, places: 1, capacityPrice: 0 }]);
    expect(r.unassignedDetail).toEqual([
      { unit: 'b', reason: 'capacity-taken' },
      { unit: 'c', reason: 'does-not-fit' },
      { unit: 'd', reason: 'no-candidates' },
      { unit: 'e', reason: 'not-worthwhile' },
    ]);
    expect(r.stats).toMatchObject({ units: 5, targets: 2, candidates: 4, method: 'branch-and-bound' });
  });

  it('says optimal when proven, with bound = objective and gap 0', () => {
    const r = buildSolvedResult(cp, { assignedEdge: Int32Array.from([0, -1, -1, -1, -1]), bound: -3, proven: true }, { ms: 1, method: 'min-cost-flow' });
    expect(r.status).toBe('optimal');
    expect(r.gap).toBe(0);
    expect(r.bound).toBe(3);
  });

  it('names the compulsory units of an infeasible problem', () => {
    const r = buildInfeasibleResult(cp, [0], true, { ms: 1, method: 'infeasibility-proof' });
    expect(r.infeasibleUnits).toEqual(['a']);
    expect(r.message).toContain('"a"');
    expect(r).not.toHaveProperty('assignments');
  });
});
