/**
 * Better capacity prices for the priced bound `capacityBound` by exact coordinate descent (maximisation
 * form; see `capacity-bound.ts` for L).
 *
 * With every other price fixed, L is a convex piecewise-linear function of one home's price p:
 *
 *   L(p) = p cap_h + sum over units / sets with a candidate on h of their term at p + (the rest, constant)
 *
 * and a free unit's term is max(A_u, v_uh - p s_uh), where A_u >= 0 is its best option on another home (or
 * unplaced). Its slope is cap_h minus the places of the units that prefer h at p, so the minimiser is the
 * price at which the units bidding (v_uh - A_u) / s_uh above it first overfill the home (0 when they never
 * do): a weighted median of the bids. Each home in turn gets that price; the change is kept only when L,
 * re-evaluated exactly over every unit and sibling set with a candidate on the home (a set's term as in
 * `capacityBound`: its best together candidate against its alternative units' best fitting combination),
 * strictly falls. Sibling sets' units bid like free units in the proposal only; the exact re-evaluation
 * decides.
 *
 * Any prices >= 0 give a valid bound, so the result is always safe to evaluate with `capacityBound`; the
 * descent only lowers L. It reaches what projected subgradient steps miss when the bound is far from smooth:
 * e.g. a home whose occupants have nowhere else to go costs nothing to price up, and pricing it up lowers
 * every other bidder's term. Deterministic (homes in index order, passes capped by count).
 */
import type { RematchModel } from './build-problem.js';
import { bestFittingCombination } from './fitting-combination.js';
import { flatCandidates } from './flat-candidates.js';
import { Scratch } from '../../solver/scratch.js';

/**
 * The descent's work arrays (per candidate, home and unit), reused from one call to the next (~20 MB after a
 * national re-match): like the solver's own, a bounded per-thread cache. Nothing in a result is a view of them.
 */
const scratch = new Scratch();

/** Options of `descendPrices` (work caps are counts). */
export interface PriceDescentOptions {
  /** Passes over every home (default 3); a pass that lowers L by less than `minGain` ends the descent. */
  readonly maxPasses?: number;
  /** Default 1e-6 (points). */
  readonly minGain?: number;
}

/** Result of `descendPrices`. */
export interface PriceDescent {
  /** The new prices (a copy; >= 0). */
  readonly prices: Float64Array;
  /** Price changes kept. */
  readonly changed: number;
  /** Passes run. */
  readonly passes: number;
  /** Sum of the exact decreases of L kept (L(prices0) - L(prices), up to rounding). */
  readonly gain: number;
}

/**
 * Coordinate descent on the capacity prices of `model` at move multiplier `lambda`, from `prices0` (>= 0).
 *
 * @example
 * const pd = descendPrices(model, 0, cb.prices);
 * const better = capacityBound(model, 0, pd.prices, incumbentValue, 0); // better.bound <= cb.bound (up to rounding)
 */
export function descendPrices(model: RematchModel, lambda: number, prices0: Float64Array, options: PriceDescentOptions = {}): PriceDescent {
  const maxPasses = options.maxPasses ?? 3;
  const minGain = options.minGain ?? 1e-6;
  const cap = model.capacity;
  const H = cap.length;
  const nU = model.units.length;
  const pi = new Float64Array(prices0.length);
  for (let h = 0; h < pi.length; h++) pi[h] = prices0[h]! > 0 ? prices0[h]! : 0;
  if (nU === 0 || prices0.length !== H) return { prices: pi, changed: 0, passes: 0, gain: 0 };
  const { start, home, size, value } = flatCandidates(model, lambda);
  const setOf = scratch.int32('setOf', nU).fill(-1);
  model.exclusive.forEach((s, k) => {
    setOf[s.together] = k;
    for (const m of s.members) setOf[m] = k;
  });
  // the candidates (that fit) of the homes a pass looks at closely, per home, with their units: rebuilt per
  // pass for those homes only (most homes are optimal in their coordinate from the start)
  const nE = start[nU]!;
  const hStart = scratch.int32('hStart', H + 1);
  let hEdge = scratch.int32('hEdge', 0);
  let hUnit = scratch.int32('hUnit', 0);
  const indexHomes = (look: Uint8Array): void => {
    hStart.fill(0);
    for (let e = 0; e < nE; e++) if (look[home[e]!] === 1 && size[e]! <= cap[home[e]!]!) hStart[home[e]! + 1]!++;
    for (let h = 0; h < H; h++) hStart[h + 1]! += hStart[h]!;
    hEdge = scratch.int32('hEdge', hStart[H]!);
    hUnit = scratch.int32('hUnit', hStart[H]!);
    const fill = scratch.int32('fill', H);
    fill.set(hStart.subarray(0, H));
    for (let ui = 0; ui < nU; ui++) {
      for (let e = start[ui]!, end = start[ui + 1]!; e < end; e++) {
        const h = home[e]!;
        if (look[h] === 1 && size[e]! <= cap[h]!) {
          const q = fill[h]!++;
          hEdge[q] = e;
          hUnit[q] = ui;
        }
      }
    }
  };

  const touchesSet = scratch.uint8('touchesSet', H).fill(0);
  for (let ui = 0; ui < nU; ui++) if (setOf[ui]! >= 0) for (let e = start[ui]!; e < start[ui + 1]!; e++) touchesSet[home[e]!] = 1;
  // per unit: best priced value (>= 0, unplaced), its home, and the best on another home
  const b1 = scratch.float64('b1', nU);
  const b2 = scratch.float64('b2', nU);
  const b1Home = scratch.int32('b1Home', nU);
  const refresh = (ui: number): void => {
    let x1 = 0;
    let x2 = 0;
    let h1 = -1;
    for (let e = start[ui]!, end = start[ui + 1]!; e < end; e++) {
      const h = home[e]!;
      if (size[e]! > cap[h]!) continue;
      const r = value[e]! - pi[h]! * size[e]!;
      if (r > x1) {
        if (h !== h1) x2 = x1;
        x1 = r;
        h1 = h;
      } else if (r > x2 && h !== h1) x2 = r;
    }
    b1[ui] = x1;
    b2[ui] = x2;
    b1Home[ui] = h1;
  };
  for (let ui = 0; ui < nU; ui++) refresh(ui);
  // per home, the places of the free units that strictly prefer it at the current prices (`above`) and of
  // those that prefer it or are indifferent (`at`): kept up to date as prices change, so that a home already
  // optimal in its coordinate costs one look (sibling sets' units are left to the exact check)
  const above = scratch.int32('above', H).fill(0);
  const at = scratch.int32('at', H).fill(0);
  const contribute = (ui: number, sign: number): void => {
    if (setOf[ui]! >= 0) return;
    const x1 = b1[ui]!;
    const h1 = b1Home[ui]!;
    const tol = 1e-9 * Math.max(1, x1);
    for (let e = start[ui]!, end = start[ui + 1]!; e < end; e++) {
      const h = home[e]!;
      if (size[e]! > cap[h]!) continue;
      if (h === h1) {
        at[h]! += sign * size[e]!;
        if (x1 > b2[ui]! + tol) above[h]! += sign * size[e]!;
      } else if (value[e]! > 0 && value[e]! - pi[h]! * size[e]! >= x1 - tol) at[h]! += sign * size[e]!;
    }
  };
  for (let ui = 0; ui < nU; ui++) contribute(ui, 1);

  /** A unit's term at the current prices: max(0, best priced candidate that fits). */
  const unitTerm = (ui: number): number => {
    let x = 0;
    for (let e = start[ui]!, end = start[ui + 1]!; e < end; e++) {
      const h = home[e]!;
      if (size[e]! > cap[h]!) continue;
      const r = value[e]! - pi[h]! * size[e]!;
      if (r > x) x = r;
    }
    return x;
  };
  const use = scratch.float64('use', H).fill(0);
  let maxMembers = 0;
  for (const set of model.exclusive) maxMembers = Math.max(maxMembers, set.members.length);
  const pickHome = new Int32Array(maxMembers);
  /** A sibling set's term at the current prices, as `capacityBound` computes it. */
  const setTerm = (k: number): number => {
    const set = model.exclusive[k]!;
    const t = unitTerm(set.together);
    // the members' best picks (no allocation unless they overfill a home)
    let alt = 0;
    let conflict = false;
    const ms = set.members;
    for (let i = 0; i < ms.length; i++) {
      const ui = ms[i]!;
      let x = 0;
      let xh = -1;
      let xs = 0;
      for (let e = start[ui]!, end = start[ui + 1]!; e < end; e++) {
        const h = home[e]!;
        if (size[e]! > cap[h]!) continue;
        const r = value[e]! - pi[h]! * size[e]!;
        if (r > x) {
          x = r;
          xh = h;
          xs = size[e]!;
        }
      }
      alt += x;
      pickHome[i] = xh;
      if (xh >= 0) {
        use[xh]! += xs;
        if (use[xh]! > cap[xh]!) conflict = true;
      }
    }
    for (let i = 0; i < ms.length; i++) if (pickHome[i]! >= 0) use[pickHome[i]!] = 0;
    if (!(t < alt)) return t;
    if (!conflict) return alt;
    // the exact best fitting combination of the members' positive options, best first (never above the sum)
    const opts: { r: number; h: number; s: number }[][] = ms.map((ui) => {
      const l: { r: number; h: number; s: number }[] = [];
      for (let e = start[ui]!, end = start[ui + 1]!; e < end; e++) {
        const h = home[e]!;
        if (size[e]! > cap[h]!) continue;
        const r = value[e]! - pi[h]! * size[e]!;
        if (r > 0) l.push({ r, h, s: size[e]! });
      }
      return l.sort((a, b) => b.r - a.r || a.h - b.h);
    });
    const from = new Int32Array(opts.length + 1);
    const flat = opts.flat();
    let n = 0;
    opts.forEach((l, i) => {
      from[i] = n;
      n += l.length;
    });
    from[opts.length] = n;
    const fit = bestFittingCombination(
      { units: opts.length, from, value: Float64Array.from(flat, (x) => x.r), home: Int32Array.from(flat, (x) => x.h), size: Int32Array.from(flat, (x) => x.s) },
      cap,
      use,
    );
    return Math.max(t, fit.value);
  };

  // one home's bids (value, places), and their order: typed work arrays grown as needed
  let bidValue = scratch.float64('bidValue', 256);
  let bidSize = scratch.int32('bidSize', 256);
  let nBids = 0;
  const cand: number[] = [];
  const units: number[] = [];
  const touched: number[] = [];
  const sets: number[] = [];
  const unitMark = scratch.int32('unitMark', nU).fill(-1);
  const setMark = scratch.int32('setMark', model.exclusive.length).fill(-1);
  let stamp = 0;
  /** p cap_h plus the terms of the units and sets with a candidate on h, at the current prices. */
  const local = (h: number): number => {
    let v = pi[h]! * cap[h]!;
    for (const ui of units) v += unitTerm(ui);
    for (const k of sets) v += setTerm(k);
    return v;
  };

  let changed = 0;
  let passes = 0;
  let gain = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    passes++;
    let passGain = 0;
    // the homes to look at: those touched by sibling sets, and those not optimal in their coordinate now (a
    // home that becomes so during the pass waits for the next)
    const look = scratch.uint8('look', H);
    let nLook = 0;
    for (let h = 0; h < H; h++) {
      const p = pi[h]!;
      look[h] = touchesSet[h] === 1 || above[h]! > cap[h]! || (p > 0 && at[h]! < cap[h]!) ? 1 : 0;
      nLook += look[h]!;
    }
    if (nLook === 0) break;
    indexHomes(look);
    for (let h = 0; h < H; h++) {
      if (look[h] === 0) continue;
      const c = cap[h]!;
      const p0 = pi[h]!;
      if (!touchesSet[h] && above[h]! <= c && (p0 <= 0 || at[h]! >= c)) continue;
      nBids = 0;
      if (bidValue.length < hStart[h + 1]! - hStart[h]!) {
        bidValue = scratch.float64('bidValue', 2 * (hStart[h + 1]! - hStart[h]!));
        bidSize = scratch.int32('bidSize', bidValue.length);
      }
      // demand just above p0 (units strictly preferring h) and at p0 (indifferent ones too)
      let up = 0;
      let down = 0;
      for (let q = hStart[h]!; q < hStart[h + 1]!; q++) {
        const e = hEdge[q]!;
        const ui = hUnit[q]!;
        const a = b1Home[ui] === h ? b2[ui]! : b1[ui]!;
        const bid = (value[e]! - a) / size[e]!;
        if (!(bid > 0)) continue;
        bidValue[nBids] = bid;
        bidSize[nBids] = size[e]!;
        nBids++;
        if (setOf[ui]! >= 0) continue; // a set's use of h is measured on its exact term below
        const tol = 1e-9 * Math.max(1, bid);
        if (bid > p0 + tol) up += size[e]!;
        if (bid >= p0 - tol) down += size[e]!;
      }
      units.length = 0;
      sets.length = 0;
      stamp++;
      if (touchesSet[h]) {
        for (let q = hStart[h]!; q < hStart[h + 1]!; q++) {
          const k = setOf[hUnit[q]!]!;
          if (k >= 0 && setMark[k] !== stamp) {
            setMark[k] = stamp;
            sets.push(k);
          }
        }
        // the sets' places on h just above and just below p0: their terms' one-sided slopes (finite
        // differences; a kink closer than the step only costs a missed or a rejected proposal)
        const d = 1e-3 * Math.max(1, p0);
        let t0 = 0;
        for (const k of sets) t0 += setTerm(k);
        pi[h] = p0 + d;
        let tUp = 0;
        for (const k of sets) tUp += setTerm(k);
        up += (t0 - tUp) / d;
        if (p0 > 0) {
          pi[h] = Math.max(0, p0 - d);
          let tDown = 0;
          for (const k of sets) tDown += setTerm(k);
          down += (tDown - t0) / (p0 - pi[h]!);
        }
        pi[h] = p0;
      }
      // optimal in this coordinate: the slope is >= 0 to the right and <= 0 to the left (or p0 = 0)
      if (up <= c + 1e-6 && (p0 <= 0 || down >= c - 1e-6)) continue;
      for (let q = hStart[h]!; q < hStart[h + 1]!; q++) {
        const ui = hUnit[q]!;
        if (setOf[ui]! < 0 && unitMark[ui] !== stamp) {
          unitMark[ui] = stamp;
          units.push(ui);
        }
      }
      const order = scratch.int32('order', nBids);
      for (let i = 0; i < nBids; i++) order[i] = i;
      const bv = bidValue;
      order.sort((a, b) => bv[b]! - bv[a]! || a - b);
      const before = local(h);
      let p1 = 0;
      let after = before;
      if (sets.length === 0) {
        // free units only: the weighted median of the bids is the exact minimiser
        let acc = 0;
        for (let o = 0; o < nBids; o++) {
          const i = order[o]!;
          acc += bidSize[i]!;
          if (acc > c) {
            p1 = bidValue[i]!;
            break;
          }
        }
        if (p1 === p0) continue;
        pi[h] = p1;
        after = local(h);
      } else {
        // a set's term is convex in p too, with its kinks near its units' bids: the lowest L over the bids
        // (and 0), found by bisection on the convex sequence, each point evaluated exactly
        cand.length = 0;
        cand.push(0);
        for (let i = order.length - 1; i >= 0; i--) {
          const b = bidValue[order[i]!]!;
          if (b > cand[cand.length - 1]!) cand.push(b);
        }
        const at = (i: number): number => {
          pi[h] = cand[i]!;
          return local(h);
        };
        let lo = 0;
        let hi = cand.length - 1;
        while (hi - lo > 2) {
          const m1 = lo + Math.floor((hi - lo) / 3);
          const m2 = hi - Math.floor((hi - lo) / 3);
          if (at(m1) <= at(m2)) hi = m2;
          else lo = m1;
        }
        after = Infinity;
        for (let i = lo; i <= hi; i++) {
          const v = at(i);
          if (v < after) {
            after = v;
            p1 = cand[i]!;
          }
        }
        pi[h] = p1;
      }
      if (!(after < before - 1e-9 * Math.max(1, Math.abs(before)))) {
        pi[h] = p0;
        continue;
      }
      passGain += before - after;
      changed++;
      // the units with a candidate on h: their demand at the old price out, at the new one in
      pi[h] = p0;
      stamp++;
      touched.length = 0;
      for (let q = hStart[h]!; q < hStart[h + 1]!; q++) {
        const ui = hUnit[q]!;
        if (unitMark[ui] === stamp) continue;
        unitMark[ui] = stamp;
        touched.push(ui);
        contribute(ui, -1);
      }
      pi[h] = p1;
      for (const ui of touched) {
        refresh(ui);
        contribute(ui, 1);
      }
    }
    gain += passGain;
    if (passGain < minGain) break;
  }
  return { prices: pi, changed, passes, gain };
}
