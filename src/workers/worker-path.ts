import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../geo/paths.js';

/**
 * Absolute path of a compiled worker module under `dist/` (piscina loads JavaScript, so workers always run
 * from the build: `npm run build` writes dist/src/workers/*.js). Works the same whether the caller runs
 * from TypeScript sources (vitest) or from dist.
 *
 * @param name the worker's path under src/workers without extension, e.g. "score-worker"
 * @throws Error naming the function and the missing file when the build has not been run
 * @example
 * compiledWorker('score-worker'); // "/work/main/dist/src/workers/score-worker.js"
 */
export function compiledWorker(name: string): string {
  const file = join(packageRoot(import.meta.url), 'dist', 'src', 'workers', `${name}.js`);
  if (!existsSync(file)) throw new Error(`compiledWorker: "${file}" does not exist; run \`npm run build\` first`);
  return file;
}

/**
 * Node flags for piscina's worker threads. Piscina first `require()`s the worker file and falls back to
 * `import()`; on Node 20.19+ `require()` of an ES module works, but racing it against an `import()` of the
 * same module is a fatal V8 error (`v8::Module::IsGraphAsync ... must be used on an instantiated module`,
 * nodejs/node#55782) that aborted a CI run's test process. With require(esm) switched off in the workers,
 * `require()` fails cleanly and piscina loads every worker by `import()` only. Empty on a Node without the
 * flag (there `require()` of an ES module always fails cleanly). The workers run compiled JavaScript from
 * `dist/`, so they need none of the parent's own flags.
 *
 * @example
 * new Piscina({ filename: compiledWorker('score-worker'), execArgv: workerExecArgv() });
 */
export function workerExecArgv(): string[] {
  const flag = '--no-experimental-require-module';
  return process.allowedNodeEnvironmentFlags.has(flag) ? [flag] : [];
}
