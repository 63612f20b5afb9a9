import { createRng, hashString, type Rng } from '../demo/rng.js';

/**
 * Draws the simulation needs on top of the demo generator's seeded stream (src/demo/rng.ts, sfc32: the same
 * seed gives the same numbers on every platform). `Math.random` is never used in the simulation.
 */
export { createRng, type Rng };

/**
 * The seed of Monte Carlo run `index`: runs are independent streams, so a run's result does not depend on
 * which worker ran it, or in what order.
 *
 * @example
 * runSeed(42, 0) !== runSeed(42, 1); // true
 */
export function runSeed(seed: number, index: number): number {
  return hashString(`homefinder-simulate-run:${seed >>> 0}:${index}`);
}

/**
 * Poisson draw with mean `lambda` (Knuth's product method below 30; a rounded normal approximation above).
 *
 * @example
 * poisson(createRng(1), 2.5); // a small non-negative integer
 */
export function poisson(rng: Rng, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda > 30) return Math.max(0, Math.round(rng.normal(lambda, Math.sqrt(lambda))));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rng.next();
  } while (p > l);
  return k - 1;
}

/**
 * Lognormal draw with the given median and shape sigma (of the log).
 *
 * @example
 * lognormal(createRng(1), 365, 0.9); // around a year, right-skewed
 */
export function lognormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * rng.normal());
}
