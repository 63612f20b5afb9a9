/**
 * Exact re-placement of the units that take k >= 2 places, one size at a time (primal only).
 *
 * The single-children flow (`single-flow.ts`) and the set switches (`set-switch.ts`) re-place only one-place
 * units; the neighbourhoods and the repair follow chains of a few units. At 80,000 children an exact MIP over
 * one region found chains of sibling groups (a group into another group's home, that group into a third's,
 * ... an unplaced group into the last home) that none of them makes (README, session 7).
 *
 * For each size k present, the units in play whose current candidate takes k places, and the unplaced ones
 * with a k-place candidate, are taken out; each home offers floor(places the others leave / k) slots, and the
 * units are re-assigned at once over their k-place candidates by one exact min-cost flow (every candidate
 * takes one slot). Every unit keeps its current home as an option, so the flow's optimum is never lower.
 * A sibling set's together unit may instead take its members' alternative: the members placed greedily in
 * places no slot of the flow uses (reserved before the flow, so every alternative offered fits whatever the
 * flow chooses), an extra arc worth the members' value. Units outside the flow keep their candidates.
 *
 * Capacity holds by construction (k x slots <= free places; alternatives in reserved places), a sibling set
 * never has both modes (only the units of its current mode take part, the together unit when none is placed;
 * an alternative unplaces the together unit), and a size's change that would move more settled children than
 * `maxMoves` is dropped. Deterministic, no clock.
 */
import type { CompiledProblem } from '../../solver/compile.js';
import { indexIds } from '../../solver/scratch.js';
import { TOP_EDGES, topEdges } from '../../solver/top-edges.js';
import type { RematchModel } from './build-problem.js';
import { flatCandidates, type FlatCandidates } from './flat-candidates.js';
import { solveExactFlow } from './single-flow.js';

/** Options of `improveSizedUnits`. */
export interface SizeFlowOptions {
  /** Most settled children moved after each size's change (null: no budget). */
  readonly maxMoves?: number | null;
  /** Offer together units their members' alternative in free places (default true). */
  readonly alternatives?: boolean;
}

/** Result of `improveSizedUnits`. */
export interface SizeFlowOutcome {
  /** Sizes (k >= 2) whose flow was solved. */
  readonly flows: number;
  /** Units re-assigned over all flows. */
  readonly units: number;
  /** Units whose candidate changed (members placed by an alternative included). */
  readonly unitsChanged: number;
  /** Together units that took their members' alternative. */
  readonly alternatives: number;
  /** Rise of the adjusted objective (sum of v + lambda x stay over placed units), >= 0. */
  readonly gain: number;
}

/**
 * Improve `chosen` (candidate index per unit, -1 = unplaced; modified in place) by re-assigning, for each
 * place size k >= 2 in ascending order, every unit in play on a k-place candidate (and the unplaced ones
 * with one) by an exact min-cost flow over the places the others leave. Never lowers the adjusted objective
 * at move multiplier `lambda`; never overfills a home; keeps sibling sets exclusive.
 *
 * @example
 * const out = improveSizedUnits(model, chosen, 0, { maxMoves: null });
 * console.log(out.gain, out.alternatives);
 */
export function improveSizedUnits(model: RematchModel, chosen: Int32Array, lambda: number, options: SizeFlowOptions = {}): SizeFlowOutcome {
  const maxMoves = options.maxMoves ?? null;
  const alternatives = options.alternatives ?? true;
  const f = flatCandidates(model, lambda);
  const inPlay = unitsInPlay(model, chosen);
  const sizes = placeSizes(f.size);
  let flows = 0;
  let units = 0;
  let unitsChanged = 0;
  let alts = 0;
  let gain = 0;
  for (const k of sizes) {
    const sub = sizeProblem(model, chosen, f, inPlay, k, alternatives);
    if (sub === null) continue;
    flows++;
    units += sub.sel.length;
    const better = solveExactFlow(sub.cp, sub.base);
    if (better === null) continue;
    const before = Int32Array.from(chosen);
    let changed = 0;
    let altTaken = 0;
    for (let i = 0; i < sub.sel.length; i++) {
      const u = sub.sel[i]!;
      const e = better.assigned[i]!;
      const alt = e >= 0 ? sub.edgeAlt[e]! : -1;
      if (alt >= 0) {
        chosen[u] = -1;
        for (const [m, j] of sub.alts[alt]!) {
          chosen[m] = j;
          changed++;
        }
        altTaken++;
      } else {
        const j = e >= 0 ? sub.edgeCand[e]! : -1;
        if (j === chosen[u]) continue;
        chosen[u] = j;
      }
      changed++;
    }
    if (maxMoves !== null && movesOf(model, chosen) > maxMoves) {
      chosen.set(before);
      continue;
    }
    if (altTaken > 0) refreshInPlay(model, chosen, inPlay);
    gain += better.gain;
    unitsChanged += changed;
    alts += altTaken;
  }
  return { flows, units, unitsChanged, alternatives: alts, gain };
}

/** The place sizes >= 2 among the candidates, ascending. */
function placeSizes(size: Int32Array): number[] {
  const seen: number[] = [];
  for (let e = 0; e < size.length; e++) {
    const k = size[e]!;
    if (k >= 2 && seen[k] !== 1) seen[k] = 1;
  }
  const sizes: number[] = [];
  seen.forEach((x, k) => {
    if (x === 1) sizes.push(k);
  });
  return sizes;
}

/** 1 for the units of their set's current mode (the together unit when no unit of a set is placed). */
function unitsInPlay(model: RematchModel, chosen: Int32Array): Uint8Array {
  const inPlay = new Uint8Array(model.units.length).fill(1);
  refreshInPlay(model, chosen, inPlay);
  return inPlay;
}

function refreshInPlay(model: RematchModel, chosen: Int32Array, inPlay: Uint8Array): void {
  for (const set of model.exclusive) {
    const membersPlaced = set.members.some((m) => chosen[m]! >= 0);
    inPlay[set.together] = membersPlaced ? 0 : 1;
    for (const m of set.members) inPlay[m] = membersPlaced ? 1 : 0;
  }
}

function movesOf(model: RematchModel, chosen: Int32Array): number {
  let stay = 0;
  for (let u = 0; u < chosen.length; u++) {
    const j = chosen[u]!;
    if (j >= 0) stay += model.units[u]!.stay[j]!;
  }
  return model.settled - stay;
}

/** One size's flow: the selected units, their k-place candidates and alternatives as slot edges. */
interface SizeProblem {
  readonly cp: CompiledProblem;
  readonly sel: Int32Array;
  /** Candidate index (in its model unit) of each edge, -1 for an alternative. */
  readonly edgeCand: Int32Array;
  /** Alternative index of each edge, -1 for a candidate. */
  readonly edgeAlt: Int32Array;
  /** Per alternative: the members' (unit, candidate) placements. */
  readonly alts: readonly (readonly [number, number][])[];
  readonly base: number;
}

function sizeProblem(model: RematchModel, chosen: Int32Array, f: FlatCandidates, inPlay: Uint8Array, k: number, alternatives: boolean): SizeProblem | null {
  const { start, home, size, value } = f;
  const cap = model.capacity;
  const H = cap.length;
  const nU = chosen.length;
  const inSel = new Uint8Array(nU);
  const sel: number[] = [];
  for (let u = 0; u < nU; u++) {
    if (!inPlay[u]) continue;
    const j = chosen[u]!;
    if (j >= 0) {
      if (size[start[u]! + j] !== k) continue;
    } else {
      let has = false;
      for (let e = start[u]!; e < start[u + 1]! && !has; e++) has = size[e] === k;
      if (!has) continue;
    }
    inSel[u] = 1;
    sel.push(u);
  }
  if (sel.length === 0) return null;
  const free = Int32Array.from(cap);
  for (let u = 0; u < nU; u++) {
    const j = chosen[u]!;
    if (j >= 0 && !inSel[u]) free[home[start[u]! + j]!]! -= size[start[u]! + j]!;
  }
  const slots = new Int32Array(H);
  for (let h = 0; h < H; h++) slots[h] = free[h]! > 0 ? Math.floor(free[h]! / k) : 0;
  // places no slot can use: those of homes no selected unit wants, and the remainder of the others
  const targetOf = new Int32Array(H).fill(-1);
  const targets: number[] = [];
  for (const u of sel) {
    for (let e = start[u]!; e < start[u + 1]!; e++) {
      const h = home[e]!;
      if (size[e] === k && slots[h]! > 0 && targetOf[h]! < 0) {
        targetOf[h] = targets.length;
        targets.push(h);
      }
    }
  }
  const spare = new Int32Array(H);
  for (let h = 0; h < H; h++) spare[h] = targetOf[h]! >= 0 ? free[h]! - k * slots[h]! : free[h]!;
  const alts: [number, number][][] = [];
  const altOf = new Map<number, number>();
  if (alternatives) {
    for (const set of model.exclusive) {
      const t = set.together;
      if (!inSel[t] || chosen[t]! < 0) continue;
      const placed = membersAlternative(set.members, f, spare);
      if (placed.value > 0) {
        altOf.set(t, alts.length);
        alts.push(placed.placements);
      } else {
        for (const [m, j] of placed.placements) spare[home[start[m]! + j]!]! += size[start[m]! + j]!;
      }
    }
  }
  const n = sel.length;
  const edgeStart = new Int32Array(n + 1);
  const edgeTarget: number[] = [];
  const edgeValue: number[] = [];
  const edgeCand: number[] = [];
  const edgeAlt: number[] = [];
  const altTarget = new Map<number, number>();
  let base = 0;
  let integralValues = true;
  for (let i = 0; i < n; i++) {
    const u = sel[i]!;
    edgeStart[i] = edgeTarget.length;
    const j0 = chosen[u]!;
    if (j0 >= 0) base += value[start[u]! + j0]!;
    for (let e = start[u]!; e < start[u + 1]!; e++) {
      const h = home[e]!;
      if (size[e] !== k || slots[h]! < 1) continue;
      edgeTarget.push(targetOf[h]!);
      edgeValue.push(value[e]!);
      if (!Number.isInteger(value[e]!)) integralValues = false;
      edgeCand.push(e - start[u]!);
      edgeAlt.push(-1);
    }
    const a = altOf.get(u);
    if (a !== undefined) {
      // a target of one slot of its own, worth the members' value
      altTarget.set(a, targets.length + altTarget.size);
      let v = 0;
      for (const [m, j] of alts[a]!) v += value[start[m]! + j]!;
      edgeTarget.push(altTarget.get(a)!);
      edgeValue.push(v);
      if (!Number.isInteger(v)) integralValues = false;
      edgeCand.push(-1);
      edgeAlt.push(a);
    }
  }
  const nE = edgeTarget.length;
  edgeStart[n] = nE;
  const nT = targets.length + altTarget.size;
  const ev = Float64Array.from(edgeValue);
  const valueTop = nE > 2 * TOP_EDGES * Math.max(1, n) ? topEdges(edgeStart, ev, true) : null;
  const capacity = new Int32Array(nT).fill(1);
  targets.forEach((h, t) => (capacity[t] = slots[h]!));
  const cp: CompiledProblem = {
    sign: 1,
    nUnits: n,
    nTargets: nT,
    unitIds: indexIds(sel),
    targetIds: indexIds(nT),
    edgeStart,
    edgeTarget: Int32Array.from(edgeTarget),
    edgeValue: ev,
    edgeSize: new Int32Array(nE).fill(1),
    capacity,
    must: new Uint8Array(n),
    allUnitSize: true,
    integralValues,
    nEdges: nE,
    ...(valueTop ? { valueTop } : {}),
  };
  return { cp, sel: Int32Array.from(sel), edgeCand: Int32Array.from(edgeCand), edgeAlt: Int32Array.from(edgeAlt), alts, base };
}

/** Members placed one by one on their most valuable candidate fitting in `spare` (taken from it). */
function membersAlternative(members: readonly number[], f: FlatCandidates, spare: Int32Array): { placements: [number, number][]; value: number } {
  const { start, home, size, value } = f;
  const placements: [number, number][] = [];
  let total = 0;
  for (const m of members) {
    let best = -1;
    for (let e = start[m]!; e < start[m + 1]!; e++) {
      if (size[e]! > spare[home[e]!]!) continue;
      if (value[e]! > 0 && (best < 0 || value[e]! > value[best]!)) best = e;
    }
    if (best < 0) continue;
    spare[home[best]!]! -= size[best]!;
    placements.push([m, best - start[m]!]);
    total += value[best]!;
  }
  return { placements, value: total };
}
