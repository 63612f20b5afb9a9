import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuthorityIndex, createLocator, geometryBBox, loadAuthorities, parseAuthorities } from './authorities.js';
import { loadPostcodeDirectory } from './postcodes.js';

const idx = loadAuthorities();

describe('loadAuthorities', () => {
  it('loads the 153 English upper-tier authorities with regions and centroids', () => {
    expect(idx.size).toBe(153);
    expect(idx.authorities()).toHaveLength(153);
    expect(new Set(idx.authorities().map((a) => a.code)).size).toBe(153);
    for (const a of idx.authorities()) expect(a.code).toMatch(/^E(06|08|09|10)\d{6}$/);
    expect(idx.authority('E08000026')).toEqual({
      code: 'E08000026',
      name: 'Coventry',
      regionCode: 'E12000005',
      regionName: 'West Midlands',
      centroid: { lat: expect.closeTo(52.41, 1), lon: expect.closeTo(-1.52, 1) },
    });
    expect(idx.authority('W06000015')).toBeUndefined();
  });

  it('counts 21 counties, 63 unitaries, 36 metropolitan districts and 33 London boroughs', () => {
    const count = (prefix: string): number => idx.authorities().filter((a) => a.code.startsWith(prefix)).length;
    expect([count('E10'), count('E06'), count('E08'), count('E09')]).toEqual([21, 63, 36, 33]);
  });
});

describe('authorityAt', () => {
  it('finds Coventry from its city centre', () => {
    expect(idx.authorityAt({ lat: 52.4081, lon: -1.5106 })).toBe('E08000026');
  });

  it('finds other known places', () => {
    expect(idx.authorityAt({ lat: 52.4797, lon: -1.9026 })).toBe('E08000025'); // Birmingham, New Street
    expect(idx.authorityAt({ lat: 51.5007, lon: -0.1246 })).toBe('E09000033'); // Westminster, Big Ben
    expect(idx.authorityAt({ lat: 50.7, lon: -1.3 })).toBe('E06000046'); // Isle of Wight, Newport area
    expect(idx.authorityAt({ lat: 52.2823, lon: -1.5849 })).toBe('E10000031'); // Warwick (Warwickshire)
  });

  it('returns undefined in the sea and outside England', () => {
    expect(idx.authorityAt({ lat: 50.5, lon: -1.0 })).toBeUndefined(); // English Channel
    expect(idx.authorityAt({ lat: 53.5, lon: 2.0 })).toBeUndefined(); // North Sea
    expect(idx.authorityAt({ lat: 51.4816, lon: -3.1791 })).toBeUndefined(); // Cardiff
    expect(idx.authorityAt({ lat: 55.9533, lon: -3.1883 })).toBeUndefined(); // Edinburgh
    expect(idx.authorityAt({ lat: Number.NaN, lon: 0 })).toBeUndefined();
  });

  it('agrees with the published centroid_la_code for every English district centroid in the file', () => {
    const dir = loadPostcodeDirectory();
    const english = dir.all().filter((d) => d.country === 'England');
    expect(english).toHaveLength(2210);
    const mismatches = english
      .filter((d) => idx.authorityAt(d) !== d.centroidLaCode)
      .map((d) => `${d.district}: ${idx.authorityAt(d)} vs ${d.centroidLaCode}`);
    expect(mismatches).toEqual([]);
    // The file leaves centroid_la_code blank outside England, but a cross-border Scottish district
    // (TD12, Coldstream) has its centroid on the English side of the Tweed, in Northumberland.
    const td12 = dir.district('TD12');
    expect(td12?.centroidLaCode).toBeUndefined();
    expect(td12 && idx.authorityAt(td12)).toBe('E06000057');
  });

  it('equals a brute-force scan over every polygon (property, points over England and its seas)', () => {
    const features = idx.features();
    fc.assert(
      fc.property(fc.double({ min: 49.9, max: 55.9, noNaN: true }), fc.double({ min: -6.5, max: 1.8, noNaN: true }), (lat, lon) => {
        const containing = features.filter((f) => booleanPointInPolygon([lon, lat], f.geometry)).map((f) => f.authority.code);
        // Boundaries do not overlap, so a point is in at most one authority (ties only exactly on a border).
        return containing.length <= 1 && idx.authorityAt({ lat, lon }) === containing[0];
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseAuthorities', () => {
  const square = (x: number, y: number): number[][][] => [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]];
  const feature = (code: string, geometry: unknown): unknown => ({
    type: 'Feature',
    properties: { code, name: code, regionCode: 'E12000005', regionName: 'West Midlands', onsCentroidLat: 0.5, onsCentroidLon: 0.5 },
    geometry,
  });

  it('indexes MultiPolygons part by part', () => {
    const i = createAuthorityIndex(
      parseAuthorities({
        type: 'FeatureCollection',
        features: [feature('E1', { type: 'MultiPolygon', coordinates: [square(0, 0), square(5, 5)] }), feature('E2', { type: 'Polygon', coordinates: square(1, 0) })],
      }),
    );
    expect(i.authorityAt({ lat: 0.5, lon: 0.5 })).toBe('E1');
    expect(i.authorityAt({ lat: 5.5, lon: 5.5 })).toBe('E1');
    expect(i.authorityAt({ lat: 0.5, lon: 1.5 })).toBe('E2');
    expect(i.authorityAt({ lat: 3, lon: 3 })).toBeUndefined(); // inside E1's bbox, outside its parts
    expect(i.geometry('E2')?.type).toBe('Polygon');
  });

  it('answers the same on repeated queries, at the edges of the grid, and with no boundaries at all', () => {
    const locate = createLocator([{ code: 'E1', geometry: { type: 'Polygon', coordinates: square(0, 0) } }]);
    for (let r = 0; r < 2; r++) {
      expect(locate(1, 1)).toBe('E1'); // the far corner, on the boundary
      expect(locate(0.5, 0.5)).toBe('E1'); // an interior cell, answered from memory the second time
      expect(locate(1.0000001, 0.5)).toBeUndefined();
      expect(locate(0.5, Number.POSITIVE_INFINITY)).toBeUndefined();
    }
    expect(createLocator([])(0, 0)).toBeUndefined();
  });

  it('computes bounding boxes', () => {
    expect(geometryBBox({ type: 'MultiPolygon', coordinates: [square(0, 0), square(5, 5)] })).toEqual([0, 0, 6, 6]);
  });

  it('rejects malformed input, naming the function and the feature', () => {
    expect(() => parseAuthorities({ type: 'Feature' })).toThrow('parseAuthorities: expected a GeoJSON FeatureCollection');
    expect(() => parseAuthorities({ type: 'FeatureCollection', features: [feature('E1', { type: 'Point', coordinates: [0, 0] })] })).toThrow(
      'parseAuthorities: feature 0 ("E1") geometry is not a valid Polygon or MultiPolygon',
    );
    expect(() =>
      parseAuthorities({ type: 'FeatureCollection', features: [feature('E1', { type: 'Polygon', coordinates: square(0, 0) }), feature('E1', { type: 'Polygon', coordinates: square(0, 0) })] }),
    ).toThrow('parseAuthorities: feature 1 ("E1") duplicates code "E1"');
    expect(() => parseAuthorities({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: null }] })).toThrow(
      'parseAuthorities: feature 0 has no string "code"',
    );
  });
});
