/**
 * The piscina worker for long jobs (re-match, scenario): runs one job's CPU work off the service's main
 * thread, posting progress on the task's port. The geography is loaded once per worker (defaultGeography()),
 * never cloned. The scenario's Monte Carlo runs stay on this thread (workers: 0): a job uses one core, and
 * no pool is nested inside the job pool. Loaded by piscina from dist/src/workers/job-worker.js.
 */
import { defaultGeography } from '../../geo/geography.js';
import type { Geography } from '../../geo/types.js';
import { computeRematch } from '../api/jobs/rematch-compute.js';
import { computeScenario } from '../api/jobs/scenario-compute.js';
import { HomefinderError, ValidationError } from '../domain/index.js';
import type { JobProgressMessage, JobTask, JobTaskResult } from './job-protocol.js';

let geo: Geography | undefined;

/**
 * Run one job task.
 *
 * @example
 * // piscina calls it: await pool.run({ kind: 'rematch', input, port }, { transferList: [port] })
 */
export default async function runJobTask(task: JobTask): Promise<JobTaskResult> {
  const progress = (fraction: number, message?: string): void => task.port.postMessage({ fraction, message } satisfies JobProgressMessage);
  try {
    geo ??= defaultGeography();
    const value = task.kind === 'rematch' ? computeRematch(task.input, geo, progress) : await computeScenario(task.input, { geo, registry: task.registry, workers: 0, progress });
    return { ok: true, value };
  } catch (e) {
    if (!(e instanceof HomefinderError)) throw e;
    return { ok: false, error: { name: e.name, code: e.code, status: e.status, message: e.message, ...(e instanceof ValidationError ? { problems: e.problems } : {}) } };
  }
}
