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
 */
import type { CompiledProblem } from '../../solver/compile.js';
import { solveCompiled } from '../../solver/solve.js';
import type { RematchModel } from './build-problem.js';
import { flatCandidates } from './flat-candidates.js';

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
  const none: SingleFlowOutcome = { gain: 0, units: 0, unitsChanged: 0 };
  const nU = model.units.length;
  const cap = model.capacity;
  const H = cap.length;
  const f = flatCandidates(model, lambda);
  const { start, home, size, value, top, unitAllOne } = f;

  // the units that may move: one place per candidate, in play in their set's current mode
  const free = new Uint8Array(nU);
  for (let u = 0; u < nU; u++) free[u] = unitAllOne[u]!;
  for (const set of model.exclusive) {
    if (chosen[set.together]! >= 0) for (const m of set.members) free[m] = 0;
    free[set.together] = 0;
  }
  let nonNegative = true;
  for (let h = 0; h < H; h++) if (!((prices[h] ?? 0) >= 0)) nonNegative = false;
  const priced = (e: number): number => value[e]! - (prices[home[e]!] ?? 0);
  /** max(0, best priced value of unit u over the homes with a place). */
  const bestPriced = (u: number): number => {
    let best = 0;
    // prices >= 0: a priced value is at most the value, so the unit's most valuable candidates decide
    // unless the best of them does not beat every other candidate's value (`solver/top-edges.ts`)
    let full = true;
    if (top !== null && nonNegative) {
      for (let q = top.start[u]!, end = top.start[u + 1]!; q < end; q++) {
        const e = top.edge[q]!;
        if (cap[home[e]!]! < 1) continue;
        const r = priced(e);
        if (r > best) best = r;
      }
      full = !(best > top.restBest[u]!);
    }
    if (full) {
      for (let e = start[u]!; e < start[u + 1]!; e++) {
        if (cap[home[e]!]! < 1) continue;
        const r = priced(e);
        if (r > best) best = r;
      }
    }
    return best;
  };
  const pricedNow = (u: number): number => (chosen[u]! >= 0 ? priced(start[u]! + chosen[u]!) : 0);
  const seeds: { u: number; slack: number }[] = [];
  for (let u = 0; u < nU; u++) {
    if (!free[u]) continue;
    const s = bestPriced(u) - pricedNow(u);
    if (s > minSlack) seeds.push({ u, slack: s });
  }
  if (seeds.length === 0) return none;
  seeds.sort((a, b) => b.slack - a.slack || a.u - b.u);

  // places used per home, and the free units placed in each home (CSR)
  const used = new Int32Array(H);
  const occStart = new Int32Array(H + 1);
  for (let u = 0; u < nU; u++) {
    const j = chosen[u]!;
    if (j < 0) continue;
    const e = start[u]! + j;
    used[home[e]!]! += size[e]!;
    if (free[u]) occStart[home[e]! + 1]!++;
  }
  for (let h = 0; h < H; h++) occStart[h + 1]! += occStart[h]!;
  const occ = new Int32Array(occStart[H]!);
  {
    const fill = occStart.slice(0, H);
    for (let u = 0; u < nU; u++) if (free[u] && chosen[u]! >= 0) occ[fill[home[start[u]! + chosen[u]!]!]!++] = u;
  }

  // the selection: seeds (most slack first), then layers of the occupants of the homes they would take
  const inSel = new Uint8Array(nU);
  const sel: number[] = [];
  for (const q of seeds) {
    if (sel.length >= maxUnits) break;
    inSel[q.u] = 1;
    sel.push(q.u);
  }
  let frontier = sel.slice();
  for (let d = 0; d < depth && sel.length < maxUnits; d++) {
    const next: number[] = [];
    for (const u of frontier) {
      const cur = pricedNow(u);
      for (let e = start[u]!; e < start[u + 1]! && sel.length < maxUnits; e++) {
        if (priced(e) < cur - tolerance) continue;
        const h = home[e]!;
        for (let q = occStart[h]!; q < occStart[h + 1]! && sel.length < maxUnits; q++) {
          const w = occ[q]!;
          if (inSel[w]) continue;
          inSel[w] = 1;
          sel.push(w);
          next.push(w);
        }
      }
    }
    frontier = next;
  }
  sel.sort((a, b) => a - b);

  // the sub-problem: the selected units over the places the others leave
  for (const u of sel) {
    const j = chosen[u]!;
    if (j >= 0) used[home[start[u]! + j]!]! -= 1;
  }
  const localTarget = new Int32Array(H).fill(-1);
  const targets: number[] = [];
  let nE = 0;
  for (const u of sel) for (let e = start[u]!; e < start[u + 1]!; e++) if (cap[home[e]!]! - used[home[e]!]! >= 1) nE++;
  const edgeStart = new Int32Array(sel.length + 1);
  const edgeTarget = new Int32Array(nE);
  const edgeValue = new Float64Array(nE);
  const edgeCand = new Int32Array(nE);
  let base = 0;
  let x = 0;
  let integralValues = true;
  sel.forEach((u, i) => {
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
  });
  edgeStart[sel.length] = x;
  const capacity = Int32Array.from(targets, (h) => cap[h]! - used[h]!);
  const cp: CompiledProblem = {
    sign: 1,
    nUnits: sel.length,
    nTargets: targets.length,
    unitIds: sel.map(String),
    targetIds: targets.map(String),
    edgeStart,
    edgeTarget,
    edgeValue,
    edgeSize: new Int32Array(nE).fill(1),
    capacity,
    must: new Uint8Array(sel.length),
    allUnitSize: true,
    integralValues,
    nEdges: nE,
  };
  const r = solveCompiled(cp, { boundIterations: 0 });
  if (r.kind !== 'solved') return { ...none, units: sel.length };
  const a = r.solution.assignedEdge;
  let after = 0;
  const load = new Int32Array(targets.length);
  for (let i = 0; i < sel.length; i++) {
    const e = a[i]!;
    if (e < 0) continue;
    // an edge of another unit would be a solver bug: keep the current assignment then
    if (e < edgeStart[i]! || e >= edgeStart[i + 1]!) return { ...none, units: sel.length };
    after += edgeValue[e]!;
    load[edgeTarget[e]!]!++;
  }
  for (let t = 0; t < targets.length; t++) if (load[t]! > capacity[t]!) return { ...none, units: sel.length };
  if (!(after > base + 1e-9 * Math.max(1, Math.abs(base)))) return { ...none, units: sel.length };
  let unitsChanged = 0;
  sel.forEach((u, i) => {
    const e = a[i]!;
    const j = e >= 0 ? edgeCand[e]! : -1;
    if (j !== chosen[u]) {
      chosen[u] = j;
      unitsChanged++;
    }
  });
  return { gain: after - base, units: sel.length, unitsChanged };
}
