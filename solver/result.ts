/**
 * The result of `solve`: a discriminated union on `status`, so the assignments can only be read after the
 * status has been checked (`infeasible` results carry no assignment at all).
 */
import type { CompiledProblem } from './compile.js';

/** How the problem was solved. */
export type SolveMethod =
  | 'empty'
  | 'min-cost-flow'
  | 'flow-relaxation-dive'
  | 'branch-and-bound'
  | 'infeasibility-proof';

/** One unit placed on one target, with the value of that pair (in the caller's units and sense). */
export interface Assignment {
  readonly unit: string;
  readonly target: string;
  readonly value: number;
}

/**
 * The contribution of one assigned pair to the objective. `contribution` values sum to `objective`;
 * `places` is the capacity it uses; `capacityPrice` (>= 0, in objective units) is the opportunity cost of
 * those places according to the dual prices of the flow relaxation (0 when the target still had room, or
 * when no relaxation was solved): for `max` the pair's net worth is `contribution - capacityPrice`, for
 * `min` its full cost is `contribution + capacityPrice`.
 */
export interface Contribution {
  readonly unit: string;
  readonly target: string;
  readonly contribution: number;
  readonly places: number;
  readonly capacityPrice: number;
}

/** Why a unit is unassigned in the returned solution. */
export type UnassignedReason =
  /** the unit has no candidate at all (no eligible target) */
  | 'no-candidates'
  /** no candidate fits: every candidate needs more places than its target has */
  | 'does-not-fit'
  /** every candidate would make the objective worse than leaving the unit out (value <= 0 for max) */
  | 'not-worthwhile'
  /** a worthwhile candidate exists but its places go to others in the optimum */
  | 'capacity-taken';

export interface Unassigned {
  readonly unit: string;
  readonly reason: UnassignedReason;
}

/** Solver statistics. `method` names the algorithm; the rest depends on it. */
export interface SolveStats {
  readonly ms: number;
  readonly method: SolveMethod;
  readonly units: number;
  readonly targets: number;
  readonly candidates: number;
  /** Branch-and-bound nodes explored. */
  readonly nodes?: number;
  /** Shortest-path searches (min-cost flow augmentations). */
  readonly searches?: number;
  /** Flow re-solves in the dive (fix inconsistent groups, solve again). */
  readonly rounds?: number;
  /** Units whose relaxation split or blocked and were fixed by the dive. */
  readonly fixedUnits?: number;
  /** Subgradient iterations spent on the bound. */
  readonly boundIterations?: number;
  /** True when a time or node limit stopped the search before optimality was proven. */
  readonly limitReached?: boolean;
}

interface SolvedFields {
  /** Sum of the values of the assignments (caller's sense). */
  readonly objective: number;
  /** Proven bound on the optimum: >= objective for max, <= objective for min. */
  readonly bound: number;
  /** |bound - objective| / max(1, |bound|). 0 when optimal. */
  readonly gap: number;
  readonly assignments: readonly Assignment[];
  /** Ids of the units left unassigned (see `unassignedDetail` for why). */
  readonly unassigned: readonly string[];
  readonly unassignedDetail: readonly Unassigned[];
  readonly contributions: readonly Contribution[];
  readonly stats: SolveStats;
}

/** Proven optimal: `bound` equals `objective` (within 1e-9 relative) or the search was exhausted. */
export interface OptimalResult extends SolvedFields {
  readonly status: 'optimal';
}

/** A feasible assignment with an honest bound and gap; optimality not proven. */
export interface FeasibleResult extends SolvedFields {
  readonly status: 'feasible';
}

/**
 * No assignment places every `mustAssign` unit. `proven` is true when impossibility is proven (a
 * relaxation is infeasible or the search was exhausted); false when the solver only failed to find one
 * within its limits. `infeasibleUnits` names the compulsory units that could not be placed.
 */
export interface InfeasibleResult {
  readonly status: 'infeasible';
  readonly proven: boolean;
  readonly infeasibleUnits: readonly string[];
  readonly message: string;
  readonly stats: SolveStats;
}

/**
 * Outcome of `solve`. Check `status` first:
 *
 * @example
 * const r = solve(problem);
 * if (r.status === 'infeasible') console.error(r.message);
 * else for (const a of r.assignments) console.log(a.unit, '->', a.target);
 */
export type SolveResult = OptimalResult | FeasibleResult | InfeasibleResult;

/** Internal outcome of a method, in maximisation form. */
export interface InternalSolution {
  /** Chosen edge per unit, or -1. */
  readonly assignedEdge: Int32Array;
  /** Upper bound on the (maximisation-form) optimum. */
  readonly bound: number;
  /** True when optimality is proven by the method itself (exact algorithm or exhausted search). */
  readonly proven: boolean;
  /** Dual price per place on each target (maximisation form), when the method has one. */
  readonly targetPrice?: Float64Array;
}

/** Relative tolerance under which bound and objective are considered equal. */
export const OPTIMALITY_TOLERANCE = 1e-9;

/**
 * Gap as defined in issue 3: |bound - objective| / max(1, |bound|).
 *
 * @example
 * relativeGap(1000, 999); // 0.001
 */
export function relativeGap(bound: number, objective: number): number {
  return Math.abs(bound - objective) / Math.max(1, Math.abs(bound));
}

/** Objective (maximisation form) of an internal solution. */
export function internalObjective(cp: CompiledProblem, assignedEdge: Int32Array): number {
  let obj = 0;
  for (let u = 0; u < cp.nUnits; u++) {
    const e = assignedEdge[u]!;
    if (e >= 0) obj += cp.edgeValue[e]!;
  }
  return obj;
}

function unassignedReason(cp: CompiledProblem, u: number): UnassignedReason {
  const a = cp.edgeStart[u]!;
  const b = cp.edgeStart[u + 1]!;
  if (a === b) return 'no-candidates';
  let fits = false;
  let worth = false;
  for (let e = a; e < b; e++) {
    const f = cp.edgeSize[e]! <= cp.capacity[cp.edgeTarget[e]!]!;
    if (f) fits = true;
    if (f && cp.edgeValue[e]! > 0) worth = true;
  }
  if (!fits) return 'does-not-fit';
  return worth ? 'capacity-taken' : 'not-worthwhile';
}

/**
 * Turns an internal solution into the public result (ids, caller's sense, gap, contributions).
 * `ms` is measured by the caller.
 */
export function buildSolvedResult(
  cp: CompiledProblem,
  sol: InternalSolution,
  stats: Omit<SolveStats, 'units' | 'targets' | 'candidates'>,
): OptimalResult | FeasibleResult {
  const assignments: Assignment[] = [];
  const contributions: Contribution[] = [];
  const unassigned: string[] = [];
  const unassignedDetail: Unassigned[] = [];
  let objective = 0;
  for (let u = 0; u < cp.nUnits; u++) {
    const e = sol.assignedEdge[u]!;
    const unit = cp.unitIds[u]!;
    if (e < 0) {
      unassigned.push(unit);
      unassignedDetail.push({ unit, reason: unassignedReason(cp, u) });
      continue;
    }
    const t = cp.edgeTarget[e]!;
    const target = cp.targetIds[t]!;
    const value = cp.sign * cp.edgeValue[e]!;
    const places = cp.edgeSize[e]!;
    objective += value;
    assignments.push({ unit, target, value });
    const price = sol.targetPrice ? (sol.targetPrice[t] ?? 0) * places : 0;
    contributions.push({ unit, target, contribution: value, places, capacityPrice: price + 0 });
  }
  const internalObj = cp.sign * objective;
  // the bound never claims less than what was achieved (guards float noise of relaxations)
  const internalBound = Math.max(sol.bound, internalObj);
  const bound = cp.sign * internalBound + 0;
  let gap = relativeGap(bound, objective);
  const optimal = sol.proven || gap <= OPTIMALITY_TOLERANCE;
  if (optimal) gap = 0;
  const fullStats: SolveStats = { ...stats, units: cp.nUnits, targets: cp.nTargets, candidates: cp.nEdges };
  const fields = {
    objective,
    bound: optimal ? objective : bound,
    gap,
    assignments,
    unassigned,
    unassignedDetail,
    contributions,
    stats: fullStats,
  };
  return optimal ? { status: 'optimal', ...fields } : { status: 'feasible', ...fields };
}

/** Builds an infeasible result naming the compulsory units that could not be placed. */
export function buildInfeasibleResult(
  cp: CompiledProblem,
  units: readonly number[],
  proven: boolean,
  stats: Omit<SolveStats, 'units' | 'targets' | 'candidates'>,
): InfeasibleResult {
  const ids = units.map((u) => cp.unitIds[u]!);
  const shown = ids.slice(0, 5).map((id) => JSON.stringify(id)).join(', ');
  const more = ids.length > 5 ? ` and ${ids.length - 5} more` : '';
  const message = proven
    ? `solve: infeasible: compulsory (mustAssign) units cannot all be placed within capacity; not placed: ${shown}${more}`
    : `solve: no assignment placing every compulsory unit was found within the limits (not proven impossible); not placed: ${shown}${more}`;
  return {
    status: 'infeasible',
    proven,
    infeasibleUnits: ids,
    message,
    stats: { ...stats, units: cp.nUnits, targets: cp.nTargets, candidates: cp.nEdges },
  };
}
