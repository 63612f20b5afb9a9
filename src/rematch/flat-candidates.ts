/**
 * A re-match model's candidates as flat typed arrays (CSR by model unit) at one move multiplier, built once
 * per model and multiplier: the optimiser compiles several variants of one model (sibling modes, move
 * multipliers) and prices its bound over the same candidates; reading the units' arrays candidate by
 * candidate each time cost ~60 ms per pass at 650,000 candidates.
 */
import { TOP_EDGES, topEdges, type TopEdges } from '../../solver/top-edges.js';
import type { RematchModel } from './build-problem.js';

/**
 * A model's candidates as flat arrays (CSR by model unit) at one move multiplier, kept per model: the
 * optimiser compiles several variants of one model (modes, multipliers), and every compile and the
 * solver's best-first index read the same values.
 */
export interface FlatCandidates {
  readonly lambda: number;
  readonly start: Int32Array;
  readonly home: Int32Array;
  readonly size: Int32Array;
  /** candidateValue + lambda x stay (the compiled value before a unit shift). */
  readonly value: Float64Array;
  /** Per unit: 1 when every value is an integer / every size is 1. */
  readonly unitIntegral: Uint8Array;
  readonly unitAllOne: Uint8Array;
  /** Each unit's most valuable candidates (`solver/top-edges.ts`, edges = flat indices), null when units have few. */
  readonly top: TopEdges | null;
}

/** Per model, the flat candidates of the last multiplier asked for. */
const flatCache = new WeakMap<RematchModel, FlatCandidates>();

/**
 * The model's flat candidates at `lambda` (built once per model and multiplier; do not change a model's
 * arrays in place after optimising it).
 *
 * @example
 * const f = flatCandidates(model, 0); // f.value[f.start[ui] + j] === candidateValue(model.units[ui], j)
 */
export function flatCandidates(model: RematchModel, lambda: number): FlatCandidates {
  const nU = model.units.length;
  const known = flatCache.get(model);
  if (known && Object.is(known.lambda, lambda) && known.unitAllOne.length === nU) return known;
  const { start, home, size } = flatHomes(model);
  const nE = home.length;
  const value = new Float64Array(nE);
  const unitIntegral = new Uint8Array(nU);
  const unitAllOne = new Uint8Array(nU);
  let e = 0;
  for (let ui = 0; ui < nU; ui++) {
    const u = model.units[ui]!;
    const { score, move, stay, bonus, penalty } = u;
    const deg = u.homes.length;
    let integral = 1;
    let allOne = 1;
    for (let j = 0; j < deg; j++, e++) {
      // candidateValue(u, j) + lambda x stay: the same operations in the same order
      const v = score[j]! - move[j]! + bonus + penalty + lambda * stay[j]!;
      value[e] = v;
      if (integral === 1 && !Number.isInteger(v)) integral = 0;
      if (size[e] !== 1) allOne = 0;
    }
    unitIntegral[ui] = integral;
    unitAllOne[ui] = allOne;
  }
  const top = nE > 2 * TOP_EDGES * Math.max(1, nU) ? topEdges(start, value, true) : null;
  const flat: FlatCandidates = { lambda, start, home, size, value, unitIntegral, unitAllOne, top };
  flatCache.set(model, flat);
  return flat;
}

/** A model's candidate homes and sizes as flat arrays (CSR by model unit; no values, so no multiplier). */
export interface FlatHomes {
  readonly start: Int32Array;
  readonly home: Int32Array;
  readonly size: Int32Array;
}

const homesCache = new WeakMap<RematchModel, FlatHomes>();

/**
 * The model's candidate homes and sizes, flat (built once per model).
 *
 * @example
 * const { start, home } = flatHomes(model); // home[start[ui] + j] === model.units[ui].homes[j]
 */
export function flatHomes(model: RematchModel): FlatHomes {
  const nU = model.units.length;
  const known = homesCache.get(model);
  if (known && known.start.length === nU + 1) return known;
  let nE = 0;
  for (const u of model.units) nE += u.homes.length;
  const start = new Int32Array(nU + 1);
  const home = new Int32Array(nE);
  const size = new Int32Array(nE);
  let e = 0;
  for (let ui = 0; ui < nU; ui++) {
    const u = model.units[ui]!;
    start[ui] = e;
    home.set(u.homes, e);
    size.set(u.size, e);
    e += u.homes.length;
  }
  start[nU] = e;
  const flat: FlatHomes = { start, home, size };
  homesCache.set(model, flat);
  return flat;
}

/**
 * A model's candidates by home (CSR by home): those of home h are `unit[start[h]..start[h + 1])` with their
 * flat candidate index (`flatHomes` order) in `edge` at the same position; units ascending, a unit's
 * candidates in order within a home.
 */
export interface HomeCandidates {
  readonly start: Int32Array;
  readonly unit: Int32Array;
  readonly edge: Int32Array;
}

const byHomeCache = new WeakMap<RematchModel, HomeCandidates>();

/**
 * The model's candidates by home (built once per model: the repair, the mode switches and the set
 * switches each needed one, ~17 MB at national scale).
 *
 * @example
 * const { start, unit, edge } = homeCandidates(model);
 * for (let x = start[h]; x < start[h + 1]; x++) console.log(unit[x], flatHomes(model).home[edge[x]] === h);
 */
export function homeCandidates(model: RematchModel): HomeCandidates {
  const H = model.capacity.length;
  const known = byHomeCache.get(model);
  if (known && known.start.length === H + 1) return known;
  // a counting sort of the model's flat candidate homes
  const flat = flatHomes(model);
  const nU = model.units.length;
  const start = new Int32Array(H + 1);
  for (let e = 0; e < flat.home.length; e++) start[flat.home[e]! + 1]!++;
  for (let h = 0; h < H; h++) start[h + 1]! += start[h]!;
  const unit = new Int32Array(start[H]!);
  const edge = new Int32Array(start[H]!);
  const fill = start.slice(0, H);
  for (let ui = 0; ui < nU; ui++) {
    for (let e = flat.start[ui]!, b = flat.start[ui + 1]!; e < b; e++) {
      const x = fill[flat.home[e]!]!++;
      unit[x] = ui;
      edge[x] = e;
    }
  }
  const index: HomeCandidates = { start, unit, edge };
  byHomeCache.set(model, index);
  return index;
}
