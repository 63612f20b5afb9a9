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
  const st = solver;
  st.prepare(input);
  st.route(input.order);
  return st.result();
}

/** What a warm start takes over from a previous solve (its result's fields of these names). */
export interface WarmStart {
  /** The previous flow (may be the array now given as `flowInto`: it is read before being overwritten). */
  readonly flow: Int32Array;
  /** The previous flow's loaded edges, ascending. */
  readonly loaded: Int32Array;
  /** The previous potentials (sources, targets, the unrouted node). */
  readonly potential: Float64Array;
  /**
   * True when since the previous flow no edge was enabled and no cost changed (only supplies and capacities
   * changed, edges disabled): a kept source's arcs without flow still have non-negative reduced costs and
   * are not checked again. Default false (every arc checked).
   */
  readonly sameArcs?: boolean;
  /**
   * Sources routed again from scratch whatever their previous flow, e.g. those whose edges were enabled or
   * whose supply rose since (with `sameArcs`, the arcs of a source not listed here are not checked).
   */
  readonly reroute?: Int32Array;
  /**
   * Any object standing for this problem's edges (the same `edgeStart` / `edgeTarget` contents in every warm
   * start given the same object), e.g. one per dive: the by-target index of the edges built for one warm
   * start then serves the next. Default: built for each warm start that needs it.
   */
  readonly scope?: object;
  /**
   * The problem's edges by target (CSR: those of target t are `edge[start[t] .. start[t+1]-1]`, from source
   * `source[...]` at the same position; sources ascending, a source's edges in order), when the caller has
   * one, or a function making it (called only when a freed place is left to `pull`): then no index is built.
   */
  readonly byTarget?: ByTarget | (() => ByTarget);
}

/** A CSR edge list's edges by target (`WarmStart.byTarget`). */
export interface ByTarget {
  readonly start: Int32Array;
  readonly edge: Int32Array;
  readonly source: Int32Array;
}

/**
 * The same exact min-cost flow as `minCostTransport`, started from a previous optimal flow and its
 * potentials (same sources, targets and edges; supplies, capacities, enabled edges and costs may differ).
 * Sources whose flow is still feasible and whose arcs keep non-negative reduced costs keep their flow; the
 * others, and units pushed out of targets whose capacity fell below their load, are routed again by
 * successive shortest paths from the kept potentials. Places freed on a priced target (potential < 0) are
 * kept full by phantom flow that the searches may fill, and whatever is left of it is removed by shortest
 * paths from the sink (`pull`): the result is an optimal flow of the new problem (every residual arc has a
 * non-negative reduced cost), though among several optimal flows another than a cold solve's may come out.
 * When the previous solve's changes are few, the work is a few searches instead of one per source.
 *
 * @example
 * const r1 = minCostTransport(input);
 * const r2 = minCostTransportWarm({ ...input, capacity: smaller }, r1); // same cost as a cold solve
 */
export function minCostTransportWarm(input: TransportInput, previous: WarmStart): TransportResult {
  const n = input.nSources;
  const m = input.nTargets;
  const p0 = previous.potential;
  const nEdges = input.edgeStart[n] ?? 0;
  let usable = p0.length === n + m + 1 && previous.flow.length >= nEdges;
  // target potentials are <= 0 in every flow of this module (a free target's is 0)
  for (let t = n; usable && t < n + m; t++) if (!(p0[t]! <= 0)) usable = false;
  for (let s = 0; usable && s < n; s++) if (!Number.isFinite(p0[s]!)) usable = false;
  const k = previous.loaded.length;
  const keptEdge = work.int32('warmEdge', k);
  const keptFlow = work.int32('warmFlow', k);
  for (let i = 0, last = -1; usable && i < k; i++) {
    const e = previous.loaded[i]!;
    const f = previous.flow[e]!;
    if (!(e > last && e < nEdges && f > 0)) usable = false;
    keptEdge[i] = e;
    keptFlow[i] = f;
    last = e;
  }
  if (!usable) return minCostTransport(input);
  const st = solver;
  st.prepare(input);
  const order = st.warmStart(p0, keptEdge, keptFlow, previous.sameArcs !== true, previous.reroute ?? EMPTY_I32);
  st.route(order);
  st.settlePhantoms(previous.scope ?? null, previous.byTarget ?? null);
  return st.result();
}

/** Relative tolerance of the reduced-cost check of a warm start's kept sources (rounding is ~1e-16). */
const WARM_TOLERANCE = 1e-9;

const EMPTY_I32: Int32Array = new Int32Array(0);
const EMPTY_F64: Float64Array = new Float64Array(0);
const EMPTY_U8: Uint8Array = new Uint8Array(0);

/**
 * The flow's state and phases (one module-level instance, fields of one shape set in the constructor): the
 * setup (`prepare`), the per-source loop with the heap-free fast path (`route`), the Dijkstra search and its
 * augmentation (`search`), the heap and slot operations, and the result (`result`). No closure is created per
 * call, so V8 compiles each phase once for every flow instead of recompiling per call's closures.
 */
class TransportSolver {
  n = 0;
  m = 0;
  /** The "unrouted" node, n + m. */
  S = 0;
  edgeStart = EMPTY_I32;
  edgeTarget = EMPTY_I32;
  edgeCost = EMPTY_F64;
  hasEnabled = false;
  enabled = EMPTY_U8;
  /** false: every supply is 1 (`supply` is then empty). */
  hasSupply = false;
  supply = EMPTY_I32;
  capacity = EMPTY_I32;
  optional = EMPTY_U8;
  hasTop = false;
  topStart = EMPTY_I32;
  topEdge = EMPTY_I32;
  restBest = EMPTY_F64;
  // the listed edges' cost, target node and enabled flag in index order (read sequentially)
  tCost = EMPTY_F64;
  tNode = EMPTY_I32;
  tOn = EMPTY_U8;
  // per-target slot lists of loaded edges (flow > 0), each slot's source and cost beside its edge
  slotStart = EMPTY_I32;
  slots = EMPTY_I32;
  slotSrc = EMPTY_I32;
  slotCost = EMPTY_F64;
  slotCount = EMPTY_I32;
  slotPos = EMPTY_I32;
  flow = EMPTY_I32;
  load = EMPTY_I32;
  /** Flow leaving source s to targets. */
  routed = EMPTY_I32;
  /** Flow of source s sent to the unrouted node. */
  parked = EMPTY_I32;
  /** For a source of supply 1, the edge carrying its flow (-1: none). */
  one = EMPTY_I32;
  /** Potentials (returned); reduced cost of a->b = cost + p[a] - p[b]. */
  p = EMPTY_F64;
  dist = EMPTY_F64;
  prevNode = EMPTY_I32;
  prevEdge = EMPTY_I32;
  heap = EMPTY_I32;
  /** Each heap entry's key (its node's dist) beside it: the sifts compare keys without reading dist at random. */
  heapKey = EMPTY_F64;
  heapPos = EMPTY_I32;
  settled = EMPTY_I32;
  touched = EMPTY_I32;
  heapSize = 0;
  nTouched = 0;
  /** The search's `reach` while a source's arcs are read (`expandTop`, `expandPlain`, `expandRest`). */
  reach = Infinity;
  failed: number[] = [];
  searches = 0;
  /**
   * Warm starts only: places of a priced target freed since the previous flow (`warmStart`), counted in
   * `load` until a unit takes them (a search may end there) or `pull` gives them up. Empty otherwise.
   */
  hasPhantom = false;
  phantom = EMPTY_I32;
  // warm starts only: each target's edges (by-target CSR) for `pull`, built when a phantom place is left
  inStart = EMPTY_I32;
  inEdge = EMPTY_I32;
  inSrc = EMPTY_I32;
  /** The `WarmStart.scope` the by-target index was built for (null: none or unnamed). */
  inScope: object | null = null;

  /** Reads the input and sets up the work arrays (their previous contents are another solve's). */
  prepare(input: TransportInput): void {
    const { nSources: n, nTargets: m, edgeStart, edgeTarget, edgeCost, supply, capacity, optional } = input;
    const enabled = input.edgeEnabled;
    const nEdges = edgeStart[n] ?? 0;
    const N = n + m + 1;
    this.n = n;
    this.m = m;
    this.S = n + m;
    this.edgeStart = edgeStart;
    this.edgeTarget = edgeTarget;
    this.edgeCost = edgeCost;
    this.hasEnabled = enabled !== undefined;
    this.enabled = enabled ?? EMPTY_U8;
    this.hasSupply = supply !== null;
    this.supply = supply ?? EMPTY_I32;
    this.capacity = capacity;
    this.optional = optional;
    const top = costIndex(input);
    this.hasTop = top !== null;
    this.topStart = top !== null ? top.start : EMPTY_I32;
    this.topEdge = top !== null ? top.edge : EMPTY_I32;
    this.restBest = top !== null ? top.restBest : EMPTY_F64;
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
    this.tCost = tCost;
    this.tNode = tNode;
    this.tOn = tOn;
    // per-target slot lists: at most min(capacity, degree) slots, degree = the target's edges (enabled or
    // not, cached per target array), needed only when the capacities add up to more places than there are
    // edges (a slot list's place does not change its order)
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
    this.slotStart = slotStart;
    this.slots = work.int32('slots', slotStart[m]!);
    this.slotSrc = work.int32('slotSrc', slotStart[m]!);
    this.slotCost = work.float64('slotCost', slotStart[m]!);
    this.slotCount = work.int32('slotCount', m).fill(0);
    this.slotPos = work.int32('slotPos', nEdges).fill(-1);
    this.flow = input.flowInto ? input.flowInto.subarray(0, nEdges).fill(0) : new Int32Array(nEdges);
    this.load = work.int32('load', m).fill(0);
    this.routed = work.int32('routed', n).fill(0);
    this.parked = work.int32('parked', n).fill(0);
    this.one = work.int32('one', n).fill(-1);
    this.p = new Float64Array(N);
    this.dist = work.float64('dist', N).fill(Infinity);
    this.prevNode = work.int32('prevNode', N).fill(-1);
    this.prevEdge = work.int32('prevEdge', N).fill(-1);
    this.heap = work.int32('heap', N);
    this.heapKey = work.float64('heapKey', N);
    this.heapPos = work.int32('heapPos', N).fill(-1);
    this.settled = work.int32('settled', N);
    this.touched = work.int32('touched', N);
    this.heapSize = 0;
    this.nTouched = 0;
    this.failed = [];
    this.searches = 0;
    this.hasPhantom = false;
    this.phantom = EMPTY_I32;
  }

  /** Routes every source of `order` (default 0..n-1), one unit of supply at a time. */
  route(order: Int32Array | undefined): void {
    const n = this.n;
    const S = this.S;
    const hasSupply = this.hasSupply;
    const supply = this.supply;
    const optional = this.optional;
    const p = this.p;
    const nOrder = order ? order.length : n;
    for (let k = 0; k < nOrder; k++) {
      const src = order ? order[k]! : k;
      const sup = hasSupply ? supply[src]! : 1;
      if (sup <= 0) continue;
      // initial potential: every arc out of a fresh source gets a non-negative reduced cost
      const ps = this.initialPotential(src, optional[src] === 1 ? p[S]! : -Infinity);
      if (ps === -Infinity) {
        this.failed.push(src);
        continue;
      }
      p[src] = ps;
      for (let unit = 0; unit < sup; unit++) {
        this.searches++;
        if (this.fastStep(src, unit)) continue;
        if (!this.search(src)) {
          this.failed.push(src);
          break;
        }
      }
    }
  }

  /**
   * A fresh source's potential (the largest -reduced cost of its arcs, at least `ps0`); when the edges are
   * scanned, also the edge giving it, the runner-up and the magnitudes involved (for the fast path's first
   * step: see `decided` in `fastStep`), in `fresh` / `freshEdge`.
   */
  initialPotential(src: number, ps0: number): number {
    const n = this.n;
    const p = this.p;
    let ps = ps0;
    // target potentials are <= 0, so an edge gives at most -cost: the cheapest few edges usually decide
    let fullScan = true;
    if (this.hasTop) {
      const tOn = this.tOn;
      const tNode = this.tNode;
      const tCost = this.tCost;
      for (let q = this.topStart[src]!, end = this.topStart[src + 1]!; q < end; q++) {
        if (tOn[q] !== 1) continue;
        const c = p[tNode[q]!]! - tCost[q]!;
        if (c > ps) ps = c;
      }
      fullScan = !(ps >= -this.restBest[src]!);
    }
    let xBest = -Infinity;
    let xSecond = -Infinity;
    let eBest = -1;
    let scale = 0;
    if (fullScan) {
      const edgeStart = this.edgeStart;
      const edgeTarget = this.edgeTarget;
      const edgeCost = this.edgeCost;
      const hasEnabled = this.hasEnabled;
      const enabled = this.enabled;
      for (let e = edgeStart[src]!; e < edgeStart[src + 1]!; e++) {
        if (hasEnabled && enabled[e] !== 1) continue;
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
    fresh[0] = xBest;
    fresh[1] = xSecond;
    fresh[2] = scale;
    freshEdge[0] = eBest;
    return ps;
  }

  /**
   * The fast path. Free targets and the unrouted node always have potential 0 (their potentials start at 0,
   * only decrease, and must stay >= 0 while they have room), so when the cheapest arc out of the source
   * reaches one of them, that arc is a shortest path to the sink: augment without a heap. True when done.
   */
  fastStep(src: number, unit: number): boolean {
    const n = this.n;
    const p = this.p;
    const flow = this.flow;
    const one = this.one;
    const edgeCost = this.edgeCost;
    const edgeTarget = this.edgeTarget;
    const pSrc: number = p[src]!;
    const cap = this.hasSupply ? this.supply[src]! : 1;
    let bestRc = Infinity;
    let bestE = -1;
    // a reduced cost is at least cost + p[src] (target potentials are <= 0): when the best of the
    // cheapest few edges beats that for every other edge, they are not read (same edge chosen)
    let full = true;
    if (this.hasTop) {
      const tOn = this.tOn;
      const tNode = this.tNode;
      const tCost = this.tCost;
      const topEdge = this.topEdge;
      for (let q = this.topStart[src]!, end = this.topStart[src + 1]!; q < end; q++) {
        if (tOn[q] !== 1) continue;
        const e = topEdge[q]!;
        if (cap === 1 ? e === one[src] : flow[e]! >= cap) continue;
        const rc = tCost[q]! + pSrc - p[tNode[q]!]!;
        if (rc < bestRc) {
          bestRc = rc;
          bestE = e;
        }
      }
      full = !(bestRc < this.restBest[src]! + pSrc);
      if (full) {
        bestRc = Infinity;
        bestE = -1;
      }
    } else {
      const eBest = freshEdge[0]!;
      const xBest = fresh[0]!;
      const xSecond = fresh[1]!;
      const scale = fresh[2]!;
      if (
        unit === 0 &&
        eBest >= 0 &&
        this.routed[src] === 0 &&
        this.parked[src] === 0 &&
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
    }
    if (full) {
      const edgeStart = this.edgeStart;
      const hasEnabled = this.hasEnabled;
      const enabled = this.enabled;
      for (let e = edgeStart[src]!; e < edgeStart[src + 1]!; e++) {
        if (cap === 1 ? e === one[src] : flow[e]! >= cap) continue;
        if (hasEnabled && enabled[e] !== 1) continue;
        const rc = edgeCost[e]! + pSrc - p[n + edgeTarget[e]!]!;
        if (rc < bestRc) {
          bestRc = rc;
          bestE = e;
        }
      }
    }
    const parked = this.parked;
    const parkRc = this.optional[src] === 1 && parked[src]! < cap ? pSrc - p[this.S]! : Infinity;
    if (parkRc < bestRc) {
      p[src] = pSrc - (parkRc > 0 ? parkRc : 0);
      parked[src]!++;
      return true;
    }
    if (bestE >= 0) {
      const t = edgeTarget[bestE]!;
      const load = this.load;
      // a free target, or (warm starts) a freed place of a priced target: the arc ends a shortest path
      const free = load[t]! < this.capacity[t]!;
      if (free || (this.hasPhantom && this.phantom[t]! > 0)) {
        p[src] = pSrc - (bestRc > 0 ? bestRc : 0);
        if (flow[bestE] === 0) this.addSlot(t, bestE, src);
        flow[bestE]!++;
        one[src] = bestE;
        this.routed[src]!++;
        if (free) load[t]!++;
        else this.phantom[t]!--;
        return true;
      }
    }
    return false;
  }

  /**
   * One Dijkstra search from `src` over the residual graph, stopping once the cheapest way to the sink is
   * known, then the augmentation of one unit and the potential update. False when no path exists.
   */
  search(src: number): boolean {
    const n = this.n;
    const S = this.S;
    const p = this.p;
    const dist = this.dist;
    const heap = this.heap;
    const load = this.load;
    const capacity = this.capacity;
    const hasTop = this.hasTop;
    const slotStart = this.slotStart;
    const slotCount = this.slotCount;
    const slots = this.slots;
    const slotSrc = this.slotSrc;
    const slotCost = this.slotCost;
    const settled = this.settled;
    this.nTouched = 0;
    this.heapSize = 0;
    let nSettled = 0;
    let bestT = Infinity;
    let bestTerm = -1;
    // reach: the length of some path to the sink found so far (a free target or the unrouted node
    // relaxed at that distance), an upper bound on bestT. A node reached at a distance >= reach is never
    // settled, so arcs that cannot bring a node below it are not relaxed: a source's edges outside its
    // cheapest few are read only when the cheapest of them could (reduced cost >= cost + potential)
    let reach = Infinity;
    // callers of `relax` test `d < dist[v]` first (the same test): most arcs do not improve, and a call that
    // is not inlined boxes its double argument
    this.relax(src, 0, -1, -1);
    while (this.heapSize > 0) {
      const v = heap[0]!;
      const dv = dist[v]!;
      if (dv >= bestT) break;
      this.popMin();
      settled[nSettled++] = v;
      if (v < n) {
        // a source: forward arcs with residual capacity, and its unrouted arc (a method per index kind, each
        // compiled on its own feedback; `reach` travels in a field)
        this.reach = reach;
        if (hasTop) this.expandTop(v, dv);
        else this.expandPlain(v, dv);
        reach = this.reach;
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
        } else if (this.hasPhantom && this.phantom[t]! > 0 && dv < bestT) {
          // warm starts: a freed place of a priced target (a node short of flow) ends the path here
          bestT = dv;
          bestTerm = v;
        }
        const base = slotStart[t]!;
        const cnt = slotCount[t]!;
        for (let i = base, end = base + cnt; i < end; i++) {
          const e = slots[i]!;
          const w = slotSrc[i]!;
          let rc = -slotCost[i]! + pv - p[w]!;
          if (rc < 0) rc = 0;
          if (dv + rc >= reach) continue;
          if (dv + rc < dist[w]!) this.relax(w, dv + rc, v, e);
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
    if (bestTerm >= 0) this.augment(src, bestTerm, bestT, nSettled);
    this.clearTouched();
    return bestTerm >= 0;
  }

  /** The arcs out of source `v` (settled at `dv`) without a cheapest-edges index: see `search`. */
  expandPlain(v: number, dv: number): void {
    const n = this.n;
    const S = this.S;
    const p = this.p;
    const dist = this.dist;
    const flow = this.flow;
    const load = this.load;
    const capacity = this.capacity;
    const edgeStart = this.edgeStart;
    const edgeTarget = this.edgeTarget;
    const edgeCost = this.edgeCost;
    const hasEnabled = this.hasEnabled;
    const enabled = this.enabled;
    const pv = p[v]!;
    const cap = this.hasSupply ? this.supply[v]! : 1;
    const oneV = this.one[v]!;
    let reach = this.reach;
    // few edges per source: every arc that can bring a node below reach, in edge order, then the unrouted arc
    for (let e = edgeStart[v]!; e < edgeStart[v + 1]!; e++) {
      if (cap === 1 ? e === oneV : flow[e]! >= cap) continue;
      if (hasEnabled && enabled[e] !== 1) continue;
      const w = n + edgeTarget[e]!;
      let rc = edgeCost[e]! + pv - p[w]!;
      if (rc < 0) rc = 0;
      const d = dv + rc;
      if (d >= reach) continue;
      if (d < dist[w]!) this.relax(w, d, v, e);
      if (load[w - n]! < capacity[w - n]!) {
        const dT = d + (p[w]! > 0 ? p[w]! : 0);
        if (dT < reach) reach = dT;
      } else if (this.hasPhantom && this.phantom[w - n]! > 0) reach = d; // (d < reach: tested above)
    }
    if (this.optional[v] === 1 && this.parked[v]! < cap) {
      let rc = pv - p[S]!;
      if (rc < 0) rc = 0;
      const d = dv + rc;
      if (d < dist[S]!) this.relax(S, d, v, -1);
      const dT = d + (p[S]! > 0 ? p[S]! : 0);
      if (dT < reach) reach = dT;
    }
    this.reach = reach;
  }

  /** The arcs out of source `v` (settled at `dv`) with a cheapest-edges index: see `search`. */
  expandTop(v: number, dv: number): void {
    const n = this.n;
    const S = this.S;
    const p = this.p;
    const dist = this.dist;
    const flow = this.flow;
    const load = this.load;
    const capacity = this.capacity;
    const tOn = this.tOn;
    const tNode = this.tNode;
    const tCost = this.tCost;
    const topEdge = this.topEdge;
    const pv = p[v]!;
    const cap = this.hasSupply ? this.supply[v]! : 1;
    const oneV = this.one[v]!;
    let reach = this.reach;
    if (this.optional[v] === 1 && this.parked[v]! < cap) {
      let rc = pv - p[S]!;
      if (rc < 0) rc = 0;
      const d = dv + rc;
      if (d < dist[S]!) this.relax(S, d, v, -1);
      const dT = d + (p[S]! > 0 ? p[S]! : 0);
      if (dT < reach) reach = dT;
    }
    for (let q = this.topStart[v]!, end = this.topStart[v + 1]!; q < end; q++) {
      if (tOn[q] !== 1) continue;
      const e = topEdge[q]!;
      if (cap === 1 ? e === oneV : flow[e]! >= cap) continue;
      const w = tNode[q]!;
      let rc = tCost[q]! + pv - p[w]!;
      if (rc < 0) rc = 0;
      const d = dv + rc;
      if (d >= reach) continue;
      if (d < dist[w]!) this.relax(w, d, v, e);
      if (load[w - n]! < capacity[w - n]!) {
        const dT = d + (p[w]! > 0 ? p[w]! : 0);
        if (dT < reach) reach = dT;
      } else if (this.hasPhantom && this.phantom[w - n]! > 0) reach = d; // (d < reach: tested above)
    }
    const lb = this.restBest[v]! + pv;
    // every other edge's reduced cost is at least lb: none can bring a node below reach
    this.reach = reach;
    if (dv + (lb > 0 ? lb : 0) < reach) this.expandRest(v, dv);
  }

  /** The arcs out of source `v` outside its cheapest few (rarely needed: a method of its own). */
  expandRest(v: number, dv: number): void {
    const n = this.n;
    const p = this.p;
    const dist = this.dist;
    const flow = this.flow;
    const load = this.load;
    const capacity = this.capacity;
    const edgeStart = this.edgeStart;
    const edgeTarget = this.edgeTarget;
    const edgeCost = this.edgeCost;
    const hasEnabled = this.hasEnabled;
    const enabled = this.enabled;
    const pv = p[v]!;
    const cap = this.hasSupply ? this.supply[v]! : 1;
    const oneV = this.one[v]!;
    let reach = this.reach;
    for (let e = edgeStart[v]!, to = edgeStart[v + 1]!; e < to; e++) {
      if (cap === 1 ? e === oneV : flow[e]! >= cap) continue;
      if (hasEnabled && enabled[e] !== 1) continue;
      const w = n + edgeTarget[e]!;
      let rc = edgeCost[e]! + pv - p[w]!;
      if (rc < 0) rc = 0;
      const d = dv + rc;
      if (d >= reach) continue;
      if (d < dist[w]!) this.relax(w, d, v, e);
      if (load[w - n]! < capacity[w - n]!) {
        const dT = d + (p[w]! > 0 ? p[w]! : 0);
        if (dT < reach) reach = dT;
      } else if (this.hasPhantom && this.phantom[w - n]! > 0) reach = d; // (d < reach: tested above)
    }
    this.reach = reach;
  }

  /** Updates the potentials of the settled nodes and sends one unit from `src` along the path to `term`. */
  augment(src: number, term: number, D: number, nSettled: number): void {
    const n = this.n;
    const S = this.S;
    const p = this.p;
    const dist = this.dist;
    const settled = this.settled;
    const prevNode = this.prevNode;
    const prevEdge = this.prevEdge;
    const flow = this.flow;
    const one = this.one;
    const routed = this.routed;
    for (let i = 0; i < nSettled; i++) {
      const v = settled[i]!;
      p[v] = p[v]! + dist[v]! - D;
    }
    if (term === S) {
      const last = prevNode[S]!;
      this.parked[last]!++;
    } else if (this.load[term - n]! < this.capacity[term - n]!) {
      this.load[term - n]!++;
    } else {
      // warm starts: the path fills a freed place of a priced target
      this.phantom[term - n]!--;
    }
    let v = term;
    while (v !== src) {
      const u = prevNode[v]!;
      const e = prevEdge[v]!;
      if (v === S) {
        // parked already counted
      } else if (v >= n) {
        // forward arc u -> target v
        const t = v - n;
        if (flow[e] === 0) this.addSlot(t, e, u);
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
        if (flow[e] === 0) this.removeSlot(t, e);
      }
      v = u;
    }
  }

  /**
   * Warm start (after `prepare`): takes over a previous optimal flow (`keptEdge` / `keptFlow`, its loaded
   * edges ascending) and its potentials `p0`, keeping every source whose flow is still feasible and whose
   * arcs all still have non-negative reduced costs (`allArcs` false: only its loaded arcs and its unrouted
   * arc are checked, the others being unchanged since); the others are reset (no flow, routed again later
   * by `route`), as are units pushed out of a target whose capacity fell below its load. A priced target
   * (potential < 0) left with free places keeps them as phantom places (`phantom`), which the searches may
   * fill and `pull` gives up or fills at the end. The sources in `reroute` are reset whatever their flow.
   * Returns the sources to route, ascending.
   */
  warmStart(p0: Float64Array, keptEdge: Int32Array, keptFlow: Int32Array, allArcs: boolean, reroute: Int32Array): Int32Array {
    const n = this.n;
    const m = this.m;
    const edgeStart = this.edgeStart;
    const edgeTarget = this.edgeTarget;
    const edgeCost = this.edgeCost;
    const hasEnabled = this.hasEnabled;
    const enabled = this.enabled;
    const hasSupply = this.hasSupply;
    const supply = this.supply;
    const capacity = this.capacity;
    const optional = this.optional;
    const flow = this.flow;
    const load = this.load;
    const routed = this.routed;
    const parked = this.parked;
    const one = this.one;
    const p = this.p;
    p.set(p0);
    // 0 kept, 1 reset (flow taken out, routed again)
    const reset = work.uint8('warmReset', n).fill(0);
    for (let i = 0; i < reroute.length; i++) reset[reroute[i]!] = 1;
    const nKept = keptEdge.length;
    // the kept flow, and its arcs' reduced costs (<= 0 loaded; >= 0 while the edge has room)
    for (let i = 0, u = 0; i < nKept; i++) {
      const e = keptEdge[i]!;
      while (edgeStart[u + 1]! <= e) u++;
      const f = keptFlow[i]!;
      flow[e] = f;
      routed[u]! += f;
      if (hasEnabled && enabled[e] !== 1) {
        reset[u] = 1;
        continue;
      }
      const c = edgeCost[e]!;
      const pu = p[u]!;
      const pt = p[n + edgeTarget[e]!]!;
      const rc = c + pu - pt;
      const tol = WARM_TOLERANCE * (1 + Math.abs(c) + Math.abs(pu) + Math.abs(pt));
      if (rc > tol || (f < (hasSupply ? supply[u]! : 1) && rc < -tol)) reset[u] = 1;
    }
    const order = work.int32('warmOrder', n);
    let nOrder = 0;
    for (let s = 0; s < n; s++) {
      const sup = hasSupply ? supply[s]! : 1;
      const r = routed[s]!;
      if (reset[s] === 0) {
        if (r > sup || (r < sup && optional[s] !== 1)) reset[s] = 1;
        else if (optional[s] === 1 && r > 0 && p[s]! < -WARM_TOLERANCE * (1 + Math.abs(p[s]!))) reset[s] = 1; // s -> unrouted
        else if (r < sup && p[s]! > WARM_TOLERANCE * (1 + Math.abs(p[s]!))) reset[s] = 1; // unrouted -> s
        else if (allArcs && !this.otherArcsHold(s, sup)) reset[s] = 1;
      }
      if (reset[s] === 1) {
        if (r > 0) for (let e = edgeStart[s]!; e < edgeStart[s + 1]!; e++) flow[e] = 0;
        routed[s] = 0;
        if (sup > 0) order[nOrder++] = s;
      } else {
        parked[s] = sup - r;
      }
    }
    let over = false;
    for (let i = 0, u = 0; i < nKept; i++) {
      const e = keptEdge[i]!;
      while (edgeStart[u + 1]! <= e) u++;
      if (reset[u] === 1) continue;
      const t = edgeTarget[e]!;
      load[t]! += keptFlow[i]!;
      if (load[t]! > capacity[t]!) over = true;
    }
    // targets whose capacity fell below their load: units leave (routed again)
    if (over) {
      const added = this.relieve(keptEdge, reset, order.subarray(nOrder));
      if (added > 0) {
        nOrder += added;
        order.subarray(0, nOrder).sort();
      }
    }
    // the slot lists (every load now within its capacity)
    for (let i = 0, u = 0; i < nKept; i++) {
      const e = keptEdge[i]!;
      while (edgeStart[u + 1]! <= e) u++;
      if (reset[u] === 1 || flow[e] === 0) continue;
      this.addSlot(edgeTarget[e]!, e, u);
      one[u] = e;
    }
    // a priced target must stay full (its potential certifies that its places are wanted): its freed
    // places become phantom places, counted in its load
    const phantom = work.int32('phantom', m).fill(0);
    for (let t = 0; t < m; t++) {
      if (load[t]! < capacity[t]! && p[n + t]! < 0) {
        phantom[t] = capacity[t]! - load[t]!;
        load[t] = capacity[t]!;
        this.hasPhantom = true;
      }
    }
    this.phantom = phantom;
    return order.subarray(0, nOrder);
  }

  /** Whether every arc with room of kept source `s` other than its loaded ones has reduced cost >= 0. */
  otherArcsHold(s: number, sup: number): boolean {
    const n = this.n;
    const p = this.p;
    const ps = p[s]!;
    const edgeTarget = this.edgeTarget;
    const edgeCost = this.edgeCost;
    const hasEnabled = this.hasEnabled;
    const enabled = this.enabled;
    const flow = this.flow;
    for (let e = this.edgeStart[s]!, end = this.edgeStart[s + 1]!; e < end; e++) {
      if ((hasEnabled && enabled[e] !== 1) || flow[e]! >= sup) continue;
      const pt = p[n + edgeTarget[e]!]!;
      const c = edgeCost[e]!;
      if (c + ps - pt < -WARM_TOLERANCE * (1 + Math.abs(c) + Math.abs(ps) + Math.abs(pt))) return false;
    }
    return true;
  }

  /**
   * Resets units on targets loaded beyond their capacity until every load fits: on each such target the
   * unit with the cheapest other arc (reduced cost, at the potentials taken over) first, ties to the
   * higher index. A reset unit's flow leaves every target it was on. Writes the reset units (supply > 0)
   * into `into` and returns how many.
   */
  relieve(keptEdge: Int32Array, reset: Uint8Array, into: Int32Array): number {
    const edgeStart = this.edgeStart;
    const edgeTarget = this.edgeTarget;
    const flow = this.flow;
    const load = this.load;
    const capacity = this.capacity;
    // the kept units on overloaded targets, with their cheapest other arc, grouped by target
    const pairT: number[] = [];
    const pairU: number[] = [];
    const pairSlack: number[] = [];
    for (let i = 0, u = 0; i < keptEdge.length; i++) {
      const e = keptEdge[i]!;
      while (edgeStart[u + 1]! <= e) u++;
      const t = edgeTarget[e]!;
      if (reset[u] === 1 || load[t]! <= capacity[t]!) continue;
      pairT.push(t);
      pairU.push(u);
      pairSlack.push(this.otherArc(u));
    }
    const idx = pairT.map((_, k) => k).sort((a, b) => pairT[a]! - pairT[b]! || a - b);
    let added = 0;
    for (let a = 0; a < idx.length; ) {
      const t = pairT[idx[a]!]!;
      let b = a;
      while (b < idx.length && pairT[idx[b]!] === t) b++;
      while (load[t]! > capacity[t]!) {
        let best = -1;
        for (let k = a; k < b; k++) {
          const q = idx[k]!;
          if (reset[pairU[q]!] === 1) continue;
          if (best < 0 || pairSlack[q]! < pairSlack[best]! || (pairSlack[q] === pairSlack[best] && pairU[q]! > pairU[best]!)) best = q;
        }
        const u = pairU[best]!;
        reset[u] = 1;
        for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) {
          const f = flow[e]!;
          if (f === 0) continue;
          load[edgeTarget[e]!]! -= f;
          flow[e] = 0;
        }
        this.routed[u] = 0;
        this.parked[u] = 0;
        if ((this.hasSupply ? this.supply[u]! : 1) > 0) into[added++] = u;
      }
      a = b;
    }
    return added;
  }

  /** The cheapest reduced cost of source `u`'s arcs with room (its unrouted arc included), at the potentials. */
  otherArc(u: number): number {
    const n = this.n;
    const p = this.p;
    const pu = p[u]!;
    const sup = this.hasSupply ? this.supply[u]! : 1;
    let best = this.optional[u] === 1 && this.parked[u]! < sup ? pu - p[this.S]! : Infinity;
    for (let e = this.edgeStart[u]!, end = this.edgeStart[u + 1]!; e < end; e++) {
      if ((this.hasEnabled && this.enabled[e] !== 1) || this.flow[e]! >= sup) continue;
      const rc = this.edgeCost[e]! + pu - p[n + this.edgeTarget[e]!]!;
      if (rc < best) best = rc;
    }
    return best;
  }

  /**
   * Gives up or fills every phantom place left after the sources were routed (`pull`, one place at a time),
   * over the caller's by-target index or one built here (kept for later warm starts of the same `scope`).
   */
  settlePhantoms(scope: object | null, given: ByTarget | (() => ByTarget) | null): void {
    if (!this.hasPhantom) return;
    const phantom = this.phantom;
    let any = false;
    for (let t = 0; t < this.m; t++) if (phantom[t]! > 0) any = true;
    if (!any) return;
    const byTarget = typeof given === 'function' ? given() : given;
    if (byTarget !== null) {
      this.inStart = byTarget.start;
      this.inEdge = byTarget.edge;
      this.inSrc = byTarget.source;
      this.inScope = null; // (not this module's work arrays: a scoped warm start builds its own again)
    } else if (scope === null || scope !== this.inScope || this.inStart.length !== this.m + 1 || this.inEdge.length !== this.edgeStart[this.n]) {
      this.buildTargetIndex();
      this.inScope = scope;
    }
    for (let t = 0; t < this.m; t++) while (phantom[t]! > 0) this.pull(t);
    if (byTarget !== null) {
      this.inStart = EMPTY_I32;
      this.inEdge = EMPTY_I32;
      this.inSrc = EMPTY_I32;
    }
  }

  /**
   * Each target's edges and their sources (by-target CSR), for `pull`, in work arrays used by nothing else
   * (so that a later warm start of the same scope can use them again).
   */
  buildTargetIndex(): void {
    const n = this.n;
    const m = this.m;
    const edgeStart = this.edgeStart;
    const edgeTarget = this.edgeTarget;
    const nEdges = edgeStart[n]!;
    const degree = targetDegrees(edgeTarget, nEdges, m);
    const inStart = work.int32('inStart', m + 1);
    inStart[0] = 0;
    for (let t = 0; t < m; t++) inStart[t + 1] = inStart[t]! + degree[t]!;
    const pos = work.int32('inPos', m);
    pos.set(inStart.subarray(0, m));
    const inEdge = work.int32('inEdge', nEdges);
    const inSrc = work.int32('inSrc', nEdges);
    for (let s = 0; s < n; s++) {
      for (let e = edgeStart[s]!, end = edgeStart[s + 1]!; e < end; e++) {
        const q = pos[edgeTarget[e]!]!++;
        inEdge[q] = e;
        inSrc[q] = s;
      }
    }
    this.inStart = inStart;
    this.inEdge = inEdge;
    this.inSrc = inSrc;
  }

  /**
   * Removes one phantom place of target `t0` by a shortest path from the sink T to t0 in the residual graph
   * (Dijkstra backwards from t0, reduced costs): either the place is given up (the arc T -> t0 reverses
   * the phantom flow; t0's potential rises to 0), or a unit moves in from another target (which loses it to
   * T) or from the unrouted node, possibly along a chain. The potentials of the settled nodes then rise by
   * D - dist, which keeps every residual arc's reduced cost >= 0 and T's potential 0.
   */
  pull(t0: number): void {
    const n = this.n;
    const S = this.S;
    const p = this.p;
    const dist = this.dist;
    const heap = this.heap;
    const settled = this.settled;
    const prevNode = this.prevNode;
    const prevEdge = this.prevEdge;
    const flow = this.flow;
    const load = this.load;
    const one = this.one;
    const parked = this.parked;
    const routed = this.routed;
    const edgeStart = this.edgeStart;
    const edgeTarget = this.edgeTarget;
    const edgeCost = this.edgeCost;
    const hasEnabled = this.hasEnabled;
    const enabled = this.enabled;
    const hasSupply = this.hasSupply;
    const supply = this.supply;
    const inStart = this.inStart;
    const inEdge = this.inEdge;
    const inSrc = this.inSrc;
    this.searches++;
    this.nTouched = 0;
    this.heapSize = 0;
    let nSettled = 0;
    let bestT = Infinity;
    let bestTerm = -1;
    const v0 = n + t0;
    this.relax(v0, 0, -1, -1);
    while (this.heapSize > 0) {
      const v = heap[0]!;
      const dv = dist[v]!;
      if (dv >= bestT) break;
      this.popMin();
      settled[nSettled++] = v;
      if (v < n) {
        // a source: the targets it has flow on (reverse arcs target -> v), the unrouted node if it parks
        const pv = p[v]!;
        for (let e = edgeStart[v]!, end = edgeStart[v + 1]!; e < end; e++) {
          if (flow[e]! <= 0) continue;
          const w = n + edgeTarget[e]!;
          let rc = -edgeCost[e]! + p[w]! - pv;
          if (rc < 0) rc = 0;
          const d = dv + rc;
          if (d < bestT && d < dist[w]!) this.relax(w, d, v, e);
        }
        if (this.optional[v] === 1 && parked[v]! > 0) {
          let rc = p[S]! - pv;
          if (rc < 0) rc = 0;
          const d = dv + rc;
          if (d < bestT && d < dist[S]!) this.relax(S, d, v, -1);
        }
      } else if (v < S) {
        // a target: T -> v when it carries flow (a unit or a phantom leaves it); arcs with room into it
        const t = v - n;
        const pv = p[v]!;
        if (load[t]! > 0) {
          const dT = dv + (pv < 0 ? -pv : 0);
          if (dT < bestT) {
            bestT = dT;
            bestTerm = v;
          }
        }
        for (let i = inStart[t]!, end = inStart[t + 1]!; i < end; i++) {
          const e = inEdge[i]!;
          if (hasEnabled && enabled[e] !== 1) continue;
          const s = inSrc[i]!;
          if (flow[e]! >= (hasSupply ? supply[s]! : 1)) continue;
          let rc = edgeCost[e]! + p[s]! - pv;
          if (rc < 0) rc = 0;
          const d = dv + rc;
          if (d < bestT && d < dist[s]!) this.relax(s, d, v, e);
        }
      } else {
        // the unrouted node (reached from a parked source): T -> unrouted reverses parked flow
        const pv = p[S]!;
        const dT = dv + (pv < 0 ? -pv : 0);
        if (dT < bestT) {
          bestT = dT;
          bestTerm = S;
        }
      }
    }
    for (let i = 0; i < nSettled; i++) {
      const v = settled[i]!;
      p[v] = p[v]! + bestT - dist[v]!;
    }
    this.phantom[t0]!--;
    if (bestTerm === v0) {
      load[t0]!--;
    } else {
      if (bestTerm !== S) load[bestTerm - n]!--;
      // along the path from T to t0 a unit leaves a target, joins the next, ...; the last one fills t0.
      // Applied from t0 back (the path's nodes listed in the heap's array, free now), so that a target's
      // unit leaves before another joins it (its slot list has room for its capacity only)
      let k = 0;
      for (let v = bestTerm; v !== v0; v = prevNode[v]!) heap[k++] = v;
      while (k > 0) {
        const v = heap[--k]!;
        const w = prevNode[v]!;
        const e = prevEdge[v]!;
        if (v === S) {
          parked[w]!--;
        } else if (v >= n) {
          flow[e]!--;
          routed[w]!--;
          if (one[w] === e) one[w] = -1;
          if (flow[e] === 0) this.removeSlot(v - n, e);
        } else {
          if (flow[e] === 0) this.addSlot(w - n, e, v);
          flow[e]!++;
          one[v] = e;
          routed[v]!++;
        }
      }
    }
    this.clearTouched();
  }

  /** After a search (forward or backward): every node it reached back to unreached, out of the heap. */
  clearTouched(): void {
    const touched = this.touched;
    const dist = this.dist;
    const heapPos = this.heapPos;
    for (let i = 0, nT = this.nTouched; i < nT; i++) {
      const v = touched[i]!;
      dist[v] = Infinity;
      heapPos[v] = -1;
    }
  }

  relax(v: number, d: number, from: number, edge: number): void {
    const dist = this.dist;
    const old = dist[v]!;
    if (d >= old) return;
    if (old === Infinity) this.touched[this.nTouched++] = v;
    dist[v] = d;
    this.prevNode[v] = from;
    this.prevEdge[v] = edge;
    const hp = this.heapPos[v]!;
    if (hp >= 0) {
      this.heapKey[hp] = d;
      this.siftUp(hp);
    } else {
      const i = this.heapSize++;
      this.heap[i] = v;
      this.heapKey[i] = d;
      this.heapPos[v] = i;
      this.siftUp(i);
    }
  }

  popMin(): void {
    const heap = this.heap;
    const heapKey = this.heapKey;
    const heapPos = this.heapPos;
    heapPos[heap[0]!] = -1;
    const size = --this.heapSize;
    if (size > 0) {
      const v = heap[size]!;
      heap[0] = v;
      heapKey[0] = heapKey[size]!;
      heapPos[v] = 0;
      this.siftDown(0);
    }
  }

  siftUp(i0: number): void {
    const heap = this.heap;
    const heapKey = this.heapKey;
    const heapPos = this.heapPos;
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
  }

  siftDown(i0: number): void {
    const heap = this.heap;
    const heapKey = this.heapKey;
    const heapPos = this.heapPos;
    const heapSize = this.heapSize;
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
  }

  addSlot(t: number, e: number, source: number): void {
    const pos = this.slotStart[t]! + this.slotCount[t]!;
    this.slots[pos] = e;
    this.slotSrc[pos] = source;
    this.slotCost[pos] = this.edgeCost[e]!;
    this.slotPos[e] = pos;
    this.slotCount[t]!++;
  }

  removeSlot(t: number, e: number): void {
    const slots = this.slots;
    const slotSrc = this.slotSrc;
    const slotCost = this.slotCost;
    const slotPos = this.slotPos;
    const pos = slotPos[e]!;
    const lastPos = this.slotStart[t]! + this.slotCount[t]! - 1;
    const last = slots[lastPos]!;
    slots[pos] = last;
    slotSrc[pos] = slotSrc[lastPos]!;
    slotCost[pos] = slotCost[lastPos]!;
    slotPos[last] = pos;
    slotPos[e] = -1;
    this.slotCount[t]!--;
  }

  /** The result of the flow just routed (new arrays, except `flow` and the potentials handed over). */
  result(): TransportResult {
    const n = this.n;
    const m = this.m;
    const hasSupply = this.hasSupply;
    const supply = this.supply;
    const routed = this.routed;
    const one = this.one;
    const slotCount = this.slotCount;
    const slotStart = this.slotStart;
    const slots = this.slots;
    const flow = this.flow;
    const edgeCost = this.edgeCost;
    const load = this.load;
    const capacity = this.capacity;
    const p = this.p;
    const unrouted = new Int32Array(n);
    for (let s = 0; s < n; s++) unrouted[s] = (hasSupply ? supply[s]! : 1) - routed[s]!;
    // the loaded edges are the targets' slot lists; in edge order, the cost sums as a scan of every edge would
    let nLoaded = 0;
    for (let t = 0; t < m; t++) nLoaded += slotCount[t]!;
    const loadedEdges = new Int32Array(nLoaded);
    nLoaded = 0;
    if (!hasSupply) {
      // every supply is 1: a source's loaded edge is one[s], and sources in order give edges in order (CSR)
      for (let s = 0; s < n; s++) if (one[s]! >= 0) loadedEdges[nLoaded++] = one[s]!;
    } else {
      // a source of supply 1 has its loaded edge in one[s]; a larger one's loaded edges are read from its range:
      // sources in order give the edges in order (no sort)
      const edgeStart = this.edgeStart;
      for (let s = 0; s < n; s++) {
        const sup = supply[s]!;
        if (sup === 1) {
          if (one[s]! >= 0) loadedEdges[nLoaded++] = one[s]!;
        } else if (sup > 1 && routed[s]! > 0) {
          for (let e = edgeStart[s]!, end = edgeStart[s + 1]!; e < end; e++) if (flow[e]! > 0) loadedEdges[nLoaded++] = e;
        }
      }
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
    const failed = this.failed;
    const searches = this.searches;
    // the result's arrays are the caller's now: the state keeps none of them
    this.p = EMPTY_F64;
    this.flow = EMPTY_I32;
    this.failed = [];
    return { flow, unrouted, failed, cost, targetPrice, searches, potential: p, loaded: loadedEdges };
  }
}

/** A fresh source's best -reduced cost, runner-up and scale (`initialPotential` -> `fastStep`). */
const fresh = new Float64Array(3);
/** The edge giving `fresh[0]` (-1: none). */
const freshEdge = new Int32Array(1);

const solver = new TransportSolver();

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
