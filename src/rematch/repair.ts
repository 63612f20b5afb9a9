/**
 * A local improvement pass on a model solution, run after every solver call: for each unplaced unit, most
 * valuable first, try to place it in one of its homes, either in free places or by moving units out of
 * that home into free places elsewhere (or, when it pays, leaving them out). A move is applied only when it
 * raises the objective, so the pass never makes a solution worse. The solver's heuristic paths (sizes other
 * than 1: sibling groups, bed blocking) can leave a high-priority unit out; this puts such a unit back in
 * when one ejection does it. The bound is unaffected (it comes from the solver or the priced relaxation).
 */
import { candidateValue, type RematchModel } from './build-problem.js';

/**
 * Improve `chosen` in place (candidate index per unit, -1 unplaced). `active` (1 = unit may be placed)
 * excludes the units of a sibling alternative not in play. Returns the number of moves applied.
 *
 * @example
 * const moves = repairSolution(model, chosen, 0);
 */
export function repairSolution(model: RematchModel, chosen: Int32Array, lambda: number, active?: Uint8Array): number {
  const units = model.units;
  const nU = units.length;
  const value = (ui: number, j: number): number => candidateValue(units[ui]!, j) + lambda * units[ui]!.stay[j]!;
  const used = new Int32Array(model.capacity.length);
  const occupants = new Map<number, number[]>();
  const place = (ui: number, j: number): void => {
    const u = units[ui]!;
    const h = u.homes[j]!;
    chosen[ui] = j;
    used[h]! += u.size[j]!;
    const list = occupants.get(h);
    if (list) list.push(ui);
    else occupants.set(h, [ui]);
  };
  const remove = (ui: number): void => {
    const j = chosen[ui]!;
    const u = units[ui]!;
    const h = u.homes[j]!;
    used[h]! -= u.size[j]!;
    const list = occupants.get(h)!;
    list.splice(list.indexOf(ui), 1);
    chosen[ui] = -1;
  };
  for (let ui = 0; ui < nU; ui++) {
    const j = chosen[ui]!;
    if (j >= 0) {
      chosen[ui] = -1;
      place(ui, j);
    }
  }
  const free = (h: number): number => model.capacity[h]! - used[h]!;
  /** Best value a unit can get in free places elsewhere than `exclude` (or 0 unplaced), with its candidate. */
  const relocation = (ui: number, exclude: number): { j: number; v: number } => {
    const u = units[ui]!;
    let best = { j: -1, v: 0 };
    for (let j = 0; j < u.homes.length; j++) {
      const h = u.homes[j]!;
      if (h === exclude || u.size[j]! > free(h)) continue;
      const v = value(ui, j);
      if (v > best.v) best = { j, v };
    }
    return best;
  };

  const order = [...Array(nU).keys()]
    .filter((ui) => chosen[ui]! < 0 && (!active || active[ui]))
    .sort((a, b) => units[b]!.penalty - units[a]!.penalty || (units[a]!.id < units[b]!.id ? -1 : 1));
  let moves = 0;
  for (const ui of order) {
    if (chosen[ui]! >= 0) continue;
    const u = units[ui]!;
    let bestGain = 0;
    let bestPlan: { j: number; evict: { ui: number; to: number }[] } | null = null;
    for (let j = 0; j < u.homes.length; j++) {
      const h = u.homes[j]!;
      const v = value(ui, j);
      if (v <= bestGain) continue;
      const need = u.size[j]! - free(h);
      if (need <= 0) {
        bestGain = v;
        bestPlan = { j, evict: [] };
        continue;
      }
      // eject the occupants of h that lose least, until enough places are free
      const occ = (occupants.get(h) ?? []).map((o) => {
        const cur = value(o, chosen[o]!);
        const rel = relocation(o, h);
        return { o, loss: cur - rel.v, to: rel.j, places: units[o]!.size[chosen[o]!]! };
      });
      occ.sort((a, b) => a.loss / a.places - b.loss / b.places || a.o - b.o);
      let freed = 0;
      let loss = 0;
      const evict: { ui: number; to: number }[] = [];
      for (const x of occ) {
        if (freed >= need) break;
        freed += x.places;
        loss += x.loss;
        evict.push({ ui: x.o, to: x.to });
      }
      if (freed < need) continue;
      // relocations must not collide: re-check them one by one when applying; estimate gain here
      const gain = v - loss;
      if (gain > bestGain + 1e-9) {
        bestGain = gain;
        bestPlan = { j, evict };
      }
    }
    if (!bestPlan) continue;
    // apply: remove ejected units, place the unit, then re-place the ejected where still possible
    const h0 = u.homes[bestPlan.j]!;
    const was = bestPlan.evict.map((e) => ({ ui: e.ui, j: chosen[e.ui]!, v: value(e.ui, chosen[e.ui]!) }));
    for (const e of bestPlan.evict) remove(e.ui);
    place(ui, bestPlan.j);
    let delta = value(ui, bestPlan.j);
    for (const w of was) {
      delta -= w.v;
      const rel = relocation(w.ui, h0);
      if (rel.j >= 0) {
        place(w.ui, rel.j);
        delta += rel.v;
      }
    }
    if (delta > 1e-9) moves++;
    else {
      // not an improvement after all (relocations competed for the same places): undo
      for (const w of was) if (chosen[w.ui]! >= 0) remove(w.ui);
      remove(ui);
      for (const w of was) place(w.ui, w.j);
    }
  }
  return moves;
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
  let current = total(chosen);
  model.exclusive.forEach((set, k) => {
    if (!together[k] || chosen[set.together]! < 0) return;
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
