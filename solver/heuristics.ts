/**
 * Primal heuristics on the compiled (maximisation) problem: a plain greedy (also the baseline the tests
 * hold the solver to), a regret greedy that places compulsory units first, and a local search
 * (shift and swap moves) that never breaks capacity nor drops a compulsory unit.
 */
import type { CompiledProblem } from './compile.js';
import { Scratch } from './scratch.js';

/** A complete assignment with its remaining capacities. */
export interface PrimalState {
  readonly assignedEdge: Int32Array;
  readonly remaining: Int32Array;
}

function emptyState(cp: CompiledProblem): PrimalState {
  const remaining = new Int32Array(cp.nTargets);
  remaining.set(cp.capacity);
  return { assignedEdge: new Int32Array(cp.nUnits).fill(-1), remaining };
}

/** True when every compulsory unit is assigned. */
export function coversCompulsory(cp: CompiledProblem, assignedEdge: Int32Array): boolean {
  for (let u = 0; u < cp.nUnits; u++) if (cp.must[u] === 1 && assignedEdge[u]! < 0) return false;
  return true;
}

/**
 * Plain greedy: edges by decreasing value (ties by unit then target index), take an edge when its unit is
 * free, its target has room and it is worth it (value > 0, or the unit is compulsory). Then compulsory
 * units still free take their best edge that fits.
 *
 * @example
 * const g = greedyAssign(cp); // g.assignedEdge[u] is the chosen edge or -1
 */
export function greedyAssign(cp: CompiledProblem): PrimalState {
  const st = emptyState(cp);
  const order = new Int32Array(cp.nEdges);
  for (let e = 0; e < cp.nEdges; e++) order[e] = e;
  order.sort((a, b) => cp.edgeValue[b]! - cp.edgeValue[a]! || a - b);
  const unitOf = new Int32Array(cp.nEdges);
  for (let u = 0; u < cp.nUnits; u++) for (let e = cp.edgeStart[u]!; e < cp.edgeStart[u + 1]!; e++) unitOf[e] = u;
  for (const e of order) {
    const u = unitOf[e]!;
    if (st.assignedEdge[u]! >= 0) continue;
    if (cp.edgeValue[e]! <= 0 && cp.must[u] !== 1) continue;
    const t = cp.edgeTarget[e]!;
    if (cp.edgeSize[e]! > st.remaining[t]!) continue;
    st.assignedEdge[u] = e;
    st.remaining[t]! -= cp.edgeSize[e]!;
  }
  return st;
}

/**
 * Regret greedy (MTHG-style): repeatedly place the free compulsory unit (then optional unit) whose best
 * fitting edge beats its second best by the most, using `score[e]` (default: the value) as desirability.
 * O(units^2 * degree): for small problems.
 *
 * @example
 * const st = regretGreedy(cp);
 */
export function regretGreedy(cp: CompiledProblem, score: Float64Array = cp.edgeValue): PrimalState {
  const st = emptyState(cp);
  const free = new Uint8Array(cp.nUnits).fill(1);
  for (let pass = 0; pass < 2; pass++) {
    const wantMust = pass === 0 ? 1 : 0;
    for (;;) {
      let pickU = -1;
      let pickE = -1;
      let pickRegret = -Infinity;
      for (let u = 0; u < cp.nUnits; u++) {
        if (free[u] !== 1 || cp.must[u] !== wantMust) continue;
        let b1 = -Infinity;
        let b2 = -Infinity;
        let e1 = -1;
        for (let e = cp.edgeStart[u]!; e < cp.edgeStart[u + 1]!; e++) {
          if (cp.edgeSize[e]! > st.remaining[cp.edgeTarget[e]!]!) continue;
          const s = score[e]!;
          if (s > b1) {
            b2 = b1;
            b1 = s;
            e1 = e;
          } else if (s > b2) b2 = s;
        }
        if (e1 < 0) continue;
        if (wantMust === 0 && cp.edgeValue[e1]! <= 0) continue;
        if (wantMust === 0 && b2 < 0) b2 = 0; // the alternative of an optional unit is staying out
        const regret = b2 === -Infinity ? Infinity : b1 - b2;
        if (regret > pickRegret) {
          pickRegret = regret;
          pickU = u;
          pickE = e1;
        }
      }
      if (pickU < 0) break;
      free[pickU] = 0;
      st.assignedEdge[pickU] = pickE;
      st.remaining[cp.edgeTarget[pickE]!]! -= cp.edgeSize[pickE]!;
    }
  }
  return st;
}

/**
 * Local search: improving shifts (a unit moves to another candidate with room, or an optional unit leaves)
 * and swaps (two units exchange targets), until no move improves. Modifies `st` in place and returns it.
 * `maxPasses` caps the work.
 *
 * @example
 * localSearch(cp, regretGreedy(cp));
 */
export function localSearch(cp: CompiledProblem, st: PrimalState, maxPasses = 50): PrimalState {
  const { edgeStart, edgeTarget, edgeValue, edgeSize, must } = cp;
  const a = st.assignedEdge;
  const rem = st.remaining;
  // edge lookup: unit u's edge to target t (the last listed on a repeat), in reused typed arrays
  const edgeTo = edgeTable(cp);
  const eps = 1e-12;
  for (let pass = 0; pass < maxPasses; pass++) {
    let improved = false;
    // shifts
    for (let u = 0; u < cp.nUnits; u++) {
      const cur = a[u]!;
      const curV = cur >= 0 ? edgeValue[cur]! : 0;
      const curT = cur >= 0 ? edgeTarget[cur]! : -1;
      let bestGain = cur < 0 && must[u] === 1 ? -Infinity : eps;
      let bestE = -2;
      if (cur >= 0 && must[u] !== 1 && -curV > bestGain) {
        bestGain = -curV;
        bestE = -1;
      }
      for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) {
        const t = edgeTarget[e]!;
        if (e === cur) continue;
        const room = rem[t]! + (t === curT ? edgeSize[cur]! : 0);
        if (edgeSize[e]! > room) continue;
        const gain = edgeValue[e]! - curV;
        if (gain > bestGain) {
          bestGain = gain;
          bestE = e;
        }
      }
      if (bestE !== -2) {
        if (cur >= 0) rem[curT]! += edgeSize[cur]!;
        a[u] = bestE;
        if (bestE >= 0) rem[edgeTarget[bestE]!]! -= edgeSize[bestE]!;
        improved = true;
      }
    }
    // swaps between assigned units on different targets
    for (let u = 0; u < cp.nUnits; u++) {
      const eu = a[u]!;
      if (eu < 0) continue;
      const tu = edgeTarget[eu]!;
      for (let w = u + 1; w < cp.nUnits; w++) {
        const ew = a[w]!;
        if (ew < 0) continue;
        const tw = edgeTarget[ew]!;
        if (tw === tu) continue;
        const eu2 = edgeTo.find(u, tw);
        if (eu2 < 0) continue;
        const ew2 = edgeTo.find(w, tu);
        if (ew2 < 0) continue;
        const gain = edgeValue[eu2]! + edgeValue[ew2]! - edgeValue[eu]! - edgeValue[ew]!;
        if (gain <= eps) continue;
        if (rem[tw]! + edgeSize[ew]! < edgeSize[eu2]!) continue;
        if (rem[tu]! + edgeSize[eu]! < edgeSize[ew2]!) continue;
        rem[tu]! += edgeSize[eu]! - edgeSize[ew2]!;
        rem[tw]! += edgeSize[ew]! - edgeSize[eu2]!;
        a[u] = eu2;
        a[w] = ew2;
        improved = true;
        break;
      }
    }
    if (!improved) break;
  }
  return st;
}

/** Open-addressing table of (unit, target) -> edge, in typed arrays reused from call to call. */
class EdgeTable {
  unit: Int32Array = new Int32Array(0);
  target: Int32Array = new Int32Array(0);
  edge: Int32Array = new Int32Array(0);
  mask = 0;

  /** Unit u's edge to target t, or -1 when it has none. */
  find(u: number, t: number): number {
    const { unit, target, mask } = this;
    for (let i = slot(u, t, mask); ; i = (i + 1) & mask) {
      const v = unit[i]!;
      if (v < 0) return -1;
      if (v === u && target[i] === t) return this.edge[i]!;
    }
  }
}

const tableWork = new Scratch();
const table = new EdgeTable();

function slot(u: number, t: number, mask: number): number {
  return (Math.imul(u, 0x9e3779b1) ^ Math.imul(t + 1, 0x85ebca77)) & mask;
}

/**
 * Every (unit, target) pair of `cp` with its edge (a later edge of the same pair replaces an earlier one).
 * The table is shared: valid until the next call (the local search's tables live only during one call).
 */
function edgeTable(cp: CompiledProblem): EdgeTable {
  const { edgeStart, edgeTarget } = cp;
  let size = 16;
  while (size < 2 * cp.nEdges) size *= 2;
  const mask = size - 1;
  const unit = tableWork.int32('unit', size).fill(-1);
  const target = tableWork.int32('target', size);
  const edge = tableWork.int32('edge', size);
  for (let u = 0; u < cp.nUnits; u++) {
    for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) {
      const t = edgeTarget[e]!;
      let i = slot(u, t, mask);
      while (unit[i]! >= 0 && !(unit[i] === u && target[i] === t)) i = (i + 1) & mask;
      unit[i] = u;
      target[i] = t;
      edge[i] = e;
    }
  }
  table.unit = unit;
  table.target = target;
  table.edge = edge;
  table.mask = mask;
  return table;
}
