/**
 * Long jobs run in the job worker (src/workers/job-pool.ts), so the HTTP server keeps answering while a
 * re-match or a scenario runs; the result equals the in-process path's; DELETE terminates the worker's task;
 * a crashing worker fails its job cleanly and the server stays up.
 */
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobPool } from '../src/workers/job-pool.js';
import { ensureWorkersBuilt, JOB_WORKER_SOURCES } from '../src/workers/testing/ensure-built.js';
import { withoutTimings } from '../src/workers/testing/job-results.js';
import { compiledWorker } from '../src/workers/worker-path.js';
import { childBody, testService, type TestService } from './service-fixtures.js';

interface Running {
  t: TestService;
  server: Server;
  url: string;
}

async function start(over: Parameters<typeof testService>[0] = {}): Promise<Running> {
  const t = await testService(over);
  const server = createServer(t.service.app);
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  return { t, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function stop(r: Running): Promise<void> {
  await new Promise<void>((res) => r.server.close(() => res()));
  await r.t.service.stop();
  await r.t.service.store.close();
}

async function call(r: Running, method: string, path: string, token?: string, body?: unknown, timeoutMs = 30_000): Promise<{ status: number; body: any }> {
  const res = await fetch(`${r.url}${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const FINISHED = ['succeeded', 'failed', 'cancelled'];

async function settle(r: Running, id: string, token: string): Promise<any> {
  for (let i = 0; i < 3000; i++) {
    const j = await call(r, 'GET', `/v1/jobs/${id}`, token);
    if (FINISHED.includes(j.body.status)) return j.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`job ${id} did not finish`);
}

/** A re-match of a generated demo region large enough to take seconds of CPU. */
const heavyRematch = (children: number) => ({ demo: { seed: 11, children }, policy: {}, overrides: [] });

let worker: Running;
beforeAll(async () => {
  ensureWorkersBuilt(['job-worker', 'testing/faulty-worker'], JOB_WORKER_SOURCES);
  worker = await start();
}, 180_000);
afterAll(async () => {
  await stop(worker);
});

describe('long jobs in the job worker', () => {
  it('/healthz and /v1/match answer within 1 s while a heavy re-match runs; the result equals the in-process one', async () => {
    const token = worker.t.keys.commissionerCov;
    const input = heavyRematch(1000);
    const submit = await call(worker, 'POST', '/v1/rematch', token, input);
    expect(submit.status).toBe(202);
    let pollsWhileRunning = 0;
    let matchedWhileRunning = false;
    const messages = new Set<string>();
    for (;;) {
      const job = await call(worker, 'GET', `/v1/jobs/${submit.body.id}`, token, undefined, 1000);
      if (FINISHED.includes(job.body.status)) break;
      // The server shares this process: a blocked event loop shows up as wall time, not as a fired timeout.
      const t0 = performance.now();
      const health = await call(worker, 'GET', '/healthz', undefined, undefined, 1000);
      expect(health.status).toBe(200);
      expect(performance.now() - t0, 'GET /healthz while the job runs').toBeLessThan(1000);
      if (job.body.status === 'running') {
        pollsWhileRunning += 1;
        if (job.body.progress > 0 && job.body.message) messages.add(job.body.message);
      }
      if (job.body.status === 'running' && !matchedWhileRunning) {
        const match = await call(worker, 'POST', '/v1/match', worker.t.keys.officerCov, { child: childBody('C-WHILE-1') }, 1000);
        expect(match.status).toBe(200);
        matchedWhileRunning = true;
      }
      await new Promise((res) => setTimeout(res, 50));
    }
    expect(pollsWhileRunning).toBeGreaterThan(2);
    expect(matchedWhileRunning).toBe(true);
    // The worker's progress reaches the job record (its last step before the long optimisation).
    expect([...messages]).toContain('scoring and optimising 1000 children');
    const fromWorker = await settle(worker, submit.body.id, token);
    expect(fromWorker.status, JSON.stringify(fromWorker.error)).toBe('succeeded');
    expect(fromWorker.result.children.length).toBeGreaterThan(500);
    // /metrics shows the job worker pool and the task it completed
    const metrics = await fetch(`${worker.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/^homefinder_job_pool_threads 1$/m);
    expect(metrics).toMatch(/^homefinder_job_pool_completed [1-9]\d*$/m);

    const inline = await start({ jobExecutor: 'inline' });
    try {
      const again = await call(inline, 'POST', '/v1/rematch', inline.t.keys.commissionerCov, input);
      const inProcess = await settle(inline, again.body.id, inline.t.keys.commissionerCov);
      expect(inProcess.status).toBe('succeeded');
      expect(withoutTimings(fromWorker.result)).toEqual(withoutTimings(inProcess.result));
    } finally {
      await stop(inline);
    }
  }, 180_000);

  it('a scenario on the live registry runs in the worker (registry read on the main thread) exactly as in process', async () => {
    const body = {
      baseline: { kind: 'registry', authorities: ['E08000026'], children: 30, seed: 4 },
      changes: [{ kind: 'open_homes', type: 'council_foster', places: 2, districts: ['CV2'] }],
      settings: { runs: 2, horizonDays: 30, seed: 2 },
    };
    const submit = await call(worker, 'POST', '/v1/scenarios', worker.t.keys.commissionerCov, body);
    expect(submit.status).toBe(202);
    const fromWorker = await settle(worker, submit.body.id, worker.t.keys.commissionerCov);
    expect(fromWorker.status, JSON.stringify(fromWorker.error)).toBe('succeeded');
    expect(fromWorker.result.meta.baselineSource).toMatchObject({ kind: 'registry', cohort: 'demo' });
    const inline = await start({ jobExecutor: 'inline' });
    try {
      const again = await call(inline, 'POST', '/v1/scenarios', inline.t.keys.commissionerCov, body);
      const inProcess = await settle(inline, again.body.id, inline.t.keys.commissionerCov);
      expect(withoutTimings(fromWorker.result)).toEqual(withoutTimings(inProcess.result));
    } finally {
      await stop(inline);
    }
  }, 180_000);

  it('DELETE cancels a running job by stopping its worker; the server answers throughout and the next job runs', async () => {
    const token = worker.t.keys.commissionerCov;
    const submit = await call(worker, 'POST', '/v1/rematch', token, heavyRematch(3000));
    let running = false;
    for (let i = 0; i < 400 && !running; i++) {
      const j = await call(worker, 'GET', `/v1/jobs/${submit.body.id}`, token, undefined, 1000);
      running = j.body.status === 'running';
      if (!running) await new Promise((res) => setTimeout(res, 25));
    }
    expect(running).toBe(true);
    const del = await call(worker, 'DELETE', `/v1/jobs/${submit.body.id}`, token, undefined, 1000);
    expect(del.status).toBe(202);
    expect(del.body.message).toBe('cancelling');
    const done = await settle(worker, submit.body.id, token);
    expect(done.status).toBe('cancelled');
    expect((await call(worker, 'GET', '/healthz', undefined, undefined, 1000)).status).toBe(200);
    const next = await call(worker, 'POST', '/v1/rematch', token, heavyRematch(40));
    expect((await settle(worker, next.body.id, token)).status).toBe('succeeded');
  }, 120_000);

  it('a worker that crashes fails its job with a problem (job_worker_crashed) and the server stays up', async () => {
    process.env.HF_FAULTY_MODE = 'exit';
    const crashing = await start({ jobExecutor: createJobPool({ filename: compiledWorker('testing/faulty-worker') }) });
    try {
      const token = crashing.t.keys.commissionerCov;
      for (const n of [1, 2]) {
        const submit = await call(crashing, 'POST', '/v1/rematch', token, heavyRematch(40));
        const done = await settle(crashing, submit.body.id, token);
        expect(done.status, `job ${n}`).toBe('failed');
        expect(done.error).toMatchObject({ code: 'job_worker_crashed', status: 503 });
      }
      expect((await call(crashing, 'GET', '/healthz')).status).toBe(200);
      expect((await call(crashing, 'POST', '/v1/match', crashing.t.keys.officerCov, { child: childBody('C-AFTER-CRASH') })).status).toBe(200);
    } finally {
      delete process.env.HF_FAULTY_MODE;
      await stop(crashing);
    }
  }, 60_000);

  it('a shutdown that outlasts its timeout stops the worker and records the running job as failed (interrupted)', async () => {
    const short = await start({ config: { shutdownTimeoutMs: 200 } });
    const token = short.t.keys.commissionerCov;
    const submit = await call(short, 'POST', '/v1/rematch', token, heavyRematch(3000));
    for (let i = 0; i < 400; i++) {
      if ((await call(short, 'GET', `/v1/jobs/${submit.body.id}`, token)).body.status === 'running') break;
      await new Promise((res) => setTimeout(res, 25));
    }
    await new Promise<void>((res) => short.server.close(() => res()));
    await short.t.service.stop(); // would hang (test timeout) if the worker's task were not stopped
    const job = await short.t.service.store.getJob(submit.body.id);
    expect(job).toMatchObject({ status: 'failed', error: { status: 503 } });
    await short.t.service.store.close();
  }, 60_000);
});
