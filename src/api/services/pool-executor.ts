import { UnavailableError } from '../../domain/index.js';
import type { MatchPool } from '../../workers/pool.js';
import type { ServiceMetrics } from '../metrics.js';
import type { MatchExecutor } from './match-executor.js';

/**
 * Run matches on the scoring worker pool (src/workers/pool.ts). A worker that crashes or exceeds its time
 * budget is replaced by piscina; the request is retried once, and if it fails again the caller gets
 * 503 problem+json (UnavailableError) while the server stays up. Utilisation is measured here as the
 * share of wall time the pool had work, per thread.
 *
 * @example
 * const pool = poolExecutor(createMatchPool({ threads: 2 }), metrics);
 * createService({ store, geo, pool });
 */
export function poolExecutor(pool: MatchPool, metrics?: ServiceMetrics): MatchExecutor {
  let inFlight = 0;
  let completed = 0;
  let busyMs = 0;
  let busySince = 0;
  let windowStart = performance.now();
  const enter = (): void => {
    if (inFlight === 0) busySince = performance.now();
    inFlight += 1;
  };
  const leave = (): void => {
    inFlight -= 1;
    completed += 1;
    if (inFlight === 0) busyMs += performance.now() - busySince;
  };
  return {
    name: 'pool',
    async run(request, registry, geo, opts) {
      enter();
      try {
        try {
          return await pool.match(request, registry, geo, opts);
        } catch (e) {
          if (!(e instanceof UnavailableError)) throw e;
          metrics?.poolFailures.inc({ reason: /timed out/.test(e.message) ? 'timeout' : 'crash' });
          // One retry on a fresh worker; a second failure is the caller's 503.
          return await pool.match(request, registry, geo, opts);
        }
      } finally {
        leave();
      }
    },
    stats() {
      const now = performance.now();
      const busy = busyMs + (inFlight > 0 ? now - busySince : 0);
      const utilization = Math.min(1, busy / Math.max(1, now - windowStart));
      busyMs = 0;
      windowStart = now;
      if (inFlight > 0) busySince = now;
      return { threads: pool.threads, queueSize: Math.max(0, inFlight - 1), utilization, completed };
    },
    async close() {
      await pool.destroy();
    },
  };
}
