import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { defaultGeography } from '../../../geo/geography.js';
import { ValidationError } from '../../domain/errors.js';
import type { PolicyOverride } from '../../domain/policy.js';
import { parseCohort, type Cohort } from '../../rematch/cohort.js';
import { toCohort } from '../../rematch/demo-cohort.js';
import { rematch, type RematchOptions } from '../../rematch/rematch.js';
import type { RematchReport } from '../../rematch/report.js';
import { formatRematchTable } from '../../rematch/table.js';
import { asFileError, CliError, readJsonFile } from '../io.js';

/**
 * Registries larger than this are scored by spatial window in the CLI unless --nearest is given.
 *
 * @example
 * cohort.homes.length > CLI_NEAREST_FROM; // then 400 nearest homes per child
 */
export const CLI_NEAREST_FROM = 2_000;

/** Options of the `rematch` command, as commander parses them. */
export interface RematchCliOptions {
  demo?: boolean;
  children?: number;
  seed?: number;
  maxMoves?: number;
  allowSplit?: boolean;
  nearest?: number;
  candidates?: number;
  format: string;
  out?: string;
}

function nonNegativeInt(flag: string) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new CliError(`rematch: ${flag} must be a non-negative integer, got "${text}"`);
    return n;
  };
}

/**
 * Load the cohort a command line names: a cohort file (every problem reported with the file and field) or
 * the demo region; command-line policy flags are merged over the cohort's policy.
 *
 * @throws CliError naming the file (or --demo) and each bad field.
 * @example
 * const cohort = loadCliCohort('cohort.json', { format: 'json' });
 */
export function loadCliCohort(file: string | undefined, o: RematchCliOptions): Cohort {
  if (file && o.demo) throw new CliError('rematch: give a cohort file or --demo, not both');
  if (!file && !o.demo) throw new CliError('rematch: give a cohort file (children, homes, policy) or --demo');
  const source = file ?? '--demo';
  let cohort: Cohort;
  try {
    const input = file ? readJsonFile(file) : { demo: { seed: o.seed ?? 1, ...(o.children !== undefined ? { children: o.children } : {}) } };
    cohort = toCohort(parseCohort(input));
  } catch (e) {
    throw asFileError(e, source);
  }
  const rematchFlags: NonNullable<PolicyOverride['rematch']> = {
    ...(o.maxMoves !== undefined ? { maxMoves: o.maxMoves } : {}),
    ...(o.allowSplit ? { allowSiblingSplit: true } : {}),
  };
  if (Object.keys(rematchFlags).length === 0) return cohort;
  return { ...cohort, policy: { ...cohort.policy, rematch: { ...cohort.policy?.rematch, ...rematchFlags } } };
}

/**
 * Run the re-match for a command line and render it (JSON or table).
 *
 * @example
 * const { report, text } = runRematchCli('cohort.json', { format: 'table' });
 */
export function runRematchCli(file: string | undefined, o: RematchCliOptions): { report: RematchReport; text: string } {
  if (o.format !== 'json' && o.format !== 'table') throw new CliError(`rematch: --format must be json or table, got "${o.format}"`);
  const cohort = loadCliCohort(file, o);
  // every child against every home is exact but quadratic: past CLI_NEAREST_FROM homes the CLI scores each
  // child against its 400 nearest (and current / connected) homes unless --nearest says otherwise (0 = all)
  const nearest = o.nearest ?? (cohort.homes.length > CLI_NEAREST_FROM ? 400 : 0);
  const options: RematchOptions = {
    ...(nearest > 0 ? { nearestHomes: nearest } : {}),
    ...(o.candidates !== undefined ? { candidateLimit: o.candidates } : {}),
  };
  let report: RematchReport;
  try {
    report = rematch(cohort, defaultGeography(), options);
  } catch (e) {
    if (e instanceof ValidationError) throw asFileError(e, file ?? '--demo');
    throw e;
  }
  const text = o.format === 'table' ? formatRematchTable(report) : `${JSON.stringify(report, null, 2)}\n`;
  return { report, text };
}

/**
 * `homefinder rematch cohort.json` (or `--demo [--children N]`): re-optimise a whole cohort at once under
 * capacity, sibling and stability constraints and print, for every child, the home the optimum assigns (or
 * why none), what changed, and the solve status, objective, bound and gap.
 *
 * @example
 * // npx homefinder rematch --demo --children 500 --format table
 * register(program);
 */
export function register(program: Command): void {
  program
    .command('rematch')
    .description('Re-optimise a cohort of children and homes at once (capacity, siblings, stability, bed blocking)')
    .argument('[cohort]', 'cohort JSON: { children, homes, policy?, overrides?, asOf?, closures? } or { demo: {...} } or "demo"')
    .option('--demo', 'use the demo region instead of a file')
    .option('--children <n>', 'demo: number of children', nonNegativeInt('--children'))
    .option('--seed <n>', 'demo: seed', nonNegativeInt('--seed'))
    .option('--max-moves <n>', 'cap on settled children moved (overrides the policy)', nonNegativeInt('--max-moves'))
    .option('--allow-split', 'let the optimiser split sibling groups at the policy price')
    .option('--nearest <n>', `score each child against the n nearest homes only (default: 400 past ${CLI_NEAREST_FROM} homes; 0 = every home)`, nonNegativeInt('--nearest'))
    .option('--candidates <n>', 'keep at most n candidates per child or group', nonNegativeInt('--candidates'))
    .option('--format <format>', 'json | table', 'json')
    .option('--out <file>', 'write the report to a file instead of stdout')
    .action((file: string | undefined, o: RematchCliOptions) => {
      const { report, text } = runRematchCli(file, o);
      if (o.out) writeFileSync(o.out, text);
      else process.stdout.write(text);
      if (report.status === 'infeasible') process.exitCode = 1;
    });
}
