/**
 * A small seeded pseudo-random generator for the demo data: sfc32 (Chris Doty-Humphrey's Small Fast Counting
 * generator, 32-bit), seeded through splitmix32. Every step is 32-bit integer arithmetic (`Math.imul`, shifts,
 * `>>> 0`), so a seed gives the same stream on every platform and Node version. `normal` uses the Irwin-Hall
 * sum of 12 uniforms (additions only) rather than Box-Muller, so it stays exact across platforms too.
 *
 * Streams are forked by label (`rng.fork('children:E08000026')`): a child stream depends only on the parent
 * seed and the label, so adding a step elsewhere does not shift every later number.
 */

const TWO_POW_32 = 4294967296;

/** splitmix32 step: mixes a 32-bit state into a well-distributed 32-bit output. */
function splitmix32(state: number): [next: number, out: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [next, z >>> 0];
}

/**
 * FNV-1a 32-bit hash of a string (UTF-16 code units), used to derive fork seeds from labels.
 *
 * @example
 * hashString('children'); // a fixed 32-bit unsigned integer
 */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A seeded random stream. Create with {@link createRng}. */
export interface Rng {
  /** The 32-bit seed this stream was created from. */
  readonly seed: number;
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  uint32(): number;
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A uniformly chosen element; throws on an empty array. */
  pick<T>(items: readonly T[]): T;
  /** An index chosen with probability proportional to its weight (weights >= 0, at least one > 0). */
  weightedIndex(weights: readonly number[]): number;
  /** An element chosen with probability proportional to its weight. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** Approximately normal (Irwin-Hall, 12 uniforms): mean `mean`, standard deviation `sd`, within +-6 sd. */
  normal(mean?: number, sd?: number): number;
  /** A new array with the elements in a uniformly random order (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** An independent stream derived from this stream's seed and a label (does not advance this stream). */
  fork(label: string): Rng;
}

/**
 * Create a seeded stream. Seeds are taken modulo 2^32 (negative and fractional seeds are allowed and
 * truncated), so `createRng(1)` and `createRng(2 ** 32 + 1)` are the same stream.
 *
 * @example
 * const rng = createRng(42);
 * rng.int(1, 6);                       // a die roll, the same one on every run
 * rng.weighted(['a', 'b'], [3, 1]);     // 'a' three times as often as 'b'
 * rng.fork('homes').next();            // an independent stream
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`createRng: seed must be a finite number, got "${String(seed)}"`);
  const seed32 = Math.trunc(seed) >>> 0;
  let sm = seed32 | 0;
  let a: number;
  let b: number;
  let c: number;
  [sm, a] = splitmix32(sm);
  [sm, b] = splitmix32(sm);
  [sm, c] = splitmix32(sm);
  let d = 1; // sfc32's counter
  a |= 0;
  b |= 0;
  c |= 0;

  function uint32(): number {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  }
  // Discard the first outputs: sfc32 recommends a short warm-up.
  for (let i = 0; i < 12; i++) uint32();

  const rng: Rng = {
    seed: seed32,
    uint32,
    next: () => uint32() / TWO_POW_32,
    int(min: number, max: number): number {
      if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
        throw new RangeError(`Rng.int: need integers min <= max, got "${min}", "${max}"`);
      }
      return min + Math.floor((uint32() / TWO_POW_32) * (max - min + 1));
    },
    chance: (p: number) => uint32() / TWO_POW_32 < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('Rng.pick: empty array');
      return items[Math.floor((uint32() / TWO_POW_32) * items.length)] as T;
    },
    weightedIndex(weights: readonly number[]): number {
      let total = 0;
      for (const w of weights) {
        if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`Rng.weightedIndex: bad weight "${w}"`);
        total += w;
      }
      if (total <= 0) throw new RangeError('Rng.weightedIndex: all weights are zero');
      let r = (uint32() / TWO_POW_32) * total;
      let last = -1;
      for (let i = 0; i < weights.length; i++) {
        const w = weights[i] as number;
        if (w <= 0) continue;
        last = i;
        if (r < w) return i;
        r -= w;
      }
      return last; // rounding: fall back to the last positive weight
    },
    weighted<T>(items: readonly T[], weights: readonly number[]): T {
      if (items.length !== weights.length) {
        throw new RangeError(`Rng.weighted: ${items.length} items but ${weights.length} weights`);
      }
      return items[rng.weightedIndex(weights)] as T;
    },
    normal(mean = 0, sd = 1): number {
      let s = 0;
      for (let i = 0; i < 12; i++) s += uint32() / TWO_POW_32;
      return mean + sd * (s - 6);
    },
    shuffle<T>(items: readonly T[]): T[] {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor((uint32() / TWO_POW_32) * (i + 1));
        const tmp = out[i] as T;
        out[i] = out[j] as T;
        out[j] = tmp;
      }
      return out;
    },
    fork(label: string): Rng {
      return createRng((Math.imul(seed32 ^ 0x5bd1e995, 0x27d4eb2d) ^ hashString(label)) >>> 0);
    },
  };
  return rng;
}

/**
 * Split `total` into integers proportional to `weights` that sum exactly to `total` (largest remainder;
 * ties go to the earlier index, so the result is deterministic).
 *
 * @example
 * apportion(10, [1, 1, 1]); // [4, 3, 3]
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`apportion: total must be a non-negative integer, got "${total}"`);
  const sum = weights.reduce((s, w) => s + (w > 0 ? w : 0), 0);
  if (weights.length === 0) {
    if (total === 0) return [];
    throw new RangeError('apportion: no weights');
  }
  if (sum <= 0) {
    const out = weights.map(() => 0);
    out[0] = total;
    return out;
  }
  const exact = weights.map((w) => ((w > 0 ? w : 0) / sum) * total);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((s, x) => s + x, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((p, q) => q.r - p.r || p.i - q.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) {
    const i = (order[k] as { i: number }).i;
    out[i] = (out[i] as number) + 1;
  }
  return out;
}
