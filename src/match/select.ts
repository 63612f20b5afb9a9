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
 * The first `k` indices in `[0, n)` accepted by `accept`, in order (best first).
 *
 * @example
 * selectTop(10, totals, idRank, true, n, (i) => eligible[i] === 1); // the 10 best eligible homes
 */
export function selectTop(k: number, key: Float64Array, idRank: Int32Array, desc: boolean, n: number, accept: (i: number) => boolean): number[] {
  if (k <= 0) return [];
  const heap = new Int32Array(k); // root = the worst kept
  let size = 0;
  const worse = (a: number, b: number): boolean => before(key, idRank, desc, b, a);
  for (let i = 0; i < n; i++) {
    if (!accept(i)) continue;
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
    } else if (before(key, idRank, desc, i, heap[0] as number)) {
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
  out.sort((a, b) => (before(key, idRank, desc, a, b) ? -1 : before(key, idRank, desc, b, a) ? 1 : 0));
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
