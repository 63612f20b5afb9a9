import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { validateProblem } from '../../../solver/problem.js';
import type { SolveResult } from '../../../solver/result.js';
import { solve, type SolveOptions } from '../../../solver/solve.js';
import { CliError, formatPath, readJsonFile } from '../io.js';

/** The output of `npx homefinder solve`: exactly the issue 3 shape (plus `contributions` with --explain). */
export interface SolveOutput {
  status: 'optimal' | 'feasible' | 'infeasible';
  objective: number | null;
  bound: number | null;
  gap: number | null;
  assignments: { unit: string; target: string }[];
  unassigned: string[];
  stats: { ms: number; method: string };
  message?: string;
  contributions?: unknown[];
  unassignedDetail?: unknown[];
}

/**
 * The issue 3 JSON shape of a solve result. An infeasible result has null objective, bound and gap, no
 * assignments, every compulsory unit it could not place under `unassigned`, and a `message`.
 *
 * @example
 * solveOutput(solve(problem)); // { status: 'optimal', objective: 12.5, bound: 12.5, gap: 0, ... }
 */
export function solveOutput(r: SolveResult, explain = false): SolveOutput {
  const stats = { ms: r.stats.ms, method: r.stats.method };
  if (r.status === 'infeasible') {
    return { status: 'infeasible', objective: null, bound: null, gap: null, assignments: [], unassigned: [...r.infeasibleUnits], stats, message: r.message };
  }
  return {
    status: r.status,
    objective: r.objective,
    bound: r.bound,
    gap: r.gap,
    assignments: r.assignments.map((a) => ({ unit: a.unit, target: a.target })),
    unassigned: [...r.unassigned],
    stats,
    ...(explain ? { contributions: [...r.contributions], unassignedDetail: [...r.unassignedDetail] } : {}),
  };
}

/**
 * Read, validate and solve a problem file. Every problem in the file is reported (file, field path,
 * message) before solving.
 *
 * @throws CliError naming the file and each bad field.
 * @example
 * const out = solveFile('problem.json', {});
 */
export function solveFile(file: string, options: SolveOptions = {}, explain = false): SolveOutput {
  const json = readJsonFile(file);
  const v = validateProblem(json);
  if (!v.ok) {
    const lines = v.issues.map((i) => `${file}: ${formatPath(i.path)}: ${i.message}`);
    throw new CliError(`${file}: ${v.issues.length} problem(s)\n${lines.join('\n')}`, v.issues.map((i) => ({ path: i.path, code: i.code, message: i.message })));
  }
  return solveOutput(solve(v.problem, options), explain);
}

function positiveInt(flag: string) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new CliError(`solve: ${flag} must be a positive integer, got "${text}"`);
    return n;
  };
}

/**
 * `homefinder solve problem.json`: the generic capacitated assignment solver on its own (issue 3 JSON in
 * and out). Exit code 1 when the problem is infeasible (the message names the compulsory units), 2 for a
 * bad file.
 *
 * @example
 * // npx homefinder solve problem.json --explain
 * register(program);
 */
export function register(program: Command): void {
  program
    .command('solve')
    .description('Solve a generic capacitated assignment problem (units, targets with capacity, candidates with values)')
    .argument('<problem>', 'problem JSON file: { sense, targets: [{id, capacity}], units: [{id, size, mustAssign, candidates: [{target, value, size?}]}] }')
    .option('--method <method>', 'auto | flow-relaxation-dive | branch-and-bound', 'auto')
    .option('--time-limit <ms>', 'branch-and-bound time limit in ms', positiveInt('--time-limit'))
    .option('--explain', 'also print per-pair contributions and why each unit is unassigned')
    .option('--out <file>', 'write the JSON to a file instead of stdout')
    .action((file: string, o: { method: string; timeLimit?: number; explain?: boolean; out?: string }) => {
      if (o.method !== 'auto' && o.method !== 'flow-relaxation-dive' && o.method !== 'branch-and-bound') {
        throw new CliError(`solve: --method must be auto, flow-relaxation-dive or branch-and-bound, got "${o.method}"`);
      }
      const options: SolveOptions = { method: o.method, ...(o.timeLimit !== undefined ? { timeLimitMs: o.timeLimit } : {}) };
      const out = solveFile(file, options, o.explain ?? false);
      const text = `${JSON.stringify(out, null, 2)}\n`;
      if (o.out) writeFileSync(o.out, text);
      else process.stdout.write(text);
      if (out.status === 'infeasible') {
        process.stderr.write(`homefinder: ${file}: ${out.message ?? 'infeasible'}\n`);
        process.exitCode = 1;
      }
    });
}
