/**
 * Reference MIP model of the problem solved by javascript-lp-solver (a general branch-and-bound over a
 * dense simplex tableau): the independent check the tests compare the solver against on small instances,
 * and the baseline of the benchmark. Its answers are NOT trusted blindly: this module reads every
 * variable back, checks it is integral, checks the capacity and once-only constraints itself, and
 * recomputes the objective from the rounded solution. A solution marked feasible but fractional (which
 * javascript-lp-solver returns after a timeout) is reported as `fractional`, never as an optimum.
 */
import lpModule from 'javascript-lp-solver';
import type { Model } from 'javascript-lp-solver';
import type { Problem } from './problem.js';

interface LpSolverApi {
  Solve(model: Model): unknown;
}
// The package's types describe a CommonJS default while Node's ESM entry exports the solver itself as
// default: accept both shapes.
const lpSolver: LpSolverApi =
  'Solve' in (lpModule as object)
    ? (lpModule as unknown as LpSolverApi)
    : (lpModule as unknown as { default: LpSolverApi }).default;

/** Outcome of the reference MIP. Only `integral` carries a usable objective. */
export type LpReferenceResult =
  | { readonly status: 'integral'; readonly objective: number; readonly assignment: readonly (string | null)[]; readonly ms: number }
  | { readonly status: 'fractional'; readonly reportedObjective: number; readonly ms: number; readonly worstFraction: number }
  | { readonly status: 'infeasible'; readonly ms: number }
  | { readonly status: 'invalid'; readonly reason: string; readonly ms: number };

/**
 * Builds the javascript-lp-solver model: an integer x >= 0 per (unit, candidate), "at most once" (or
 * exactly once when compulsory) per unit, capacity per target. Variable and constraint names use indices.
 *
 * The variables are declared `ints`, not `binaries`: javascript-lp-solver turns every binary into an extra
 * `x <= 1` row of its dense tableau (100,000 extra rows at 5,000 children x 20 candidates, a ~1e10-cell
 * allocation that throws RangeError), while the unit's once-only row (sum of its x <= 1, every x >= 0,
 * every coefficient 1) already bounds each x by 1, so integer x here are exactly the binary ones. The
 * answer is still checked to be 0/1 and feasible by `lpReference`, never trusted.
 *
 * @example
 * const model = lpReferenceModel(problem); // { optimize: 'value', opType: 'max', constraints, variables, ints }
 */
export function lpReferenceModel(problem: Problem, timeoutMs?: number): Model {
  const constraints: Model['constraints'] = {};
  const variables: Model['variables'] = {};
  const ints: Record<string, 1> = {};
  problem.targets.forEach((t, j) => {
    constraints[`t${j}`] = { max: t.capacity };
  });
  const tIndex = new Map(problem.targets.map((t, j) => [t.id, j] as const));
  problem.units.forEach((u, i) => {
    constraints[`u${i}`] = u.mustAssign ? { equal: 1 } : { max: 1 };
    u.candidates.forEach((c, k) => {
      const name = `x${i}_${k}`;
      const size = c.size ?? u.size;
      // a zero coefficient must be left out: javascript-lp-solver 1.0.3 reports a model infeasible when a
      // variable carries an explicit 0 on a constraint (found by the property tests)
      variables[name] = size === 0 ? { value: c.value, [`u${i}`]: 1 } : { value: c.value, [`u${i}`]: 1, [`t${tIndex.get(c.target)!}`]: size };
      ints[name] = 1;
    });
  });
  return {
    optimize: 'value',
    opType: problem.sense,
    constraints,
    variables,
    ints,
    ...(timeoutMs !== undefined ? { options: { timeout: timeoutMs } } : {}),
  };
}

/**
 * Solves the reference MIP and checks the answer independently.
 *
 * @example
 * const ref = lpReference(problem);
 * if (ref.status === 'integral') expect(solve(problem).objective).toBeCloseTo(ref.objective);
 */
export function lpReference(problem: Problem, timeoutMs?: number): LpReferenceResult {
  const started = performance.now();
  const model = lpReferenceModel(problem, timeoutMs);
  const raw = lpSolver.Solve(model) as Record<string, unknown>;
  const ms = performance.now() - started;
  if (raw['feasible'] !== true) return { status: 'infeasible', ms };
  const assignment: (string | null)[] = problem.units.map(() => null);
  const load = new Map<string, number>();
  let objective = 0;
  let worstFraction = 0;
  for (let i = 0; i < problem.units.length; i++) {
    const u = problem.units[i]!;
    let taken = 0;
    for (let k = 0; k < u.candidates.length; k++) {
      const xv = raw[`x${i}_${k}`];
      const x = typeof xv === 'number' ? xv : 0;
      const r = Math.round(x);
      worstFraction = Math.max(worstFraction, Math.abs(x - r));
      if (r !== 0 && r !== 1) return { status: 'invalid', reason: `lpReference: x${i}_${k} = ${x} is not binary`, ms };
      if (r === 1) {
        const c = u.candidates[k]!;
        taken++;
        assignment[i] = c.target;
        objective += c.value;
        load.set(c.target, (load.get(c.target) ?? 0) + (c.size ?? u.size));
      }
    }
    if (taken > 1 || (u.mustAssign && taken === 0 && worstFraction <= 1e-6)) {
      return { status: 'invalid', reason: `lpReference: unit "${u.id}" taken ${taken} times`, ms };
    }
  }
  if (worstFraction > 1e-6) {
    return { status: 'fractional', reportedObjective: Number(raw['result']), ms, worstFraction };
  }
  for (const t of problem.targets) {
    if ((load.get(t.id) ?? 0) > t.capacity) {
      return { status: 'invalid', reason: `lpReference: target "${t.id}" over capacity`, ms };
    }
  }
  return { status: 'integral', objective, assignment, ms };
}
