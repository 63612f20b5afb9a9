/**
 * Public API of the solver: a pure, generic capacitated assignment engine (issue 3).
 *
 * @example
 * import { solve, validateProblem } from './solver/index.js';
 * const v = validateProblem(JSON.parse(text));
 * if (!v.ok) for (const i of v.issues) console.error(i.path.join('.'), i.message);
 * else {
 *   const r = solve(v.problem);
 *   if (r.status === 'infeasible') console.error(r.message);
 *   else console.log(r.status, r.objective, r.bound, r.gap, r.assignments);
 * }
 */
export { solve, solveCompiled, type SolveOptions, type CompiledOutcome } from './solve.js';
export { compileProblem, type CompiledProblem } from './compile.js';
export {
  validateProblem,
  ProblemSchema,
  UnitSchema,
  TargetSchema,
  CandidateSchema,
  type Problem,
  type ProblemInput,
  type Unit,
  type Target,
  type Candidate,
  type ProblemIssue,
  type ProblemIssueCode,
  type ProblemValidation,
} from './problem.js';
export {
  relativeGap,
  OPTIMALITY_TOLERANCE,
  type SolveResult,
  type OptimalResult,
  type FeasibleResult,
  type InfeasibleResult,
  type Assignment,
  type Contribution,
  type Unassigned,
  type UnassignedReason,
  type SolveStats,
  type SolveMethod,
} from './result.js';
export { SolverError, InvalidProblemError } from './errors.js';
export { parseAssignment, parseGap } from './or-library.js';
export { randomProblem, mulberry32, type RandomProblemOptions } from './random-problems.js';
