import { describe, expect, it } from 'vitest';
import { lpReference, lpReferenceModel } from './lp-reference.js';
import { tinyRandomProblem } from './random-problems.js';
import { bruteForce } from './brute-force.js';

describe('lpReference (javascript-lp-solver, checked)', () => {
  it('builds one integer x per pair (bounded by 1 through its once-only row, no extra x <= 1 rows), a once-only row per unit and a capacity row per target', () => {
    const m = lpReferenceModel({
      sense: 'max', targets: [{ id: 'h', capacity: 2 }],
      units: [{ id: 'a', size: 2, mustAssign: true, candidates: [{ target: 'h', value: 3 }, ] }],
    });
    expect(m.constraints).toEqual({ t0: { max: 2 }, u0: { equal: 1 } });
    expect(m.variables).toEqual({ x0_0: { value: 3, u0: 1, t0: 2 } });
    expect(m.ints).toEqual({ x0_0: 1 });
    expect(m.binaries).toBeUndefined();
  });

  it('agrees with exhaustive search on random tiny problems when it answers integrally', () => {
    let integral = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const p = tinyRandomProblem(seed, { maxUnits: 5 });
      const ref = lpReference(p);
      const bf = bruteForce(p);
      if (ref.status === 'integral') {
        integral++;
        expect(ref.objective).toBeCloseTo(bf.objective!, 9);
      }
      if (bf.objective === null) expect(ref.status).not.toBe('integral');
    }
    expect(integral).toBeGreaterThan(40);
  });
});
