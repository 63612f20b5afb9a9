import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultGeography } from '../../geo/geography.js';
import { computeRematch } from '../api/jobs/rematch-compute.js';
import { computeScenario } from '../api/jobs/scenario-compute.js';
import { HomefinderError, ValidationError } from '../domain/index.js';
import { ScenarioRequestSchema } from '../simulate/scenario.js';
import { createJobPool, JobWorkerError, type JobExecutor } from './job-pool.js';
import { ensureWorkersBuilt, JOB_WORKER_SOURCES } from './testing/ensure-built.js';
import { withoutTimings } from './testing/job-results.js';
import { compiledWorker } from './worker-path.js';


const geo = defaultGeography();
let pool: JobExecutor;
beforeAll(() => {
  ensureWorkersBuilt(['job-worker', 'testing/faulty-worker'], JOB_WORKER_SOURCES);
  pool = createJobPool({ threads: 1 });
}, 180_000);
afterAll(async () => {
  await pool.destroy();
});

const never = new AbortController().signal;
const smallRematch = { demo: { seed: 5, children: 60 }, overrides: [] } as const;

describe('createJobPool', () => {
  it('runs a re-match in a worker with progress, and the report equals the in-process one', async () => {
    const seen: number[] = [];
    const fromWorker = await pool.run({ kind: 'rematch', input: smallRematch as never }, { signal: never, onProgress: (f) => seen.push(f) });
    const inline = computeRematch(smallRematch as never, geo);
    expect(withoutTimings(fromWorker)).toEqual(withoutTimings(inline));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((f) => f >= 0 && f <= 1)).toBe(true);
  }, 120_000);

  it('runs a scenario (static and a Monte Carlo of 2 runs inline in the worker) exactly as in process', async () => {
    const input = ScenarioRequestSchema.parse({
      baseline: { kind: 'demo', authorities: ['E08000026'], children: 40, seed: 2 },
      changes: [{ kind: 'open_homes', type: 'council_childrens_home', places: 3, districts: ['CV2'] }],
      settings: { runs: 2, horizonDays: 60, seed: 3 },
    });
    const fromWorker = (await pool.run({ kind: 'scenario', input }, { signal: never })) as { dynamic: unknown };
    const inline = await computeScenario(input, { geo, workers: 0 });
    expect(fromWorker.dynamic).not.toBeNull();
    expect(withoutTimings(fromWorker)).toEqual(withoutTimings(inline));
  }, 120_000);

  it('rethrows a typed error raised in the worker with its class and problems', async () => {
    const input = ScenarioRequestSchema.parse({ baseline: { kind: 'registry' }, changes: [] });
    const err = await pool.run({ kind: 'scenario', input }, { signal: never }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).problems).toMatchObject([{ path: ['baseline', 'kind'] }]);
  });

  it('cancelling terminates the running task with the signal reason; the next task runs on a fresh worker', async () => {
    const ac = new AbortController();
    const reason = new HomefinderError('cancelled', 'cancelled on purpose', 409);
    let finished = false;
    // A large demo re-match (seconds): cancelled once the worker has reported that it started.
    const run = pool.run({ kind: 'rematch', input: { demo: { seed: 9, children: 3000 }, overrides: [] } as never }, { signal: ac.signal, onProgress: () => setTimeout(() => ac.abort(reason), 100) });
    void run.then(() => (finished = true), () => undefined);
    await expect(run).rejects.toBe(reason);
    expect(finished).toBe(false);
    const again = await pool.run({ kind: 'rematch', input: smallRematch as never }, { signal: never });
    expect(again).toMatchObject({ status: expect.any(String) });
  }, 120_000);

  it('a worker that exits fails the task with job_worker_crashed; one that overruns its budget with job_timeout', async () => {
    const faulty = compiledWorker('testing/faulty-worker');
    process.env.HF_FAULTY_MODE = 'exit';
    const crashing = createJobPool({ filename: faulty });
    const crash = await crashing.run({ kind: 'rematch', input: smallRematch as never }, { signal: never }).catch((e: unknown) => e);
    expect(crash).toBeInstanceOf(JobWorkerError);
    expect(crash).toMatchObject({ code: 'job_worker_crashed', status: 503 });
    await crashing.destroy();
    process.env.HF_FAULTY_MODE = 'hang';
    const hanging = createJobPool({ filename: faulty, timeoutMs: 200 });
    const late = await hanging.run({ kind: 'rematch', input: smallRematch as never }, { signal: never }).catch((e: unknown) => e);
    expect(late).toMatchObject({ code: 'job_timeout', status: 503 });
    expect((late as Error).message).toContain('200 ms');
    await hanging.destroy();
    delete process.env.HF_FAULTY_MODE;
  }, 60_000);
});
