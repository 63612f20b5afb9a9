import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { HomefinderError, ValidationError } from '../domain/index.js';
import type { JobErrorData, JobProgressMessage, JobTask, JobTaskResult, JobWork } from './job-protocol.js';
import { compiledWorker, workerExecArgv } from './worker-path.js';

/** A job's worker crashed, failed unexpectedly, or overran its time budget (the job fails; the server stays up). */
export class JobWorkerError extends HomefinderError {
  constructor(code: 'job_worker_crashed' | 'job_timeout', message: string) {
    super(code, message, 503);
  }
}

/** How a job kind runs its CPU work off the main thread. */
export interface JobExecutor {
  /**
   * Run one job's work in a worker. Progress messages from the worker reach `onProgress`. Aborting `signal`
   * terminates the worker's task and rejects with `signal.reason`; a crash or a time budget overrun rejects
   * with a {@link JobWorkerError}; a typed error the job raised (e.g. ValidationError) is rethrown as such.
   */
  run(work: JobWork, opts: { signal: AbortSignal; onProgress?: (fraction: number, message?: string) => void }): Promise<unknown>;
  /** Live figures (for /metrics and tests). */
  stats(): { threads: number; queueSize: number; completed: number };
  /** Wait for running tasks, then stop the workers. */
  close(): Promise<void>;
  /** Stop the workers now. */
  destroy(): Promise<void>;
}

/** Options for {@link createJobPool}. */
export interface JobPoolOptions {
  /** Job worker threads (default 1; the service uses its job concurrency). */
  readonly threads?: number;
  /** Time budget of one job in its worker (default 30 min); the job then fails with `job_timeout`. */
  readonly timeoutMs?: number;
  /** An idle worker is kept this long, geography loaded (default 10 min). */
  readonly idleTimeoutMs?: number;
  /** The worker module (compiled JS). Default dist/src/workers/job-worker.js. */
  readonly filename?: string;
}

function rebuild(error: JobErrorData): HomefinderError {
  if (error.problems) return new ValidationError(error.message, error.problems);
  const e = new HomefinderError(error.code, error.message, error.status);
  e.name = error.name;
  return e;
}

/**
 * A small piscina pool running long jobs (re-match, scenario) off the main thread, so /healthz, matches and
 * job polls keep answering while they run. Workers start on the first job (none are kept idle forever).
 *
 * @example
 * const jobs = createJobPool({ threads: 1 });
 * const report = await jobs.run({ kind: 'rematch', input: { demo: true, overrides: [] } }, { signal, onProgress: (f) => console.log(f) });
 * await jobs.destroy();
 */
export function createJobPool(opts: JobPoolOptions = {}): JobExecutor {
  const threads = Math.max(1, opts.threads ?? 1);
  const timeoutMs = opts.timeoutMs ?? 30 * 60_000;
  const piscina = new Piscina<JobTask, JobTaskResult>({
    filename: opts.filename ?? compiledWorker('job-worker'),
    execArgv: workerExecArgv(),
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: opts.idleTimeoutMs ?? 10 * 60_000,
  });
  // A worker that dies is replaced by piscina on the next task; its task's promise carries the failure.
  piscina.on('error', () => undefined);
  return {
    async run(work, { signal, onProgress }) {
      if (signal.aborted) throw signal.reason;
      const { port1, port2 } = new MessageChannel();
      port1.on('message', (m: JobProgressMessage) => onProgress?.(m.fraction, m.message));
      const budget = AbortSignal.timeout(timeoutMs);
      const both = AbortSignal.any([signal, budget]);
      try {
        const res = await piscina.run({ ...work, port: port2 } as JobTask, { signal: both, transferList: [port2] });
        if (!res.ok) throw rebuild(res.error);
        return res.value;
      } catch (e) {
        if (e instanceof HomefinderError) throw e;
        if (signal.aborted) throw signal.reason;
        if (budget.aborted) throw new JobWorkerError('job_timeout', `runJob(${work.kind}): the job exceeded its time budget of ${timeoutMs} ms; its worker was stopped`);
        const msg = String((e as Error)?.message ?? e).slice(0, 200);
        throw new JobWorkerError('job_worker_crashed', `runJob(${work.kind}): the job's worker failed (${msg}); the job did not finish`);
      } finally {
        port1.close();
      }
    },
    stats() {
      return { threads, queueSize: piscina.queueSize, completed: piscina.completed };
    },
    async close() {
      await piscina.close();
    },
    async destroy() {
      await piscina.destroy();
    },
  };
}
