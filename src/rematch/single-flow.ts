/**
 * Exact re-solve of the one-place children around the units with priced slack (primal only).
 *
 * The neighbourhoods (`neighbourhood.ts`) re-optimise 60 units at a time; improving exchanges among
 * single children can be longer than that (a chain of children each moving one home along). With every
 * sibling group, bed-blocking child and mode fixed, re-placing the units whose candidates all take one
 * place is a min-cost flow, solved exactly by the solver. Over all of them (76,561 units at 80,000
 * children) it costs ~1.5-2 s; restricted to the units with priced slack and, layer by layer, the
 * occupants of the homes they would take at a priced value at least their current one (less
 * `tolerance`), it finds most of the same gain for a tenth of that (measured at 80,000 children, see the
 * README).
 *
 * Every unit outside the selection keeps its candidate; the selected units are re-assigned over the places
 * the others leave. The current assignment is feasible for that sub-problem, so its exact optimum is never
 * lower; it replaces the current one only when strictly better, after the places are checked again. Only the
 * units of each sibling set's current mode take part (members of a set placed as today or split may move
 * or be unplaced; a set placed together keeps its members out), so the sets' exclusivity holds. The work is
 * capped by counts (`maxUnits`), never by the clock.
 *
 * Each phase is a function of its own: called once per optimisation at national scale, one large function
 * ran mostly unoptimised (V8 compiled it again at every phase it had not seen yet).
 */
import type { CompiledProblem } from '../../solver/compile.js';
import { indexIds } from '../../solver/scratch.js';
import { relaxAndDive } from '../../solver/groups.js';
import { TOP_EDGES, topEdges } from '../../solver/top-edges.js';
import type { RematchModel } from './build-problem.js';
import { flatCandidates, type FlatCandidates } from './flat-candidates.js';

/** Options of `improveSingleChildren`. */
export interface SingleFlowOptions {
  /** Smallest priced slack that seeds the selection (default 0.5 points). */
  readonly minSlack?: number;
  /**
   * A selected unit's homes that bring in their occupants: those whose priced value is at least its
   * current one minus this (default 0.5 points).
   */
  readonly tolerance?: number;
  /** Layers of occupants added around the seeds (default 2). */
  readonly depth?: number;
  /** Most units in the flow (default 20,000; seeds with most slack first). */
  readonly maxUnits?: number;
}

/** Result of `improveSingleChildren`. */
export interface SingleFlowOutcome {
  /** Rise of the adjusted objective (sum of v + lambda x stay over placed units), >= 0. */
  readonly gain: number;
  /** Units re-solved (0 when no unit has slack). */
  readonly units: number;
  /** Units whose candidate changed. */
  readonly unitsChanged: number;
}

/**
 * Improve `chosen` (candidate index per unit, -1 = unplaced; modified in place) by re-solving exactly the
 * one-place units (every candidate of size 1, in play in their set's current mode) with priced slack at
 * `prices` (one per home, >= 0) and the occupants around them, everything else fixed. Never lowers the
 * adjusted objective at move multiplier `lambda`; never changes a sibling set's mode.
 *
 * @example
 * const out = improveSingleChildren(model, chosen, 0, cb.prices);
 * console.log(out.gain, out.units);
 */
export function improveSingleChildren(
  model: RematchModel,
  chosen: Int32Array,
  lambda: number,
  prices: Float64Array,
  options: SingleFlowOptions = {},
): SingleFlowOutcome {
  const minSlack = options.minSlack ?? 0.5;
  const tolerance = options.tolerance ?? 0.5;
  const depth = options.depth ?? 2;
  const maxUnits = options.maxUnits ?? 20_000;
  const f = flatCandidates(model, lambda);
  const movable = movableUnits(model, chosen, f);
  const seeds = slackSeeds(model.capacity, chosen, f, movable, prices, minSlack);
  if (seeds.length === 0) return { gain: 0, units: 0, unitsChanged: 0 };
  const occ = occupantIndex(model.capacity.length, chosen, f, movable);
  const sel = grow(seeds, chosen, f, occ, prices, depth, tolerance, maxUnits);
  const sub = subProblem(model.capacity, chosen, f, sel);
  const better = solveExactFlow(sub.cp, sub.base);
  if (better === null) return { gain: 0, units: sel.length, unitsChanged: 0 };
  let unitsChanged = 0;
  for (let i = 0; i < sel.length; i++) {
    const u = sel[i]!;
    const e = better.assigned[i]!;
    const j = e >= 0 ? sub.edgeCand[e]! : -1;
    if (j !== chosen[u]) {
      chosen[u] = j;
      unitsChanged++;
    }
  }
  return { gain: better.gain, units: sel.length, unitsChanged };
}

/** Units that may move: every candidate of one place, in play in their set's current mode. */
function movableUnits(model: RematchModel, chosen: Int32Array, f: FlatCandidates): Uint8Array {
  const movable = Uint8Array.from(f.unitAllOne);
  for (const set of model.exclusive) {
    if (chosen[set.together]! >= 0) for (const m of set.members) movable[m] = 0;
    movable[set.together] = 0;
  }
  return movable;
}

/** Movable units with priced slack above `minSlack`, most slack first (ties: lower unit first). */
function slackSeeds(cap: Int32Array, chosen: Int32Array, f: FlatCandidates, movable: Uint8Array, prices: Float64Array, minSlack: number): Int32Array {
  const { start, home, value, top } = f;
  const nU = movable.length;
  let nonNegative = true;
  for (let h = 0; h < cap.length; h++) if (!((prices[h] ?? 0) >= 0)) nonNegative = false;
  const useTop = top !== null && nonNegative;
  const slack = new Float64Array(nU);
  const list: number[] = [];
  for (let u = 0; u < nU; u++) {
    if (!movable[u]) continue;
    // max(0, best priced value over the homes with a place); prices >= 0: a priced value is at most the
    // value, so the unit's most valuable candidates decide unless the best of them does not beat every
    // other candidate's value (`solver/top-edges.ts`)
    let best = 0;
    let full = true;
    if (useTop) {
      for (let q = top.start[u]!, end = top.start[u + 1]!; q < end; q++) {
        const e = top.edge[q]!;
        const h = home[e]!;
        if (cap[h]! < 1) continue;
        const r = value[e]! - (prices[h] ?? 0);
        if (r > best) best = r;
      }
      full = !(best > top.restBest[u]!);
    }
    if (full) {
      for (let e = start[u]!; e < start[u + 1]!; e++) {
        const h = home[e]!;
        if (cap[h]! < 1) continue;
        const r = value[e]! - (prices[h] ?? 0);
        if (r > best) best = r;
      }
    }
    const j = chosen[u]!;
    const now = j >= 0 ? value[start[u]! + j]! - (prices[home[start[u]! + j]!] ?? 0) : 0;
    const s = best - now;
    if (s > minSlack) {
      slack[u] = s;
      list.push(u);
    }
  }
  const seeds = Int32Array.from(list);
  seeds.sort((a, b) => slack[b]! - slack[a]! || a - b);
  return seeds;
}

/** Movable units placed in each home (CSR over homes). */
interface Occupants {
  readonly start: Int32Array;
  readonly unit: Int32Array;
}

function occupantIndex(H: number, chosen: Int32Array, f: FlatCandidates, movable: Uint8Array): Occupants {
  const { start, home } = f;
  const nU = movable.length;
  const occStart = new Int32Array(H + 1);
  for (let u = 0; u < nU; u++) if (movable[u] && chosen[u]! >= 0) occStart[home[start[u]! + chosen[u]!]! + 1]!++;
  for (let h = 0; h < H; h++) occStart[h + 1]! += occStart[h]!;
  const unit = new Int32Array(occStart[H]!);
  const fill = occStart.slice(0, H);
  for (let u = 0; u < nU; u++) if (movable[u] && chosen[u]! >= 0) unit[fill[home[start[u]! + chosen[u]!]!]!++] = u;
  return { start: occStart, unit };
}

/** The selection: seeds, then layers of the occupants of the homes they would take; ascending unit order. */
function grow(seeds: Int32Array, chosen: Int32Array, f: FlatCandidates, occ: Occupants, prices: Float64Array, depth: number, tolerance: number, maxUnits: number): Int32Array {
  const { start, home, value } = f;
  const inSel = new Uint8Array(chosen.length);
  const sel: number[] = [];
  for (let k = 0; k < seeds.length && sel.length < maxUnits; k++) {
    inSel[seeds[k]!] = 1;
    sel.push(seeds[k]!);
  }
  let frontier = sel.slice();
  for (let d = 0; d < depth && sel.length < maxUnits; d++) {
    const next: number[] = [];
    for (const u of frontier) {
      const j = chosen[u]!;
      const cur = j >= 0 ? value[start[u]! + j]! - (prices[home[start[u]! + j]!] ?? 0) : 0;
      for (let e = start[u]!; e < start[u + 1]! && sel.length < maxUnits; e++) {
        const h = home[e]!;
        if (value[e]! - (prices[h] ?? 0) < cur - tolerance) continue;
        for (let q = occ.start[h]!; q < occ.start[h + 1]! && sel.length < maxUnits; q++) {
          const w = occ.unit[q]!;
          if (inSel[w]) continue;
          inSel[w] = 1;
          sel.push(w);
          next.push(w);
        }
      }
    }
    frontier = next;
  }
  return Int32Array.from(sel).sort();
}

/** The selected units over the places the others leave, and their current value. */
interface SubProblem {
  readonly cp: CompiledProblem;
  /** Candidate index (in its model unit) of each sub-problem edge. */
  readonly edgeCand: Int32Array;
  readonly base: number;
}

function subProblem(cap: Int32Array, chosen: Int32Array, f: FlatCandidates, sel: Int32Array): SubProblem {
  const { start, home, size, value } = f;
  const H = cap.length;
  const used = new Int32Array(H);
  for (let u = 0; u < chosen.length; u++) {
    const j = chosen[u]!;
    if (j >= 0) used[home[start[u]! + j]!]! += size[start[u]! + j]!;
  }
  for (let i = 0; i < sel.length; i++) {
    const j = chosen[sel[i]!]!;
    if (j >= 0) used[home[start[sel[i]!]! + j]!]! -= 1;
  }
  const localTarget = new Int32Array(H).fill(-1);
  const targets: number[] = [];
  let nE = 0;
  for (let i = 0; i < sel.length; i++) {
    const u = sel[i]!;
    for (let e = start[u]!; e < start[u + 1]!; e++) if (cap[home[e]!]! - used[home[e]!]! >= 1) nE++;
  }
  const edgeStart = new Int32Array(sel.length + 1);
  const edgeTarget = new Int32Array(nE);
  const edgeValue = new Float64Array(nE);
  const edgeCand = new Int32Array(nE);
  let base = 0;
  let x = 0;
  let integralValues = true;
  for (let i = 0; i < sel.length; i++) {
    const u = sel[i]!;
    edgeStart[i] = x;
    const j0 = chosen[u]!;
    if (j0 >= 0) base += value[start[u]! + j0]!;
    for (let e = start[u]!; e < start[u + 1]!; e++) {
      const h = home[e]!;
      if (cap[h]! - used[h]! < 1) continue;
      if (localTarget[h]! < 0) {
        localTarget[h] = targets.length;
        targets.push(h);
      }
      edgeTarget[x] = localTarget[h]!;
      edgeValue[x] = value[e]!;
      if (!Number.isInteger(value[e]!)) integralValues = false;
      edgeCand[x] = e - start[u]!;
      x++;
    }
  }
  edgeStart[sel.length] = x;
  const n = sel.length;
  // the same shape as `compileModel`'s problems (a best-few index when units have many candidates), so the
  // solver's compiled code serves both
  const valueTop = nE > 2 * TOP_EDGES * Math.max(1, n) ? topEdges(edgeStart, edgeValue, true) : null;
  const cp: CompiledProblem = {
    sign: 1,
    nUnits: n,
    nTargets: targets.length,
    unitIds: indexIds(sel),
    targetIds: indexIds(targets),
    edgeStart,
    edgeTarget,
    edgeValue,
    edgeSize: new Int32Array(nE).fill(1),
    capacity: Int32Array.from(targets, (h) => cap[h]! - used[h]!),
    must: new Uint8Array(n),
    allUnitSize: true,
    integralValues,
    nEdges: nE,
    ...(valueTop ? { valueTop } : {}),
  };
  return { cp, edgeCand, base };
}

/**
 * The exact optimum of an all-one-place sub-problem when strictly better than `base` (the current
 * assignment's value; places checked again), else null. Shared by the single-children flow and the size
 * flows (`size-flow.ts`, one slot per edge there).
 *
 * @example
 * const better = solveExactFlow(cp, base);
 * if (better) apply(better.assigned); // better.gain > 0
 */
export function solveExactFlow(cp: CompiledProblem, base: number): { assigned: Int32Array; gain: number } | null {
  // every candidate takes one place: the flow relaxation is exact (the solver's min-cost flow)
  const r = relaxAndDive(cp, { boundIterations: 0 });
  if (r.kind !== 'solved') return null;
  const a = r.solution.assignedEdge;
  let after = 0;
  const load = new Int32Array(cp.nTargets);
  for (let i = 0; i < cp.nUnits; i++) {
    const e = a[i]!;
    if (e < 0) continue;
    // an edge of another unit would be a solver bug: keep the current assignment then
    if (e < cp.edgeStart[i]! || e >= cp.edgeStart[i + 1]!) return null;
    after += cp.edgeValue[e]!;
    load[cp.edgeTarget[e]!]!++;
  }
  for (let t = 0; t < cp.nTargets; t++) if (load[t]! > cp.capacity[t]!) return null;
  if (!(after > base + 1e-9 * Math.max(1, Math.abs(base)))) return null;
  return { assigned: a, gain: after - base };
}
