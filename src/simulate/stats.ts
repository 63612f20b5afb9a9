/**
 * Summaries of Monte Carlo samples: the mean with a normal 95 % confidence interval for it, and the 2.5th and
 * 97.5th percentiles of the runs (the range a single year's outcome falls in, 95 % of the time).
 */

/** Distribution summary of one metric over runs. */
export interface Summary {
  /** Number of runs with a value (runs where the metric is undefined, e.g. a share of zero children, are skipped). */
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  /** Normal 95 % confidence interval of the mean: mean ± 1.96·sd/√n. */
  readonly ci95: readonly [number, number];
  /** 2.5th and 97.5th percentiles of the run values (linear interpolation). */
  readonly p95: readonly [number, number];
  readonly min: number;
  readonly max: number;
}

/**
 * The q-quantile (0..1) of sorted values, linear interpolation between order statistics (type 7, as R and numpy).
 *
 * @example
 * quantileSorted([1, 2, 3, 4], 0.5); // 2.5
 */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (h - lo);
}

/**
 * Summarise samples; non-finite values are skipped. An empty input gives n = 0 and NaN statistics.
 *
 * @example
 * summarise([1, 2, 3]).mean; // 2
 */
export function summarise(values: readonly number[]): Summary {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { n: 0, mean: Number.NaN, sd: Number.NaN, ci95: [Number.NaN, Number.NaN], p95: [Number.NaN, Number.NaN], min: Number.NaN, max: Number.NaN };
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const half = (1.959964 * sd) / Math.sqrt(n);
  const sorted = [...xs].sort((a, b) => a - b);
  return {
    n,
    mean,
    sd,
    ci95: [mean - half, mean + half],
    p95: [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)],
    min: sorted[0] as number,
    max: sorted[n - 1] as number,
  };
}

/** A flat metric record: metric key to value (NaN or absent when undefined for the run). */
export type MetricVector = Readonly<Record<string, number>>;

/**
 * Summarise many runs' metric vectors key by key (the union of keys; a run missing a key is skipped for it).
 *
 * @example
 * summariseVectors([{ placed: 10 }, { placed: 12 }]).placed?.mean; // 11
 */
export function summariseVectors(runs: readonly MetricVector[]): Record<string, Summary> {
  const keys = new Set<string>();
  for (const r of runs) for (const k of Object.keys(r)) keys.add(k);
  const out: Record<string, Summary> = {};
  for (const k of [...keys].sort()) out[k] = summarise(runs.map((r) => r[k] ?? Number.NaN));
  return out;
}

/**
 * Per-run differences `scenario - baseline` for every key both define (paired, common random numbers).
 *
 * @example
 * diffVector({ placed: 12 }, { placed: 10 }); // { placed: 2 }
 */
export function diffVector(scenario: MetricVector, baseline: MetricVector): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(scenario)) {
    const b = baseline[k];
    if (b !== undefined && Number.isFinite(b) && Number.isFinite(v)) out[k] = v - b;
  }
  return out;
}
