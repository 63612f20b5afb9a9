/**
 * Lagrangian bound obtained by pricing the capacity constraints (maximisation form).
 *
 * For any prices lambda >= 0 (value per place on each target):
 *   L(lambda) = sum_t lambda_t * capacity_t + sum_u max( optional_u ? 0 : -inf, max_e (v_e - lambda_t(e) * s_e) )
 * is an upper bound on the optimum: any feasible assignment x has value
 *   sum v x <= sum v x + sum_t lambda_t (capacity_t - sum s x) <= L(lambda).
 * Its minimum over lambda equals the LP relaxation bound. The bound is computed exactly from the original
 * data for whatever prices are given, so it is honest even if the prices come from an approximate source.
 */
import type { CompiledProblem } from './compile.js';

/** Value and subgradient data of L at given prices. */
export interface LagrangianEvaluation {
  readonly value: number;
  /** Places each target receives in the relaxed solution (every unit takes its best priced candidate). */
  readonly used: Float64Array;
}

/**
 * Evaluates L(lambda). Edges with `edgeEnabled[e] === 0` are ignored. A compulsory unit with no enabled
 * edge makes the value +Infinity (the bound says nothing then).
 *
 * @example
 * const { value } = capacityLagrangian(cp, new Float64Array(cp.nTargets)); // lambda = 0: sum of best values
 */
export function capacityLagrangian(
  cp: CompiledProblem,
  lambda: Float64Array,
  edgeEnabled?: Uint8Array,
): LagrangianEvaluation {
  const used = new Float64Array(cp.nTargets);
  let value = 0;
  for (let t = 0; t < cp.nTargets; t++) value += lambda[t]! * cp.capacity[t]!;
  const { edgeStart, edgeTarget, edgeValue, edgeSize, must } = cp;
  for (let u = 0; u < cp.nUnits; u++) {
    let best = must[u] === 1 ? -Infinity : 0;
    let bestE = -1;
    for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) {
      if (edgeEnabled !== undefined && edgeEnabled[e] === 0) continue;
      const t = edgeTarget[e]!;
      const r = edgeValue[e]! - lambda[t]! * edgeSize[e]!;
      if (r > best) {
        best = r;
        bestE = e;
      }
    }
    if (best === -Infinity) return { value: Infinity, used };
    value += best;
    if (bestE >= 0) used[edgeTarget[bestE]!]! += edgeSize[bestE]!;
  }
  return { value, used };
}

/** Result of `improveCapacityPrices`. */
export interface PriceImprovement {
  readonly bound: number;
  readonly lambda: Float64Array;
  readonly iterations: number;
}

/**
 * Lowers L(lambda) by projected subgradient steps (Polyak step towards `target`, usually the best known
 * objective), starting from `lambda0`, over the edges enabled in `edgeEnabled`. Returns the best (lowest) bound seen and its prices.
 *
 * @example
 * const { bound } = improveCapacityPrices(cp, prices, incumbentValue, 30);
 */
export function improveCapacityPrices(
  cp: CompiledProblem,
  lambda0: Float64Array,
  target: number,
  maxIterations: number,
  edgeEnabled?: Uint8Array,
): PriceImprovement {
  let lambda = Float64Array.from(lambda0);
  let ev = capacityLagrangian(cp, lambda, edgeEnabled);
  let bestBound = ev.value;
  let bestLambda = Float64Array.from(lambda);
  let theta = 1;
  let sinceImprovement = 0;
  let it = 0;
  for (; it < maxIterations; it++) {
    if (!Number.isFinite(ev.value)) break;
    const gapAbs = ev.value - target;
    if (gapAbs <= 1e-9 * Math.max(1, Math.abs(target))) break;
    // subgradient of L at lambda: capacity - used
    let norm = 0;
    for (let t = 0; t < cp.nTargets; t++) {
      const g = cp.capacity[t]! - ev.used[t]!;
      // projected: a zero price with slack cannot decrease
      if (g > 0 && lambda[t]! <= 0) continue;
      norm += g * g;
    }
    if (norm === 0) break;
    const step = (theta * gapAbs) / norm;
    const next = new Float64Array(cp.nTargets);
    for (let t = 0; t < cp.nTargets; t++) {
      const v = lambda[t]! - step * (cp.capacity[t]! - ev.used[t]!);
      next[t] = v > 0 ? v : 0;
    }
    lambda = next;
    ev = capacityLagrangian(cp, lambda, edgeEnabled);
    if (ev.value < bestBound - 1e-12 * Math.max(1, Math.abs(bestBound))) {
      bestBound = ev.value;
      bestLambda = Float64Array.from(lambda);
      sinceImprovement = 0;
    } else if (++sinceImprovement >= 3) {
      theta /= 2;
      sinceImprovement = 0;
      if (theta < 1e-4) break;
    }
  }
  return { bound: bestBound, lambda: bestLambda, iterations: it };
}
