/**
 * `solve`: validates, compiles and dispatches a capacitated assignment problem to the right method.
 *
 * - Every candidate of size 1: exact min-cost flow (`min-cost-flow`, always `optimal`).
 * - Sizes other than 1 (sibling groups, bed blocking), small problem (<= `exactUpTo` candidates): exact
 *   branch-and-bound with a knapsack-Lagrangian bound, seeded with the flow dive (`branch-and-bound`,
 *   `optimal` unless a limit stops it).
 * - Sizes other than 1, large problem: flow relaxation, dive and Lagrangian bound
 *   (`flow-relaxation-dive`, `optimal` when the bound meets the objective, else `feasible` with the gap).
 * Compulsory units that cannot all be placed give an `infeasible` result naming them.
 */
import { branchAndBound } from './branch-and-bound.js';
import { compileProblem } from './compile.js';
import { InvalidProblemError } from './errors.js';
import { relaxAndDive } from './groups.js';
import { inspectProblem, type Problem, type ProblemInput } from './problem.js';
import {
  buildInfeasibleResult,
  buildSolvedResult,
  type SolveMethod,
  type SolveResult,
} from './result.js';

/** Options of `solve`. */
export interface SolveOptions {
  /** Force a method; `auto` (default) chooses as described above. */
  readonly method?: 'auto' | 'flow-relaxation-dive' | 'branch-and-bound';
  /** Problems with sizes other than 1 and at most this many candidates go to branch-and-bound (default 2,000). */
  readonly exactUpTo?: number;
  /** Branch-and-bound time limit in ms (default 5,000). */
  readonly timeLimitMs?: number;
  /** Branch-and-bound node limit (default 200,000). */
  readonly maxNodes?: number;
}

/**
 * Solves a capacitated assignment problem. Throws `InvalidProblemError` (every issue, with paths) when
 * the problem does not validate; otherwise returns a result whose `status` must be checked first.
 *
 * @example
 * const r = solve({
 *   sense: 'max',
 *   targets: [{ id: 'h1', capacity: 2 }, { id: 'h2', capacity: 1 }],
 *   units: [
 *     { id: 'c1', candidates: [{ target: 'h1', value: 5 }, { target: 'h2', value: 4 }] },
 *     { id: 'g1', size: 2, candidates: [{ target: 'h1', value: 9 }] },
 *   ],
 * });
 * if (r.status !== 'infeasible') console.log(r.objective, r.assignments); // 13: g1 -> h1, c1 -> h2
 */
export function solve(problem: Problem | ProblemInput, options: SolveOptions = {}): SolveResult {
  const started = performance.now();
  const v = inspectProblem(problem);
  if (v.problem === null) throw new InvalidProblemError(v.issues);
  const cp = compileProblem(v.problem, v.candidateTarget);
  const elapsed = (): number => performance.now() - started;
  const method = options.method ?? 'auto';

  if (cp.nUnits === 0) {
    return buildSolvedResult(cp, { assignedEdge: new Int32Array(0), bound: 0, proven: true }, { ms: elapsed(), method: 'empty' });
  }

  const small = cp.nEdges <= (options.exactUpTo ?? 2_000);
  const useBranchAndBound = method === 'branch-and-bound' || (method === 'auto' && !cp.allUnitSize && small);

  const dive = relaxAndDive(cp);
  if (dive.kind === 'infeasible' && (dive.proven || !useBranchAndBound)) {
    const m: SolveMethod = dive.proven ? 'infeasibility-proof' : 'flow-relaxation-dive';
    return buildInfeasibleResult(cp, dive.units, dive.proven, { ms: elapsed(), method: m, searches: dive.searches });
  }
  if (dive.kind === 'solved' && (!useBranchAndBound || dive.solution.proven)) {
    const m: SolveMethod = cp.allUnitSize ? 'min-cost-flow' : 'flow-relaxation-dive';
    return buildSolvedResult(cp, dive.solution, {
      ms: elapsed(),
      method: m,
      searches: dive.searches,
      rounds: dive.rounds,
      fixedUnits: dive.fixedUnits,
      boundIterations: dive.boundIterations,
    });
  }
  const bb = branchAndBound(cp, {
    ...(options.timeLimitMs !== undefined ? { timeLimitMs: options.timeLimitMs } : { timeLimitMs: 5_000 }),
    ...(options.maxNodes !== undefined ? { maxNodes: options.maxNodes } : {}),
    ...(dive.kind === 'solved' ? { initial: dive.solution.assignedEdge } : {}),
  });
  if (bb.kind === 'infeasible') {
    return buildInfeasibleResult(cp, bb.units, bb.proven, { ms: elapsed(), method: 'branch-and-bound', nodes: bb.nodes });
  }
  const bound = dive.kind === 'solved' ? Math.min(bb.solution.bound, dive.solution.bound) : bb.solution.bound;
  return buildSolvedResult(
    cp,
    { ...bb.solution, bound, ...(dive.kind === 'solved' ? { targetPrice: dive.lambda } : {}) },
    { ms: elapsed(), method: 'branch-and-bound', nodes: bb.nodes, limitReached: bb.limitReached, boundIterations: bb.boundIterations },
  );
}
