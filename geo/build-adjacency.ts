/**
 * Script: regenerate the committed adjacency cache `geo/data/adjacency.json` from the shipped boundaries.
 * Not a library module (it runs on import); the logic is `refreshAdjacencyCache` in ./adjacency.ts.
 *
 *   npx vite-node geo/build-adjacency.ts             # from sources
 *   npm run build && node dist/geo/build-adjacency.js
 *   ... --check                                      # exit 1 if the committed cache is stale; writes nothing
 */
import { refreshAdjacencyCache } from './adjacency.js';

const check = process.argv.includes('--check');
const r = refreshAdjacencyCache({ check });
process.stdout.write(`build-adjacency: ${r.status} ${r.cacheFile} (${r.edges} edges, ${r.ms.toFixed(0)} ms)\n`);
if (r.status === 'stale') {
  process.stderr.write('build-adjacency: the cache is stale; run `npx vite-node geo/build-adjacency.ts` and commit geo/data/adjacency.json\n');
  process.exitCode = 1;
}
