/**
 * Graceful shutdown: in-flight requests finish, running jobs are drained (or, past the timeout, recorded
 * as interrupted), readiness turns off, then the store closes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../src/api/server.js';
import type { MatchExecutor } from '../src/api/services/match-executor.js';
import { match } from '../src/match/engine.js';
import { openSqliteStore } from '../src/store/index.js';
import { childBody, testService } from './service-fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Scores inline after a delay, so requests and jobs are in flight when the server is asked to stop. */
function slowExecutor(ms: number): MatchExecutor {
  return {
    name: 'slow',
    async run(request, registry, geo, opts) {
      await new Promise((r) => setTimeout(r, ms));
      return match(request, registry, geo, opts);
    },
  };
}

describe('graceful shutdown', () => {
  it('lets an in-flight match finish and refuses new connections', async () => {
    const t = await testService({ pool: slowExecutor(400), poolThresholdPairs: 1 });
    const running = await listen(t.service, { port: 0, host: '127.0.0.1' });
    const inflight = fetch(`${running.url}/v1/match`, { method: 'POST', headers: { Authorization: `Bearer ${t.keys.officerCov}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ child: childBody() }) });
    await new Promise((r) => setTimeout(r, 100));
    const closing = running.close();
    expect(t.service.state.draining).toBe(true);
    expect((await t.service.state.readiness()).ok).toBe(true);
    const res = await inflight;
    expect(res.status).toBe(200);
    expect(res.headers.get('connection')).toBe('close');
    expect(((await res.json()) as { ranked: unknown[] }).ranked.length).toBeGreaterThan(0);
    await closing;
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
  });

  it('drains a running job before closing the store', async () => {
    const t = await testService({ pool: slowExecutor(150), poolThresholdPairs: 1, config: { shutdownTimeoutMs: 10_000 } });
    const running = await listen(t.service, { port: 0, host: '127.0.0.1' });
    const submit = await fetch(`${running.url}/v1/jobs`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.keys.officerCov}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'match_batch', input: { requests: [{ child: childBody('C-S1') }, { child: childBody('C-S2') }, { child: childBody('C-S3') }] } }),
    });
    expect(submit.status).toBe(202);
    const { id } = (await submit.json()) as { id: string };
    await new Promise((r) => setTimeout(r, 50));
    // Read the job's final state at the moment the server closes the store.
    const store = t.service.store;
    let final: unknown;
    const origClose = store.close.bind(store);
    store.close = async () => {
      final = await store.getJob(id);
      return origClose();
    };
    await running.close();
    expect(final).toMatchObject({ status: 'succeeded', result: { matched: 3 } });
  });

  it('records a job still running past the shutdown timeout as interrupted, never half-done', async () => {
    const t = await testService({ pool: slowExecutor(300), poolThresholdPairs: 1, config: { shutdownTimeoutMs: 100 } });
    const running = await listen(t.service, { port: 0, host: '127.0.0.1' });
    const submit = await fetch(`${running.url}/v1/jobs`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.keys.officerCov}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'match_batch', input: { requests: Array.from({ length: 10 }, (_, i) => ({ child: childBody(`C-L${i}`) })) } }),
    });
    const { id } = (await submit.json()) as { id: string };
    await new Promise((r) => setTimeout(r, 50));
    // Read the job's final state at the moment the server closes the store.
    const store = t.service.store;
    let final: unknown;
    const origClose = store.close.bind(store);
    store.close = async () => {
      final = await store.getJob(id);
      return origClose();
    };
    await running.close();
    expect(final).toMatchObject({ status: 'failed', error: { code: 'unavailable', status: 503 } });
  });

  it('marks jobs a killed process left running as failed on the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hf-shutdown-'));
    dirs.push(dir);
    const path = join(dir, 'homefinder.db');
    const s1 = openSqliteStore({ path });
    await s1.createJob({ id: 'J-00000000-0000-0000-0000-000000000000', kind: 'match_batch', authority: 'E08000026', providerId: null }, { keyId: 'k', role: 'admin', authority: null, providerId: null });
    await s1.updateJob('J-00000000-0000-0000-0000-000000000000', { status: 'running' });
    await s1.close();
    const t = await testService({ store: openSqliteStore({ path }) });
    expect(await t.service.store.getJob('J-00000000-0000-0000-0000-000000000000')).toMatchObject({ status: 'failed', error: { code: 'interrupted' } });
    await t.service.store.close();
  });
});
