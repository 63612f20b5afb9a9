import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { z } from 'zod';
import type { Geography } from '../../../geo/types.js';
import { checkCohort, CohortSchema, DemoCohortSchema } from '../../rematch/cohort.js';
import type { JobExecutor } from '../../workers/job-pool.js';
import { requireChildAuthority } from '../auth/permissions.js';
import type { JobKind } from './job-runner.js';
import { computeRematch, type RematchInput } from './rematch-compute.js';

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

/** How a job kind runs its CPU work: in a job worker (the service default) or, without one, on this thread. */
export interface JobKindOptions {
  /** The job worker pool (src/workers/job-pool.ts); undefined runs the work inline (tests, tools). */
  readonly executor?: JobExecutor | undefined;
}

/**
 * `rematch`: a whole cohort re-optimised at once (src/rematch over the solver). Submitted as
 * `POST /v1/rematch` (or `POST /v1/jobs {kind: "rematch"}`); answers 202 with the job; the result is the
 * re-match report (every child's outcome, status, objective, bound, gap, contributions).
 * Commissioners may re-match only their own authority's children; the demo cohort (synthetic) is open
 * to any commissioner. With an `executor` the work runs in a job worker (the HTTP server keeps answering;
 * DELETE terminates the worker's task); without one it runs on this thread, yielding only between steps.
 *
 * @example
 * runner kinds: [rematchKind(geo, { executor: createJobPool() })]
 * // POST /v1/rematch { "demo": { "seed": 7, "children": 500 } }  -> 202 { id: "J-...", status: "queued" }
 */
export function rematchKind(geo: Geography, opts: JobKindOptions = {}): JobKind<RematchInput> {
  return {
    kind: 'rematch',
    description: 'Re-optimise a whole cohort under capacity, sibling and stability constraints (issue 3).',
    input: RematchInputSchema as unknown as z.ZodType<RematchInput>,
    roles: ['commissioner'],
    authorize(input, actor) {
      if ('children' in input) input.children.forEach((c, i) => requireChildAuthority(actor, c.placingAuthority, `input.children[${i}].placingAuthority`));
    },
    async run(input, ctx) {
      if (opts.executor) {
        ctx.progress(0.01, 'waiting for a job worker');
        return opts.executor.run({ kind: 'rematch', input }, { signal: ctx.signal, onProgress: ctx.progress });
      }
      await yieldToEventLoop();
      if (ctx.signal.aborted) throw ctx.signal.reason;
      return computeRematch(input, geo, ctx.progress);
    },
  };
}
