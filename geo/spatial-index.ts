import { around } from 'geokdbush';
import KDBush from 'kdbush';
import { greatCircle } from './distance.js';
import type { LatLon } from './types.js';

/** A static spatial index over points; answers in indices into the original array. */
export interface PointIndex {
  readonly size: number;
  /**
   * Indices of the points within `km` (inclusive) of `p` by {@link greatCircle}, nearest first. Exactly the
   * set a full scan with `greatCircle.km(p, point) <= km` gives.
   */
  within(p: LatLon, km: number): number[];
  /** Indices of the `n` points nearest `p`, nearest first (fewer when there are fewer points). */
  nearest(p: LatLon, n: number): number[];
}

// geokdbush measures on a sphere of radius 6371 km, greatCircle on 6371.0088 km: its distances are
// smaller by this factor, so querying it with our radius is a superset; we then filter with greatCircle.
const SLACK = 1 + 1e-9;
const HALF_CIRCUMFERENCE_KM = 20_000; // a little under π x 6371

/**
 * Build a kd-tree (kdbush) over points and query it on the sphere (geokdbush).
 *
 * @throws Error naming the function and the index of a point with non-finite or out-of-range coordinates.
 * @example
 * const idx = createPointIndex([{ lat: 52.41, lon: -1.51 }, { lat: 52.48, lon: -1.91 }]);
 * idx.within({ lat: 52.41, lon: -1.51 }, 10); // [0]
 * idx.nearest({ lat: 52.47, lon: -1.9 }, 1);  // [1]
 */
export function createPointIndex(points: readonly LatLon[]): PointIndex {
  const index = new KDBush(points.length);
  points.forEach((p, i) => {
    if (!Number.isFinite(p.lat) || !Number.isFinite(p.lon) || Math.abs(p.lat) > 90 || Math.abs(p.lon) > 180) {
      throw new Error(`createPointIndex: point ${i} has invalid coordinates ${JSON.stringify(p)}`);
    }
    index.add(p.lon, p.lat);
  });
  index.finish();
  const lats = Float64Array.from(points, (p) => p.lat);
  const lons = Float64Array.from(points, (p) => p.lon);

  return {
    size: points.length,
    within(p, km) {
      if (!(km >= 0) || !Number.isFinite(p.lat) || !Number.isFinite(p.lon)) return [];
      // geokdbush's cut-off wraps past half the circumference; Infinity disables it.
      const candidates = around(index, p.lon, p.lat, Infinity, km < HALF_CIRCUMFERENCE_KM ? km * SLACK + 1e-9 : Infinity);
      return candidates.filter((i) => greatCircle.km(p, { lat: lats[i] as number, lon: lons[i] as number }) <= km);
    },
    nearest(p, n) {
      if (!(n >= 1) || !Number.isFinite(p.lat) || !Number.isFinite(p.lon)) return [];
      return around(index, p.lon, p.lat, Math.floor(n));
    },
  };
}
