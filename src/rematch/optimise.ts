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
 * The incumbent of the unconstrained solve (move multiplier 0), when not proven optimal, is then improved by
 * re-optimising small neighbourhoods around the units with priced slack (`neighbourhood.ts`, primal only;
 * measured at 5,000 children: +307 points, gap 0.109 % -> 0.046 %, for ~40-70 ms).
 *
 * With sibling sets and the gap still open (the national-scale path), the steps after the mode rounds, in
 * order (bound steps only lower the bound, primal steps only raise the incumbent; each is kept only when it
 * does):
 * 1. bound: re-priced by a flow relaxation of the incumbent's modes (`relaxationPrices`, re-optimised from
 *    the mode round's relaxed flow), then exact coordinate descent on the prices (`price-descent.ts`), then
 *    capacity kept exact in small regions around the shortfalls (`region-bound.ts`);
 * 2. primal, at the final prices: sibling sets switched with the single children around them re-placed by
 *    flow (`set-switch.ts` `switchSets`); then the polish: the single-children flow (`single-flow.ts`),
 *    chains of same-size units by one flow per size (`size-flow.ts`), ejection chains of units of any size
 *    (`ejection-chains.ts`), the same chains with the single children around them re-placed by flow, and
 *    the single-children flow once more.
 * Figures per step: src/rematch/README.md (80k: 0.397 % -> 0.095 % over sessions 6-8, 0.097 % in session 9 for ~1.5 s less; what each step adds,
 * session 9).
 *
 * Local mode switches (`switchModes`) after each priced bound skip the groups whose other mode the bound
 * rules out (`modeBounds`: no solution with the group in that mode beats the incumbent) and the switches
 * that already failed on the same solution in an earlier round (`SwitchMemo`): both only skip trials that
 * would be undone, so the result is the same.
 *
 * The model goes to the solver as typed arrays (`compileModel` + `solveCompiled`, from the model's flat
 * candidates kept per model and multiplier, `flat-candidates.ts`). After every solver call
 * that is not proven optimal, `repairSolution` re-inserts units the heuristic left out when an ejection
 * (chain of depth 2 at most) does it (never lowering the objective); that is what keeps a settled child
 * whose home a sibling group or re-placed children took in the dive in their home. maxMoves = 0 does not go through (2):
 * `rematch` builds the pinned model instead, which keeps every settled child in place by construction.
 */
import type { CompiledProblem } from '../../solver/compile.js';
import type { TopEdges } from '../../solver/top-edges.js';
import type { ByTarget } from '../../solver/min-cost-flow.js';
import { flatCandidates, flatHomes, homeCandidates } from './flat-candidates.js';
import { Scratch } from '../../solver/scratch.js';
import { solveCompiled, type SolveOptions } from '../../solver/solve.js';
import { liftRelaxedFlow, relaxationPrices, type RelaxedFlow } from '../../solver/groups.js';
import type { SolveStats } from '../../solver/result.js';
import { candidateValue, type ProblemAdjustments, type RematchModel } from './build-problem.js';
import { capacityBound, modeBounds, type CapacityBound } from './capacity-bound.js';
import { REGION_MIN_SLACK, regionBound } from './region-bound.js';
import { descendPrices } from './price-descent.js';
import { improveNeighbourhoods, type NeighbourhoodOptions } from './neighbourhood.js';
import { improveSingleChildren } from './single-flow.js';
import { repairModes, repairSolution, SwitchMemo, switchModes } from './repair.js';
import { switchSets } from './set-switch.js';
import { improveSizedUnits } from './size-flow.js';
import { improveChains } from './ejection-chains.js';
import type { PreparedCohort } from './prepare.js';

/**
 * `optimiseModel`'s compiled edge arrays, reused from one compile to the next (each compile's problem is
 * solved before the next). Like the solver's own work arrays, they stay allocated at the size of the largest
 * model solved in this thread (~40 MB after a national re-match): a bounded cache, not a leak.
 */
const compileScratch = new Scratch();

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
  /** |bound - objective| / max(1, |bound|) on the net objective; 0 when optimal. The report divides by the placement score instead (`reportGap`). */
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
  /** Time spent re-optimising neighbourhoods of the incumbent (`neighbourhood.ts`), ms. */
  readonly neighbourhoodMs: number;
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
  /**
   * Neighbourhood re-optimisation of the incumbent around the units with priced slack
   * (`neighbourhood.ts`), on the unconstrained solve (move multiplier 0) when it is not proven optimal;
   * false turns it off. Default on, with that module's defaults.
   */
  readonly neighbourhood?: NeighbourhoodOptions | false;
}

const TOL = 1e-9;

/** The flow relaxation of a mode round's solve: its units (`unitOf`, model units), edges and move multiplier. */
interface LastRelaxation {
  readonly flow: RelaxedFlow;
  readonly edgeStart: Int32Array;
  readonly unitOf: Int32Array;
  readonly lambda: number;
}
/** Enumerate every mode combination when there are at most this many groups with alternatives... */
const EXACT_MODE_SETS = 6;
/** ...and (candidates x combinations) stays under this. */
const EXACT_MODE_WORK = 40_000;
/** Candidates above which a model is national scale: fewer bound steps and mode rounds (each costs a pass over them). */
const NATIONAL_EDGES = 1_000_000;

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
 * The model (with multipliers and unit selection applied) as the solver's compiled form: one solver unit
 * per active model unit, in model order, its candidates in model order (so edge e of solver unit u is
 * candidate `e - cp.edgeStart[u]` of model unit `unitOf[u]`); targets are every home of the cohort. The
 * same problem `toSolverProblem` describes as JSON, without building 10^5-10^6 candidate objects.
 *
 * @example
 * const { cp, unitOf } = compileModel(prep, model, { lambda: 0 });
 * const out = solveCompiled(cp);
 */
export function compileModel(prep: PreparedCohort, model: RematchModel, adj: ProblemAdjustments = {}, scratch?: Scratch): { cp: CompiledProblem; unitOf: Int32Array } {
  const lambda = adj.lambda ?? 0;
  const nH = prep.homes.length;
  const flat = flatCandidates(model, lambda);
  const active = adj.active;
  const shifts = adj.unitShift;
  let nUnits = 0;
  let nEdges = 0;
  for (let ui = 0; ui < model.units.length; ui++) {
    if (active && !active[ui]) continue;
    nUnits++;
    nEdges += flat.start[ui + 1]! - flat.start[ui]!;
  }
  const unitOf = new Int32Array(nUnits);
  const unitIds: string[] = new Array<string>(nUnits);
  const edgeStart = new Int32Array(nUnits + 1);
  // with `scratch`, views of reused buffers: the problem is valid until the next compile with that scratch
  const edgeTarget = scratch ? scratch.int32('edgeTarget', nEdges) : new Int32Array(nEdges);
  const edgeValue = scratch ? scratch.float64('edgeValue', nEdges) : new Float64Array(nEdges);
  const edgeSize = scratch ? scratch.int32('edgeSize', nEdges) : new Int32Array(nEdges);
  let allUnitSize = true;
  let integralValues = true;
  let u = 0;
  let e = 0;
  // consecutive active units without a shift are one contiguous run of the model's flat arrays: copied in
  // one go when the run ends (a typed-array view per unit cost ~15 ms per compile at 5,000 children)
  let runFrom = 0; // flat index where the pending run starts
  let runTo = 0; // ... and ends
  let runAt = 0; // output index of the run's start
  const flush = (): void => {
    if (runTo > runFrom) {
      edgeTarget.set(flat.home.subarray(runFrom, runTo), runAt);
      edgeSize.set(flat.size.subarray(runFrom, runTo), runAt);
      edgeValue.set(flat.value.subarray(runFrom, runTo), runAt);
    }
  };
  for (let ui = 0; ui < model.units.length; ui++) {
    if (active && !active[ui]) continue;
    const shift = shifts ? shifts[ui]! : 0;
    const a = flat.start[ui]!;
    const b = flat.start[ui + 1]!;
    unitOf[u] = ui;
    unitIds[u] = model.units[ui]!.id;
    edgeStart[u] = e;
    if (shift === 0) {
      // the unit's candidates are one contiguous run of the model's flat arrays
      if (a !== runTo || runTo === runFrom) {
        flush();
        runFrom = a;
        runAt = e;
      }
      runTo = b;
      if (!flat.unitIntegral[ui]) integralValues = false;
    } else {
      flush();
      runFrom = runTo = 0;
      edgeTarget.set(flat.home.subarray(a, b), e);
      edgeSize.set(flat.size.subarray(a, b), e);
      for (let x = a, y = e; x < b; x++, y++) {
        const v = flat.value[x]! - shift;
        edgeValue[y] = v;
        if (!Number.isInteger(v)) integralValues = false;
      }
    }
    if (!flat.unitAllOne[ui]) allUnitSize = false;
    e += b - a;
    u++;
  }
  flush();
  edgeStart[nUnits] = e;
  const mt = flat.top;
  let valueTop: TopEdges | undefined;
  if (mt) {
    // the model's index at this multiplier, mapped to the active units (a unit shift moves every value of a
    // unit alike: the same candidates stay on top, their bound moves with them)
    let listed = 0;
    for (let q = 0; q < nUnits; q++) {
      const ui = unitOf[q]!;
      listed += mt.start[ui + 1]! - mt.start[ui]!;
    }
    const tStart = scratch ? scratch.int32('topStart', nUnits + 1) : new Int32Array(nUnits + 1);
    const tEdge = scratch ? scratch.int32('topEdge', listed) : new Int32Array(listed);
    const restBest = scratch ? scratch.float64('topRestBest', nUnits) : new Float64Array(nUnits);
    let x = 0;
    for (let q = 0; q < nUnits; q++) {
      const ui = unitOf[q]!;
      tStart[q] = x;
      const offset = edgeStart[q]! - flat.start[ui]!;
      for (let k = mt.start[ui]!; k < mt.start[ui + 1]!; k++) tEdge[x++] = mt.edge[k]! + offset;
      const shift = shifts ? shifts[ui]! : 0;
      restBest[q] = mt.restBest[ui]! - shift;
    }
    tStart[nUnits] = x;
    valueTop = { start: tStart, edge: tEdge, restBest };
  }
  const targetIds: string[] = new Array<string>(nH);
  for (let h = 0; h < nH; h++) targetIds[h] = prep.homes[h]!.id;
  const cp: CompiledProblem = {
    sign: 1,
    nUnits,
    nTargets: nH,
    unitIds,
    targetIds,
    edgeStart,
    edgeTarget,
    edgeValue,
    edgeSize,
    capacity: Int32Array.from(model.capacity),
    must: new Uint8Array(nUnits),
    allUnitSize,
    integralValues,
    nEdges,
    ...(valueTop ? { valueTop } : {}),
  };
  return { cp, unitOf };
}

/**
 * The edges of a compiled variant of the model (`compileModel`'s `cp` and `unitOf`) by target, from the model's
 * candidates by home (`homeCandidates`, built once per model) instead of a counting sort of the variant's
 * edges: the same lists (units ascending, a unit's candidates in order), for the dive's warm starts. Views of
 * `scratch`, valid until its next use.
 *
 * @example
 * const { cp, unitOf } = compileModel(prep, model, { lambda: 0 });
 * const out = solveCompiled(cp, { byTarget: () => compiledByTarget(model, cp, unitOf, new Scratch()) });
 */
export function compiledByTarget(model: RematchModel, cp: CompiledProblem, unitOf: Int32Array, scratch: Scratch): ByTarget {
  const hc = homeCandidates(model);
  const fStart = flatHomes(model).start;
  const nU = model.units.length;
  const H = cp.nTargets;
  // per model unit, its solver unit (-1: not in the variant) and the shift of its candidate indices, side by
  // side (one random read per candidate)
  const unitMap = scratch.int32('unitMap', 2 * nU).fill(-1);
  for (let q = 0; q < unitOf.length; q++) {
    const ui = unitOf[q]!;
    unitMap[2 * ui] = q;
    unitMap[2 * ui + 1] = cp.edgeStart[q]! - fStart[ui]!;
  }
  const start = scratch.int32('byTargetStart', H + 1);
  const edge = scratch.int32('byTargetEdge', cp.nEdges);
  const source = scratch.int32('byTargetSource', cp.nEdges);
  const { unit: hUnit, edge: hEdge, start: hStart } = hc;
  let x = 0;
  for (let h = 0; h < H; h++) {
    start[h] = x;
    for (let k = hStart[h]!, end = hStart[h + 1]!; k < end; k++) {
      const ui = hUnit[k]!;
      const u = unitMap[2 * ui]!;
      if (u < 0) continue;
      edge[x] = hEdge[k]! + unitMap[2 * ui + 1]!;
      source[x++] = u;
    }
  }
  start[H] = x;
  return { start, edge, source };
}

/**
 * The model (at move multiplier `lambda`, every unit) as the solver's compiled form without copying: its
 * flat candidates' arrays themselves (so solver unit u is model unit u, edge e its flat candidate e). Read
 * only: for flows over every unit with some left out (`relaxationPrices`' `active`).
 *
 * @example
 * const whole = wholeModel(prep, model, 0);
 * const r = relaxationPrices(whole, { active });
 */
export function wholeModel(prep: PreparedCohort, model: RematchModel, lambda: number): CompiledProblem {
  const flat = flatCandidates(model, lambda);
  const nU = model.units.length;
  const nH = prep.homes.length;
  let allUnitSize = true;
  let integralValues = true;
  for (let ui = 0; ui < nU; ui++) {
    if (!flat.unitAllOne[ui]) allUnitSize = false;
    if (!flat.unitIntegral[ui]) integralValues = false;
  }
  const unitIds: string[] = new Array<string>(nU);
  for (let ui = 0; ui < nU; ui++) unitIds[ui] = model.units[ui]!.id;
  const targetIds: string[] = new Array<string>(nH);
  for (let h = 0; h < nH; h++) targetIds[h] = prep.homes[h]!.id;
  return {
    sign: 1,
    nUnits: nU,
    nTargets: nH,
    unitIds,
    targetIds,
    edgeStart: flat.start,
    edgeTarget: flat.home,
    edgeValue: flat.value,
    edgeSize: flat.size,
    capacity: Int32Array.from(model.capacity),
    must: new Uint8Array(nU),
    allUnitSize,
    integralValues,
    nEdges: flat.home.length,
    ...(flat.top ? { valueTop: flat.top } : {}),
  };
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
  let neighbourhoodMs = 0;

  /** The flow relaxation of the latest mode round's solve (its units `unitOf` of the model, its edges' `edgeStart`). */
  let lastRelaxation: LastRelaxation | null = null;

  const record = (stats: Pick<SolveStats, 'ms' | 'method'>): void => {
    solves++;
    solverMs += stats.ms;
    methods.add(stats.method);
  };

  /**
   * One black-box solve; returns the chosen candidates or null when the solver says infeasible. The model
   * goes to the engine as flat typed arrays (`solveCompiled`): no JSON-shaped problem, no validation pass
   * and no result objects over hundreds of thousands of candidates.
   */
  const solveOnce = (
    adj: ProblemAdjustments,
    priced = false,
  ): { chosen: Int32Array; bound: number; proven: boolean; prices: Float64Array } | null => {
    const tp = performance.now();
    const { cp, unitOf } = compileModel(prep, model, adj, compileScratch);
    problemMs += performance.now() - tp;
    const solverOptions = options.solver ?? {};
    // `priced`: the capacity bound re-prices this solve's prices with its own subgradient steps, so the
    // solver's bound steps are skipped at national scale. Measured (session 9): on the saved 80k model the
    // objective and final bound are identical without them, ~1.1 s less; on smaller models they still help
    // the bound (the 500-child demo of seed 7: 289 points weaker without them; the 5k model, 652,690
    // candidates: 5.3 points stronger without them, a wash) and cost little.
    const skipBoundSteps = priced && solverOptions.boundIterations === undefined && cp.nEdges > NATIONAL_EDGES;
    // a mode round's solve keeps its flow relaxation: the re-pricing of the incumbent's modes starts from it
    const r = solveCompiled(cp, {
      ...solverOptions,
      ...(skipBoundSteps ? { boundIterations: 0 } : {}),
      ...(priced ? { keepRelaxation: true } : {}),
      // the dive's warm starts list the edges by target from the model's index (made only when needed)
      byTarget: () => compiledByTarget(model, cp, unitOf, compileScratch),
    });
    record(r.stats);
    if (priced) lastRelaxation = r.kind === 'solved' && r.relaxation ? { flow: r.relaxation, edgeStart: cp.edgeStart, unitOf, lambda: adj.lambda ?? 0 } : null;
    if (r.kind === 'infeasible') {
      notes.push(`the solver reported infeasible: ${r.units.map((u) => JSON.stringify(cp.unitIds[u])).join(', ')}`);
      return null;
    }
    const chosen = new Int32Array(model.units.length).fill(-1);
    const prices = new Float64Array(prep.homes.length);
    const tpx = r.solution.targetPrice;
    if (tpx) for (let h = 0; h < prices.length; h++) prices[h] = Math.max(0, tpx[h] ?? 0);
    let objective = 0;
    for (let u = 0; u < cp.nUnits; u++) {
      const e = r.solution.assignedEdge[u]!;
      if (e < 0) continue;
      objective += cp.edgeValue[e]!;
      chosen[unitOf[u]!] = e - cp.edgeStart[u]!;
    }
    const bound = Math.max(r.solution.bound, objective);
    const proven = r.solution.proven || bound - objective <= TOL * Math.max(1, Math.abs(bound));
    if (!proven) repairs += repairSolution(model, chosen, adj.lambda ?? 0, adj.active);
    return { chosen, bound, proven, prices };
  };

  const adjustedValue = (chosen: Int32Array, lambda: number): number => {
    // the flat values at this multiplier are candidateValue + lambda x stay (the same expression), kept per
    // model and multiplier: the solves of this multiplier built them already
    const flat = flatCandidates(model, lambda);
    const fStart = flat.start;
    const fValue = flat.value;
    let s = 0;
    for (let ui = 0; ui < chosen.length; ui++) {
      const j = chosen[ui]!;
      if (j < 0) continue;
      s += fValue[fStart[ui]! + j]!;
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

  /**
   * Neighbourhood re-optimisation of an incumbent (`neighbourhood.ts`): a copy, returned only when its
   * adjusted value is higher.
   */
  const improveIncumbent = (
    chosen: Int32Array,
    adjusted: number,
    lambda: number,
    prices: Float64Array,
  ): { chosen: Int32Array; adjusted: number } | null => {
    if (options.neighbourhood === false) return null;
    const trial = Int32Array.from(chosen);
    const tn = performance.now();
    const nb = improveNeighbourhoods(model, trial, lambda, prices, options.neighbourhood ?? {});
    neighbourhoodMs += performance.now() - tn;
    if (nb.improved === 0) return null;
    const v = adjustedValue(trial, lambda);
    if (!(v > adjusted)) return null;
    // under a move budget, a re-optimised solution is kept only when it still respects it
    if (options.maxMoves !== null && movesOf(trial) > options.maxMoves) return null;
    repairs += nb.unitsChanged;
    return { chosen: trial, adjusted: v };
  };

  /**
   * The last primal pass at the final bound's prices (`single-flow.ts`, the size flows, the ejection chains,
   * then the flow again): a copy, returned only when its adjusted value is higher. No neighbourhoods and no
   * single-unit relocations (`relocateUnits`, removed in session 9) here: the chains after them make the moves they found (a
   * group or bed-blocking child moved to another home with the single children around it re-placed by
   * flow is an ejection chain of the flow pass). Measured at 80,000 children (README, session 9): with the
   * chains, the neighbourhoods (2 rounds of 200 seeds) added 35 points for 0.2-0.4 s CPU, then the 64
   * relocations 122 points for ~0.3 s (+774 and +235 in session 7, before the size flows and the chains).
   */
  const polishIncumbent = (
    chosen: Int32Array,
    adjusted: number,
    lambda: number,
    prices: Float64Array,
  ): { chosen: Int32Array; adjusted: number } | null => {
    if (options.neighbourhood === false) return null;
    const trial = Int32Array.from(chosen);
    const tn = performance.now();
    const sf = improveSingleChildren(model, trial, lambda, prices);
    // chains of same-size units (groups, bed-blocking children), sets dropping to their members' alternative
    const sz = improveSizedUnits(model, trial, lambda, { maxMoves: options.maxMoves });
    // chains of units of any size and set switches (a group into a home another group and a child leave)
    const ec = improveChains(model, trial, lambda, prices, { maxMoves: options.maxMoves });
    // the same chains with the single children around them re-placed exactly (sets switching through several homes)
    const ef = improveChains(model, trial, lambda, prices, { maxMoves: options.maxMoves, regionFlow: true });
    // the chains leave single children with new room around the homes they changed: the flow once more
    const sf2 = sz.gain > 0 || ec.gain > 0 || ef.gain > 0 ? improveSingleChildren(model, trial, lambda, prices).unitsChanged : 0;
    neighbourhoodMs += performance.now() - tn;
    if (sf.unitsChanged === 0 && sz.gain === 0 && ec.gain === 0 && ef.gain === 0) return null;
    const v = adjustedValue(trial, lambda);
    if (!(v > adjusted)) return null;
    if (options.maxMoves !== null && movesOf(trial) > options.maxMoves) return null;
    repairs += sf.unitsChanged + sz.unitsChanged + ec.unitsChanged + ef.unitsChanged + sf2;
    return { chosen: trial, adjusted: v };
  };

  /**
   * max sum (v + lambda stay) x under capacity and split exclusivity: primal + bound. `improve` runs the
   * neighbourhood re-optimisation on the incumbent (the unconstrained solve only: the move-budget
   * bisection solves many multipliers).
   */
  const evaluate = (lambda: number, improve = false): Evaluation | null => {
    if (model.exclusive.length === 0) {
      const r = solveOnce({ lambda });
      if (!r) return null;
      let adjusted = adjustedValue(r.chosen, lambda);
      let chosen = r.chosen;
      if (!r.proven && improve) {
        const better = improveIncumbent(chosen, adjusted, lambda, r.prices);
        if (better) ({ chosen, adjusted } = better);
      }
      return { chosen, adjusted, adjustedBound: Math.max(r.bound, adjusted), proven: r.proven };
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
        // capacityBound re-prices this solve's prices: the solver's own bound steps are skipped at scale
        const fixed = solveOnce({ lambda, active }, true);
        if (!fixed) return;
        if (!fixed.proven) repairs += repairModes(model, fixed.chosen, lambda, together);
        const val = adjustedValue(fixed.chosen, lambda);
        // the latest solve's dual prices start the priced bound (those of the modes it prefers)
        prices = fixed.prices;
        if (val > bestVal) {
          bestVal = val;
          best = fixed.chosen;
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
    let bestPrices: Float64Array | null = null;
    let bestCb: CapacityBound | null = null;
    /** A re-priced capacity bound replaces the best one when it is lower (any prices give a valid bound). */
    const keepLower = (cb: CapacityBound): void => {
      if (cb.bound < bestBound) {
        bestBound = cb.bound;
        bestCb = cb;
      }
    };
    // the priced bound costs one pass over the candidates per step: fewer steps (and one mode round) on
    // national-scale models
    const steps = options.splitIterations ?? Math.min(150, Math.max(20, Math.floor(2e8 / Math.max(1, nEdges))));
    const rounds = nEdges > NATIONAL_EDGES ? 1 : 2;
    const setSwitchesFollow = rounds === 1 && improve && options.neighbourhood !== false;
    let switchedLast = false;
    for (let round = 0; round < rounds; round++) {
      const key = modes.join('');
      if (tried.has(key)) break;
      tried.add(key);
      iterations++;
      fixedSolve(Uint8Array.from(modes));
      const tb = performance.now();
      const cb = capacityBound(model, lambda, prices, bestVal, steps);
      boundMs += performance.now() - tb;
      if (cb.bound < bestBound) {
        bestBound = cb.bound;
        bestPrices = cb.prices;
        bestCb = cb;
      }
      // the modes the priced relaxation prefers, switched locally on the incumbent (no solve): at national
      // scale there is no second round, and there a displaced sibling who cannot join a settled sibling's
      // full home (as today) is placed with the whole group elsewhere only this way
      const inc0 = best as Int32Array | null;
      if (inc0) {
        const trial = Int32Array.from(inc0);
        const cur = Uint8Array.from(model.exclusive, (set) => (trial[set.together]! >= 0 ? 1 : 0));
        // the relaxation's preferred modes first, then every other group tried in its other mode once (groups
        // the first pass tried are not tried again)
        const before = Uint8Array.from(cur);
        let switched = switchModes(model, trial, lambda, cur, cb.together, undefined, switchMemo);
        // At national scale (one mode round) the second pass is left to the set switches at the final prices
        // (`switchSets`, the single children around a set re-placed by flow) and the ejection chains, which
        // follow whenever the gap stays >= REGION_MIN_SLACK and try every set's other mode at better prices.
        // Measured at 80,000 children: -9 points without it, 0.3-0.8 s CPU less (README, session 9)
        if (!setSwitchesFollow) {
          const other = cur.map((t, k) => (cb.together[k] !== before[k] ? t : 1 - t));
          // the priced bound rules out the switches that cannot beat the incumbent (their trials are skipped)
          switched += switchModes(model, trial, lambda, cur, other, modeBounds(cb, other), switchMemo);
        }
        const v = adjustedValue(trial, lambda);
        if (switched > 0 && v > bestVal) {
          bestVal = v;
          best = trial;
          repairs += switched;
          switchedLast = true;
        } else switchedLast = false;
      }
      if (bestBound - bestVal <= TOL * Math.max(1, Math.abs(bestBound))) break;
      modes = Uint8Array.from(cb.together);
    }
    let incumbent = best as Int32Array | null;
    if (!incumbent) return null;
    // re-optimise neighbourhoods of the units the best priced bound says fall short (modes kept: the
    // re-pricing below stays that of the incumbent's modes). Measured at 5,000 children: +345 points
    if (improve && bestPrices && bestBound - bestVal > TOL * Math.max(1, Math.abs(bestBound))) {
      const better = improveIncumbent(incumbent, bestVal, lambda, bestPrices);
      if (better) {
        incumbent = better.chosen;
        bestVal = better.adjusted;
      }
    }
    // the incumbent's modes were set by local switches after the last solve: the prices of that solve are
    // those of other modes. Price the bound with the flow relaxation of the incumbent's modes (one flow, no
    // dive; any prices give a valid bound). Measured at 80,000 children: 206,700 -> 64,702 points above
    // the primal for ~1.5 s; re-optimised from the mode round's relaxation since session 10 (~0.1-0.2 s
    // instead of ~0.6-1 s CPU for the compile and a cold flow: solver/README.md)
    if (switchedLast && bestBound - bestVal > TOL * Math.max(1, Math.abs(bestBound))) {
      const active = new Uint8Array(nU).fill(1);
      model.exclusive.forEach((set) => {
        if (incumbent[set.together]! >= 0) for (const m of set.members) active[m] = 0;
        else active[set.together] = 0;
      });
      const tp = performance.now();
      const last = lastRelaxation as LastRelaxation | null;
      let rp: ReturnType<typeof relaxationPrices>;
      let tb: number;
      if (last && Object.is(last.lambda, lambda)) {
        // the mode round's relaxation re-optimised for the incumbent's modes (the units of the switched sets
        // leave or join) over the model's every unit: the same optimal value as a cold flow, at the prices of
        // another optimal flow (the LP's optimal duals are not unique)
        const whole = wholeModel(prep, model, lambda);
        const from = liftRelaxedFlow(last.flow, last.edgeStart, last.unitOf, whole.edgeStart, whole.nTargets);
        // (the model's candidates by home are the flow's edges by target)
        const byHome = homeCandidates(model);
        tb = performance.now();
        problemMs += tb - tp;
        rp = relaxationPrices(whole, { active, from, byTarget: { start: byHome.start, edge: byHome.edge, source: byHome.unit } });
      } else {
        const { cp } = compileModel(prep, model, { lambda, active }, compileScratch);
        tb = performance.now();
        problemMs += tb - tp;
        rp = relaxationPrices(cp);
      }
      if (rp) keepLower(capacityBound(model, lambda, rp.prices, bestVal, nEdges > NATIONAL_EDGES ? 0 : steps));
      boundMs += performance.now() - tb;
    }
    // the final prices improved by exact coordinate descent, one home at a time (`price-descent.ts`; any
    // prices give a valid bound, and the lower bound is kept). Measured at 80,000 children: 47,958 -> 40,369
    // points above the incumbent (homes whose occupants have nowhere else to go priced up), ~0.3-0.6 s
    if (improve && bestCb && bestBound - bestVal >= REGION_MIN_SLACK) {
      const td = performance.now();
      const pd = descendPrices(model, lambda, bestCb.prices, { maxPasses: 1 });
      if (pd.changed > 0) keepLower(capacityBound(model, lambda, pd.prices, bestVal, 0));
      boundMs += performance.now() - td;
    }
    // capacity kept exact in small regions around the units that fall short at the bound's prices
    // (`region-bound.ts`, never above the priced bound). Measured at 80,000 children: see the README
    if (improve && bestCb && bestBound - bestVal >= REGION_MIN_SLACK) {
      const tr = performance.now();
      const rb = regionBound(model, lambda, bestCb, incumbent);
      boundMs += performance.now() - tr;
      if (rb.bound < bestBound) {
        notes.push(`region bound: ${rb.improved} of ${rb.components} regions kept capacity exact, bound lowered by ${rb.improvement.toFixed(2)}`);
        methods.add('region-bound');
        bestBound = rb.bound;
      }
    }
    // sibling sets whose other mode wins at the final prices switched, the single children around them
    // re-placed by an exact flow (`set-switch.ts`; kept only when the objective rises), when the bound
    // leaves room for it as for the bound steps above. Measured at 80,000 children: +4,943 points for
    // ~0.2-0.6 s CPU (README, session 6, set switches)
    if (improve && bestCb && incumbent && options.neighbourhood !== false && bestBound - bestVal >= REGION_MIN_SLACK) {
      const trial = Int32Array.from(incumbent);
      const ts = performance.now();
      const ss = switchSets(model, trial, lambda, bestCb, { maxMoves: options.maxMoves });
      neighbourhoodMs += performance.now() - ts;
      const v = adjustedValue(trial, lambda);
      if (ss.gain > 0 && v > bestVal) {
        incumbent.set(trial);
        bestVal = v;
        repairs += ss.switched + ss.reassigned;
      }
    }
    // the incumbent once more at the re-priced bound's prices (only when the re-pricing moved them): the exact
    // flow over the one-place children around the units with priced slack, then the size flows and chains. The
    // bound is final by now (the incumbent changes, not the bound). Measured at 80,000 children: see the README
    let polished = incumbent;
    if (improve && bestCb && bestCb.prices !== bestPrices && bestBound - bestVal > TOL * Math.max(1, Math.abs(bestBound))) {
      const better = polishIncumbent(incumbent, bestVal, lambda, bestCb.prices);
      if (better) {
        polished = better.chosen;
        bestVal = better.adjusted;
      }
    }
    return {
      chosen: polished,
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
      return { status: 'infeasible', solution: null, bound, gap: Infinity, method, solves, lambda, iterations, solverMs, solverMethods: methodList, repairs, problemMs, boundMs, neighbourhoodMs, notes };
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
      neighbourhoodMs,
      notes,
    };
  };

  // switch trials that failed on a solution are not run again on the same solution (exact: same outcome)
  const switchMemo = new SwitchMemo();
  const splitPrefix = model.exclusive.length > 0 ? 'sibling-alternatives+' : '';
  const cap = options.maxMoves;
  const e0 = evaluate(0, true);
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
