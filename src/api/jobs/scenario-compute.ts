import type { Geography } from '../../../geo/types.js';
import { WEST_MIDLANDS_CODES } from '../../demo/dfe.js';
import type { DemoData, GenerateDemoOptions } from '../../demo/generate.js';
import { ValidationError, type Child, type Home } from '../../domain/index.js';
import type { ScenarioReport } from '../../simulate/report.js';
import { runScenario } from '../../simulate/run.js';
import type { Scenario, ScenarioRequest } from '../../simulate/scenario.js';
import type { ComputeProgress } from './rematch-compute.js';
import { resolveRegistryBaseline, unknownReferenceProblems, type ScenarioSources } from './scenario-baseline.js';

/**
 * What a `registry` baseline needs from the live store, read on the service's main thread (the store lives
 * there) and passed to the computation as plain, structured-cloneable data.
 */
export interface RegistrySnapshotData {
  readonly version: string;
  readonly homes: readonly Home[];
  /** The store's children for the baseline's authorities, or null (a seeded demo cohort is then seated). */
  readonly cohort: readonly Child[] | null;
}

/**
 * Read the live data a `registry` baseline needs (registry homes and the store's cohort, if any).
 *
 * @example
 * const data = await readRegistrySnapshot(input.baseline, sources); // on the main thread
 */
export async function readRegistrySnapshot(baseline: Extract<ScenarioRequest['baseline'], { kind: 'registry' }>, sources: ScenarioSources): Promise<RegistrySnapshotData> {
  const { version, homes } = await sources.registryHomes();
  const cohort = (await sources.cohort?.(baseline.authorities ?? [...WEST_MIDLANDS_CODES])) ?? null;
  return { version, homes: [...homes], cohort: cohort ? [...cohort] : null };
}

/** Options of {@link computeScenario}. */
export interface ComputeScenarioOptions {
  readonly geo: Geography;
  /** The registry data for a `registry` baseline (required for one). */
  readonly registry?: RegistrySnapshotData | undefined;
  /** Monte Carlo worker threads (0 = this thread). */
  readonly workers: number;
  readonly generateDemo?: ((opts: GenerateDemoOptions) => DemoData) | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly progress?: ComputeProgress;
}

const PHASES = ['prepare', 'static', 'dynamic', 'calibration', 'done'] as const;

/**
 * The CPU work of a `scenario` job: resolve a `registry` baseline from the given snapshot (seating a demo
 * cohort in it when the store has none), check the changes against the homes actually used, run the
 * simulation (src/simulate), and say where the baseline came from. Runs in the job worker by default, or
 * on the calling thread; both give the same report.
 *
 * @throws ValidationError naming every change that refers to a home or provider the registry no longer has.
 * @example
 * const report = await computeScenario(request, { geo, workers: 0, registry: await readRegistrySnapshot(request.baseline, sources) });
 */
export async function computeScenario(input: ScenarioRequest, opts: ComputeScenarioOptions): Promise<ScenarioReport | (ScenarioReport & { meta: ScenarioReport['meta'] & { baselineSource: Record<string, unknown> } })> {
  const progress = opts.progress ?? (() => undefined);
  let scenario: Scenario;
  let note = '';
  let source: Record<string, unknown> | undefined;
  if (input.baseline.kind === 'registry') {
    const reg = opts.registry;
    if (!reg) throw new ValidationError('computeScenario: no live registry', [{ path: ['baseline', 'kind'], code: 'invalid_value', message: 'computeScenario: this service has no live registry' }]);
    progress(0, 'Building the cohort on the live registry');
    const sources: ScenarioSources = { registryHomes: async () => ({ version: reg.version, homes: reg.homes }), cohort: async () => reg.cohort };
    const resolved = await resolveRegistryBaseline(input.baseline, sources, { geo: opts.geo, asOf: input.settings.asOf, ...(opts.generateDemo ? { generateDemo: opts.generateDemo } : {}) });
    // The registry may have moved since submission: check again against the homes actually used.
    const problems = unknownReferenceProblems(input, resolved.baseline.homes, [], `the registry (version ${resolved.registryVersion})`);
    if (problems.length) throw new ValidationError(`computeScenario: ${problems.length} change(s) name homes the registry no longer has`, problems);
    if (opts.signal?.aborted) throw opts.signal.reason;
    note = `registry ${resolved.registryVersion}: ${resolved.baseline.homes.length} open homes, ${resolved.baseline.children.length} children (${resolved.cohortSource})`;
    scenario = { ...input, baseline: resolved.baseline };
    source = { kind: 'registry', registryVersion: resolved.registryVersion, cohort: resolved.cohortSource, seated: resolved.seated, waiting: resolved.unseated };
  } else {
    scenario = { ...input, baseline: input.baseline };
  }
  const report = await runScenario(scenario, { geo: opts.geo, workers: opts.workers }, {
    ...(opts.signal ? { signal: opts.signal } : {}),
    onProgress: (p) => {
      const i = PHASES.indexOf(p.phase);
      const within = p.total > 0 ? p.done / p.total : 1;
      progress(Math.min(1, (i + within) / (PHASES.length - 1)), note && p.phase === 'prepare' ? `${p.message} (${note})` : p.message);
    },
  });
  // Say where the baseline came from: the report's own `meta.baseline` is what the simulation saw ("explicit").
  return source ? { ...report, meta: { ...report.meta, baselineSource: source } } : report;
}
