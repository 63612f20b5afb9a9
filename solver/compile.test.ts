import { describe, expect, it } from 'vitest';
import { compileProblem } from './compile.js';
import { inspectProblem } from './problem.js';

describe('compileProblem', () => {
  const problem = {
    sense: 'min' as const,
    targets: [{ id: 'h1', capacity: 2 }, { id: 'h2', capacity: 1 }],
    units: [
      { id: 'a', size: 2, mustAssign: true, candidates: [{ target: 'h2', value: 4 }, { target: 'h1', value: 1.5, size: 1 }] },
      { id: 'b', size: 1, mustAssign: false, candidates: [] },
    ],
  };

  it('flattens units into CSR edges in maximisation form', () => {
    const cp = compileProblem(problem);
    expect(cp.sign).toBe(-1);
    expect(Array.from(cp.edgeStart)).toEqual([0, 2, 2]);
    expect(Array.from(cp.edgeTarget)).toEqual([1, 0]);
    expect(Array.from(cp.edgeValue)).toEqual([-4, -1.5]);
    expect(Array.from(cp.edgeSize)).toEqual([2, 1]);
    expect(Array.from(cp.must)).toEqual([1, 0]);
    expect(cp.allUnitSize).toBe(false);
    expect(cp.integralValues).toBe(false);
  });

  it('gives the same result with the target indices found by validation', () => {
    const inspected = inspectProblem(problem);
    expect(compileProblem(inspected.problem!, inspected.candidateTarget)).toEqual(compileProblem(problem));
  });
});
