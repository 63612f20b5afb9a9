/**
 * Simulation benchmarks (issue 5): a one-year dynamic run for a 700-child authority (Coventry demo) with
 * 200 Monte Carlo runs (target under 10 s), and for a 10,000-child region (the West Midlands demo) with 50
 * runs (target under 60 s). Each run simulates both worlds (baseline and scenario) over the same arrivals.
 * Times the Monte Carlo phase (what the targets are about) and reports the preparation (demo generation,
 * validation) and the price-of-urgency optimum separately. One measurement per case (a case is itself
 * hundreds of runs); the machine is shared, so ratios to the target matter more than absolute times.
 *
 * Run: `npm run bench` (the runner calls runSimulateBenchmarks), or after a build:
 * `node dist/benchmarks/simulate.js`.
 */
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { defaultGeography } from '../geo/geography.js';
import { runScenario } from '../src/simulate/run.js';

/** One benchmark case. */
interface Case {
  readonly name: string;
  readonly baseline: Record<string, unknown>;
  readonly runs: number;
  readonly targetMs: number;
}

const CHANGES = [
  { kind: 'open_homes', type: 'council_foster', count: 15, places: 3, maxSiblingGroup: 3, districts: ['CV2', 'CV3', 'CV6'] },
  { kind: 'open_homes', type: 'council_childrens_home', places: 3, districts: ['CV2'] },
  { kind: 'cost_uplift', percent: 6 },
];

const CASES: readonly Case[] = [
  { name: 'authority-700', baseline: { kind: 'demo', authorities: ['E08000026'], children: 700, seed: 1 }, runs: 200, targetMs: 10_000 },
  { name: 'region-10000', baseline: { kind: 'demo', region: 'west_midlands', children: 10_000, seed: 1 }, runs: 50, targetMs: 60_000 },
];

/** Options: which cases, and how many runs (for a quick check). */
export interface SimulateBenchmarkOptions {
  readonly cases?: readonly string[];
  readonly runs?: number;
  readonly workers?: number;
}

/**
 * Run the simulation benchmarks and return the figures.
 *
 * @example
 * const figures = await runSimulateBenchmarks();
 * figures['authority-700']; // { monteCarloMs, targetMs, withinTarget, ... }
 */
export async function runSimulateBenchmarks(opts: SimulateBenchmarkOptions = {}): Promise<Record<string, unknown>> {
  const geo = defaultGeography();
  const out: Record<string, unknown> = { cores: availableParallelism(), loadAverageAtStart: loadavg().map((x) => Math.round(x * 10) / 10) };
  for (const c of CASES) {
    if (opts.cases && !opts.cases.includes(c.name)) continue;
    const runs = opts.runs ?? c.runs;
    const report = await runScenario(
      { name: c.name, baseline: c.baseline, changes: CHANGES, settings: { model: 'dynamic', runs, seed: 1, urgencyRuns: 0, traceLimit: 20 } },
      { geo, ...(opts.workers !== undefined ? { workers: opts.workers } : {}) },
    );
    const mc = report.meta.timingMs.dynamic ?? Number.NaN;
    const dyn = report.dynamic;
    const placements = (dyn?.baseline['placements.children']?.mean ?? 0) + (dyn?.scenario['placements.children']?.mean ?? 0);
    // The price-of-urgency optimum (re-match of a year's entrants, both worlds) on 2 runs, timed apart.
    const urgency = await runScenario(
      { name: `${c.name}-urgency`, baseline: c.baseline, changes: CHANGES, settings: { model: 'dynamic', runs: 2, seed: 1, urgencyRuns: 2, workers: 0 } },
      { geo },
    );
    out[c.name] = {
      cohort: report.meta.cohort,
      homes: report.meta.homes.baseline,
      runs,
      workers: dyn?.workers,
      mode: dyn?.mode,
      prepareMs: Math.round(report.meta.timingMs.prepare ?? 0),
      monteCarloMs: Math.round(mc),
      // CPU time of all threads in the Monte Carlo phase, and what it would take spread over the workers on
      // an otherwise idle machine (this one is shared: wall time includes waiting for other processes).
      monteCarloCpuMs: Math.round(report.meta.timingMs.dynamicCpu ?? Number.NaN),
      idleEstimateMs: Math.round((report.meta.timingMs.dynamicCpu ?? Number.NaN) / Math.max(1, dyn?.workers ?? 1)),
      msPerRun: Math.round((mc / runs) * 10) / 10,
      placementsPerRun: Math.round(placements),
      placementsPerSecond: Math.round((placements * runs) / (mc / 1000)),
      targetMs: (c.targetMs * runs) / c.runs,
      ratioToTarget: Math.round((mc / ((c.targetMs * runs) / c.runs)) * 100) / 100,
      withinTarget: mc < (c.targetMs * runs) / c.runs,
      urgencyOptimumMsPerRun: Math.round(((urgency.meta.timingMs.dynamic ?? 0) / 2) * 10) / 10,
      childrenPerYear: Math.round(dyn?.childrenPerYear ?? 0),
      loadAverageAtEnd: loadavg().map((x) => Math.round(x * 10) / 10),
    };
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const cases = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const runsArg = process.argv.find((a) => a.startsWith('--runs='));
  runSimulateBenchmarks({ ...(cases.length ? { cases } : {}), ...(runsArg ? { runs: Number(runsArg.slice(7)) } : {}) }).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
