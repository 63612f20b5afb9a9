import { describe, expect, it } from 'vitest';
import { UnavailableError, type MatchRequest, type MatchResponse } from '../../domain/index.js';
import type { Registry } from '../../match/registry.js';
import type { MatchPool } from '../../workers/pool.js';
import { ServiceMetrics } from '../metrics.js';
import { poolExecutor } from './pool-executor.js';

function fakePool(failures: number, error: Error = new UnavailableError('scoreAll: a scoring worker failed (boom); retry later')): MatchPool & { calls: number } {
  const pool = {
    threads: 2,
    calls: 0,
    lastStats: { pooled: true, tasks: 2, maxWorkerMs: 1 },
    async match() {
      pool.calls += 1;
      if (pool.calls <= failures) throw error;
      return { requestId: 'ok' } as MatchResponse;
    },
    async scoreAll() {
      throw new Error('unused');
    },
    async warmup() {},
    async destroy() {},
  };
  return pool as unknown as MatchPool & { calls: number };
}

const run = (pool: MatchPool, metrics?: ServiceMetrics) => poolExecutor(pool, metrics).run({} as MatchRequest, {} as Registry, {} as never, {});

describe('poolExecutor', () => {
  it('retries once after a worker crash and counts the failure', async () => {
    const metrics = new ServiceMetrics({ defaultMetrics: false });
    const pool = fakePool(1);
    await expect(run(pool, metrics)).resolves.toEqual({ requestId: 'ok' });
    expect(pool.calls).toBe(2);
    expect(await metrics.render()).toMatch(/homefinder_pool_failures_total\{reason="crash"\} 1/);
  });

  it('fails with UnavailableError (503) when the retry fails too', async () => {
    const pool = fakePool(2, new UnavailableError('scoreAll: a scoring worker timed out after 10 ms; retry later'));
    await expect(run(pool)).rejects.toBeInstanceOf(UnavailableError);
    expect(pool.calls).toBe(2);
  });

  it('does not retry a validation error', async () => {
    const pool = fakePool(5, new TypeError('not a pool failure'));
    await expect(run(pool)).rejects.toBeInstanceOf(TypeError);
    expect(pool.calls).toBe(1);
  });

  it('reports utilisation between 0 and 1', async () => {
    const ex = poolExecutor(fakePool(0));
    await ex.run({} as MatchRequest, {} as Registry, {} as never, {});
    const s = ex.stats!()!;
    expect(s.threads).toBe(2);
    expect(s.completed).toBe(1);
    expect(s.utilization).toBeGreaterThanOrEqual(0);
    expect(s.utilization).toBeLessThanOrEqual(1);
  });
});
