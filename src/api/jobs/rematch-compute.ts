import type { Geography } from '../../../geo/types.js';
import type { Cohort, DemoCohort } from '../../rematch/cohort.js';
import { toCohort } from '../../rematch/demo-cohort.js';
import { rematch } from '../../rematch/rematch.js';
import type { RematchReport } from '../../rematch/report.js';

/** A validated re-match job input: an explicit cohort or a demo request. */
export type RematchInput = Cohort | DemoCohort;

/** Progress callback of a job's computation: fraction 0..1 and a message. */
export type ComputeProgress = (fraction: number, message?: string) => void;

/**
 * The CPU work of a `rematch` job, with no service dependency: build the cohort (generating the demo one)
 * and re-optimise it. Runs in the job worker (src/workers/job-worker.ts) by default, or on the calling
 * thread when the service is configured for inline jobs; both give the same report.
 *
 * @example
 * const report = computeRematch({ demo: { seed: 7, children: 200 }, overrides: [] }, defaultGeography(), (f, m) => console.log(f, m));
 */
export function computeRematch(input: RematchInput, geo: Geography, progress: ComputeProgress = () => undefined): RematchReport {
  progress(0.05, 'building the cohort');
  const cohort = 'children' in input ? input : toCohort({ kind: 'demo', demo: input });
  progress(0.1, `scoring and optimising ${cohort.children.length} children`);
  const report = rematch(cohort, geo);
  progress(1, 'done');
  return report;
}
