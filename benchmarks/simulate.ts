/**
 * Simulation benchmarks (issue 5): a one-year dynamic run for a 700-child authority (Coventry demo) with
 * 200 Monte Carlo runs (target under 10 s), and for a 10,000-child region (the West Midlands demo) with 50
 * runs (target under 60 s). Each run simulates both worlds (baseline and scenario) over the same arrivals.
 * Times the Monte Carlo phase (what the targets are about) alone, and again as the CLI runs it by default
 * (with the price-of-urgency optimum on its default sample of runs), reporting wall time, CPU time of every
 * thread and the load average around each measurement; preparation (demo generation, validation) apart.
 * The machine is shared: CPU time / workers is what a quiet machine would take.
 *
 * Run: `npm run bench` (the runner calls runSimulateBenchmarks), or after a build:
 * `node dist/benchmarks/simulate.js [authority-700] [region-10000] [--runs=N] [--repeat=N] [--workers=N] [--no-urgency]`.
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

/** Options: which cases, how many runs (for a quick check), threads, repeats, and whether to time the default run. */
export interface SimulateBenchmarkOptions {
  readonly cases?: readonly string[];
  readonly runs?: number;
  readonly workers?: number;
  /** Measurements per case (the median is reported, with every figure). Default 1. */
  readonly repeat?: number;
  /** Also time the case as the CLI runs it: with the default price-of-urgency sample. Default true. */
  readonly withUrgency?: boolean;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const load = (): number[] => loadavg().map((x) => Math.round(x * 10) / 10);

/**
 * Run the simulation benchmarks and return the figures. Each case is timed twice over: the Monte Carlo runs
 * alone (`urgencyRuns: 0`, what the targets were first measured on) and as the CLI runs it by default, with
 * the price-of-urgency optimum on its default sample of runs (a re-match of a year's entrants per world).
 *
 * @example
 * const figures = await runSimulateBenchmarks({ cases: ['authority-700'], repeat: 3 });
 * figures['authority-700']; // { monteCarloMs, monteCarloCpuMs, withinTarget, withUrgency: { ... }, ... }
 */
export async function runSimulateBenchmarks(opts: SimulateBenchmarkOptions = {}): Promise<Record<string, unknown>> {
  const geo = defaultGeography();
  const out: Record<string, unknown> = { cores: availableParallelism(), loadAverageAtStart: load() };
  const repeat = Math.max(1, opts.repeat ?? 1);
  for (const c of CASES) {
    if (opts.cases && !opts.cases.includes(c.name)) continue;
    const runs = opts.runs ?? c.runs;
    const targetMs = (c.targetMs * runs) / c.runs;
    const measure = async (urgencyRuns: number | undefined) => {
      const settings = { model: 'dynamic', runs, seed: 1, traceLimit: 20, ...(urgencyRuns === undefined ? {} : { urgencyRuns }) };
      const loadBefore = load();
      const report = await runScenario({ name: c.name, baseline: c.baseline, changes: CHANGES, settings }, { geo, ...(opts.workers !== undefined ? { workers: opts.workers } : {}) });
      return { report, wallMs: report.meta.timingMs.dynamic ?? Number.NaN, cpuMs: report.meta.timingMs.dynamicCpu ?? Number.NaN, load: [loadBefore, load()] };
    };
    const mcs = [];
    for (let k = 0; k < repeat; k++) mcs.push(await measure(0));
    const report = (mcs[0] as Awaited<ReturnType<typeof measure>>).report;
    const mc = median(mcs.map((m) => m.wallMs));
    const cpu = median(mcs.map((m) => m.cpuMs));
    const dyn = report.dynamic;
    const workers = Math.max(1, dyn?.workers ?? 1);
    const placements = (dyn?.baseline['placements.children']?.mean ?? 0) + (dyn?.scenario['placements.children']?.mean ?? 0);
    const figures: Record<string, unknown> = {
      cohort: report.meta.cohort,
      homes: report.meta.homes.baseline,
      runs,
      workers: dyn?.workers,
      mode: dyn?.mode,
      prepareMs: Math.round(report.meta.timingMs.prepare ?? 0),
      // Medians over the repeats; every repeat's wall and CPU time, and the load average before and after it.
      monteCarloMs: Math.round(mc),
      // CPU time of all threads in the Monte Carlo phase, and what it would take spread over the workers on
      // an otherwise idle machine (this one is shared: wall time includes waiting for other processes).
      monteCarloCpuMs: Math.round(cpu),
      idleEstimateMs: Math.round(cpu / workers),
      repeats: mcs.map((m) => ({ wallMs: Math.round(m.wallMs), cpuMs: Math.round(m.cpuMs), load: m.load })),
      msPerRun: Math.round((mc / runs) * 10) / 10,
      cpuMsPerRun: Math.round((cpu / runs) * 10) / 10,
      placementsPerRun: Math.round(placements),
      placementsPerSecond: Math.round((placements * runs) / (mc / 1000)),
      targetMs,
      ratioToTarget: Math.round((mc / targetMs) * 100) / 100,
      withinTarget: mc < targetMs,
      idleEstimateWithinTarget: cpu / workers < targetMs,
      childrenPerYear: Math.round(dyn?.childrenPerYear ?? 0),
    };
    if (opts.withUrgency ?? true) {
      // As the CLI runs it: the default price-of-urgency sample (about 5,000 children's worth of runs).
      const us = [];
      for (let k = 0; k < repeat; k++) us.push(await measure(undefined));
      const uw = median(us.map((m) => m.wallMs));
      const uc = median(us.map((m) => m.cpuMs));
      const urgencyRuns = (us[0] as Awaited<ReturnType<typeof measure>>).report.dynamic?.priceOfUrgency?.runs ?? 0;
      figures.withUrgency = {
        urgencyRuns,
        monteCarloMs: Math.round(uw),
        monteCarloCpuMs: Math.round(uc),
        idleEstimateMs: Math.round(uc / workers),
        repeats: us.map((m) => ({ wallMs: Math.round(m.wallMs), cpuMs: Math.round(m.cpuMs), load: m.load })),
        // What the urgency sample adds, per run that computes it (both worlds), CPU.
        urgencyCpuMsPerRun: urgencyRuns ? Math.round((uc - cpu) / urgencyRuns) : null,
        withinTarget: uw < targetMs,
        idleEstimateWithinTarget: uc / workers < targetMs,
      };
    }
    figures.loadAverageAtEnd = load();
    out[c.name] = figures;
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const cases = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const runsArg = arg('runs');
  const repeatArg = arg('repeat');
  const workersArg = arg('workers');
  runSimulateBenchmarks({
    ...(cases.length ? { cases } : {}),
    ...(runsArg ? { runs: Number(runsArg) } : {}),
    ...(repeatArg ? { repeat: Number(repeatArg) } : {}),
    ...(workersArg ? { workers: Number(workersArg) } : {}),
    withUrgency: !process.argv.includes('--no-urgency'),
  }).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
