/**
 * An upper bound for a re-match model WITH its sibling alternatives, by pricing the capacity constraints
 * (maximisation form). For any prices pi >= 0 per home:
 *
 *   L(pi) = sum_h pi_h cap_h
 *         + sum over free units u of max(0, max_j (v_uj - pi_h(j) s_uj))
 *         + sum over alternative sets S of max(0, best priced together candidate,
 *                                                 best priced fitting combination of the set's other units)
 *
 * where a fitting combination gives each alternative unit at most one candidate with the set's own use of
 * every home within its capacity (a settled sibling staying and a sibling joining them share one home: both
 * cannot have its last place). Every feasible solution's alternative units fit, so the bound stays valid; it
 * is found exactly by a small depth-first search when the units' separate best picks overfill a home (node
 * limit: past it, the plain sum, an upper bound still).
 *
 * is >= the value of every feasible solution: a feasible solution places, per set, either the together unit
 * or some of the alternative units (never both), and adding pi_h (cap_h - used_h) >= 0 per home only raises
 * its value, which then splits into the per-unit / per-set terms above, each at most its max. Keeping each
 * set's choice exact (instead of relaxing "together or alternative" with multipliers) is what makes this
 * bound tight where a multiplier relaxation double-counts a child's large unplaced penalty.
 * `v` includes the move multiplier: v = candidateValue + lambda x stay.
 *
 * Prices start from the solver's dual prices of a primal solve and are improved by projected subgradient
 * steps (Polyak step towards the best primal value). One pass over the candidates (flat arrays, kept per
 * model and multiplier) per step, no solver call; with many candidates per unit, a unit's few most valuable
 * candidates are read first and the rest only when one of them could still be the best at those prices
 * (the same value: `solver/top-edges.ts`).
 */
import type { TopEdges } from '../../solver/top-edges.js';
import type { RematchModel } from './build-problem.js';
import { flatCandidates } from './flat-candidates.js';
import { bestFittingCombination } from './fitting-combination.js';
import { Scratch } from '../../solver/scratch.js';

/** The model's candidates as flat arrays at one move multiplier (`flat-candidates.ts`). */
interface FlatModel {
  readonly lambda: number;
  /** Role of each unit: -1 free, else 2k (together unit of set k) or 2k+1 (alternative unit of set k). */
  readonly role: Int32Array;
  readonly start: Int32Array;
  readonly eHome: Int32Array;
  readonly eSize: Int32Array;
  /** Value of each candidate; -Infinity for one that can never fit (its size exceeds the home's places). */
  readonly eVal: Float64Array;
  /** Each unit's most valuable candidates first (`solver/top-edges.ts`), or null when units have few. */
  readonly top: TopEdges | null;
  /**
   * The listed candidates' value, home, size and flat index, per unit by value, highest first (ties: lower
   * index first; read sequentially): a scan stops at the first value below the best priced value found.
   */
  readonly tVal: Float64Array;
  readonly tHome: Int32Array;
  readonly tSize: Int32Array;
  readonly tEdge: Int32Array;
  /**
   * Per unit whose listed candidates did not decide (`byValueDone[u] = 1`), all its candidates' flat indices
   * by value, highest first, in its own range `start[u] .. start[u + 1] - 1` (sorted on first need).
   */
  readonly byValue: Int32Array;
  readonly byValueDone: Uint8Array;
}

/**
 * Per model, the flat arrays of the last multiplier asked for (the optimiser calls `capacityBound` several
 * times per model). Their listed candidates are in reused buffers (13 MB at national scale: typed-array
 * allocation is what triggers V8's full collections of the caller's heap), so only the last one built is
 * valid (`lastBuilt`, held weakly: neither the cache nor it keeps a model alive). Nothing returned is a view.
 */
const flatModels = new WeakMap<RematchModel, FlatModel>();
let lastBuilt: WeakRef<FlatModel> | null = null;
const flatWork = new Scratch();
/** `capacityBound`'s per-unit and per-home work arrays (contents unspecified on entry; never returned). */
const stepWork = new Scratch();

function flatModel(model: RematchModel, lambda: number): FlatModel {
  const known = flatModels.get(model);
  if (known && lastBuilt?.deref() === known && Object.is(known.lambda, lambda) && known.role.length === model.units.length) return known;
  const cap = model.capacity;
  const nU = model.units.length;
  const role = new Int32Array(nU).fill(-1);
  model.exclusive.forEach((set, k) => {
    role[set.together] = 2 * k;
    for (const m of set.members) role[m] = 2 * k + 1;
  });
  const f = flatCandidates(model, lambda);
  // a candidate that can never fit is never the best (-Infinity), as if it were not listed; the flat values
  // are shared (not copied: 17.6 MB at national scale) when every candidate fits
  let eVal = f.value;
  for (let e = 0; e < eVal.length; e++) {
    if (f.size[e]! > cap[f.home[e]!]!) {
      if (eVal === f.value) eVal = Float64Array.from(f.value);
      eVal[e] = -Infinity;
    }
  }
  const top = f.top;
  const nT = top ? top.edge.length : 0;
  const tVal = flatWork.float64('tVal', nT);
  const tHome = flatWork.int32('tHome', nT);
  const tSize = flatWork.int32('tSize', nT);
  const tEdge = flatWork.int32('tEdge', nT);
  if (top) listByValue(top, eVal, f.home, f.size, tVal, tHome, tSize, tEdge);
  const byValue = flatWork.int32('byValue', top ? eVal.length : 0);
  const byValueDone = flatWork.uint8('byValueDone', top ? nU : 0).fill(0);
  const flat: FlatModel = { lambda, role, start: f.start, eHome: f.home, eSize: f.size, eVal, top, tVal, tHome, tSize, tEdge, byValue, byValueDone };
  flatModels.set(model, flat);
  lastBuilt = new WeakRef(flat);
  return flat;
}

/**
 * The listed candidates of every unit, copied into `tVal` / `tHome` / `tSize` / `tEdge` by value, highest
 * first (ties: lower flat index first): an insertion sort per unit (a dozen candidates each).
 */
function listByValue(top: TopEdges, eVal: Float64Array, eHome: Int32Array, eSize: Int32Array, tVal: Float64Array, tHome: Int32Array, tSize: Int32Array, tEdge: Int32Array): void {
  const { start, edge } = top;
  for (let u = 0, n = start.length - 1; u < n; u++) {
    const a = start[u]!;
    for (let q = a, end = start[u + 1]!; q < end; q++) {
      // listed edges ascend, so an equal value already placed has the lower index: insert after it
      const e = edge[q]!;
      const v = eVal[e]!;
      let i = q;
      while (i > a && tVal[i - 1]! < v) {
        tVal[i] = tVal[i - 1]!;
        tEdge[i] = tEdge[i - 1]!;
        i--;
      }
      tVal[i] = v;
      tEdge[i] = e;
    }
  }
  for (let q = 0, nT = edge.length; q < nT; q++) {
    tHome[q] = eHome[tEdge[q]!]!;
    tSize[q] = eSize[tEdge[q]!]!;
  }
}

/**
 * A unit's flat candidates `a .. b - 1` into `byValue[a .. b - 1]` by value, highest first (ties: lower
 * index first), without allocating (insertion sort up to 32, else a heap sort).
 *
 * @example
 * const by = new Int32Array(3);
 * sortByValue(by, Float64Array.from([1, 5, 5]), 0, 3); // by = [1, 2, 0]
 */
export function sortByValue(byValue: Int32Array, eVal: Float64Array, a: number, b: number): void {
  if (b - a > 32) {
    // a heap sort in place (a comparator for the built-in sort boxed every difference it returned)
    for (let x = a; x < b; x++) byValue[x] = x;
    const n = b - a;
    for (let i = (n >> 1) - 1; i >= 0; i--) siftLater(byValue, eVal, a, n, i);
    for (let end = n - 1; end > 0; end--) {
      const t = byValue[a]!;
      byValue[a] = byValue[a + end]!;
      byValue[a + end] = t;
      siftLater(byValue, eVal, a, end, 0);
    }
    return;
  }
  for (let x = a; x < b; x++) {
    const v = eVal[x]!;
    let i = x;
    while (i > a && eVal[byValue[i - 1]!]! < v) {
      byValue[i] = byValue[i - 1]!;
      i--;
    }
    byValue[i] = x;
  }
}

/** True when candidate x comes after y in value order (lower value, or equal value and higher index). */
function later(eVal: Float64Array, x: number, y: number): boolean {
  return eVal[x]! < eVal[y]! || (eVal[x] === eVal[y] && x > y);
}

/** Restores the heap below position i of `h[a .. a + size - 1]` whose root is the candidate that comes last. */
function siftLater(h: Int32Array, eVal: Float64Array, a: number, size: number, i0: number): void {
  let i = i0;
  const v = h[a + i]!;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= size) break;
    if (c + 1 < size && later(eVal, h[a + c + 1]!, h[a + c]!)) c++;
    if (!later(eVal, h[a + c]!, v)) break;
    h[a + i] = h[a + c]!;
    i = c;
  }
  h[a + i] = v;
}

/** Result of `capacityBound`. */
export interface CapacityBound {
  /** The best (lowest) L seen, in adjusted units (the model's constant not included). */
  readonly bound: number;
  /** Prices behind it. */
  readonly prices: Float64Array;
  /** Per alternative set: 1 when the priced relaxation at those prices prefers the together unit. */
  readonly together: Uint8Array;
  /**
   * Per alternative set, its term at those prices for each mode (>= 0): the best priced together candidate,
   * and (an upper bound on) the best priced fitting combination of the alternative. `bound` minus the set's
   * chosen term plus its term for a mode bounds every solution with the set in that mode.
   */
  readonly togetherValue: Float64Array;
  readonly alternativeValue: Float64Array;
  readonly iterations: number;
}

/**
 * Per alternative set, an upper bound on the adjusted objective of every solution with the set in the mode
 * `modes[k]` (1 = together), from a priced bound: the bound with the set's term for that mode.
 *
 * @example
 * const ub = modeBounds(cb, flipped); // ub[k] <= incumbent: no solution with set k flipped is better
 */
export function modeBounds(cb: CapacityBound, modes: Uint8Array): Float64Array {
  const out = new Float64Array(modes.length);
  for (let k = 0; k < modes.length; k++) {
    const t = cb.togetherValue[k]!;
    const a = cb.alternativeValue[k]!;
    out[k] = cb.bound - Math.max(t, a) + (modes[k] ? t : a);
  }
  return out;
}

/**
 * Evaluate and improve the capacity-priced bound of `model` at move multiplier `lambda`.
 *
 * @example
 * const b = capacityBound(model, 0, prices, bestPrimalValue, 40);
 * b.bound + model.constant; // an upper bound on the model's objective
 */
export function capacityBound(model: RematchModel, lambda: number, prices0: Float64Array, target: number, maxIterations: number): CapacityBound {
  const H = model.capacity.length;
  const cap = model.capacity;
  const nU = model.units.length;
  const nS = model.exclusive.length;
  const { role, start, eHome, eSize, eVal } = flatModel(model, lambda);
  // per unit and per home work arrays, reused from call to call (`stepWork`: nothing returned is a view)
  const bestE = stepWork.int32('bestE', nU);
  // home and size of each unit's best candidate (read where it was found, not again at random)
  const bestHome = stepWork.int32('bestHome', nU);
  const bestSize = stepWork.int32('bestSize', nU);
  const tBest = new Float64Array(nS);
  const altSum = new Float64Array(nS);
  const chooseTogether = new Uint8Array(nS);

  const members = model.exclusive.map((set) => set.members);
  const conflictUse = stepWork.float64('conflictUse', H).fill(0);
  /** True when the alternative units' best picks of set k overfill a home. */
  const altConflict = (k: number): boolean => {
    const ms = members[k]!;
    let bad = false;
    for (const ui of ms) {
      const x = bestE[ui]!;
      if (x < 0) continue;
      const h = eHome[x]!;
      conflictUse[h]! += eSize[x]!;
      if (conflictUse[h]! > cap[h]!) bad = true;
    }
    for (const ui of ms) if (bestE[ui]! >= 0) conflictUse[eHome[bestE[ui]!]!] = 0;
    return bad;
  };
  /**
   * Best total reduced value of set k's alternative units with their own use of every home within its
   * capacity (`bestFittingCombination`: depth-first, best candidates first, pruned by the remaining best values).
   * Sets bestE of the members to the combination found. Past a node limit it returns the relaxed sum (an
   * upper bound still) and leaves bestE as it was.
   */
  // the members' candidates with a positive priced value, per member best first (listFrom[i] ..
  // listFrom[i + 1] - 1 of listX / listR): typed work arrays grown as needed, not objects per candidate
  let listX = new Int32Array(64);
  let listR = new Float64Array(64);
  let order = new Int32Array(64);
  let sortedX = new Int32Array(64);
  let sortedR = new Float64Array(64);
  let listFrom = new Int32Array(8);
  let listH = new Int32Array(64);
  let listS = new Int32Array(64);
  let bestPick = new Int32Array(8);
  const exactAlternative = (k: number, p: Float64Array): number => {
    const ms = members[k]!;
    let room = 0;
    for (const ui of ms) room += start[ui + 1]! - start[ui]!;
    if (listX.length < room) {
      listX = new Int32Array(2 * room);
      listR = new Float64Array(2 * room);
      order = new Int32Array(2 * room);
      sortedX = new Int32Array(2 * room);
      sortedR = new Float64Array(2 * room);
    }
    if (listFrom.length < ms.length + 1) listFrom = new Int32Array(2 * ms.length + 1);
    let n = 0;
    for (let i = 0; i < ms.length; i++) {
      const ui = ms[i]!;
      const from = n;
      listFrom[i] = from;
      // collected in candidate order, then sorted by value, highest first (ties: lower candidate first)
      for (let x = start[ui]!, end = start[ui + 1]!; x < end; x++) {
        const r = eVal[x]! - p[eHome[x]!]! * eSize[x]!;
        if (r > 0) {
          listX[n] = x;
          listR[n] = r;
          order[n] = n;
          n++;
        }
      }
      if (n - from > 1) {
        order.subarray(from, n).sort((a, b) => listR[b]! - listR[a]! || a - b);
        for (let q = from; q < n; q++) {
          sortedX[q] = listX[order[q]!]!;
          sortedR[q] = listR[order[q]!]!;
        }
        for (let q = from; q < n; q++) {
          listX[q] = sortedX[q]!;
          listR[q] = sortedR[q]!;
        }
      }
    }
    listFrom[ms.length] = n;
    if (listH.length < n) {
      listH = new Int32Array(listX.length);
      listS = new Int32Array(listX.length);
    }
    for (let q = 0; q < n; q++) {
      listH[q] = eHome[listX[q]!]!;
      listS[q] = eSize[listX[q]!]!;
    }
    if (bestPick.length < ms.length) bestPick = new Int32Array(2 * ms.length);
    const pick = bestPick.subarray(0, ms.length);
    const fit = bestFittingCombination(
      { units: ms.length, from: listFrom, value: listR, home: listH, size: listS },
      cap,
      conflictUse,
      pick,
    );
    if (!fit.exact) return fit.value;
    ms.forEach((ui, i) => {
      const q = pick[i]!;
      const x = q >= 0 ? listX[q]! : -1;
      bestE[ui] = x;
      if (x >= 0) {
        bestHome[ui] = eHome[x]!;
        bestSize[ui] = eSize[x]!;
      }
    });
    return fit.value;
  };

  const flat = flatModel(model, lambda);
  const unitBest = stepWork.float64('unitBest', nU);
  /** L at prices p; fills bestE / chooseTogether; adds the relaxed solution's place use into `used`. */
  const evalAt = (p: Float64Array, used: Float64Array): number => {
    // (the passes over every home and unit are module functions: a closure per call was compiled afresh,
    // through on-stack replacement, for every `capacityBound` call)
    let L = pricedPlaces(p, cap);
    tBest.fill(0);
    altSum.fill(0);
    bestPerUnit(flat, p, H, unitBest, bestE, bestHome, bestSize);
    for (let ui = 0; ui < nU; ui++) {
      const best = unitBest[ui]!;
      const ro = role[ui]!;
      if (ro < 0) L += best;
      else if ((ro & 1) === 0) tBest[ro >> 1] = best;
      else altSum[ro >> 1]! += best;
    }
    for (let k = 0; k < nS; k++) {
      // the alternative's units share homes (a settled sibling staying, the others joining them): their
      // best picks together may not fit; then the exact best fitting combination (never above altSum)
      if (tBest[k]! < altSum[k]! && altConflict(k)) altSum[k] = exactAlternative(k, p);
      if (tBest[k]! > altSum[k]!) {
        L += tBest[k]!;
        chooseTogether[k] = 1;
      } else {
        L += altSum[k]!;
        chooseTogether[k] = 0;
      }
    }
    placesUsed(role, chooseTogether, bestE, bestHome, bestSize, used);
    return L;
  };

  let pi = stepWork.float64('pi', prices0.length);
  pi.set(prices0);
  // the next step's prices are written into the spare array, then the two swap (no array per step)
  let spare = stepWork.float64('spare', H);
  const used = stepWork.float64('used', H);
  let curL = evalAt(pi, used);
  let bestL = curL;
  const bestPi = Float64Array.from(pi);
  const bestTogether = Uint8Array.from(chooseTogether);
  const bestT = Float64Array.from(tBest);
  const bestAlt = Float64Array.from(altSum);
  let theta = 0.5;
  let stall = 0;
  let it = 0;
  let checkpoint = bestL;
  const g = stepWork.float64('g', H);
  for (; it < maxIterations; it++) {
    if (bestL - target <= 1e-9 * Math.max(1, Math.abs(bestL))) break;
    if (it > 0 && it % 20 === 0) {
      // stop when the last 20 steps closed less than 1 % of the remaining gap
      if (checkpoint - bestL < 0.01 * (checkpoint - target)) break;
      checkpoint = bestL;
    }
    let norm = 0;
    for (let h = 0; h < H; h++) {
      let gh = used[h]! - cap[h]!;
      if (gh < 0 && pi[h]! <= 0) gh = 0; // projected: a home with room at price 0 stays at 0
      g[h] = gh;
      norm += gh * gh;
    }
    if (norm === 0) break;
    const step = (theta * Math.max(curL - target, 1e-9 * Math.max(1, Math.abs(curL)))) / norm;
    const next = spare;
    for (let h = 0; h < H; h++) next[h] = Math.max(0, pi[h]! + step * g[h]!);
    spare = pi;
    pi = next;
    curL = evalAt(pi, used);
    if (curL < bestL - 1e-12 * Math.max(1, Math.abs(curL))) {
      bestL = curL;
      bestPi.set(pi);
      bestTogether.set(chooseTogether);
      bestT.set(tBest);
      bestAlt.set(altSum);
      stall = 0;
    } else if (++stall >= 8) {
      theta /= 2;
      stall = 0;
    }
  }
  return { bound: bestL, prices: bestPi, together: bestTogether, togetherValue: bestT, alternativeValue: bestAlt, iterations: it };
}

/** sum_h p_h cap_h, in home order. */
function pricedPlaces(p: Float64Array, cap: Int32Array): number {
  let L = 0;
  for (let h = 0, H = cap.length; h < H; h++) L += p[h]! * cap[h]!;
  return L;
}

/**
 * Each unit's best priced candidate at prices p (0 and -1 when none is worth more than being unplaced): its
 * priced value into `unitBest`, its flat index, home and size into `bestE` / `bestHome` / `bestSize`.
 * With the prices of the H homes >= 0 a candidate's priced value is at most its value, so the unit's few most
 * valuable candidates decide unless the best of them does not beat every other candidate's value (same result).
 */
function bestPerUnit(f: FlatModel, p: Float64Array, H: number, unitBest: Float64Array, bestE: Int32Array, bestHome: Int32Array, bestSize: Int32Array): void {
  const { start, eHome, eSize, eVal, top, tVal, tHome, tSize, tEdge, byValue, byValueDone } = f;
  let nonNegative = true;
  for (let h = 0; h < H; h++) if (!(p[h]! >= 0)) nonNegative = false;
  const tStart = top !== null ? top.start : null;
  const restBest = top !== null ? top.restBest : null;
  for (let ui = 0, nU = unitBest.length; ui < nU; ui++) {
    let best = 0;
    let arg = -1;
    let argHome = 0;
    let argSize = 0;
    let full = true;
    if (nonNegative && tStart !== null) {
      // by value, highest first: a priced value is at most the value, so once a value is below the best
      // found no later candidate reaches it; an equal priced value goes to the lower flat index, as in a
      // scan in candidate order
      for (let q = tStart[ui]!, end = tStart[ui + 1]!; q < end; q++) {
        const v = tVal[q]!;
        if (v < best) break;
        const h = tHome[q]!;
        const z = tSize[q]!;
        const r = v - p[h]! * z;
        if (r > best || (r === best && arg >= 0 && tEdge[q]! < arg)) {
          best = r;
          arg = tEdge[q]!;
          argHome = h;
          argSize = z;
        }
      }
      full = !(best > restBest![ui]!);
      if (full) {
        best = 0;
        arg = -1;
      }
    }
    if (full && nonNegative && tStart !== null) {
      // every candidate, by value (the same stop and tie rule as above)
      const a = start[ui]!;
      const b = start[ui + 1]!;
      if (byValueDone[ui] === 0) {
        sortByValue(byValue, eVal, a, b);
        byValueDone[ui] = 1;
      }
      for (let q = a; q < b; q++) {
        const x = byValue[q]!;
        const v = eVal[x]!;
        if (v < best) break;
        const r = v - p[eHome[x]!]! * eSize[x]!;
        if (r > best || (r === best && arg >= 0 && x < arg)) {
          best = r;
          arg = x;
          argHome = eHome[x]!;
          argSize = eSize[x]!;
        }
      }
    } else if (full) {
      for (let x = start[ui]!, end = start[ui + 1]!; x < end; x++) {
        const r = eVal[x]! - p[eHome[x]!]! * eSize[x]!;
        if (r > best) {
          best = r;
          arg = x;
          argHome = eHome[x]!;
          argSize = eSize[x]!;
        }
      }
    }
    unitBest[ui] = best;
    bestE[ui] = arg;
    bestHome[ui] = argHome;
    bestSize[ui] = argSize;
  }
}

/** Places per home of the relaxed solution: every unit's best candidate, a set's units only in its chosen mode. */
function placesUsed(role: Int32Array, chooseTogether: Uint8Array, bestE: Int32Array, bestHome: Int32Array, bestSize: Int32Array, used: Float64Array): void {
  used.fill(0);
  for (let ui = 0, nU = role.length; ui < nU; ui++) {
    if (bestE[ui]! < 0) continue;
    const ro = role[ui]!;
    if (ro >= 0 && ((ro & 1) === 0) !== (chooseTogether[ro >> 1] === 1)) continue;
    used[bestHome[ui]!]! += bestSize[ui]!;
  }
}
