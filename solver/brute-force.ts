/**
 * Exhaustive enumeration for tiny problems: the reference the property tests compare against.
 * Tries every combination (each unit: one of its candidates, or nothing when optional) with capacity
 * pruning only, so it is obviously correct and exponentially slow; keep it to ~10 units.
 */
import type { Problem } from './problem.js';

/** Optimum found by enumeration, in the caller's sense; `null` objective when infeasible. */
export interface BruteForceResult {
  readonly objective: number | null;
  /** Target id per unit (null = unassigned) of one optimal solution. */
  readonly assignment: readonly (string | null)[] | null;
  readonly combinations: number;
}

/**
 * Enumerates all assignments of a (validated) problem and returns the best objective.
 *
 * @example
 * const r = bruteForce({ sense: 'max', targets: [{ id: 'h', capacity: 1 }], units: [
 *   { id: 'a', size: 1, mustAssign: false, candidates: [{ target: 'h', value: 3 }] },
 *   { id: 'b', size: 1, mustAssign: false, candidates: [{ target: 'h', value: 5 }] }] });
 * // r.objective === 5
 */
export function bruteForce(problem: Problem, maxCombinations = 5_000_000): BruteForceResult {
  const sign = problem.sense === 'max' ? 1 : -1;
  const remaining = new Map<string, number>();
  for (const t of problem.targets) remaining.set(t.id, t.capacity);
  const units = problem.units;
  const current: (string | null)[] = new Array<string | null>(units.length).fill(null);
  let best = -Infinity;
  let bestAssignment: (string | null)[] | null = null;
  let combinations = 0;

  const visit = (i: number, value: number): void => {
    if (i === units.length) {
      combinations++;
      if (combinations > maxCombinations) throw new Error(`bruteForce: more than ${maxCombinations} combinations`);
      if (value > best) {
        best = value;
        bestAssignment = current.slice();
      }
      return;
    }
    const unit = units[i]!;
    if (!unit.mustAssign) {
      current[i] = null;
      visit(i + 1, value);
    }
    for (const c of unit.candidates) {
      const size = c.size ?? unit.size;
      const left = remaining.get(c.target)!;
      if (size > left) continue;
      remaining.set(c.target, left - size);
      current[i] = c.target;
      visit(i + 1, value + sign * c.value);
      remaining.set(c.target, left);
    }
    current[i] = null;
  };
  visit(0, 0);
  if (bestAssignment === null) return { objective: null, assignment: null, combinations };
  const objective = sign * best;
  return { objective: objective === 0 ? 0 : objective, assignment: bestAssignment, combinations };
}
