/**
 * Ejection chains over units of any size, sibling-set switches included (primal only).
 *
 * The size flows (`size-flow.ts`) re-place units of one place size at a time, the set switches and the
 * single-children flow re-place one-place children, the repair follows chains of depth 2. At 80,000 children
 * an exact MIP over one region still found ~3,600 points in chains that mix sizes and modes: a set placed as
 * members switching to "together" in a 3-place home that a 2-place group leaves for a home freed by another
 * group and a single child, and so on (README, session 8).
 *
 * A chain starts at a unit with priced slack (or a sibling set whose other mode wins at the prices): the unit
 * (or the set's current units) leaves, and the units in `pending` are re-inserted one at a time by a
 * depth-first search. A pending unit takes
 * - its best candidate with room (no ejection), or
 * - one of its `breadth` best candidates in a home without room after ejecting the cheapest set of at most
 *   three occupants that frees enough places (the ejected units become pending; at most `maxEjections` per
 *   chain). An occupant's cost is its value there minus its best priced value (value - price x places) in
 *   another home: what it may get back where places are not short; candidates are ranked by their value
 *   minus that cost. Or
 * - for a together unit, its members' alternative (each member on its best candidate with room), or
 * - nothing (it stays unplaced).
 * A unit placed by the chain is not ejected again. The search keeps the best complete chain (no unit
 * pending) and prunes a branch when its gain plus every pending unit's best value cannot beat it; it visits
 * at most `maxNodes` states per start. The best chain is applied when it raises the objective (and keeps
 * `maxMoves`). Capacity and the sets' exclusivity are checked at every placement (a together unit only
 * when no member is placed and the reverse), so they hold by construction. Work is capped by counts, never
 * by the clock: the same model, solution and prices give the same result.
 */
import type { RematchModel } from './build-problem.js';
import { flatCandidates, type FlatCandidates } from './flat-candidates.js';
import { REGION_DEFAULTS, Switcher, trialEps } from './set-switch.js';

/** Options of `improveChains`. */
export interface ChainOptions {
  /** Most chain starts tried (units or sets by priced slack, largest first; default 600). */
  readonly maxStarts?: number;
  /** Smallest priced slack that starts a chain (default 0.5 points). */
  readonly minSlack?: number;
  /** Homes without room tried per pending unit (default 2). */
  readonly breadth?: number;
  /** Most units ejected along one chain (default 6). */
  readonly maxEjections?: number;
  /** Search states visited per start (default 500). */
  readonly maxNodes?: number;
  /** Most settled children moved after a chain (null: no budget). */
  readonly maxMoves?: number | null;
  /**
   * Re-place the single children around a chain by an exact flow (default false): an ejected single child
   * is not re-inserted by the search but counted at its best priced value elsewhere, and the best chain of a
   * start is evaluated with the single children of a region grown around the homes it touches re-assigned
   * by one min-cost flow (`Switcher` in set-switch.ts); starts at single children are left to that flow.
   */
  readonly regionFlow?: boolean;
}

/** Result of `improveChains`. */
export interface ChainOutcome {
  /** Starts searched. */
  readonly starts: number;
  /** Chains applied. */
  readonly chains: number;
  /** Units whose candidate changed. */
  readonly unitsChanged: number;
  /** Search states visited. */
  readonly nodes: number;
  /** Rise of the adjusted objective (sum of v + lambda x stay over placed units), >= 0. */
  readonly gain: number;
}

const EPS = 1e-6;

/**
 * Improve `chosen` (candidate index per unit, -1 = unplaced; modified in place) by ejection chains started
 * at the units and sibling sets with the most priced slack at `prices` (per home). Never lowers the
 * adjusted objective at move multiplier `lambda`; never overfills a home; keeps sibling sets exclusive.
 *
 * @example
 * const out = improveChains(model, chosen, 0, cb.prices, { maxMoves: null });
 * console.log(out.gain, out.chains);
 */
export function improveChains(model: RematchModel, chosen: Int32Array, lambda: number, prices: Float64Array, options: ChainOptions = {}): ChainOutcome {
  const sw = options.regionFlow === true ? new Switcher(model, chosen, lambda, prices, REGION_DEFAULTS) : null;
  const search = new ChainSearch(model, chosen, flatCandidates(model, lambda), prices, options, sw);
  const starts = search.starts(options.maxStarts ?? 600, options.minSlack ?? 0.5);
  for (const s of starts) search.run(s);
  return { starts: starts.length, chains: search.chains, unitsChanged: search.unitsChanged, nodes: search.nodes, gain: search.gain };
}

/** A chain start: the units that leave (a unit, or a set's current units) and those that enter pending. */
interface Start {
  readonly leave: readonly number[];
  readonly enter: readonly number[];
  readonly slack: number;
}

/** The state of one `improveChains` call. Methods rather than closures (one shape per call). */
class ChainSearch {
  readonly model: RematchModel;
  readonly chosen: Int32Array;
  readonly f: FlatCandidates;
  readonly used: Int32Array;
  /** Occupants of each home as doubly linked lists (head per home, -1 = none). */
  readonly head: Int32Array;
  readonly next: Int32Array;
  readonly prev: Int32Array;
  readonly setOf: Int32Array;
  readonly locked: Uint8Array;
  /** Per unit, its best value in a home it fits (NaN until asked). */
  readonly bestValues: Float64Array;
  readonly zeroPrices: Float64Array;
  readonly elsewhere: Float64Array;
  readonly elsewhereHome: Int32Array;
  /** Capacity prices (negative ones as 0): they rank the starts and price where an ejected unit may go. */
  readonly pi: Float64Array;
  readonly breadth: number;
  readonly maxEjections: number;
  readonly maxNodes: number;
  readonly maxMoves: number | null;
  /**
   * The ejection options of the open `dfs` calls, `breadth` slots per call from `optBase` up (a stack of
   * typed arrays, grown as needed: no arrays per search state).
   */
  optE = new Int32Array(64);
  optScore = new Float64Array(64);
  optA = new Int32Array(64);
  optB = new Int32Array(64);
  optC = new Int32Array(64);
  optTop = 0;
  /** `cheapestEjection`'s last answer: the occupants ejected (-1 = none) and their cost. */
  ejA = -1;
  ejB = -1;
  ejC = -1;
  ejLoss = 0;
  /** Units changed in the current search, with their candidate before the change. */
  trail: number[] = [];
  pending: number[] = [];
  best = 0;
  bestChain: number[] = [];
  startNodes = 0;
  moves: number;
  chains = 0;
  unitsChanged = 0;
  nodes = 0;
  gain = 0;

  constructor(
    model: RematchModel,
    chosen: Int32Array,
    f: FlatCandidates,
    prices: Float64Array,
    options: ChainOptions,
    /** With `regionFlow`: the single children's exact re-placement (shares `chosen`). */
    readonly sw: Switcher | null,
  ) {
    // the shortcut over each unit's most valuable candidates (`pricedBest`) needs prices >= 0
    this.pi = prices.every((p) => p >= 0) ? prices : prices.map((p) => Math.max(0, p));
    this.model = model;
    this.chosen = chosen;
    this.f = f;
    this.breadth = options.breadth ?? 2;
    this.maxEjections = options.maxEjections ?? 6;
    this.maxNodes = options.maxNodes ?? 500;
    this.maxMoves = options.maxMoves ?? null;
    const H = model.capacity.length;
    const nU = chosen.length;
    this.used = new Int32Array(H);
    this.head = new Int32Array(H).fill(-1);
    this.next = new Int32Array(nU).fill(-1);
    this.prev = new Int32Array(nU).fill(-1);
    let stay = 0;
    for (let u = 0; u < nU; u++) {
      const j = chosen[u]!;
      if (j < 0) continue;
      const e = f.start[u]! + j;
      this.used[f.home[e]!]! += f.size[e]!;
      this.link(u, f.home[e]!);
      stay += model.units[u]!.stay[j]!;
    }
    this.moves = model.settled - stay;
    this.setOf = new Int32Array(nU).fill(-1);
    model.exclusive.forEach((s, k) => {
      this.setOf[s.together] = k;
      for (const m of s.members) this.setOf[m] = k;
    });
    this.locked = new Uint8Array(nU);
    this.bestValues = new Float64Array(nU).fill(NaN);
    this.zeroPrices = new Float64Array(H);
    this.elsewhere = new Float64Array(nU);
    this.elsewhereHome = new Int32Array(nU).fill(-1);
  }

  link(u: number, h: number): void {
    const first = this.head[h]!;
    this.next[u] = first;
    this.prev[u] = -1;
    if (first >= 0) this.prev[first] = u;
    this.head[h] = u;
  }

  unlink(u: number, h: number): void {
    const p = this.prev[u]!;
    const n = this.next[u]!;
    if (p >= 0) this.next[p] = n;
    else this.head[h] = n;
    if (n >= 0) this.prev[n] = p;
  }

  /** u's best priced value (value - price x places) in a home other than h that it fits (cached per unit and home). */
  bestElsewhere(u: number, h: number): number {
    if (this.elsewhereHome[u] === h) return this.elsewhere[u]!;
    const { f } = this;
    const cap = this.model.capacity;
    let b = 0;
    // the unit's most valuable candidates first (prices >= 0): the rest only when one of them may beat those
    const top = f.top;
    let full = true;
    if (top !== null) {
      for (let i = top.start[u]!, end = top.start[u + 1]!; i < end; i++) {
        const e = top.edge[i]!;
        const x = f.home[e]!;
        if (x === h || f.size[e]! > cap[x]!) continue;
        const v = f.value[e]! - this.pi[x]! * f.size[e]!;
        if (v > b) b = v;
      }
      full = b < top.restBest[u]!;
    }
    if (full) {
      for (let e = f.start[u]!; e < f.start[u + 1]!; e++) {
        const x = f.home[e]!;
        if (x === h || f.size[e]! > cap[x]!) continue;
        const v = f.value[e]! - this.pi[x]! * f.size[e]!;
        if (v > b) b = v;
      }
    }
    this.elsewhereHome[u] = h;
    this.elsewhere[u] = b;
    return b;
  }

  bestValue(u: number): number {
    let b = this.bestValues[u]!;
    if (Number.isNaN(b)) {
      b = this.pricedBest(u, this.zeroPrices);
      this.bestValues[u] = b;
    }
    return b;
  }

  /**
   * max(0, best value - price x size over u's candidates that fit their home), with non-negative prices:
   * the unit's most valuable candidates (`top`) first, the rest only when one of them may beat those.
   */
  pricedBest(u: number, prices: Float64Array): number {
    const { f } = this;
    const cap = this.model.capacity;
    let b = 0;
    const top = f.top;
    if (top !== null) {
      for (let i = top.start[u]!; i < top.start[u + 1]!; i++) {
        const e = top.edge[i]!;
        const h = f.home[e]!;
        if (f.size[e]! > cap[h]!) continue;
        const p = f.value[e]! - prices[h]! * f.size[e]!;
        if (p > b) b = p;
      }
      if (b >= top.restBest[u]!) return b;
    }
    for (let e = f.start[u]!; e < f.start[u + 1]!; e++) {
      const h = f.home[e]!;
      if (f.size[e]! > cap[h]!) continue;
      const p = f.value[e]! - prices[h]! * f.size[e]!;
      if (p > b) b = p;
    }
    return b;
  }

  /** Units and sets by priced slack (largest first, ties by index), at most `max`. */
  starts(max: number, minSlack: number): Start[] {
    const { model, chosen, f, setOf } = this;
    const pi = this.pi;
    const pricedBest = (u: number): number => this.pricedBest(u, pi);
    const pricedNow = (u: number): number => {
      const j = chosen[u]!;
      if (j < 0) return 0;
      const e = f.start[u]! + j;
      return f.value[e]! - pi[f.home[e]!]! * f.size[e]!;
    };
    const out: Start[] = [];
    for (let u = 0; u < chosen.length; u++) {
      const k = setOf[u]!;
      if (k >= 0) {
        const set = model.exclusive[k]!;
        const membersPlaced = set.members.some((m) => chosen[m]! >= 0);
        // a set's unit in play: the together unit when no member is placed, else the members
        if (u === set.together ? membersPlaced : !membersPlaced && chosen[set.together]! >= 0) continue;
      }
      if (this.sw?.single(u)) continue;
      const slack = pricedBest(u) - pricedNow(u);
      if (slack >= minSlack) out.push({ leave: chosen[u]! >= 0 ? [u] : [], enter: [u], slack });
    }
    model.exclusive.forEach((set) => {
      const t = set.together;
      const placedMembers = set.members.filter((m) => chosen[m]! >= 0);
      let alt = 0;
      for (const m of set.members) alt += pricedBest(m);
      if (chosen[t]! >= 0) {
        const slack = alt - pricedNow(t);
        if (slack >= minSlack) out.push({ leave: [t], enter: set.members, slack });
      } else if (placedMembers.length > 0) {
        let now = 0;
        for (const m of placedMembers) now += pricedNow(m);
        const slack = pricedBest(t) - now;
        if (slack >= minSlack) out.push({ leave: placedMembers, enter: [t], slack });
      }
    });
    out.sort((a, b) => b.slack - a.slack || a.enter[0]! - b.enter[0]!);
    return out.slice(0, max);
  }

  /** Search the chains of one start; apply the best when it raises the objective. */
  run(s: Start): void {
    const { chosen } = this;
    this.trail = [];
    this.pending = [];
    this.best = EPS;
    this.bestChain = [];
    this.startNodes = 0;
    let gain = 0;
    for (const u of s.leave) gain += this.setUnit(u, -1);
    for (const u of s.enter) {
      if (chosen[u]! >= 0) continue;
      this.pending.push(u);
    }
    // a unit that left does not come straight back (that is the start undone)
    const skip = s.leave.length === 1 && s.enter.length === 1 && s.leave[0] === s.enter[0] ? this.f.start[s.leave[0]!]! + this.trail[1]! : -1;
    this.dfs(gain, 0, skip);
    this.undoTo(0);
    if (this.bestChain.length === 0) return;
    if (this.sw !== null) {
      this.settleByFlow(this.sw);
      return;
    }
    let dMoves = 0;
    for (let i = 0; i < this.bestChain.length; i += 2) dMoves += this.stayOf(this.bestChain[i]!, chosen[this.bestChain[i]!]!) - this.stayOf(this.bestChain[i]!, this.bestChain[i + 1]!);
    if (this.maxMoves !== null && this.moves + dMoves > this.maxMoves) return;
    const before = Int32Array.from({ length: this.bestChain.length >> 1 }, (_, i) => chosen[this.bestChain[2 * i]!]!);
    // leave first, then enter: every intermediate state keeps the places
    for (let i = 0; i < this.bestChain.length; i += 2) this.setUnit(this.bestChain[i]!, -1);
    for (let i = 0; i < this.bestChain.length; i += 2) {
      const u = this.bestChain[i]!;
      const j = this.bestChain[i + 1]!;
      if (j >= 0) this.setUnit(u, j);
    }
    for (let i = 0; i < this.bestChain.length; i += 2) if (this.bestChain[i + 1] !== before[i >> 1]) this.unitsChanged++;
    this.trail = [];
    this.moves += dMoves;
    this.gain += this.best;
    this.chains++;
  }

  stayOf(u: number, j: number): number {
    return j >= 0 ? this.model.units[u]!.stay[j]! : 0;
  }

  /**
   * The best chain's units that are not single children moved, and the single children of a region around
   * the homes they leave or enter re-placed by an exact flow (or that region re-solved alone, when it pays
   * more): applied when it raises the objective and keeps `maxMoves`.
   */
  settleByFlow(sw: Switcher): void {
    const { chosen, f, bestChain } = this;
    const units: number[] = [];
    const from: number[] = [];
    const to: number[] = [];
    const seeds: number[] = [];
    let base = 0;
    let baseStay = 0;
    for (let i = 0; i < bestChain.length; i += 2) {
      const u = bestChain[i]!;
      if (sw.single(u)) continue;
      const e0 = sw.edgeOf(u);
      const j = bestChain[i + 1]!;
      const e1 = j >= 0 ? f.start[u]! + j : -1;
      units.push(u);
      from.push(e0);
      to.push(e1);
      base += (e1 >= 0 ? f.value[e1]! : 0) - (e0 >= 0 ? f.value[e0]! : 0);
      baseStay += sw.stayOf(u, e1) - sw.stayOf(u, e0);
      if (e0 >= 0) seeds.push(f.home[e0]!);
      if (e1 >= 0) seeds.push(f.home[e1]!);
    }
    for (let i = 0; i < units.length; i++) sw.place(units[i]!, -1);
    for (let i = 0; i < units.length; i++) if (to[i]! >= 0) sw.place(units[i]!, to[i]!);
    sw.growRegion(seeds);
    const found = sw.solveRegion([], base, baseStay, units, to);
    for (let i = 0; i < units.length; i++) sw.place(units[i]!, -1);
    for (let i = 0; i < units.length; i++) if (from[i]! >= 0) sw.place(units[i]!, from[i]!);
    if (!found || !(found.delta > trialEps(found)) || !sw.movesOk(found, this.maxMoves)) return;
    const keep = sw.choose(found, seeds, this.maxMoves);
    const old = Array.from(keep.units, (u) => chosen[u]!);
    sw.apply(keep);
    for (let i = 0; i < keep.units.length; i++) this.shift(keep.units[i]!, old[i]!, chosen[keep.units[i]!]!);
    for (let i = 0; i < keep.units.length; i++) if (chosen[keep.units[i]!] !== old[i]) this.unitsChanged++;
    this.moves -= keep.stayDelta;
    this.gain += keep.delta;
    this.chains++;
  }

  /** Sets unit u's candidate (j = -1: unplaced), recording the old one on the trail; returns the value change. */
  setUnit(u: number, j: number): number {
    const old = this.chosen[u]!;
    const d = this.shift(u, old, j);
    this.chosen[u] = j;
    this.trail.push(u, old);
    return d;
  }

  /** Moves unit u's places and home link from candidate `old` to `j` (-1: unplaced); returns the value change. */
  shift(u: number, old: number, j: number): number {
    const { f } = this;
    let d = 0;
    if (old >= 0) {
      const e = f.start[u]! + old;
      const h = f.home[e]!;
      this.used[h]! -= f.size[e]!;
      this.unlink(u, h);
      d -= f.value[e]!;
    }
    if (j >= 0) {
      const e = f.start[u]! + j;
      const h = f.home[e]!;
      this.used[h]! += f.size[e]!;
      this.link(u, h);
      d += f.value[e]!;
    }
    return d;
  }

  undoTo(mark: number): void {
    while (this.trail.length > mark) {
      const old = this.trail[this.trail.length - 1]!;
      const u = this.trail[this.trail.length - 2]!;
      this.setUnit(u, old);
      this.trail.length -= 4;
    }
  }

  /** May unit u be placed now (its set's other mode unplaced)? */
  free(u: number): boolean {
    const k = this.setOf[u]!;
    if (k < 0) return true;
    const set = this.model.exclusive[k]!;
    if (u === set.together) return set.members.every((m) => this.chosen[m]! < 0);
    return this.chosen[set.together]! < 0;
  }

  dfs(gain: number, ejected: number, skip: number): void {
    this.nodes++;
    this.startNodes++;
    const pending = this.pending;
    if (pending.length === 0) {
      if (gain > this.best) {
        this.best = gain;
        this.bestChain = this.chainNow();
      }
      return;
    }
    let bound = gain;
    for (const u of pending) bound += this.bestValue(u);
    if (bound <= this.best || this.startNodes > this.maxNodes) return;
    const w = pending.pop()!;
    const { f, model, chosen } = this;
    const cap = model.capacity;
    const mark = this.trail.length;
    if (this.free(w)) {
      // options: the best candidate with room, then the `breadth` best with an ejection (this call's slots
      // of the option stack: base .. base + nOpt - 1, best score first)
      let direct = -1;
      const base = this.optTop;
      this.reserveOptions(base + this.breadth);
      this.optTop = base + this.breadth;
      const { optE, optScore, optA, optB, optC } = this;
      let nOpt = 0;
      const canEject = ejected < this.maxEjections && this.breadth > 0;
      for (let e = f.start[w]!; e < f.start[w + 1]!; e++) {
        const v = f.value[e]!;
        if (v <= 0 || e === skip) continue;
        const h = f.home[e]!;
        const s = f.size[e]!;
        const room = cap[h]! - this.used[h]!;
        if (s <= room) {
          if (direct < 0 || v > f.value[direct]!) direct = e;
          continue;
        }
        if (!canEject || s > cap[h]!) continue;
        if (nOpt === this.breadth && v <= optScore[base + nOpt - 1]!) continue;
        if (!this.cheapestEjection(h, s - room, this.maxEjections - ejected)) continue;
        const score = v - this.ejLoss;
        let p = nOpt;
        if (p === this.breadth) {
          if (score <= optScore[base + p - 1]!) continue;
          p--;
        } else nOpt++;
        while (p > 0 && optScore[base + p - 1]! < score) {
          optE[base + p] = optE[base + p - 1]!;
          optScore[base + p] = optScore[base + p - 1]!;
          optA[base + p] = optA[base + p - 1]!;
          optB[base + p] = optB[base + p - 1]!;
          optC[base + p] = optC[base + p - 1]!;
          p--;
        }
        optE[base + p] = e;
        optScore[base + p] = score;
        optA[base + p] = this.ejA;
        optB[base + p] = this.ejB;
        optC[base + p] = this.ejC;
      }
      if (direct >= 0) {
        this.locked[w] = 1;
        const d = this.setUnit(w, direct - f.start[w]!);
        this.dfs(gain + d, ejected, -1);
        this.undoTo(mark);
        this.locked[w] = 0;
      }
      for (let i = 0; i < nOpt; i++) {
        // read through `this`: a deeper call may have grown the stack
        const e = this.optE[base + i]!;
        let g = gain;
        const a = this.optA[base + i]!;
        const b = this.optB[base + i]!;
        const c = this.optC[base + i]!;
        const n = c >= 0 ? 3 : b >= 0 ? 2 : 1;
        const p0 = pending.length;
        const h = f.home[e]!;
        g += this.eject(a, h);
        if (b >= 0) g += this.eject(b, h);
        if (c >= 0) g += this.eject(c, h);
        this.locked[w] = 1;
        g += this.setUnit(w, e - f.start[w]!);
        this.dfs(g, ejected + n, -1);
        this.undoTo(mark);
        this.locked[w] = 0;
        pending.length = p0;
      }
      this.optTop = base;
      const k = this.setOf[w]!;
      if (k >= 0 && model.exclusive[k]!.together === w) {
        // the members' alternative, each on its best candidate with room
        let g = gain;
        let placed = 0;
        for (const m of model.exclusive[k]!.members) {
          let best = -1;
          for (let e = f.start[m]!; e < f.start[m + 1]!; e++) {
            if (f.value[e]! <= 0 || f.size[e]! > cap[f.home[e]!]! - this.used[f.home[e]!]!) continue;
            if (best < 0 || f.value[e]! > f.value[best]!) best = e;
          }
          if (best < 0 || chosen[m]! >= 0) continue;
          this.locked[m] = 1;
          g += this.setUnit(m, best - f.start[m]!);
          placed++;
        }
        if (placed > 0) this.dfs(g, ejected, -1);
        this.undoTo(mark);
        for (const m of model.exclusive[k]!.members) this.locked[m] = 0;
      }
    }
    // or it stays unplaced
    this.dfs(gain, ejected, -1);
    pending.push(w);
  }

  /**
   * Unit u leaves home h: it becomes pending, or with `regionFlow` a single child counts its best priced
   * value elsewhere (the flow re-places it). Returns the value change.
   */
  eject(u: number, h: number): number {
    const d = this.setUnit(u, -1);
    if (this.sw?.single(u)) return d + this.bestElsewhere(u, h);
    this.pending.push(u);
    return d;
  }

  /** Room for the option stack up to slot `n` (grown by copying: the open calls' slots are kept). */
  reserveOptions(n: number): void {
    if (n <= this.optE.length) return;
    const m = 2 * n;
    const grow = <T extends Int32Array | Float64Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.optE = grow(this.optE, new Int32Array(m));
    this.optScore = grow(this.optScore, new Float64Array(m));
    this.optA = grow(this.optA, new Int32Array(m));
    this.optB = grow(this.optB, new Int32Array(m));
    this.optC = grow(this.optC, new Int32Array(m));
  }

  /**
   * The one, two or three unlocked occupants of h whose places cover `need` at the least cost (value there -
   * best priced elsewhere): false when none do, else true with them in `ejA` / `ejB` / `ejC` (-1 = none) and
   * their cost in `ejLoss`.
   */
  cheapestEjection(h: number, need: number, most: number): boolean {
    const { f, chosen } = this;
    let a = -1;
    let b = -1;
    let c = -1;
    let loss = Infinity;
    for (let u = this.head[h]!; u >= 0; u = this.next[u]!) {
      if (this.locked[u]) continue;
      const eu = f.start[u]! + chosen[u]!;
      const su = f.size[eu]!;
      const vu = f.value[eu]! - this.bestElsewhere(u, h);
      if (su >= need) {
        if (vu < loss) {
          loss = vu;
          a = u;
          b = -1;
          c = -1;
        }
        continue;
      }
      if (most < 2) continue;
      for (let x = this.next[u]!; x >= 0; x = this.next[x]!) {
        if (this.locked[x]) continue;
        const ex = f.start[x]! + chosen[x]!;
        const sx = su + f.size[ex]!;
        const l = vu + f.value[ex]! - this.bestElsewhere(x, h);
        if (sx >= need) {
          if (l < loss) {
            loss = l;
            a = u;
            b = x;
            c = -1;
          }
          continue;
        }
        if (most < 3) continue;
        for (let y = this.next[x]!; y >= 0; y = this.next[y]!) {
          if (this.locked[y]) continue;
          const ey = f.start[y]! + chosen[y]!;
          if (sx + f.size[ey]! < need) continue;
          const l3 = l + f.value[ey]! - this.bestElsewhere(y, h);
          if (l3 < loss) {
            loss = l3;
            a = u;
            b = x;
            c = y;
          }
        }
      }
    }
    if (a < 0) return false;
    this.ejA = a;
    this.ejB = b;
    this.ejC = c;
    this.ejLoss = loss;
    return true;
  }

  /** The current chain: (unit, candidate) of every unit changed since the start, first change order. */
  chainNow(): number[] {
    const out: number[] = [];
    const seen = new Set<number>();
    for (let i = 0; i < this.trail.length; i += 2) {
      const u = this.trail[i]!;
      if (seen.has(u)) continue;
      seen.add(u);
      out.push(u, this.chosen[u]!);
    }
    return out;
  }
}
