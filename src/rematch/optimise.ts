/**
 * Solves a re-match model with the generic solver as a black box, adding the two side constraints the
 * solver does not have, each with an honest bound:
 *
 * 1. Sibling alternatives ("together unit placed" excludes the units of the group's other alternative: the
 *    split policy's single-child units, or the together policy's "as today" units). Primal: fix each
 *    group's mode (together / alternative) and solve the rest exactly as a plain problem; start with every
 *    group in its alternative (the status quo), then use the modes the priced relaxation prefers. Bound:
 *    `capacityBound` (capacity prices, each group's choice kept exact), started from the solver's dual
 *    prices. With few such groups on a small model, every combination of modes is solved instead (exact).
 * 2. The move budget `moves <= maxMoves` (free mode). With moves = settled - sum(stay x),
 *      L(lambda) = max sum (v + lambda stay) x + constant - lambda (settled - maxMoves)
 *    is an upper bound on the capped optimum for every lambda >= 0 (it adds lambda (maxMoves - moves) >= 0 to
 *    every feasible solution). L is convex in lambda and the moves of its maximiser fall as lambda grows,
 *    so lambda is bracketed (doubling) and bisected; every solution met with moves <= maxMoves is a feasible
 *    incumbent. Reported bound = min over evaluated lambda of L (using the solver's own bound, or the priced
 *    bound, so it stays valid when a solve is not proven optimal); `optimal` only when incumbent meets bound.
 *
 * After every solver call that is not proven optimal, `repairSolution` re-inserts units the heuristic left
 * out when one ejection does it (never lowering the objective). maxMoves = 0 does not go through (2):
 * `rematch` builds the pinned model instead, which keeps every settled child in place by construction.
 */
import { solve, type SolveOptions } from '../../solver/solve.js';
import type { SolveStats } from '../../solver/result.js';
import { candidateValue, toSolverProblem, type ProblemAdjustments, type RematchModel } from './build-problem.js';
import { capacityBound } from './capacity-bound.js';
import { repairModes, repairSolution } from './repair.js';
import type { PreparedCohort } from './prepare.js';

/** A chosen candidate per model unit (index into the unit's candidate arrays, or -1 = unplaced). */
export interface ModelSolution {
  readonly chosen: Int32Array;
  /** True objective (the model's, no multipliers). */
  readonly objective: number;
  /** Settled children moved. */
  readonly moves: number;
}

/** Outcome of `optimiseModel`. */
export interface OptimiseOutcome {
  readonly status: 'optimal' | 'feasible' | 'infeasible';
  /** The best solution satisfying every constraint, or null (`infeasible`). */
  readonly solution: ModelSolution | null;
  /** Proven upper bound on the model's optimum (max). */
  readonly bound: number;
  /** |bound - objective| / max(1, |bound|); 0 when optimal. */
  readonly gap: number;
  /** How it was solved, e.g. "min-cost-flow", "lagrangian(maxMoves)+sibling-alternatives+flow-relaxation-dive". */
  readonly method: string;
  /** Solver calls made. */
  readonly solves: number;
  /** Multiplier of the move budget at the returned solution (0 when the cap did not bind). */
  readonly lambda: number;
  /** Subgradient / bisection iterations. */
  readonly iterations: number;
  /** Stats of the solver's calls (last call's method, summed ms). */
  readonly solverMs: number;
  readonly solverMethods: readonly string[];
  /** Improving moves applied by the repair pass after heuristic solves. */
  readonly repairs: number;
  /** Time spent turning the model into solver problems, and in the priced bound, ms. */
  readonly problemMs: number;
  readonly boundMs: number;
  /** Plain sentences about what happened (fallbacks, limits). */
  readonly notes: readonly string[];
}

/** Options of `optimiseModel`. */
export interface OptimiseOptions {
  /** Cap on settled children moved; null = none. Use the pinned model for 0. */
  readonly maxMoves: number | null;
  /** Passed to the solver. */
  readonly solver?: SolveOptions;
  /** Subgradient steps of the priced bound for sibling alternatives (default: 150, fewer on large models). */
  readonly splitIterations?: number;
  /** Solve every mode combination when at most this many groups have alternatives (default 6; small models). */
  readonly exactModeSets?: number;
  /** Bisection steps on the move multiplier (default 24). */
  readonly moveIterations?: number;
}

const TOL = 1e-9;
/** Enumerate every mode combination when there are at most this many groups with alternatives... */
const EXACT_MODE_SETS = 6;
/** ...and (candidates x combinations) stays under this. */
const EXACT_MODE_WORK = 40_000;

function gapOf(bound: number, obj: number): number {
  return Math.abs(bound - obj) / Math.max(1, Math.abs(bound));
}

interface Evaluation {
  readonly chosen: Int32Array;
  /** sum over chosen of adjusted value (lambda included, mu excluded: exclusivity-feasible solution). */
  readonly adjusted: number;
  /** Upper bound on max sum (v + lambda stay) x over exclusivity-feasible x. */
  readonly adjustedBound: number;
  readonly proven: boolean;
}

/**
 * Optimise a model under its side constraints. Checks every solver status before reading a solution.
 *
 * @example
 * const out = optimiseModel(prep, model, { maxMoves: 25 });
 * if (out.solution) console.log(out.status, out.solution.objective, out.bound, out.solution.moves);
 */
export function optimiseModel(prep: PreparedCohort, model: RematchModel, options: OptimiseOptions): OptimiseOutcome {
  const notes: string[] = [];
  const methods = new Set<string>();
  let solves = 0;
  let iterations = 0;
  let solverMs = 0;
  let repairs = 0;
  let problemMs = 0;
  let boundMs = 0;
  const unitById = new Map<string, number>();
  model.units.forEach((u, i) => unitById.set(u.id, i));
  const homeIndex = prep.homeIndex;

  const record = (stats: SolveStats): void => {
    solves++;
    solverMs += stats.ms;
    methods.add(stats.method);
  };

  /** One black-box solve; returns the chosen candidates or null when the solver says infeasible. */
  const solveOnce = (adj: ProblemAdjustments): { chosen: Int32Array; bound: number; proven: boolean; prices: Float64Array } | null => {
    const tp = performance.now();
    const { problem } = toSolverProblem(prep, model, adj);
    problemMs += performance.now() - tp;
    const r = solve(problem, options.solver ?? {});
    record(r.stats);
    if (r.status === 'infeasible') {
      notes.push(`the solver reported infeasible: ${r.message}`);
      return null;
    }
    const chosen = new Int32Array(model.units.length).fill(-1);
    const prices = new Float64Array(prep.homes.length);
    for (const c of r.contributions) {
      const h = homeIndex.get(c.target);
      if (h !== undefined && c.places > 0) prices[h] = Math.max(0, c.capacityPrice / c.places);
    }
    for (const a of r.assignments) {
      const ui = unitById.get(a.unit);
      const h = homeIndex.get(a.target);
      if (ui === undefined || h === undefined) throw new Error(`optimiseModel: solver returned unknown pair "${a.unit}" -> "${a.target}"`);
      const u = model.units[ui]!;
      let j = -1;
      for (let k = 0; k < u.homes.length; k++) if (u.homes[k] === h) j = k;
      if (j < 0) throw new Error(`optimiseModel: solver placed "${a.unit}" in "${a.target}", not one of its candidates`);
      chosen[ui] = j;
    }
    if (r.status !== 'optimal') repairs += repairSolution(model, chosen, adj.lambda ?? 0, adj.active);
    return { chosen, bound: r.bound, proven: r.status === 'optimal', prices };
  };

  const adjustedValue = (chosen: Int32Array, lambda: number): number => {
    let s = 0;
    for (let ui = 0; ui < chosen.length; ui++) {
      const j = chosen[ui]!;
      if (j < 0) continue;
      const u = model.units[ui]!;
      s += candidateValue(u, j) + lambda * u.stay[j]!;
    }
    return s;
  };

  const movesOf = (chosen: Int32Array): number => {
    let stay = 0;
    for (let ui = 0; ui < chosen.length; ui++) {
      const j = chosen[ui]!;
      if (j >= 0) stay += model.units[ui]!.stay[j]!;
    }
    return model.settled - stay;
  };

  /** max sum (v + lambda stay) x under capacity and split exclusivity: primal + bound. */
  const evaluate = (lambda: number): Evaluation | null => {
    if (model.exclusive.length === 0) {
      const r = solveOnce({ lambda });
      if (!r) return null;
      return { chosen: r.chosen, adjusted: adjustedValue(r.chosen, lambda), adjustedBound: r.bound, proven: r.proven };
    }
    const nU = model.units.length;
    let best: Int32Array | null = null;
    let bestVal = -Infinity;
    let prices: Float64Array = new Float64Array(prep.homes.length);
    /**
     * Primal: each group in a fixed mode (together = its together unit only; else its alternative units),
     * solved; a group fixed together whose together unit found no room is switched to its alternative and
     * the problem solved again, so fixing a mode never costs the alternative's placements.
     */
    const fixedSolve = (together: Uint8Array): void => {
      for (let round = 0; round < 2; round++) {
        const active = new Uint8Array(nU).fill(1);
        model.exclusive.forEach((set, k) => {
          if (together[k]) for (const m of set.members) active[m] = 0;
          else active[set.together] = 0;
        });
        const fixed = solveOnce({ lambda, active });
        if (!fixed) return;
        if (!fixed.proven) repairs += repairModes(model, fixed.chosen, lambda, together);
        const val = adjustedValue(fixed.chosen, lambda);
        if (val > bestVal) {
          bestVal = val;
          best = fixed.chosen;
          prices = fixed.prices;
        }
        let switched = false;
        model.exclusive.forEach((set, k) => {
          if (together[k] && fixed.chosen[set.together]! < 0) {
            together[k] = 0;
            switched = true;
          }
        });
        if (!switched) return;
      }
    };
    // Few groups with alternatives on a small problem: every combination of modes, each solved (exactly,
    // by the solver's branch-and-bound at this size). Every feasible solution lies in some combination, so
    // the largest of their bounds bounds the model: exact when each solve is.
    const nS = model.exclusive.length;
    let nEdges = 0;
    for (const u of model.units) nEdges += u.homes.length;
    if (nS <= (options.exactModeSets ?? EXACT_MODE_SETS) && nEdges * (1 << nS) <= EXACT_MODE_WORK) {
      let enumBound = -Infinity;
      for (let mask = 0; mask < 1 << nS; mask++) {
        iterations++;
        const active = new Uint8Array(nU).fill(1);
        model.exclusive.forEach((set, k) => {
          if (mask & (1 << k)) for (const m of set.members) active[m] = 0;
          else active[set.together] = 0;
        });
        const r = solveOnce({ lambda, active });
        if (!r) return null;
        enumBound = Math.max(enumBound, r.bound);
        const val = adjustedValue(r.chosen, lambda);
        if (val > bestVal) {
          bestVal = val;
          best = r.chosen;
        }
      }
      const found = best as Int32Array | null;
      if (!found) return null;
      const b = Math.max(enumBound, bestVal);
      return { chosen: found, adjusted: bestVal, adjustedBound: b, proven: b - bestVal <= TOL * Math.max(1, Math.abs(b)) };
    }
    // first primal: every group in its alternative mode (as today / split); then the modes the priced
    // relaxation prefers, while they change
    const tried = new Set<string>();
    let modes = new Uint8Array(model.exclusive.length);
    let bestBound = Infinity;
    // the priced bound costs one pass over the candidates per step: fewer steps (and one mode round) on
    // national-scale models
    const steps = options.splitIterations ?? Math.min(150, Math.max(20, Math.floor(2e8 / Math.max(1, nEdges))));
    const rounds = nEdges > 1_000_000 ? 1 : 2;
    for (let round = 0; round < rounds; round++) {
      const key = modes.join('');
      if (tried.has(key)) break;
      tried.add(key);
      iterations++;
      fixedSolve(Uint8Array.from(modes));
      const tb = performance.now();
      const cb = capacityBound(model, lambda, prices, bestVal, steps);
      boundMs += performance.now() - tb;
      if (cb.bound < bestBound) bestBound = cb.bound;
      if (bestBound - bestVal <= TOL * Math.max(1, Math.abs(bestBound))) break;
      modes = Uint8Array.from(cb.together);
    }
    const incumbent = best as Int32Array | null;
    if (!incumbent) return null;
    return {
      chosen: incumbent,
      adjusted: bestVal,
      adjustedBound: Math.max(bestBound, bestVal),
      proven: bestBound - bestVal <= TOL * Math.max(1, Math.abs(bestBound)),
    };
  };

  const trueObjective = (chosen: Int32Array): number => {
    let s = model.constant;
    for (let ui = 0; ui < chosen.length; ui++) {
      const j = chosen[ui]!;
      if (j >= 0) s += candidateValue(model.units[ui]!, j);
    }
    return s;
  };

  const finish = (
    solution: ModelSolution | null,
    bound: number,
    proven: boolean,
    lambda: number,
    prefix: string,
  ): OptimiseOutcome => {
    const methodList = [...methods];
    const method = `${prefix}${methodList.join('+') || 'empty'}`;
    if (!solution) {
      return { status: 'infeasible', solution: null, bound, gap: Infinity, method, solves, lambda, iterations, solverMs, solverMethods: methodList, repairs, problemMs, boundMs, notes };
    }
    const b = Math.max(bound, solution.objective);
    let gap = gapOf(b, solution.objective);
    const optimal = proven || gap <= TOL;
    if (optimal) gap = 0;
    return {
      status: optimal ? 'optimal' : 'feasible',
      solution,
      bound: optimal ? solution.objective : b,
      gap,
      method,
      solves,
      lambda,
      iterations,
      solverMs,
      solverMethods: methodList,
      repairs,
      problemMs,
      boundMs,
      notes,
    };
  };

  const splitPrefix = model.exclusive.length > 0 ? 'sibling-alternatives+' : '';
  const cap = options.maxMoves;
  const e0 = evaluate(0);
  if (!e0) return finish(null, Infinity, false, 0, splitPrefix);
  const sol0: ModelSolution = { chosen: e0.chosen, objective: trueObjective(e0.chosen), moves: movesOf(e0.chosen) };
  if (cap === null || model.settled <= cap || sol0.moves <= cap) {
    return finish(sol0, e0.adjustedBound + model.constant, e0.proven, 0, splitPrefix);
  }

  // The move cap binds: Lagrangian over lambda.
  let incumbent: ModelSolution | null = null;
  let incumbentLambda = 0;
  let bestBound = Infinity;
  let allProven = true;
  const consider = (lambda: number, e: Evaluation): number => {
    const moves = movesOf(e.chosen);
    const L = e.adjustedBound + model.constant - lambda * (model.settled - cap);
    if (L < bestBound) bestBound = L;
    if (!e.proven) allProven = false;
    if (moves <= cap) {
      const obj = trueObjective(e.chosen);
      if (!incumbent || obj > incumbent.objective) {
        incumbent = { chosen: e.chosen, objective: obj, moves };
        incumbentLambda = lambda;
      }
    }
    return moves;
  };
  consider(0, e0);
  let maxValue = 1;
  let maxCap = 1;
  for (const u of model.units) for (let j = 0; j < u.homes.length; j++) maxValue = Math.max(maxValue, Math.abs(candidateValue(u, j)));
  for (let h = 0; h < model.capacity.length; h++) maxCap = Math.max(maxCap, model.capacity[h]!);
  const lambdaMax = 4 * maxValue * maxCap + 1;
  let lo = 0;
  let hi = 1;
  for (const u of model.units) for (let j = 0; j < u.homes.length; j++) if (u.move[j]! > 0) hi = Math.max(hi, u.move[j]!);
  let hiFeasible = false;
  while (hi <= lambdaMax) {
    iterations++;
    const e = evaluate(hi);
    if (!e) break;
    if (consider(hi, e) <= cap) {
      hiFeasible = true;
      break;
    }
    lo = hi;
    hi *= 4;
  }
  if (hiFeasible) {
    const steps = options.moveIterations ?? 24;
    for (let s = 0; s < steps && hi - lo > 1e-6 * Math.max(1, hi); s++) {
      const cur = incumbent as ModelSolution | null;
      if (cur && bestBound - cur.objective <= TOL * Math.max(1, Math.abs(bestBound))) break;
      iterations++;
      const mid = (lo + hi) / 2;
      const e = evaluate(mid);
      if (!e) break;
      if (consider(mid, e) <= cap) hi = mid;
      else lo = mid;
    }
  }
  const inc = incumbent as ModelSolution | null;
  if (!inc) {
    notes.push(
      `maxMoves ${cap}: no solution moving at most ${cap} settled children was found in the free model ` +
        `(sibling groups that must move to stay together force more moves)`,
    );
    return finish(null, bestBound, false, lambdaMax, `lagrangian(maxMoves)+${splitPrefix}`);
  }
  const proven = allProven && bestBound - inc.objective <= TOL * Math.max(1, Math.abs(bestBound));
  return finish(inc, bestBound, proven, incumbentLambda, `lagrangian(maxMoves)+${splitPrefix}`);
}
