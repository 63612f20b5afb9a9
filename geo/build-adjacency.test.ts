import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fromRoot } from './paths.js';

// The script is a thin wrapper over refreshAdjacencyCache (tested in adjacency.test.ts); this runs it for real.
describe('geo/build-adjacency.ts', () => {
  it('--check reports the committed cache fresh and exits 0 without writing', () => {
    const r = spawnSync(process.execPath, [fromRoot('node_modules', 'vite-node', 'vite-node.mjs'), 'geo/build-adjacency.ts', '--check'], {
      cwd: fromRoot(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stdout).toMatch(/^build-adjacency: fresh .*adjacency\.json \(374 edges, \d+ ms\)$/m);
    expect(r.status).toBe(0);
  });
});
