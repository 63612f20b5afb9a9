import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileProblem } from './compile.js';
import { inspectProblem } from './problem.js';
import { tinyRandomProblem } from './random-problems.js';

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

  it('gives the same result from the candidates flattened by validation (any sense, sizes, compulsory units)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.boolean(), (seed, unitSizesOnly) => {
        const p = tinyRandomProblem(seed, { unitSizesOnly, maxUnits: 8, maxTargets: 5 });
        // units without size or mustAssign (the defaults filled in by validation),
        // and some fractional values
        const input = {
          ...p,
          units: p.units.map((u, i) => {
            const candidates = seed % 2 === 0 ? u.candidates : u.candidates.map((c) => ({ ...c, value: c.value + 0.25 }));
            return i % 3 === 0 ? { id: u.id, candidates } : { ...u, candidates };
          }),
        };
        const inspected = inspectProblem(input);
        expect(inspected.flat).not.toBeNull();
        expect(compileProblem(inspected.problem!, inspected.flat)).toEqual(compileProblem(inspected.problem!));
      }),
      { numRuns: 300 },
    );
  });
});
