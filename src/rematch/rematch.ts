/**
 * `rematch`: re-optimise a whole cohort at once (issue 3). Validate -> index -> score (match core) ->
 * classify (settled / displaced / new) -> build the assignment model -> optimise (generic solver, with the
 * move budget and sibling splits as Lagrangian side constraints) -> report. Pure: no I/O, no logging; the
 * HTTP and CLI edges call it.
 */
import type { Geography } from '../../geo/types.js';
import { resolvePolicy, type Policy } from '../domain/policy.js';
import type { SolveOptions } from '../../solver/solve.js';
import { buildModel, type RematchModel } from './build-problem.js';
import { classifyChildren } from './classify.js';
import { assertCohort, type Cohort } from './cohort.js';
import { matchScorer } from './match-scorer.js';
import { optimiseModel, type OptimiseOutcome } from './optimise.js';
import { prepareCohort, rematchSettings } from './prepare.js';
import { buildReport, type RematchReport } from './report.js';
import { cachedScorer, type CohortScorer } from './scorer.js';
import type { PreparedCohort } from './prepare.js';

/** Options of `rematch`. */
export interface RematchOptions {
  /**
   * Keep at most this many candidates per unit (best by score minus move penalty; a settled child's
   * current home is always kept). Default: every eligible home.
   */
  readonly candidateLimit?: number;
  /**
   * Score each child only against the homes in the smallest square window around their home location
   * holding at least this many homes, plus their current and connected-person homes (national scale).
   * Default: every home.
   */
  readonly nearestHomes?: number;
  /** Subgradient steps of the priced bound for sibling alternatives (default: 150, fewer on large models). */
  readonly splitIterations?: number;
  /** Passed to the solver (e.g. a branch-and-bound time limit). */
  readonly solver?: SolveOptions;
  /**
   * Replaces the match core (tests, or callers who score elsewhere). Called with the indexed cohort and
   * the resolved policy.
   */
  readonly scorer?: (prep: PreparedCohort, policy: Policy) => CohortScorer;
}

/**
 * Today's date (UTC) as YYYY-MM-DD.
 *
 * @example
 * todayIso(); // '2026-11-22'
 */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Re-match a cohort: for every child the home the optimum assigns (or why none), what changed compared
 * with today's placements, and the solve status, objective, bound, gap and per-pair contributions.
 *
 * @throws ValidationError (every cross-reference problem) before any work.
 * @example
 * const report = rematch(cohort, defaultGeography());
 * console.log(report.status, report.objective, report.gap, report.counts.moved);
 * for (const c of report.children) if (c.change === 'unplaced') console.log(c.childId, c.reason);
 */
export function rematch(cohort: Cohort, geo: Geography, options: RematchOptions = {}): RematchReport {
  const t0 = performance.now();
  const index = assertCohort(cohort);
  const policy = resolvePolicy(cohort.policy);
  const settings = rematchSettings(policy);
  const asOf = cohort.asOf ?? todayIso();
  const prep = prepareCohort(cohort.children, cohort.homes, asOf, cohort.closures, settings, index);
  const inner = options.scorer
    ? options.scorer(prep, policy)
    : matchScorer(prep, geo, policy, cohort.overrides, asOf, options.nearestHomes !== undefined ? { nearestHomes: options.nearestHomes } : {});
  const scorer = cachedScorer(inner);
  const t1 = performance.now();
  const cls = classifyChildren(prep, scorer, settings);
  const t2 = performance.now();
  const build = options.candidateLimit !== undefined ? { candidateLimit: options.candidateLimit } : {};
  const solveOpts = {
    ...(options.solver ? { solver: options.solver } : {}),
    ...(options.splitIterations !== undefined ? { splitIterations: options.splitIterations } : {}),
  };
  const notes: string[] = [];
  let model: RematchModel;
  let outcome: OptimiseOutcome;
  let buildMs = 0;
  let optimiseMs = 0;
  const timed = <T>(f: () => T, add: (ms: number) => void): T => {
    const t = performance.now();
    const v = f();
    add(performance.now() - t);
    return v;
  };
  const addBuild = (ms: number): void => void (buildMs += ms);
  const addOpt = (ms: number): void => void (optimiseMs += ms);
  if (settings.maxMoves === 0) {
    model = timed(() => buildModel(prep, cls, scorer, settings, 'pinned', build), addBuild);
    outcome = timed(() => optimiseModel(prep, model, { maxMoves: null, ...solveOpts }), addOpt);
  } else {
    model = timed(() => buildModel(prep, cls, scorer, settings, 'free', build), addBuild);
    outcome = timed(() => optimiseModel(prep, model, { maxMoves: settings.maxMoves, ...solveOpts }), addOpt);
    if (outcome.status === 'infeasible' && settings.maxMoves !== null) {
      notes.push(...outcome.notes, 'Fell back to keeping every settled child in place (0 moves).');
      model = timed(() => buildModel(prep, cls, scorer, settings, 'pinned', build), addBuild);
      outcome = timed(() => optimiseModel(prep, model, { maxMoves: null, ...solveOpts }), addOpt);
    }
  }
  const t3 = performance.now();
  if (options.nearestHomes !== undefined) {
    notes.push(`Each child was scored against the ${options.nearestHomes} nearest homes (square window), their current home and connected-person homes; other homes were not candidates.`);
  }
  if (options.candidateLimit !== undefined) {
    notes.push(`At most ${options.candidateLimit} candidates per unit (best by score less move penalty; a current home always kept): the optimum and bound are over these lists.`);
  }
  const report = buildReport({
    prep,
    cls,
    settings,
    model,
    outcome,
    policyVersion: policy.version,
    timing: { ms: 0, scoringMs: scorer.ms, solveMs: outcome.solverMs, subjectsScored: scorer.calls },
    notes,
  });
  const t4 = performance.now();
  report.stats.ms = t4 - t0;
  report.stats.phases = { ...report.stats.phases, setupMs: t1 - t0, classifyMs: t2 - t1, buildMs, optimiseMs, reportMs: t4 - t3 };
  return report;
}
