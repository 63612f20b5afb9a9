import { describe, expect, it } from 'vitest';
import { defaultGeography } from '../../geo/geography.js';
import { createRunContext, runOne, urgencyOne } from './montecarlo.js';
import { runMonteCarlo } from './pool.js';
import { prepareScenario } from './prepare.js';
import { rematch, type RematchOptions } from '../rematch/rematch.js';
import { URGENCY_CANDIDATE_LIMIT } from './urgency.js';

const geo = defaultGeography();
const scenario = {
  baseline: { kind: 'demo', authorities: ['E08000026'], children: 60, seed: 4 },
  changes: [
    { kind: 'open_homes', type: 'council_foster', count: 2, places: 2, districts: ['CV6'] },
    { kind: 'cost_uplift', percent: 6 },
  ],
  settings: { runs: 5, seed: 9 },
};

const urgencyPart = (v: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(v).filter(([k]) => k.startsWith('urgency.')));

describe('urgencyOne (the price of urgency of one run in one world, a task of its own)', () => {
  it('gives exactly what runOne adds to that world with collectUrgency, and leaves the rest alone', () => {
    const prepared = prepareScenario(scenario, { geo });
    const ctx = createRunContext(prepared, geo);
    for (const index of [0, 3]) {
      const full = runOne(ctx, index, { collectUrgency: true, traceLimit: 0 });
      const plain = runOne(ctx, index, { collectUrgency: false, traceLimit: 0 });
      const b = urgencyOne(ctx, index, 'baseline');
      const s = urgencyOne(ctx, index, 'scenario');
      expect(Object.keys(b).length).toBeGreaterThan(10);
      expect(b).toEqual(urgencyPart(full.baseline));
      expect(s).toEqual(urgencyPart(full.scenario));
      // Without the urgency keys, the run is the same run.
      expect({ ...plain.baseline, ...b }).toEqual(full.baseline);
      expect({ ...plain.scenario, ...s }).toEqual(full.scenario);
      // From the inputs a run returns, without simulating the year again: the same vectors.
      const withInputs = runOne(ctx, index, { collectUrgency: false, urgencyInputs: true, traceLimit: 0 });
      expect(withInputs.urgencyInputs).toBeDefined();
      expect(urgencyOne(ctx, index, 'baseline', withInputs.urgencyInputs?.baseline)).toEqual(b);
      expect(urgencyOne(ctx, index, 'scenario', withInputs.urgencyInputs?.scenario)).toEqual(s);
      const { urgencyInputs: _inputs, ...rest } = withInputs;
      expect({ ...rest, ms: 0 }).toEqual({ ...plain, ms: 0 });
    }
  });
});

describe('runMonteCarlo with the urgency optimum as separate tasks', () => {
  it('gives run for run the same results across threads as on the calling thread, progress counting whole runs', async () => {
    const prepared = prepareScenario(scenario, { geo });
    const progress: number[] = [];
    const threads = await runMonteCarlo(prepared, { runs: 5, workers: 2, urgencyRuns: 3, traceLimit: 5, geo, onRun: (d, t) => (expect(t).toBe(5), progress.push(d)) });
    const local = await runMonteCarlo(prepared, { runs: 5, workers: 0, urgencyRuns: 3, traceLimit: 5, geo });
    expect(threads.mode).toBe('threads');
    const strip = (r: (typeof local.results)[number]) => ({ ...r, ms: 0 });
    expect(threads.results.map(strip)).toEqual(local.results.map(strip));
    expect(threads.results.filter((r) => 'urgency.children' in r.baseline).map((r) => r.index)).toEqual([0, 1, 2]);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
  }, 60_000);
});

describe('the urgency optimum over each unit’s best URGENCY_CANDIDATE_LIMIT candidates', () => {
  it('asks the re-match for the limit; on the Coventry benchmark world the lists bind, and the optimum is the one over every candidate', () => {
    const prepared = prepareScenario({ ...scenario, baseline: { kind: 'demo', authorities: ['E08000026'], children: 700, seed: 1 } }, { geo });
    const seen: (RematchOptions | undefined)[] = [];
    const candidates: number[] = [];
    const limited = createRunContext(prepared, geo, (c, g, o) => {
      seen.push(o);
      const r = rematch(c, g, o);
      candidates.push(r.stats.candidates);
      return r;
    });
    const unlimited = createRunContext(prepared, geo, (c, g) => {
      const r = rematch(c, g);
      candidates.push(r.stats.candidates);
      return r;
    });
    const a = urgencyOne(limited, 0, 'scenario');
    const b = urgencyOne(unlimited, 0, 'scenario');
    expect(seen).toEqual([{ candidateLimit: URGENCY_CANDIDATE_LIMIT }]);
    expect(a['urgency.children']).toBeGreaterThan(100);
    // the limit binds: far fewer candidates than every eligible home
    expect(candidates[0]).toBeLessThan((candidates[1] as number) / 2);
    // the same placements, to the last metric; the solver's gap differs only in float rounding
    const { 'urgency.solveGap': ga, ...restA } = a;
    const { 'urgency.solveGap': gb, ...restB } = b;
    expect(restA).toEqual(restB);
    expect(ga).toBeCloseTo(gb as number, 12);
  }, 120_000);
});
