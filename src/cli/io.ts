import { readFileSync } from 'node:fs';
import { HomefinderError, ValidationError, type Problem } from '../domain/errors.js';

/** An error the CLI reports as one clear message and a non-zero exit code (never a stack trace). */
export class CliError extends HomefinderError {
  readonly exitCode: number;
  readonly problems: readonly Problem[];
  constructor(message: string, problems: readonly Problem[] = [], exitCode = 2) {
    super('cli_error', message, 400);
    this.exitCode = exitCode;
    this.problems = problems;
  }
}

/**
 * Read and JSON-parse a file; a missing file or bad JSON becomes a CliError naming the file.
 *
 * @example
 * const child = readJsonFile('child.json');
 */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`${path}: cannot read file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`${path}: not valid JSON (${(e as Error).message})`);
  }
}

/** Format a JSON path as `children[2].homeLocation.postcode`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out || '(root)';
}

/**
 * Re-throw a ValidationError raised while processing `file` as a CliError whose lines name the file and field.
 *
 * @example
 * try { parse(json) } catch (e) { throw asFileError(e, 'child.json') }
 */
export function asFileError(e: unknown, file: string): unknown {
  if (e instanceof ValidationError) {
    const lines = e.problems.map((p) => `${file}: ${formatPath(p.path)}: ${p.message}`);
    return new CliError(`${file}: ${e.problems.length} problem(s)\n${lines.join('\n')}`, e.problems);
  }
  return e;
}

/**
 * Print an error for a person: message only (no stack) for known errors; exit code non-zero.
 * Unknown errors print their message and a hint, still without a stack unless HOMEFINDER_DEBUG is set.
 */
export function reportCliError(e: unknown): number {
  if (e instanceof CliError) {
    process.stderr.write(`homefinder: ${e.message}\n`);
    return e.exitCode;
  }
  if (e instanceof ValidationError) {
    const lines = e.problems.map((p) => `  ${formatPath(p.path)}: ${p.message}`);
    process.stderr.write(`homefinder: ${e.message}\n${lines.join('\n')}\n`);
    return 2;
  }
  if (e instanceof HomefinderError) {
    process.stderr.write(`homefinder: ${e.message}\n`);
    return 1;
  }
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`homefinder: unexpected error: ${msg}\n`);
  if (process.env.HOMEFINDER_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  return 70;
}
