import { defaultGeography } from '../../geo/geography.js';
import type { Geography } from '../../geo/types.js';
import { calibrate, type CalibrationReport } from '../demo/calibration.js';
import type { DemoData, GenerateDemoOptions } from '../demo/generate.js';
import { HomefinderError } from '../domain/index.js';
import { rematch } from '../rematch/rematch.js';
import { runMonteCarlo } from './pool.js';
import { prepareScenario, type PreparedScenario } from './prepare.js';
import { assembleReport, type ScenarioReport } from './report.js';
import { runStatic, type RematchFn } from './static.js';
import { traceChildren } from './trace.js';
import { upliftFactor } from './changes.js';
import { buildWorld, worldChild } from './world.js';

/**
 * Run a scenario end to end: validate and prepare (every problem reported before any work), the static model
 * (optimal re-match with and without the change), the dynamic model (Monte Carlo over a year, across worker
 * threads), the price of urgency, calibration against the DfE figures, and the report. The one entry point
 * for the CLI (`homefinder simulate`) and the service job (`POST /v1/scenarios`).
 */

/** What a scenario run needs from outside (all optional; defaults are the real ones). */
export interface ScenarioDeps {
  readonly geo?: Geography;
  readonly rematch?: RematchFn;
  readonly generateDemo?: (opts: GenerateDemoOptions) => DemoData;
  /** Worker threads for the Monte Carlo runs (overrides the scenario's setting; 0 = calling thread). */
  readonly workers?: number;
}

/** Progress of a scenario run. */
export interface ScenarioProgress {
  readonly phase: 'prepare' | 'static' | 'dynamic' | 'calibration' | 'done';
  /** Work done and total in this phase (runs, for the dynamic phase). */
  readonly done: number;
  readonly total: number;
  readonly message: string;
}

/** Options for {@link runScenario}. */
export interface RunScenarioOptions {
  readonly onProgress?: (p: ScenarioProgress) => void;
  readonly signal?: AbortSignal;
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    const e = new Error('runScenario: aborted');
    e.name = 'AbortError';
    throw e;
  }
}

/**
 * Calibration of the baseline (today's placements) against the DfE figures for each placing authority.
 * Null when no authority has published figures.
 *
 * @example
 * baselineCalibration(prepared)?.authorities[0]?.inside.errorPts;
 */
export function baselineCalibration(prepared: PreparedScenario): CalibrationReport | null {
  try {
    const report = calibrate({ children: prepared.allChildren, homes: prepared.baselineHomes, meta: { otherPlacements: prepared.otherPlacements } });
    return report.authorities.length > 0 ? report : null;
  } catch (e) {
    if (e instanceof HomefinderError) return null;
    throw e;
  }
}

/**
 * Run a scenario and return its report.
 *
 * @throws ValidationError listing every problem in the scenario (before any work); AbortError when aborted.
 * @example
 * const report = await runScenario(JSON.parse(text), {}, { onProgress: (p) => console.log(p.phase, p.done, p.total) });
 * report.dynamic?.difference['placements.share.within20Miles']?.mean;
 */
export async function runScenario(scenario: unknown, deps: ScenarioDeps = {}, opts: RunScenarioOptions = {}): Promise<ScenarioReport> {
  const timing: Record<string, number> = {};
  const t0 = performance.now();
  const progress = opts.onProgress ?? (() => undefined);
  const geo = deps.geo ?? defaultGeography();
  const rematchFn: RematchFn = deps.rematch ?? ((c, g, o) => rematch(c, g, o));
  progress({ phase: 'prepare', done: 0, total: 1, message: 'Validating the scenario and building the baseline' });
  const prepared = prepareScenario(scenario, { geo, ...(deps.generateDemo ? { generateDemo: deps.generateDemo } : {}) });
  const s = prepared.scenario.settings;
  timing.prepare = performance.now() - t0;
  checkAbort(opts.signal);

  let staticRuns = null;
  if (s.model !== 'dynamic') {
    const t = performance.now();
    progress({ phase: 'static', done: 0, total: 2, message: 'Re-matching the cohort optimally (baseline)' });
    const cohort = prepared.cohort.map((c) => worldChild(c, prepared.asOf, prepared.policy, geo));
    const baselineWorld = buildWorld(prepared.baselineHomes, { label: 'baseline', asOf: prepared.asOf, policy: prepared.policy, geo, cohort });
    const scenarioWorld = buildWorld(prepared.scenarioHomes, {
      label: 'scenario',
      asOf: prepared.asOf,
      policy: prepared.policy,
      geo,
      cohort,
      priceFactor: new Map(prepared.priceFactor),
    uplift: { factor: (h) => upliftFactor(prepared.uplifts, h), affectsMatching: prepared.scenario.settings.upliftAffectsMatching },
      closedHomeIds: new Set(prepared.closedHomes.map((h) => h.id)),
    });
    const common = { rematch: rematchFn, policy: s.policy, fairnessMinGroup: s.fairnessMinGroup };
    const baseline = runStatic(baselineWorld, { ...common, closedHomes: [] });
    checkAbort(opts.signal);
    progress({ phase: 'static', done: 1, total: 2, message: 'Re-matching the cohort optimally (scenario)' });
    const scen = runStatic(scenarioWorld, { ...common, closedHomes: prepared.closedHomes });
    const { traces, summary } = traceChildren(baseline.outcomes, scen.outcomes, s.traceLimit, {
      closedHomeIds: new Set(prepared.closedHomes.map((h) => h.id)),
      moved: new Set(scen.moved),
    });
    staticRuns = { baseline, scenario: scen, traces, trace: summary };
    progress({ phase: 'static', done: 2, total: 2, message: 'Static model done' });
    timing.static = performance.now() - t;
    checkAbort(opts.signal);
  }

  let dynamic = null;
  if (s.model !== 'static') {
    const t = performance.now();
    const cpu = process.cpuUsage();
    progress({ phase: 'dynamic', done: 0, total: s.runs, message: `Monte Carlo: ${s.runs} runs of ${s.horizonDays} days` });
    const mc = await runMonteCarlo(prepared, {
      runs: s.runs,
      workers: deps.workers ?? s.workers,
      urgencyRuns: prepared.urgencyRuns,
      traceLimit: s.traceLimit,
      geo,
      rematch: rematchFn,
      onRun: (done, total) => progress({ phase: 'dynamic', done, total, message: `Monte Carlo run ${done} of ${total}` }),
      signal: opts.signal,
    });
    dynamic = { results: mc.results, workers: mc.workers, mode: mc.mode, childrenPerYear: prepared.childrenPerYear };
    timing.dynamic = performance.now() - t;
    // CPU time of every thread of the process (the workers' included): what the runs cost on a quiet machine.
    const used = process.cpuUsage(cpu);
    timing.dynamicCpu = (used.user + used.system) / 1000;
  }

  progress({ phase: 'calibration', done: 0, total: 1, message: 'Calibrating the baseline against DfE figures' });
  const tc = performance.now();
  const calibration = baselineCalibration(prepared);
  timing.calibration = performance.now() - tc;
  timing.total = performance.now() - t0;
  const report = assembleReport({ prepared, staticRuns, dynamic, urgencyRuns: prepared.urgencyRuns, calibration, timingMs: timing });
  progress({ phase: 'done', done: 1, total: 1, message: 'Report ready' });
  return report;
}
