/**
 * The worker pool behind the HTTP service: large requests scored on piscina give exactly the inline
 * answer; a pool whose workers keep failing gives 503 problem+json and the server stays up.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolExecutor } from '../src/api/services/pool-executor.js';
import { UnavailableError } from '../src/domain/index.js';
import { createMatchPool, type MatchPool } from '../src/workers/pool.js';
import { childBody, testService, type TestService } from './service-fixtures.js';
import { ensureBuilt } from './service-process.js';

let pooled: TestService;
let inline: TestService;
let pool: MatchPool;

beforeAll(async () => {
  ensureBuilt();
  pool = createMatchPool({ threads: 2, minHomes: 1 });
  pooled = await testService({ pool: poolExecutor(pool), poolThresholdPairs: 1 });
  inline = await testService();
}, 180_000);
afterAll(async () => {
  await pooled.service.stop();
  await inline.service.stop();
  await pooled.service.store.close();
  await inline.service.store.close();
});

const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });

describe('match on the worker pool', () => {
  it('answers exactly as the inline path, child and sibling group', async () => {
    const bodies = [
      { child: childBody('C-P1'), asOf: '2026-11-22' },
      { child: childBody('C-P2', { homeLocation: { district: 'B23' }, carePlanSetting: 'any' }), asOf: '2026-11-22' },
      { siblingGroup: { id: 'G-P', children: [childBody('C-P3'), childBody('C-P4', { dateOfBirth: '2012-01-01' })] }, asOf: '2026-11-22' },
    ];
    for (const body of bodies) {
      const a = await request(pooled.service.app).post('/v1/match').set('Authorization', `Bearer ${pooled.keys.officerCov}`).send(body);
      const b = await request(inline.service.app).post('/v1/match').set('Authorization', `Bearer ${inline.keys.officerCov}`).send(body);
      expect(a.status).toBe(200);
      expect(strip(a.body)).toEqual(strip(b.body));
    }
    expect(pool.lastStats.pooled).toBe(true);
    const metrics = await request(pooled.service.app).get('/metrics');
    expect(metrics.text).toMatch(/homefinder_match_duration_seconds_count\{path="pool"\} [1-9]/);
    expect(metrics.text).toMatch(/homefinder_pool_threads 2/);
  });

  it('gives 503 problem+json when the workers keep failing, and keeps serving', async () => {
    const broken = {
      threads: 2,
      lastStats: { pooled: true, tasks: 0, maxWorkerMs: 0 },
      match: async () => {
        throw new UnavailableError('scoreAll: a scoring worker failed (exit code 1); retry later');
      },
      scoreAll: async () => {
        throw new UnavailableError('unused');
      },
      warmup: async () => undefined,
      destroy: async () => undefined,
    } as unknown as MatchPool;
    const t = await testService({ pool: poolExecutor(broken), poolThresholdPairs: 1 });
    const res = await request(t.service.app).post('/v1/match').set('Authorization', `Bearer ${t.keys.officerCov}`).send({ child: childBody() });
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body).toMatchObject({ code: 'unavailable', status: 503 });
    expect((await request(t.service.app).get('/healthz')).status).toBe(200);
    await t.service.store.close();
  });
});
