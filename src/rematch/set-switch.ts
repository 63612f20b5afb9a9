/**
 * Sibling-set mode switches with the single children around them re-placed exactly (primal only).
 *
 * At capacity prices pi (the final bound's), a sibling set's term is the better of its two modes' priced
 * values (`capacityBound`'s `togetherValue`, `alternativeValue`); a set whose *other* mode is worth more
 * than its current units' priced values is where the bound says the incumbent may be missing points. The
 * local moves (`switchModes` in `repair.ts`, the neighbourhoods' `flipSets`) switch such a set and then
 * re-insert units greedily, so a switch that pays only once unplaced children fill the places it frees (or
 * through a chain: a placed child moves into the freed home, an unplaced one takes its place) is undone.
 *
 * Here, for each such set (the largest priced gain first, at most `maxSets`), a switch is a *plan*: the
 * current mode's units leave; entering, either the together unit in one of its best priced homes (one
 * plan per home, at most `placements`), or the alternative's units (those of one place on every candidate
 * take part in the flow below, the others go to their best priced home with room). Around the homes the
 * plan frees or takes, a region is grown (`depth` layers): every home holds its single children (units of
 * one place everywhere, in no sibling set) and their best `placements` other homes, and draws in the
 * `perHome` others that gain most by moving there (value there minus their current one; a placed one's
 * home joins the region: that is the chain); at most `maxUnits` units. The region's single children (and
 * the entering units of one place) are then re-assigned exactly over the region's homes with the places
 * everyone else leaves, each over its `maxEdges` most valuable candidates there and its current one: one
 * min-cost flow (`solver/min-cost-flow.ts`). When the best plan raises the objective, the same region is
 * also re-solved without the switch, and whichever raises it more is applied.
 *
 * Capacity, "once per unit" and the sets' exclusivity hold by construction (a home's flow capacity is its
 * places minus what the units outside the flow hold there; a plan is dropped if that is negative); with
 * `maxMoves`, a change that would move more settled children than that is dropped. All work is capped by
 * counts, never by the clock: the same model, solution and prices give the same result.
 */
import { minCostTransport } from '../../solver/min-cost-flow.js';
import type { RematchModel } from './build-problem.js';
import type { CapacityBound } from './capacity-bound.js';
import { flatCandidates, homeCandidates } from './flat-candidates.js';

/** Options of `switchSets`. */
export interface SetSwitchOptions {
  /** Most sets tried, the largest priced gain of the other mode first (default 64). */
  readonly maxSets?: number;
  /** A set is tried when its other mode's priced value beats its current units' by more than this (default 1). */
  readonly minGain?: number;
  /** Homes tried for an entering together unit; homes added per occupant of a region home (default 4). */
  readonly placements?: number;
  /** Layers grown around the homes a switch frees or takes (default 2). */
  readonly depth?: number;
  /** Units drawn into the region per region home besides its occupants, largest gain by moving there first (default 2). */
  readonly perHome?: number;
  /** Most single children in one region (default 200). */
  readonly maxUnits?: number;
  /** Most candidates per unit in a region's flow, the most valuable, besides its current one (default 8). */
  readonly maxEdges?: number;
  /** Cap on settled children moved (the model's move count); null or absent = none. */
  readonly maxMoves?: number | null;
}

/** Result of `switchSets`. */
export interface SetSwitchOutcome {
  /** Sets tried (whose other mode wins at the prices). */
  readonly tried: number;
  /** Sets switched (the change kept). */
  readonly switched: number;
  /** Changes kept that re-placed single children without a switch (the region alone paid more). */
  readonly reassigned: number;
  /** Min-cost flows solved. */
  readonly flows: number;
  /** Rise of the objective at the multiplier (sum of kept changes). */
  readonly gain: number;
}

/** The priced bound's parts `switchSets` reads. */
export type SetSwitchPrices = Pick<CapacityBound, 'prices' | 'togetherValue' | 'alternativeValue'>;

/**
 * Default limits of `switchSets` and of the regions (`Switcher`).
 *
 * @example
 * const sw = new Switcher(model, chosen, 0, prices, REGION_DEFAULTS);
 */
export const REGION_DEFAULTS = { maxSets: 64, minGain: 1, placements: 4, depth: 2, perHome: 2, maxUnits: 200, maxEdges: 8 };

/** A change evaluated: the objective rise, the settled children kept, and the new candidate (flat edge or -1) per unit changed. */
export interface Trial {
  readonly delta: number;
  readonly stayDelta: number;
  readonly units: Int32Array;
  readonly edges: Int32Array;
}

/** Resolved options. */
export interface Limits {
  readonly placements: number;
  readonly depth: number;
  readonly perHome: number;
  readonly maxUnits: number;
  readonly maxEdges: number;
}

/** Keeps the `k` largest keys seen, best first (ties: the one offered first); -Infinity is never kept. */
class TopK {
  readonly idx: number[] = [];
  readonly keys: number[] = [];
  constructor(private readonly k: number) {}
  offer(i: number, v: number): void {
    const { idx, keys, k } = this;
    if (v === -Infinity || k <= 0) return;
    if (idx.length >= k && !(v > keys[idx.length - 1]!)) return;
    let p = idx.length;
    if (idx.length < k) {
      idx.push(i);
      keys.push(v);
    } else p = k - 1;
    while (p > 0 && keys[p - 1]! < v) {
      idx[p] = idx[p - 1]!;
      keys[p] = keys[p - 1]!;
      p--;
    }
    idx[p] = i;
    keys[p] = v;
  }
}

/**
 * The state of one `switchSets` call: the solution's usage per home, the single children's candidates by
 * home, and the current region. Methods rather than closures (one shape for every call: V8 deoptimised the
 * closure version's hot loops when the function was called again with new closures). Also used by
 * `ejection-chains.ts` to re-place the single children around a chain exactly.
 *
 * @example
 * const sw = new Switcher(model, chosen, 0, prices, { placements: 4, depth: 2, perHome: 2, maxUnits: 200, maxEdges: 8 });
 * sw.growRegion([h]);
 * const trial = sw.solveRegion([], 0, 0, [], []); // the single children around home h re-placed exactly
 */
export class Switcher {
  readonly nU: number;
  readonly start: Int32Array;
  readonly home: Int32Array;
  readonly size: Int32Array;
  readonly value: Float64Array;
  readonly unitAllOne: Uint8Array;
  /** 1 for units in a sibling set. */
  readonly inSet: Uint8Array;
  /** Places used per home by every unit, and by units that are not single children (never moved by a flow). */
  readonly used: Int32Array;
  readonly fixedUsed: Int32Array;
  /** Settled children kept (sum of `stay` over chosen candidates). */
  stay = 0;
  /**
   * Every unit's candidates by home (`homeCandidates`, shared per model): those of home h are
   * `hEdge[hStart[h]..hStart[h + 1])` (flat edges) of units `hUnit[..]`; the region reads the single children's.
   */
  readonly hStart: Int32Array;
  readonly hEdge: Int32Array;
  readonly hUnit: Int32Array;
  /** The region: local index per home (-1 outside), its homes and its single children. */
  readonly homeLocal: Int32Array;
  readonly inRegion: Uint8Array;
  rHomes: number[] = [];
  rUnits: number[] = [];
  flows = 0;

  constructor(
    readonly model: RematchModel,
    readonly chosen: Int32Array,
    lambda: number,
    readonly prices: Float64Array,
    readonly limits: Limits,
  ) {
    const flat = flatCandidates(model, lambda);
    this.start = flat.start;
    this.home = flat.home;
    this.size = flat.size;
    this.value = flat.value;
    this.unitAllOne = flat.unitAllOne;
    const nU = (this.nU = model.units.length);
    const H = model.capacity.length;
    this.inSet = new Uint8Array(nU);
    for (const set of model.exclusive) {
      this.inSet[set.together] = 1;
      for (const m of set.members) this.inSet[m] = 1;
    }
    this.used = new Int32Array(H);
    this.fixedUsed = new Int32Array(H);
    for (let ui = 0; ui < nU; ui++) {
      const e = this.edgeOf(ui);
      if (e < 0) continue;
      this.used[this.home[e]!]! += this.size[e]!;
      if (!this.single(ui)) this.fixedUsed[this.home[e]!]! += this.size[e]!;
      this.stay += this.stayOf(ui, e);
    }
    const byHome = homeCandidates(model);
    this.hStart = byHome.start;
    this.hEdge = byHome.edge;
    this.hUnit = byHome.unit;
    this.homeLocal = new Int32Array(H).fill(-1);
    this.inRegion = new Uint8Array(nU);
  }

  /** In no sibling set, one place on every candidate: what the flow re-places. */
  single(ui: number): boolean {
    return this.inSet[ui] === 0 && this.unitAllOne[ui] === 1;
  }

  edgeOf(ui: number): number {
    const j = this.chosen[ui]!;
    return j >= 0 ? this.start[ui]! + j : -1;
  }

  pricedValue(e: number): number {
    return this.value[e]! - this.prices[this.home[e]!]! * this.size[e]!;
  }

  stayOf(ui: number, e: number): number {
    return e < 0 ? 0 : this.model.units[ui]!.stay[e - this.start[ui]!]!;
  }

  /** Move `ui` to flat edge `e` (-1 = unplaced), keeping the counts. */
  place(ui: number, e: number): void {
    const was = this.edgeOf(ui);
    const fixed = !this.single(ui);
    if (was >= 0) {
      this.used[this.home[was]!]! -= this.size[was]!;
      if (fixed) this.fixedUsed[this.home[was]!]! -= this.size[was]!;
    }
    if (e >= 0) {
      this.used[this.home[e]!]! += this.size[e]!;
      if (fixed) this.fixedUsed[this.home[e]!]! += this.size[e]!;
    }
    this.stay += this.stayOf(ui, e) - this.stayOf(ui, was);
    this.chosen[ui] = e < 0 ? -1 : e - this.start[ui]!;
  }

  /** A unit's `n` best candidates by value, or by priced value (ties: lower edge), as flat edges. */
  bestEdges(ui: number, n: number, byPrice: boolean): number[] {
    const top = new TopK(n);
    for (let e = this.start[ui]!; e < this.start[ui + 1]!; e++) top.offer(e, byPrice ? this.pricedValue(e) : this.value[e]!);
    return top.idx;
  }

  private addHome(h: number): boolean {
    if (this.homeLocal[h]! >= 0) return false;
    this.homeLocal[h] = this.rHomes.length;
    this.rHomes.push(h);
    return true;
  }

  private include(ui: number): void {
    this.inRegion[ui] = 1;
    this.rUnits.push(ui);
  }

  clearRegion(): void {
    for (const h of this.rHomes) this.homeLocal[h] = -1;
    for (const ui of this.rUnits) this.inRegion[ui] = 0;
    this.rHomes = [];
    this.rUnits = [];
  }

  /** The region grown from `seeds` (see the file comment). */
  growRegion(seeds: readonly number[]): void {
    this.clearRegion();
    const { depth, perHome, maxUnits, placements } = this.limits;
    const { hStart, hEdge, hUnit, inRegion, value, home } = this;
    let frontier: number[] = [];
    for (const h of seeds) if (this.addHome(h)) frontier.push(h);
    for (let level = 0; level <= depth && frontier.length > 0; level++) {
      const next: number[] = [];
      for (const h of frontier) {
        if (this.rUnits.length >= maxUnits) break;
        const a = hStart[h]!;
        const b = hStart[h + 1]!;
        // the home's single children (they may move out of the places a switch takes) and their other homes
        for (let x = a; x < b && this.rUnits.length < maxUnits; x++) {
          const ui = hUnit[x]!;
          if (inRegion[ui] || this.edgeOf(ui) !== hEdge[x] || !this.single(ui)) continue;
          this.include(ui);
          for (const e of this.bestEdges(ui, placements, false)) if (this.addHome(home[e]!) && level < depth) next.push(home[e]!);
        }
        // the others gaining most by moving here (they may move in; their home joins: a chain)
        const top = new TopK(perHome);
        for (let x = a; x < b; x++) {
          const ui = hUnit[x]!;
          if (inRegion[ui] || !this.single(ui)) continue;
          const e = this.edgeOf(ui);
          top.offer(x, value[hEdge[x]!]! - (e >= 0 ? value[e]! : 0));
        }
        for (let i = 0; i < top.idx.length && this.rUnits.length < maxUnits; i++) {
          const ui = hUnit[top.idx[i]!]!;
          if (inRegion[ui]) continue;
          this.include(ui);
          const e = this.edgeOf(ui);
          if (e >= 0 && this.addHome(home[e]!) && level < depth) next.push(home[e]!);
        }
      }
      frontier = next;
    }
  }

  /**
   * The current region re-solved exactly with `extra` (units of one place entering) taking part, after
   * `used` was changed by the plan; `base` / `baseStay` are the plan's own change, `fixedUnits` /
   * `fixedEdges` its moves. Null when the units outside the flow overfill a region home.
   */
  solveRegion(extra: readonly number[], base: number, baseStay: number, fixedUnits: readonly number[], fixedEdges: readonly number[]): Trial | null {
    const { rUnits, rHomes, homeLocal, start, home, value, used } = this;
    const cap = this.model.capacity;
    const nS = rUnits.length + extra.length;
    const sources = new Int32Array(nS);
    for (let s = 0; s < rUnits.length; s++) sources[s] = rUnits[s]!;
    for (let s = 0; s < extra.length; s++) sources[rUnits.length + s] = extra[s]!;
    const nT = rHomes.length;
    const capacity = new Int32Array(nT);
    for (let t = 0; t < nT; t++) capacity[t] = cap[rHomes[t]!]! - used[rHomes[t]!]!;
    let oldValue = 0;
    let oldStay = 0;
    for (const ui of rUnits) {
      const e = this.edgeOf(ui);
      if (e < 0) continue;
      capacity[homeLocal[home[e]!]!]! += 1;
      oldValue += value[e]!;
      oldStay += this.stayOf(ui, e);
    }
    for (let t = 0; t < nT; t++) if (capacity[t]! < 0) return null;
    // each source's most valuable candidates in the region (at most maxEdges), and its current one
    const edgeStart = new Int32Array(nS + 1);
    const picked: number[] = [];
    for (let s = 0; s < nS; s++) {
      const ui = sources[s]!;
      const cur = this.edgeOf(ui);
      const top = new TopK(this.limits.maxEdges);
      for (let e = start[ui]!; e < start[ui + 1]!; e++) if (homeLocal[home[e]!]! >= 0) top.offer(e, value[e]!);
      let hasCurrent = cur < 0;
      for (const e of top.idx) {
        picked.push(e);
        if (e === cur) hasCurrent = true;
      }
      if (!hasCurrent) picked.push(cur);
      edgeStart[s + 1] = picked.length;
    }
    const nE = picked.length;
    const es = Int32Array.from(picked);
    const edgeTarget = new Int32Array(nE);
    const edgeCost = new Float64Array(nE);
    for (let x = 0; x < nE; x++) {
      edgeTarget[x] = homeLocal[home[es[x]!]!]!;
      edgeCost[x] = -value[es[x]!]!;
    }
    this.flows++;
    const r = minCostTransport({ nSources: nS, nTargets: nT, edgeStart, edgeTarget, edgeCost, supply: null, capacity, optional: new Uint8Array(nS).fill(1) });
    const units = [...fixedUnits];
    const edges = [...fixedEdges];
    let newValue = 0;
    let newStay = 0;
    for (let s = 0; s < nS; s++) {
      const ui = sources[s]!;
      let to = -1;
      for (let x = edgeStart[s]!; x < edgeStart[s + 1]!; x++) if (r.flow[x]! > 0) to = es[x]!;
      if (to >= 0) {
        newValue += value[to]!;
        newStay += this.stayOf(ui, to);
      }
      if (to !== this.edgeOf(ui)) {
        units.push(ui);
        edges.push(to);
      }
    }
    return { delta: base + newValue - oldValue, stayDelta: baseStay + newStay - oldStay, units: Int32Array.from(units), edges: Int32Array.from(edges) };
  }

  /** Apply a trial: units leaving first (their places are what the others take). */
  apply(t: Trial): void {
    for (let i = 0; i < t.units.length; i++) this.place(t.units[i]!, -1);
    for (let i = 0; i < t.units.length; i++) if (t.edges[i]! >= 0) this.place(t.units[i]!, t.edges[i]!);
  }

  /** True when a trial keeps the settled children moved within `maxMoves` (null = no cap). */
  movesOk(t: Trial, maxMoves: number | null): boolean {
    return maxMoves === null || this.model.settled - (this.stay + t.stayDelta) <= maxMoves;
  }

  /**
   * Apply the better of `found` (a plan that pays) and the same region re-solved without it (the region
   * grown from `seeds`); returns the trial applied.
   */
  settle(found: Trial, seeds: readonly number[], maxMoves: number | null): Trial {
    const keep = this.choose(found, seeds, maxMoves);
    this.apply(keep);
    return keep;
  }

  /** The better of `found` and the region grown from `seeds` re-solved without it (not applied). */
  choose(found: Trial, seeds: readonly number[], maxMoves: number | null): Trial {
    this.growRegion(seeds);
    const stayPut = this.solveRegion([], 0, 0, [], []);
    return stayPut && this.movesOk(stayPut, maxMoves) && stayPut.delta + trialEps(stayPut) >= found.delta ? stayPut : found;
  }
}

/**
 * Tolerance of a trial's gain.
 *
 * @example
 * if (trial.delta > trialEps(trial)) sw.apply(trial);
 */
export function trialEps(t: Trial): number {
  return 1e-9 * Math.max(1, Math.abs(t.delta)) + 1e-7;
}

/**
 * Switch the modes of sibling sets whose other mode wins at the prices, re-placing the single children
 * around them by an exact flow; `chosen` (candidate index per unit, -1 unplaced) is updated in place, and
 * only by changes that raise the objective (values at move multiplier `lambda`).
 *
 * @example
 * const cb = capacityBound(model, 0, prices, incumbentValue, 0);
 * const out = switchSets(model, chosen, 0, cb, { maxMoves: 25 });
 * // out.gain > 0 when a switch (or the re-placement around it) paid
 */
export function switchSets(model: RematchModel, chosen: Int32Array, lambda: number, priced: SetSwitchPrices, options: SetSwitchOptions = {}): SetSwitchOutcome {
  const maxSets = options.maxSets ?? REGION_DEFAULTS.maxSets;
  const minGain = options.minGain ?? REGION_DEFAULTS.minGain;
  const limits: Limits = {
    placements: options.placements ?? REGION_DEFAULTS.placements,
    depth: options.depth ?? REGION_DEFAULTS.depth,
    perHome: options.perHome ?? REGION_DEFAULTS.perHome,
    maxUnits: options.maxUnits ?? REGION_DEFAULTS.maxUnits,
    maxEdges: options.maxEdges ?? REGION_DEFAULTS.maxEdges,
  };
  const maxMoves = options.maxMoves ?? null;
  if (maxSets <= 0 || model.exclusive.length === 0) return { tried: 0, switched: 0, reassigned: 0, flows: 0, gain: 0 };
  const flat = flatCandidates(model, lambda);
  const { start, home, size, value } = flat;
  const pi = priced.prices;
  // the sets whose other mode wins at the prices, largest priced gain first
  const ranked: { k: number; gain: number }[] = [];
  model.exclusive.forEach((set, k) => {
    const together = chosen[set.together]! >= 0;
    let current = 0;
    for (const ui of [set.together, ...set.members]) {
      const j = chosen[ui]!;
      if (j >= 0) current += value[start[ui]! + j]! - pi[home[start[ui]! + j]!]! * size[start[ui]! + j]!;
    }
    const other = together ? priced.alternativeValue[k]! : priced.togetherValue[k]!;
    if (other - current > minGain) ranked.push({ k, gain: other - current });
  });
  if (ranked.length === 0) return { tried: 0, switched: 0, reassigned: 0, flows: 0, gain: 0 };
  ranked.sort((a, b) => b.gain - a.gain || a.k - b.k);
  if (ranked.length > maxSets) ranked.length = maxSets;

  const sw = new Switcher(model, chosen, lambda, pi, limits);
  let tried = 0;
  let switched = 0;
  let reassigned = 0;
  let gain = 0;
  for (const { k } of ranked) {
    const set = model.exclusive[k]!;
    const toTogether = chosen[set.together]! < 0;
    // the current mode's units leave (their places counted free while plans are evaluated)
    const leaving = (toTogether ? set.members : [set.together]).filter((ui) => chosen[ui]! >= 0);
    const leftEdges = leaving.map((ui) => sw.edgeOf(ui));
    const leftHomes = leftEdges.map((e) => home[e]!);
    let leftValue = 0;
    let leftStay = 0;
    leaving.forEach((ui, i) => {
      leftValue += value[leftEdges[i]!]!;
      leftStay += sw.stayOf(ui, leftEdges[i]!);
    });
    tried++;
    for (const ui of leaving) sw.place(ui, -1);
    const unplaced = leaving.map(() => -1);
    let best: Trial | null = null;
    let bestSeeds: number[] = [];
    const consider = (trial: Trial | null, seeds: number[]): void => {
      if (!trial || !sw.movesOk(trial, maxMoves)) return;
      if (!best || trial.delta > best.delta + trialEps(trial)) {
        best = trial;
        bestSeeds = seeds;
      }
    };
    if (toTogether) {
      // one plan per home among the together unit's best priced candidates with room beside the fixed units
      const t = set.together;
      let plans = 0;
      for (const e of sw.bestEdges(t, start[t + 1]! - start[t]!, true)) {
        if (plans >= limits.placements) break;
        const h = home[e]!;
        if (sw.fixedUsed[h]! + size[e]! > model.capacity[h]!) continue;
        plans++;
        const seeds = [h, ...leftHomes];
        sw.growRegion(seeds);
        sw.used[h]! += size[e]!;
        const trial = sw.solveRegion([], value[e]! - leftValue, sw.stayOf(t, e) - leftStay, [...leaving, t], [...unplaced, e]);
        sw.used[h]! -= size[e]!;
        consider(trial, seeds);
      }
    } else {
      // the alternative's units: those of one place join the flow, the others take their best priced home with room
      const flowing: number[] = [];
      const fixedUnits: number[] = [];
      const fixedEdges: number[] = [];
      let fixedValue = 0;
      let fixedStay = 0;
      const seeds = [...leftHomes];
      for (const m of set.members) {
        if (flat.unitAllOne[m] === 1) {
          flowing.push(m);
          for (const e of sw.bestEdges(m, limits.placements, true)) seeds.push(home[e]!);
          continue;
        }
        let pick = -1;
        for (let e = start[m]!; e < start[m + 1]!; e++) {
          if (sw.fixedUsed[home[e]!]! + size[e]! > model.capacity[home[e]!]!) continue;
          if (pick < 0 || sw.pricedValue(e) > sw.pricedValue(pick)) pick = e;
        }
        if (pick < 0) continue;
        fixedUnits.push(m);
        fixedEdges.push(pick);
        fixedValue += value[pick]!;
        fixedStay += sw.stayOf(m, pick);
        sw.used[home[pick]!]! += size[pick]!;
        sw.fixedUsed[home[pick]!]! += size[pick]!;
        seeds.push(home[pick]!);
      }
      sw.growRegion(seeds);
      const trial = sw.solveRegion(flowing, fixedValue - leftValue, fixedStay - leftStay, [...leaving, ...fixedUnits], [...unplaced, ...fixedEdges]);
      for (const e of fixedEdges) {
        sw.used[home[e]!]! -= size[e]!;
        sw.fixedUsed[home[e]!]! -= size[e]!;
      }
      consider(trial, seeds);
    }
    // back to the current mode, then the region of the best plan re-solved without the switch
    leaving.forEach((ui, i) => sw.place(ui, leftEdges[i]!));
    const found = best as Trial | null;
    if (!found || !(found.delta > trialEps(found))) continue;
    const keep = sw.settle(found, bestSeeds, maxMoves);
    gain += keep.delta;
    if (keep === found) switched++;
    else reassigned++;
  }
  sw.clearRegion();
  return { tried, switched, reassigned, flows: sw.flows, gain };
}
