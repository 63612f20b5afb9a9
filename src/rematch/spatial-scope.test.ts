import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { haversineKm } from '../../geo/distance.js';
import { mergeRanges, mergeRangesInto, spatialGrid } from './spatial-scope.js';

const point = fc.record({ lat: fc.double({ min: 50, max: 55, noNaN: true }), lon: fc.double({ min: -4, max: 1, noNaN: true }) });

describe('spatialGrid', () => {
  it('orders every point once, and a window holds at least N homes (or all) including the nearest one', () => {
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 300 }), point, fc.integer({ min: 1, max: 50 }), fc.constantFrom(1, 5, 20), (pts, q, n, cell) => {
        const grid = spatialGrid(pts, cell);
        expect([...grid.order].sort((a, b) => a - b)).toEqual(pts.map((_, i) => i));
        const ranges = grid.window(q, n);
        const inside = new Set<number>();
        for (let k = 0; k < ranges.length; k += 2) for (let r = ranges[k]!; r < ranges[k + 1]!; r++) inside.add(grid.order[r]!);
        expect(inside.size).toBeGreaterThanOrEqual(Math.min(n, pts.length));
        let nearest = 0;
        pts.forEach((p, i) => {
          if (haversineKm(q.lat, q.lon, p.lat, p.lon) < haversineKm(q.lat, q.lon, pts[nearest]!.lat, pts[nearest]!.lon)) nearest = i;
        });
        // the nearest point is inside whenever the query lies within the grid's extent
        const lats = pts.map((p) => p.lat);
        const lons = pts.map((p) => p.lon);
        const within = q.lat >= Math.min(...lats) && q.lat <= Math.max(...lats) && q.lon >= Math.min(...lons) && q.lon <= Math.max(...lons);
        if (within && n >= 1 && ranges.length > 0 && inside.size < pts.length) {
          const dIn = Math.min(...[...inside].map((i) => haversineKm(q.lat, q.lon, pts[i]!.lat, pts[i]!.lon)));
          // The window is a square of cells: a point just outside its edge can be nearer than every point
          // inside (which may sit in the corners). With a window reaching r cells out, the nearest outside
          // point is at least (r - 1) cells away and some inside point at most (r + 1) * sqrt(2) cells, so
          // dIn <= sqrt(2) * dNearest + 3 cells (an additive-only slack fails for wide windows: found by fast-check)
          expect(dIn).toBeLessThanOrEqual(Math.SQRT2 * haversineKm(q.lat, q.lon, pts[nearest]!.lat, pts[nearest]!.lon) + 3 * cell);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('windowInto writes exactly the ranges of window, from the position given', () => {
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 200 }), fc.array(point, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 40 }), (pts, qs, n) => {
        const grid = spatialGrid(pts, 5);
        const out = [7, 9, 1, 1, 1, 1, 1, 1]; // written over from position 2
        const expected = [7, 9];
        let at = 2;
        for (const q of qs) {
          at = grid.windowInto(q, n, out, at);
          expected.push(...grid.window(q, n));
        }
        expect(out.slice(0, at)).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('is empty for no points', () => {
    expect(spatialGrid([]).window({ lat: 52, lon: -1 }, 10)).toEqual([]);
  });
});

describe('mergeRanges', () => {
  it('gives the maximal runs of the covered indices, sorted (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(60), fc.nat(8)), { maxLength: 12 }), (pairs) => {
        const flat = pairs.flatMap(([s, len]) => [s, s + len]);
        const covered = new Set<number>();
        for (const [s, len] of pairs) for (let i = s; i < s + len; i++) covered.add(i);
        const runs: number[] = [];
        for (const i of [...covered].sort((a, b) => a - b)) {
          if (runs.length > 0 && runs[runs.length - 1] === i) runs[runs.length - 1] = i + 1;
          else runs.push(i, i + 1);
        }
        expect(mergeRanges(flat)).toEqual(runs);
      }),
      { numRuns: 300 },
    );
  });

  it('mergeRangesInto gives mergeRanges, whatever its reused arrays held before', () => {
    const out = new Int32Array(64).fill(-5);
    const st: number[] = [3, 1, 4];
    const en: number[] = [1, 5, 9];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(60), fc.nat(8)), { maxLength: 12 }), fc.nat(4), (pairs, junk) => {
        // only the first n entries of flat count
        const flat = [...pairs.flatMap(([s, len]) => [s, s + len]), ...Array.from({ length: 2 * junk }, (_, k) => k)];
        const n = 2 * pairs.length;
        const m = mergeRangesInto(flat, n, out, st, en);
        expect(Array.from(out.subarray(0, m))).toEqual(mergeRanges(flat.slice(0, n)));
      }),
      { numRuns: 300 },
    );
  });

  it('merges overlapping and touching ranges, drops empty ones', () => {
    expect(mergeRanges([5, 8, 0, 2, 1, 6])).toEqual([0, 8]);
    expect(mergeRanges([4, 4, 10, 12, 0, 3])).toEqual([0, 3, 10, 12]);
    expect(mergeRanges([0, 3, 3, 5])).toEqual([0, 5]);
  });
});
