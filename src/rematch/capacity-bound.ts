/**
 * An upper bound for a re-match model WITH its sibling alternatives, by pricing the capacity constraints
 * (maximisation form). For any prices pi >= 0 per home:
 *
 *   L(pi) = sum_h pi_h cap_h
 *         + sum over free units u of max(0, max_j (v_uj - pi_h(j) s_uj))
 *         + sum over alternative sets S of max(0, best priced together candidate,
 *                                                 sum over the set's other units of their best priced value)
 *
 * is >= the value of every feasible solution: a feasible solution places, per set, either the together unit
 * or some of the alternative units (never both), and adding pi_h (cap_h - used_h) >= 0 per home only raises
 * its value, which then splits into the per-unit / per-set terms above, each at most its max. Keeping each
 * set's choice exact (instead of relaxing "together or alternative" with multipliers) is what makes this
 * bound tight where the split-multiplier relaxation double-counts a child's large unplaced penalty.
 * `v` includes the move multiplier: v = candidateValue + lambda x stay.
 *
 * Prices start from the solver's dual prices of a primal solve and are improved by projected subgradient
 * steps (Polyak step towards the best primal value). O(candidates) per step, no solver call.
 */
import { candidateValue, type RematchModel } from './build-problem.js';

/** Result of `capacityBound`. */
export interface CapacityBound {
  /** The best (lowest) L seen, in adjusted units (the model's constant not included). */
  readonly bound: number;
  /** Prices behind it. */
  readonly prices: Float64Array;
  /** Per alternative set: 1 when the priced relaxation at those prices prefers the together unit. */
  readonly together: Uint8Array;
  readonly iterations: number;
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
  const nU = model.units.length;
  const setOf = new Int32Array(nU).fill(-1);
  const isTogether = new Uint8Array(nU);
  model.exclusive.forEach((set, k) => {
    setOf[set.together] = k;
    isTogether[set.together] = 1;
    for (const m of set.members) setOf[m] = k;
  });
  const nS = model.exclusive.length;
  const value = model.units.map((u) => Float64Array.from({ length: u.homes.length }, (_, j) => candidateValue(u, j) + lambda * u.stay[j]!));

  let pi = Float64Array.from(prices0);
  const evalAt = (p: Float64Array, used: Float64Array | null, together: Uint8Array | null): number => {
    let L = 0;
    for (let h = 0; h < H; h++) L += p[h]! * model.capacity[h]!;
    const tBest = new Float64Array(nS);
    const tArg = new Int32Array(nS).fill(-1);
    const tUnit = new Int32Array(nS).fill(-1);
    const altSum = new Float64Array(nS);
    const bestJ = new Int32Array(nU).fill(-1);
    for (let ui = 0; ui < nU; ui++) {
      const u = model.units[ui]!;
      const v = value[ui]!;
      let best = 0;
      let arg = -1;
      for (let j = 0; j < u.homes.length; j++) {
        const h = u.homes[j]!;
        const s = u.size[j]!;
        if (s > model.capacity[h]!) continue;
        const r = v[j]! - p[h]! * s;
        if (r > best) {
          best = r;
          arg = j;
        }
      }
      bestJ[ui] = arg;
      const k = setOf[ui]!;
      if (k < 0) {
        L += best;
      } else if (isTogether[ui]) {
        tBest[k] = best;
        tArg[k] = arg;
        tUnit[k] = ui;
      } else {
        altSum[k]! += best;
      }
    }
    const chooseTogether = new Uint8Array(nS);
    for (let k = 0; k < nS; k++) {
      const t = tBest[k]!;
      if (t > altSum[k]!) {
        L += t;
        chooseTogether[k] = 1;
      } else L += altSum[k]!;
    }
    if (used) {
      used.fill(0);
      for (let ui = 0; ui < nU; ui++) {
        const j = bestJ[ui]!;
        if (j < 0) continue;
        const k = setOf[ui]!;
        if (k >= 0 && (isTogether[ui] ? !chooseTogether[k] : chooseTogether[k])) continue;
        const u = model.units[ui]!;
        used[u.homes[j]!]! += u.size[j]!;
      }
    }
    if (together) together.set(chooseTogether);
    return L;
  };

  const used = new Float64Array(H);
  const together = new Uint8Array(nS);
  let bestL = evalAt(pi, used, together);
  let bestPi = Float64Array.from(pi);
  const bestTogether = Uint8Array.from(together);
  let curL = bestL;
  const STALL = 8;
  let theta = 0.5;
  let stall = 0;
  let it = 0;
  let checkpoint = bestL;
  for (; it < maxIterations; it++) {
    if (bestL - target <= 1e-9 * Math.max(1, Math.abs(bestL))) break;
    if (it > 0 && it % 25 === 0) {
      // stop when the last 25 steps closed less than 0.5 % of the remaining gap
      if (checkpoint - bestL < 0.005 * (checkpoint - target)) break;
      checkpoint = bestL;
    }
    let norm = 0;
    const g = new Float64Array(H);
    for (let h = 0; h < H; h++) {
      let gh = used[h]! - model.capacity[h]!;
      if (gh < 0 && pi[h]! <= 0) gh = 0; // projected: a free home at price 0 stays at 0
      g[h] = gh;
      norm += gh * gh;
    }
    if (norm === 0) break;
    const step = (theta * Math.max(curL - target, 1e-9 * Math.max(1, Math.abs(curL)))) / norm;
    const next = new Float64Array(H);
    for (let h = 0; h < H; h++) next[h] = Math.max(0, pi[h]! + step * g[h]!);
    pi = next;
    const Ln = evalAt(pi, used, together);
    curL = Ln;
    if (Ln < bestL - 1e-12 * Math.max(1, Math.abs(Ln))) {
      bestL = Ln;
      bestPi = Float64Array.from(pi);
      bestTogether.set(together);
      stall = 0;
    } else if (++stall >= STALL) {
      theta /= 2;
      stall = 0;
    }
  }
  return { bound: bestL, prices: bestPi, together: bestTogether, iterations: it };
}
