#!/usr/bin/env node
/**
 * The `homefinder` command line. Each sub-command lives in `src/cli/commands/<name>.ts` and exports
 * `register(program)`; this file only wires them together and turns errors into messages + exit codes.
 */
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { reportCliError } from './io.js';

type Register = (program: Command) => void;

async function loadCommands(): Promise<Register[]> {
  const mods = await Promise.all([
    import('./commands/match.js'),
    import('./commands/rematch.js'),
    import('./commands/solve.js'),
    import('./commands/simulate.js'),
    import('./commands/serve.js'),
    import('./commands/import.js'),
    import('./commands/keys.js'),
    import('./commands/audit.js'),
  ] as Promise<{ register: Register }>[]);
  return mods.map((m) => m.register);
}

/**
 * Run the CLI with the given argv (without node and script). Resolves to the exit code.
 *
 * @example
 * process.exitCode = await runCli(['match', '--child', 'child.json']);
 */
export async function runCli(argv: string[]): Promise<number> {
  const program = new Command('homefinder')
    .description('Find the right home for a child in care (Children Act 1989 s22C): match, re-match, simulate, serve.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of await loadCommands()) register(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    return reportCliError(e);
  }
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.exitCode = reportCliError(e);
    },
  );
}
