/**
 * A partial Lagrangian bound for a re-match model: capacity priced everywhere except in a few small
 * regions, where it is kept exact (maximisation form; `capacity-bound.ts` for the fully priced bound L).
 *
 * For prices pi >= 0 and a set R of homes, every feasible solution x satisfies
 *
 *   value(x) <= value(x) + sum_{h not in R} pi_h (cap_h - used_h(x))
 *            =  sum_{h not in R} pi_h cap_h + sum over units / sets of their value with the homes outside R
 *               priced (those in R not),
 *
 * and x's placements in R respect R's capacities. So, with o_u = max(0, best priced candidate of u outside
 * R) (the unit's best option that does not touch R),
 *
 *   L_R(pi) = sum_{h not in R} pi_h cap_h + sum over units / sets not touching R of their L term + Z_R,
 *   Z_R     = max over the units / sets touching R: each unit either one of its candidates in R at its
 *             UNPRICED value or o_u, each set in one mode, subject to R's capacities,
 *
 * is an upper bound on the model's optimum. A candidate in R whose value is at most o_u never beats o_u
 * ("inactive"); a free unit with none active contributes o_u, which is its L term. R's homes fall into
 * components joined by the units' and sets' active candidates; each component's Z is a small generalised
 * assignment problem (home-specific sizes included) over the active candidates, valued v - o_u, bounded by
 * the solver's branch-and-bound (by default its root only: a knapsack Lagrangian bound), and by the
 * component's share of L (its homes' pi cap plus the L terms of the units and sets in it: the same problem
 * with R's capacities priced), whichever is lower. A sibling set is one entity: a set whose other mode cannot
 * beat this mode's baseline (which uses no place in R) is fixed; with at most `modeSets` others in a
 * component, every mode combination is bounded (the set's baseline is o of its together unit, or the sum of
 * its alternative units' o: outside R their fit is relaxed) by the lower of the search and the component's
 * priced relaxation with the sets in those modes (its share minus what each set loses against its better
 * mode at the prices, valid for every solution with those modes); combinations are taken best priced first
 * and the enumeration stops when the next one's priced value cannot beat the best bound so far (out of
 * searches, that priced value bounds the rest); with more sets, the component keeps its share. A set
 * touching R with no active candidate counts its together unit's o or its alternative units' best
 * combination fitting the homes outside R (candidates in R counted unpriced, using no places).
 *
 * L_R is thus L minus the components' improvements (each >= 0) plus the inactive sets' differences; it is
 * used only when below L, so the result is a proven bound and never above L at the same prices. The regions
 * are built around the units and sets with the largest priced slack against an incumbent, and around the
 * homes whose places the incumbent leaves free at a price (a unit needing several places may not fit there
 * beside the occupants), any incumbent or none: the bound is valid for every choice of regions; a component too large sheds its last seed's homes
 * (R only shrinks, so the others' o only rise). Deterministic: work is capped by counts (seeds, rounds,
 * units, candidates, mode combinations, nodes), never by the clock.
 */
import { branchAndBound } from '../../solver/branch-and-bound.js';
import type { CompiledProblem } from '../../solver/compile.js';
import { indexIds } from '../../solver/scratch.js';
import type { RematchModel } from './build-problem.js';
import type { CapacityBound } from './capacity-bound.js';
import type { TopEdges } from '../../solver/top-edges.js';
import { flatCandidates } from './flat-candidates.js';
import { bestFittingCombination } from './fitting-combination.js';

/**
 * Default minimum priced slack of a seed, in points. The slacks of the units, sets and homes add up to the
 * priced bound minus the incumbent's value, so below this gap there is no seed (callers skip the call).
 * Measured: at 80,000 children every region that lowered the bound by more than a few points had a seed
 * of slack 800 or more; at 5,000 children the seeds (slack < 100) gained 10-50 points for 100-400 ms.
 */
export const REGION_MIN_SLACK = 500;

/** Options of `regionBound` (all work caps are counts). */
export interface RegionBoundOptions {
  /** Seeds (units or sets with priced slack, homes with priced free places) tried, most slack first (default 60). */
  readonly maxSeeds?: number;
  /** Minimum priced slack of a seed (default `REGION_MIN_SLACK`). */
  readonly minSlack?: number;
  /** Homes per seed, its most valuable at the prices (default 10). */
  readonly seedHomes?: number;
  /** Per occupant of a seed's homes (incumbent), its this many best other homes join the region (default 0). */
  readonly layer?: number;
  /** Rounds of shrinking too large components (one pass over the candidates each, default 12). */
  readonly maxRounds?: number;
  /** A component with more active units or active candidates is not solved (its L share kept). Defaults 200 / 1,500. */
  readonly maxUnits?: number;
  readonly maxEdges?: number;
  /** Components with at most this many undecided sibling sets bound their mode combinations, best priced first (default 8). */
  readonly modeSets?: number;
  /** Branch-and-bound searches in all (default 200): components past it keep their L share. */
  readonly maxSolves?: number;
  /** Budget of the searches: sum over the searches of their candidates (default 40,000). */
  readonly maxWork?: number;
  /** Branch-and-bound nodes per solve (default 1: its root, a knapsack Lagrangian bound; measured at 80,000 children, deeper searches with few steps per node gave weaker bounds for more time). */
  readonly maxNodes?: number;
  /** Branch-and-bound subgradient steps at the root (default 300). */
  readonly rootIterations?: number;
  /** Called once per component with its figures (probes). */
  readonly trace?: (info: Readonly<Record<string, number>>) => void;
}

/** Result of `regionBound`. */
export interface RegionBound {
  /** The bound in adjusted units (the model's constant not included): <= `cb.bound`. */
  readonly bound: number;
  /** `cb.bound - bound`. */
  readonly improvement: number;
  /** Components solved, and those that improved the bound. */
  readonly components: number;
  readonly improved: number;
  /** Components too large to solve (their share of L kept). */
  readonly skipped: number;
  /** Branch-and-bound searches that hit the node cap (their open bound used). */
  readonly capped: number;
}

/** Max(0, best priced candidate among a unit's edges a0..a1-1 on homes outside R that fit). */
function bestOutside(a0: number, a1: number, home: Int32Array, size: Int32Array, value: Float64Array, cap: Int32Array, pi: Float64Array, inR: Uint8Array): number {
  let b = 0;
  for (let e = a0; e < a1; e++) {
    const h = home[e]!;
    const z = size[e]!;
    if (inR[h] === 0 && z <= cap[h]!) {
      const r = value[e]! - pi[h]! * z;
      if (r > b) b = r;
    }
  }
  return b;
}

/** A unit's edges on homes in R that fit and are worth more than `o` unpriced (strictly: one worth at most o never beats it), or null. */
function activeIn(a0: number, a1: number, home: Int32Array, size: Int32Array, value: Float64Array, cap: Int32Array, inR: Uint8Array, o: number): number[] | null {
  let a: number[] | null = null;
  for (let e = a0; e < a1; e++) {
    const h = home[e]!;
    if (inR[h] === 1 && size[e]! <= cap[h]! && value[e]! > o) (a ??= []).push(e);
  }
  return a;
}

/**
 * Max(0, best priced candidate that fits) per unit. With prices >= 0 (`top` given), a unit's few most
 * valuable candidates decide unless the best of them does not beat every other candidate's value (the
 * same value, `solver/top-edges.ts`).
 */
function unitTerms(start: Int32Array, home: Int32Array, size: Int32Array, value: Float64Array, cap: Int32Array, pi: Float64Array, top: TopEdges | null, nU: number): Float64Array {
  const terms = new Float64Array(nU);
  for (let ui = 0; ui < nU; ui++) {
    let b = 0;
    if (top !== null) {
      for (let q = top.start[ui]!, end = top.start[ui + 1]!; q < end; q++) {
        const e = top.edge[q]!;
        const h = home[e]!;
        const z = size[e]!;
        if (z <= cap[h]!) {
          const r = value[e]! - pi[h]! * z;
          if (r > b) b = r;
        }
      }
      if (b > top.restBest[ui]!) {
        terms[ui] = b;
        continue;
      }
      b = 0;
    }
    for (let e = start[ui]!, end = start[ui + 1]!; e < end; e++) {
      const h = home[e]!;
      const z = size[e]!;
      if (z <= cap[h]!) {
        const r = value[e]! - pi[h]! * z;
        if (r > b) b = r;
      }
    }
    terms[ui] = b;
  }
  return terms;
}

/** The units with a candidate on a home in R. */
function touchingUnits(start: Int32Array, home: Int32Array, inR: Uint8Array, nU: number): number[] {
  const out: number[] = [];
  let ui = 0;
  let end = start[1]!;
  for (let e = 0, nE = start[nU]!; e < nE; e++) {
    while (e >= end) end = start[++ui + 1]!;
    if (inR[home[e]!] === 1) {
      out.push(ui);
      e = end - 1; // next unit
    }
  }
  return out;
}

/** Union-find root (path halving). */
function find(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]!]!;
    x = parent[x]!;
  }
  return x;
}

/**
 * The partial Lagrangian bound at the prices of a capacity bound `cb` (`capacityBound` of the same model
 * and multiplier), with regions around the units and sets whose incumbent `chosen` (candidate index per
 * unit, -1 unplaced) falls short at those prices.
 *
 * @example
 * const cb = capacityBound(model, 0, prices, incumbentValue, 0);
 * const rb = regionBound(model, 0, cb, incumbent.chosen);
 * rb.bound + model.constant; // an upper bound on the model's objective, <= cb.bound + model.constant
 */
export function regionBound(model: RematchModel, lambda: number, cb: CapacityBound, chosen: Int32Array | null, options: RegionBoundOptions = {}): RegionBound {
  const maxSeeds = options.maxSeeds ?? 60;
  const minSlack = options.minSlack ?? REGION_MIN_SLACK;
  const seedHomes = options.seedHomes ?? 10;
  const maxUnits = options.maxUnits ?? 200;
  const maxEdges = options.maxEdges ?? 1500;
  const modeSetsCap = options.modeSets ?? 8;
  const maxNodes = options.maxNodes ?? 1;
  const maxSolves = options.maxSolves ?? 200;
  const maxWork = options.maxWork ?? 40_000;
  const layer = options.layer ?? 0;
  const maxRounds = options.maxRounds ?? 12;
  const rootIterations = options.rootIterations ?? 300;
  const pi = cb.prices;
  const cap = model.capacity;
  const H = cap.length;
  const nU = model.units.length;
  const nS = model.exclusive.length;
  const tPhase = options.trace ? [performance.now()] : null;
  const none: RegionBound = { bound: cb.bound, improvement: 0, components: 0, improved: 0, skipped: 0, capped: 0 };
  if (nU === 0 || pi.length !== H) return none;
  const f = flatCandidates(model, lambda);
  const { start, home, size, value } = f;
  const setOf = new Int32Array(nU).fill(-1);
  model.exclusive.forEach((s, k) => {
    setOf[s.together] = k;
    for (const m of s.members) setOf[m] = k;
  });
  const fits = (e: number): boolean => size[e]! <= cap[home[e]!]!;
  const priced = (e: number): number => value[e]! - pi[home[e]!]! * size[e]!;
  /** Max(0, best priced candidate) of each unit (its L term when free). */
  const top = f.top;
  let nonNegative = true;
  for (let h = 0; h < H; h++) if (!(pi[h]! >= 0)) nonNegative = false;
  const terms = unitTerms(start, home, size, value, cap, pi, nonNegative ? top : null, nU);
  const term = (ui: number): number => terms[ui]!;
  const current = (ui: number): number => {
    const j = chosen ? chosen[ui]! : -1;
    return j >= 0 ? priced(start[ui]! + j) : 0;
  };

  // ---- seeds: units and sets by priced slack against the incumbent
  // a seed is a unit or set (`units`), or a home whose places the incumbent leaves free at a price (`home`)
  const seeds: { slack: number; units: number[]; home: number }[] = [];
  if (chosen) {
    for (let ui = 0; ui < nU; ui++) {
      if (setOf[ui]! >= 0) continue;
      const s = term(ui) - current(ui);
      if (s >= minSlack) seeds.push({ slack: s, units: [ui], home: -1 });
    }
    model.exclusive.forEach((set, k) => {
      let cur = 0;
      for (const ui of [set.together, ...set.members]) cur += current(ui);
      const s = Math.max(cb.togetherValue[k]!, cb.alternativeValue[k]!) - cur;
      if (s >= minSlack) seeds.push({ slack: s, units: [set.together, ...set.members], home: -1 });
    });
    // priced free places: the units wanting them may not fit there together with the occupants (sizes)
    const used = new Int32Array(H);
    for (let ui = 0; ui < nU; ui++) if (chosen[ui]! >= 0) used[home[start[ui]! + chosen[ui]!]!]! += size[start[ui]! + chosen[ui]!]!;
    for (let h = 0; h < H; h++) {
      const s = pi[h]! * (cap[h]! - used[h]!);
      if (s >= minSlack) seeds.push({ slack: s, units: [], home: h });
    }
  }
  seeds.sort((a, b) => b.slack - a.slack || (a.units[0] ?? nU + a.home) - (b.units[0] ?? nU + b.home));
  seeds.length = Math.min(seeds.length, maxSeeds);
  if (seeds.length === 0) return none;

  // ---- regions: each seed's homes where its units would do better than now at the prices
  const inR = new Uint8Array(H);
  const seedOfHome = new Int32Array(H).fill(-1); // the first (most slack) seed claiming each home
  const seedList: number[][] = [];
  // the incumbent's units per home (for the layer: the occupants' next best homes)
  let occStart: Int32Array | null = null;
  let occUnit: Int32Array | null = null;
  if (chosen && layer > 0) {
    occStart = new Int32Array(H + 1);
    for (let ui = 0; ui < nU; ui++) if (chosen[ui]! >= 0) occStart[home[start[ui]! + chosen[ui]!]! + 1]!++;
    for (let h = 0; h < H; h++) occStart[h + 1]! += occStart[h]!;
    occUnit = new Int32Array(occStart[H]!);
    const fill = occStart.slice(0, H);
    for (let ui = 0; ui < nU; ui++) if (chosen[ui]! >= 0) occUnit[fill[home[start[ui]! + chosen[ui]!]!]!++] = ui;
  }
  for (const seed of seeds) {
    const cands: { e: number; r: number }[] = [];
    const hs: number[] = [];
    const add = (h: number): void => {
      if (hs.includes(h)) return;
      hs.push(h);
      inR[h] = 1;
      if (seedOfHome[h]! < 0) seedOfHome[h] = seedList.length;
    };
    if (seed.home >= 0) add(seed.home);
    for (const ui of seed.units) {
      const cur = current(ui);
      // its current home: the places it would free are worth what others make of them, not their price
      if (chosen && chosen[ui]! >= 0) add(home[start[ui]! + chosen[ui]!]!);
      for (let e = start[ui]!; e < start[ui + 1]!; e++) {
        if (!fits(e)) continue;
        const r = priced(e);
        if (r > cur + 1e-9) cands.push({ e, r });
      }
    }
    cands.sort((a, b) => b.r - a.r || a.e - b.e);
    const better: number[] = [];
    for (const { e } of cands) {
      const h = home[e]!;
      if (better.includes(h)) continue;
      if (better.length >= seedHomes) break;
      better.push(h);
      add(h);
    }
    // one layer: the occupants of those homes, each with its `layer` best other homes at the prices
    if (occStart && occUnit) {
      for (const h of better) {
        for (let q = occStart[h]!; q < occStart[h + 1]!; q++) {
          const w = occUnit[q]!;
          const alt: { h: number; r: number }[] = [];
          for (let e = start[w]!; e < start[w + 1]!; e++) if (home[e] !== h && fits(e)) alt.push({ h: home[e]!, r: priced(e) });
          alt.sort((a, b) => b.r - a.r || a.h - b.h);
          for (const x of alt.slice(0, layer)) add(x.h);
        }
      }
    }
    seedList.push(hs);
  }

  tPhase?.push(performance.now());
  // Entities touching R: free units, and sets (all their units). Per unit: o_u (best priced option outside
  // R, >= 0) and its active candidates (in R, fitting, value above o_u).
  const o = new Float64Array(nU);
  const act: (number[] | null)[] = new Array<number[] | null>(nU).fill(null);
  const touches = new Uint8Array(nU);
  const parent = new Int32Array(H);
  let rounds = 0;
  let touchList: number[] | null = null;
  const leftR = new Uint8Array(H);
  let compOf = new Int32Array(0);
  let comps: { homes: number[]; units: number[]; sets: number[]; nActive: number; nEdges: number }[] = [];
  for (;;) {
    rounds++;
    for (let h = 0; h < H; h++) parent[h] = h;
    // R only shrinks after the first round: the units touching it are among the first round's
    if (touchList === null) {
      touchList = touchingUnits(start, home, inR, nU);
    }
    // after the first round only the units with a candidate in a home that just left R change
    let redo: number[] = touchList;
    if (rounds > 1) {
      redo = [];
      for (const ui of touchList) {
        if (!touches[ui]) continue;
        for (let e = start[ui]!, end = start[ui + 1]!; e < end; e++) {
          if (leftR[home[e]!]) {
            redo.push(ui);
            break;
          }
        }
      }
      leftR.fill(0);
    }
    for (const ui of redo) {
      touches[ui] = 0;
      act[ui] = null;
    }
    for (const ui of redo) {
      const a0 = start[ui]!;
      const a1 = start[ui + 1]!;
      let t = false;
      for (let e = a0; e < a1; e++) {
        if (inR[home[e]!]) {
          t = true;
          break;
        }
      }
      if (!t) continue;
      const b = bestOutside(a0, a1, home, size, value, cap, pi, inR);
      const a = activeIn(a0, a1, home, size, value, cap, inR, b);
      touches[ui] = 1;
      o[ui] = b;
      if (a !== null) act[ui] = a;
    }
    // components: homes joined by an entity's active candidates
    const link = (units: readonly number[]): void => {
      let h0 = -1;
      for (const ui of units) {
        for (const e of act[ui] ?? []) {
          const h = home[e]!;
          if (h0 < 0) h0 = h;
          else parent[find(parent, h)] = find(parent, h0);
        }
      }
    };
    for (let ui = 0; ui < nU; ui++) if (setOf[ui]! < 0 && act[ui]) link([ui]);
    for (const set of model.exclusive) link([set.together, ...set.members]);
    compOf = new Int32Array(H).fill(-1);
    comps = [];
    for (let h = 0; h < H; h++) {
      if (!inR[h]) continue;
      const r = find(parent, h);
      if (compOf[r]! < 0) {
        compOf[r] = comps.length;
        comps.push({ homes: [], units: [], sets: [], nActive: 0, nEdges: 0 });
      }
      compOf[h] = compOf[r]!;
      comps[compOf[h]!]!.homes.push(h);
    }
    const compOfUnit = (ui: number): number => compOf[home[act[ui]![0]!]!]!;
    for (let ui = 0; ui < nU; ui++) {
      if (!act[ui]) continue;
      const c = comps[compOfUnit(ui)]!;
      c.nActive++;
      c.nEdges += act[ui]!.length;
      if (setOf[ui]! < 0) c.units.push(ui);
    }
    model.exclusive.forEach((set, k) => {
      const ui = [set.together, ...set.members].find((x) => act[x]);
      if (ui !== undefined) comps[compOfUnit(ui)]!.sets.push(k);
    });
    // too large: the homes of its last seed leave R (o only rises elsewhere: components only shrink), then
    // again; the seeds with most slack stay
    let removed = false;
    if (rounds <= maxRounds) {
      for (const c of comps) {
        if (c.nActive <= maxUnits && c.nEdges <= maxEdges) continue;
        let last = -1;
        for (const h of c.homes) last = Math.max(last, seedOfHome[h]!);
        for (const h of c.homes) {
          if (seedOfHome[h] === last) {
            inR[h] = 0;
            leftR[h] = 1;
          }
        }
        removed = true;
      }
    }
    if (!removed) break;
  }

  tPhase?.push(performance.now());
  // L - L_R = sum over components of (their homes' pi cap + their active entities' L terms - Z_c)
  //         + sum over touching inactive sets of (L term - their value in L_R)
  //  (a touching inactive free unit's L term is o_u: its candidates in R are worth at most o_u unpriced)
  let improvement = 0;
  let components = 0;
  let improved = 0;
  let skipped = 0;
  let capped = 0;
  let solves = 0;
  const local = new Int32Array(H).fill(-1);
  const gainOf = (ui: number): number => {
    let g = 0;
    for (const e of act[ui] ?? []) g = Math.max(g, priced(e) - o[ui]!);
    return g;
  };
  const use = new Float64Array(H);
  /**
   * An inactive set's alternative in L_R: the best combination of its units, each on a candidate outside R
   * (priced) or in R (unpriced, using none of the places outside R: R's own places are not shared with
   * others here, and every candidate in R is worth at most the unit's o), with the set's own use of every home
   * outside R within its capacity (`bestFittingCombination`, shared with `capacityBound`). Past a node limit, the sum of the units' best
   * values (an upper bound still).
   */
  const fitAlternative = (ms: readonly number[]): number => {
    const from = new Int32Array(ms.length + 1);
    const opts: { e: number; r: number; h: number }[] = [];
    ms.forEach((ui, i) => {
      from[i] = opts.length;
      const l: { e: number; r: number; h: number }[] = [];
      for (let e = start[ui]!; e < start[ui + 1]!; e++) {
        if (!fits(e)) continue;
        const h = home[e]!;
        const r = inR[h] ? value[e]! : priced(e);
        if (r > 0) l.push({ e, r, h: inR[h] ? -1 : h });
      }
      l.sort((a, b) => b.r - a.r || a.e - b.e);
      opts.push(...l);
    });
    from[ms.length] = opts.length;
    const lists = {
      units: ms.length,
      from,
      value: Float64Array.from(opts, (x) => x.r),
      home: Int32Array.from(opts, (x) => x.h),
      size: Int32Array.from(opts, (x) => size[x.e]!),
    };
    return bestFittingCombination(lists, cap, use).value;
  };
  model.exclusive.forEach((set, k) => {
    const us = [set.together, ...set.members];
    if (!us.some((x) => touches[x]) || us.some((x) => act[x])) return;
    const oA = fitAlternative(set.members);
    const oT = touches[set.together] ? o[set.together]! : term(set.together);
    improvement += Math.max(cb.togetherValue[k]!, cb.alternativeValue[k]!) - Math.max(oT, oA);
    options.trace?.({ inactiveSet: k, loss: Math.max(oT, oA) - Math.max(cb.togetherValue[k]!, cb.alternativeValue[k]!) });
  });
  interface Part {
    ui: number;
    o: number;
    edges: number[];
  }
  const outsideValue = (ui: number): number => (touches[ui] ? o[ui]! : term(ui));
  // components in the order of their best seed (most slack first): the work budget goes to those first
  const firstSeed = (c: { homes: number[] }): number => Math.min(...c.homes.map((h) => (seedOfHome[h]! < 0 ? Infinity : seedOfHome[h]!)));
  const order = comps.map((c) => ({ c, f: firstSeed(c) })).sort((a, b) => a.f - b.f || a.c.homes[0]! - b.c.homes[0]!);
  let work = 0;
  for (const { c } of order) {
    c.homes.forEach((h, i) => (local[h] = i));
    let share = 0;
    for (const h of c.homes) share += pi[h]! * cap[h]!;
    // the component's priced relaxation (an upper bound on Z_c, never above its share but for sets)
    let zPriced = share;
    let baseline = 0;
    const free: Part[] = [];
    for (const ui of c.units) {
      share += term(ui);
      zPriced += o[ui]! + gainOf(ui);
      baseline += o[ui]!;
      free.push({ ui, o: o[ui]!, edges: act[ui]! });
    }
    const sets: { k: number; oT: number; oA: number; t: Part | null; m: Part[] }[] = [];
    for (const k of c.sets) {
      share += Math.max(cb.togetherValue[k]!, cb.alternativeValue[k]!);
      const set = model.exclusive[k]!;
      const oT = outsideValue(set.together);
      const t = act[set.together] ? { ui: set.together, o: oT, edges: act[set.together]! } : null;
      let oA = 0;
      let gA = 0;
      const m: Part[] = [];
      for (const ui of set.members) {
        const ov = outsideValue(ui);
        oA += ov;
        if (act[ui]) {
          m.push({ ui, o: ov, edges: act[ui]! });
          gA += gainOf(ui);
        }
      }
      zPriced += Math.max(oT + (t ? gainOf(set.together) : 0), oA + gA);
      sets.push({ k, oT, oA, t, m });
    }
    // its share is the component's priced relaxation (the L terms): an upper bound on Z_c
    let z = share;
    let openSets = -1;
    const t0 = options.trace ? performance.now() : 0;
    if (c.nActive > maxUnits || c.nEdges > maxEdges) skipped++;
    else {
      components++;
      /** Upper bound on max sum over the given units of (v - o) on the component's homes, capacities kept. */
      const gap = (parts: Part[]): number => {
        if (parts.length === 0) return 0;
        let ne = 0;
        for (const p of parts) ne += p.edges.length;
        const edgeStart = new Int32Array(parts.length + 1);
        const edgeTarget = new Int32Array(ne);
        const edgeValue = new Float64Array(ne);
        const edgeSize = new Int32Array(ne);
        let allOne = true;
        let x = 0;
        parts.forEach((p, u) => {
          edgeStart[u] = x;
          for (const e of p.edges) {
            edgeTarget[x] = local[home[e]!]!;
            edgeValue[x] = value[e]! - p.o;
            edgeSize[x] = size[e]!;
            if (size[e] !== 1) allOne = false;
            x++;
          }
        });
        edgeStart[parts.length] = x;
        const cp: CompiledProblem = {
          sign: 1,
          nUnits: parts.length,
          nTargets: c.homes.length,
          unitIds: indexIds(parts.map((p) => p.ui)),
          targetIds: indexIds(c.homes),
          edgeStart,
          edgeTarget,
          edgeValue,
          edgeSize,
          capacity: Int32Array.from(c.homes, (h) => cap[h]!),
          must: new Uint8Array(parts.length),
          allUnitSize: allOne,
          integralValues: false,
          nEdges: ne,
        };
        solves++;
        const out = branchAndBound(cp, { maxNodes, timeLimitMs: Infinity, rootIterations });
        if (out.kind !== 'solved') return Infinity; // cannot happen (no compulsory unit): the priced bound stays
        if (!out.solution.proven) capped++;
        return out.solution.bound;
      };
      // a set whose mode is decided in advance: the other mode's best (its baseline plus every active
      // candidate's gain) does not beat this mode's baseline (which uses no place in R) -> fixed
      let b0 = baseline;
      const parts0 = [...free];
      const open: typeof sets = [];
      for (const s of sets) {
        const gT = s.t ? Math.max(0, ...s.t.edges.map((e) => value[e]! - s.t!.o)) : 0;
        let gA = 0;
        for (const p of s.m) gA += Math.max(0, ...p.edges.map((e) => value[e]! - p.o));
        if (s.oT + gT <= s.oA) {
          b0 += s.oA;
          parts0.push(...s.m);
        } else if (s.oA + gA <= s.oT) {
          b0 += s.oT;
          if (s.t) parts0.push(s.t);
        } else open.push(s);
      }
      openSets = open.length;
      let zb = Infinity;
      // every mode combination of the open sets is bounded by the component's priced relaxation with the
      // sets in those modes (its share minus what each set loses against its better mode) and by the search;
      // combinations in decreasing priced order, until the priced value of the next one cannot beat the
      // best bound so far. Out of searches, the next combination's priced value bounds all the rest
      if (open.length <= modeSetsCap) {
        const nc = 1 << open.length;
        const priced = new Float64Array(nc);
        for (let mask = 0; mask < nc; mask++) {
          let p = share;
          open.forEach((s, i) => {
            const t = cb.togetherValue[s.k]!;
            const a = cb.alternativeValue[s.k]!;
            p -= Math.max(t, a) - (mask & (1 << i) ? t : a);
          });
          priced[mask] = p;
        }
        const masks = Array.from({ length: nc }, (_, i) => i).sort((x, y) => priced[y]! - priced[x]! || x - y);
        zb = -Infinity;
        for (const mask of masks) {
          const p = priced[mask]!;
          if (p <= zb) break;
          if (solves >= maxSolves || work + c.nEdges > maxWork) {
            zb = p;
            capped++;
            break;
          }
          work += c.nEdges;
          let b = b0;
          const parts = [...parts0];
          open.forEach((s, i) => {
            if (mask & (1 << i)) {
              b += s.oT;
              if (s.t) parts.push(s.t);
            } else {
              b += s.oA;
              parts.push(...s.m);
            }
          });
          const g = gap(parts);
          options.trace?.({ search: mask, priced: p, baseline: b, gain: g, units: parts.length });
          zb = Math.max(zb, Math.min(p, b + g));
        }
      } else skipped++;
      z = Math.min(z, zb);
    }
    for (const h of c.homes) local[h] = -1;
    const imp = share - z;
    const sd = new Set<number>();
    for (const h of c.homes) if (seedOfHome[h]! >= 0) sd.add(seedOfHome[h]!);
    const sdl = [...sd].sort((a, b) => a - b);
    options.trace?.({ seeds: sdl.length, firstSeed: sdl[0] ?? -1, slack: sdl.length ? seeds[sdl[0]!]!.slack : 0, seedUnits: sdl.length ? seeds[sdl[0]!]!.units.length : 0, open: openSets, homes: c.homes.length, units: c.units.length, sets: c.sets.length, active: c.nActive, edges: c.nEdges, share, zPriced, z, imp, rounds, ms: t0 > 0 ? performance.now() - t0 : 0 });
    if (imp > 1e-9 * Math.max(1, Math.abs(share))) improved++;
    improvement += imp;
  }
  improvement = Math.max(0, improvement);
  if (tPhase) {
    tPhase.push(performance.now());
    options.trace?.({ phaseSeeds: tPhase[1]! - tPhase[0]!, phaseRounds: tPhase[2]! - tPhase[1]!, phaseSolve: tPhase[3]! - tPhase[2]!, rounds, touching: touchList?.length ?? 0 });
  }
  return { bound: cb.bound - improvement, improvement, components, improved, skipped, capped };
}
