import { describe, expect, it } from 'vitest';
import { defaultGeography } from '../geo/geography.js';
import { runMonteCarlo, workerCount, workerScript } from '../src/simulate/pool.js';
import { prepareScenario } from '../src/simulate/prepare.js';

const geo = defaultGeography();

describe('Monte Carlo across worker threads', () => {
  it('gives run for run the same results as the calling thread (the compiled worker from dist/)', async () => {
    expect(workerScript()).toMatch(/dist\/src\/simulate\/worker\.js$/);
    const prepared = prepareScenario(
      {
        baseline: { kind: 'demo', authorities: ['E08000026'], children: 60, seed: 4 },
        changes: [{ kind: 'open_homes', type: 'council_foster', count: 2, places: 2, districts: ['CV6'] }],
        settings: { runs: 6, seed: 9 },
      },
      { geo },
    );
    const progress: number[] = [];
    // one run per task, so the price-of-urgency tasks of runs 0-2 are queued separately and overtake runs
    const threads = await runMonteCarlo(prepared, { runs: 6, workers: 2, urgencyRuns: 3, traceLimit: 5, geo, onRun: (d) => progress.push(d) });
    const local = await runMonteCarlo(prepared, { runs: 6, workers: 0, urgencyRuns: 3, traceLimit: 5, geo });
    expect(threads.mode).toBe('threads');
    expect(local.mode).toBe('in-thread');
    const strip = (r: (typeof local.results)[number]) => ({ ...r, ms: 0 });
    expect(threads.results.map(strip)).toEqual(local.results.map(strip));
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    for (const r of threads.results.slice(0, 3)) expect(Object.keys(r.scenario).some((k) => k.startsWith('urgency'))).toBe(true);
  });

  it('stays on the calling thread for small jobs and uses every core for big ones', () => {
    expect(workerCount(2, 700, undefined)).toBe(0);
    expect(workerCount(10, 100, undefined)).toBe(0);
    expect(workerCount(200, 700, undefined)).toBeGreaterThanOrEqual(1);
    expect(workerCount(200, 700, 0)).toBe(0);
    expect(workerCount(3, 700, 8)).toBe(3);
  });

  it('stops when aborted', async () => {
    const prepared = prepareScenario({ baseline: { kind: 'demo', authorities: ['E08000026'], children: 40, seed: 4 }, changes: [], settings: { runs: 50 } }, { geo });
    const ac = new AbortController();
    const run = runMonteCarlo(prepared, { runs: 50, workers: 0, urgencyRuns: 0, traceLimit: 0, geo, signal: ac.signal, onRun: (d) => d === 2 && ac.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('stops when aborted on worker threads too', async () => {
    const prepared = prepareScenario({ baseline: { kind: 'demo', authorities: ['E08000026'], children: 40, seed: 4 }, changes: [], settings: { runs: 40 } }, { geo });
    const ac = new AbortController();
    const run = runMonteCarlo(prepared, { runs: 40, workers: 2, urgencyRuns: 2, traceLimit: 0, geo, signal: ac.signal, onRun: (d) => d === 3 && ac.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});
