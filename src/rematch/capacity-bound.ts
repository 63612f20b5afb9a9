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
 * bound tight where a multiplier relaxation double-counts a child's large unplaced penalty.
 * `v` includes the move multiplier: v = candidateValue + lambda x stay.
 *
 * Prices start from the solver's dual prices of a primal solve and are improved by projected subgradient
 * steps (Polyak step towards the best primal value). One pass over the candidates (flat arrays) per step,
 * no solver call.
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
  const cap = model.capacity;
  const nU = model.units.length;
  const nS = model.exclusive.length;
  // role of each unit: -1 free, else 2k (together unit of set k) or 2k+1 (alternative unit of set k)
  const role = new Int32Array(nU).fill(-1);
  model.exclusive.forEach((set, k) => {
    role[set.together] = 2 * k;
    for (const m of set.members) role[m] = 2 * k + 1;
  });
  // flat candidate arrays, skipping candidates that can never fit
  let nE = 0;
  for (const u of model.units) nE += u.homes.length;
  const start = new Int32Array(nU + 1);
  const eHome = new Int32Array(nE);
  const eSize = new Float64Array(nE);
  const eVal = new Float64Array(nE);
  let e = 0;
  for (let ui = 0; ui < nU; ui++) {
    start[ui] = e;
    const u = model.units[ui]!;
    for (let j = 0; j < u.homes.length; j++) {
      const h = u.homes[j]!;
      if (u.size[j]! > cap[h]!) continue;
      eHome[e] = h;
      eSize[e] = u.size[j]!;
      eVal[e] = candidateValue(u, j) + lambda * u.stay[j]!;
      e++;
    }
  }
  start[nU] = e;
  const bestE = new Int32Array(nU);
  const tBest = new Float64Array(nS);
  const altSum = new Float64Array(nS);
  const chooseTogether = new Uint8Array(nS);

  /** L at prices p; fills bestE / chooseTogether; adds the relaxed solution's place use into `used`. */
  const evalAt = (p: Float64Array, used: Float64Array): number => {
    let L = 0;
    for (let h = 0; h < H; h++) L += p[h]! * cap[h]!;
    tBest.fill(0);
    altSum.fill(0);
    for (let ui = 0; ui < nU; ui++) {
      let best = 0;
      let arg = -1;
      for (let x = start[ui]!, end = start[ui + 1]!; x < end; x++) {
        const r = eVal[x]! - p[eHome[x]!]! * eSize[x]!;
        if (r > best) {
          best = r;
          arg = x;
        }
      }
      bestE[ui] = arg;
      const ro = role[ui]!;
      if (ro < 0) L += best;
      else if ((ro & 1) === 0) tBest[ro >> 1] = best;
      else altSum[ro >> 1]! += best;
    }
    for (let k = 0; k < nS; k++) {
      if (tBest[k]! > altSum[k]!) {
        L += tBest[k]!;
        chooseTogether[k] = 1;
      } else {
        L += altSum[k]!;
        chooseTogether[k] = 0;
      }
    }
    used.fill(0);
    for (let ui = 0; ui < nU; ui++) {
      const x = bestE[ui]!;
      if (x < 0) continue;
      const ro = role[ui]!;
      if (ro >= 0 && ((ro & 1) === 0) !== (chooseTogether[ro >> 1] === 1)) continue;
      used[eHome[x]!]! += eSize[x]!;
    }
    return L;
  };

  let pi = Float64Array.from(prices0);
  const used = new Float64Array(H);
  let curL = evalAt(pi, used);
  let bestL = curL;
  let bestPi = Float64Array.from(pi);
  const bestTogether = Uint8Array.from(chooseTogether);
  let theta = 0.5;
  let stall = 0;
  let it = 0;
  let checkpoint = bestL;
  const g = new Float64Array(H);
  for (; it < maxIterations; it++) {
    if (bestL - target <= 1e-9 * Math.max(1, Math.abs(bestL))) break;
    if (it > 0 && it % 20 === 0) {
      // stop when the last 20 steps closed less than 1 % of the remaining gap
      if (checkpoint - bestL < 0.01 * (checkpoint - target)) break;
      checkpoint = bestL;
    }
    let norm = 0;
    for (let h = 0; h < H; h++) {
      let gh = used[h]! - cap[h]!;
      if (gh < 0 && pi[h]! <= 0) gh = 0; // projected: a home with room at price 0 stays at 0
      g[h] = gh;
      norm += gh * gh;
    }
    if (norm === 0) break;
    const step = (theta * Math.max(curL - target, 1e-9 * Math.max(1, Math.abs(curL)))) / norm;
    const next = new Float64Array(H);
    for (let h = 0; h < H; h++) next[h] = Math.max(0, pi[h]! + step * g[h]!);
    pi = next;
    curL = evalAt(pi, used);
    if (curL < bestL - 1e-12 * Math.max(1, Math.abs(curL))) {
      bestL = curL;
      bestPi = Float64Array.from(pi);
      bestTogether.set(chooseTogether);
      stall = 0;
    } else if (++stall >= 8) {
      theta /= 2;
      stall = 0;
    }
  }
  return { bound: bestL, prices: bestPi, together: bestTogether, iterations: it };
}
