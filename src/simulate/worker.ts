/**
 * Piscina worker for the Monte Carlo runs: builds the run context (geography, both worlds, both engines)
 * once per thread from `workerData.prepared`, then runs the run indices each task names. Loaded from the
 * compiled `dist/src/simulate/worker.js`.
 */
import { workerData } from 'node:worker_threads';
import { defaultGeography } from '../../geo/geography.js';
import { createRunContext, runOne, type RunContext, type RunResult } from './montecarlo.js';
import type { PreparedScenario } from './prepare.js';

/** One task: the run indices to run, and which of them also compute the price-of-urgency optimum. */
export interface WorkerTask {
  readonly indices: readonly number[];
  readonly urgencyRuns: number;
  readonly traceLimit: number;
}

let ctx: RunContext | undefined;

/**
 * Run a task's runs (the piscina entry point).
 *
 * @example
 * // in the pool: await pool.run({ indices: [0, 1, 2], urgencyRuns: 5, traceLimit: 100 });
 */
export default function runTask(task: WorkerTask): RunResult[] {
  ctx ??= createRunContext((workerData as { prepared: PreparedScenario }).prepared, defaultGeography());
  const c = ctx;
  return task.indices.map((i) => runOne(c, i, { collectUrgency: i < task.urgencyRuns, traceLimit: i === 0 ? task.traceLimit : 0 }));
}
