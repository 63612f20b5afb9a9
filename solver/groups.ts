/**
 * Units larger than one place (sibling groups) and candidate-specific sizes (bed blocking) make the
 * problem a generalised assignment problem. For large instances whose structure is still mostly a flow
 * (most units of size 1), this module solves it by "relax, fix, re-solve":
 *
 * 1. Flow relaxation. Unit u is given a supply sigma_u = its smallest positive candidate size and may spread
 *    it over its candidates (edge cost -value/sigma_u per place). Every feasible assignment maps to a
 *    feasible flow (y = sigma_u * x uses sigma_u <= size places), so the min-cost flow optimum is an upper
 *    bound; when every candidate of a unit has the same size it is exactly the LP relaxation bound.
 *    Candidates of size 0 go to a virtual target of unlimited capacity.
 * 2. Bound. The flow's dual prices give L(lambda), the capacity-priced Lagrangian evaluated on the true
 *    sizes (valid for any prices), improved by a few subgradient steps when a gap remains and some unit's
 *    candidates differ in size (otherwise the flow prices are already LP-optimal). The reported
 *    bound is the smaller of the two; with integer values it is rounded down.
 * 3. Dive. Units whose relaxed flow is inconsistent with an integer assignment (split over targets, partly
 *    unrouted, or on a candidate needing more places than sigma_u) are fixed to their best candidate by
 *    Lagrangian-reduced value among those that still fit, the places are taken out, and the flow is solved
 *    again for everyone else (exactly, given those fixings; warm-started from the previous flow). From the second round on, the other complex
 *    units are fixed where the flow put them too, so the third flow (single-place units only) is final.
 *
 * When every candidate has size 1 the first flow is already the exact optimum (`proven`).
 */
import type { CompiledProblem } from './compile.js';
import { improveCapacityPrices, capacityLagrangian, valueIndex } from './lagrangian.js';
import { costIndexFromValues } from './top-edges.js';
import { minCostTransportPriced, minCostTransportWarm, type ByTarget, type TransportInput, type TransportResult } from './min-cost-flow.js';
import { internalObjective, OPTIMALITY_TOLERANCE, type InternalSolution } from './result.js';
import { Scratch } from './scratch.js';

/**
 * The dive's and the relaxation's per-edge work arrays (costs, masks, the flow), reused from one call to the
 * next: none of them is part of a result (the lagrangian's caches key on the mask view, a new view per
 * call). Allocating ~35 MB of them per call at national scale triggered full garbage collections.
 */
const work = new Scratch();

export interface DiveOptions {
  /** Maximum flow re-solves (default 50). */
  readonly maxRounds?: number;
  /** Subgradient iterations to tighten the bound when a gap remains (default 40). */
  readonly boundIterations?: number;
  /**
   * Each flow is solved by pricing: first on every unit's this many best candidates, then the rest are
   * priced with the flow's potentials and added while any could improve it (exact). Default: off (every
   * candidate from the start). Measured on the 5,000-child re-match (130 candidates per unit): each pricing
   * round re-solves from scratch, so K = 16 took 3x the augmentations and K = 40 2x, and K = 80 needed no
   * second round but saved nothing; it would pay only with warm-started re-solves.
   */
  readonly pricingPerSource?: number;
  /**
   * Local search rounds on the fixed units after the dive, one flow solve each (default 0: measured gains
   * were small for the time, e.g. +1.2 points on 497,210 for 2x the time at 5,000 children x 200 candidates).
   */
  readonly localSearchRounds?: number;
  /**
   * The dive's second and third flows start from the previous flow and its potentials (`minCostTransportWarm`:
   * only the units fixed since, those pushed out of the places the fixings took, and the places they freed
   * are re-solved; still an optimal flow, though among equally good flows another may come out than from
   * scratch). Default true; ignored with `pricingPerSource`.
   */
  readonly warmStart?: boolean;
  /** Diagnostics: called after every flow of the dive with its input and result (before the next flow). */
  readonly onFlow?: (input: TransportInput, result: TransportResult) => void;
  /**
   * Keep the first flow (the relaxation, when it is `relaxationPrices`' flow: no candidate of size 0) in the
   * outcome (`relaxation`), to warm-start a relaxation of a variant of the problem later. Default false.
   */
  readonly keepRelaxation?: boolean;
  /**
   * The problem's edges by target (`WarmStart.byTarget`), or a function making them, for the warm-started
   * rounds: then they build no index of their own. Default: built once per call when needed.
   */
  readonly byTarget?: ByTarget | (() => ByTarget);
}

export type DiveOutcome =
  | {
      readonly kind: 'solved';
      readonly solution: InternalSolution;
      readonly rounds: number;
      readonly fixedUnits: number;
      readonly searches: number;
      readonly boundIterations: number;
      /** Lagrangian prices behind the bound (maximisation form). */
      readonly lambda: Float64Array;
      /** With `keepRelaxation`: the first flow, the relaxation (null when it had candidates of size 0). */
      readonly relaxation?: RelaxedFlow | null;
    }
  | { readonly kind: 'infeasible'; readonly units: number[]; readonly proven: boolean; readonly searches: number };

/** Rounds a maximisation bound down to an integer when every value is an integer (never below `floor`). */
export function roundBound(cp: CompiledProblem, bound: number): number {
  if (!cp.integralValues || !Number.isFinite(bound)) return bound;
  return Math.floor(bound + 1e-7 * Math.max(1, Math.abs(bound)));
}

/** What `unitSupplies` found about a problem's candidates. */
interface Supplies {
  /** Some usable candidate takes 0 places. */
  readonly hasZero: boolean;
  /** Every unit's supply is 1. */
  readonly allSigmaOne: boolean;
  /**
   * Every usable candidate of every unit has the unit's size (or 0); then the flow relaxation is exactly the
   * LP relaxation and its prices already minimise the Lagrangian bound.
   */
  readonly uniform: boolean;
  readonly totalSupply: number;
}

/**
 * The dive's set-up pass over every candidate: `usable` (1 when it fits its target), each unit's supply
 * `sigma` (its smallest positive usable size, 1 when none), `complex` (1 when a candidate takes more than one
 * place) and the flow's cost per place `edgeCost` (-value / sigma).
 */
function unitSupplies(cp: CompiledProblem, usable: Uint8Array, sigma: Int32Array, complex: Uint8Array, edgeCost: Float64Array): Supplies {
  const { edgeStart, edgeTarget, edgeValue, edgeSize, capacity } = cp;
  let hasZero = false;
  let allSigmaOne = true;
  let uniform = true;
  let totalSupply = 0;
  // a candidate no larger than the smallest capacity fits its target (no read of the target's capacity)
  let minCapacity = 0x7fffffff;
  for (let t = 0; t < cp.nTargets; t++) if (capacity[t]! < minCapacity) minCapacity = capacity[t]!;
  for (let u = 0, n = cp.nUnits; u < n; u++) {
    let s = 0x7fffffff;
    let largest = 0;
    const a = edgeStart[u]!;
    const b = edgeStart[u + 1]!;
    for (let e = a; e < b; e++) {
      const z = edgeSize[e]!;
      if (z > minCapacity && z > capacity[edgeTarget[e]!]!) continue;
      usable[e] = 1;
      if (z === 0) hasZero = true;
      else if (z < s) s = z;
      if (z > largest) largest = z;
    }
    if (s === 0x7fffffff) s = 1;
    sigma[u] = s;
    totalSupply += s;
    if (s !== 1) allSigmaOne = false;
    if (largest > s) uniform = false;
    complex[u] = largest > 1 ? 1 : 0;
    if (s === 1) for (let e = a; e < b; e++) edgeCost[e] = -edgeValue[e]!;
    else for (let e = a; e < b; e++) edgeCost[e] = -edgeValue[e]! / s;
  }
  return { hasZero, allSigmaOne, uniform, totalSupply };
}

/**
 * Solves a (mostly flow-structured) capacitated assignment problem by flow relaxation and dive.
 *
 * @example
 * const out = relaxAndDive(compileProblem(problem));
 * if (out.kind === 'solved') console.log(out.solution.bound);
 */
export function relaxAndDive(cp: CompiledProblem, options: DiveOptions = {}): DiveOutcome {
  const maxRounds = options.maxRounds ?? 50;
  const pricingK = options.pricingPerSource ?? Infinity;
  const n = cp.nUnits;
  const m = cp.nTargets;
  const { edgeStart, edgeTarget, edgeValue, edgeSize, must } = cp;

  // a candidate needing more places than its target has can never be used: drop it everywhere
  const usable = work.uint8('usable', cp.nEdges).fill(0);
  const sigma = new Int32Array(n);
  const complex = new Uint8Array(n);
  const edgeCost = work.float64('edgeCost', cp.nEdges);
  // (a function of its own: compiled once, small, instead of with the whole dive through on-stack replacement)
  const { hasZero, allSigmaOne, uniform, totalSupply } = unitSupplies(cp, usable, sigma, complex, edgeCost);
  const F = m; // virtual target for size-0 candidates
  const mR = hasZero ? m + 1 : m;
  const edgeTargetR = hasZero ? work.int32('edgeTargetR', cp.nEdges) : edgeTarget;
  if (hasZero) {
    for (let u = 0; u < n; u++) {
      for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) edgeTargetR[e] = edgeSize[e] === 0 ? F : edgeTarget[e]!;
    }
  }
  const optional = new Uint8Array(n);
  for (let u = 0; u < n; u++) optional[u] = must[u] === 1 ? 0 : 1;
  // the flows read each unit's cheapest (most valuable) edges first: the index of the values serves
  const valueTop = valueIndex(cp);
  const cheapest = valueTop ? costIndexFromValues(valueTop, sigma) : undefined;

  // fixings of the dive
  const fixedEdge = new Int32Array(n).fill(-2); // -2 free, -1 fixed unassigned, >= 0 fixed edge
  const remaining = new Int32Array(m); // capacity left after fixed units
  remaining.set(cp.capacity);
  const supply = new Int32Array(n);
  supply.set(sigma);
  const enabled = work.uint8('enabled', cp.nEdges);
  enabled.set(usable);
  // every flow of this call writes its flow here (read only within its round)
  const flowInto = work.int32('flow', cp.nEdges);
  const capR = new Int32Array(mR);

  let relaxationValue = Infinity;
  let lambda: Float64Array = new Float64Array(m);
  let rounds = 0;
  let searches = 0;
  let fixedUnits = 0;
  let assigned: Int32Array | null = null;
  let lastPrice: Float64Array | null = null;
  const warm = options.warmStart !== false && pricingK === Infinity;
  let previous: TransportResult | null = null;
  let relaxation: RelaxedFlow | null = null;
  const scope = {}; // this call's edges: the warm starts share their by-target index
  while (rounds < maxRounds) {
    rounds++;
    capR.set(remaining);
    if (hasZero) capR[F] = Math.min(totalSupply, 0x3fffffff);
    const input: TransportInput = {
      nSources: n, nTargets: mR, edgeStart, edgeTarget: edgeTargetR, edgeCost, edgeEnabled: enabled,
      supply: allSigmaOne && rounds === 1 ? null : supply, capacity: capR, optional, flowInto,
      cheapest, // (always present, undefined or not: one input shape for the flow's optimised code)
    };
    // from the second round on, the problem differs from the last only by the units fixed since (no
    // supply, no edges) and the places they took: the last flow is re-optimised rather than solved again
    const res: TransportResult =
      warm && previous !== null
        ? minCostTransportWarm(input, {
            flow: previous.flow, loaded: previous.loaded, potential: previous.potential, sameArcs: true, scope,
            ...(options.byTarget ? { byTarget: options.byTarget } : {}),
          })
        : minCostTransportPriced(input, { perSource: pricingK });
    options.onFlow?.(input, res);
    previous = res;
    searches += res.searches;
    if (res.failed.length > 0) {
      // round 1 is a relaxation of the whole problem: its infeasibility proves infeasibility
      return { kind: 'infeasible', units: res.failed, proven: rounds === 1, searches };
    }
    if (rounds === 1) {
      relaxationValue = -res.cost;
      lambda = res.targetPrice.slice(0, m);
      // (the flow array is this call's work array, overwritten by the next round: the loaded edges' flow copied)
      if (options.keepRelaxation === true && !hasZero) relaxation = keptFlow(null, res);
    }
    // consistency check of every free unit, from the edges carrying flow (ascending: the last one is kept)
    const inconsistent: number[] = [];
    const candidateEdge = new Int32Array(n).fill(-1);
    const flowEdges = new Int32Array(n);
    const onEdge = new Int32Array(n).fill(-1);
    const routed = new Int32Array(n);
    // (the loaded edges ascend, so their units do: one walk along edgeStart finds them)
    for (let i = 0, u = 0; i < res.loaded.length; i++) {
      const e = res.loaded[i]!;
      while (edgeStart[u + 1]! <= e) u++;
      flowEdges[u]!++;
      onEdge[u] = e;
      routed[u]! += res.flow[e]!;
    }
    for (let u = 0; u < n; u++) {
      if (fixedEdge[u] !== -2) continue;
      const sg = sigma[u]!;
      if (routed[u] === 0) continue; // unassigned (optional)
      const on = onEdge[u]!;
      if (flowEdges[u] === 1 && routed[u] === sg && (edgeSize[on] === sg || edgeSize[on] === 0)) {
        candidateEdge[u] = on;
      } else {
        inconsistent.push(u);
      }
    }
    if (inconsistent.length === 0) {
      lastPrice = res.targetPrice;
      assigned = new Int32Array(n).fill(-1);
      for (let u = 0; u < n; u++) {
        const f = fixedEdge[u]!;
        assigned[u] = f === -2 ? candidateEdge[u]! : f;
      }
      break;
    }
    // From the second round on, the remaining complex units (larger than one place, or with a candidate
    // of another size) are all fixed where the flow has them, so the next flow has only single-place units
    // and is final: at most three flow solves in all.
    if (rounds >= 2) {
      for (let u = 0; u < n; u++) {
        const e = candidateEdge[u]!;
        if (fixedEdge[u] !== -2 || e < 0 || !complex[u]) continue;
        fixedEdge[u] = e;
        fixedUnits++;
        supply[u] = 0;
        for (let f = edgeStart[u]!; f < edgeStart[u + 1]!; f++) enabled[f] = 0;
        remaining[edgeTarget[e]!]! -= edgeSize[e]!;
      }
    }
    // fix the inconsistent units, best Lagrangian-reduced value first
    const bestReduced = new Float64Array(n);
    for (const u of inconsistent) {
      let best = -Infinity;
      for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) {
        const r = edgeValue[e]! - lambda[edgeTarget[e]!]! * edgeSize[e]!;
        if (r > best) best = r;
      }
      bestReduced[u] = best;
    }
    inconsistent.sort((a, b) => bestReduced[b]! - bestReduced[a]! || a - b);
    for (const u of inconsistent) {
      let best = -Infinity;
      let bestE = -1;
      for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) {
        const t = edgeTarget[e]!;
        if (enabled[e] === 0 || edgeSize[e]! > remaining[t]!) continue;
        const r = edgeValue[e]! - lambda[t]! * edgeSize[e]!;
        // ties (common: every candidate the relaxation uses has the same reduced value, the unit's dual)
        // go to the candidate carrying most of the unit's relaxed flow: it pushes the fewest others out
        const tol = 1e-9 * Math.max(1, Math.abs(edgeValue[e]!));
        if (r > best + tol || (r >= best - tol && bestE >= 0 && res.flow[e]! > res.flow[bestE]!)) {
          best = r;
          bestE = e;
        }
      }
      // an optional unit stays out only when placing it is priced below leaving it out; on a tie (the LP
      // relaxation wanted part of it, so its best reduced value is its dual, >= 0) it is placed
      if (must[u] !== 1 && bestE >= 0 && best < -1e-9 * Math.max(1, Math.abs(edgeValue[bestE]!))) bestE = -1;
      if (bestE === -1 && must[u] === 1) {
        return { kind: 'infeasible', units: [u], proven: false, searches };
      }
      fixedEdge[u] = bestE;
      fixedUnits++;
      supply[u] = 0;
      for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) enabled[e] = 0;
      if (bestE >= 0) remaining[edgeTarget[bestE]!]! -= edgeSize[bestE]!;
    }
  }
  if (assigned === null) {
    // round limit: keep the fixings, leave the rest unassigned unless compulsory (not proven anything)
    const left: number[] = [];
    for (let u = 0; u < n; u++) if (fixedEdge[u] === -2 && must[u] === 1) left.push(u);
    if (left.length > 0) return { kind: 'infeasible', units: left, proven: false, searches };
    assigned = new Int32Array(n).fill(-1);
    for (let u = 0; u < n; u++) assigned[u] = fixedEdge[u]! >= 0 ? fixedEdge[u]! : -1;
  }

  /**
   * Local search on the fixed units (sibling groups, blocking children): with the prices of the last flow
   * (the marginal value of a place to the single-place units, exact for the current fixings), every fixed
   * unit's best candidate by priced value is compared with where it is; the moves that look better (at most
   * one per target per round) are applied together and the flow is solved again for everyone else. The
   * round is kept only when the true objective rose; otherwise the single best move is tried alone, then the
   * search stops. Each round costs one flow solve; the result is never worse than the dive's.
   */
  const improveFixings = (start: Int32Array, price0: Float64Array, maxLs: number): { assigned: Int32Array; rounds: number; searches: number } => {
    let best = start;
    let bestObj = internalObjective(cp, start);
    let price = price0;
    let lsRounds = 0;
    let lsSearches = 0;
    const fixedList: number[] = [];
    for (let u = 0; u < n; u++) if (fixedEdge[u] !== -2) fixedList.push(u);
    const solveRest = (fix: Int32Array): { assigned: Int32Array; price: Float64Array } | null => {
      remaining.set(cp.capacity);
      for (const u of fixedList) {
        const e = fix[u]!;
        if (e >= 0) remaining[edgeTarget[e]!]! -= edgeSize[e]!;
      }
      for (let t = 0; t < m; t++) if (remaining[t]! < 0) return null;
      capR.set(remaining);
      if (hasZero) capR[F] = Math.min(totalSupply, 0x3fffffff);
      const res = minCostTransportPriced({
        nSources: n, nTargets: mR, edgeStart, edgeTarget: edgeTargetR, edgeCost, edgeEnabled: enabled,
        supply, capacity: capR, optional, flowInto,
        cheapest,
      }, { perSource: pricingK });
      lsSearches += res.searches;
      if (res.failed.length > 0) return null;
      const out = new Int32Array(n).fill(-1);
      for (let u = 0; u < n; u++) {
        if (fixedEdge[u] !== -2) {
          out[u] = fix[u]!;
          continue;
        }
        for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) {
          if (res.flow[e]! > 0) {
            if (res.flow[e] !== sigma[u] || (edgeSize[e] !== sigma[u] && edgeSize[e] !== 0)) return null;
            out[u] = e;
            break;
          }
        }
      }
      return { assigned: out, price: res.targetPrice.slice(0, m) };
    };
    for (let round = 0; round < maxLs; round++) {
      // load of the fixed units per target under the current best
      const fixedLoad = new Int32Array(m);
      for (const u of fixedList) {
        const e = best[u]!;
        if (e >= 0) fixedLoad[edgeTarget[e]!]! += edgeSize[e]!;
      }
      const moves: { u: number; to: number; gain: number }[] = [];
      for (const u of fixedList) {
        const e0 = best[u]!;
        const cur = e0 >= 0 ? edgeValue[e0]! - price[edgeTarget[e0]!]! * edgeSize[e0]! : must[u] === 1 ? -Infinity : 0;
        let bestGain = 1e-9 * Math.max(1, Math.abs(cur));
        let to = -2;
        for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) {
          if (e === e0 || usable[e] === 0) continue;
          const t = edgeTarget[e]!;
          const own = e0 >= 0 && edgeTarget[e0] === t ? edgeSize[e0]! : 0;
          if (fixedLoad[t]! - own + edgeSize[e]! > cp.capacity[t]!) continue;
          const g = edgeValue[e]! - price[t]! * edgeSize[e]! - cur;
          if (g > bestGain) {
            bestGain = g;
            to = e;
          }
        }
        if (must[u] !== 1 && e0 >= 0 && -cur > bestGain) {
          bestGain = -cur;
          to = -1;
        }
        if (to !== -2) moves.push({ u, to, gain: bestGain });
      }
      if (moves.length === 0) break;
      moves.sort((a, b) => b.gain - a.gain || a.u - b.u);
      const tryMoves = (list: readonly { u: number; to: number }[]): boolean => {
        const fix = Int32Array.from(best);
        const touchedT = new Uint8Array(m);
        let applied = 0;
        for (const mv of list) {
          const e0 = fix[mv.u]!;
          const t0 = e0 >= 0 ? edgeTarget[e0]! : -1;
          const t1 = mv.to >= 0 ? edgeTarget[mv.to]! : -1;
          if ((t0 >= 0 && touchedT[t0]) || (t1 >= 0 && touchedT[t1])) continue;
          if (t0 >= 0) touchedT[t0] = 1;
          if (t1 >= 0) touchedT[t1] = 1;
          fix[mv.u] = mv.to;
          applied++;
        }
        if (applied === 0) return false;
        lsRounds++;
        const r = solveRest(fix);
        if (!r) return false;
        const obj = internalObjective(cp, r.assigned);
        if (obj <= bestObj + 1e-9 * Math.max(1, Math.abs(bestObj))) return false;
        best = r.assigned;
        bestObj = obj;
        price = r.price;
        return true;
      };
      if (tryMoves(moves)) continue;
      if (moves.length > 1 && tryMoves([moves[0]!])) continue;
      break;
    }
    return { assigned: best, rounds: lsRounds, searches: lsSearches };
  };
  let searchRounds = 0;
  if (lastPrice !== null && fixedUnits > 0) {
    const ls = improveFixings(assigned, lastPrice, options.localSearchRounds ?? 0);
    assigned = ls.assigned;
    searchRounds = ls.rounds;
    searches += ls.searches;
  }
  const objective = internalObjective(cp, assigned);
  const exact = cp.allUnitSize && fixedUnits === 0;
  // L at the flow's prices bounds the problem, and starts the subgradient steps (not evaluated twice)
  const atFlowPrices = exact ? null : capacityLagrangian(cp, lambda, usable);
  let bound = atFlowPrices === null ? objective : Math.min(relaxationValue, atFlowPrices.value);
  let boundIterations = 0;
  if (!exact) {
    bound = roundBound(cp, bound);
    if (!uniform && bound - objective > OPTIMALITY_TOLERANCE * Math.max(1, Math.abs(bound))) {
      const imp = improveCapacityPrices(cp, lambda, objective, options.boundIterations ?? 40, usable, atFlowPrices ?? undefined);
      boundIterations = imp.iterations;
      if (imp.bound < bound) {
        bound = roundBound(cp, imp.bound);
        lambda = imp.lambda;
      }
    }
  }
  return {
    kind: 'solved',
    solution: { assignedEdge: assigned, bound, proven: exact, targetPrice: lambda },
    rounds: rounds + searchRounds,
    fixedUnits,
    searches,
    boundIterations,
    lambda,
    ...(options.keepRelaxation === true ? { relaxation } : {}),
  };
}

/**
 * An optimal flow of a flow relaxation (`relaxationPrices`, or the dive's first flow), kept to warm-start the
 * relaxation of a variant of the same problem (other units active).
 */
export interface RelaxedFlow {
  /** 1 for the units that were in the relaxation (null: every unit). */
  readonly active: Uint8Array | null;
  /** The edges carrying flow, ascending, and the flow on each. */
  readonly loaded: Int32Array;
  readonly loadedFlow: Int32Array;
  /** The flow's node potentials (units, targets, the unrouted node: `TransportResult.potential`). */
  readonly potential: Float64Array;
}

/** A flow result as a `RelaxedFlow` (its loaded edges' flow copied: the flow array may be a work array). */
function keptFlow(active: Uint8Array | null, res: TransportResult): RelaxedFlow {
  const { loaded, flow } = res;
  const loadedFlow = new Int32Array(loaded.length);
  for (let i = 0; i < loaded.length; i++) loadedFlow[i] = flow[loaded[i]!]!;
  return { active: active ? Uint8Array.from(active) : null, loaded, loadedFlow, potential: res.potential };
}

/**
 * A relaxed flow of a problem whose units are some of a larger problem's (sub-problem unit u is unit
 * `unitOf[u]` there, with the same edges in the same order, the same targets), as a relaxed flow of the larger
 * problem in which only those units are active: e.g. the dive's first flow of one sibling-mode variant of a
 * model, lifted to the model's every unit to warm-start the relaxation of another variant.
 *
 * @example
 * const whole = liftRelaxedFlow(dive.relaxation, cp.edgeStart, unitOf, all.edgeStart, all.nTargets);
 * const r = relaxationPrices(all, { active, from: whole });
 */
export function liftRelaxedFlow(flow: RelaxedFlow, subStart: Int32Array, unitOf: Int32Array, wholeStart: Int32Array, nTargets: number): RelaxedFlow {
  const nSub = unitOf.length;
  const nWhole = wholeStart.length - 1;
  const active = new Uint8Array(nWhole);
  for (let u = 0; u < nSub; u++) if (flow.active === null || flow.active[u] === 1) active[unitOf[u]!] = 1;
  const k = flow.loaded.length;
  const loaded = new Int32Array(k);
  let ascending = true;
  for (let i = 0, u = 0; i < k; i++) {
    const e = flow.loaded[i]!;
    while (subStart[u + 1]! <= e) u++;
    const w = wholeStart[unitOf[u]!]! + e - subStart[u]!;
    if (i > 0 && w <= loaded[i - 1]!) ascending = false;
    loaded[i] = w;
  }
  let loadedFlow = flow.loadedFlow;
  if (!ascending) {
    const order = Array.from(loaded.keys()).sort((a, b) => loaded[a]! - loaded[b]!);
    loadedFlow = Int32Array.from(order, (i) => flow.loadedFlow[i]!);
    const sorted = Int32Array.from(order, (i) => loaded[i]!);
    loaded.set(sorted);
  }
  const p = flow.potential;
  const potential = new Float64Array(nWhole + nTargets + 1);
  for (let u = 0; u < nSub; u++) potential[unitOf[u]!] = p[u]!;
  for (let t = 0; t <= nTargets; t++) potential[nWhole + t] = p[nSub + t]!;
  return { active, loaded, loadedFlow, potential };
}

/** Result of `relaxationPrices`. */
export interface RelaxationPrices {
  /** Optimum of the flow relaxation (an upper bound on the problem, maximisation form). */
  readonly value: number;
  /** Dual price of one place per target (>= 0): LP-optimal when every unit's candidates have one size. */
  readonly prices: Float64Array;
  /** The optimal flow behind them, to warm-start the relaxation of a variant (`RelaxationOptions.from`). */
  readonly flow: RelaxedFlow;
}

/** Options of `relaxationPrices`. */
export interface RelaxationOptions {
  /** 1 for the units in the relaxation, 0 for those left out (no supply); default every unit. */
  readonly active?: Uint8Array;
  /**
   * An optimal relaxed flow of the same problem with other units active (a previous result's `flow`, or the
   * dive's first flow lifted by `liftRelaxedFlow`): re-optimised from it (`minCostTransportWarm`: the units
   * that left give up their places, those that joined are routed, the places freed are given up or filled)
   * instead of solved from scratch. The same optimal value as a cold solve; the prices are then those of
   * another optimal flow, which may differ from a cold solve's where the LP has several optimal duals.
   */
  readonly from?: RelaxedFlow;
  /** With `from`: the problem's edges by target, when the caller has them (`WarmStart.byTarget`). */
  readonly byTarget?: ByTarget;
}

/**
 * The flow relaxation of `relaxAndDive` alone (one min-cost flow, no dive): its value and the targets'
 * dual prices, e.g. to price a capacity Lagrangian bound (valid for any prices >= 0) for a variant of a
 * model without solving it. Compulsory units are treated as optional (a relaxation still). Null when an
 * active unit has a candidate of size 0 (those need the dive's virtual target).
 *
 * @example
 * const r = relaxationPrices(cp);
 * if (r) console.log(r.value, r.prices[0]);
 */
export function relaxationPrices(cp: CompiledProblem, options: RelaxationOptions = {}): RelaxationPrices | null {
  const n = cp.nUnits;
  const { edgeStart, edgeTarget, edgeValue, edgeSize, capacity } = cp;
  const active = options.active;
  const cost = work.float64('edgeCost', cp.nEdges);
  // each unit's supply, and the divisor of its costs (its supply when active); a unit left out has no supply
  // (its edges are never used then: no mask needed for them)
  const sigma = new Int32Array(n);
  const supply = active === undefined ? sigma : new Int32Array(n);
  // the mask of usable edges, made only when some edge does not fit its target; no capacity read for an edge
  // no larger than the smallest capacity
  let enabled: Uint8Array | undefined;
  let minCapacity = 0x7fffffff;
  for (let t = 0; t < cp.nTargets; t++) if (capacity[t]! < minCapacity) minCapacity = capacity[t]!;
  for (let u = 0; u < n; u++) {
    const on = active === undefined || active[u] === 1;
    const a = edgeStart[u]!;
    const b = edgeStart[u + 1]!;
    let s = 0x7fffffff;
    if (on) {
      for (let e = a; e < b; e++) {
        const z = edgeSize[e]!;
        if (z > minCapacity && z > capacity[edgeTarget[e]!]!) {
          enabled ??= work.uint8('enabled', cp.nEdges).fill(1);
          enabled[e] = 0;
          continue;
        }
        if (z === 0) return null;
        if (z < s) s = z;
      }
    }
    if (s === 0x7fffffff) s = 1;
    sigma[u] = s;
    if (on) supply[u] = s;
    if (s === 1) for (let e = a; e < b; e++) cost[e] = -edgeValue[e]!;
    else for (let e = a; e < b; e++) cost[e] = -edgeValue[e]! / s;
  }
  const valueTop = valueIndex(cp);
  const input: TransportInput = {
    nSources: n, nTargets: cp.nTargets, edgeStart, edgeTarget, edgeCost: cost, ...(enabled ? { edgeEnabled: enabled } : {}), supply,
    capacity, optional: new Uint8Array(n).fill(1), flowInto: work.int32('flow', cp.nEdges),
    cheapest: valueTop ? costIndexFromValues(valueTop, sigma) : undefined,
  };
  const from = options.from;
  let res: TransportResult;
  if (from !== undefined && from.potential.length === n + cp.nTargets + 1) {
    // the previous flow in the flow array (only its loaded edges are read), the units that joined routed afresh
    const flow = input.flowInto!;
    for (let i = 0; i < from.loaded.length; i++) flow[from.loaded[i]!] = from.loadedFlow[i]!;
    const joined: number[] = [];
    if (from.active !== null) for (let u = 0; u < n; u++) if (supply[u]! > 0 && from.active[u] !== 1) joined.push(u);
    res = minCostTransportWarm(input, {
      flow, loaded: from.loaded, potential: from.potential, sameArcs: true, reroute: Int32Array.from(joined),
      ...(options.byTarget ? { byTarget: options.byTarget } : {}),
    });
  } else {
    res = minCostTransportPriced(input, { perSource: Infinity });
  }
  const prices = new Float64Array(cp.nTargets);
  for (let t = 0; t < cp.nTargets; t++) prices[t] = Math.max(0, res.targetPrice[t] ?? 0);
  return { value: -res.cost, prices, flow: keptFlow(active ?? null, res) };
}
