import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../../geo/paths.js';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** The sources the job worker (job-worker.ts) runs: pass to {@link ensureWorkersBuilt} for it. */
export const JOB_WORKER_SOURCES: readonly string[] = ['src/scoring', 'src/workers', 'src/domain', 'geo', 'solver', 'src/rematch', 'src/simulate', 'src/demo', 'src/match', 'src/api/jobs'];

/**
 * For tests of the worker pool: make sure the compiled workers in dist/ exist and are not older than the
 * sources they run (`sourceDirs`; default scoring, workers, domain, geo), running `tsc -p tsconfig.build.json` when they are.
 * The build's own type errors elsewhere in the tree do not stop it emitting.
 *
 * @example
 * beforeAll(() => ensureWorkersBuilt(), 180_000);
 */
export function ensureWorkersBuilt(
  names: readonly string[] = ['score-worker', 'testing/faulty-worker'],
  sourceDirs: readonly string[] = ['src/scoring', 'src/workers', 'src/domain', 'geo'],
): void {
  const root = packageRoot(import.meta.url);
  const files = names.map((n) => join(root, 'dist', 'src', 'workers', `${n}.js`));
  const sources = Math.max(...sourceDirs.map((d) => newestMtime(join(root, d))));
  const stale = files.some((f) => !existsSync(f) || statSync(f).mtimeMs < sources);
  if (!stale) return;
  try {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
  } catch {
    // tsc exits non-zero on type errors anywhere in the tree but still emits; check the files below.
  }
  for (const f of files) if (!existsSync(f)) throw new Error(`ensureWorkersBuilt: build did not produce "${f}"`);
}
