/**
 * A local improvement pass on a model solution, run after every solver call: for each unplaced unit, most
 * valuable first, try to place it in one of its homes, either in free places or by moving units out of
 * that home into free places elsewhere (or, when it pays, leaving them out), or, for an occupant taking
 * several places and for every occupant of a settled unit's own home, into a home made free by pushing
 * single-place units on to free places (a depth-2 ejection chain). A move is applied only when it
 * raises the objective, so the pass never makes a solution worse. The solver's heuristic paths (sizes other
 * than 1: sibling groups, bed blocking) can leave a high-priority unit out; this puts such a unit back in
 * when one ejection does it. The bound is unaffected (it comes from the solver or the priced relaxation).
 */
import { candidateValue, type RematchModel } from './build-problem.js';
import { flatCandidates, homeCandidates, type HomeCandidates } from './flat-candidates.js';

/**
 * Improve `chosen` in place (candidate index per unit, -1 unplaced). `active` (1 = unit may be placed)
 * excludes the units of a sibling alternative not in play. Returns the number of moves applied.
 *
 * @example
 * const moves = repairSolution(model, chosen, 0);
 */
export function repairSolution(model: RematchModel, chosen: Int32Array, lambda: number, active?: Uint8Array): number {
  const r = createRepair(model, chosen, lambda, homeCandidates(model));
  // the unplaced units in play, in unit order, then by penalty (a loop: spreading the keys of ~80,000 units
  // into an array to filter it cost ~0.1 s CPU at national scale)
  const order: number[] = [];
  for (let ui = 0; ui < chosen.length; ui++) if (chosen[ui]! < 0 && (!active || active[ui])) order.push(ui);
  order.sort((a, b) => model.units[b]!.penalty - model.units[a]!.penalty || (model.units[a]!.id < model.units[b]!.id ? -1 : 1));
  return r.run(order);
}

/** The push list of a relocation that pushes no one (read only). */
const NO_PUSH: readonly { ui: number; to: number }[] = [];

/** The repair pass's state over one solution, reusable across many local trials (`switchModes`). */
interface Repair {
  /**
   * Try to place each unplaced unit of `order` (in that order), as `repairSolution` does, never in a home of
   * `forbid`; returns moves.
   */
  run(order: readonly number[], forbid?: ReadonlySet<number>): number;
  place(ui: number, j: number): void;
  remove(ui: number): void;
  free(h: number): number;
  /** Start recording every change (for `undo`). */
  begin(): void;
  /** Undo every change since `begin`. */
  undo(): void;
  /** Units changed since `begin` with their candidate before (first change only). */
  changed(): Map<number, number>;
}

function createRepair(model: RematchModel, chosen: Int32Array, lambda: number, index: HomeCandidates): Repair {
  const units = model.units;
  const nU = units.length;
  // the model's candidates flat, values at this lambda (candidateValue + lambda x stay, the same expression)
  const flat = flatCandidates(model, lambda);
  const fStart = flat.start;
  const fValue = flat.value;
  const value = (ui: number, j: number): number => fValue[fStart[ui]! + j]!;
  const used = new Int32Array(model.capacity.length);
  // the units placed in each home, listed on first use (`occupantsOf`) from the index by home and kept up to
  // date from then on: a pass reads a few thousand of the ~60,000 homes of a national re-match (a list per
  // home up front: 60,000 small arrays per pass, 5-15 ms). Every reader sorts them with ties broken by unit
  // index, so a list's order does not matter.
  const occupants: (number[] | undefined)[] = new Array<number[] | undefined>(model.capacity.length);
  const occupantsOf = (h: number): number[] => {
    const known = occupants[h];
    if (known) return known;
    const list: number[] = [];
    for (let x = index.start[h]!, end = index.start[h + 1]!; x < end; x++) {
      const ui = index.unit[x]!;
      const j = chosen[ui]!;
      if (j >= 0 && fStart[ui]! + j === index.edge[x]) list.push(ui);
    }
    occupants[h] = list;
    return list;
  };
  let journal: [number, number][] | null = null;
  // the relocation cache below: a unit's entry is valid while `topVer[ui] === version`. A change of the free
  // places of home h makes stale the entries it can change: fewer places, the
  // entries listing h; more places, those of units with a candidate in h that now fits and could enter the list
  const version = 0;
  let topVer = new Float64Array(0);
  const changedHome = (h: number, before: number, after: number): void => {
    const end = index.start[h + 1]!;
    for (let x = index.start[h]!; x < end; x++) {
      const ui = index.unit[x]!;
      if (topVer[ui] !== version) continue;
      const o = ui * TOP;
      const n = topN[ui]!;
      if (after < before) {
        for (let q = 0; q < n; q++) if (topH[o + q] === h) topVer[ui] = -1;
      } else {
        const j = index.edge[x]! - fStart[ui]!;
        const size = units[ui]!.size[j]!;
        if (size > after || size <= before) continue;
        if (value(ui, j) >= (n < TOP ? 0 : topV[o + TOP - 1]!)) topVer[ui] = -1;
      }
    }
  };
  const place = (ui: number, j: number): void => {
    if (journal) journal.push([ui, chosen[ui]!]);
    const u = units[ui]!;
    const h = u.homes[j]!;
    chosen[ui] = j;
    used[h]! += u.size[j]!;
    changedHome(h, free(h) + u.size[j]!, free(h));
    // (a home not listed yet lists the unit when first read: chosen[ui] is set)
    occupants[h]?.push(ui);
  };
  const remove = (ui: number): void => {
    if (journal) journal.push([ui, chosen[ui]!]);
    const j = chosen[ui]!;
    const u = units[ui]!;
    const h = u.homes[j]!;
    used[h]! -= u.size[j]!;
    changedHome(h, free(h) - u.size[j]!, free(h));
    const list = occupants[h];
    if (list) list.splice(list.indexOf(ui), 1);
    chosen[ui] = -1;
  };
  for (let ui = 0; ui < nU; ui++) {
    const j = chosen[ui]!;
    if (j < 0) continue;
    const u = units[ui]!;
    const h = u.homes[j]!;
    used[h]! += u.size[j]!;
  }
  const free = (h: number): number => model.capacity[h]! - used[h]!;
  // Per unit, the best candidates in free places (value > 0) in distinct homes, at most TOP of them, ordered
  // by value then candidate index: `relocation` excludes at most two homes, so the first of these outside the
  // excluded homes is its answer. Computed on demand and kept while no place in its homes changes: a repair
  // plan asks for the same units' relocations many times over (each home of each occupant's candidates).
  const TOP = 3;
  topVer = new Float64Array(nU).fill(-1);
  const topN = new Uint8Array(nU);
  const topJ = new Int32Array(nU * TOP);
  const topH = new Int32Array(nU * TOP);
  const topV = new Float64Array(nU * TOP);
  // the model's candidates best-first (values at this lambda): the few most valuable usually decide
  const ftop = flat.top;
  let n = 0;
  const fHome = flat.home;
  const fSize = flat.size;
  /** Candidate j (flat index e) of unit ui into its list (value(ui, j) is fValue[e]: the same expression). */
  const consider = (ui: number, j: number, e: number): void => {
    const o = ui * TOP;
    const h = fHome[e]!;
    if (fSize[e]! > free(h)) return;
    const v = fValue[e]!;
    if (v <= 0) return;
    // the same home at an earlier candidate: keep the better (the earlier on a tie)
    let at = -1;
    for (let q = 0; q < n; q++) if (topH[o + q] === h) at = q;
    if (at >= 0) {
      if (v <= topV[o + at]!) return;
      for (let q = at; q < n - 1; q++) {
        topJ[o + q] = topJ[o + q + 1]!;
        topH[o + q] = topH[o + q + 1]!;
        topV[o + q] = topV[o + q + 1]!;
      }
      n--;
    }
    if (n === TOP && v <= topV[o + TOP - 1]!) return;
    let q = n < TOP ? n++ : TOP - 1;
    while (q > 0 && v > topV[o + q - 1]!) {
      topJ[o + q] = topJ[o + q - 1]!;
      topH[o + q] = topH[o + q - 1]!;
      topV[o + q] = topV[o + q - 1]!;
      q--;
    }
    topJ[o + q] = j;
    topH[o + q] = h;
    topV[o + q] = v;
  };
  const fillTop = (ui: number): void => {
    // the result is the TOP best (value, then candidate index) in distinct homes whatever the order the
    // candidates are read in: from the unit's most valuable candidates alone when the TOP found there are
    // all worth more than every other candidate
    if (ftop !== null) {
      n = 0;
      const base = flat.start[ui]!;
      for (let q = ftop.start[ui]!, end = ftop.start[ui + 1]!; q < end; q++) {
        const e = ftop.edge[q]!;
        consider(ui, e - base, e);
      }
      if (n === TOP && topV[ui * TOP + TOP - 1]! > ftop.restBest[ui]!) {
        topN[ui] = n;
        topVer[ui] = version;
        return;
      }
    }
    n = 0;
    const base = flat.start[ui]!;
    const deg = flat.start[ui + 1]! - base;
    for (let j = 0; j < deg; j++) consider(ui, j, base + j);
    topN[ui] = n;
    topVer[ui] = version;
  };
  /**
   * Where in `topJ` / `topV` the best relocation of a unit into free places elsewhere than `exclude` /
   * `exclude2` is (candidate and value; read at once: a later call may refill the unit's entries), or -1
   * when it has none (it stays unplaced, value 0). No object per call.
   */
  const relocationSlot = (ui: number, exclude: number, exclude2 = -1): number => {
    if (topVer[ui] !== version) fillTop(ui);
    const o = ui * TOP;
    for (let q = 0; q < topN[ui]!; q++) {
      const h = topH[o + q]!;
      if (h !== exclude && h !== exclude2) return o + q;
    }
    return -1;
  };
  /** Best value a unit can get in free places elsewhere than `exclude` / `exclude2` (or 0 unplaced). */
  const relocation = (ui: number, exclude: number, exclude2 = -1): { j: number; v: number } => {
    const at = relocationSlot(ui, exclude, exclude2);
    return at < 0 ? { j: -1, v: 0 } : { j: topJ[at]!, v: topV[at]! };
  };
  interface Relocation {
    readonly j: number;
    /** Value of the relocated unit, less what the single-place units it pushes on lose. */
    readonly v: number;
    /** Single-place units moved out of the way first (to = their new candidate, or -1 out). */
    readonly push: readonly { ui: number; to: number }[];
  }
  /**
   * Relocation of a unit taking several places (a sibling group, a child blocking a home): into free places
   * as above, or into a home whose free places plus those of single-place occupants who can move to free
   * places elsewhere are enough (a depth-2 ejection chain). Without it, a group that took a settled child's
   * home in the dive can never give it back when no home has the group's places free.
   */
  // relocationDeep's single-place occupants of one home (unit, loss, candidate elsewhere): work arrays
  let occO = new Int32Array(16);
  let occL = new Float64Array(16);
  let occT = new Int32Array(16);
  const relocationDeep = (ui: number, exclude: number): Relocation => {
    const base = relocationSlot(ui, exclude);
    let bestJ = base < 0 ? -1 : topJ[base]!;
    let bestV = base < 0 ? 0 : topV[base]!;
    let push: readonly { ui: number; to: number }[] = NO_PUSH;
    const u = units[ui]!;
    for (let j = 0; j < u.homes.length; j++) {
      const h = u.homes[j]!;
      if (h === exclude) continue;
      const need = u.size[j]! - free(h);
      if (need <= 0) continue;
      const v = value(ui, j);
      if (v <= bestV) continue;
      const list = occupantsOf(h);
      if (occO.length < list.length) {
        occO = new Int32Array(2 * list.length);
        occL = new Float64Array(2 * list.length);
        occT = new Int32Array(2 * list.length);
      }
      let n = 0;
      for (let i = 0; i < list.length; i++) {
        const o = list[i]!;
        if (units[o]!.size[chosen[o]!]! !== 1) continue;
        const at = relocationSlot(o, h, exclude);
        occO[n] = o;
        occL[n] = value(o, chosen[o]!) - (at < 0 ? 0 : topV[at]!);
        occT[n] = at < 0 ? -1 : topJ[at]!;
        n++;
      }
      if (n < need) continue;
      // the `need` least losses (ties: lower unit) in that order, by a partial selection sort, summed in it
      let loss = 0;
      for (let q = 0; q < need; q++) {
        let m = q;
        for (let r = q + 1; r < n; r++) if (occL[r]! < occL[m]! || (occL[r] === occL[m] && occO[r]! < occO[m]!)) m = r;
        if (m !== q) {
          const o = occO[q]!;
          const l = occL[q]!;
          const t = occT[q]!;
          occO[q] = occO[m]!;
          occL[q] = occL[m]!;
          occT[q] = occT[m]!;
          occO[m] = o;
          occL[m] = l;
          occT[m] = t;
        }
        loss += occL[q]!;
      }
      if (v - loss > bestV + 1e-9) {
        bestJ = j;
        bestV = v - loss;
        const moved: { ui: number; to: number }[] = [];
        for (let q = 0; q < need; q++) moved.push({ ui: occO[q]!, to: occT[q]! });
        push = moved;
      }
    }
    return { j: bestJ, v: bestV, push };
  };

  const run = (order: readonly number[], forbid?: ReadonlySet<number>): number => {
  let moves = 0;
  for (const ui of order) {
    if (chosen[ui]! >= 0) continue;
    const u = units[ui]!;
    let bestGain = 0;
    let bestPlan: { j: number; evict: { ui: number; rel: Relocation }[] } | null = null;
    for (let j = 0; j < u.homes.length; j++) {
      const h = u.homes[j]!;
      if (forbid && forbid.has(h)) continue;
      const v = value(ui, j);
      if (v <= bestGain) continue;
      const need = u.size[j]! - free(h);
      if (need <= 0) {
        bestGain = v;
        bestPlan = { j, evict: [] };
        continue;
      }
      // eject the occupants of h that lose least, until enough places are free
      const occ = occupantsOf(h).map((o) => {
        const cur = value(o, chosen[o]!);
        const places = units[o]!.size[chosen[o]!]!;
        // depth-2 chains for units taking several places, and for every occupant when a settled unit is
        // going back to its own home (a settled child is not evicted while a chain of moves avoids it)
        const deep = places > 1 || u.stay[j]! > 0;
        let rel: Relocation;
        if (deep) rel = relocationDeep(o, h);
        else {
          const at = relocationSlot(o, h);
          rel = at < 0 ? { j: -1, v: 0, push: NO_PUSH } : { j: topJ[at]!, v: topV[at]!, push: NO_PUSH };
        }
        return { o, loss: cur - rel.v, rel, places };
      });
      occ.sort((a, b) => a.loss / a.places - b.loss / b.places || a.o - b.o);
      let freed = 0;
      let loss = 0;
      const evict: { ui: number; rel: Relocation }[] = [];
      for (const x of occ) {
        if (freed >= need) break;
        freed += x.places;
        loss += x.loss;
        evict.push({ ui: x.o, rel: x.rel });
      }
      if (freed < need) continue;
      // relocations must not collide: re-checked when applying; estimate gain here
      const gain = v - loss;
      if (gain > bestGain + 1e-9) {
        bestGain = gain;
        bestPlan = { j, evict };
      }
    }
    if (!bestPlan) continue;
    // apply: remove ejected units, place the unit, then re-place the ejected (pushing single-place units
    // aside first where planned) where still possible; keep the whole change only if the objective rose
    const h0 = u.homes[bestPlan.j]!;
    const touched = new Map<number, number>(); // unit -> candidate before the change
    const touch = (x: number): void => {
      if (!touched.has(x)) touched.set(x, chosen[x]!);
    };
    for (const e of bestPlan.evict) {
      touch(e.ui);
      remove(e.ui);
    }
    touch(ui);
    place(ui, bestPlan.j);
    for (const e of bestPlan.evict) {
      let placed = false;
      if (e.rel.push.length > 0 && e.rel.j >= 0) {
        const target = units[e.ui]!.homes[e.rel.j]!;
        for (const p of e.rel.push) {
          if (chosen[p.ui]! < 0 || units[p.ui]!.homes[chosen[p.ui]!] !== target) continue;
          touch(p.ui);
          remove(p.ui);
          if (p.to >= 0 && units[p.ui]!.size[p.to]! <= free(units[p.ui]!.homes[p.to]!) && units[p.ui]!.homes[p.to] !== h0) place(p.ui, p.to);
        }
        if (units[e.ui]!.size[e.rel.j]! <= free(target)) {
          place(e.ui, e.rel.j);
          placed = true;
        }
      }
      if (!placed) {
        const rel = relocation(e.ui, h0);
        if (rel.j >= 0) place(e.ui, rel.j);
      }
    }
    // units pushed aside but not re-placed: a free place elsewhere, if any
    for (const [x, before] of touched) if (before >= 0 && chosen[x]! < 0 && x !== ui) {
      const rel = relocation(x, -1);
      if (rel.j >= 0) place(x, rel.j);
    }
    let delta = 0;
    for (const [x, before] of touched) {
      if (chosen[x]! >= 0) delta += value(x, chosen[x]!);
      if (before >= 0) delta -= value(x, before);
    }
    if (delta > 1e-9) moves++;
    else {
      // not an improvement after all (relocations competed for the same places): undo
      for (const [x] of touched) if (chosen[x]! >= 0) remove(x);
      for (const [x, before] of touched) if (before >= 0) place(x, before);
    }
  }
  return moves;
  };
  return {
    run,
    place,
    remove,
    free,
    begin: () => {
      journal = [];
    },
    undo: () => {
      const j = journal ?? [];
      journal = null;
      for (let q = j.length - 1; q >= 0; q--) {
        const [ui, before] = j[q]!;
        if (chosen[ui]! >= 0) remove(ui);
        if (before >= 0) place(ui, before);
      }
    },
    changed: () => {
      const out = new Map<number, number>();
      for (const [ui, before] of journal ?? []) if (!out.has(ui)) out.set(ui, before);
      return out;
    },
  };
}

/**
 * A second local move for sibling groups fixed "together": take the together unit out, put the group's
 * alternative units (as today / split) in their best free places, then re-insert whoever is unplaced
 * (`repairSolution`), and keep the result only if the objective rose. This undoes a together placement that
 * cost a settled child their home. `together[k]` is updated for switched groups. Returns the switches made.
 *
 * @example
 * const switched = repairModes(model, chosen, 0, together);
 */
export function repairModes(model: RematchModel, chosen: Int32Array, lambda: number, together: Uint8Array): number {
  const nU = model.units.length;
  const value = (ui: number, j: number): number => candidateValue(model.units[ui]!, j) + lambda * model.units[ui]!.stay[j]!;
  const total = (c: Int32Array): number => {
    let s = 0;
    for (let ui = 0; ui < nU; ui++) if (c[ui]! >= 0) s += value(ui, c[ui]!);
    return s;
  };
  const activeFor = (t: Uint8Array): Uint8Array => {
    const active = new Uint8Array(nU).fill(1);
    model.exclusive.forEach((set, k) => {
      if (t[k]) for (const m of set.members) active[m] = 0;
      else active[set.together] = 0;
    });
    return active;
  };
  let switches = 0;
  // the objective, read only when some group is placed together (at national scale the first mode round
  // fixes every group in its alternative, and the read of ~80,000 units was the call's whole cost)
  let current = Number.NaN;
  model.exclusive.forEach((set, k) => {
    if (!together[k] || chosen[set.together]! < 0) return;
    if (Number.isNaN(current)) current = total(chosen);
    const trial = Int32Array.from(chosen);
    trial[set.together] = -1;
    const modes = Uint8Array.from(together);
    modes[k] = 0;
    // the alternative units first (highest value first), then everyone else left out
    const used = new Int32Array(model.capacity.length);
    trial.forEach((j, ui) => {
      if (j >= 0) used[model.units[ui]!.homes[j]!]! += model.units[ui]!.size[j]!;
    });
    for (const m of set.members) {
      const u = model.units[m]!;
      let best = -1;
      for (let j = 0; j < u.homes.length; j++) {
        if (u.size[j]! > model.capacity[u.homes[j]!]! - used[u.homes[j]!]!) continue;
        if (best < 0 || value(m, j) > value(m, best)) best = j;
      }
      if (best >= 0) {
        trial[m] = best;
        used[u.homes[best]!]! += u.size[best]!;
      }
    }
    repairSolution(model, trial, lambda, activeFor(modes));
    const v = total(trial);
    if (v > current + 1e-9) {
      chosen.set(trial);
      together[k] = 0;
      current = v;
      switches++;
    }
  });
  return switches;
}

/** Attempts per group in `switchModes` (each with the homes of the failed ones forbidden). */
const SWITCH_ATTEMPTS = 8;

/**
 * Local mode switches for sibling groups with an alternative (as today / split), in both directions: for
 * each group whose mode differs from `prefer` (e.g. the modes the priced relaxation prefers), take the
 * current mode's units out, put the other mode's units in (most valuable first, ejecting occupants as
 * `repairSolution` does), let whoever can use the places freed move in (`repairSolution` on the unplaced
 * units with a candidate in those homes), and keep the change only if the objective rose. Solves nothing:
 * this is how a model too large for a second full solve still gets the modes the relaxation prefers (at
 * national scale, a displaced sibling who cannot join a settled sibling's full home is placed with the whole
 * group elsewhere). `together[k]` is updated for switched groups. Returns the switches made; never lowers
 * the objective, never overfills a home, never places both modes of a group. `modeBound[k]`, when given,
 * is an upper bound on the objective (lambda included) of every solution with group k in mode `prefer[k]`
 * (`modeBounds` of a priced bound): a group whose bound is below the current objective is not tried (its
 * trials could only be undone; measured on the 240-child re-matches of the simulation, most of them).
 *
 * @example
 * const switched = switchModes(model, chosen, 0, together, bound.together);
 */
export function switchModes(
  model: RematchModel,
  chosen: Int32Array,
  lambda: number,
  together: Uint8Array,
  prefer: Uint8Array,
  modeBound?: Float64Array,
  memo?: SwitchMemo,
): number {
  const units = model.units;
  const nU = units.length;
  const value = (ui: number, j: number): number => candidateValue(units[ui]!, j) + lambda * units[ui]!.stay[j]!;
  // units with a candidate in each home (for "who can use the places freed", and the repair's cache)
  const index = homeCandidates(model);
  const headCount = index.start;
  const byHome = index.unit;
  const modeActive = new Uint8Array(nU).fill(1);
  const setOf = new Int32Array(nU).fill(-1);
  model.exclusive.forEach((set, k) => {
    setOf[set.together] = k;
    for (const m of set.members) setOf[m] = k;
    if (together[k]) for (const m of set.members) modeActive[m] = 0;
    else modeActive[set.together] = 0;
  });
  const rep = createRepair(model, chosen, lambda, index);
  const byPenalty = (x: number, y: number): number => units[y]!.penalty - units[x]!.penalty || (units[x]!.id < units[y]!.id ? -1 : 1);
  let switches = 0;
  // the objective now (to skip switches a bound rules out), with a margin for rounding in long sums
  let current = 0;
  let magnitude = 0;
  if (modeBound) {
    for (let ui = 0; ui < nU; ui++) {
      const j = chosen[ui]!;
      if (j < 0) continue;
      const v = value(ui, j);
      current += v;
      magnitude += Math.abs(v);
    }
  }
  const margin = 1e-9 * Math.max(1, magnitude) + 1e-6;
  // the failures recorded for the current solution (a trial is a function of the solution, the modes and
  // lambda: one that failed on the same state fails again)
  let failed = memo ? memo.failuresAt(chosen, together, lambda) : null;
  model.exclusive.forEach((set, k) => {
    if (prefer[k] === together[k]) return;
    // no solution with the group in the other mode beats this one: every trial would be undone
    if (modeBound && modeBound[k]! < current - margin) return;
    const key = 2 * k + prefer[k]!;
    if (failed && failed.has(key)) return;
    const toTogether = prefer[k] === 1;
    const leaving = toTogether ? set.members : [set.together];
    const entering = toTogether ? [set.together] : set.members;
    // a trial whose ejections cost more than the switch gains is undone and tried again with the homes the
    // entering units took forbidden (the repair's plan is chosen on estimates), at most SWITCH_ATTEMPTS times
    const forbid = new Set<number>();
    for (let attempt = 0; attempt < SWITCH_ATTEMPTS; attempt++) {
      rep.begin();
      const freed = new Set<number>();
      for (const ui of leaving) {
        const j = chosen[ui]!;
        if (j < 0) continue;
        freed.add(units[ui]!.homes[j]!);
        rep.remove(ui);
      }
      // step 1: the entering units, ejecting occupants where it pays
      rep.run([...entering].sort(byPenalty), forbid);
      // step 2: unplaced units in play that could use a freed home
      const next: number[] = [];
      const seen = new Set<number>();
      for (const h of freed) {
        if (rep.free(h) <= 0) continue;
        for (let x = headCount[h]!; x < headCount[h + 1]!; x++) {
          const ui = byHome[x]!;
          if (chosen[ui]! >= 0 || seen.has(ui)) continue;
          const s = setOf[ui]!;
          const inPlay = s === k ? entering.includes(ui) : modeActive[ui] === 1;
          if (!inPlay) continue;
          seen.add(ui);
          next.push(ui);
        }
      }
      if (next.length > 0) rep.run(next.sort(byPenalty));
      let delta = 0;
      for (const [ui, before] of rep.changed()) {
        if (chosen[ui]! >= 0) delta += value(ui, chosen[ui]!);
        if (before >= 0) delta -= value(ui, before);
      }
      if (delta > 1e-7) {
        current += delta;
        together[k] = prefer[k]!;
        for (const ui of leaving) modeActive[ui] = 0;
        for (const ui of entering) modeActive[ui] = 1;
        switches++;
        // (only the units this trial changed differ from the solution of the memo's previous call)
        if (memo) failed = memo.failuresAt(chosen, together, lambda, rep.changed().keys());
        return;
      }
      let took = false;
      for (const ui of entering) {
        if (chosen[ui]! < 0) continue;
        forbid.add(units[ui]!.homes[chosen[ui]!]!);
        took = true;
      }
      rep.undo();
      if (!took) break;
    }
    failed?.add(key);
  });
  return switches;
}

/**
 * Remembers, per solution met by `switchModes` (its chosen candidates, modes and multiplier), the group
 * switches that failed there, so a later call on the same solution does not run them again (the optimiser
 * calls `switchModes` twice per round, and a round that does not improve the incumbent leaves it as it was).
 *
 * @example
 * const memo = new SwitchMemo();
 * switchModes(model, chosen, 0, together, prefer, undefined, memo);
 */
export class SwitchMemo {
  /**
   * The states met, oldest first. Only the latest state's chosen candidates are kept in full (`latest`);
   * each older state keeps the entries where it differs from the next one (`backIndex` / `backValue`, its
   * own values there): a state is a few moves away from the next, and a full copy per state was ~50 MB of
   * arrays per national-scale re-match.
   */
  private readonly states: {
    hash: number;
    together: Uint8Array;
    lambda: number;
    failed: Set<number>;
    backIndex: Int32Array;
    backValue: Int32Array;
  }[] = [];
  private latest: Int32Array = new Int32Array(0);
  /** Work array: an older state's chosen candidates, rebuilt when its hash matches. */
  private rebuilt: Int32Array = new Int32Array(0);
  /**
   * The chosen candidates of the previous call and their hash (a sum of per-entry hashes, so a change of a
   * few entries updates it without reading the rest: at 80k, hashing and comparing the whole solution at each
   * of ~160 calls cost ~0.3-0.7 s of CPU).
   */
  private mirror: Int32Array = new Int32Array(0);
  private mirrorHash = 0;
  /** True when `mirror` equals `latest` (the previous call stored its state, or found the latest one). */
  private mirrorIsLatest = false;
  /** Work list: the entries where this call's solution differs from the previous call's (valid with `changed`). */
  private diff: Int32Array = new Int32Array(64);

  /**
   * The failures recorded for this exact state (a new, empty record when it was not met before). `changed`
   * (optional): the only entries where `chosen` can differ from the `chosen` of this memo's previous call
   * (a superset is fine; every entry that differs MUST be listed); without it the whole solution is read.
   */
  failuresAt(chosen: Int32Array, together: Uint8Array, lambda: number, changed?: Iterable<number>): Set<number> {
    let mirror = this.mirror;
    // nDiff: entries where chosen differs from the previous call's solution, listed in `diff` (-1: not known)
    let nDiff = -1;
    if (changed !== undefined && mirror.length === chosen.length) {
      let h = this.mirrorHash;
      nDiff = 0;
      for (const i of changed) {
        const c = chosen[i]!;
        const o = mirror[i]!;
        if (c === o) continue;
        h = (h - entryHash(i, o) + entryHash(i, c)) | 0;
        mirror[i] = c;
        if (nDiff === this.diff.length) {
          const grown = new Int32Array(2 * nDiff);
          grown.set(this.diff);
          this.diff = grown;
        }
        this.diff[nDiff++] = i;
      }
      this.mirrorHash = h;
    } else {
      if (mirror.length !== chosen.length) mirror = this.mirror = new Int32Array(chosen.length);
      mirror.set(chosen);
      let h = 0;
      for (let i = 0; i < chosen.length; i++) h = (h + entryHash(i, chosen[i]!)) | 0;
      this.mirrorHash = h;
    }
    // the state's hash: the solution's, then the modes (FNV-1a)
    let hash = this.mirrorHash;
    for (let i = 0; i < together.length; i++) hash = Math.imul(hash ^ together[i]!, 16777619);
    const states = this.states;
    const knownDiff = nDiff >= 0 && this.mirrorIsLatest;
    for (let k = 0; k < states.length; k++) {
      const st = states[k]!;
      if (st.hash === hash && st.lambda === lambda && sameArray(st.together, together) && this.chosenAt(k, chosen)) {
        this.mirrorIsLatest = k === states.length - 1;
        return st.failed;
      }
    }
    const failed = new Set<number>();
    const latest = this.latest;
    if (states.length === 0 || latest.length !== chosen.length) {
      // the first state (or another model's solution: the records so far only ever skip trials, dropping them
      // changes no result)
      states.length = 0;
      this.latest = Int32Array.from(chosen);
    } else {
      let backIndex: Int32Array;
      let backValue: Int32Array;
      if (knownDiff) {
        // latest is the previous call's solution: it differs from this one exactly at the listed entries
        backIndex = this.diff.slice(0, nDiff).sort();
        backValue = new Int32Array(nDiff);
        for (let x = 0; x < nDiff; x++) {
          const i = backIndex[x]!;
          backValue[x] = latest[i]!;
          latest[i] = chosen[i]!;
        }
      } else {
        let n = 0;
        for (let i = 0; i < chosen.length; i++) if (latest[i] !== chosen[i]) n++;
        backIndex = new Int32Array(n);
        backValue = new Int32Array(n);
        n = 0;
        for (let i = 0; i < chosen.length; i++) {
          if (latest[i] === chosen[i]) continue;
          backIndex[n] = i;
          backValue[n++] = latest[i]!;
          latest[i] = chosen[i]!;
        }
      }
      const prev = states[states.length - 1]!;
      prev.backIndex = backIndex;
      prev.backValue = backValue;
    }
    states.push({ hash, together: Uint8Array.from(together), lambda, failed, backIndex: EMPTY_INDEX, backValue: EMPTY_INDEX });
    this.mirrorIsLatest = true;
    return failed;
  }

  /** Whether stored state k's chosen candidates are `chosen` (the latest state's, undone back to state k). */
  private chosenAt(k: number, chosen: Int32Array): boolean {
    const latest = this.latest;
    const last = this.states.length - 1;
    if (k === last) return sameArray(latest, chosen);
    if (this.rebuilt.length !== latest.length) this.rebuilt = new Int32Array(latest.length);
    const state = this.rebuilt;
    state.set(latest);
    for (let r = last - 1; r >= k; r--) {
      const { backIndex, backValue } = this.states[r]!;
      for (let x = 0; x < backIndex.length; x++) state[backIndex[x]!] = backValue[x]!;
    }
    return sameArray(state, chosen);
  }
}

/** Hash of entry i of a solution holding candidate c (mixed: the solution's hash is the sum over its entries). */
function entryHash(i: number, c: number): number {
  let x = Math.imul(i, 0x9e3779b1) ^ Math.imul(c + 2, 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return x ^ (x >>> 16);
}

const EMPTY_INDEX = new Int32Array(0);

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
