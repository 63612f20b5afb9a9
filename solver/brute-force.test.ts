import { describe, expect, it } from 'vitest';
import { bruteForce } from './brute-force.js';

describe('bruteForce', () => {
  it('finds the best combination respecting capacity and sizes', () => {
    const r = bruteForce({
      sense: 'max', targets: [{ id: 'h', capacity: 3 }],
      units: [
        { id: 'g', size: 2, mustAssign: false, candidates: [{ target: 'h', value: 10 }] },
        { id: 'a', size: 1, mustAssign: false, candidates: [{ target: 'h', value: 6 }] },
        { id: 'b', size: 1, mustAssign: false, candidates: [{ target: 'h', value: 6 }] },
      ],
    });
    expect(r.objective).toBe(16);
    expect(r.combinations).toBeGreaterThan(0);
  });

  it('minimises, forces compulsory units, and reports infeasibility as null', () => {
    const min = bruteForce({
      sense: 'min', targets: [{ id: 'h', capacity: 1 }, { id: 'k', capacity: 1 }],
      units: [{ id: 'a', size: 1, mustAssign: true, candidates: [{ target: 'h', value: 4 }, { target: 'k', value: 2 }] }],
    });
    expect(min.objective).toBe(2);
    expect(min.assignment).toEqual(['k']);
    const none = bruteForce({
      sense: 'max', targets: [{ id: 'h', capacity: 1 }],
      units: [
        { id: 'a', size: 1, mustAssign: true, candidates: [{ target: 'h', value: 1 }] },
        { id: 'b', size: 1, mustAssign: true, candidates: [{ target: 'h', value: 1 }] },
      ],
    });
    expect(none.objective).toBeNull();
  });
});
