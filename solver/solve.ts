/**
 * `solve`: validates, compiles and dispatches a capacitated assignment problem to the right method.
 *
 * - Every candidate of size 1: exact min-cost flow (`min-cost-flow`, always `optimal`).
 * - Sizes other than 1 (sibling groups, bed blocking), small problem (<= `exactUpTo` candidates): the flow
 *   dive first; when its bound already meets its objective it is optimal (`flow-relaxation-dive`), else exact
 *   branch-and-bound with a knapsack-Lagrangian bound, seeded with the dive (`branch-and-bound`, `optimal`
 *   unless a limit stops it).
 * - Sizes other than 1, large problem: flow relaxation, dive and Lagrangian bound
 *   (`flow-relaxation-dive`, `optimal` when the bound meets the objective, else `feasible` with the gap).
 * Compulsory units that cannot all be placed give an `infeasible` result naming them.
 */
import { branchAndBound } from './branch-and-bound.js';
import { compileProblem, type CompiledProblem } from './compile.js';
import { InvalidProblemError } from './errors.js';
import { relaxAndDive, type RelaxedFlow } from './groups.js';
import type { ByTarget } from './min-cost-flow.js';
import { inspectProblem, type Problem, type ProblemInput } from './problem.js';
import {
  buildInfeasibleResult,
  buildSolvedResult,
  internalObjective,
  OPTIMALITY_TOLERANCE,
  relativeGap,
  type InternalSolution,
  type SolveMethod,
  type SolveResult,
  type SolveStats,
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
  /**
   * Subgradient steps improving the dive's Lagrangian bound (default 40). 0 for callers that compute their
   * own bound and only need the solution and the dual prices (the bound stays valid, only weaker).
   */
  readonly boundIterations?: number;
  /** Local search rounds on the dive's fixed units, one flow solve each (default 0, see groups.ts). */
  readonly localSearchRounds?: number;
  /**
   * `solveCompiled` only: return the dive's first flow (`relaxation`, see `DiveOptions.keepRelaxation`), to
   * warm-start the flow relaxation of a variant of the problem (`relaxationPrices`). Default false.
   */
  readonly keepRelaxation?: boolean;
  /** `solveCompiled` only: the problem's edges by target for the dive's warm starts (`DiveOptions.byTarget`). */
  readonly byTarget?: ByTarget | (() => ByTarget);
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
  const cp = compileProblem(v.problem, v.flat);
  const out = solveCompiled(cp, options);
  const ms = performance.now() - started;
  if (out.kind === 'infeasible') return buildInfeasibleResult(cp, out.units, out.proven, { ...out.stats, ms });
  return buildSolvedResult(cp, out.solution, { ...out.stats, ms });
}

/** Outcome of `solveCompiled`: the internal (maximisation-form) solution, or the units that could not be placed. */
export type CompiledOutcome =
  | {
      readonly kind: 'solved';
      readonly solution: InternalSolution;
      readonly stats: Omit<SolveStats, 'units' | 'targets' | 'candidates'>;
      /** With `keepRelaxation`: the dive's first flow (null when none was kept). */
      readonly relaxation?: RelaxedFlow | null;
    }
  | { readonly kind: 'infeasible'; readonly units: readonly number[]; readonly proven: boolean; readonly stats: Omit<SolveStats, 'units' | 'targets' | 'candidates'> };

/**
 * The engine behind `solve`, on an already compiled (flat, maximisation-form) problem: no validation, no
 * ids, no result objects. For callers that build typed arrays themselves and solve many variants of one
 * model (the re-match optimiser): `solution.assignedEdge` is the chosen edge per unit (-1 = none),
 * `solution.bound` a proven bound, `solution.proven` true when optimal.
 *
 * @example
 * const out = solveCompiled(compileProblem(problem));
 * if (out.kind === 'solved') console.log(out.solution.assignedEdge, out.solution.bound, out.solution.proven);
 */
export function solveCompiled(cp: CompiledProblem, options: SolveOptions = {}): CompiledOutcome {
  const started = performance.now();
  const elapsed = (): number => performance.now() - started;
  const method = options.method ?? 'auto';

  if (cp.nUnits === 0) {
    return { kind: 'solved', solution: { assignedEdge: new Int32Array(0), bound: 0, proven: true }, stats: { ms: elapsed(), method: 'empty' } };
  }

  const small = cp.nEdges <= (options.exactUpTo ?? 2_000);
  const useBranchAndBound = method === 'branch-and-bound' || (method === 'auto' && !cp.allUnitSize && small);

  const dive = relaxAndDive(cp, {
    ...(options.boundIterations !== undefined ? { boundIterations: options.boundIterations } : {}),
    ...(options.localSearchRounds !== undefined ? { localSearchRounds: options.localSearchRounds } : {}),
    ...(options.keepRelaxation === true ? { keepRelaxation: true } : {}),
    ...(options.byTarget ? { byTarget: options.byTarget } : {}),
  });
  const relaxation = options.keepRelaxation === true ? { relaxation: dive.kind === 'solved' ? (dive.relaxation ?? null) : null } : {};
  if (dive.kind === 'infeasible' && (dive.proven || !useBranchAndBound)) {
    const m: SolveMethod = dive.proven ? 'infeasibility-proof' : 'flow-relaxation-dive';
    return { kind: 'infeasible', units: dive.units, proven: dive.proven, stats: { ms: elapsed(), method: m, searches: dive.searches } };
  }
  // The dive's bound already meeting its objective proves it optimal: branch-and-bound could add nothing,
  // and its subgradient bound rarely gets within the tolerance of a tight LP bound, so it would only run
  // out its time limit (5 s per call on a 36-child problem with one sibling group) and return this.
  const closed =
    dive.kind === 'solved' &&
    (dive.solution.proven ||
      (method === 'auto' && relativeGap(dive.solution.bound, internalObjective(cp, dive.solution.assignedEdge)) <= OPTIMALITY_TOLERANCE));
  if (dive.kind === 'solved' && (!useBranchAndBound || closed)) {
    const m: SolveMethod = cp.allUnitSize ? 'min-cost-flow' : 'flow-relaxation-dive';
    return {
      kind: 'solved',
      solution: closed && !dive.solution.proven ? { ...dive.solution, proven: true } : dive.solution,
      stats: { ms: elapsed(), method: m, searches: dive.searches, rounds: dive.rounds, fixedUnits: dive.fixedUnits, boundIterations: dive.boundIterations },
      ...relaxation,
    };
  }
  const bb = branchAndBound(cp, {
    ...(options.timeLimitMs !== undefined ? { timeLimitMs: options.timeLimitMs } : { timeLimitMs: 5_000 }),
    ...(options.maxNodes !== undefined ? { maxNodes: options.maxNodes } : {}),
    ...(dive.kind === 'solved' ? { initial: dive.solution.assignedEdge } : {}),
  });
  if (bb.kind === 'infeasible') {
    return { kind: 'infeasible', units: bb.units, proven: bb.proven, stats: { ms: elapsed(), method: 'branch-and-bound', nodes: bb.nodes } };
  }
  const bound = dive.kind === 'solved' ? Math.min(bb.solution.bound, dive.solution.bound) : bb.solution.bound;
  return {
    kind: 'solved',
    solution: { ...bb.solution, bound, ...(dive.kind === 'solved' ? { targetPrice: dive.lambda } : {}) },
    stats: { ms: elapsed(), method: 'branch-and-bound', nodes: bb.nodes, limitReached: bb.limitReached, boundIterations: bb.boundIterations },
    ...relaxation,
  };
}
