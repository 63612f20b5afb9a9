import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { greatCircle } from './distance.js';
import { defaultGeography, loadGeography, pointInGeometry, withDistance } from './geography.js';
import type { DistanceProvider, LatLon } from './types.js';

const geo = defaultGeography();
const COVENTRY_CENTRE: LatLon = { lat: 52.4081, lon: -1.5106 };

describe('loadGeography', () => {
  it('loads the shipped data with the adjacency from the committed cache', () => {
    expect(geo.loadInfo.adjacencyFromCache).toBe(true);
    expect(geo.loadInfo.ms).toBeGreaterThan(0);
    expect(geo.authorities()).toHaveLength(153);
    expect(geo.postcodes.size).toBe(2864);
    expect(geo.distance).toBe(greatCircle);
  });

  it('is a singleton through defaultGeography', () => {
    expect(defaultGeography()).toBe(geo);
  });

  it('has one graph node per authority', () => {
    expect(geo.adjacency.graph.nodes().sort()).toEqual(geo.authorities().map((a) => a.code).sort());
  });

  it('composes postcode, point-in-polygon, adjacency and distance for a real journey (CV1 to B1)', () => {
    const home = geo.resolvePostcode('cv1 2ab');
    const placement = geo.resolvePostcode('B1');
    expect(home?.laCode).toBe('E08000026');
    expect(home && geo.authorityAt(home)).toBe('E08000026');
    expect(placement && geo.authorityAt(placement)).toBe('E08000025');
    expect(geo.adjoins('E08000026', 'E08000025')).toBe(false); // Coventry and Birmingham: Solihull between
    expect(geo.adjoins('E08000026', 'E10000031')).toBe(true);
    expect(geo.neighbours('E08000026')).toEqual(['E08000029', 'E10000031']);
    expect(home && placement && geo.distance.km(home, placement)).toBeCloseTo(28.4, 1);
    expect(geo.authority('E08000025')?.name).toBe('Birmingham');
    expect(geo.authority('nope')).toBeUndefined();
  });

  it('works from explicit file paths and reports a computed adjacency when the cache is absent', () => {
    const g = loadGeography({ adjacencyCacheFile: '/nonexistent/adjacency.json' });
    expect(g.loadInfo.adjacencyFromCache).toBe(false);
    expect(g.adjoins('E08000026', 'E08000029')).toBe(true);
  });
});

describe('nearestDistrict', () => {
  it('returns the district of a centroid itself', () => {
    expect(geo.nearestDistrict({ lat: 52.40937, lon: -1.50638 })).toBe('CV1');
    for (const d of geo.postcodes.all().filter((_, i) => i % 25 === 0)) {
      expect(geo.nearestDistrict(d)).toBe(d.district);
    }
  });

  it('equals a brute-force scan for the nearest centroid (property)', () => {
    const districts = geo.postcodes.all();
    fc.assert(
      fc.property(fc.double({ min: 49.9, max: 58.7, noNaN: true }), fc.double({ min: -7.6, max: 1.8, noNaN: true }), (lat, lon) => {
        const p = { lat, lon };
        const best = Math.min(...districts.map((d) => greatCircle.km(p, d)));
        const nearest = geo.nearestDistrict(p);
        const got = districts.find((d) => d.district === nearest);
        return got !== undefined && Math.abs(greatCircle.km(p, got) - best) < 1e-6;
      }),
      { numRuns: 200 },
    );
  });

  it('is undefined for a non-finite point', () => {
    expect(geo.nearestDistrict({ lat: Number.NaN, lon: 0 })).toBeUndefined();
  });
});

describe('pointInGeometry', () => {
  const square: GeoJSON.Polygon = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] };

  it('tests Polygons and MultiPolygons, boundary inclusive', () => {
    expect(pointInGeometry({ lat: 0.5, lon: 0.5 }, square)).toBe(true);
    expect(pointInGeometry({ lat: 0, lon: 0.5 }, square)).toBe(true);
    expect(pointInGeometry({ lat: 1.5, lon: 0.5 }, square)).toBe(false);
    const multi: GeoJSON.MultiPolygon = { type: 'MultiPolygon', coordinates: [square.coordinates, [[[5, 5], [6, 5], [6, 6], [5, 6], [5, 5]]]] };
    expect(pointInGeometry({ lat: 5.5, lon: 5.5 }, multi)).toBe(true);
    expect(pointInGeometry({ lat: 3, lon: 3 }, multi)).toBe(false);
    expect(pointInGeometry({ lat: Number.NaN, lon: 0.5 }, square)).toBe(false);
  });

  it('respects holes', () => {
    const holed: GeoJSON.Polygon = { type: 'Polygon', coordinates: [square.coordinates[0]!, [[0.25, 0.25], [0.75, 0.25], [0.75, 0.75], [0.25, 0.75], [0.25, 0.25]]] };
    expect(pointInGeometry({ lat: 0.5, lon: 0.5 }, holed)).toBe(false);
    expect(pointInGeometry({ lat: 0.1, lon: 0.1 }, holed)).toBe(true);
  });

  it('works on a real boundary: Coventry city centre is inside Coventry and not Birmingham', () => {
    const coventry = geo.authorityIndex.geometry('E08000026');
    const birmingham = geo.authorityIndex.geometry('E08000025');
    expect(coventry && geo.pointInGeometry(COVENTRY_CENTRE, coventry)).toBe(true);
    expect(birmingham && geo.pointInGeometry(COVENTRY_CENTRE, birmingham)).toBe(false);
  });

  it('agrees with authorityAt: a located point is inside that authority (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 50, max: 55.8, noNaN: true }), fc.double({ min: -5.7, max: 1.7, noNaN: true }), (lat, lon) => {
        const code = geo.authorityAt({ lat, lon });
        if (code === undefined) return true;
        const g = geo.authorityIndex.geometry(code);
        return g !== undefined && geo.pointInGeometry({ lat, lon }, g);
      }),
      { numRuns: 200 },
    );
  });
});

describe('withDistance (plugging in a road travel-time provider)', () => {
  it('swaps only the distance', () => {
    const road: DistanceProvider = { id: 'road-time-km-equivalent', km: (a, b) => 1.3 * greatCircle.km(a, b) };
    const byRoad = withDistance(geo, road);
    expect(byRoad.distance.id).toBe('road-time-km-equivalent');
    expect(byRoad.distance.km(COVENTRY_CENTRE, { lat: 52.47987, lon: -1.90938 })).toBeCloseTo(1.3 * greatCircle.km(COVENTRY_CENTRE, { lat: 52.47987, lon: -1.90938 }), 9);
    expect(byRoad.authorityAt(COVENTRY_CENTRE)).toBe('E08000026');
    expect(byRoad.nearestDistrict(COVENTRY_CENTRE)).toBe(geo.nearestDistrict(COVENTRY_CENTRE));
    expect(geo.distance).toBe(greatCircle); // the original is untouched
    expect(loadGeography({ distance: road }).distance).toBe(road);
  });
});
