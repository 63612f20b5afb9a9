import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { packageRoot } from '../../geo/paths.js';
import type { Geography } from '../../geo/types.js';
import { UnavailableError } from '../domain/index.js';
import { createRunContext, runOne, type RunResult } from './montecarlo.js';
import type { PreparedScenario } from './prepare.js';
import type { RematchFn } from './static.js';
import type { MetricVector } from './stats.js';
import type { UrgencyItem, WorkerTask } from './worker.js';

/**
 * Run the Monte Carlo runs, in parallel across worker threads (piscina, from the compiled JS in dist/) or on
 * the calling thread for small jobs. The results are the same either way: each run's random streams depend
 * only on the seed and the run index.
 */

/** Options for {@link runMonteCarlo}. */
export interface MonteCarloOptions {
  readonly runs: number;
  /** Worker threads; 0 = the calling thread; undefined = one per core, the calling thread for small jobs. */
  readonly workers?: number | undefined;
  /** Runs 0..urgencyRuns-1 also compute the price-of-urgency optimum. */
  readonly urgencyRuns: number;
  readonly traceLimit: number;
  readonly geo: Geography;
  readonly rematch?: RematchFn;
  readonly onRun?: (done: number, total: number) => void;
  readonly signal?: AbortSignal | undefined;
}

/** Below this many child-runs (cohort × runs) the calling thread is faster than starting workers. */
export const IN_THREAD_BELOW = 20_000;

/**
 * How many worker threads to use.
 *
 * @example
 * workerCount(200, 700, undefined); // 2 on a 2-core machine
 */
export function workerCount(runs: number, cohort: number, requested: number | undefined): number {
  if (requested !== undefined) return Math.min(requested, runs);
  if (runs < 4 || runs * Math.max(1, cohort) < IN_THREAD_BELOW) return 0;
  return Math.max(1, Math.min(availableParallelism(), runs));
}

/**
 * The compiled worker script, building the project first when it is missing (`npm run build`). Returns
 * undefined when it cannot be built, so the caller can fall back to the calling thread.
 *
 * @example
 * workerScript(); // "/…/dist/src/simulate/worker.js"
 */
export function workerScript(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) {
    const beside = join(here, '..', 'worker.js');
    if (existsSync(beside)) return beside;
  }
  const root = packageRoot(import.meta.url);
  const built = join(root, 'dist', 'src', 'simulate', 'worker.js');
  if (existsSync(built)) return built;
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) return undefined;
  spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'ignore' });
  return existsSync(built) ? built : undefined;
}

function abortError(): Error {
  const e = new Error('runMonteCarlo: aborted');
  e.name = 'AbortError';
  return e;
}

/**
 * Run every Monte Carlo run and return the results in run order.
 *
 * @example
 * const { results } = await runMonteCarlo(prepared, { runs: 200, urgencyRuns: 10, traceLimit: 100, geo, onRun: (d, t) => bar.update(d) });
 */
export async function runMonteCarlo(
  prepared: PreparedScenario,
  opts: MonteCarloOptions,
): Promise<{ results: RunResult[]; workers: number; mode: 'threads' | 'in-thread' }> {
  const n = workerCount(opts.runs, prepared.cohort.length, opts.workers);
  const script = n > 0 ? workerScript() : undefined;
  if (n === 0 || !script) {
    const ctx = createRunContext(prepared, opts.geo, opts.rematch);
    const results: RunResult[] = [];
    for (let i = 0; i < opts.runs; i++) {
      if (opts.signal?.aborted) throw abortError();
      results.push(runOne(ctx, i, { collectUrgency: i < opts.urgencyRuns, traceLimit: i === 0 ? opts.traceLimit : 0 }));
      opts.onRun?.(i + 1, opts.runs);
      // Let timers, progress output and abort signals through between runs.
      await new Promise((r) => setImmediate(r));
    }
    return { results, workers: 0, mode: 'in-thread' };
  }
  const pool = new Piscina({
    filename: pathToFileURL(script).href,
    workerData: { prepared },
    minThreads: n,
    maxThreads: n,
    idleTimeout: 1_000,
  });
  // The price-of-urgency optimum (a re-match of a year's entrants, per world) is by far the costliest piece of
  // a run. The runs that compute it come first and return its inputs (their entrants and where they went),
  // so the year is not simulated a second time for it. The optima of each returned batch of runs (both
  // worlds) are then one task, put at the head of the queue: one thread pays for warming up the re-match
  // code (about 1 s of CPU cold, against ~0.1 s per optimum warm) while the others go on with the runs,
  // and it starts early, so the threads finish together. Tasks are handed to the pool only as threads free
  // up (never more in flight than threads), which is what lets an urgency task overtake queued runs.
  const urgencyRuns = Math.min(opts.urgencyRuns, opts.runs);
  const chunk = Math.max(1, Math.ceil(opts.runs / (n * 8)));
  const queue: WorkerTask[] = [];
  for (let i = 0; i < opts.runs; i += chunk) {
    queue.push({
      indices: Array.from({ length: Math.min(chunk, opts.runs - i) }, (_, k) => i + k),
      urgencyRuns: 0,
      urgencyInputs: urgencyRuns,
      traceLimit: opts.traceLimit,
    });
  }
  const runOpts = opts.signal ? { signal: opts.signal } : {};
  // A run counts as done when its run result and its urgency parts (if any) are in.
  const parts = new Map<number, number>();
  const needed = (i: number): number => (i < urgencyRuns ? 3 : 1);
  let done = 0;
  const arrived = (i: number): void => {
    const k = (parts.get(i) ?? 0) + 1;
    parts.set(i, k);
    if (k === needed(i)) {
      done++;
      opts.onRun?.(done, opts.runs);
    }
  };
  const results: RunResult[] = [];
  const urgency: { item: UrgencyItem; vector: MetricVector }[] = [];
  const settle = (task: WorkerTask, out: RunResult[] | MetricVector[]): void => {
    if (task.kind === 'urgency') {
      const vectors = out as MetricVector[];
      task.items.forEach((item, k) => {
        urgency.push({ item, vector: vectors[k]! });
        arrived(item.index);
      });
      return;
    }
    const items: UrgencyItem[] = [];
    for (const x of out as RunResult[]) {
      const { urgencyInputs, ...result } = x;
      if (urgencyInputs) for (const world of ['baseline', 'scenario'] as const) items.push({ index: x.index, world, input: urgencyInputs[world] });
      results.push(result);
      arrived(x.index);
    }
    if (items.length > 0) queue.unshift({ kind: 'urgency', items });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      let inFlight = 0;
      let failed = false;
      const pump = (): void => {
        while (!failed && inFlight < n && queue.length > 0) {
          const task = queue.shift()!;
          inFlight++;
          (pool.run(task, runOpts) as Promise<RunResult[] | MetricVector[]>).then(
            (out) => {
              inFlight--;
              if (failed) return;
              settle(task, out);
              if (inFlight === 0 && queue.length === 0) resolve();
              else pump();
            },
            (e: unknown) => {
              inFlight--;
              if (!failed) {
                failed = true;
                reject(e);
              }
            },
          );
        }
      };
      if (queue.length === 0) resolve();
      else pump();
    });
    results.sort((a, b) => a.index - b.index);
    // Merge each world's urgency vector into its run's metrics, as runOne does on the calling thread.
    for (const { item, vector } of urgency) {
      const r = results[item.index];
      if (r) Object.assign(r[item.world] as Record<string, number>, vector);
    }
    return { results, workers: n, mode: 'threads' };
  } catch (e) {
    if (opts.signal?.aborted) throw abortError();
    if (e instanceof Error && e.name === 'AbortError') throw e;
    throw new UnavailableError(`runMonteCarlo: a worker failed (${e instanceof Error ? e.message : String(e)})`);
  } finally {
    await pool.destroy();
  }
}
