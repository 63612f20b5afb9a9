/**
 * 0-1 knapsack for the Lagrangian subproblems of branch-and-bound: maximise the profit of the items
 * chosen, total weight <= capacity. Exact dynamic programme over capacities when items x (capacity+1) is
 * small enough, else the Dantzig (fractional) upper bound with a greedy integral choice. Buffers are
 * reused between calls.
 */

/** Result of one knapsack: `value` is the optimum when `exact`, else an upper bound on it. */
export interface KnapsackOutcome {
  readonly value: number;
  readonly exact: boolean;
}

/** Reusable knapsack solver (not thread-safe; one per search). */
export class KnapsackSolver {
  private dp = new Float64Array(0);
  private keep = new Uint8Array(0);
  private idx = new Int32Array(0);

  /** Whether the last `value` call's answer was the optimum (false: the Dantzig upper bound). */
  exact = true;

  /** @param maxCells largest items x (capacity+1) table solved exactly. */
  constructor(private readonly maxCells = 4_000_000) {}

  /**
   * Solves items 0..k-1 (`profit[i]`, `weight[i]`); sets `chosen[i]` to 1 for the items taken.
   *
   * @example
   * const ks = new KnapsackSolver();
   * const chosen = new Uint8Array(3);
   * ks.solve(3, Float64Array.from([6, 5, 5]), Int32Array.from([3, 2, 2]), 4, chosen); // value 10, chosen [0,1,1]
   */
  solve(k: number, profit: Float64Array, weight: Int32Array, capacity: number, chosen: Uint8Array): KnapsackOutcome {
    const value = this.value(k, profit, weight, capacity, chosen);
    return { value, exact: this.exact };
  }

  /**
   * As `solve`, without a result object (the bound's inner loop calls it per target and step): returns the
   * value and sets `exact`.
   *
   * @example
   * const ks = new KnapsackSolver();
   * const chosen = new Uint8Array(3);
   * ks.value(3, Float64Array.from([6, 5, 5]), Int32Array.from([3, 2, 2]), 4, chosen); // 10, ks.exact true
   */
  value(k: number, profit: Float64Array, weight: Int32Array, capacity: number, chosen: Uint8Array): number {
    this.exact = true;
    if (this.idx.length < k) this.idx = new Int32Array(Math.max(k, this.idx.length * 2));
    const idx = this.idx;
    let count = 0;
    let base = 0;
    let totalW = 0;
    let totalP = 0;
    for (let i = 0; i < k; i++) {
      chosen[i] = 0;
      const p = profit[i]!;
      if (p <= 0) continue;
      const w = weight[i]!;
      if (w === 0) {
        chosen[i] = 1;
        base += p;
        continue;
      }
      if (w > capacity) continue;
      idx[count++] = i;
      totalW += w;
      totalP += p;
    }
    if (totalW <= capacity) {
      for (let j = 0; j < count; j++) chosen[idx[j]!] = 1;
      return base + totalP;
    }
    const cap = capacity;
    const cells = count * (cap + 1);
    if (cells > this.maxCells) return this.dantzig(count, profit, weight, cap, chosen, base);
    if (this.dp.length < cap + 1) this.dp = new Float64Array(Math.max(cap + 1, this.dp.length * 2));
    if (this.keep.length < cells) this.keep = new Uint8Array(Math.max(cells, this.keep.length * 2));
    const dp = this.dp;
    const keep = this.keep;
    dp.fill(0, 0, cap + 1);
    for (let j = 0; j < count; j++) {
      const i = idx[j]!;
      const w = weight[i]!;
      const p = profit[i]!;
      const row = j * (cap + 1);
      keep.fill(0, row, row + cap + 1);
      for (let c = cap; c >= w; c--) {
        const cand = dp[c - w]! + p;
        if (cand > dp[c]!) {
          dp[c] = cand;
          keep[row + c] = 1;
        }
      }
    }
    let c = cap;
    for (let j = count - 1; j >= 0; j--) {
      if (keep[j * (cap + 1) + c] === 1) {
        const i = idx[j]!;
        chosen[i] = 1;
        c -= weight[i]!;
      }
    }
    return base + dp[cap]!;
  }

  private dantzig(
    count: number, profit: Float64Array, weight: Int32Array, cap: number, chosen: Uint8Array, base: number,
  ): number {
    this.exact = false;
    const order = Array.from(this.idx.subarray(0, count));
    order.sort((a, b) => profit[b]! / weight[b]! - profit[a]! / weight[a]! || a - b);
    let left = cap;
    let value = base;
    let bound = -1;
    for (const i of order) {
      const w = weight[i]!;
      if (w <= left) {
        chosen[i] = 1;
        left -= w;
        value += profit[i]!;
      } else if (bound < 0) {
        bound = value + (profit[i]! * left) / w;
      }
    }
    return bound < 0 ? value : Math.max(bound, value);
  }
}
