/**
 * Piscina worker for the Monte Carlo runs: builds the run context (geography, both worlds, both engines)
 * once per thread from `workerData.prepared`, then runs what each task names: run indices, or the
 * price-of-urgency optimum of one run in one world. Loaded from the compiled `dist/src/simulate/worker.js`.
 */
import { workerData } from 'node:worker_threads';
import { defaultGeography } from '../../geo/geography.js';
import { createRunContext, runOne, urgencyOne, type RunContext, type RunResult, type WorldName } from './montecarlo.js';
import type { UrgencyInput } from './dynamic.js';
import type { PreparedScenario } from './prepare.js';
import type { MetricVector } from './stats.js';

/**
 * Runs to run; runs below `urgencyRuns` also compute the price-of-urgency optimum (both worlds), and runs
 * below `urgencyInputs` return its inputs instead (`RunResult.urgencyInputs`, for urgency tasks).
 */
export interface RunsTask {
  readonly kind?: 'runs';
  readonly indices: readonly number[];
  readonly urgencyRuns: number;
  readonly urgencyInputs?: number;
  readonly traceLimit: number;
}

/** The price-of-urgency optimum of run `index` in one world (see `urgencyOne`), from the run's inputs if given. */
export interface UrgencyItem {
  readonly index: number;
  readonly world: WorldName;
  readonly input?: UrgencyInput;
}

/**
 * Price-of-urgency optima, computed in order on one thread (one metric vector per item): batched so that
 * only one thread pays for warming up the re-match code, while the others go on with the runs.
 */
export interface UrgencyTask {
  readonly kind: 'urgency';
  readonly items: readonly UrgencyItem[];
}

/** One task for the pool. */
export type WorkerTask = RunsTask | UrgencyTask;

let ctx: RunContext | undefined;

/**
 * Run a task (the piscina entry point): run results for a runs task, one metric vector per item for an
 * urgency task.
 *
 * @example
 * // in the pool: await pool.run({ indices: [0, 1, 2], urgencyRuns: 0, traceLimit: 100 });
 * // and:         await pool.run({ kind: 'urgency', items: [{ index: 0, world: 'scenario' }] });
 */
export default function runTask(task: WorkerTask): RunResult[] | MetricVector[] {
  ctx ??= createRunContext((workerData as { prepared: PreparedScenario }).prepared, defaultGeography());
  const c = ctx;
  if (task.kind === 'urgency') return task.items.map((u) => urgencyOne(c, u.index, u.world, u.input));
  return task.indices.map((i) =>
    runOne(c, i, { collectUrgency: i < task.urgencyRuns, urgencyInputs: i < (task.urgencyInputs ?? 0), traceLimit: i === 0 ? task.traceLimit : 0 }),
  );
}
