/**
 * The benchmark's memory probe, POST /v1/internal/gc: absent unless enabled (and gc exposed), admin only,
 * and it really runs the collector and reports the heap before and after.
 */
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { testService, type TestService } from './service-fixtures.js';

const g = globalThis as { gc?: () => void };
const original = g.gc;
let t: TestService | undefined;

afterEach(async () => {
  g.gc = original;
  if (t) {
    await t.service.stop();
    await t.service.store.close();
    t = undefined;
  }
});

describe('POST /v1/internal/gc', () => {
  it('is not mounted by default', async () => {
    g.gc = () => undefined;
    t = await testService();
    const res = await request(t.service.app).post('/v1/internal/gc').set('Authorization', `Bearer ${t.keys.admin}`);
    expect(res.status).toBe(404);
  });

  it('is not mounted when enabled but the process has no gc (no --expose-gc)', async () => {
    g.gc = undefined;
    t = await testService({ config: { internalGc: true } });
    const res = await request(t.service.app).post('/v1/internal/gc').set('Authorization', `Bearer ${t.keys.admin}`);
    expect(res.status).toBe(404);
  });

  it('when enabled, runs gc for admins only and reports heap and RSS before and after', async () => {
    let calls = 0;
    g.gc = () => {
      calls += 1;
    };
    t = await testService({ config: { internalGc: true } });
    for (const name of ['officerCov', 'commissionerCov', 'providerCov'] as const) {
      const res = await request(t.service.app).post('/v1/internal/gc').set('Authorization', `Bearer ${t.keys[name]}`);
      expect(res.status, name).toBe(403);
      expect(res.type).toBe('application/problem+json');
    }
    expect((await request(t.service.app).post('/v1/internal/gc')).status).toBe(401);
    expect(calls).toBe(0);
    const res = await request(t.service.app).post('/v1/internal/gc').set('Authorization', `Bearer ${t.keys.admin}`);
    expect(res.status).toBe(200);
    expect(calls).toBe(2);
    for (const phase of ['before', 'after'] as const) {
      expect(res.body[phase].heapUsed).toBeGreaterThan(0);
      expect(res.body[phase].rss).toBeGreaterThanOrEqual(res.body[phase].heapUsed);
    }
  });
});
