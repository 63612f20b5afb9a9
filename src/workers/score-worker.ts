/**
 * The piscina worker: scores a range of homes on the fast path. Loaded by piscina from the compiled JS
 * (dist/src/workers/score-worker.js). Holds no state but a small cache of column views per registry.
 */
import { attachColumns, type HomeColumns } from '../scoring/columns.js';
import { scoreRange, scoresView } from '../scoring/kernel.js';
import type { ScoreTask, ScoreTaskResult } from './protocol.js';

const MAX_CACHED_REGISTRIES = 4;
const attached = new Map<string, HomeColumns>();

function columnsFor(task: ScoreTask): HomeColumns {
  let cols = attached.get(task.registryKey);
  if (!cols) {
    cols = attachColumns(task.columns);
    attached.set(task.registryKey, cols);
    if (attached.size > MAX_CACHED_REGISTRIES) attached.delete(attached.keys().next().value as string);
  }
  return cols;
}

/**
 * Score `task.start..task.end` into the shared output buffer.
 *
 * @example
 * // piscina calls it: await pool.run(task)
 */
export default function scoreTask(task: ScoreTask): ScoreTaskResult {
  const t0 = performance.now();
  if (task.end <= task.start) return { start: task.start, end: task.end, ms: 0 };
  if (!task.params.greatCircle) throw new Error('scoreTask: workers only support the great-circle distance provider');
  scoreRange(task.params, columnsFor(task), task.start, task.end, scoresView(task.out, task.n));
  return { start: task.start, end: task.end, ms: performance.now() - t0 };
}
