import { join } from 'node:path';
import { packageRoot } from '../../geo/paths.js';

let root: string | undefined;

/**
 * Absolute path of a file under the package root (the nearest directory above this module holding a
 * `package.json`). Works from the TypeScript sources under vitest (`src/demo/*.ts`) and from the compiled
 * `dist/src/demo/*.js` alike, since `dist/` has no `package.json` of its own.
 *
 * @example
 * demoDataPath('opendata', 'dfe', 'cla_31march_placement_characteristics_england_2025.csv');
 */
export function demoDataPath(...segments: string[]): string {
  root ??= packageRoot(import.meta.url);
  return join(root, ...segments);
}

/** The open data files the demo generator reads (relative to the package root). */
export const DEMO_FILES = {
  districts: ['opendata', 'geo', 'gb_postcode_district_centroids.csv'],
  dfeWestMidlands: ['opendata', 'dfe', 'cla_31march_placement_characteristics_west_midlands_2021_2025.csv'],
  dfeEngland: ['opendata', 'dfe', 'cla_31march_placement_characteristics_england_2025.csv'],
} as const;
