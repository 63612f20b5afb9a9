import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { greatCircle } from '../../geo/distance.js';
import type { Geography } from '../../geo/types.js';
import { UnavailableError, type MatchRequest, type MatchResponse, type Policy, type RuleOverride } from '../domain/index.js';
import { matchSteps, runJob, type MatchOptions, type ScoreJob } from '../match/engine.js';
import type { Registry } from '../match/registry.js';
import { columnsTransfer } from '../scoring/columns.js';
import { allocScores, prepareKernel, SCORE_BYTES_PER_HOME, scoresView, type ScoreArrays } from '../scoring/kernel.js';
import type { ResolvedSubject } from '../scoring/types.js';
import type { ScoreTask, ScoreTaskResult } from './protocol.js';
import { compiledWorker, workerExecArgv } from './worker-path.js';

/** Options for {@link createMatchPool}. */
export interface MatchPoolOptions {
  /** Worker threads (default: the machine's available parallelism). */
  readonly threads?: number;
  /**
   * Registries smaller than this are scored on the calling thread: a task round trip costs ~0.1 ms, more
   * than scoring a few thousand homes. Default 20,000.
   */
  readonly minHomes?: number;
  /** A scoring task taking longer than this is abandoned (its worker terminated): UnavailableError. Default 10 s. */
  readonly taskTimeoutMs?: number;
  /** The worker module (compiled JS). Default dist/src/workers/score-worker.js. */
  readonly filename?: string;
}

/** Timing of the last pooled scoring call, for benchmarks. */
export interface PoolStats {
  readonly pooled: boolean;
  readonly tasks: number;
  /** Largest time one worker spent scoring, ms. */
  readonly maxWorkerMs: number;
}

/**
 * A piscina pool that scores large registries in parallel: the registry's columns live in one
 * SharedArrayBuffer that every worker attaches once (no copy per task); a request is split into one home
 * range per thread, each worker writes its range into a shared output buffer, and the merged arrays are
 * exactly what the single-thread fast path computes (same kernel, same inputs), so the ranking is the same.
 * Small registries, and distance providers other than great-circle, stay on the calling thread.
 * A worker crash or timeout surfaces as an UnavailableError (HTTP 503), never as a crash of the caller.
 */
export interface MatchPool {
  readonly threads: number;
  /** As the engine's `scoreAll`, on the pool when the registry is large enough. */
  scoreAll(subject: ResolvedSubject, registry: Registry, policy: Policy, overrides: readonly RuleOverride[], geo: Geography): Promise<ScoreArrays>;
  /** As the engine's `match`, scoring on the pool; returns exactly the same response. */
  match(request: MatchRequest, registry: Registry, geo: Geography, opts?: MatchOptions): Promise<MatchResponse>;
  /** Start every worker and load the worker module, so the first request does not pay for it. */
  warmup(): Promise<void>;
  readonly lastStats: PoolStats;
  /** Live pool figures (for /metrics). */
  stats(): { threads: number; queueSize: number; utilization: number; completed: number };
  /** Wait for running tasks, then stop the workers. */
  close(): Promise<void>;
  /** Stop the workers now (running tasks are abandoned). */
  destroy(): Promise<void>;
}

const registryKeys = new WeakMap<Registry, string>();
function keyOf(r: Registry): string {
  let k = registryKeys.get(r);
  if (!k) registryKeys.set(r, (k = randomUUID()));
  return k;
}

/**
 * Create a scoring pool.
 *
 * @example
 * const pool = createMatchPool({ threads: 2 });
 * const res = await pool.match(request, registry, geo); // same as match(request, registry, geo)
 * await pool.destroy();
 */
export function createMatchPool(opts: MatchPoolOptions = {}): MatchPool {
  const threads = Math.max(1, opts.threads ?? availableParallelism());
  const minHomes = opts.minHomes ?? 20_000;
  const timeoutMs = opts.taskTimeoutMs ?? 10_000;
  const piscina = new Piscina<ScoreTask, ScoreTaskResult>({
    filename: opts.filename ?? compiledWorker('score-worker'),
    execArgv: workerExecArgv(),
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
  });
  // A worker that dies between tasks is replaced by piscina; report it instead of an unhandled 'error'.
  piscina.on('error', () => undefined);
  let destroyed = false;
  let lastStats: PoolStats = { pooled: false, tasks: 0, maxWorkerMs: 0 };

  async function runTask(task: ScoreTask): Promise<ScoreTaskResult> {
    try {
      return await piscina.run(task, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      const err = e as Error;
      const timedOut = err?.name === 'TimeoutError' || err?.name === 'AbortError' || /abort/i.test(String(err?.message));
      throw new UnavailableError(
        timedOut
          ? `scoreAll: a scoring worker timed out after ${timeoutMs} ms; retry later`
          : `scoreAll: a scoring worker failed (${String(err?.message ?? err).slice(0, 200)}); retry later`,
      );
    }
  }

  // Output buffers of finished pool.match calls, reused (a 100,000-home output is ~1.9 MB).
  const spare: SharedArrayBuffer[] = [];
  const takeOutput = (n: number, owned?: SharedArrayBuffer[]): ScoreArrays => {
    const bytes = Math.max(8, Math.ceil((n * SCORE_BYTES_PER_HOME) / 8) * 8);
    const k = owned ? spare.findIndex((b) => b.byteLength === bytes) : -1;
    const buf = k >= 0 ? (spare.splice(k, 1)[0] as SharedArrayBuffer) : new SharedArrayBuffer(bytes);
    owned?.push(buf);
    return scoresView(buf, n);
  };

  async function scoreJob(job: ScoreJob, owned?: SharedArrayBuffer[]): Promise<ScoreArrays> {
    const { subject, registry, policy, overrides, geo } = job;
    const n = registry.size;
    if (destroyed) throw new UnavailableError('scoreAll: the scoring pool has been destroyed');
    if (n < minHomes || geo.distance !== greatCircle || threads < 2) {
      lastStats = { pooled: false, tasks: 0, maxWorkerMs: 0 };
      return runJob(job);
    }
    const params = prepareKernel(subject, registry, policy, overrides, geo);
    // Every entry is overwritten by the workers, so a reused buffer needs no clearing.
    const out = takeOutput(n, owned);
    const buffer = out.totals.buffer as SharedArrayBuffer;
    const columns = columnsTransfer(registry.columns);
    const registryKey = keyOf(registry);
    const chunk = Math.ceil(n / threads);
    const tasks: Promise<ScoreTaskResult>[] = [];
    for (let start = 0; start < n; start += chunk) {
      tasks.push(runTask({ registryKey, columns, params, start, end: Math.min(n, start + chunk), out: buffer, n }));
    }
    const results = await Promise.allSettled(tasks);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const done = results.map((r) => (r as PromiseFulfilledResult<ScoreTaskResult>).value);
    lastStats = { pooled: true, tasks: done.length, maxWorkerMs: Math.max(...done.map((d) => d.ms)) };
    return out;
  }

  return {
    threads,
    get lastStats() {
      return lastStats;
    },
    scoreAll(subject, registry, policy, overrides, geo) {
      return scoreJob({ subject, registry, policy, overrides, geo });
    },
    async match(request, registry, geo, matchOpts = {}) {
      const owned: SharedArrayBuffer[] = [];
      const steps = matchSteps(request, registry, geo, matchOpts);
      let s = steps.next();
      while (!s.done) s = steps.next(await Promise.all(s.value.map((job) => scoreJob(job, owned))));
      // The response holds no reference to the score arrays: their buffers can serve the next match. (Only
      // on success: after a failure another task of this match might still be writing into one.)
      for (const b of owned) if (spare.length < 4) spare.push(b);
      return s.value;
    },
    async warmup() {
      // Tiny tasks on an empty registry, one per thread, load the worker module everywhere.
      const empty = allocScores(1, true);
      const params = prepareWarmupParams();
      await Promise.all(
        Array.from({ length: threads }, () =>
          runTask({
            registryKey: 'warmup',
            columns: { buffer: new SharedArrayBuffer(8), layout: [], n: 0, domainCount: 0, capChunks: 0, pointCount: 0 },
            params,
            start: 0,
            end: 0,
            out: empty.totals.buffer as SharedArrayBuffer,
            n: 1,
          }),
        ),
      );
    },
    stats() {
      return { threads, queueSize: piscina.queueSize, utilization: piscina.utilization, completed: piscina.completed };
    },
    async close() {
      destroyed = true;
      await piscina.close();
    },
    async destroy() {
      destroyed = true;
      await piscina.destroy();
    },
  };
}

/** Kernel parameters for a no-op task (range 0..0): only `greatCircle` is read. */
function prepareWarmupParams(): ScoreTask['params'] {
  return { greatCircle: true } as ScoreTask['params'];
}
