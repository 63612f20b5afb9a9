/**
 * Typed errors of the solver. The solver is pure and imports nothing from `src/`, so it has its own tiny
 * hierarchy; edges map `InvalidProblemError` to their validation error (HTTP 400 / CLI exit code).
 */
import type { ProblemIssue } from './problem.js';

/** Base class of every error thrown by `solver/`. */
export class SolverError extends Error {
  override readonly name: string = 'SolverError';
}

/**
 * Thrown by `solve` when the problem fails `validateProblem`; carries every issue with its JSON path.
 *
 * @example
 * try { solve(problem); } catch (e) {
 *   if (e instanceof InvalidProblemError) for (const i of e.issues) console.log(i.path.join('.'), i.message);
 * }
 */
export class InvalidProblemError extends SolverError {
  override readonly name = 'InvalidProblemError';
  constructor(readonly issues: readonly ProblemIssue[]) {
    super(
      issues.length === 1
        ? (issues[0]?.message ?? 'invalid problem')
        : `solve: invalid problem, ${issues.length} issues; first: ${issues[0]?.message ?? ''}`,
    );
  }
}
