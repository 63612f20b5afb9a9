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
 * one place everywhere, in no sibling set), and draws in the `perHome` most valuable others with a
 * candidate there (their current home joins the region: that is the chain) and its occupants' best
 * `placements` other homes; at most `maxUnits` units. The region's single children (and the entering
 * units of one place) are then re-assigned exactly over the region's homes with the places everyone else
 * leaves: one min-cost flow (`solver/min-cost-flow.ts`). The best plan is compared with the same region
 * re-solved without the switch; whichever raises the objective more is applied, if it raises it at all.
 *
 * Capacity, "once per unit" and the sets' exclusivity hold by construction (a home's flow capacity is its
 * places minus what the units outside the flow hold there; a plan is dropped if that is negative); with
 * `maxMoves`, a change that would move more settled children than that is dropped. All work is capped by
 * counts, never by the clock: the same model, solution and prices give the same result.
 */
import { minCostTransport } from '../../solver/min-cost-flow.js';
import type { RematchModel } from './build-problem.js';
import type { CapacityBound } from './capacity-bound.js';
import { flatCandidates } from './flat-candidates.js';

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
  /** Units drawn into the region per region home besides its occupants, most valuable there first (default 6). */
  readonly perHome?: number;
  /** Most single children in one region (default 300). */
  readonly maxUnits?: number;
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

const DEFAULTS = { maxSets: 64, minGain: 1, placements: 4, depth: 2, perHome: 6, maxUnits: 300 };

/** A change evaluated: the objective rise, the settled children kept, and the new candidate (flat edge or -1) per unit changed. */
interface Trial {
  readonly delta: number;
  readonly stayDelta: number;
  readonly units: Int32Array;
  readonly edges: Int32Array;
}

/** Single children's candidates by home: those of home h are `edge[start[h]..start[h + 1])` (flat edges), of units `unit[..]`. */
interface HomeIndex {
  readonly start: Int32Array;
  readonly edge: Int32Array;
  readonly unit: Int32Array;
}

/** A counting sort of the single children's candidate homes (units in order, candidates in order within a home). */
function singleChildrenByHome(model: RematchModel, inSet: Uint8Array, unitAllOne: Uint8Array, start: Int32Array, home: Int32Array): HomeIndex {
  const H = model.capacity.length;
  const nU = model.units.length;
  const hStart = new Int32Array(H + 1);
  for (let ui = 0; ui < nU; ui++) {
    if (inSet[ui] !== 0 || unitAllOne[ui] !== 1) continue;
    const b = start[ui + 1]!;
    for (let e = start[ui]!; e < b; e++) hStart[home[e]! + 1]!++;
  }
  for (let h = 0; h < H; h++) hStart[h + 1]! += hStart[h]!;
  const edge = new Int32Array(hStart[H]!);
  const unit = new Int32Array(hStart[H]!);
  const fill = hStart.slice(0, H);
  for (let ui = 0; ui < nU; ui++) {
    if (inSet[ui] !== 0 || unitAllOne[ui] !== 1) continue;
    const b = start[ui + 1]!;
    for (let e = start[ui]!; e < b; e++) {
      const x = fill[home[e]!]!++;
      edge[x] = e;
      unit[x] = ui;
    }
  }
  return { start: hStart, edge, unit };
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
  const maxSets = options.maxSets ?? DEFAULTS.maxSets;
  const minGain = options.minGain ?? DEFAULTS.minGain;
  const placements = options.placements ?? DEFAULTS.placements;
  const depth = options.depth ?? DEFAULTS.depth;
  const perHome = options.perHome ?? DEFAULTS.perHome;
  const maxUnits = options.maxUnits ?? DEFAULTS.maxUnits;
  const maxMoves = options.maxMoves ?? null;
  const none: SetSwitchOutcome = { tried: 0, switched: 0, reassigned: 0, flows: 0, gain: 0 };
  const nU = model.units.length;
  const H = model.capacity.length;
  const cap = model.capacity;
  const pi = priced.prices;
  const flat = flatCandidates(model, lambda);
  const { start, home, size, value, unitAllOne } = flat;
  const edgeOf = (ui: number): number => (chosen[ui]! >= 0 ? start[ui]! + chosen[ui]! : -1);
  const pricedValue = (e: number): number => value[e]! - pi[home[e]!]! * size[e]!;
  const stayOf = (ui: number, e: number): number => (e < 0 ? 0 : model.units[ui]!.stay[e - start[ui]!]!);

  // the sets whose other mode wins at the prices, largest priced gain first
  const ranked: { k: number; gain: number }[] = [];
  model.exclusive.forEach((set, k) => {
    const together = chosen[set.together]! >= 0;
    let current = 0;
    for (const ui of [set.together, ...set.members]) {
      const e = edgeOf(ui);
      if (e >= 0) current += pricedValue(e);
    }
    const other = together ? priced.alternativeValue[k]! : priced.togetherValue[k]!;
    if (other - current > minGain) ranked.push({ k, gain: other - current });
  });
  if (ranked.length === 0 || maxSets <= 0) return none;
  ranked.sort((a, b) => b.gain - a.gain || a.k - b.k);
  if (ranked.length > maxSets) ranked.length = maxSets;

  // single children: in no sibling set, one place on every candidate; they are what the flow re-places
  const inSet = new Uint8Array(nU);
  for (const set of model.exclusive) {
    inSet[set.together] = 1;
    for (const m of set.members) inSet[m] = 1;
  }
  const single = (ui: number): boolean => inSet[ui] === 0 && unitAllOne[ui] === 1;
  // places used per home by everyone, and by units that are not single children (never moved by a flow)
  const used = new Int32Array(H);
  const fixedUsed = new Int32Array(H);
  let stay = 0;
  for (let ui = 0; ui < nU; ui++) {
    const e = edgeOf(ui);
    if (e < 0) continue;
    used[home[e]!]! += size[e]!;
    if (!single(ui)) fixedUsed[home[e]!]! += size[e]!;
    stay += stayOf(ui, e);
  }
  // the single children's candidates by home (flat edge indices, CSR)
  const { start: hStart, edge: hEdge, unit: hUnit } = singleChildrenByHome(model, inSet, unitAllOne, start, home);
  // the region: homes (local index per home) and single children in it
  const homeLocal = new Int32Array(H).fill(-1);
  const inRegion = new Uint8Array(nU);
  let rHomes: number[] = [];
  let rUnits: number[] = [];
  const addHome = (h: number): boolean => {
    if (homeLocal[h]! >= 0) return false;
    homeLocal[h] = rHomes.length;
    rHomes.push(h);
    return true;
  };
  const clearRegion = (): void => {
    for (const h of rHomes) homeLocal[h] = -1;
    for (const ui of rUnits) inRegion[ui] = 0;
    rHomes = [];
    rUnits = [];
  };
  /** A unit's `n` best candidates' homes by value (ties: lower edge). */
  const bestHomes = (ui: number, n: number, priced: boolean): number[] => {
    const es: number[] = [];
    for (let e = start[ui]!; e < start[ui + 1]!; e++) es.push(e);
    const key = (e: number): number => (priced ? pricedValue(e) : value[e]!);
    es.sort((a, b) => key(b) - key(a) || a - b);
    return es.slice(0, n).map((e) => home[e]!);
  };
  const growRegion = (seeds: readonly number[]): void => {
    clearRegion();
    let frontier: number[] = [];
    for (const h of seeds) if (addHome(h)) frontier.push(h);
    const include = (ui: number): void => {
      inRegion[ui] = 1;
      rUnits.push(ui);
    };
    for (let level = 0; level <= depth && frontier.length > 0; level++) {
      const next: number[] = [];
      const reach = (h: number): void => {
        if (addHome(h) && level < depth) next.push(h);
      };
      for (const h of frontier) {
        if (rUnits.length >= maxUnits) break;
        const a = hStart[h]!;
        const b = hStart[h + 1]!;
        // the home's single children (they may move out of the places a switch takes) and their other homes
        for (let x = a; x < b && rUnits.length < maxUnits; x++) {
          const ui = hUnit[x]!;
          if (inRegion[ui] || edgeOf(ui) !== hEdge[x]) continue;
          include(ui);
          for (const g of bestHomes(ui, placements, false)) reach(g);
        }
        // the most valuable others with a candidate here (they may move in; their home joins: a chain)
        const others: number[] = [];
        for (let x = a; x < b; x++) if (!inRegion[hUnit[x]!]) others.push(x);
        others.sort((x, y) => value[hEdge[y]!]! - value[hEdge[x]!]! || x - y);
        for (let i = 0; i < others.length && i < perHome && rUnits.length < maxUnits; i++) {
          const ui = hUnit[others[i]!]!;
          include(ui);
          const e = edgeOf(ui);
          if (e >= 0) reach(home[e]!);
        }
      }
      frontier = next;
    }
  };

  let flows = 0;
  /**
   * The region (grown from `seeds`) re-solved exactly with `extra` (units of one place entering) taking
   * part, after `used` was changed by the plan; `base` is the plan's own change (value, stays). Null when
   * the units outside the flow overfill a region home.
   */
  const solveRegion = (extra: readonly number[], base: number, baseStay: number, fixedUnits: readonly number[], fixedEdges: readonly number[]): Trial | null => {
    const sources = [...rUnits, ...extra];
    const nT = rHomes.length;
    const capacity = new Int32Array(nT);
    for (let t = 0; t < nT; t++) capacity[t] = cap[rHomes[t]!]! - used[rHomes[t]!]!;
    let oldValue = 0;
    let oldStay = 0;
    for (const ui of rUnits) {
      const e = edgeOf(ui);
      if (e < 0) continue;
      capacity[homeLocal[home[e]!]!]! += 1;
      oldValue += value[e]!;
      oldStay += stayOf(ui, e);
    }
    for (let t = 0; t < nT; t++) if (capacity[t]! < 0) return null;
    const edgeStart = new Int32Array(sources.length + 1);
    const es: number[] = [];
    sources.forEach((ui, s) => {
      for (let e = start[ui]!; e < start[ui + 1]!; e++) if (homeLocal[home[e]!]! >= 0) es.push(e);
      edgeStart[s + 1] = es.length;
    });
    const edgeTarget = Int32Array.from(es, (e) => homeLocal[home[e]!]!);
    const edgeCost = Float64Array.from(es, (e) => -value[e]!);
    flows++;
    const r = minCostTransport({
      nSources: sources.length,
      nTargets: nT,
      edgeStart,
      edgeTarget,
      edgeCost,
      supply: null,
      capacity,
      optional: new Uint8Array(sources.length).fill(1),
    });
    const units = [...fixedUnits];
    const edges = [...fixedEdges];
    let newValue = 0;
    let newStay = 0;
    sources.forEach((ui, s) => {
      let to = -1;
      for (let x = edgeStart[s]!; x < edgeStart[s + 1]!; x++) if (r.flow[x]! > 0) to = es[x]!;
      if (to >= 0) {
        newValue += value[to]!;
        newStay += stayOf(ui, to);
      }
      if (to !== edgeOf(ui)) {
        units.push(ui);
        edges.push(to);
      }
    });
    return { delta: base + newValue - oldValue, stayDelta: baseStay + newStay - oldStay, units: Int32Array.from(units), edges: Int32Array.from(edges) };
  };

  /** Move `ui` to flat edge `e` (-1 = unplaced), keeping the counts. */
  const place = (ui: number, e: number): void => {
    const was = edgeOf(ui);
    if (was >= 0) {
      used[home[was]!]! -= size[was]!;
      if (!single(ui)) fixedUsed[home[was]!]! -= size[was]!;
    }
    if (e >= 0) {
      used[home[e]!]! += size[e]!;
      if (!single(ui)) fixedUsed[home[e]!]! += size[e]!;
    }
    stay += stayOf(ui, e) - stayOf(ui, was);
    chosen[ui] = e < 0 ? -1 : e - start[ui]!;
  };
  const movesOk = (t: Trial): boolean => maxMoves === null || model.settled - (stay + t.stayDelta) <= maxMoves;
  const eps = (t: Trial): number => 1e-9 * Math.max(1, Math.abs(t.delta)) + 1e-7;

  let tried = 0;
  let switched = 0;
  let reassigned = 0;
  let gain = 0;
  for (const { k } of ranked) {
    const set = model.exclusive[k]!;
    const toTogether = chosen[set.together]! < 0;
    // the current mode's units leave (their places counted free while plans are evaluated)
    const leaving = (toTogether ? set.members : [set.together]).filter((ui) => chosen[ui]! >= 0);
    const leftEdges = leaving.map(edgeOf);
    const leftHomes = leftEdges.map((e) => home[e]!);
    let leftValue = 0;
    let leftStay = 0;
    leaving.forEach((ui, i) => {
      leftValue += value[leftEdges[i]!]!;
      leftStay += stayOf(ui, leftEdges[i]!);
    });
    tried++;
    for (const ui of leaving) place(ui, -1);
    let best: Trial | null = null;
    let bestSeeds: number[] = [];
    const consider = (t: Trial | null, seeds: number[]): void => {
      if (!t || !movesOk(t)) return;
      if (!best || t.delta > best.delta + eps(t)) {
        best = t;
        bestSeeds = seeds;
      }
    };
    // the leaving units are off: a plan's trial unplaces them (kept in the trial's changes)
    const unplaceAll = { units: leaving, edges: leaving.map(() => -1) };
    if (toTogether) {
      const t = set.together;
      const homes: number[] = [];
      const es: number[] = [];
      for (let e = start[t]!; e < start[t + 1]!; e++) es.push(e);
      es.sort((a, b) => pricedValue(b) - pricedValue(a) || a - b);
      for (const e of es) {
        if (homes.length >= placements) break;
        const h = home[e]!;
        if (fixedUsed[h]! + size[e]! > cap[h]!) continue;
        homes.push(h);
        const seeds = [h, ...leftHomes];
        growRegion(seeds);
        used[h]! += size[e]!;
        const trial = solveRegion([], value[e]! - leftValue, stayOf(t, e) - leftStay, [...unplaceAll.units, t], [...unplaceAll.edges, e]);
        used[h]! -= size[e]!;
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
        if (unitAllOne[m] === 1) {
          flowing.push(m);
          seeds.push(...bestHomes(m, placements, true));
          continue;
        }
        let pick = -1;
        for (let e = start[m]!; e < start[m + 1]!; e++) {
          if (fixedUsed[home[e]!]! + size[e]! > cap[home[e]!]!) continue;
          if (pick < 0 || pricedValue(e) > pricedValue(pick)) pick = e;
        }
        if (pick < 0) continue;
        fixedUnits.push(m);
        fixedEdges.push(pick);
        fixedValue += value[pick]!;
        fixedStay += stayOf(m, pick);
        used[home[pick]!]! += size[pick]!;
        fixedUsed[home[pick]!]! += size[pick]!;
        seeds.push(home[pick]!);
      }
      growRegion(seeds);
      const trial = solveRegion(flowing, fixedValue - leftValue, fixedStay - leftStay, [...unplaceAll.units, ...fixedUnits], [...unplaceAll.edges, ...fixedEdges]);
      fixedEdges.forEach((e) => {
        used[home[e]!]! -= size[e]!;
        fixedUsed[home[e]!]! -= size[e]!;
      });
      consider(trial, seeds);
    }
    // back to the current mode, then the region of the best plan re-solved without the switch
    leaving.forEach((ui, i) => place(ui, leftEdges[i]!));
    const found = best as Trial | null;
    if (!found) continue;
    growRegion(bestSeeds);
    const stayPut = solveRegion([], 0, 0, [], []);
    const keep = stayPut && movesOk(stayPut) && stayPut.delta + eps(stayPut) >= found.delta ? stayPut : found;
    if (!(keep.delta > eps(keep))) continue;
    // apply: units leaving first (their places are what the others take)
    const order = Array.from(keep.units.keys()).sort((a, b) => (keep.edges[a]! < 0 ? 0 : 1) - (keep.edges[b]! < 0 ? 0 : 1) || a - b);
    for (const i of order) place(keep.units[i]!, -1);
    for (const i of order) if (keep.edges[i]! >= 0) place(keep.units[i]!, keep.edges[i]!);
    gain += keep.delta;
    if (keep === found) switched++;
    else reassigned++;
  }
  clearRegion();
  return { tried, switched, reassigned, flows, gain };
}
