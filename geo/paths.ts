import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root: the nearest directory at or above `from` that contains a `package.json`.
 * Works the same from TypeScript sources (`geo/*.ts` under vitest) and compiled output (`dist/geo/*.js`),
 * because `dist/` holds no `package.json`.
 *
 * @param from A `file:` URL or a filesystem path to start from (default: this module).
 * @throws Error naming the function and the start path when no `package.json` is found.
 * @example
 * packageRoot(); // "/work/main"
 */
export function packageRoot(from: string = import.meta.url): string {
  const start = from.startsWith('file:') ? fileURLToPath(from) : resolve(from);
  let dir = existsSync(start) && statSync(start).isDirectory() ? start : dirname(start);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`packageRoot: no package.json found above "${start}"`);
    dir = parent;
  }
}

let cachedRoot: string | undefined;

/**
 * An absolute path under the package root.
 *
 * @example
 * fromRoot('opendata', 'geo', 'gb_postcode_district_centroids.csv');
 */
export function fromRoot(...segments: string[]): string {
  cachedRoot ??= packageRoot();
  return join(cachedRoot, ...segments);
}

/** Where the shipped open geography lives, relative to the package root. */
export const OPENDATA_GEO_DIR = join('opendata', 'geo');

/** Data files this folder reads, relative to the package root. */
export const GEO_FILES = {
  postcodeDistricts: join(OPENDATA_GEO_DIR, 'gb_postcode_district_centroids.csv'),
  authorities: join(OPENDATA_GEO_DIR, 'england_ctyua_2023_bsc.geojson'),
  adjacencyCache: join('geo', 'data', 'adjacency.json'),
} as const;
