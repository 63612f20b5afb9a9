import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { greatCircle } from './distance.js';
import { createPointIndex } from './spatial-index.js';
import type { LatLon } from './types.js';

// Mostly Great Britain (where homes are), sometimes anywhere (poles, the antimeridian).
const gbPoint = fc.record({ lat: fc.double({ min: 49.9, max: 58.7, noNaN: true }), lon: fc.double({ min: -7.6, max: 1.8, noNaN: true }) });
const anyPoint = fc.record({ lat: fc.double({ min: -90, max: 90, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) });
const point = fc.oneof({ arbitrary: gbPoint, weight: 4 }, { arbitrary: anyPoint, weight: 1 });

function bruteWithin(points: readonly LatLon[], p: LatLon, km: number): number[] {
  return points.flatMap((q, i) => (greatCircle.km(p, q) <= km ? [i] : []));
}

const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);

describe('createPointIndex', () => {
  const CV1 = { lat: 52.40937, lon: -1.50638 };
  const B1 = { lat: 52.47987, lon: -1.90938 };
  const WV1 = { lat: 52.58646, lon: -2.11579 };
  const idx = createPointIndex([CV1, B1, WV1]);

  it('finds points within a radius, nearest first', () => {
    expect(idx.size).toBe(3);
    expect(idx.within(CV1, 1)).toEqual([0]);
    expect(idx.within(CV1, 30)).toEqual([0, 1]); // B1 is 28.4 km away
    expect(idx.within(B1, 20)).toEqual([1, 2]); // WV1 is 18.3 km away
    expect(idx.within(WV1, 50)).toEqual([2, 1, 0]);
  });

  it('includes a point exactly at the radius', () => {
    const d = greatCircle.km(CV1, B1);
    expect(idx.within(CV1, d)).toEqual([0, 1]);
  });

  it('returns the n nearest, nearest first', () => {
    expect(idx.nearest({ lat: 52.5, lon: -2.0 }, 1)).toEqual([1]);
    expect(idx.nearest(WV1, 2)).toEqual([2, 1]);
    expect(idx.nearest(WV1, 10)).toEqual([2, 1, 0]);
  });

  it('answers nothing for a negative radius, n < 1 or a non-finite point', () => {
    expect(idx.within(CV1, -1)).toEqual([]);
    expect(idx.within({ lat: Number.NaN, lon: 0 }, 10)).toEqual([]);
    expect(idx.nearest(CV1, 0)).toEqual([]);
  });

  it('handles radii beyond half the circumference (everything is within 20,100 km)', () => {
    const world = createPointIndex([{ lat: 52, lon: -1.5 }, { lat: -52, lon: 178.5 }, { lat: 0, lon: 90 }]);
    expect(sorted(world.within({ lat: 52, lon: -1.5 }, 30_000))).toEqual([0, 1, 2]);
    expect(sorted(world.within({ lat: 52, lon: -1.5 }, 19_999))).toEqual(bruteWithin([{ lat: 52, lon: -1.5 }, { lat: -52, lon: 178.5 }, { lat: 0, lon: 90 }], { lat: 52, lon: -1.5 }, 19_999));
  });

  it('handles an empty set', () => {
    const empty = createPointIndex([]);
    expect(empty.within(CV1, 100)).toEqual([]);
    expect(empty.nearest(CV1, 3)).toEqual([]);
  });

  it('rejects invalid coordinates, naming the function and the point', () => {
    expect(() => createPointIndex([CV1, { lat: 95, lon: 0 }])).toThrow('createPointIndex: point 1 has invalid coordinates {"lat":95,"lon":0}');
    expect(() => createPointIndex([{ lat: Number.NaN, lon: 0 }])).toThrow('createPointIndex: point 0');
  });

  it('within equals a brute-force greatCircle scan (property)', () => {
    fc.assert(
      fc.property(fc.array(point, { maxLength: 300 }), point, fc.oneof(fc.double({ min: 0, max: 800, noNaN: true }), fc.double({ min: 0, max: 25_000, noNaN: true })), (points, p, km) => {
        const got = createPointIndex(points).within(p, km);
        expect(sorted(got)).toEqual(bruteWithin(points, p, km));
        // nearest first
        for (let i = 1; i < got.length; i++) {
          expect(greatCircle.km(p, points[got[i] as number] as LatLon)).toBeGreaterThanOrEqual(greatCircle.km(p, points[got[i - 1] as number] as LatLon) - 1e-9);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('within is exact at the radius boundary: a radius equal to a point distance includes it (property)', () => {
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 100 }), point, fc.nat(), (points, p, k) => {
        const target = k % points.length;
        const km = greatCircle.km(p, points[target] as LatLon);
        const got = createPointIndex(points).within(p, km);
        return got.includes(target) && sorted(got).join() === bruteWithin(points, p, km).join();
      }),
      { numRuns: 300 },
    );
  });

  it('nearest(n) gives the n smallest greatCircle distances (property)', () => {
    fc.assert(
      fc.property(fc.array(point, { maxLength: 200 }), point, fc.integer({ min: 1, max: 20 }), (points, p, n) => {
        const got = createPointIndex(points).nearest(p, n);
        const want = points.map((q) => greatCircle.km(p, q)).sort((a, b) => a - b).slice(0, n);
        const gotKm = got.map((i) => greatCircle.km(p, points[i] as LatLon));
        expect(new Set(got).size).toBe(got.length);
        expect(gotKm.length).toBe(want.length);
        gotKm.forEach((d, i) => expect(d).toBeCloseTo(want[i] as number, 6));
      }),
      { numRuns: 300 },
    );
  });
});
