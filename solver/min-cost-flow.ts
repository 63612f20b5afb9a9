/**
 * Exact min-cost flow for the transportation structure behind capacitated assignment:
 * sources (units) with an integer supply, targets with an integer capacity, edges source -> target with a
 * cost per unit of flow and a capacity equal to the source's supply, and optionally a zero-cost "leave it
 * unrouted" arc per source (an optional unit may stay unassigned, contributing 0).
 *
 * Algorithm: successive shortest paths, one source at a time (the Hungarian / Jonker-Volgenant "shortest
 * augmenting path" scheme generalised to capacities): for each unit of supply, Dijkstra from that source
 * over the residual graph with reduced costs (node potentials keep them non-negative), stopping as soon as
 * the cheapest way to a target with free capacity (or to "unrouted") is known; then augment one unit and
 * update the potentials of the nodes settled. Binary heap with decrease-key, typed arrays, CSR adjacency by
 * source; the residual arcs target -> source are kept as per-target lists of loaded edges.
 *
 * Sources with many edges read their cheapest few first (`top-edges.ts`, cached per `edgeCost` array: do
 * not change costs in place between calls) where only the cheapest reduced cost or the largest
 * -cost is wanted (the fast path, a source's first potential); the result is the same as a full scan.
 *
 * Correctness: after every augmentation all residual arcs have non-negative reduced cost, i.e. there is no
 * negative cycle, so the final flow is a minimum-cost flow among those routing every processed source
 * completely (a source whose supply cannot be routed, which only happens without the unrouted arc, is
 * reported in `failed` and left unrouted). The potentials are optimal dual prices: `targetPrice[t]` is the
 * marginal value of one more place on target t (0 when t has free capacity).
 */

import { Scratch } from './scratch.js';
import { TOP_EDGES, topEdges, type TopEdges } from './top-edges.js';

/**
 * The flow's internal work arrays, reused from one solve to the next (never part of a result): at national
 * scale a flow's per-edge and per-node arrays are ~30 MB, and allocating them for every solve triggered full
 * garbage collections of the caller's whole heap.
 */
const work = new Scratch();

/** Input of `minCostTransport`. All arrays are read, never written. */
export interface TransportInput {
  readonly nSources: number;
  readonly nTargets: number;
  /** CSR: the edges of source s are `edgeStart[s] .. edgeStart[s+1]-1`. */
  readonly edgeStart: Int32Array;
  readonly edgeTarget: Int32Array;
  /** Cost per unit of flow (minimised). Use -value to maximise. */
  readonly edgeCost: Float64Array;
  /** When false for an edge (mask 0), the edge is ignored. Optional. */
  readonly edgeEnabled?: Uint8Array;
  /** Supply of each source; each edge's capacity equals its source's supply. Null means all 1. */
  readonly supply: Int32Array | null;
  /** Capacity of each target. */
  readonly capacity: Int32Array;
  /** 1 when the source may leave supply unrouted at cost 0; 0 when it must be routed. */
  readonly optional: Uint8Array;
  /** Order in which sources are processed (a permutation or subset); default 0..n-1. */
  readonly order?: Int32Array;
  /**
   * Optional: each source's cheapest edges (`topEdges(edgeStart, edgeCost, false)`, or one derived from a
   * value index when costs are -value / supply). Built here (once per cost array) when absent.
   */
  readonly cheapest?: TopEdges;
  /**
   * Optional: an array of at least `edgeStart[nSources]` elements to hold the result's `flow` (overwritten;
   * the result's flow is then a view of it, valid until the caller reuses the array). Default: a new array.
   */
  readonly flowInto?: Int32Array;
}

/** Output of `minCostTransport`. */
export interface TransportResult {
  /** Flow on each edge. */
  readonly flow: Int32Array;
  /** Supply of each source left unrouted (optional sources by choice, failed sources by necessity). */
  readonly unrouted: Int32Array;
  /** Sources whose supply could not be fully routed although they are not optional. */
  readonly failed: number[];
  /** Total cost of the flow. */
  readonly cost: number;
  /** Dual price of one place on each target (>= 0, in value units, i.e. the negated cost units). */
  readonly targetPrice: Float64Array;
  /** The edges carrying flow, ascending (so callers need not scan every edge for them). */
  readonly loaded: Int32Array;
  /** Number of Dijkstra runs (augmentations attempted). */
  readonly searches: number;
  /**
   * Final node potentials: sources 0..n-1, targets n..n+m-1, the unrouted node n+m. Every residual arc
   * a -> b has reduced cost cost + potential[a] - potential[b] >= 0 (up to rounding), which is what makes
   * the flow optimal, and what `minCostTransportPriced` checks for the edges it left out.
   */
  readonly potential: Float64Array;
}

/**
 * Solves the transportation min-cost flow exactly.
 *
 * @example
 * // two units, one target with one place; values 10 and 6 (costs -10, -6)
 * const r = minCostTransport({
 *   nSources: 2, nTargets: 1, edgeStart: Int32Array.from([0, 1, 2]), edgeTarget: Int32Array.from([0, 0]),
 *   edgeCost: Float64Array.from([-10, -6]), supply: null, capacity: Int32Array.from([1]),
 *   optional: Uint8Array.from([1, 1]),
 * });
 * // r.flow = [1, 0], r.cost = -10, r.targetPrice[0] = 6
 */
export function minCostTransport(input: TransportInput): TransportResult {
  const { nSources: n, nTargets: m, edgeStart, edgeTarget, edgeCost, supply, capacity, optional } = input;
  const enabled = input.edgeEnabled;
  const nEdges = edgeStart[n] ?? 0;
  const S = n + m; // the "unrouted" node
  const N = n + m + 1;

  const top = costIndex(input);
  // the listed edges' cost, target node and enabled flag in index order (read sequentially)
  const nListed = top !== null ? top.edge.length : 0;
  const tCost = work.float64('tCost', nListed);
  const tNode = work.int32('tNode', nListed);
  const tOn = work.uint8('tOn', nListed);
  for (let q = 0; q < nListed; q++) {
    const e = top!.edge[q]!;
    tCost[q] = edgeCost[e]!;
    tNode[q] = n + edgeTarget[e]!;
    tOn[q] = enabled === undefined || enabled[e] === 1 ? 1 : 0;
  }
  // per-target slot lists of loaded edges (flow > 0); at most min(capacity, degree) of them, degree = the
  // target's edges (enabled or not, cached per target array), needed only when the capacities add up to
  // more places than there are edges (a slot list's place does not change its order)
  // (work arrays come from `work`, filled here: their previous contents are another solve's)
  const slotStart = work.int32('slotStart', m + 1);
  slotStart[0] = 0;
  let places = 0;
  for (let t = 0; t < m; t++) places += capacity[t]!;
  if (places <= nEdges) {
    for (let t = 0; t < m; t++) slotStart[t + 1] = slotStart[t]! + capacity[t]!;
  } else {
    const degree = targetDegrees(edgeTarget, nEdges, m);
    for (let t = 0; t < m; t++) slotStart[t + 1] = slotStart[t]! + Math.min(capacity[t]!, degree[t]!);
  }
  const slots = work.int32('slots', slotStart[m]!);
  // each slot's source and cost beside its edge (the reverse arcs read them in slot order, not at random)
  const slotSrc = work.int32('slotSrc', slotStart[m]!);
  const slotCost = work.float64('slotCost', slotStart[m]!);
  const slotCount = work.int32('slotCount', m).fill(0);
  const slotPos = work.int32('slotPos', nEdges).fill(-1);

  const flow = input.flowInto ? input.flowInto.subarray(0, nEdges).fill(0) : new Int32Array(nEdges);
  const load = work.int32('load', m).fill(0);
  const routed = work.int32('routed', n).fill(0); // flow leaving source s to targets
  const parked = work.int32('parked', n).fill(0); // flow of source s sent to the unrouted node
  // for a source of supply 1, the edge carrying its flow (-1: none): "flow[e] >= 1" on its edges is
  // "e === one[s]", one read per source instead of one per edge (other sources read flow[e])
  const one = work.int32('one', n).fill(-1);
  const p = new Float64Array(N); // potentials (returned); reduced cost of a->b = cost + p[a] - p[b]

  const dist = work.float64('dist', N).fill(Infinity);
  const prevNode = work.int32('prevNode', N).fill(-1);
  const prevEdge = work.int32('prevEdge', N).fill(-1);
  const heap = work.int32('heap', N);
  // each heap entry's key (its node's dist) beside it: the sifts compare keys without reading dist at random
  const heapKey = work.float64('heapKey', N);
  const heapPos = work.int32('heapPos', N).fill(-1);
  const settled = work.int32('settled', N);
  const touched = work.int32('touched', N);
  let heapSize = 0;

  const siftUp = (i0: number): void => {
    let i = i0;
    const v = heap[i]!;
    const dv = heapKey[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = heapKey[parent]!;
      if (pk <= dv) break;
      const pv = heap[parent]!;
      heap[i] = pv;
      heapKey[i] = pk;
      heapPos[pv] = i;
      i = parent;
    }
    heap[i] = v;
    heapKey[i] = dv;
    heapPos[v] = i;
  };
  const siftDown = (i0: number): void => {
    let i = i0;
    const v = heap[i]!;
    const dv = heapKey[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heapSize) break;
      const r = l + 1;
      let c = l;
      let ck = heapKey[l]!;
      if (r < heapSize) {
        const rk = heapKey[r]!;
        if (rk < ck) {
          c = r;
          ck = rk;
        }
      }
      if (ck >= dv) break;
      const cv = heap[c]!;
      heap[i] = cv;
      heapKey[i] = ck;
      heapPos[cv] = i;
      i = c;
    }
    heap[i] = v;
    heapKey[i] = dv;
    heapPos[v] = i;
  };
  let nTouched = 0;
  // callers test `d < dist[v]` first (the same test): most arcs do not improve, and a call that is not
  // inlined boxes its double argument (measured: ~270 MB of short-lived heap numbers per 80k re-match)
  const relax = (v: number, d: number, from: number, edge: number): void => {
    const old = dist[v]!;
    if (d >= old) return;
    if (old === Infinity) touched[nTouched++] = v;
    dist[v] = d;
    prevNode[v] = from;
    prevEdge[v] = edge;
    const hp = heapPos[v]!;
    if (hp >= 0) {
      heapKey[hp] = d;
      siftUp(hp);
    } else {
      heap[heapSize] = v;
      heapKey[heapSize] = d;
      heapPos[v] = heapSize;
      heapSize++;
      siftUp(heapSize - 1);
    }
  };
  const popMin = (): number => {
    const top = heap[0]!;
    heapPos[top] = -1;
    heapSize--;
    if (heapSize > 0) {
      heap[0] = heap[heapSize]!;
      heapKey[0] = heapKey[heapSize]!;
      heapPos[heap[0]!] = 0;
      siftDown(0);
    }
    return top;
  };

  const addSlot = (t: number, e: number, source: number): void => {
    const pos = slotStart[t]! + slotCount[t]!;
    slots[pos] = e;
    slotSrc[pos] = source;
    slotCost[pos] = edgeCost[e]!;
    slotPos[e] = pos;
    slotCount[t]!++;
  };
  const removeSlot = (t: number, e: number): void => {
    const pos = slotPos[e]!;
    const lastPos = slotStart[t]! + slotCount[t]! - 1;
    const last = slots[lastPos]!;
    slots[pos] = last;
    slotSrc[pos] = slotSrc[lastPos]!;
    slotCost[pos] = slotCost[lastPos]!;
    slotPos[last] = pos;
    slotPos[e] = -1;
    slotCount[t]!--;
  };

  const failed: number[] = [];
  let searches = 0;
  const order = input.order;
  const nOrder = order ? order.length : n;
  for (let k = 0; k < nOrder; k++) {
    const src = order ? order[k]! : k;
    const sup = supply ? supply[src]! : 1;
    if (sup <= 0) continue;
    // initial potential: every arc out of a fresh source gets a non-negative reduced cost
    let ps = optional[src] === 1 ? p[S]! : -Infinity;
    // target potentials are <= 0, so an edge gives at most -cost: the cheapest few edges usually decide
    let fullScan = true;
    if (top !== null) {
      for (let q = top.start[src]!, end = top.start[src + 1]!; q < end; q++) {
        if (tOn[q] !== 1) continue;
        const c = p[tNode[q]!]! - tCost[q]!;
        if (c > ps) ps = c;
      }
      fullScan = !(ps >= -top.restBest[src]!);
    }
    // the edge giving the largest -reduced cost, the runner-up and the magnitudes involved (for the fast
    // path's first search: see `decided` below)
    let xBest = -Infinity;
    let xSecond = -Infinity;
    let eBest = -1;
    let scale = 0;
    if (fullScan) {
      for (let e = edgeStart[src]!; e < edgeStart[src + 1]!; e++) {
        if (enabled !== undefined && enabled[e] !== 1) continue;
        const pt = p[n + edgeTarget[e]!]!;
        const ce = edgeCost[e]!;
        const c = pt - ce;
        if (c > ps) ps = c;
        if (c > xBest) {
          xSecond = xBest;
          xBest = c;
          eBest = e;
        } else if (c > xSecond) xSecond = c;
        const mag = Math.abs(pt) + Math.abs(ce);
        if (mag > scale) scale = mag;
      }
    }
    if (ps === -Infinity) {
      failed.push(src);
      continue;
    }
    p[src] = ps;
    let unitFailed = false;
    for (let unit = 0; unit < sup && !unitFailed; unit++) {
      searches++;
      // Fast path. Free targets and the unrouted node always have potential 0 (their potentials start
      // at 0, only decrease, and must stay >= 0 while they have room), so when the cheapest arc out of
      // the source reaches one of them, that arc is a shortest path to the sink: augment without a heap.
      {
        const pSrc: number = p[src]!;
        const cap = supply ? supply[src]! : 1;
        let bestRc = Infinity;
        let bestE = -1;
        // a reduced cost is at least cost + p[src] (target potentials are <= 0): when the best of the
        // cheapest few edges beats that for every other edge, they are not read (same edge chosen)
        let full = true;
        if (top !== null) {
          for (let q = top.start[src]!, end = top.start[src + 1]!; q < end; q++) {
            if (tOn[q] !== 1) continue;
            const e = top.edge[q]!;
            if (cap === 1 ? e === one[src] : flow[e]! >= cap) continue;
            const rc = tCost[q]! + pSrc - p[tNode[q]!]!;
            if (rc < bestRc) {
              bestRc = rc;
              bestE = e;
            }
          }
          full = !(bestRc < top.restBest[src]! + pSrc);
          if (full) {
            bestRc = Infinity;
            bestE = -1;
          }
        } else if (
          unit === 0 &&
          eBest >= 0 &&
          routed[src] === 0 &&
          parked[src] === 0 &&
          one[src] === -1 &&
          xBest - xSecond > DECIDED_MARGIN * (scale + Math.abs(pSrc))
        ) {
          // decided: a fresh source (no flow yet, so every enabled edge is a candidate), whose edge giving
          // ps beats every other edge's -reduced cost by far more than the rounding of the two formulas
          // (a few ulps of these magnitudes): the scan below would choose that edge, with this reduced cost
          bestE = eBest;
          bestRc = edgeCost[eBest]! + pSrc - p[n + edgeTarget[eBest]!]!;
          full = false;
        }
        if (full) {
          for (let e = edgeStart[src]!; e < edgeStart[src + 1]!; e++) {
            if (cap === 1 ? e === one[src] : flow[e]! >= cap) continue;
            if (enabled !== undefined && enabled[e] !== 1) continue;
            const rc = edgeCost[e]! + pSrc - p[n + edgeTarget[e]!]!;
            if (rc < bestRc) {
              bestRc = rc;
              bestE = e;
            }
          }
        }
        const parkRc = optional[src] === 1 && parked[src]! < cap ? pSrc - p[S]! : Infinity;
        if (parkRc < bestRc) {
          p[src] = pSrc - (parkRc > 0 ? parkRc : 0);
          parked[src]!++;
          continue;
        }
        if (bestE >= 0) {
          const t = edgeTarget[bestE]!;
          if (load[t]! < capacity[t]!) {
            p[src] = pSrc - (bestRc > 0 ? bestRc : 0);
            if (flow[bestE] === 0) addSlot(t, bestE, src);
            flow[bestE]!++;
            one[src] = bestE;
            routed[src]!++;
            load[t]!++;
            continue;
          }
        }
      }
      nTouched = 0;
      heapSize = 0;
      let nSettled = 0;
      let bestT = Infinity;
      let bestTerm = -1;
      // reach: the length of some path to the sink found so far (a free target or the unrouted node
      // relaxed at that distance), an upper bound on bestT. A node reached at a distance >= reach is never
      // settled, so arcs that cannot bring a node below it are not relaxed: a source's edges outside its
      // cheapest few are read only when the cheapest of them could (reduced cost >= cost + potential)
      let reach = Infinity;
      relax(src, 0, -1, -1);
      while (heapSize > 0) {
        const v = heap[0]!;
        const dv = dist[v]!;
        if (dv >= bestT) break;
        popMin();
        settled[nSettled++] = v;
        if (v < n) {
          // a source: forward arcs with residual capacity, and its unrouted arc
          const pv = p[v]!;
          const cap = supply ? supply[v]! : 1;
          const oneV = one[v]!;
          if (top === null) {
            // few edges per source: every arc that can bring a node below reach, in edge order, then the
            // unrouted arc
            for (let e = edgeStart[v]!; e < edgeStart[v + 1]!; e++) {
              if (cap === 1 ? e === oneV : flow[e]! >= cap) continue;
              if (enabled !== undefined && enabled[e] !== 1) continue;
              const w = n + edgeTarget[e]!;
              let rc = edgeCost[e]! + pv - p[w]!;
              if (rc < 0) rc = 0;
              const d = dv + rc;
              if (d >= reach) continue;
              if (d < dist[w]!) relax(w, d, v, e);
              if (load[w - n]! < capacity[w - n]!) {
                const dT = d + (p[w]! > 0 ? p[w]! : 0);
                if (dT < reach) reach = dT;
              }
            }
            if (optional[v] === 1 && parked[v]! < cap) {
              let rc = pv - p[S]!;
              if (rc < 0) rc = 0;
              const d = dv + rc;
              if (d < dist[S]!) relax(S, d, v, -1);
              const dT = d + (p[S]! > 0 ? p[S]! : 0);
              if (dT < reach) reach = dT;
            }
          } else {
            if (optional[v] === 1 && parked[v]! < cap) {
              let rc = pv - p[S]!;
              if (rc < 0) rc = 0;
              const d = dv + rc;
              if (d < dist[S]!) relax(S, d, v, -1);
              const dT = d + (p[S]! > 0 ? p[S]! : 0);
              if (dT < reach) reach = dT;
            }
            const from = edgeStart[v]!;
            let to = edgeStart[v + 1]!;
            for (let q = top.start[v]!, end = top.start[v + 1]!; q < end; q++) {
              if (tOn[q] !== 1) continue;
              const e = top.edge[q]!;
              if (cap === 1 ? e === oneV : flow[e]! >= cap) continue;
              const w = tNode[q]!;
              let rc = tCost[q]! + pv - p[w]!;
              if (rc < 0) rc = 0;
              const d = dv + rc;
              if (d >= reach) continue;
              if (d < dist[w]!) relax(w, d, v, e);
              if (load[w - n]! < capacity[w - n]!) {
                const dT = d + (p[w]! > 0 ? p[w]! : 0);
                if (dT < reach) reach = dT;
              }
            }
            const lb = top.restBest[v]! + pv;
            // every other edge's reduced cost is at least lb: none can bring a node below reach
            if (dv + (lb > 0 ? lb : 0) >= reach) to = from;
            for (let e = from; e < to; e++) {
              if (cap === 1 ? e === oneV : flow[e]! >= cap) continue;
              if (enabled !== undefined && enabled[e] !== 1) continue;
              const w = n + edgeTarget[e]!;
              let rc = edgeCost[e]! + pv - p[w]!;
              if (rc < 0) rc = 0;
              const d = dv + rc;
              if (d >= reach) continue;
              if (d < dist[w]!) relax(w, d, v, e);
              if (load[w - n]! < capacity[w - n]!) {
                const dT = d + (p[w]! > 0 ? p[w]! : 0);
                if (dT < reach) reach = dT;
              }
            }
          }
        } else if (v < S) {
          const t = v - n;
          const pv = p[v]!;
          if (load[t]! < capacity[t]!) {
            // free target: reach the virtual sink T (p[T] = 0)
            const dT = dv + (pv > 0 ? pv : 0);
            if (dT < bestT) {
              bestT = dT;
              bestTerm = v;
            }
          }
          const base = slotStart[t]!;
          const cnt = slotCount[t]!;
          for (let i = base, end = base + cnt; i < end; i++) {
            const e = slots[i]!;
            const w = slotSrc[i]!;
            let rc = -slotCost[i]! + pv - p[w]!;
            if (rc < 0) rc = 0;
            if (dv + rc >= reach) continue;
            if (dv + rc < dist[w]!) relax(w, dv + rc, v, e);
          }
        } else {
          // the unrouted node: it is never full; its arcs back to parked sources never shorten a path
          const pv = p[S]!;
          const dT = dv + (pv > 0 ? pv : 0);
          if (dT < bestT) {
            bestT = dT;
            bestTerm = S;
          }
        }
      }
      if (bestTerm < 0) {
        unitFailed = true;
        failed.push(src);
      } else {
        const D = bestT;
        for (let i = 0; i < nSettled; i++) {
          const v = settled[i]!;
          p[v] = p[v]! + dist[v]! - D;
        }
        if (bestTerm === S) {
          const last = prevNode[S]!;
          parked[last]!++;
        } else {
          load[bestTerm - n]!++;
        }
        // augment along the path
        let v = bestTerm;
        while (v !== src) {
          const u = prevNode[v]!;
          const e = prevEdge[v]!;
          if (v === S) {
            // parked already counted
          } else if (v >= n) {
            // forward arc u -> target v
            const t = v - n;
            if (flow[e] === 0) addSlot(t, e, u);
            flow[e]!++;
            one[u] = e;
            routed[u]!++;
          } else {
            // reverse arc target u -> source v: the source v leaves target u
            const t = u - n;
            flow[e]!--;
            // (the path may already have given v its new edge: walking back, v's forward arc comes first)
            if (one[v] === e) one[v] = -1;
            routed[v]!--;
            if (flow[e] === 0) removeSlot(t, e);
          }
          v = u;
        }
      }
      for (let i = 0; i < nTouched; i++) {
        const v = touched[i]!;
        dist[v] = Infinity;
        heapPos[v] = -1;
      }
    }
  }

  const unrouted = new Int32Array(n);
  for (let s = 0; s < n; s++) unrouted[s] = (supply ? supply[s]! : 1) - routed[s]!;
  // the loaded edges are the targets' slot lists; in edge order, the cost sums as a scan of every edge would
  let nLoaded = 0;
  for (let t = 0; t < m; t++) nLoaded += slotCount[t]!;
  const loadedEdges = new Int32Array(nLoaded);
  nLoaded = 0;
  if (supply === null) {
    // every supply is 1: a source's loaded edge is one[s], and sources in order give edges in order (CSR)
    for (let s = 0; s < n; s++) if (one[s]! >= 0) loadedEdges[nLoaded++] = one[s]!;
  } else {
    for (let t = 0; t < m; t++) for (let i = 0; i < slotCount[t]!; i++) loadedEdges[nLoaded++] = slots[slotStart[t]! + i]!;
    loadedEdges.sort();
  }
  let cost = 0;
  for (let i = 0; i < nLoaded; i++) {
    const e = loadedEdges[i]!;
    cost += flow[e]! * edgeCost[e]!;
  }
  const targetPrice = new Float64Array(m);
  for (let t = 0; t < m; t++) {
    const pt = p[n + t]!;
    targetPrice[t] = load[t]! >= capacity[t]! && pt < 0 ? -pt : 0;
  }
  return { flow, unrouted, failed, cost, targetPrice, searches, potential: p, loaded: loadedEdges };
}

/**
 * Relative margin by which a fresh source's best edge must beat its runner-up for the fast path to take it
 * without scanning the edges again (`c + p[src] - p[t]` against `p[t] - c`: both differ from the exact
 * value by a few units of 2^-53 of the magnitudes; 1e-12 leaves a factor of over 1,000).
 */
const DECIDED_MARGIN = 1e-12;

const degreeCache = new WeakMap<Int32Array, Int32Array>();

function targetDegrees(edgeTarget: Int32Array, nEdges: number, m: number): Int32Array {
  const known = degreeCache.get(edgeTarget);
  if (known && known.length === m) return known;
  const degree = new Int32Array(m);
  for (let e = 0; e < nEdges; e++) degree[edgeTarget[e]!]!++;
  degreeCache.set(edgeTarget, degree);
  return degree;
}

/** Cheapest-edges index per cost array (the dive solves several flows on one), when sources have many edges. */
const costIndexes = new WeakMap<Float64Array, TopEdges | null>();

function costIndex(input: TransportInput): TopEdges | null {
  if (input.cheapest) return input.cheapest;
  const n = input.nSources;
  const nEdges = input.edgeStart[n] ?? 0;
  const known = costIndexes.get(input.edgeCost);
  if (known !== undefined && (known === null || known.restBest.length === n)) return known;
  const idx = nEdges > 2 * TOP_EDGES * Math.max(1, n) ? topEdges(input.edgeStart, input.edgeCost, false) : null;
  costIndexes.set(input.edgeCost, idx);
  return idx;
}

/** Options of `minCostTransportPriced`. */
export interface PricingOptions {
  /** Edges per source in the first restricted problem (the cheapest enabled ones). */
  readonly perSource: number;
}

/**
 * The same exact min-cost flow as `minCostTransport`, solved by pricing (column generation): first on each
 * source's `perSource` cheapest enabled edges, then every left-out enabled edge is priced with the final
 * node potentials; an edge with negative reduced cost (cost + potential[source] - potential[target] < 0)
 * could improve the flow, so all such edges are added and the flow solved again, until none is left. At
 * that point every arc of the FULL residual graph has a non-negative reduced cost, i.e. the flow is
 * optimal for the full problem (the usual LP optimality certificate). Sources that could not be routed get
 * all their edges back. Much faster than the plain solve when sources have hundreds of candidates and only
 * the best few matter.
 *
 * @example
 * const r = minCostTransportPriced(input, { perSource: 24 }); // same cost as minCostTransport(input)
 */
export function minCostTransportPriced(input: TransportInput, options: PricingOptions): TransportResult & { readonly pricingRounds: number } {
  const { nSources: n, edgeStart, edgeTarget, edgeCost } = input;
  const nEdges = edgeStart[n] ?? 0;
  const enabled = input.edgeEnabled;
  const K = Math.max(1, Math.floor(options.perSource));
  if (nEdges <= 1.5 * K * Math.max(1, n)) return { ...minCostTransport(input), pricingRounds: 1 };
  const restricted = new Uint8Array(nEdges);
  let buf = new Float64Array(64);
  for (let s = 0; s < n; s++) {
    const a = edgeStart[s]!;
    const b = edgeStart[s + 1]!;
    let cnt = 0;
    if (b - a > buf.length) buf = new Float64Array(b - a);
    for (let e = a; e < b; e++) if (enabled === undefined || enabled[e] === 1) buf[cnt++] = edgeCost[e]!;
    if (cnt <= K) {
      for (let e = a; e < b; e++) if (enabled === undefined || enabled[e] === 1) restricted[e] = 1;
      continue;
    }
    const threshold = buf.subarray(0, cnt).sort()[K - 1]!;
    let taken = 0;
    for (let e = a; e < b; e++) {
      if ((enabled === undefined || enabled[e] === 1) && edgeCost[e]! < threshold) {
        restricted[e] = 1;
        taken++;
      }
    }
    for (let e = a; e < b && taken < K; e++) {
      if ((enabled === undefined || enabled[e] === 1) && edgeCost[e] === threshold) {
        restricted[e] = 1;
        taken++;
      }
    }
  }
  let searches = 0;
  for (let round = 1; ; round++) {
    const res = minCostTransport({ ...input, edgeEnabled: restricted });
    searches += res.searches;
    const p = res.potential;
    let added = 0;
    for (const s of res.failed) {
      for (let e = edgeStart[s]!; e < edgeStart[s + 1]!; e++) {
        if ((enabled === undefined || enabled[e] === 1) && restricted[e] === 0) {
          restricted[e] = 1;
          added++;
        }
      }
    }
    for (let s = 0; s < n; s++) {
      const ps = p[s]!;
      for (let e = edgeStart[s]!; e < edgeStart[s + 1]!; e++) {
        if (restricted[e] === 1 || (enabled !== undefined && enabled[e] !== 1)) continue;
        const c = edgeCost[e]!;
        if (c + ps - p[n + edgeTarget[e]!]! < -1e-9 * Math.max(1, Math.abs(c))) {
          restricted[e] = 1;
          added++;
        }
      }
    }
    if (added === 0) return { ...res, searches, pricingRounds: round };
  }
}
