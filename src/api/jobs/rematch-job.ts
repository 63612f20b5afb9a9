import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { z } from 'zod';
import type { Geography } from '../../../geo/types.js';
import { checkCohort, CohortSchema, DemoCohortSchema, type Cohort, type DemoCohort } from '../../rematch/cohort.js';
import { toCohort } from '../../rematch/demo-cohort.js';
import { rematch } from '../../rematch/rematch.js';
import { requireChildAuthority } from '../auth/permissions.js';
import type { JobKind } from './job-runner.js';

/**
 * The re-match request body: an explicit cohort (children, homes, policy, closures) or `{ demo: ... }`.
 * Cross-reference problems (duplicate ids, dangling current placements or sibling groups) are reported at
 * submission with their paths, like schema problems.
 */
export const RematchInputSchema = z
  .union([CohortSchema, DemoCohortSchema])
  .superRefine((input, ctx) => {
    if ('children' in input) {
      for (const p of checkCohort(input)) ctx.addIssue({ code: 'custom', path: [...p.path], message: p.message });
    }
  })
  .meta({ id: 'RematchInput' });

type RematchInput = Cohort | DemoCohort;

/**
 * `rematch`: a whole cohort re-optimised at once (src/rematch over the solver). Submitted as
 * `POST /v1/rematch` (or `POST /v1/jobs {kind: "rematch"}`); answers 202 with the job; the result is the
 * re-match report (every child's outcome, status, objective, bound, gap, contributions).
 * Commissioners may re-match only their own authority's children; the demo cohort (synthetic) is open
 * to any commissioner.
 *
 * @example
 * runner kinds: [rematchKind(geo)]
 * // POST /v1/rematch { "demo": { "seed": 7, "children": 500 } }  -> 202 { id: "J-...", status: "queued" }
 */
export function rematchKind(geo: Geography): JobKind<RematchInput> {
  return {
    kind: 'rematch',
    description: 'Re-optimise a whole cohort under capacity, sibling and stability constraints (issue 3).',
    input: RematchInputSchema as unknown as z.ZodType<RematchInput>,
    roles: ['commissioner'],
    authorize(input, actor) {
      if ('children' in input) input.children.forEach((c, i) => requireChildAuthority(actor, c.placingAuthority, `input.children[${i}].placingAuthority`));
    },
    async run(input, ctx) {
      ctx.progress(0.05, 'building the cohort');
      await yieldToEventLoop();
      const cohort = 'children' in input ? input : toCohort({ kind: 'demo', demo: input });
      if (ctx.signal.aborted) throw ctx.signal.reason;
      ctx.progress(0.1, `scoring and optimising ${cohort.children.length} children`);
      await yieldToEventLoop();
      const report = rematch(cohort, geo);
      ctx.progress(1, 'done');
      return report;
    },
  };
}
