import type { Rng } from './rng.js';

/**
 * Weighted sampling without replacement (Efraimidis-Spirakis): `k` items, each drawn with probability
 * proportional to its weight among those left. Items of weight 0 are never drawn; when fewer than `k` have a
 * positive weight, all of those are returned. The result is in draw order.
 *
 * @example
 * weightedSample(rng, ['a', 'b', 'c'], (x) => (x === 'a' ? 10 : 1), 2); // usually includes 'a'
 */
export function weightedSample<T>(rng: Rng, items: readonly T[], weight: (item: T) => number, k: number): T[] {
  const keyed: { item: T; key: number; i: number }[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as T;
    const w = weight(item);
    if (!(w > 0)) continue;
    // key = u^(1/w), compared through its logarithm: ln(u) / w (u in (0, 1]).
    const u = 1 - rng.next();
    keyed.push({ item, key: Math.log(u) / w, i });
  }
  keyed.sort((a, b) => b.key - a.key || a.i - b.i);
  return keyed.slice(0, Math.max(0, k)).map((x) => x.item);
}

/**
 * Pick whole units (e.g. sibling groups) until their sizes add up to `target`, in weighted random order. A
 * unit is skipped when taking it would overshoot by more than half its size, so the total lands within half
 * a unit of the target whenever the units allow.
 *
 * @example
 * pickUnits(rng, families, (f) => 1, (f) => f.members.length, 40);
 */
export function pickUnits<T>(rng: Rng, units: readonly T[], weight: (u: T) => number, size: (u: T) => number, target: number): T[] {
  const order = weightedSample(rng, units, weight, units.length);
  const out: T[] = [];
  let count = 0;
  for (const u of order) {
    if (count >= target) break;
    const s = size(u);
    if (count + s > target + Math.floor(s / 2)) continue;
    out.push(u);
    count += s;
  }
  return out;
}

/** A fixed list with cumulative weights, for repeated O(log n) weighted draws. */
export interface CumulativeSampler<T> {
  readonly items: readonly T[];
  readonly total: number;
  draw(rng: Rng): T;
}

/**
 * Build a sampler for repeated weighted draws with replacement. Items of weight 0 are dropped.
 *
 * @throws RangeError when no item has a positive weight.
 * @example
 * const s = cumulativeSampler(districts, (d) => d.postcodes);
 * s.draw(rng);
 */
export function cumulativeSampler<T>(items: readonly T[], weight: (item: T) => number): CumulativeSampler<T> {
  const s = weightedSampler(items, items.map(weight));
  if (!s) throw new RangeError('cumulativeSampler: no item has a positive weight');
  return s;
}

/**
 * Like {@link cumulativeSampler} with the weights given as an array (same length as `items`); null when no
 * weight is positive.
 *
 * @example
 * weightedSampler(['a', 'b'], [1, 3])?.draw(rng); // 'b' three times as often
 */
export function weightedSampler<T>(items: readonly T[], weights: readonly number[]): CumulativeSampler<T> | null {
  const kept: T[] = [];
  const cum: number[] = [];
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    const w = weights[i] as number;
    if (!(w > 0)) continue;
    total += w;
    kept.push(items[i] as T);
    cum.push(total);
  }
  if (kept.length === 0) return null;
  return {
    items: kept,
    total,
    draw(rng: Rng): T {
      const r = rng.next() * total;
      let lo = 0;
      let hi = cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((cum[mid] as number) > r) hi = mid;
        else lo = mid + 1;
      }
      return kept[lo] as T;
    },
  };
}

/**
 * Iterative proportional fitting: scale a non-negative seed matrix until its row sums match `rows` and its
 * column sums match `cols` (the two must have equal totals). Zero cells stay zero. Used to tilt each placement
 * type's locality/distance mix (children's homes further away, kinship nearer) while keeping an authority's
 * published marginals.
 *
 * @example
 * ipf([[1, 1], [1, 3]], [10, 10], [8, 12]); // rows sum to 10 and 10, columns to 8 and 12
 */
export function ipf(seed: readonly (readonly number[])[], rows: readonly number[], cols: readonly number[], iterations = 200): number[][] {
  const m = seed.map((r) => r.map((x) => Math.max(0, x)));
  for (let it = 0; it < iterations; it++) {
    let delta = 0;
    for (let i = 0; i < m.length; i++) {
      const row = m[i] as number[];
      const s = row.reduce((a, b) => a + b, 0);
      const target = rows[i] ?? 0;
      if (s > 0) for (let j = 0; j < row.length; j++) row[j] = ((row[j] as number) * target) / s;
    }
    const ncol = cols.length;
    for (let j = 0; j < ncol; j++) {
      let s = 0;
      for (const row of m) s += row[j] as number;
      const target = cols[j] ?? 0;
      if (s > 0) {
        for (const row of m) row[j] = ((row[j] as number) * target) / s;
      }
      delta = Math.max(delta, Math.abs(s - target));
    }
    if (delta < 1e-9) break;
  }
  return m;
}
