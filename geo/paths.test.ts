import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { fromRoot, GEO_FILES, packageRoot } from './paths.js';

const tmp = mkdtempSync(join(tmpdir(), 'geo-paths-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('packageRoot', () => {
  it('finds the Homefinder package from this source file', () => {
    const root = packageRoot(import.meta.url);
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name).toBe('homefinder');
    expect(packageRoot()).toBe(root);
  });

  it('walks up from compiled output (dist/geo/x.js) to the directory holding package.json', () => {
    const pkg = join(tmp, 'pkg');
    mkdirSync(join(pkg, 'dist', 'geo'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), '{}');
    const file = join(pkg, 'dist', 'geo', 'geography.js');
    writeFileSync(file, '');
    expect(packageRoot(pathToFileURL(file).href)).toBe(pkg);
    expect(packageRoot(file)).toBe(pkg);
    expect(packageRoot(join(pkg, 'dist', 'geo'))).toBe(pkg); // a directory
  });

  it('throws, naming the function and the start, when there is no package.json above', () => {
    // Assumes no package.json at the filesystem root or in the temp directory's ancestors.
    const lonely = join(tmp, 'lonely', 'a.js');
    expect(() => packageRoot(lonely)).toThrow(`packageRoot: no package.json found above "${lonely}"`);
  });
});

describe('fromRoot', () => {
  it('resolves the shipped data files', () => {
    expect(readFileSync(fromRoot(GEO_FILES.postcodeDistricts), 'utf8').slice(0, 12)).toBe('district,lat');
    expect(fromRoot(GEO_FILES.authorities)).toBe(join(packageRoot(), 'opendata', 'geo', 'england_ctyua_2023_bsc.geojson'));
    expect(fromRoot(GEO_FILES.adjacencyCache)).toBe(join(packageRoot(), 'geo', 'data', 'adjacency.json'));
  });
});
