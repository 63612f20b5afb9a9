import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { ConflictError, ForbiddenError, HomefinderError, NotFoundError, parseOrThrow, UnavailableError, ValidationError } from '../../domain/index.js';
import type { Actor, JobRecord, JobStatus, Role, Store } from '../../store/index.js';
import { canSeeAuthority, isRegionWide, requireAction } from '../auth/permissions.js';
import type { ServiceMetrics } from '../metrics.js';
import { JobSubmitSchema } from '../schemas.js';

/** What a running job can do: report progress, notice cancellation. */
export interface JobContext {
  readonly jobId: string;
  readonly actor: Actor;
  /** Aborted when the job is cancelled (DELETE) or the server shuts down. Check it between steps. */
  readonly signal: AbortSignal;
  /** Report progress 0..1 with an optional message (stored at most every 250 ms). */
  progress(fraction: number, message?: string): void;
}

/**
 * A kind of long job (batch match, re-match, simulation). Its input is validated with `input` at
 * submission (400 listing every problem, before any work); `roles` may submit it (admin always may).
 *
 * @example
 * const kind: JobKind<{ n: number }> = {
 *   kind: 'count', description: 'Counts to n', input: z.strictObject({ n: z.number().int().max(100) }),
 *   roles: ['commissioner'],
 *   async run(input, ctx) { for (let i = 0; i < input.n; i++) ctx.progress(i / input.n); return { counted: input.n }; },
 * };
 */
export interface JobKind<I = unknown> {
  readonly kind: string;
  readonly description: string;
  readonly input: z.ZodType<I>;
  readonly roles: readonly Role[];
  /** Scope checks on the validated input at submission (e.g. every child is the key's authority's); throw 403. */
  authorize?(input: I, actor: Actor): void;
  run(input: I, ctx: JobContext): Promise<unknown>;
}

export interface JobRunnerOptions {
  readonly store: Store;
  readonly kinds: readonly JobKind<never>[];
  readonly concurrency: number;
  readonly ttlMs: number;
  readonly logger?: Logger;
  readonly metrics?: ServiceMetrics;
  readonly clock?: () => Date;
  /** How often expired jobs are deleted (default: min(ttl, 60 s)). */
  readonly sweepIntervalMs?: number;
}

interface Active {
  readonly id: string;
  readonly kind: JobKind<never>;
  readonly input: unknown;
  readonly actor: Actor;
  readonly controller: AbortController;
  status: 'queued' | 'running';
  done?: Promise<void>;
}

/** Cancelled by the caller, as opposed to interrupted by a shutdown. */
class CancelledError extends HomefinderError {
  constructor() {
    super('cancelled', 'The job was cancelled.', 409);
  }
}

/**
 * Runs jobs: 202 on submit, status/progress/result from the store, cancellation with an AbortSignal,
 * expiry of finished jobs, and a drain for graceful shutdown. The runner lives on the main thread; kinds
 * with heavy CPU work (rematch, scenario) hand it to a job worker (src/workers/job-pool.ts), where
 * aborting the signal terminates the worker's task. Inputs stay in memory (they may
 * hold children's profiles); jobs left queued or running by a crash are marked failed at start-up.
 *
 * @example
 * const runner = new JobRunner({ store, kinds: [matchBatchKind(service)], concurrency: 1, ttlMs: 86_400_000 });
 * const job = await runner.submit({ kind: 'match_batch', input: { requests } }, principal); // status 'queued'
 */
export class JobRunner {
  private readonly kinds = new Map<string, JobKind<never>>();
  private readonly queue: Active[] = [];
  private readonly active = new Map<string, Active>();
  private running = 0;
  private accepting = true;
  private readonly sweeper: NodeJS.Timeout;
  private readonly now: () => Date;

  constructor(private readonly opts: JobRunnerOptions) {
    for (const k of opts.kinds) this.register(k);
    this.now = opts.clock ?? (() => new Date());
    this.sweeper = setInterval(() => void this.sweep(), opts.sweepIntervalMs ?? Math.min(opts.ttlMs, 60_000));
    this.sweeper.unref();
    opts.metrics?.bind({ jobs: () => this.counts() });
  }

  /** Add a job kind (re-match and simulation plug in here). */
  register<I>(kind: JobKind<I>): void {
    if (this.kinds.has(kind.kind)) throw new Error(`JobRunner.register: job kind "${kind.kind}" is already registered`);
    this.kinds.set(kind.kind, kind as unknown as JobKind<never>);
  }

  kindList(): JobKind<never>[] {
    return [...this.kinds.values()];
  }

  /** Jobs by status in this process (for /metrics). */
  counts(): Record<string, number> {
    let queued = 0;
    let running = 0;
    for (const a of this.active.values()) a.status === 'queued' ? (queued += 1) : (running += 1);
    return { queued, running };
  }

  /** Prepare and announce a startup: jobs a previous process left unfinished are marked failed. */
  async recover(): Promise<number> {
    return this.opts.store.failInterruptedJobs(this.now(), new Date(this.now().getTime() + this.opts.ttlMs));
  }

  async submit(body: unknown, actor: Actor): Promise<JobRecord> {
    if (!this.accepting) throw new UnavailableError('submitJob: the server is shutting down; submit the job again shortly');
    const { kind: kindName, input } = parseOrThrow(JobSubmitSchema, body, 'submitJob');
    const kind = this.kinds.get(kindName);
    if (!kind) {
      throw new ValidationError(`submitJob: unknown job kind "${kindName}"`, [
        { path: ['kind'], code: 'invalid_value', message: `submitJob: unknown job kind "${kindName}"; known: ${[...this.kinds.keys()].map((k) => `"${k}"`).join(', ')}` },
      ]);
    }
    if (!isRegionWide(actor) && !kind.roles.includes(actor.role as Role)) throw new ForbiddenError(`submitJob: role "${actor.role}" may not run "${kind.kind}" jobs`);
    const parsed = parseOrThrow(kind.input, input, `submitJob(${kind.kind})`, ['input']);
    kind.authorize?.(parsed as never, actor);
    const id = `J-${randomUUID()}`;
    const rec = await this.opts.store.createJob({ id, kind: kind.kind, authority: actor.authority, providerId: actor.providerId }, actor);
    const a: Active = { id, kind, input: parsed, actor, controller: new AbortController(), status: 'queued' };
    this.active.set(id, a);
    this.queue.push(a);
    this.pump();
    return rec;
  }

  /** A job visible to the actor (its authority and a role that may run its kind, or admin); 404 otherwise or once expired. */
  async get(id: string, actor: Actor): Promise<JobRecord> {
    requireAction(actor, 'jobs:read');
    const job = await this.opts.store.getJob(id);
    const expired = job?.expiresAt !== null && job?.expiresAt !== undefined && new Date(job.expiresAt) <= this.now();
    const kind = job ? this.kinds.get(job.kind) : undefined;
    const roleMaySee = isRegionWide(actor) || (kind?.roles.includes(actor.role as Role) ?? false);
    if (!job || expired || !roleMaySee || !canSeeAuthority(actor, job.authority)) throw new NotFoundError(`getJob: no job "${id}"`);
    return job;
  }

  /** Cancel a queued or running job (a running one stops at its next check of the signal). */
  async cancel(id: string, actor: Actor): Promise<JobRecord> {
    const job = await this.get(id, actor);
    const a = this.active.get(id);
    if (!a) throw new ConflictError(`cancelJob: job "${id}" has already finished (${job.status})`);
    a.controller.abort(new CancelledError());
    if (a.status === 'queued') {
      this.queue.splice(this.queue.indexOf(a), 1);
      this.active.delete(id);
      return this.finish(a, 'cancelled', { message: 'cancelled before it started' });
    }
    return this.opts.store.updateJob(id, { message: 'cancelling' });
  }

  private pump(): void {
    while (this.running < this.opts.concurrency && this.queue.length) {
      const a = this.queue.shift()!;
      this.running += 1;
      a.status = 'running';
      a.done = this.execute(a).finally(() => {
        this.running -= 1;
        this.active.delete(a.id);
        this.pump();
      });
    }
  }

  private async execute(a: Active): Promise<void> {
    const store = this.opts.store;
    await store.updateJob(a.id, { status: 'running', startedAt: this.now().toISOString() });
    let lastWrite = 0;
    let pending: Promise<unknown> = Promise.resolve();
    // Progress is written at most every 250 ms; the latest report held back is written when the interval
    // ends, so a job that reports twice and then works for a long time (a worker job) shows its last step.
    let latest: { fraction: number; message?: string | undefined } | undefined;
    let trailing: NodeJS.Timeout | undefined;
    let open = true;
    const flush = (): void => {
      clearTimeout(trailing);
      trailing = undefined;
      if (!latest || !open) return;
      const { fraction, message } = latest;
      latest = undefined;
      lastWrite = Date.now();
      pending = pending.then(() => store.updateJob(a.id, { progress: fraction, ...(message !== undefined ? { message } : {}) })).catch(() => undefined);
    };
    const ctx: JobContext = {
      jobId: a.id,
      actor: a.actor,
      signal: a.controller.signal,
      progress: (fraction, message) => {
        if (!open) return;
        // A held-back message is kept when the newer report has none.
        latest = { fraction, message: message ?? latest?.message };
        const wait = 250 - (Date.now() - lastWrite);
        if (wait <= 0 || fraction >= 1) flush();
        else trailing ??= setTimeout(flush, wait);
      },
    };
    const close = (): void => {
      open = false;
      clearTimeout(trailing);
    };
    try {
      const result = await a.kind.run(a.input as never, ctx);
      close();
      await pending;
      if (a.controller.signal.aborted) throw a.controller.signal.reason;
      await this.finish(a, 'succeeded', { result, progress: 1 });
    } catch (e) {
      close();
      await pending;
      const reason: unknown = a.controller.signal.aborted ? a.controller.signal.reason : e;
      if (reason instanceof CancelledError) {
        await this.finish(a, 'cancelled', { message: 'cancelled while running' });
      } else {
        const he = reason instanceof HomefinderError ? reason : undefined;
        if (!he) this.opts.logger?.error({ jobId: a.id, kind: a.kind.kind, err: { message: (reason as Error)?.message, stack: (reason as Error)?.stack } }, 'job failed');
        await this.finish(a, 'failed', {
          error: {
            title: he ? 'Job failed' : 'Internal error',
            detail: he ? he.message : 'The job failed unexpectedly; it has been logged.',
            status: he?.status ?? 500,
            code: he?.code ?? 'internal',
            ...(reason instanceof ValidationError ? { problems: reason.problems } : {}),
          },
        });
      }
    }
  }

  private async finish(a: Active, status: Exclude<JobStatus, 'queued' | 'running'>, extra: { result?: unknown; error?: JobRecord['error']; message?: string; progress?: number }): Promise<JobRecord> {
    const t = this.now();
    this.opts.metrics?.jobsFinished.inc({ kind: a.kind.kind, status });
    return this.opts.store.updateJob(a.id, {
      status,
      finishedAt: t.toISOString(),
      expiresAt: new Date(t.getTime() + this.opts.ttlMs).toISOString(),
      ...extra,
    });
  }

  /** Delete finished jobs past their expiry. */
  async sweep(): Promise<number> {
    try {
      return await this.opts.store.deleteExpiredJobs(this.now());
    } catch (e) {
      this.opts.logger?.warn({ err: { message: (e as Error).message } }, 'job sweep failed');
      return 0;
    }
  }

  /**
   * Stop accepting jobs, cancel queued ones, and wait for running ones up to `timeoutMs`; those still
   * running are then aborted and recorded as failed (interrupted), so nothing is left half-done.
   */
  async drain(timeoutMs: number): Promise<void> {
    this.accepting = false;
    clearInterval(this.sweeper);
    const shutdown = new UnavailableError('The server shut down while the job was running; submit it again.');
    for (const a of this.queue.splice(0)) {
      this.active.delete(a.id);
      await this.finish(a, 'failed', { error: { title: 'Interrupted', detail: shutdown.message, status: 503, code: 'interrupted' } });
    }
    const running = [...this.active.values()].map((a) => a.done).filter((d): d is Promise<void> => d !== undefined);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([Promise.all(running).then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), timeoutMs)))]);
    clearTimeout(timer);
    if (timedOut) {
      for (const a of this.active.values()) a.controller.abort(shutdown);
      await Promise.all(running);
    }
  }
}
