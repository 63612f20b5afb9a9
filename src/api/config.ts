import { ValidationError, type Problem } from '../domain/index.js';

/** Tunables of the HTTP service, with the defaults `npm start` uses. */
export interface ServiceConfig {
  /** Largest accepted request body (express/body-parser syntax). */
  readonly bodyLimit: string;
  /** Largest accepted import body (CSV or JSON text). */
  readonly importBodyLimit: string;
  /** Cap on homes a match request may carry inline (`homes`), the per-request candidate set. */
  readonly maxInlineHomes: number;
  /** Cap on requests in one batch-match job. */
  readonly maxBatchRequests: number;
  /** Per-key token bucket; null disables rate limiting. */
  readonly rateLimit: { readonly capacity: number; readonly refillPerSecond: number } | null;
  /** How long a finished job (and its result) is kept. */
  readonly jobTtlMs: number;
  /** Jobs run at once; more wait queued. */
  readonly jobConcurrency: number;
  /** Time budget of one job in the job worker; past it the worker's task is stopped and the job fails (503). */
  readonly jobTimeoutMs: number;
  /** Longest a graceful shutdown waits for in-flight requests and jobs. */
  readonly shutdownTimeoutMs: number;
  /**
   * Mount the admin-only `POST /v1/internal/gc` memory probe (load benchmark; needs `node --expose-gc`).
   * Off by default; `HOMEFINDER_INTERNAL_GC=1` turns it on.
   */
  readonly internalGc: boolean;
}

export const DEFAULT_CONFIG: ServiceConfig = {
  bodyLimit: '5mb',
  importBodyLimit: '20mb',
  maxInlineHomes: 10_000,
  maxBatchRequests: 2_000,
  rateLimit: { capacity: 200, refillPerSecond: 100 },
  jobTtlMs: 24 * 60 * 60 * 1000,
  jobConcurrency: 1,
  jobTimeoutMs: 30 * 60 * 1000,
  shutdownTimeoutMs: 10_000,
  internalGc: false,
};

function positiveInt(env: NodeJS.ProcessEnv, name: string, problems: Problem[]): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) {
    problems.push({ path: [name], message: `configFromEnv: ${name} must be a positive integer, got "${raw}"`, code: 'invalid_env' });
    return undefined;
  }
  return n;
}

function flag(env: NodeJS.ProcessEnv, name: string, problems: Problem[]): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (raw === '1' || raw === '0') return raw === '1';
  problems.push({ path: [name], message: `configFromEnv: ${name} must be "1" or "0", got "${raw}"`, code: 'invalid_env' });
  return undefined;
}

/**
 * Read overrides from the environment: HOMEFINDER_BODY_LIMIT, HOMEFINDER_MAX_INLINE_HOMES,
 * HOMEFINDER_RATE_LIMIT ("<per second>/<burst>", or "off"), HOMEFINDER_JOB_TTL_SECONDS,
 * HOMEFINDER_JOB_CONCURRENCY, HOMEFINDER_JOB_TIMEOUT_MS, HOMEFINDER_SHUTDOWN_TIMEOUT_MS, HOMEFINDER_INTERNAL_GC ("1" mounts the benchmark's
 * GC probe). Every bad value is reported.
 *
 * @example
 * const config = configFromEnv({ HOMEFINDER_RATE_LIMIT: '50/100' }); // 50 per second, bursts of 100
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env, base: ServiceConfig = DEFAULT_CONFIG): ServiceConfig {
  const problems: Problem[] = [];
  let rateLimit = base.rateLimit;
  const rl = env.HOMEFINDER_RATE_LIMIT;
  if (rl !== undefined && rl !== '') {
    const m = /^(\d+)\/(\d+)$/.exec(rl.trim());
    if (rl.trim() === 'off') rateLimit = null;
    else if (m && Number(m[1]) > 0 && Number(m[2]) > 0) rateLimit = { refillPerSecond: Number(m[1]), capacity: Number(m[2]) };
    else problems.push({ path: ['HOMEFINDER_RATE_LIMIT'], message: `configFromEnv: HOMEFINDER_RATE_LIMIT must be "<per second>/<burst>" or "off", got "${rl}"`, code: 'invalid_env' });
  }
  const bodyLimit = env.HOMEFINDER_BODY_LIMIT;
  if (bodyLimit !== undefined && !/^\d+(b|kb|mb)$/i.test(bodyLimit)) {
    problems.push({ path: ['HOMEFINDER_BODY_LIMIT'], message: `configFromEnv: HOMEFINDER_BODY_LIMIT must look like "5mb", got "${bodyLimit}"`, code: 'invalid_env' });
  }
  const ttl = positiveInt(env, 'HOMEFINDER_JOB_TTL_SECONDS', problems);
  const config: ServiceConfig = {
    bodyLimit: bodyLimit && problems.every((p) => p.path[0] !== 'HOMEFINDER_BODY_LIMIT') ? bodyLimit : base.bodyLimit,
    importBodyLimit: base.importBodyLimit,
    maxInlineHomes: positiveInt(env, 'HOMEFINDER_MAX_INLINE_HOMES', problems) ?? base.maxInlineHomes,
    maxBatchRequests: positiveInt(env, 'HOMEFINDER_MAX_BATCH_REQUESTS', problems) ?? base.maxBatchRequests,
    rateLimit,
    jobTtlMs: ttl !== undefined ? ttl * 1000 : base.jobTtlMs,
    jobConcurrency: positiveInt(env, 'HOMEFINDER_JOB_CONCURRENCY', problems) ?? base.jobConcurrency,
    jobTimeoutMs: positiveInt(env, 'HOMEFINDER_JOB_TIMEOUT_MS', problems) ?? base.jobTimeoutMs,
    shutdownTimeoutMs: positiveInt(env, 'HOMEFINDER_SHUTDOWN_TIMEOUT_MS', problems) ?? base.shutdownTimeoutMs,
    internalGc: flag(env, 'HOMEFINDER_INTERNAL_GC', problems) ?? base.internalGc,
  };
  if (problems.length) throw new ValidationError(`configFromEnv: ${problems.length} bad setting(s)`, problems);
  return config;
}
