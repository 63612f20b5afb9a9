import express, { Router, type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Geography } from '../../geo/types.js';
import type { Store } from '../store/index.js';
import { authenticate, principalOf } from './auth/authenticate.js';
import { DEFAULT_CONFIG, type ServiceConfig } from './config.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { RateLimitedError } from './errors.js';
import { JobRunner, type JobKind } from './jobs/job-runner.js';
import { matchBatchKind } from './jobs/match-batch.js';
import { rematchKind } from './jobs/rematch-job.js';
import { scenarioKind } from './jobs/scenario-job.js';
import { storeScenarioSources } from './jobs/scenario-baseline.js';
import { createLogger, httpLogger } from './logging.js';
import { ServiceMetrics } from './metrics.js';
import { openApiDocument } from './openapi.js';
import { PROBLEM_TITLES } from './problem.js';
import { TokenBucketLimiter } from './rate-limit.js';
import { auditRoutes } from './routes/audit.js';
import { decisionRoutes } from './routes/decisions.js';
import { healthRoutes } from './routes/health.js';
import { homeImportRoute, homeRoutes } from './routes/homes.js';
import { jobAliasRoutes } from './routes/job-aliases.js';
import { jobRoutes } from './routes/jobs.js';
import { internalRoutes } from './routes/internal.js';
import { keyRoutes } from './routes/keys.js';
import { matchRoutes } from './routes/match.js';
import { DecisionService } from './services/decision-service.js';
import { HomeService } from './services/home-service.js';
import type { MatchExecutor } from './services/match-executor.js';
import { MatchService } from './services/match-service.js';
import { RegistryCache } from './services/registry-cache.js';
import { ServiceState } from './service-state.js';
import { webRouter } from '../web/router.js';
import { createJobPool, type JobExecutor } from '../workers/job-pool.js';

/** What the service is built from. Only `store` and `geo` are required. */
export interface ServiceDeps {
  readonly store: Store;
  readonly geo: Geography;
  readonly config?: Partial<ServiceConfig>;
  readonly logger?: Logger;
  readonly metrics?: ServiceMetrics;
  /** Worker-pool executor for large match requests (src/workers); default: inline only. */
  readonly pool?: MatchExecutor;
  readonly poolThresholdPairs?: number;
  /**
   * Where re-match and scenario jobs run their CPU work: a job worker pool (default: createJobPool with one
   * thread per job slot, so the HTTP server keeps answering), or 'inline' on the main thread (tests, tools).
   */
  readonly jobExecutor?: JobExecutor | 'inline';
  /** Extra job kinds (re-match, simulation) besides the built-in `match_batch`. */
  readonly jobKinds?: (services: { match: MatchService; registry: RegistryCache; store: Store; geo: Geography }) => readonly JobKind<never>[];
  /** Version reported in the OpenAPI document. */
  readonly version?: string;
}

/** A built service: the express app plus the parts a server or test drives. */
export interface Service {
  readonly app: Express;
  readonly config: ServiceConfig;
  readonly store: Store;
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  readonly registry: RegistryCache;
  readonly matches: MatchService;
  readonly jobs: JobRunner;
  readonly state: ServiceState;
  /** Build the registry and recover interrupted jobs before taking traffic. */
  start(): Promise<void>;
  /** Drain jobs (up to the shutdown timeout), stop the pool. The store is the caller's to close. */
  stop(): Promise<void>;
}

/**
 * Build the Homefinder HTTP service (express 5): helmet headers, request ids and pino logs without
 * bodies, Prometheus metrics, API-key authentication, per-key rate limits, body size limits, zod
 * validation everywhere, and ONE error handler answering problem+json.
 *
 * @example
 * const service = createService({ store: openStore(), geo: defaultGeography() });
 * await service.start();
 * http.createServer(service.app).listen(8080);
 */
export function createService(deps: ServiceDeps): Service {
  const config: ServiceConfig = { ...DEFAULT_CONFIG, ...deps.config };
  const logger = deps.logger ?? createLogger();
  const metrics = deps.metrics ?? new ServiceMetrics();
  const { store, geo } = deps;
  const registry = new RegistryCache(store, geo, (info) => {
    metrics.registryUpdates.inc({ mode: info.mode });
    logger.info(info, info.mode === 'patched' ? 'registry patched' : 'registry built');
  });
  const matches = new MatchService({ store, geo, registry, metrics, pool: deps.pool, poolThresholdPairs: deps.poolThresholdPairs, maxInlineHomes: config.maxInlineHomes });
  const decisions = new DecisionService(store);
  const homes = new HomeService(store, geo);
  let executor: JobExecutor | undefined;
  if (deps.jobExecutor !== 'inline') {
    try {
      executor = deps.jobExecutor ?? createJobPool({ threads: config.jobConcurrency, timeoutMs: config.jobTimeoutMs });
    } catch (e) {
      logger.warn({ err: { message: (e as Error).message } }, 'job worker unavailable; long jobs run on the main thread');
    }
  }
  const kinds = [
    matchBatchKind(matches, config.maxBatchRequests) as unknown as JobKind<never>,
    rematchKind(geo, { executor }) as unknown as JobKind<never>,
    scenarioKind(geo, storeScenarioSources(store, registry), { executor }) as unknown as JobKind<never>,
    ...(deps.jobKinds?.({ match: matches, registry, store, geo }) ?? [])];
  const jobs = new JobRunner({ store, kinds, concurrency: config.jobConcurrency, ttlMs: config.jobTtlMs, logger, metrics });
  metrics.bind({
    pool: () => deps.pool?.stats?.(),
    jobPool: () => executor?.stats(),
    registry: () => {
      const r = registry.peek();
      return r ? { homes: r.size, counter: Number(r.version.replace(/^r/, '')) || 0 } : undefined;
    },
  });
  const state = new ServiceState(async () => {
    const version = await store.registryVersion();
    const built = registry.peek();
    return built ? { ok: true, details: { store: store.kind, registryVersion: version, homes: built.size, registryBuildMs: Math.round(registry.lastBuildMs) } } : { ok: false, reason: 'the registry is not built yet', details: {} };
  });
  let openapi: unknown;

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(httpLogger(logger));
  app.use(helmet());
  app.use(metrics.middleware());
  // While draining, every response (including those of requests already in flight) closes its connection.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
      if (state.draining && !this.headersSent) this.setHeader('Connection', 'close');
      return writeHead.apply(this, args);
    } as Response['writeHead'];
    next();
  });

  app.use(healthRoutes(state));
  // The web page for home-finders and commissioners (src/web): static, same keys and roles as any client.
  app.use(webRouter());
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.render());
  });
  app.get('/openapi.json', (_req, res) => {
    openapi ??= openApiDocument(jobs.kindList(), deps.version);
    res.json(openapi);
  });
  app.get('/problems/:code', (req, res, next) => {
    const title = PROBLEM_TITLES[req.params.code];
    if (!title) return next();
    res.json({ type: `/problems/${req.params.code}`, title });
  });

  const limiter = config.rateLimit ? new TokenBucketLimiter(config.rateLimit) : undefined;
  const v1 = Router();
  v1.use(authenticate(store));
  v1.use((_req: Request, res: Response, next: NextFunction) => {
    if (!limiter) return next();
    const key = principalOf(res).keyId;
    const t = limiter.take(key);
    res.set('RateLimit-Limit', String(config.rateLimit!.capacity));
    res.set('RateLimit-Remaining', String(t.remaining));
    if (t.allowed) return next();
    metrics.rateLimited.inc();
    next(new RateLimitedError(`rateLimit: key "${key}" exceeded ${config.rateLimit!.refillPerSecond} requests/s (bursts of ${config.rateLimit!.capacity})`, t.retryAfterSeconds));
  });
  v1.use(homeImportRoute(homes, config.importBodyLimit));
  v1.use(express.json({ limit: config.bodyLimit, strict: false }));
  v1.use(matchRoutes(matches, store));
  v1.use(decisionRoutes(decisions, store));
  v1.use(auditRoutes(store));
  v1.use(homeRoutes(homes));
  v1.use(jobRoutes(jobs));
  v1.use(jobAliasRoutes(jobs, { '/rematch': 'rematch', '/scenarios': 'scenario' }));
  v1.use(keyRoutes(store));
  const gc = (globalThis as { gc?: () => void }).gc;
  if (config.internalGc) {
    if (typeof gc === 'function') v1.use(internalRoutes(gc));
    else logger.warn('HOMEFINDER_INTERNAL_GC is set but the process was not started with --expose-gc: no /v1/internal/gc');
  }
  app.use('/v1', v1);

  app.use(notFoundHandler());
  app.use(errorHandler());

  return {
    app,
    config,
    store,
    logger,
    metrics,
    registry,
    matches,
    jobs,
    state,
    async start() {
      const interrupted = await jobs.recover();
      if (interrupted) logger.warn({ interrupted }, 'jobs left unfinished by the previous process were marked failed');
      await registry.current();
    },
    async stop() {
      state.draining = true;
      await jobs.drain(config.shutdownTimeoutMs);
      await executor?.close();
      await deps.pool?.close?.();
    },
  };
}
