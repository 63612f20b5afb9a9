/**
 * Lagrangian bound obtained by pricing the capacity constraints (maximisation form).
 *
 * For any prices lambda >= 0 (value per place on each target):
 *   L(lambda) = sum_t lambda_t * capacity_t + sum_u max( optional_u ? 0 : -inf, max_e (v_e - lambda_t(e) * s_e) )
 * is an upper bound on the optimum: any feasible assignment x has value
 *   sum v x <= sum v x + sum_t lambda_t (capacity_t - sum s x) <= L(lambda).
 * Its minimum over lambda equals the LP relaxation bound. The bound is computed exactly from the original
 * data for whatever prices are given, so it is honest even if the prices come from an approximate source.
 */
import type { CompiledProblem } from './compile.js';
import { Scratch } from './scratch.js';
import { TOP_EDGES, topEdges, type TopEdges } from './top-edges.js';

/** Value and subgradient data of L at given prices. */
export interface LagrangianEvaluation {
  readonly value: number;
  /** Places each target receives in the relaxed solution (every unit takes its best priced candidate). */
  readonly used: Float64Array;
}

/**
 * Evaluates L(lambda). Edges with `edgeEnabled[e] === 0` are ignored. A compulsory unit with no enabled
 * edge makes the value +Infinity (the bound says nothing then). With prices >= 0 and many candidates per
 * unit it reads each unit's few most valuable candidates first (`top-edges.ts`, cached per `cp.edgeValue`:
 * do not change a compiled problem's values in place) and the rest only when needed; same result.
 * `usedInto` (optional, `nTargets` long) receives `used` (overwritten: the result's `used` is that array).
 *
 * @example
 * const { value } = capacityLagrangian(cp, new Float64Array(cp.nTargets)); // lambda = 0: sum of best values
 */
export function capacityLagrangian(
  cp: CompiledProblem,
  lambda: Float64Array,
  edgeEnabled?: Uint8Array,
  usedInto?: Float64Array,
): LagrangianEvaluation {
  // (the subgradient steps pass one array for every evaluation: ~0.5 MB each at national scale)
  const used = usedInto ? usedInto.fill(0) : new Float64Array(cp.nTargets);
  const value = pricedPlaces(cp, lambda);
  // with prices >= 0 (sizes are >= 0) a candidate's priced value is at most its value: read each unit's
  // few most valuable candidates first and the rest only when one of them could still win (same result)
  const packed = pricesNonNegative ? packedIndex(cp, edgeEnabled) : null;
  // (each pass a function of its own, compiled on its own type feedback: one function holding both, entered
  // through on-stack replacement at its first loop, deoptimised on every call at the code after it)
  return { value: packed !== null ? packedPass(cp, lambda, edgeEnabled, packed, used, value) : plainPass(cp, lambda, edgeEnabled, used, value), used };
}

/** Whether every price of the last `pricedPlaces` call was >= 0. */
let pricesNonNegative = true;

/** sum_t lambda_t capacity_t (in target order); sets `pricesNonNegative`. */
function pricedPlaces(cp: CompiledProblem, lambda: Float64Array): number {
  let value = 0;
  let nonNegative = true;
  const capacity = cp.capacity;
  for (let t = 0, m = cp.nTargets; t < m; t++) {
    const l = lambda[t]!;
    if (!(l >= 0)) nonNegative = false;
    value += l * capacity[t]!;
  }
  pricesNonNegative = nonNegative;
  return value;
}

/**
 * `value` plus each unit's best priced candidate (or 0 when optional), adding its places into `used`;
 * Infinity when a compulsory unit has no enabled candidate. Every candidate read, in edge order.
 */
function plainPass(cp: CompiledProblem, lambda: Float64Array, edgeEnabled: Uint8Array | undefined, used: Float64Array, value: number): number {
  const { edgeStart, edgeTarget, edgeValue, edgeSize, must } = cp;
  for (let u = 0, n = cp.nUnits; u < n; u++) {
    let best = must[u] === 1 ? -Infinity : 0;
    // the best edge's target and size (-1: none)
    let bestT = -1;
    let bestS = 0;
    for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) {
      if (edgeEnabled !== undefined && edgeEnabled[e] === 0) continue;
      const t = edgeTarget[e]!;
      const r = edgeValue[e]! - lambda[t]! * edgeSize[e]!;
      if (r > best) {
        best = r;
        bestT = t;
        bestS = edgeSize[e]!;
      }
    }
    if (best === -Infinity) return Infinity;
    value += best;
    if (bestT >= 0) used[bestT]! += bestS;
  }
  return value;
}

/** `plainPass` reading each unit's listed candidates first (`packed`, prices >= 0): the same result. */
function packedPass(
  cp: CompiledProblem,
  lambda: Float64Array,
  edgeEnabled: Uint8Array | undefined,
  packed: PackedIndex,
  used: Float64Array,
  value: number,
): number {
  const { edgeStart, edgeTarget, edgeValue, edgeSize, must } = cp;
  const { tValue, tTarget, tSize } = packed;
  const tStart = packed.top.start;
  const restBest = packed.top.restBest;
  for (let u = 0, n = cp.nUnits; u < n; u++) {
    let best = must[u] === 1 ? -Infinity : 0;
    let bestT = -1;
    let bestS = 0;
    for (let q = tStart[u]!, end = tStart[u + 1]!; q < end; q++) {
      // a disabled edge is packed as -Infinity: never the best
      const t = tTarget[q]!;
      const z = tSize[q]!;
      const r = tValue[q]! - lambda[t]! * z;
      if (r > best) {
        best = r;
        bestT = t;
        bestS = z;
      }
    }
    if (!(best > restBest[u]!)) {
      // an unlisted candidate could still win: every candidate, in edge order (plainPass's loop, written out
      // here on purpose: each pass stays one small function V8 compiles on its own; src/rematch/README.md,
      // session 8, s8-optspeed)
      best = must[u] === 1 ? -Infinity : 0;
      bestT = -1;
      for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) {
        if (edgeEnabled !== undefined && edgeEnabled[e] === 0) continue;
        const t = edgeTarget[e]!;
        const r = edgeValue[e]! - lambda[t]! * edgeSize[e]!;
        if (r > best) {
          best = r;
          bestT = t;
          bestS = edgeSize[e]!;
        }
      }
    }
    if (best === -Infinity) return Infinity;
    value += best;
    if (bestT >= 0) used[bestT]! += bestS;
  }
  return value;
}

/**
 * The value index with its listed edges' value (-Infinity when disabled by `mask`), target and size in
 * index order (read sequentially).
 */
interface PackedIndex {
  readonly top: TopEdges;
  readonly mask: Uint8Array | undefined;
  readonly tValue: Float64Array;
  readonly tTarget: Int32Array;
  readonly tSize: Int32Array;
}

/**
 * The packed index's arrays, reused from one problem to the next (13 MB at national scale, one per dive:
 * typed-array allocation is what triggers V8's full collections of the caller's heap). Only the last
 * problem's index is kept (the dive evaluates many prices over one problem and one mask), its problem's
 * arrays held weakly (the index keeps no problem alive).
 */
const packedWork = new Scratch();
let lastPacked: {
  readonly values: WeakRef<Float64Array>;
  readonly nUnits: number;
  readonly mask: WeakRef<Uint8Array> | null;
  readonly packed: WeakRef<PackedIndex> | null;
} | null = null;

function packedIndex(cp: CompiledProblem, mask: Uint8Array | undefined): PackedIndex | null {
  const last = lastPacked;
  if (last !== null && last.values.deref() === cp.edgeValue && last.nUnits === cp.nUnits && (last.mask === null ? mask === undefined : last.mask.deref() === mask)) {
    if (last.packed === null) return null;
    const known = last.packed.deref();
    if (known !== undefined) return known;
  }
  const top = valueIndex(cp);
  let out: PackedIndex | null = null;
  if (top) {
    const nT = top.edge.length;
    const tValue = packedWork.float64('tValue', nT);
    const tTarget = packedWork.int32('tTarget', nT);
    const tSize = packedWork.int32('tSize', nT);
    for (let q = 0; q < nT; q++) {
      const e = top.edge[q]!;
      tValue[q] = mask !== undefined && mask[e] === 0 ? -Infinity : cp.edgeValue[e]!;
      tTarget[q] = cp.edgeTarget[e]!;
      tSize[q] = cp.edgeSize[e]!;
    }
    out = { top, mask, tValue, tTarget, tSize };
  }
  lastPacked = { values: new WeakRef(cp.edgeValue), nUnits: cp.nUnits, mask: mask === undefined ? null : new WeakRef(mask), packed: out === null ? null : new WeakRef(out) };
  return out;
}

/** Top-K value index per compiled problem (its value array), built on first use when units have many candidates. */
const valueIndexes = new WeakMap<Float64Array, TopEdges | null>();

/**
 * Each unit's most valuable edges of `cp` (its own `valueTop`, else built once per value array when units
 * have many candidates; null when they have few).
 *
 * @example
 * const top = valueIndex(cp); // top?.restBest[u]: no unlisted edge of u is worth more
 */
export function valueIndex(cp: CompiledProblem): TopEdges | null {
  if (cp.valueTop) return cp.valueTop;
  const known = valueIndexes.get(cp.edgeValue);
  if (known !== undefined && (known === null || known.restBest.length === cp.nUnits)) return known;
  const idx = cp.nEdges > 2 * TOP_EDGES * Math.max(1, cp.nUnits) ? topEdges(cp.edgeStart, cp.edgeValue, true) : null;
  valueIndexes.set(cp.edgeValue, idx);
  return idx;
}

/** Result of `improveCapacityPrices`. */
export interface PriceImprovement {
  readonly bound: number;
  readonly lambda: Float64Array;
  readonly iterations: number;
}

/**
 * Lowers L(lambda) by projected subgradient steps (Polyak step towards `target`, usually the best known
 * objective), starting from `lambda0`, over the edges enabled in `edgeEnabled`. Returns the best (lowest) bound seen and its prices.
 * `start`: the caller's own evaluation of L at `lambda0` over the same edges, when it has one (not evaluated again).
 *
 * @example
 * const { bound } = improveCapacityPrices(cp, prices, incumbentValue, 30);
 */
export function improveCapacityPrices(
  cp: CompiledProblem,
  lambda0: Float64Array,
  target: number,
  maxIterations: number,
  edgeEnabled?: Uint8Array,
  start?: LagrangianEvaluation,
): PriceImprovement {
  let lambda = Float64Array.from(lambda0);
  // every evaluation's places per target go to one array (read before the next evaluation)
  const used = new Float64Array(cp.nTargets);
  let ev = start ?? capacityLagrangian(cp, lambda, edgeEnabled, used);
  let bestBound = ev.value;
  const bestLambda = Float64Array.from(lambda);
  // the next step's prices go into the spare array, then the two swap (no array per step)
  let spare = new Float64Array(cp.nTargets);
  let theta = 1;
  let sinceImprovement = 0;
  let it = 0;
  for (; it < maxIterations; it++) {
    if (!Number.isFinite(ev.value)) break;
    const gapAbs = ev.value - target;
    if (gapAbs <= 1e-9 * Math.max(1, Math.abs(target))) break;
    // subgradient of L at lambda: capacity - used
    let norm = 0;
    for (let t = 0; t < cp.nTargets; t++) {
      const g = cp.capacity[t]! - ev.used[t]!;
      // projected: a zero price with slack cannot decrease
      if (g > 0 && lambda[t]! <= 0) continue;
      norm += g * g;
    }
    if (norm === 0) break;
    const step = (theta * gapAbs) / norm;
    const next = spare;
    for (let t = 0; t < cp.nTargets; t++) {
      const v = lambda[t]! - step * (cp.capacity[t]! - ev.used[t]!);
      next[t] = v > 0 ? v : 0;
    }
    spare = lambda;
    lambda = next;
    ev = capacityLagrangian(cp, lambda, edgeEnabled, used);
    if (ev.value < bestBound - 1e-12 * Math.max(1, Math.abs(bestBound))) {
      bestBound = ev.value;
      bestLambda.set(lambda);
      sinceImprovement = 0;
    } else if (++sinceImprovement >= 3) {
      theta /= 2;
      sinceImprovement = 0;
      if (theta < 1e-4) break;
    }
  }
  return { bound: bestBound, lambda: bestLambda, iterations: it };
}
