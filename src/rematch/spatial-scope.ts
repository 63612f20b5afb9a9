/**
 * A spatial scope for national-scale re-matching: scoring every child against every home is
 * children x homes kernel evaluations (80,000 x 60,000 = 4.8e9), so each child is scored against the homes
 * in the smallest square window around them that holds at least N homes. Homes are laid out on a grid of
 * square cells (equirectangular km at the homes' mean latitude) in row-major cell order; in that order a
 * window row is ONE contiguous index range, so a window is 2r+1 ranges the match core's `scoreRange` scores
 * directly, and its home count is read from cell offsets without touching the homes.
 */
import type { LatLon } from '../../geo/types.js';

const KM_PER_DEG_LAT = 111.195;

/** A grid over a set of points. Indices in `order` refer to the input points. */
export interface SpatialGrid {
  /** Input point indices in grid (row-major cell) order. */
  readonly order: Int32Array;
  /**
   * Half-open index ranges (into `order`) of the homes in the smallest square window around `p` holding at
   * least `minHomes` homes (every home when there are fewer), as flat [start0, end0, start1, end1, ...].
   */
  window(p: LatLon, minHomes: number): number[];
  /** `window`, its ranges written into `out` from position `at` (no array of its own); returns the new end. */
  windowInto(p: LatLon, minHomes: number, out: number[], at: number): number;
}

/**
 * Lay points out on a grid of `cellKm` square cells.
 *
 * @example
 * const grid = spatialGrid(homes.map((h) => h.point), 5);
 * const ranges = grid.window({ lat: 52.41, lon: -1.51 }, 300); // [s0, e0, s1, e1, ...]
 */
export function spatialGrid(points: readonly LatLon[], cellKm = 5): SpatialGrid {
  const n = points.length;
  if (n === 0) return { order: new Int32Array(0), window: () => [], windowInto: (_p, _m, _out, at) => at };
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLon = Infinity;
  let maxLon = -Infinity;
  let sumLat = 0;
  for (const p of points) {
    if (p.lat < minLat) minLat = p.lat;
    if (p.lat > maxLat) maxLat = p.lat;
    if (p.lon < minLon) minLon = p.lon;
    if (p.lon > maxLon) maxLon = p.lon;
    sumLat += p.lat;
  }
  const kmPerDegLon = KM_PER_DEG_LAT * Math.cos(((sumLat / n) * Math.PI) / 180);
  const dLat = cellKm / KM_PER_DEG_LAT;
  const dLon = cellKm / kmPerDegLon;
  const W = Math.max(1, Math.floor((maxLon - minLon) / dLon) + 1);
  const H = Math.max(1, Math.floor((maxLat - minLat) / dLat) + 1);
  const cx = (lon: number): number => Math.min(W - 1, Math.max(0, Math.floor((lon - minLon) / dLon)));
  const cy = (lat: number): number => Math.min(H - 1, Math.max(0, Math.floor((lat - minLat) / dLat)));
  const cellOf = new Int32Array(n);
  const cellStart = new Int32Array(W * H + 1);
  for (let i = 0; i < n; i++) {
    const c = cy(points[i]!.lat) * W + cx(points[i]!.lon);
    cellOf[i] = c;
    cellStart[c + 1]! += 1;
  }
  for (let c = 0; c < W * H; c++) cellStart[c + 1]! += cellStart[c]!;
  const fill = cellStart.slice(0, W * H);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[cellOf[i]!]!++] = i; // stable: input order within a cell
  const windowInto = (p: LatLon, minHomes: number, out: number[], at: number): number => {
    const x = cx(p.lon);
    const y = cy(p.lat);
    const want = Math.min(minHomes, n);
    for (let r = 0; ; r++) {
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(W - 1, x + r);
      const y0 = Math.max(0, y - r);
      const y1 = Math.min(H - 1, y + r);
      // a window row is one index range: [cellStart[row * W + x0], cellStart[row * W + x1 + 1])
      let count = 0;
      for (let row = y0; row <= y1; row++) count += cellStart[row * W + x1 + 1]! - cellStart[row * W + x0]!;
      const whole = x0 === 0 && y0 === 0 && x1 === W - 1 && y1 === H - 1;
      if (count >= want || whole) {
        for (let row = y0; row <= y1; row++) {
          const s = cellStart[row * W + x0]!;
          const e = cellStart[row * W + x1 + 1]!;
          if (e > s) {
            out[at++] = s;
            out[at++] = e;
          }
        }
        return at;
      }
    }
  };
  return {
    order,
    window(p, minHomes) {
      const out: number[] = [];
      windowInto(p, minHomes, out, 0);
      return out;
    },
    windowInto,
  };
}

/**
 * Merge half-open ranges given flat as [s0, e0, s1, e1, ...] into sorted disjoint ones (same format).
 *
 * @example
 * mergeRanges([5, 8, 0, 2, 1, 6]); // [0, 8]
 */
export function mergeRanges(flat: readonly number[]): number[] {
  const out: number[] = [];
  const m = mergeRangesInto(flat, flat.length, out, [], []);
  return out.slice(0, m);
}

/**
 * `mergeRanges` of `flat[0..n-1]` written into `out` from position 0; returns how many entries it wrote
 * (at most n; `out` must take that many). `st` and `en` are work space, their contents ignored. Nothing
 * is allocated once the arrays have grown (no array is shortened, so none gives its memory back).
 *
 * @example
 * const out = new Int32Array(6);
 * mergeRangesInto([5, 8, 0, 2, 1, 6], 6, out, [], []); // 2: out starts [0, 8]
 */
export function mergeRangesInto(flat: ArrayLike<number>, n: number, out: Int32Array | number[], st: number[], en: number[]): number {
  // non-empty pairs, insertion-sorted by (start, end): a window's rows arrive sorted, so this is ~linear
  let pairs = 0;
  for (let k = 0; k + 1 < n; k += 2) {
    const s = flat[k]!;
    const e = flat[k + 1]!;
    if (e <= s) continue;
    let j = pairs++;
    while (j > 0 && (st[j - 1]! > s || (st[j - 1] === s && en[j - 1]! > e))) {
      st[j] = st[j - 1]!;
      en[j] = en[j - 1]!;
      j--;
    }
    st[j] = s;
    en[j] = e;
  }
  let m = 0;
  for (let k = 0; k < pairs; k++) {
    const s = st[k]!;
    const e = en[k]!;
    if (m > 1 && s <= out[m - 1]!) out[m - 1] = Math.max(out[m - 1]!, e);
    else {
      out[m++] = s;
      out[m++] = e;
    }
  }
  return m;
}
