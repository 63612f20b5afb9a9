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
