import { z } from 'zod';
import type { Geography } from '../../../geo/types.js';
import { runScenario } from '../../simulate/run.js';
import { ScenarioSchema } from '../../simulate/scenario.js';
import { requireChildAuthority } from '../auth/permissions.js';
import type { JobKind } from './job-runner.js';

type ScenarioInput = z.infer<typeof ScenarioSchema>;

/**
 * `scenario`: a commissioner's what-if (open, lose or re-price homes), run by src/simulate: the static
 * re-match with and without the change and a Monte Carlo year, compared with intervals, child by child.
 * Submitted as `POST /v1/scenarios` (or `POST /v1/jobs {kind: "scenario"}`); 202 with the job; progress is
 * the simulation's phases; the result is the scenario report. The schema is checked at submission; the
 * geographic checks (unknown districts, providers) fail the job with a validation error naming the field.
 * The Monte Carlo runs stay on the job's thread (workers: 0) unless the scenario asks for threads, so one
 * job cannot take every core from interactive matching.
 *
 * @example
 * // POST /v1/scenarios { "baseline": { "kind": "demo", "authorities": ["E08000026"], "children": 700 },
 * //                      "changes": [{ "kind": "cost_uplift", "percent": 6 }], "settings": { "runs": 20 } }
 */
export function scenarioKind(geo: Geography): JobKind<ScenarioInput> {
  return {
    kind: 'scenario',
    description: "A commissioner's scenario: what opening, losing or re-pricing homes does, child by child (issue 5).",
    input: ScenarioSchema.meta({ id: 'ScenarioInput' }) as unknown as z.ZodType<ScenarioInput>,
    roles: ['commissioner'],
    authorize(input, actor) {
      if (input.baseline.kind === 'explicit') {
        input.baseline.children.forEach((c, i) => requireChildAuthority(actor, c.placingAuthority, `input.baseline.children[${i}].placingAuthority`));
      }
    },
    async run(input, ctx) {
      const phases = ['prepare', 'static', 'dynamic', 'calibration', 'done'] as const;
      return runScenario(input, { geo, workers: input.settings.workers ?? 0 }, {
        signal: ctx.signal,
        onProgress: (p) => {
          const i = phases.indexOf(p.phase);
          const within = p.total > 0 ? p.done / p.total : 1;
          ctx.progress(Math.min(1, (i + within) / (phases.length - 1)), p.message);
        },
      });
    },
  };
}
