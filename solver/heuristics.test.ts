import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteForce } from './brute-force.js';
import { compileProblem, type CompiledProblem } from './compile.js';
import { coversCompulsory, greedyAssign, localSearch, regretGreedy, type PrimalState } from './heuristics.js';
import { tinyRandomProblem } from './random-problems.js';
import { internalObjective } from './result.js';

function expectConsistent(cp: CompiledProblem, st: PrimalState): void {
  const used = new Int32Array(cp.nTargets);
  for (let u = 0; u < cp.nUnits; u++) {
    const e = st.assignedEdge[u]!;
    if (e < 0) continue;
    expect(e).toBeGreaterThanOrEqual(cp.edgeStart[u]!);
    expect(e).toBeLessThan(cp.edgeStart[u + 1]!);
    used[cp.edgeTarget[e]!]! += cp.edgeSize[e]!;
  }
  for (let t = 0; t < cp.nTargets; t++) {
    expect(used[t]).toBeLessThanOrEqual(cp.capacity[t]!);
    expect(st.remaining[t]).toBe(cp.capacity[t]! - used[t]!);
  }
}

describe('primal heuristics', () => {
  it('greedy takes the best pairs first', () => {
    const cp = compileProblem({
      sense: 'max', targets: [{ id: 'h', capacity: 1 }, { id: 'k', capacity: 1 }],
      units: [
        { id: 'a', size: 1, mustAssign: false, candidates: [{ target: 'h', value: 9 }, { target: 'k', value: 8 }] },
        { id: 'b', size: 1, mustAssign: false, candidates: [{ target: 'h', value: 7 }] },
      ],
    });
    const g = greedyAssign(cp);
    expect(Array.from(g.assignedEdge)).toEqual([0, -1]);
    // local search cannot fix this one (it needs two moves), the exact solver does
    expect(internalObjective(cp, localSearch(cp, g).assignedEdge)).toBe(9);
    expect(internalObjective(cp, regretGreedy(cp).assignedEdge)).toBe(15);
  });

  it("local search swaps through a unit's last edge to a target (a repeated pair)", () => {
    // unit 0: h 5, k 1, k 3; unit 1: k 5, h 9. Neither can shift; the swap pays with unit 0's last edge to k
    const cp: CompiledProblem = {
      sign: 1, nUnits: 2, nTargets: 2, unitIds: ['a', 'b'], targetIds: ['h', 'k'],
      edgeStart: Int32Array.from([0, 3, 5]), edgeTarget: Int32Array.from([0, 1, 1, 1, 0]),
      edgeValue: Float64Array.from([5, 1, 3, 5, 9]), edgeSize: new Int32Array(5).fill(1), capacity: Int32Array.from([1, 1]),
      must: new Uint8Array(2), allUnitSize: true, integralValues: true, nEdges: 5,
    };
    const st = localSearch(cp, { assignedEdge: Int32Array.from([0, 3]), remaining: new Int32Array(2) });
    expect(Array.from(st.assignedEdge)).toEqual([2, 4]);
    expect(internalObjective(cp, st.assignedEdge)).toBe(12);
  });

  it('greedy, regret greedy and local search stay feasible, and local search never loses value', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const p = tinyRandomProblem(seed, { maxUnits: 8 });
        const cp = compileProblem(p);
        const bf = bruteForce(p);
        for (const st of [greedyAssign(cp), regretGreedy(cp)]) {
          expectConsistent(cp, st);
          const before = internalObjective(cp, st.assignedEdge);
          const covered = coversCompulsory(cp, st.assignedEdge);
          localSearch(cp, st);
          expectConsistent(cp, st);
          const after = internalObjective(cp, st.assignedEdge);
          if (covered) {
            expect(after).toBeGreaterThanOrEqual(before - 1e-9);
            expect(coversCompulsory(cp, st.assignedEdge)).toBe(true);
            if (bf.objective !== null) expect(after).toBeLessThanOrEqual(cp.sign * bf.objective + 1e-9);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
