import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { z } from 'zod';
import type { Geography } from '../../../geo/types.js';
import type { DemoData, GenerateDemoOptions } from '../../demo/generate.js';
import { ValidationError } from '../../domain/index.js';
import { ScenarioRequestSchema, type ScenarioRequest } from '../../simulate/scenario.js';
import type { JobExecutor } from '../../workers/job-pool.js';
import { requireChildAuthority } from '../auth/permissions.js';
import type { JobKind } from './job-runner.js';
import { unknownReferenceProblems, type ScenarioSources } from './scenario-baseline.js';
import { computeScenario, readRegistrySnapshot, type RegistrySnapshotData } from './scenario-compute.js';

/** Extra dependencies of the scenario job (tests inject a small generator). */
export interface ScenarioKindOptions {
  /** Inline runs only (a function cannot be sent to a worker): the demo generator for a registry baseline. */
  readonly generateDemo?: (opts: GenerateDemoOptions) => DemoData;
  /** The job worker pool (src/workers/job-pool.ts); undefined runs the work on this thread (tests, tools). */
  readonly executor?: JobExecutor | undefined;
}

/**
 * `scenario`: a commissioner's what-if (open, lose or re-price homes), run by src/simulate: the static
 * re-match with and without the change and a Monte Carlo year, compared with intervals, child by child.
 * Submitted as `POST /v1/scenarios` (or `POST /v1/jobs {kind: "scenario"}`); 202 with the job; progress is
 * the simulation's phases; the result is the scenario report.
 *
 * The baseline may be `{ kind: "registry" }`: today's live homes (from `sources`), resolved into an explicit
 * baseline here before the simulation runs, so the simulation stays pure. At submission the schema is
 * checked, and so is every provider or home a change removes against the baseline's market (the explicit
 * homes, or the last registry the service built): an unknown one is a 400 naming `input.changes[i].providerId`
 * before any work. The remaining geographic checks (unknown districts) fail the job with a validation error
 * naming the field. With an `executor` (the service default) the registry is read here (the store is on this
 * thread) and everything else (seating the cohort, the static optimum, the Monte Carlo runs) runs in one job
 * worker, with the Monte Carlo runs inline in it (workers: 0, no nested pool); DELETE terminates the worker's
 * task. Inline (no executor) the Monte Carlo runs stay on the job's thread (workers: 0) unless the scenario
 * asks for threads, so one job cannot take every core from interactive matching.
 *
 * @example
 * // POST /v1/scenarios { "baseline": { "kind": "registry", "authorities": ["E08000026"] },
 * //                      "changes": [{ "kind": "remove_homes", "providerId": "P-0007" }], "settings": { "runs": 20 } }
 * scenarioKind(geo, storeScenarioSources(store, registry));
 */
export function scenarioKind(geo: Geography, sources?: ScenarioSources, opts: ScenarioKindOptions = {}): JobKind<ScenarioRequest> {
  return {
    kind: 'scenario',
    description: "A commissioner's scenario: what opening, losing or re-pricing homes does, child by child (issue 5).",
    input: ScenarioRequestSchema.meta({ id: 'ScenarioInput' }) as unknown as z.ZodType<ScenarioRequest>,
    roles: ['commissioner'],
    authorize(input, actor) {
      const b = input.baseline;
      if (b.kind === 'explicit') {
        b.children.forEach((c, i) => requireChildAuthority(actor, c.placingAuthority, `input.baseline.children[${i}].placingAuthority`));
        const problems = unknownReferenceProblems(input, b.homes, ['input']);
        if (problems.length) throw new ValidationError(`submitJob(scenario): ${problems.length} change(s) name homes the baseline does not have`, problems);
      }
      if (b.kind === 'registry') {
        if (!sources) {
          const message = 'submitJob(scenario): this service has no live registry to resolve a "registry" baseline; use "demo" or "explicit"';
          throw new ValidationError(message, [{ path: ['input', 'baseline', 'kind'], code: 'invalid_value', message }]);
        }
        const known = sources.knownRegistry?.();
        if (known) {
          const problems = unknownReferenceProblems(input, known.homes, ['input'], `the registry (version ${known.version})`);
          if (problems.length) throw new ValidationError(`submitJob(scenario): ${problems.length} change(s) name homes the registry does not have`, problems);
        }
      }
    },
    async run(input, ctx) {
      let registry: RegistrySnapshotData | undefined;
      if (input.baseline.kind === 'registry') {
        if (!sources) throw new ValidationError('scenarioKind: no live registry', [{ path: ['baseline', 'kind'], code: 'invalid_value', message: 'scenarioKind: this service has no live registry' }]);
        ctx.progress(0, 'Reading the live registry');
        await yieldToEventLoop();
        // The store lives on this thread: read the registry here, then build the cohort on it in the worker.
        registry = await readRegistrySnapshot(input.baseline, sources);
        if (ctx.signal.aborted) throw ctx.signal.reason;
      }
      if (opts.executor) return opts.executor.run({ kind: 'scenario', input, registry }, { signal: ctx.signal, onProgress: ctx.progress });
      await yieldToEventLoop();
      return computeScenario(input, { geo, registry, workers: input.settings.workers ?? 0, generateDemo: opts.generateDemo, signal: ctx.signal, progress: ctx.progress });
    },
  };
}
