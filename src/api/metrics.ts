import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Live figures the gauges read at scrape time. */
export interface MetricSources {
  pool?: () => { threads: number; queueSize: number; utilization: number; completed: number } | undefined;
  jobs?: () => Record<string, number>;
  registry?: () => { homes: number; counter: number } | undefined;
  /** The job worker pool (re-match and scenario jobs). */
  jobPool?: () => { threads: number; queueSize: number; completed: number } | undefined;
}

/**
 * The service's Prometheus metrics on their own registry (so several apps can live in one process, e.g.
 * tests): request latency histograms by route, match latency by execution path, worker-pool utilisation,
 * jobs by status, rate-limit refusals, plus the default process metrics.
 *
 * @example
 * const metrics = new ServiceMetrics();
 * app.use(metrics.middleware());
 * app.get('/metrics', async (_req, res) => res.type(metrics.contentType).send(await metrics.render()));
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly matchDuration: Histogram<'path'>;
  readonly jobsFinished: Counter<'kind' | 'status'>;
  readonly rateLimited: Counter;
  readonly poolFailures: Counter<'reason'>;
  readonly registryUpdates: Counter<'mode'>;
  private sources: MetricSources = {};

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'homefinder_http_request_duration_seconds',
      help: 'HTTP request latency by method, route and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.matchDuration = new Histogram({
      name: 'homefinder_match_duration_seconds',
      help: 'Scoring time of one match request, by execution path (inline on the event loop, or the worker pool)',
      labelNames: ['path'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    this.jobsFinished = new Counter({ name: 'homefinder_jobs_finished_total', help: 'Jobs finished, by kind and final status', labelNames: ['kind', 'status'], registers });
    this.rateLimited = new Counter({ name: 'homefinder_rate_limited_total', help: 'Requests refused by the per-key rate limit', registers });
    this.registryUpdates = new Counter({
      name: 'homefinder_registry_updates_total',
      help: 'Live registry updates after a home change, by mode: built (full build) or patched (only the changed homes\' slots)',
      labelNames: ['mode'],
      registers,
    });
    this.poolFailures = new Counter({ name: 'homefinder_pool_failures_total', help: 'Worker-pool tasks that failed (crash, timeout) by reason', labelNames: ['reason'], registers });
    const sources = (): MetricSources => this.sources;
    new Gauge({
      name: 'homefinder_pool_utilization',
      help: 'Worker-pool utilisation (0..1, piscina)',
      registers,
      collect() {
        const p = sources().pool?.();
        if (p) this.set(p.utilization);
      },
    });
    new Gauge({
      name: 'homefinder_pool_queue_size',
      help: 'Tasks waiting for a worker',
      registers,
      collect() {
        const p = sources().pool?.();
        if (p) this.set(p.queueSize);
      },
    });
    new Gauge({
      name: 'homefinder_pool_threads',
      help: 'Worker threads alive',
      registers,
      collect() {
        const p = sources().pool?.();
        if (p) this.set(p.threads);
      },
    });
    new Gauge({
      name: 'homefinder_job_pool_threads',
      help: 'Job worker threads configured (re-match and scenario jobs run there)',
      registers,
      collect() {
        const p = sources().jobPool?.();
        if (p) this.set(p.threads);
      },
    });
    new Gauge({
      name: 'homefinder_job_pool_queue_size',
      help: 'Job tasks waiting for a job worker',
      registers,
      collect() {
        const p = sources().jobPool?.();
        if (p) this.set(p.queueSize);
      },
    });
    new Gauge({
      name: 'homefinder_job_pool_completed',
      help: 'Job tasks the job workers have completed since start',
      registers,
      collect() {
        const p = sources().jobPool?.();
        if (p) this.set(p.completed);
      },
    });
    new Gauge({
      name: 'homefinder_jobs',
      help: 'Jobs by status',
      labelNames: ['status'],
      registers,
      collect() {
        const j = sources().jobs?.();
        if (j) for (const [status, n] of Object.entries(j)) this.set({ status }, n);
      },
    });
    new Gauge({
      name: 'homefinder_registry_homes',
      help: 'Open homes in the live registry',
      registers,
      collect() {
        const r = sources().registry?.();
        if (r) this.set(r.homes);
      },
    });
    new Gauge({
      name: 'homefinder_registry_version',
      help: 'Registry version counter (increments on every home change)',
      registers,
      collect() {
        const r = sources().registry?.();
        if (r) this.set(r.counter);
      },
    });
  }

  /** Attach the live sources the gauges read. */
  bind(sources: MetricSources): void {
    this.sources = { ...this.sources, ...sources };
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** Express middleware timing every request, labelled by the matched route pattern (not the raw URL). */
  middleware(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      const start = process.hrtime.bigint();
      res.once('finish', () => {
        const route = req.route ? `${req.baseUrl}${String((req.route as { path: unknown }).path)}` : 'unmatched';
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        this.httpDuration.observe({ method: req.method, route, status_code: String(res.statusCode) }, seconds);
      });
      next();
    };
  }
}
