/**
 * Deterministic selection over the fast path's arrays without sorting everything: a bounded binary heap of
 * registry indices. Order: `key` descending (or ascending), ties broken by `idRank` ascending (home id
 * order), so the result never depends on the order homes were given in.
 */

/**
 * True when home `a` comes before home `b`.
 *
 * @example
 * before(totals, idRank, true, 3, 7); // true when totals[3] > totals[7]
 */
export function before(key: Float64Array, idRank: Int32Array, desc: boolean, a: number, b: number): boolean {
  const ka = key[a] as number;
  const kb = key[b] as number;
  if (ka !== kb) return desc ? ka > kb : ka < kb;
  return (idRank[a] as number) < (idRank[b] as number);
}

/**
 * The first `k` indices whose `mask` entry equals `want`, in order (best first). A bounded heap: O(n log k),
 * no per-home allocation.
 *
 * @example
 * selectTop(10, totals, idRank, true, eligible, 1); // the 10 best eligible homes
 * selectTop(50, km, idRank, false, eligible, 0);    // the 50 nearest ineligible homes
 */
export function selectTop(k: number, key: Float64Array, idRank: Int32Array, desc: boolean, mask: Uint8Array, want: number): number[] {
  if (k <= 0) return [];
  const n = mask.length;
  const heap = new Int32Array(k); // root = the worst kept
  let size = 0;
  // a ranks after b ("worse")
  const worse = (a: number, b: number): boolean => {
    const ka = key[a] as number;
    const kb = key[b] as number;
    if (ka !== kb) return desc ? ka < kb : ka > kb;
    return (idRank[a] as number) > (idRank[b] as number);
  };
  for (let i = 0; i < n; i++) {
    if (mask[i] !== want) continue;
    if (size < k) {
      let j = size++;
      heap[j] = i;
      while (j > 0) {
        const p = (j - 1) >> 1;
        if (!worse(heap[j] as number, heap[p] as number)) break;
        const t = heap[p] as number;
        heap[p] = heap[j] as number;
        heap[j] = t;
        j = p;
      }
    } else if (worse(heap[0] as number, i)) {
      heap[0] = i;
      let j = 0;
      for (;;) {
        const l = 2 * j + 1;
        const r = l + 1;
        let m = j;
        if (l < size && worse(heap[l] as number, heap[m] as number)) m = l;
        if (r < size && worse(heap[r] as number, heap[m] as number)) m = r;
        if (m === j) break;
        const t = heap[m] as number;
        heap[m] = heap[j] as number;
        heap[j] = t;
        j = m;
      }
    }
  }
  const out = Array.from(heap.subarray(0, size));
  out.sort((a, b) => (worse(b, a) ? -1 : worse(a, b) ? 1 : 0));
  return out;
}

/**
 * Every accepted index, fully sorted (best first).
 *
 * @example
 * sortAll(totals, idRank, true, n, (i) => eligible[i] === 1);
 */
export function sortAll(key: Float64Array, idRank: Int32Array, desc: boolean, n: number, accept: (i: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (accept(i)) out.push(i);
  if (desc) out.sort((a, b) => (key[b] as number) - (key[a] as number) || (idRank[a] as number) - (idRank[b] as number));
  else out.sort((a, b) => (key[a] as number) - (key[b] as number) || (idRank[a] as number) - (idRank[b] as number));
  return out;
}

const DIGIT_BITS = 11;
/** Up to this many accepted homes, rankOrder uses a comparison sort. */
const SMALL = 2048;
const BUCKETS = 1 << DIGIT_BITS;

/**
 * Every accepted index, best first: by `key` (descending when `desc`), ties in id order. The same order as
 * {@link sortAll}, computed without comparisons: indices are collected in id order (`idOrder`), then a
 * stable LSD radix sort on the key's IEEE-754 bits (mapped to an order-preserving unsigned integer) in six
 * 11-bit passes. About ten times faster than a comparison sort at 20,000 homes.
 *
 * @example
 * rankOrder(scores.totals, registry.idOrder, accepted, true); // Int32Array of registry indices
 */
export function rankOrder(key: Float64Array, idOrder: Int32Array, accept: Uint8Array, desc: boolean): Int32Array {
  let m = 0;
  for (let k = 0; k < idOrder.length; k++) if (accept[idOrder[k] as number] === 1) m++;
  let idx = new Int32Array(m);
  let hi = new Uint32Array(m);
  let lo = new Uint32Array(m);
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const LO = little ? 0 : 1;
  const HI = little ? 1 : 0;
  let j = 0;
  for (let k = 0; k < idOrder.length; k++) {
    const i = idOrder[k] as number;
    if (accept[i] !== 1) continue;
    const v = key[i] as number;
    f[0] = v === 0 ? 0 : v; // -0 sorts with +0, as a comparison sort would
    let h = u[HI] as number;
    let l = u[LO] as number;
    // Order-preserving map of a double to an unsigned 64-bit integer (ascending).
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h | 0x80000000) >>> 0;
    if (desc) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    }
    idx[j] = i;
    hi[j] = h;
    lo[j] = l;
    j++;
  }
  if (m <= SMALL) {
    // Few homes: a stable comparison sort beats six radix passes over 2,048 buckets. Ties keep id order.
    const small = Array.from(idx);
    small.sort(desc ? (a, b) => (key[b] as number) - (key[a] as number) : (a, b) => (key[a] as number) - (key[b] as number));
    return Int32Array.from(small);
  }
  let idx2 = new Int32Array(m);
  let hi2 = new Uint32Array(m);
  let lo2 = new Uint32Array(m);
  const count = new Int32Array(BUCKETS);
  const digits = new Uint16Array(m);
  const MASK = BUCKETS - 1;
  for (let shift = 0; shift < 64; shift += DIGIT_BITS) {
    count.fill(0);
    if (shift + DIGIT_BITS <= 32) {
      for (let q = 0; q < m; q++) digits[q] = ((lo[q] as number) >>> shift) & MASK;
    } else if (shift < 32) {
      for (let q = 0; q < m; q++) digits[q] = (((lo[q] as number) >>> shift) | ((hi[q] as number) << (32 - shift))) & MASK;
    } else {
      for (let q = 0; q < m; q++) digits[q] = ((hi[q] as number) >>> (shift - 32)) & MASK;
    }
    for (let q = 0; q < m; q++) {
      const d = digits[q] as number;
      count[d] = (count[d] as number) + 1;
    }
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = count[b] as number;
      count[b] = sum;
      sum += c;
    }
    for (let q = 0; q < m; q++) {
      const d = digits[q] as number;
      const at = count[d] as number;
      count[d] = at + 1;
      idx2[at] = idx[q] as number;
      hi2[at] = hi[q] as number;
      lo2[at] = lo[q] as number;
    }
    [idx, idx2] = [idx2, idx];
    [hi, hi2] = [hi2, hi];
    [lo, lo2] = [lo2, lo];
  }
  return idx;
}
