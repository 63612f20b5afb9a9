/**
 * Neighbourhood re-optimisation of a model solution (a large-neighbourhood search, primal only).
 *
 * The dive fixes sibling groups and bed-blocking children where the flow relaxation puts them, and the
 * single children then fill what is left: at 5,000 children that left ~20 settled children in homes far
 * below their best while groups held the homes they wanted (each group would lose a little elsewhere).
 * The ejection chains of `repair.ts` (depth 2) do not find such rearrangements of 5-10 units.
 *
 * At capacity prices pi (any prices; the priced bound's are best), a unit's *priced slack* is its best
 * priced value max(0, max_j v_j - pi_h(j) s_j) minus the priced value of its candidate in the solution:
 * the bound minus the objective is the sum of these slacks plus pi_h x free places plus the sibling sets'
 * terms, so units with slack are where the objective falls short. A neighbourhood is grown from them:
 * the seeds (most slack first), then, layer by layer, the units occupying the homes they (and the units
 * added) would take at a priced value at least their current one (less `tolerance`), up to `maxUnits`.
 * Every unit outside
 * the neighbourhood is kept where it is; the units inside are re-assigned over their candidates with the
 * places the others leave (a small generalised assignment problem, `solver/`): a regret greedy plus local
 * search from scratch, the local search from the current assignment and, when the sub-problem has
 * candidates of several places (sibling groups, bed-blocking children), the solver's flow dive plus local
 * search; the best of them replaces the current assignment when it is strictly better. Only the units of
 * each sibling set's current mode take part (with `flipSets`, a set whose other mode is worth more at the
 * prices also seeds a neighbourhood in which its current units leave and the other mode's join), so
 * capacity, "once per unit" and the sets' exclusivity hold by construction; the new assignment is also
 * checked against every home's places before it is applied. After a round that improved the solution the
 * seeds are taken again (`rounds`).
 *
 * The work is capped by counts (neighbourhoods per round, rounds, a budget of edges visited by the
 * sub-problem heuristics, branch-and-bound nodes), never by the clock: the same model and solution give
 * the same result.
 */
import type { CompiledProblem } from '../../solver/compile.js';
import { indexIds } from '../../solver/scratch.js';
import { branchAndBound } from '../../solver/branch-and-bound.js';
import { relaxAndDive } from '../../solver/groups.js';
import { localSearch, regretGreedy, type PrimalState } from '../../solver/heuristics.js';
import type { RematchModel } from './build-problem.js';
import { flatCandidates, type FlatCandidates } from './flat-candidates.js';
import type { TopEdges } from '../../solver/top-edges.js';

/** Options of `improveNeighbourhoods`. */
export interface NeighbourhoodOptions {
  /** Most units in one neighbourhood (default 60). */
  readonly maxUnits?: number;
  /** Layers of occupants added around the seeds (default 2). */
  readonly depth?: number;
  /** Most neighbourhoods solved per round (default 200). */
  readonly maxNeighbourhoods?: number;
  /**
   * Work budget: sum over solved neighbourhoods of units x candidates in the sub-problem (the regret
   * greedy's cost). Default 40 million.
   */
  readonly workBudget?: number;
  /**
   * Also seed neighbourhoods with sibling sets whose other mode is worth more at the prices: the set's
   * units of its current mode leave, those of the other mode join, with the occupants of the homes they
   * want; kept only when the whole neighbourhood's value rises. Default true: with the dive on the
   * sub-problems and three rounds it added ~2,400 points at 80,000 children (nothing at 5,000; without
   * the dive it had switched nothing `switchModes` had not).
   */
  readonly flipSets?: boolean;
  /** Local search passes on each sub-problem's solutions (default 2). */
  readonly passes?: number;
  /** Smallest priced slack that seeds a neighbourhood (default 0.5 points). */
  readonly minSlack?: number;
  /**
   * Seeds of priced slack above this are taken after every other seed (default: none deferred). At 80,000
   * children, after the set switches, the units and sets with the most slack at the final prices are
   * capacity-pricing artefacts (a bed-blocking child or a sibling group that needs every place of a home
   * another one fills, two groups priced for one home): their neighbourhoods all fail and cover the units
   * around them. Deferred above 100 points there, the same 4 rounds of 50 gained +463 points instead of 0
   * (README, session 7).
   */
  readonly deferSlack?: number;
  /**
   * A unit's homes that bring in their occupants: those whose priced value is at least its current one
   * minus this (default 0.5 points).
   */
  readonly tolerance?: number;
  /**
   * Most seeds per neighbourhood (default 1: one unit with slack and the occupants around it; measured
   * at 80,000 children, 1 seed per 60-unit neighbourhood gained 3x what 6 did, the same at 5,000).
   */
  readonly maxSeeds?: number;
  /**
   * Also solve each sub-problem that has a candidate of more than one place (sibling groups, bed-blocking
   * children) with the solver's flow dive (`relaxAndDive`, no bound steps: the flow relaxation, split units
   * fixed, the rest re-solved), then local search. Default true.
   */
  readonly dive?: boolean;
  /**
   * Branch-and-bound nodes per sub-problem whose candidates do not all take one place, started from the
   * best assignment found (a node limit, no clock; default 0 = off).
   */
  readonly exactNodes?: number;
  /**
   * The dive only on sub-problems with at most this many candidates (default 2,000: every one at 80,000
   * children; at 5,000 children, with ~130 candidates per unit, the larger ones cost time and gained nothing).
   */
  readonly diveMaxEdges?: number;
  /** Also the solver's regret greedy plus local search on each sub-problem (default true). */
  readonly greedy?: boolean;
  /**
   * Most rounds. A further round runs only after a round that improved the solution and stopped at
   * `maxNeighbourhoods` with seeds left: the seeds are then taken again at the new solution (most slack
   * first) and every unit is uncovered (one work budget for all rounds). Default 3: at 80,000 children
   * (~480 seeds) three rounds of 200 gained ~8,000 points more than one of 100; at 5,000 (25 seeds) one
   * round takes every seed.
   */
  readonly rounds?: number;
}

/** Result of `improveNeighbourhoods`. */
export interface NeighbourhoodOutcome {
  /** Rise of the adjusted objective (sum of v + lambda x stay over placed units), >= 0. */
  readonly gain: number;
  /** Neighbourhoods solved, and those that improved the solution. */
  readonly solved: number;
  readonly improved: number;
  /** Units whose candidate changed. */
  readonly unitsChanged: number;
  /** Sibling sets switched to their other mode. */
  readonly flips: number;
}

/**
 * Improve `chosen` (candidate index per unit, -1 = unplaced; modified in place) by re-optimising
 * neighbourhoods of the units with priced slack at `prices` (one per home, >= 0). Never lowers the
 * adjusted objective at move multiplier `lambda`; a sibling set changes mode only with `flipSets` (default on).
 *
 * @example
 * const out = improveNeighbourhoods(model, chosen, 0, cb.prices);
 * console.log(out.gain, out.improved);
 */
export function improveNeighbourhoods(
  model: RematchModel,
  chosen: Int32Array,
  lambda: number,
  prices: Float64Array,
  options: NeighbourhoodOptions = {},
): NeighbourhoodOutcome {
  const rounds = options.rounds ?? 3;
  let budget = options.workBudget ?? 40_000_000;
  let gain = 0;
  let solved = 0;
  let improved = 0;
  let unitsChanged = 0;
  let flips = 0;
  // each unit's best priced value (the prices stay fixed: computed once for every round)
  const best = new Float64Array(model.units.length).fill(NaN);
  const resolved = resolveOptions(options);
  for (let r = 0; r < rounds && budget > 0; r++) {
    const out = improveRound(model, chosen, lambda, prices, resolved, budget, best);
    budget = out.budget;
    gain += out.gain;
    solved += out.solved;
    improved += out.improved;
    unitsChanged += out.unitsChanged;
    flips += out.flips;
    if (out.improved === 0 || !out.cut) break;
  }
  return { gain, solved, improved, unitsChanged, flips };
}

/** One round: seeds at the current solution, each grown and solved once. Returns the budget left. */
function improveRound(
  model: RematchModel,
  chosen: Int32Array,
  lambda: number,
  prices: Float64Array,
  options: ResolvedOptions,
  workLeft: number,
  bestMemo: Float64Array,
): NeighbourhoodOutcome & { readonly budget: number; readonly cut: boolean } {
  const { maxUnits, depth, maxHoods, minSlack, deferSlack, tolerance, passes, flipSets, maxSeeds, useDive, useGreedy, diveMaxEdges, exactNodes } = options;
  let budget = workLeft;
  const nU = model.units.length;
  const cap = model.capacity;
  const H = cap.length;
  const f = flatCandidates(model, lambda);
  const { start, home, size, value } = f;

  const active = unitsInPlay(model, chosen);
  const nonNegative = allNonNegative(prices, H);
  const top = f.top;
  const bestPriced = (u: number): number => memoBestPriced(bestMemo, f, cap, prices, nonNegative, top, u);
  const pricedNow = (u: number): number => (chosen[u]! >= 0 ? pricedValue(f, prices, start[u]! + chosen[u]!) : 0);
  // seeds: units (set -1), and sibling sets whose other mode is worth more at these prices (u -1)
  const seeds = unitSeeds(f, cap, chosen, active, prices, nonNegative, bestMemo, minSlack);
  if (flipSets) {
    model.exclusive.forEach((set, k) => {
      let other = 0;
      let cur = 0;
      if (active[set.together]) {
        cur = pricedNow(set.together);
        for (const m of set.members) other += bestPriced(m);
      } else {
        for (const m of set.members) cur += pricedNow(m);
        other = bestPriced(set.together);
      }
      if (other - cur > minSlack) seeds.push({ u: -1, set: k, slack: other - cur });
    });
  }
  // most slack first, the seeds above `deferSlack` after all others
  seeds.sort((a, b) => Number(a.slack > deferSlack) - Number(b.slack > deferSlack) || b.slack - a.slack || a.set - b.set || a.u - b.u);
  if (seeds.length === 0) return { gain: 0, solved: 0, improved: 0, unitsChanged: 0, flips: 0, budget, cut: false };

  // occupants per home: built once; a unit moved later is found through `homeOf` (stale entries are
  // skipped) and, in its new home, through `movedIn` (no O(units) rebuild per improvement)
  const { homeOf, used, occStart, occ } = occupancy(f, chosen, H);
  const movedIn = new Map<number, number[]>();
  // the hood's own places per home while its sub-problem is built (cleared after)
  const hoodUse = new Int32Array(H);

  const inHood = new Uint8Array(nU);
  const covered = new Uint8Array(nU);
  const localTarget = new Int32Array(H).fill(-1);
  let gain = 0;
  let solved = 0;
  let improved = 0;
  let unitsChanged = 0;
  let flips = 0;
  const setDone = new Uint8Array(model.exclusive.length);
  // a unit seed is done when covered, or out of play (its set switched mode since the seeds were taken)
  let seedAt = 0;
  while (solved < maxHoods && budget > 0) {
    while (seedAt < seeds.length && seedDone(seeds[seedAt]!, setDone, covered, active)) seedAt++;
    if (seedAt >= seeds.length) break;
    // grow: the uncovered seeds (most slack first), then layers of occupants of the homes wanted. A set
    // seed makes a neighbourhood of its own: its current mode's units leave (`out`), the other mode's join
    const hood: number[] = [];
    let out: readonly number[] = [];
    const first = seeds[seedAt]!;
    if (first.set >= 0) {
      const set = model.exclusive[first.set]!;
      setDone[first.set] = 1;
      const together = active[set.together] === 1;
      out = together ? [set.together] : set.members;
      for (const u of together ? set.members : [set.together]) {
        inHood[u] = 1;
        hood.push(u);
      }
      for (const u of out) inHood[u] = 1; // never taken in as an occupant
    } else {
      for (let k = seedAt; k < seeds.length && hood.length < maxSeeds; k++) {
        const q = seeds[k]!;
        if (q.set >= 0 || seedDone(q, setDone, covered, active) || inHood[q.u]) continue;
        inHood[q.u] = 1;
        hood.push(q.u);
      }
    }
    let frontier = hood.slice();
    for (let d = 0; d < depth && hood.length < maxUnits; d++) {
      const next: number[] = [];
      for (const u of frontier) {
        const j = chosen[u]!;
        const cur = j >= 0 ? value[start[u]! + j]! - (prices[home[start[u]! + j]!] ?? 0) * size[start[u]! + j]! : 0;
        for (let e = start[u]!; e < start[u + 1]! && hood.length < maxUnits; e++) {
          const h = home[e]!;
          if (size[e]! > cap[h]! || value[e]! - (prices[h] ?? 0) * size[e]! < cur - tolerance) continue;
          // the units placed in h now (stale entries of units moved since are skipped), until the hood is full
          let open = true;
          for (let q = occStart[h]!; q < occStart[h + 1]! && open; q++) {
            const w = occ[q]!;
            if (homeOf[w] !== h) continue;
            if (!inHood[w] && active[w]) {
              inHood[w] = 1;
              hood.push(w);
              next.push(w);
            }
            open = hood.length < maxUnits;
          }
          const extra = open ? movedIn.get(h) : undefined;
          if (extra) {
            for (let q = 0; q < extra.length && open; q++) {
              const w = extra[q]!;
              if (homeOf[w] !== h) continue;
              if (!inHood[w] && active[w]) {
                inHood[w] = 1;
                hood.push(w);
                next.push(w);
              }
              open = hood.length < maxUnits;
            }
          }
        }
      }
      frontier = next;
    }
    for (const u of hood) covered[u] = 1;
    // the sub-problem: the hood's units over the places the others leave (the leaving units' included)
    for (const u of hood) {
      const j = chosen[u]!;
      if (j >= 0) hoodUse[home[start[u]! + j]!]! += size[start[u]! + j]!;
    }
    let outValue = 0;
    for (const u of out) {
      const j = chosen[u]!;
      if (j < 0) continue;
      hoodUse[home[start[u]! + j]!]! += size[start[u]! + j]!;
      outValue += value[start[u]! + j]!;
    }
    // places of home h left by the units outside the hood: cap[h] - used[h] + hoodUse[h]
    const targets: number[] = [];
    const edgeStart = new Int32Array(hood.length + 1);
    let nE = 0;
    for (const u of hood) for (let e = start[u]!; e < start[u + 1]!; e++) if (size[e]! <= cap[home[e]!]! - used[home[e]!]! + hoodUse[home[e]!]!) nE++;
    const edgeTarget = new Int32Array(nE);
    const edgeValue = new Float64Array(nE);
    const edgeSize = new Int32Array(nE);
    const edgeCand = new Int32Array(nE);
    const initial = new Int32Array(hood.length).fill(-1);
    let x = 0;
    let base = outValue;
    for (let i = 0; i < hood.length; i++) {
      const u = hood[i]!;
      edgeStart[i] = x;
      const j0 = chosen[u]!;
      for (let e = start[u]!; e < start[u + 1]!; e++) {
        const h = home[e]!;
        if (size[e]! > cap[h]! - used[h]! + hoodUse[h]!) continue;
        if (localTarget[h]! < 0) {
          localTarget[h] = targets.length;
          targets.push(h);
        }
        if (e - start[u]! === j0) initial[i] = x;
        edgeTarget[x] = localTarget[h]!;
        edgeValue[x] = value[e]!;
        edgeSize[x] = size[e]!;
        edgeCand[x] = e - start[u]!;
        x++;
      }
      if (j0 >= 0) base += value[start[u]! + j0]!;
    }
    edgeStart[hood.length] = x;
    const capacity = new Int32Array(targets.length);
    for (let t = 0; t < targets.length; t++) capacity[t] = cap[targets[t]!]! - used[targets[t]!]! + hoodUse[targets[t]!]!;
    for (const u of [...hood, ...out]) {
      const j = chosen[u]!;
      if (j >= 0) hoodUse[home[start[u]! + j]!] = 0;
    }
    for (const h of targets) localTarget[h] = -1;
    for (const u of hood) inHood[u] = 0;
    for (const u of out) inHood[u] = 0;
    solved++;
    budget -= hood.length * nE;
    const cp: CompiledProblem = {
      sign: 1,
      nUnits: hood.length,
      nTargets: targets.length,
      unitIds: indexIds(hood),
      targetIds: indexIds(targets),
      edgeStart,
      edgeTarget,
      edgeValue,
      edgeSize,
      capacity,
      must: new Uint8Array(hood.length),
      allUnitSize: false,
      integralValues: false,
      nEdges: nE,
    };
    let best: Int32Array = initial;
    let bestVal = assignmentValue(edgeValue, initial);
    const tries = [localSearch(cp, primalState(cp, initial), passes)];
    if (useGreedy) tries.push(localSearch(cp, regretGreedy(cp), passes));
    let allOne = true;
    for (let q = 0; q < nE; q++) if (edgeSize[q] !== 1) allOne = false;
    // the dive on sub-problems with sibling groups or bed-blocking children (sizes above 1): measured at
    // 80,000 children it doubled the neighbourhoods' gain; on one-place sub-problems the greedy and local
    // search already found what its exact flow does
    if (useDive && !allOne && nE <= diveMaxEdges) {
      // every edge listed as a unit's "best few" (no index to build: the sub-problems are small)
      const listed = new Int32Array(nE);
      for (let q = 0; q < nE; q++) listed[q] = q;
      const valueTop = { start: edgeStart, edge: listed, restBest: new Float64Array(hood.length).fill(-Infinity) };
      const dv = relaxAndDive({ ...cp, valueTop }, { boundIterations: 0 });
      if (dv.kind === 'solved') tries.push(localSearch(cp, primalState(cp, dv.solution.assignedEdge), passes));
    }
    const mixed = !allOne;
    for (const st of tries) {
      const v = assignmentValue(edgeValue, st.assignedEdge);
      if (v > bestVal + 1e-9 * Math.max(1, Math.abs(bestVal))) {
        bestVal = v;
        best = st.assignedEdge;
      }
    }
    if (exactNodes > 0 && mixed) {
      const bb = branchAndBound(cp, { maxNodes: exactNodes, timeLimitMs: Infinity, initial: best, rootIterations: 100, nodeIterations: 10 });
      if (bb.kind === 'solved') {
        const v = assignmentValue(edgeValue, bb.solution.assignedEdge);
        if (v > bestVal + 1e-9 * Math.max(1, Math.abs(bestVal))) {
          bestVal = v;
          best = bb.solution.assignedEdge;
        }
      }
    }
    if (best === initial || !(bestVal > base)) continue;
    // check the places before applying (the sub-problem's capacities are the places the others leave)
    const load = new Int32Array(capacity.length);
    let fits = true;
    for (let i = 0; i < best.length; i++) {
      const e = best[i]!;
      if (e < 0) continue;
      load[edgeTarget[e]!]! += edgeSize[e]!;
      if (load[edgeTarget[e]!]! > capacity[edgeTarget[e]!]!) fits = false;
    }
    if (!fits) continue;
    // a set switched: its leaving units are unplaced and out of play, the joining ones in play
    const placed: Placement = { chosen, used, homeOf, movedIn };
    for (const u of out) {
      unitsChanged += assignUnit(f, placed, u, -1);
      active[u] = 0;
    }
    for (let i = 0; i < hood.length; i++) {
      const e = best[i]!;
      unitsChanged += assignUnit(f, placed, hood[i]!, e >= 0 ? edgeCand[e]! : -1);
      active[hood[i]!] = 1;
    }
    if (out.length > 0) flips++;
    gain += bestVal - base;
    improved++;
  }
  // seeds left when the round stopped at its cap (a further round reaches them)
  while (seedAt < seeds.length && seedDone(seeds[seedAt]!, setDone, covered, active)) seedAt++;
  return { gain, solved, improved, unitsChanged, flips, budget, cut: seedAt < seeds.length };
}

/** Priced value of flat candidate e: value - price x size. */
function pricedValue(f: FlatCandidates, prices: Float64Array, e: number): number {
  return f.value[e]! - (prices[f.home[e]!] ?? 0) * f.size[e]!;
}

/** max(0, best priced value of unit u), memoised in `memo` (NaN = not known yet). */
function memoBestPriced(memo: Float64Array, f: FlatCandidates, cap: Int32Array, prices: Float64Array, nonNegative: boolean, top: TopEdges | null, u: number): number {
  const known = memo[u]!;
  if (!Number.isNaN(known)) return known;
  const { start, home, size, value } = f;
  let best = 0;
  // prices >= 0: a priced value is at most the value, so the unit's most valuable candidates decide
  // unless the best of them does not beat every other candidate's value (`solver/top-edges.ts`)
  let full = true;
  if (top !== null && nonNegative) {
    for (let q = top.start[u]!, end = top.start[u + 1]!; q < end; q++) {
      const e = top.edge[q]!;
      if (size[e]! > cap[home[e]!]!) continue;
      const r = value[e]! - (prices[home[e]!] ?? 0) * size[e]!;
      if (r > best) best = r;
    }
    full = !(best > top.restBest[u]!);
  }
  if (full) {
    for (let e = start[u]!; e < start[u + 1]!; e++) {
      if (size[e]! > cap[home[e]!]!) continue;
      const r = value[e]! - (prices[home[e]!] ?? 0) * size[e]!;
      if (r > best) best = r;
    }
  }
  memo[u] = best;
  return best;
}

/** A unit seed is done when covered, or out of play (its set switched mode since the seeds were taken). */
function seedDone(q: { readonly u: number; readonly set: number }, setDone: Uint8Array, covered: Uint8Array, active: Uint8Array): boolean {
  return q.set >= 0 ? setDone[q.set] === 1 : covered[q.u] === 1 || active[q.u] === 0;
}

/** Sum of the values of a sub-problem assignment (edge per unit, -1 = none). */
function assignmentValue(edgeValue: Float64Array, a: Int32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) if (a[i]! >= 0) s += edgeValue[a[i]!]!;
  return s;
}

/** A sub-problem assignment as the solver's primal state (a copy, with the places left per target). */
function primalState(cp: CompiledProblem, a: Int32Array): PrimalState {
  const r = Int32Array.from(cp.capacity);
  for (let i = 0; i < a.length; i++) if (a[i]! >= 0) r[cp.edgeTarget[a[i]!]!]! -= cp.edgeSize[a[i]!]!;
  return { assignedEdge: Int32Array.from(a), remaining: r };
}

/** The round's view of the solution: candidates, places used, each unit's home, units moved in per home. */
interface Placement {
  readonly chosen: Int32Array;
  readonly used: Int32Array;
  readonly homeOf: Int32Array;
  readonly movedIn: Map<number, number[]>;
}

/** Gives unit u candidate j (-1 = unplaced), keeping the places and occupants up to date; 1 when it changed. */
function assignUnit(f: FlatCandidates, p: Placement, u: number, j: number): number {
  const { chosen, used, homeOf, movedIn } = p;
  const { start, home, size } = f;
  if (j === chosen[u]) return 0;
  const j0 = chosen[u]!;
  if (j0 >= 0) used[home[start[u]! + j0]!]! -= size[start[u]! + j0]!;
  chosen[u] = j;
  if (j < 0) {
    homeOf[u] = -1;
    return 1;
  }
  const h = home[start[u]! + j]!;
  used[h]! += size[start[u]! + j]!;
  homeOf[u] = h;
  const list = movedIn.get(h);
  if (list) list.push(u);
  else movedIn.set(h, [u]);
  return 1;
}

/** `NeighbourhoodOptions` with every default filled in (one object shape for every call). */
interface ResolvedOptions {
  readonly maxUnits: number;
  readonly depth: number;
  readonly maxHoods: number;
  readonly minSlack: number;
  readonly deferSlack: number;
  readonly tolerance: number;
  readonly passes: number;
  readonly flipSets: boolean;
  readonly maxSeeds: number;
  readonly useDive: boolean;
  readonly useGreedy: boolean;
  readonly diveMaxEdges: number;
  readonly exactNodes: number;
}

function resolveOptions(options: NeighbourhoodOptions): ResolvedOptions {
  return {
    maxUnits: options.maxUnits ?? 60,
    depth: options.depth ?? 2,
    maxHoods: options.maxNeighbourhoods ?? 200,
    minSlack: options.minSlack ?? 0.5,
    deferSlack: options.deferSlack ?? Infinity,
    tolerance: options.tolerance ?? 0.5,
    passes: options.passes ?? 2,
    flipSets: options.flipSets ?? true,
    maxSeeds: options.maxSeeds ?? 1,
    useDive: options.dive ?? true,
    useGreedy: options.greedy ?? true,
    diveMaxEdges: options.diveMaxEdges ?? 2_000,
    exactNodes: options.exactNodes ?? 0,
  };
}

/** Units in play: free units, and each sibling set's units of its current mode. */
function unitsInPlay(model: RematchModel, chosen: Int32Array): Uint8Array {
  const active = new Uint8Array(model.units.length).fill(1);
  for (const set of model.exclusive) {
    if (chosen[set.together]! >= 0) for (const m of set.members) active[m] = 0;
    else active[set.together] = 0;
  }
  return active;
}

function allNonNegative(prices: Float64Array, H: number): boolean {
  let nonNegative = true;
  for (let h = 0; h < H; h++) if (!((prices[h] ?? 0) >= 0)) nonNegative = false;
  return nonNegative;
}

/** Seeds of single units: the units in play whose priced slack exceeds `minSlack` (unit order). */
function unitSeeds(
  f: FlatCandidates,
  cap: Int32Array,
  chosen: Int32Array,
  active: Uint8Array,
  prices: Float64Array,
  nonNegative: boolean,
  bestMemo: Float64Array,
  minSlack: number,
): { u: number; set: number; slack: number }[] {
  const seeds: { u: number; set: number; slack: number }[] = [];
  const { start, home, size, value, top } = f;
  for (let u = 0; u < active.length; u++) {
    if (!active[u]) continue;
    const j = chosen[u]!;
    const e = start[u]! + j;
    const s = memoBestPriced(bestMemo, f, cap, prices, nonNegative, top, u) - (j >= 0 ? value[e]! - (prices[home[e]!] ?? 0) * size[e]! : 0);
    if (s > minSlack) seeds.push({ u, set: -1, slack: s });
  }
  return seeds;
}

/** Each unit's home, the places used per home, and the units placed in each home (CSR over homes). */
function occupancy(f: FlatCandidates, chosen: Int32Array, H: number): { homeOf: Int32Array; used: Int32Array; occStart: Int32Array; occ: Int32Array } {
  const { start, home, size } = f;
  const nU = chosen.length;
  const homeOf = new Int32Array(nU).fill(-1);
  const used = new Int32Array(H);
  for (let u = 0; u < nU; u++) {
    const j = chosen[u]!;
    if (j < 0) continue;
    const e = start[u]! + j;
    homeOf[u] = home[e]!;
    used[home[e]!]! += size[e]!;
  }
  const occStart = new Int32Array(H + 1);
  for (let u = 0; u < nU; u++) if (homeOf[u]! >= 0) occStart[homeOf[u]! + 1]!++;
  for (let h = 0; h < H; h++) occStart[h + 1]! += occStart[h]!;
  const occ = new Int32Array(occStart[H]!);
  const fill = occStart.slice(0, H);
  for (let u = 0; u < nU; u++) if (homeOf[u]! >= 0) occ[fill[homeOf[u]!]!++] = u;
  return { homeOf, used, occStart, occ };
}
