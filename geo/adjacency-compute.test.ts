import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAdjacency, measureSharedBorders, nearestOnSegment, pointSegmentKm } from './adjacency-compute.js';
import { greatCircle } from './distance.js';

// Synthetic boxes near Coventry, sized in km. 1 km ≈ 0.008993° of latitude; at 52.4°N 1 km ≈ 0.014727° of longitude.
const LAT0 = 52.4;
const LON0 = -1.5;
const KM_LAT = 1 / 111.19508;
const KM_LON = 1 / (111.19508 * Math.cos((LAT0 * Math.PI) / 180));

/** A box from (x0, y0) to (x1, y1), in km east/north of the origin, with a vertex every `stepKm` on each side. */
function box(code: string, x0: number, y0: number, x1: number, y1: number, stepKm = 0.25): { code: string; geometry: GeoJSON.Polygon } {
  const pts: [number, number][] = [];
  const side = (ax: number, ay: number, bx: number, by: number): void => {
    const n = Math.max(1, Math.round(Math.hypot(bx - ax, by - ay) / stepKm));
    for (let i = 0; i < n; i++) pts.push([ax + ((bx - ax) * i) / n, ay + ((by - ay) * i) / n]);
  };
  side(x0, y0, x1, y0);
  side(x1, y0, x1, y1);
  side(x1, y1, x0, y1);
  side(x0, y1, x0, y0);
  pts.push(pts[0] as [number, number]);
  return { code, geometry: { type: 'Polygon', coordinates: [pts.map(([x, y]) => [LON0 + x * KM_LON, LAT0 + y * KM_LAT])] } };
}

const pairs = (r: ReturnType<typeof computeAdjacency>): string[] => r.map((e) => `${e.a}-${e.b}`);

describe('pointSegmentKm', () => {
  it('measures perpendicular and end-point distances', () => {
    // One degree of latitude straight down to a segment on the equator.
    expect(pointSegmentKm(0, 1, -1, 0, 1, 0)).toBeCloseTo(111.195, 2);
    expect(nearestOnSegment(0, 1, -1, 0, 1, 0)).toMatchObject({ lon: 0, lat: 0 });
    // Beyond the end: distance to the end point.
    expect(nearestOnSegment(3, 0, -1, 0, 1, 0)).toMatchObject({ lon: 1, lat: 0 });
    // A degenerate segment is a point.
    expect(pointSegmentKm(0, 0, 0, 0, 0, 0)).toBe(0);
  });

  it('agrees with great-circle distance to the nearest point within 1% at a few km (property)', () => {
    const p = fc.record({ dx: fc.double({ min: -3, max: 3, noNaN: true }), dy: fc.double({ min: -3, max: 3, noNaN: true }) });
    fc.assert(
      fc.property(p, p, p, (q, a, b) => {
        const lon = LON0 + q.dx * KM_LON;
        const lat = LAT0 + q.dy * KM_LAT;
        const n = nearestOnSegment(lon, lat, LON0 + a.dx * KM_LON, LAT0 + a.dy * KM_LAT, LON0 + b.dx * KM_LON, LAT0 + b.dy * KM_LAT);
        const gc = greatCircle.km({ lat, lon }, { lat: n.lat, lon: n.lon });
        return Math.abs(n.km - gc) <= 0.01 * gc + 1e-9;
      }),
    );
  });
});

describe('measureSharedBorders', () => {
  it('finds two boxes sharing a 5 km edge, measuring about 5 km from each side', () => {
    const [e, ...rest] = measureSharedBorders([box('A', 0, 0, 5, 5), box('B', 5, 0, 10, 5)]);
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ a: 'A', b: 'B', adjoins: true });
    expect(e?.sharedKmA).toBeGreaterThan(4.9);
    expect(e?.sharedKmA).toBeLessThan(5.9); // the approach along the perpendicular sides adds at most 2 x tolerance
    expect(e?.sharedKmB).toBeCloseTo(e?.sharedKmA ?? 0, 6);
  });

  it('finds a border whose two sides were generalised differently (vertices offset, 150 m apart)', () => {
    const r = computeAdjacency([box('A', 0, 0, 5, 5, 0.3), box('B', 5.15, 0, 10, 5, 0.7)]);
    expect(pairs(r)).toEqual(['A-B']);
  });

  it('does not bridge a gap wider than the tolerance', () => {
    expect(computeAdjacency([box('A', 0, 0, 5, 5), box('B', 5.6, 0, 10, 5)])).toEqual([]);
    expect(pairs(computeAdjacency([box('A', 0, 0, 5, 5), box('B', 5.6, 0, 10, 5)], { toleranceKm: 0.7 }))).toEqual(['A-B']);
  });

  it('does not join boxes touching only at a corner', () => {
    expect(computeAdjacency([box('A', 0, 0, 5, 5), box('B', 5, 5, 10, 10)])).toEqual([]);
  });

  it('does not join two areas with a narrow third area between them', () => {
    // C is a 200 m strip between A and B: A-C and B-C adjoin, A-B do not although they are 200 m apart.
    const r = computeAdjacency([box('A', 0, 0, 5, 5), box('C', 5, 0, 5.2, 5, 0.1), box('B', 5.2, 0, 10, 5)]);
    expect(pairs(r)).toEqual(['A-C', 'B-C']);
  });

  it('does not join diagonal neighbours at a four-way corner, but does join the edge-sharing ones', () => {
    const r = computeAdjacency([box('SW', 0, 0, 5, 5), box('SE', 5, 0, 10, 5), box('NW', 0, 5, 5, 10), box('NE', 5, 5, 10, 10)]);
    expect(pairs(r)).toEqual(['NE-NW', 'NE-SE', 'NW-SW', 'SE-SW']);
  });

  it('reports a MultiPolygon part that adjoins', () => {
    const a = box('A', 0, 0, 5, 5);
    const island = box('X', 20, 20, 21, 21).geometry.coordinates;
    const multi = { code: 'A', geometry: { type: 'MultiPolygon' as const, coordinates: [island, a.geometry.coordinates] } };
    expect(pairs(computeAdjacency([multi, box('B', 5, 0, 10, 5)]))).toEqual(['A-B']);
  });

  it('rejects nonsensical options', () => {
    expect(() => measureSharedBorders([], { toleranceKm: 0 })).toThrow('measureSharedBorders: bad options');
    expect(() => measureSharedBorders([], { sampleStepKm: -1 })).toThrow('measureSharedBorders: bad options');
  });
});
