/**
 * Exact branch-and-bound for small generalised assignment problems (any sizes, compulsory or optional
 * units), in maximisation form.
 *
 * Bound: Lagrangian relaxation of the "each unit at most once" constraints (multiplier mu_u per unit,
 * >= 0 for optional units, free for compulsory ones). What is left splits into one 0-1 knapsack per
 * target (profit v_e - mu_u, weight = size, capacity = places left):
 *   L(mu) = fixed value + sum_u mu_u + sum_t knapsack_t(mu)
 * which is at least as strong as the LP relaxation. Multipliers are tuned by subgradient steps (many at
 * the root, a few per node, warm-started from the parent). With integer values the bound is rounded down.
 *
 * Search: depth first; branch on a unit the relaxation takes zero or several times, "unit -> target" first,
 * then "not that target". Incumbents come from a regret greedy plus local search at the root and from
 * repairing each node's relaxed solution (keep one knapsack per unit; capacities stay feasible because
 * removing a unit from a knapsack only frees room). A node whose relaxed solution is itself feasible and
 * tight is solved. Limits on nodes and time turn the result into `feasible` with the best open bound.
 */
import type { CompiledProblem } from './compile.js';
import { roundBound } from './groups.js';
import { coversCompulsory, localSearch, regretGreedy } from './heuristics.js';
import { KnapsackSolver } from './knapsack.js';
import { internalObjective, type InternalSolution } from './result.js';

export interface BranchAndBoundOptions {
  /** Node limit (default 200,000). */
  readonly maxNodes?: number;
  /** Time limit in ms (default 10,000). */
  readonly timeLimitMs?: number;
  /** A known feasible assignment (edge per unit or -1) to start from. */
  readonly initial?: Int32Array;
  /** Subgradient iterations at the root (default 300) and per node (default 25). */
  readonly rootIterations?: number;
  readonly nodeIterations?: number;
}

export type BranchAndBoundOutcome =
  | {
      readonly kind: 'solved';
      readonly solution: InternalSolution;
      readonly nodes: number;
      readonly limitReached: boolean;
      readonly boundIterations: number;
    }
  | {
      readonly kind: 'infeasible';
      /** Compulsory units a greedy could not place (the ones to look at). */
      readonly units: number[];
      readonly proven: boolean;
      readonly nodes: number;
    };

interface Relaxation {
  /** Best (lowest) bound found at this node, already rounded when values are integers. */
  bound: number;
  /** Times each unit is taken in the relaxed solution of the best iteration. */
  count: Int32Array;
  /** One chosen edge per unit in that solution (the most valuable), or -1. */
  pick: Int32Array;
  /** True when that relaxed solution is feasible and tight (node solved). */
  solved: boolean;
}

/**
 * Solves a small problem exactly (or until the limits).
 *
 * @example
 * const out = branchAndBound(compileProblem(gapInstance), { timeLimitMs: 2000 });
 * if (out.kind === 'solved' && out.solution.proven) console.log('optimal');
 */
export function branchAndBound(cp: CompiledProblem, options: BranchAndBoundOptions = {}): BranchAndBoundOutcome {
  const started = performance.now();
  const maxNodes = options.maxNodes ?? 200_000;
  const timeLimit = options.timeLimitMs ?? 10_000;
  const rootIterations = options.rootIterations ?? 300;
  const nodeIterations = options.nodeIterations ?? 25;
  const n = cp.nUnits;
  const m = cp.nTargets;
  const { edgeStart, edgeTarget, edgeValue, edgeSize, must } = cp;

  // edges grouped by target
  const edgeUnit = new Int32Array(cp.nEdges);
  const tStart = new Int32Array(m + 1);
  for (let u = 0; u < n; u++) {
    for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) {
      edgeUnit[e] = u;
      tStart[edgeTarget[e]! + 1]!++;
    }
  }
  for (let t = 0; t < m; t++) tStart[t + 1]! += tStart[t]!;
  const tEdges = new Int32Array(cp.nEdges);
  const fill = tStart.slice(0, m);
  for (let e = 0; e < cp.nEdges; e++) tEdges[fill[edgeTarget[e]!]!++] = e;
  let maxDeg = 0;
  for (let t = 0; t < m; t++) maxDeg = Math.max(maxDeg, tStart[t + 1]! - tStart[t]!);

  // search state
  const fixed = new Int32Array(n).fill(-2); // -2 free, -1 fixed unassigned, >= 0 fixed edge
  const off = new Uint8Array(cp.nEdges);
  const rem = new Int32Array(m);
  rem.set(cp.capacity);
  let fixedValue = 0;

  // incumbent
  let incumbent = -Infinity;
  let incumbentEdges: Int32Array | null = null;
  const scale = (x: number): number => 1e-9 * Math.max(1, Math.abs(x));
  const offer = (edges: Int32Array): void => {
    if (!coversCompulsory(cp, edges)) return;
    const v = internalObjective(cp, edges);
    if (v > incumbent + scale(v)) {
      incumbent = v;
      incumbentEdges = edges.slice();
    }
  };
  // root heuristics: regret greedy on several desirability measures (value, value per place, fewest
  // places, fewest places relative to capacity: the last ones find feasibility when capacity is tight)
  const perPlace = new Float64Array(cp.nEdges);
  const fewest = new Float64Array(cp.nEdges);
  const relative = new Float64Array(cp.nEdges);
  for (let e = 0; e < cp.nEdges; e++) {
    const size = edgeSize[e]!;
    const c = Math.max(1, cp.capacity[edgeTarget[e]!]!);
    perPlace[e] = edgeValue[e]! / Math.max(1, size);
    fewest[e] = -size;
    relative[e] = -size / c;
  }
  for (const score of [edgeValue, perPlace, fewest, relative]) offer(localSearch(cp, regretGreedy(cp, score)).assignedEdge);
  if (options.initial) offer(options.initial);

  const ks = new KnapsackSolver();
  const kProfit = new Float64Array(maxDeg);
  const kWeight = new Int32Array(maxDeg);
  const kEdge = new Int32Array(maxDeg);
  const kChosen = new Uint8Array(maxDeg);
  const count = new Int32Array(n);
  const pickTmp = new Int32Array(n);
  let boundIterations = 0;

  const canPlace = (u: number): boolean => {
    for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) {
      if (off[e] === 0 && edgeSize[e]! <= rem[edgeTarget[e]!]!) return true;
    }
    return false;
  };

  /** False when a knapsack was only bounded (Dantzig), so the relaxed solution is not its optimum. */
  let allExact = true;
  /** Evaluates L(mu) once; fills count/pickTmp; returns the value. */
  const evaluate = (mu: Float64Array): number => {
    allExact = true;
    let L = fixedValue;
    for (let u = 0; u < n; u++) {
      count[u] = 0;
      pickTmp[u] = -1;
      if (fixed[u] === -2) L += mu[u]!;
    }
    for (let t = 0; t < m; t++) {
      let k = 0;
      for (let i = tStart[t]!; i < tStart[t + 1]!; i++) {
        const e = tEdges[i]!;
        const u = edgeUnit[e]!;
        if (fixed[u] !== -2 || off[e] === 1) continue;
        kProfit[k] = edgeValue[e]! - mu[u]!;
        kWeight[k] = edgeSize[e]!;
        kEdge[k] = e;
        k++;
      }
      if (k === 0) continue;
      L += ks.value(k, kProfit, kWeight, rem[t]!, kChosen);
      if (!ks.exact) allExact = false;
      for (let j = 0; j < k; j++) {
        if (kChosen[j] !== 1) continue;
        const e = kEdge[j]!;
        const u = edgeUnit[e]!;
        count[u]!++;
        const p = pickTmp[u]!;
        if (p < 0 || edgeValue[e]! > edgeValue[p]!) pickTmp[u] = e;
      }
    }
    return L;
  };

  /** Value every feasible completion of the node reaches at least (compulsory units at their worst). */
  const completionFloor = (): number => {
    let f = fixedValue;
    for (let u = 0; u < n; u++) {
      if (fixed[u] !== -2 || must[u] !== 1) continue;
      let w = Infinity;
      for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) {
        if (off[e] === 0 && edgeSize[e]! <= rem[edgeTarget[e]!]! && edgeValue[e]! < w) w = edgeValue[e]!;
      }
      f += w;
    }
    return f;
  };

  /** True when bound L proves the node holds nothing better than the incumbent, or nothing feasible. */
  const prunable = (L: number, floor: number): boolean =>
    L <= incumbent + scale(incumbent) || L < floor - scale(floor);

  const relax = (mu: Float64Array, iterations: number, floor: number): Relaxation => {
    const best: Relaxation = { bound: Infinity, count: new Int32Array(n), pick: new Int32Array(n), solved: false };
    let theta = 1;
    let stall = 0;
    for (let it = 0; it <= iterations; it++) {
      boundIterations++;
      const L = evaluate(mu);
      const Lr = roundBound(cp, L);
      // subgradient g_u = 1 - count_u (projected for optional units at mu = 0)
      let norm = 0;
      let feasible = true;
      for (let u = 0; u < n; u++) {
        if (fixed[u] !== -2) continue;
        const c = count[u]!;
        const g = 1 - c;
        if (must[u] === 1) {
          if (c !== 1) feasible = false;
        } else if (c > 1 || (c === 0 && mu[u]! > 0)) {
          feasible = false;
        }
        if (must[u] !== 1 && g > 0 && mu[u]! <= 0) continue;
        norm += g * g;
      }
      if (Lr < best.bound) {
        best.bound = Lr;
        best.count.set(count);
        best.pick.set(pickTmp);
        stall = 0;
      } else if (++stall >= 4) {
        theta /= 2;
        stall = 0;
      }
      if (feasible && allExact) {
        // the relaxed solution is feasible and, by complementary slackness, its value is L: solved
        best.bound = Lr;
        best.count.set(count);
        best.pick.set(pickTmp);
        best.solved = true;
        return best;
      }
      if (prunable(best.bound, floor)) return best;
      if (it === iterations || theta < 1e-5 || norm === 0) break;
      const targetValue = Math.max(incumbent, floor - 1);
      const step = (theta * Math.max(L - targetValue, 1e-9)) / norm;
      for (let u = 0; u < n; u++) {
        if (fixed[u] !== -2) continue;
        let v = mu[u]! - step * (1 - count[u]!);
        if (must[u] !== 1 && v < 0) v = 0;
        mu[u] = v;
      }
    }
    return best;
  };

  /**
   * Places compulsory unit u by moving one other (not branch-fixed) unit w out of the way: u takes w's
   * target, w moves to another target with room. Best total value change first. Returns success.
   */
  const eject = (u: number, edges: Int32Array, r: Int32Array): boolean => {
    let bestDelta = -Infinity;
    let bu = -1;
    let bw = -1;
    let bw2 = -1;
    for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) {
      if (off[e] === 1) continue;
      const t = edgeTarget[e]!;
      const need = edgeSize[e]! - r[t]!;
      for (let w = 0; w < n; w++) {
        const ew = edges[w]!;
        if (w === u || fixed[w] !== -2 || ew < 0 || edgeTarget[ew] !== t || edgeSize[ew]! < need) continue;
        for (let e2 = edgeStart[w]!; e2 < edgeStart[w + 1]!; e2++) {
          const t2 = edgeTarget[e2]!;
          if (off[e2] === 1 || t2 === t || edgeSize[e2]! > r[t2]!) continue;
          const delta = edgeValue[e]! + edgeValue[e2]! - edgeValue[ew]!;
          if (delta > bestDelta) {
            bestDelta = delta;
            bu = e;
            bw = w;
            bw2 = e2;
          }
        }
      }
    }
    if (bu < 0) return false;
    const ew = edges[bw]!;
    r[edgeTarget[ew]!]! += edgeSize[ew]!;
    r[edgeTarget[bw2]!]! -= edgeSize[bw2]!;
    edges[bw] = bw2;
    r[edgeTarget[bu]!]! -= edgeSize[bu]!;
    edges[u] = bu;
    return true;
  };

  /** Builds a complete assignment from a node's relaxed solution and offers it. */
  const repair = (rel: Relaxation): void => {
    const edges = new Int32Array(n).fill(-1);
    const r = new Int32Array(m);
    r.set(rem);
    for (let u = 0; u < n; u++) {
      const f = fixed[u]!;
      if (f >= 0) edges[u] = f;
      else if (f === -2) {
        const e = rel.pick[u]!;
        if (e >= 0 && (edgeValue[e]! > 0 || must[u] === 1)) {
          edges[u] = e;
          r[edgeTarget[e]!]! -= edgeSize[e]!;
        }
      }
    }
    for (let u = 0; u < n; u++) {
      if (fixed[u] !== -2 || edges[u]! >= 0) continue;
      let bestE = -1;
      let best = must[u] === 1 ? -Infinity : 0;
      for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) {
        if (off[e] === 1 || edgeSize[e]! > r[edgeTarget[e]!]!) continue;
        if (edgeValue[e]! > best) {
          best = edgeValue[e]!;
          bestE = e;
        }
      }
      if (bestE >= 0) {
        edges[u] = bestE;
        r[edgeTarget[bestE]!]! -= edgeSize[bestE]!;
      } else if (must[u] === 1) {
        eject(u, edges, r);
      }
    }
    if (!coversCompulsory(cp, edges)) return;
    const full = new Int32Array(m);
    full.set(cp.capacity);
    for (let u = 0; u < n; u++) if (edges[u]! >= 0) full[edgeTarget[edges[u]!]!]! -= edgeSize[edges[u]!]!;
    const st = localSearch(cp, { assignedEdge: edges, remaining: full }, 5);
    offer(st.assignedEdge);
  };

  let nodes = 0;
  let limitReached = false;
  const outOfBudget = (): boolean => {
    if (limitReached) return true;
    if (nodes >= maxNodes || ((nodes & 15) === 0 && performance.now() - started > timeLimit)) limitReached = true;
    return limitReached;
  };

  /** Explores the subtree; returns an upper bound on what it left unexplored (-Infinity if exhausted). */
  const dfs = (mu: Float64Array, iterations: number): number => {
    nodes++;
    for (let u = 0; u < n; u++) if (fixed[u] === -2 && must[u] === 1 && !canPlace(u)) return -Infinity;
    const floor = completionFloor();
    const rel = relax(mu, iterations, floor);
    if (prunable(rel.bound, floor)) return -Infinity;
    repair(rel);
    if (rel.solved || prunable(rel.bound, floor)) return -Infinity;
    if (outOfBudget()) return rel.bound;
    // branching unit: a compulsory unit taken 0 or 2+ times, else an optional one taken 2+ times,
    // else an optional unit left out although its multiplier is positive
    let bu = -1;
    let bScore = -Infinity;
    for (let u = 0; u < n; u++) {
      if (fixed[u] !== -2) continue;
      const c = rel.count[u]!;
      let score: number;
      if (must[u] === 1 && c !== 1) score = 3;
      else if (c > 1) score = 2;
      else if (c === 0 && must[u] !== 1 && mu[u]! > 0) score = 1;
      else continue;
      let vmax = -Infinity;
      for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) if (off[e] === 0 && edgeValue[e]! > vmax) vmax = edgeValue[e]!;
      score = score * 1e12 + (Number.isFinite(vmax) ? Math.min(vmax, 1e11) : 0);
      if (score > bScore) {
        bScore = score;
        bu = u;
      }
    }
    // no violated unit under the current multipliers: the best iteration's solution (whose counts these are)
    // was violated under its own multipliers, which later steps moved (e.g. projected to 0). Nothing is
    // proven about this subtree: its bound stays open (returning -Infinity here claimed it exhausted)
    if (bu < 0) return rel.bound;
    // branching edge: the most valuable picked edge, else the most valuable edge that fits
    let be = rel.count[bu]! > 0 ? rel.pick[bu]! : -1;
    if (be < 0) {
      let best = -Infinity;
      for (let e = edgeStart[bu]!; e < edgeStart[bu + 1]!; e++) {
        if (off[e] === 1 || edgeSize[e]! > rem[edgeTarget[e]!]!) continue;
        if (edgeValue[e]! > best) {
          best = edgeValue[e]!;
          be = e;
        }
      }
    }
    if (be < 0) {
      // nothing fits: the unit stays out (only possible for optional units)
      if (must[bu] === 1) return -Infinity;
      fixed[bu] = -1;
      const r = dfs(Float64Array.from(mu), nodeIterations);
      fixed[bu] = -2;
      return r;
    }
    const t = edgeTarget[be]!;
    let open = -Infinity;
    // child 1: unit -> target
    fixed[bu] = be;
    rem[t]! -= edgeSize[be]!;
    fixedValue += edgeValue[be]!;
    const r1 = dfs(Float64Array.from(mu), nodeIterations);
    fixed[bu] = -2;
    rem[t]! += edgeSize[be]!;
    fixedValue -= edgeValue[be]!;
    if (r1 > open) open = r1;
    // child 2: not that target
    if (limitReached) return Math.max(open, rel.bound);
    off[be] = 1;
    const r2 = dfs(Float64Array.from(mu), nodeIterations);
    off[be] = 0;
    if (r2 > open) open = r2;
    return open;
  };

  // initial multipliers: second best value of each unit (>= 0 for optional units)
  const mu0 = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    let b1 = -Infinity;
    let b2 = -Infinity;
    for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e++) {
      const v = edgeValue[e]!;
      if (v > b1) {
        b2 = b1;
        b1 = v;
      } else if (v > b2) b2 = v;
    }
    let v0 = Number.isFinite(b2) ? b2 : Number.isFinite(b1) ? b1 : 0;
    if (must[u] !== 1 && v0 < 0) v0 = 0;
    mu0[u] = v0;
  }
  const open = dfs(mu0, rootIterations);
  const edges: Int32Array | null = incumbentEdges;
  if (edges === null) {
    const greedy = regretGreedy(cp);
    const units: number[] = [];
    for (let u = 0; u < n; u++) if (must[u] === 1 && greedy.assignedEdge[u]! < 0) units.push(u);
    if (units.length === 0) for (let u = 0; u < n; u++) if (must[u] === 1) units.push(u);
    return { kind: 'infeasible', units, proven: !limitReached, nodes };
  }
  const bound = Math.max(incumbent, open);
  return {
    kind: 'solved',
    solution: { assignedEdge: edges, bound, proven: !limitReached || open <= incumbent },
    nodes,
    limitReached,
    boundIterations,
  };
}
