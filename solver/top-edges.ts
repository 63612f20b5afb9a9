/**
 * A "best few edges first" index over a CSR edge list, for the scans that look for each unit's best edge by
 * a key minus a non-negative term: the capacity Lagrangian (value - price x size, prices >= 0), the flow's
 * cheapest reduced cost (cost + potential(source) - potential(target), target potentials <= 0).
 *
 * For every unit it lists the edges with the K best keys (in ascending edge order) and the best key among
 * the rest (`restBest`). A scan reads the listed edges first; when the best found there already beats
 * `restBest` strictly, no other edge can reach it (each of their results is at most their key) and the
 * rest is skipped; otherwise the caller scans the unit's whole range as before. Both paths pick the same
 * edge (the best, ties to the lowest edge index), so results are identical to a full scan.
 *
 * Measured on the 5,000-child re-match (650,000 candidates, ~130 per unit): at the flow's dual prices a
 * unit's best priced candidate is among its few highest values, so a Lagrangian evaluation reads ~3 % of
 * the candidates.
 */

/** Top-K index of a CSR edge list. */
export interface TopEdges {
  /** Listed edges of unit u: `edge[start[u] .. start[u+1]-1]`, ascending edge index. */
  readonly start: Int32Array;
  readonly edge: Int32Array;
  /**
   * Per unit, the best key among the edges not listed (largest when `largest`, else smallest); -Infinity
   * (largest) / +Infinity (smallest) when every edge is listed.
   */
  readonly restBest: Float64Array;
}

/** Edges listed per unit by default. */
export const TOP_EDGES = 12;

/**
 * Builds the index: per unit the `k` edges with the largest (`largest = true`) or smallest keys (more on
 * ties at the threshold), O(edges).
 *
 * @example
 * const top = topEdges(cp.edgeStart, cp.edgeValue, true);
 * // top.edge[top.start[0]] is unit 0's listed edge of lowest index; every unlisted edge's value <= top.restBest[0]
 */
export function topEdges(edgeStart: Int32Array, key: Float64Array, largest: boolean, k = TOP_EDGES): TopEdges {
  const n = edgeStart.length - 1;
  const sign = largest ? 1 : -1;
  let listed = 0;
  for (let u = 0; u < n; u++) listed += Math.min(k, edgeStart[u + 1]! - edgeStart[u]!);
  // ties at the threshold may list more: grown on demand
  let edge: Int32Array = new Int32Array(listed + 64);
  const start = new Int32Array(n + 1);
  const restBest = new Float64Array(n);
  const heap = new Float64Array(Math.max(1, k));
  let q = 0;
  for (let u = 0; u < n; u++) {
    const a = edgeStart[u]!;
    const b = edgeStart[u + 1]!;
    start[u] = q;
    const deg = b - a;
    // ties at the threshold may list more than k: room for every edge of the unit
    if (q + deg > edge.length) edge = grow(edge, q + deg);
    if (deg <= k) {
      for (let e = a; e < b; e++) edge[q++] = e;
      restBest[u] = -Infinity * sign;
      continue;
    }
    if (k < 1) throw new RangeError(`topEdges: k ${k} must be at least 1`);
    // keys in maximisation form; the k-th largest is the threshold: listed when >= it, the best of the rest
    // bounds the others (one pass after the selection)
    const t = kthLargest(key, a, b, sign, heap, k);
    let rest = -Infinity;
    for (let e = a; e < b; e++) {
      const v = sign * key[e]!;
      if (v >= t) edge[q++] = e;
      else if (v > rest) rest = v;
    }
    restBest[u] = sign * rest;
  }
  start[n] = q;
  return { start, edge: edge.subarray(0, q), restBest };
}

/**
 * The k-th largest of `sign * key[a..b-1]` (1 <= k <= b - a), by a min-heap of the k largest seen in `heap`
 * (one pass; most keys are below the heap's minimum and cost one comparison). The same value as sorting.
 */
function kthLargest(key: Float64Array, a: number, b: number, sign: number, heap: Float64Array, k: number): number {
  for (let i = 0; i < k; i++) heap[i] = sign * key[a + i]!;
  for (let i = (k >> 1) - 1; i >= 0; i--) siftDown(heap, k, i);
  for (let e = a + k; e < b; e++) {
    const v = sign * key[e]!;
    if (v > heap[0]!) {
      heap[0] = v;
      siftDown(heap, k, 0);
    }
  }
  return heap[0]!;
}

/** Restores the min-heap order of `heap[0..size-1]` below position `i`. */
function siftDown(heap: Float64Array, size: number, i0: number): void {
  let i = i0;
  const v = heap[i]!;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= size) break;
    if (c + 1 < size && heap[c + 1]! < heap[c]!) c++;
    if (!(heap[c]! < v)) break;
    heap[i] = heap[c]!;
    i = c;
  }
  heap[i] = v;
}

function grow(a: Int32Array, need: number): Int32Array {
  const b = new Int32Array(Math.max(need, 2 * a.length));
  b.set(a);
  return b;
}


/**
 * The cheapest-edges index for costs -value / divisor[u] (divisor > 0), from a most-valuable-edges index:
 * the same edges listed, each unit's rest bound turned into a cost (division is monotone, so every unlisted
 * edge still costs at least it).
 *
 * @example
 * const cheap = costIndexFromValues(valueTop, sigma); // for edgeCost[e] = -edgeValue[e] / sigma[u]
 */
export function costIndexFromValues(valueTop: TopEdges, divisor: Int32Array): TopEdges {
  const n = valueTop.restBest.length;
  const restBest = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    const r = valueTop.restBest[u]!;
    restBest[u] = r === -Infinity ? Infinity : -r / divisor[u]!;
  }
  return { start: valueTop.start, edge: valueTop.edge, restBest };
}
