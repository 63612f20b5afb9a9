/**
 * Batch re-matching (issue 3): the cohort model on top of the generic solver.
 *
 * @example
 * import { runRematch } from './rematch/index.js';
 * const report = runRematch(requestBody, defaultGeography()); // POST /v1/rematch
 */
import type { Geography } from '../../geo/types.js';
import { parseCohort } from './cohort.js';
import { toCohort } from './demo-cohort.js';
import { rematch, type RematchOptions } from './rematch.js';
import type { RematchReport } from './report.js';

/**
 * The whole re-match for an untrusted request body (the `POST /v1/rematch` handler calls this): parse and
 * validate (every problem with its path, before any work), generate the demo if asked, optimise, report.
 * Pure apart from CPU: no I/O, no logging.
 *
 * @throws ValidationError listing every problem (paths into the body) — map to 400 problem+json.
 * @example
 * const report = runRematch({ children, homes, policy: { rematch: { maxMoves: 10 } } }, geo);
 */
export function runRematch(body: unknown, geo: Geography, options: RematchOptions = {}): RematchReport {
  return rematch(toCohort(parseCohort(body)), geo, options);
}

export { CohortSchema, DemoCohortSchema, parseCohort, checkCohort, type Cohort, type CohortInput } from './cohort.js';
export { demoCohort, toCohort } from './demo-cohort.js';
export { rematch, type RematchOptions } from './rematch.js';
export { RematchReportSchema, type RematchReport, type ChildOutcome, type RematchContribution } from './report.js';
export { formatRematchTable } from './table.js';
