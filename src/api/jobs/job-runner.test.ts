import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openSqliteStore, type Actor } from '../../store/index.js';
import { JobRunner, type JobKind } from './job-runner.js';

const officer: Actor = { keyId: 'k1', role: 'placement_officer', authority: 'E08000026', providerId: null };
const commissioner: Actor = { keyId: 'k2', role: 'commissioner', authority: 'E08000026', providerId: null };

const counter: JobKind<{ n: number }> = {
  kind: 'count',
  description: 'Counts to n.',
  input: z.strictObject({ n: z.number().int().min(1).max(100) }),
  roles: ['placement_officer'],
  async run({ n }, ctx) {
    for (let i = 0; i < n; i++) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      ctx.progress(i / n);
      await new Promise((r) => setTimeout(r, 1));
    }
    return { counted: n };
  },
};

async function settle(runner: JobRunner, id: string, actor: Actor) {
  for (let i = 0; i < 500; i++) {
    const j = await runner.get(id, actor);
    if (j.status !== 'queued' && j.status !== 'running') return j;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('job did not settle');
}

describe('JobRunner', () => {
  it('runs, reports the result, hides it from roles that cannot run the kind, and expires it', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const store = openSqliteStore({ path: ':memory:' });
    const runner = new JobRunner({ store, kinds: [counter as unknown as JobKind<never>], concurrency: 1, ttlMs: 60_000, clock: () => now });
    const job = await runner.submit({ kind: 'count', input: { n: 3 } }, officer);
    expect(job.status).toBe('queued');
    const done = await settle(runner, job.id, officer);
    expect(done).toMatchObject({ status: 'succeeded', progress: 1, result: { counted: 3 }, expiresAt: '2026-01-01T00:01:00.000Z' });
    await expect(runner.get(job.id, commissioner)).rejects.toMatchObject({ status: 404 });
    now = new Date('2026-01-01T00:01:01Z');
    await expect(runner.get(job.id, officer)).rejects.toMatchObject({ status: 404 });
    expect(await runner.sweep()).toBe(1);
    await runner.drain(100);
    await store.close();
  });

  it('validates input before any work and refuses a role that may not run the kind', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    const runner = new JobRunner({ store, kinds: [counter as unknown as JobKind<never>], concurrency: 1, ttlMs: 1000 });
    await expect(runner.submit({ kind: 'count', input: { n: 0 } }, officer)).rejects.toMatchObject({ status: 400, problems: [{ path: ['input', 'n'] }] });
    await expect(runner.submit({ kind: 'count', input: { n: 1 } }, commissioner)).rejects.toMatchObject({ status: 403 });
    await expect(runner.submit({ kind: 'nope', input: {} }, officer)).rejects.toMatchObject({ status: 400, problems: [{ path: ['kind'] }] });
    expect(() => runner.register(counter)).toThrow(/already registered/);
    await runner.drain(100);
    await expect(runner.submit({ kind: 'count', input: { n: 1 } }, officer)).rejects.toMatchObject({ status: 503 });
    await store.close();
  });

  it('writes progress at most every 250 ms but never loses the latest step: a held-back report is written when the interval ends', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const steps: JobKind<{ n: number }> = {
      ...counter,
      kind: 'steps',
      async run(_input, ctx) {
        ctx.progress(0.05, 'building');
        ctx.progress(0.1, 'optimising');
        await gate; // a long computation elsewhere (a job worker), with no further report
        return { done: true };
      },
    };
    const store = openSqliteStore({ path: ':memory:' });
    const runner = new JobRunner({ store, kinds: [steps as unknown as JobKind<never>], concurrency: 1, ttlMs: 60_000 });
    const job = await runner.submit({ kind: 'steps', input: { n: 1 } }, officer);
    let seen = await runner.get(job.id, officer);
    for (let i = 0; i < 200 && seen.message !== 'optimising'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      seen = await runner.get(job.id, officer);
    }
    expect(seen).toMatchObject({ status: 'running', progress: 0.1, message: 'optimising' });
    release();
    expect(await settle(runner, job.id, officer)).toMatchObject({ status: 'succeeded', progress: 1, result: { done: true } });
    await runner.drain(100);
    await store.close();
  });
});
