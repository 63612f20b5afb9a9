import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ADJACENCY_METHOD,
  buildAdjacencyCache,
  createAdjacency,
  isCacheFresh,
  loadAdjacency,
  readAdjacencyCache,
  refreshAdjacencyCache,
  sha256Hex,
  writeAdjacencyCache,
} from './adjacency.js';
import { computeAdjacency, DEFAULT_ADJACENCY_OPTIONS } from './adjacency-compute.js';
import { parseAuthorities } from './authorities.js';
import { fromRoot, GEO_FILES } from './paths.js';

const sourceText = readFileSync(fromRoot(GEO_FILES.authorities), 'utf8');
const features = parseAuthorities(JSON.parse(sourceText));
const boundaries = features.map((f) => ({ code: f.authority.code, geometry: f.geometry }));
const codes = boundaries.map((b) => b.code);
const adj = loadAdjacency({ boundaries, sourceText });
const cache = buildAdjacencyCache(boundaries, sourceText);

const COVENTRY = 'E08000026';
const WARWICKSHIRE = 'E10000031';
const SOLIHULL = 'E08000029';
const STOKE = 'E06000021';
const BIRMINGHAM = 'E08000025';
const SANDWELL = 'E08000028';
const WALSALL = 'E08000030';
const DUDLEY = 'E08000027';
const WOLVERHAMPTON = 'E08000031';
const STAFFORDSHIRE = 'E10000028';
const WORCESTERSHIRE = 'E10000034';
const ISLE_OF_WIGHT = 'E06000046';
const ISLES_OF_SCILLY = 'E06000053';

const tmp = mkdtempSync(join(tmpdir(), 'geo-adjacency-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the committed cache', () => {
  it('is fresh for the shipped boundaries and is what loadAdjacency uses', () => {
    expect(adj.fromCache).toBe(true);
    expect(refreshAdjacencyCache({ check: true }).status).toBe('fresh');
  });

  it('holds exactly what the computation gives today', () => {
    expect(adj.edges).toEqual(cache.edges);
  });
});

describe('adjacency facts (England, upper tier)', () => {
  it('has every authority as a node and 374 adjoining pairs', () => {
    expect(adj.graph.order).toBe(153);
    expect(adj.graph.size).toBe(374);
  });

  it('Coventry adjoins Warwickshire and Solihull, and nothing else', () => {
    expect(adj.adjoins(COVENTRY, WARWICKSHIRE)).toBe(true);
    expect(adj.adjoins(COVENTRY, SOLIHULL)).toBe(true);
    expect(adj.neighbours(COVENTRY)).toEqual([SOLIHULL, WARWICKSHIRE]);
  });

  it('Coventry does not adjoin Stoke-on-Trent', () => {
    expect(adj.adjoins(COVENTRY, STOKE)).toBe(false);
  });

  it('Birmingham adjoins Solihull, Sandwell, Walsall, Staffordshire, Worcestershire, Warwickshire and Dudley (Halesowen)', () => {
    expect(adj.neighbours(BIRMINGHAM)).toEqual([DUDLEY, SANDWELL, SOLIHULL, WALSALL, STAFFORDSHIRE, WARWICKSHIRE, WORCESTERSHIRE]);
    expect(adj.adjoins(BIRMINGHAM, WOLVERHAMPTON)).toBe(false);
  });

  it('Stoke-on-Trent is surrounded by Staffordshire only', () => {
    expect(adj.neighbours(STOKE)).toEqual([STAFFORDSHIRE]);
  });

  it('Kingston upon Hull adjoins only the East Riding on land (the Humber is water)', () => {
    expect(adj.neighbours('E06000010')).toEqual(['E06000011']);
    expect(adj.adjoins('E06000010', 'E06000013')).toBe(false); // North Lincolnshire, across the Humber
  });

  it('the islands adjoin nothing', () => {
    expect(adj.neighbours(ISLE_OF_WIGHT)).toEqual([]);
    expect(adj.adjoins(ISLE_OF_WIGHT, 'E10000014')).toBe(false); // Hampshire, across the Solent
    expect(adj.neighbours(ISLES_OF_SCILLY)).toEqual([]);
  });

  it('in the West Midlands, Dudley and Walsall do not meet (Sandwell and Wolverhampton lie between)', () => {
    expect(adj.adjoins(DUDLEY, WALSALL)).toBe(false);
    expect(adj.neighbours(DUDLEY)).toEqual([BIRMINGHAM, SANDWELL, WOLVERHAMPTON, STAFFORDSHIRE, WORCESTERSHIRE]);
  });

  it('keeps the shortest real border (North Northamptonshire and Lincolnshire, ~20 m near Stamford)', () => {
    expect(adj.adjoins('E06000061', 'E10000019')).toBe(true);
  });

  it('does not join areas that only come close at a corner where others meet', () => {
    // Rutland and Peterborough: 23 m apart near Stamford, with North Northamptonshire between.
    expect(adj.adjoins('E06000017', 'E06000031')).toBe(false);
    // Croydon and Southwark: 83 m apart at Crystal Palace, with Lambeth between.
    expect(adj.adjoins('E09000008', 'E09000028')).toBe(false);
    expect(adj.adjoins('E09000006', 'E09000022')).toBe(true); // Bromley and Lambeth do meet there
  });

  it('joins authorities across a river narrower than the tolerance (City of London and Southwark, the Thames)', () => {
    expect(adj.adjoins('E09000001', 'E09000028')).toBe(true);
    expect(adj.adjoins('E08000012', 'E08000015')).toBe(false); // Liverpool and Wirral: the Mersey is ~1 km wide
  });

  it('no authority adjoins itself, and unknown codes adjoin nothing', () => {
    for (const c of codes) expect(adj.adjoins(c, c)).toBe(false);
    expect(adj.adjoins('E99999999', COVENTRY)).toBe(false);
    expect(adj.neighbours('E99999999')).toEqual([]);
  });

  it('is symmetric (property)', () => {
    fc.assert(fc.property(fc.constantFrom(...codes), fc.constantFrom(...codes), (a, b) => adj.adjoins(a, b) === adj.adjoins(b, a)));
  });

  it('only joins authorities whose bounding boxes (grown by the tolerance) overlap', () => {
    const bbox = new Map(features.map((f) => [f.authority.code, f.bbox]));
    const pad = 0.01; // > 0.4 km in degrees of latitude and of longitude at these latitudes
    for (const e of adj.edges) {
      const [a0, a1, a2, a3] = bbox.get(e.a) ?? [];
      const [b0, b1, b2, b3] = bbox.get(e.b) ?? [];
      expect(a0! - pad <= b2! && b0! - pad <= a2! && a1! - pad <= b3! && b1! - pad <= a3!, `${e.a}-${e.b}`).toBe(true);
    }
  });
});

describe('robustness', () => {
  it('keeps every land border over 0.5 km when each authority is independently jittered by up to 100 m', () => {
    // Land borders: pairs found with a tolerance too small to bridge water. In the shipped data both sides of
    // a border share their vertices; jitter makes them differ, as independently generalised data would.
    const landEdges = computeAdjacency(boundaries, { toleranceKm: 0.15 });
    expect(landEdges.length).toBe(364);
    const land = landEdges.filter((e) => Math.min(e.sharedKmA, e.sharedKmB) >= 0.5).map((e) => `${e.a}-${e.b}`);
    expect(land.length).toBeGreaterThan(355);
    let seed = 42;
    const rnd = (): number => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return seed / 2 ** 32 - 0.5;
    };
    const dLat = 0.1 / 111.2;
    const dLon = 0.1 / (111.2 * Math.cos((52.5 * Math.PI) / 180));
    const move = (ring: GeoJSON.Position[]): GeoJSON.Position[] => {
      const out = ring.map(([x, y]) => [(x as number) + 2 * rnd() * dLon, (y as number) + 2 * rnd() * dLat]);
      out[out.length - 1] = out[0] as GeoJSON.Position;
      return out;
    };
    const jittered = boundaries.map((b) => ({
      code: b.code,
      geometry:
        b.geometry.type === 'Polygon'
          ? { type: 'Polygon' as const, coordinates: b.geometry.coordinates.map(move) }
          : { type: 'MultiPolygon' as const, coordinates: b.geometry.coordinates.map((p) => p.map(move)) },
    }));
    const after = new Set(computeAdjacency(jittered).map((e) => `${e.a}-${e.b}`));
    expect(land.filter((k) => !after.has(k))).toEqual([]);
  });
});

describe('cache handling', () => {
  it('falls back to computing when the cache file is missing', () => {
    const a = loadAdjacency({ boundaries, sourceText, cacheFile: join(tmp, 'missing.json') });
    expect(a.fromCache).toBe(false);
    expect(a.edges).toEqual(adj.edges);
  });

  it('falls back to computing when the source hash differs, or the file is not a cache', () => {
    const stale = join(tmp, 'stale.json');
    // A cache for different source text, with a bogus edge that must not be used.
    writeAdjacencyCache(stale, { ...buildAdjacencyCache([], 'other text'), nodes: cache.nodes, edges: [{ a: COVENTRY, b: STOKE, sharedKmA: 1, sharedKmB: 1 }] });
    const a = loadAdjacency({ boundaries, sourceText, cacheFile: stale });
    expect(a.fromCache).toBe(false);
    expect(a.adjoins(COVENTRY, STOKE)).toBe(false);

    const junk = join(tmp, 'junk.json');
    writeFileSync(junk, '{"edges": 3}');
    expect(readAdjacencyCache(junk)).toBeUndefined();
    expect(loadAdjacency({ boundaries, sourceText, cacheFile: junk }).fromCache).toBe(false);
  });

  it('round-trips a cache through a file and knows when it is fresh', () => {
    const file = join(tmp, 'round.json');
    writeAdjacencyCache(file, cache);
    const back = readAdjacencyCache(file);
    expect(back).toEqual(cache);
    expect(back?.method).toBe(ADJACENCY_METHOD);
    expect(back?.options).toEqual(DEFAULT_ADJACENCY_OPTIONS);
    expect(isCacheFresh(cache, sha256Hex(sourceText), codes)).toBe(true);
    expect(isCacheFresh(cache, sha256Hex(`${sourceText} `), codes)).toBe(false);
    expect(isCacheFresh(cache, sha256Hex(sourceText), codes, { toleranceKm: 0.3 })).toBe(false);
    expect(isCacheFresh(cache, sha256Hex(sourceText), codes.slice(1))).toBe(false);
  });

  it('refreshAdjacencyCache writes a missing cache, then finds it fresh', () => {
    const file = join(tmp, 'refresh.json');
    expect(refreshAdjacencyCache({ cacheFile: file, check: true }).status).toBe('stale');
    expect(refreshAdjacencyCache({ cacheFile: file }).status).toBe('written');
    expect(refreshAdjacencyCache({ cacheFile: file, check: true })).toMatchObject({ status: 'fresh', edges: 374 });
  });
});

describe('createAdjacency', () => {
  it('rejects self-loops and unknown codes', () => {
    expect(() => createAdjacency(['A'], [{ a: 'A', b: 'A', sharedKmA: 1, sharedKmB: 1 }], false)).toThrow('createAdjacency: self-loop on "A"');
    expect(() => createAdjacency(['A'], [{ a: 'A', b: 'B', sharedKmA: 1, sharedKmB: 1 }], false)).toThrow(
      'createAdjacency: edge names an unknown authority "B"',
    );
  });

  it('stores the smaller shared length on the edge', () => {
    const a = createAdjacency(['A', 'B'], [{ a: 'A', b: 'B', sharedKmA: 2, sharedKmB: 1.5 }], false);
    expect(a.graph.getEdgeAttribute(a.graph.edge('B', 'A'), 'sharedKm')).toBe(1.5);
  });
});
