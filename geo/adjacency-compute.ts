/**
 * Which authorities share a border, computed from their (generalised) boundary polygons.
 *
 * Method: every boundary edge goes in a uniform grid (cells ~2 km; each edge in every cell its box, grown by
 * the tolerance, touches). Each authority's boundary is walked at a fixed step (100 m). A sample point on A's
 * boundary is "on B's border" when B's boundary passes within `toleranceKm` of it AND nothing lies in
 * between: the midpoint of the gap is inside A, inside B or inside no authority, never inside a third one C.
 * (Coincident points, gap under 20 m, skip that test.) Between two consecutive samples both on B's border,
 * A's shared length with B grows by the step, capped by how far the nearest point on B moved: along a
 * shared border it keeps pace, while near a point where A and B merely touch (a corner) it stays put, so a
 * touch at a point measures 0. A and B adjoin when the shared length measured from BOTH sides is at least
 * `minSharedKm`. The tolerance absorbs generalisation (the data is simplified to
 * 200 m); the in-between test stops two areas that merely come close at a corner where others meet (e.g.
 * Croydon and Southwark at Crystal Palace, where Lambeth and Bromley touch between them) from adjoining.
 *
 * Water: the boundaries are clipped to the coastline (mean high water, which runs up tidal rivers), so
 * authorities facing each other across water adjoin only where the water is narrower than the tolerance
 * (e.g. the Thames in central London); across wider estuaries (the Mersey, the Humber) they do not, and
 * islands adjoin nothing.
 */

import { createLocator } from './authorities.js';

/** A boundary to compare: an authority code and its geometry. */
export interface BoundaryInput {
  readonly code: string;
  readonly geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
}

/** Tuning for {@link computeAdjacency}. */
export interface AdjacencyOptions {
  /** Max distance (km) between the two sides of a shared border. Default 0.4. */
  readonly toleranceKm?: number;
  /**
   * Min shared border length (km), measured from each side, to count as adjoining. Default 0.01: with the
   * in-between test, pairs that do not share a border measure exactly 0 from at least one side, while the
   * shortest real border in the data (North Northamptonshire and Lincolnshire, near Stamford) is ~0.02 km.
   */
  readonly minSharedKm?: number;
  /** Step (km) at which boundaries are sampled. Default 0.1. */
  readonly sampleStepKm?: number;
}

/** The defaults, recorded in the cache so a change of method invalidates it. */
export const DEFAULT_ADJACENCY_OPTIONS: Required<AdjacencyOptions> = Object.freeze({
  toleranceKm: 0.4,
  minSharedKm: 0.01,
  sampleStepKm: 0.1,
});

/** One adjoining pair (`a` < `b`), with the shared border length measured from each side, km (3 dp). */
export interface AdjacencyEdge {
  readonly a: string;
  readonly b: string;
  readonly sharedKmA: number;
  readonly sharedKmB: number;
}

/** Every pair with any shared length at all, adjoining or not (for diagnostics and threshold checks). */
export interface AdjacencyCandidate extends AdjacencyEdge {
  readonly adjoins: boolean;
}

const KM_PER_DEG = 111.19508; // 2πR/360 with R = 6371.0088 km
/** Gaps below this (km) are the same line drawn twice: no need to look for anything in between. */
const COINCIDENT_KM = 0.02;
const RAD = Math.PI / 180;

let nearestT = 0;

/**
 * Distance in km from point (lon, lat) to segment (x1,y1)-(x2,y2) (degrees), in a local equirectangular
 * projection centred on the point (accurate to well under 1% at a few km). The nearest point's parameter
 * along the segment (0..1) is left in a module variable (no allocation); see {@link nearestOnSegment}.
 *
 * @example
 * pointSegmentKm(0, 1, -1, 0, 1, 0); // ≈ 111.2 (one degree of latitude)
 */
export function pointSegmentKm(lon: number, lat: number, x1: number, y1: number, x2: number, y2: number): number {
  const kx = KM_PER_DEG * Math.cos(lat * RAD);
  const ax = (x1 - lon) * kx;
  const ay = (y1 - lat) * KM_PER_DEG;
  const bx = (x2 - lon) * kx;
  const by = (y2 - lat) * KM_PER_DEG;
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  nearestT = t;
  const px = ax + t * dx;
  const py = ay + t * dy;
  return Math.sqrt(px * px + py * py);
}

/**
 * Distance in km and the nearest point (degrees) from a point to a segment.
 *
 * @example
 * nearestOnSegment(0, 1, -1, 0, 1, 0); // { km: ≈111.2, lon: 0, lat: 0 }
 */
export function nearestOnSegment(lon: number, lat: number, x1: number, y1: number, x2: number, y2: number): { km: number; lon: number; lat: number } {
  const km = pointSegmentKm(lon, lat, x1, y1, x2, y2);
  return { km, lon: x1 + (x2 - x1) * nearestT, lat: y1 + (y2 - y1) * nearestT };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Measure shared border lengths between every pair of boundaries and decide which adjoin.
 * Returns every candidate pair (any shared length from either side), sorted by code.
 *
 * @example
 * const pairs = measureSharedBorders(features.map((f) => ({ code: f.authority.code, geometry: f.geometry })));
 * pairs.filter((p) => p.adjoins);
 */
export function measureSharedBorders(inputs: readonly BoundaryInput[], options: AdjacencyOptions = {}): AdjacencyCandidate[] {
  const { toleranceKm, minSharedKm, sampleStepKm } = { ...DEFAULT_ADJACENCY_OPTIONS, ...options };
  if (!(toleranceKm > 0) || !(minSharedKm >= 0) || !(sampleStepKm > 0)) {
    throw new Error(`measureSharedBorders: bad options ${JSON.stringify({ toleranceKm, minSharedKm, sampleStepKm })}`);
  }
  const n = inputs.length;
  const codes = inputs.map((f) => f.code);

  // 1. Flatten every ring edge into typed arrays.
  let segCount = 0;
  for (const f of inputs) {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const poly of polys) for (const ring of poly) segCount += Math.max(0, ring.length - 1);
  }
  const seg = new Float64Array(segCount * 4);
  const owner = new Int32Array(segCount);
  let s = 0;
  inputs.forEach((f, i) => {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const poly of polys) {
      for (const ring of poly) {
        for (let k = 0; k + 1 < ring.length; k++) {
          const p = ring[k] as number[];
          const q = ring[k + 1] as number[];
          seg[s * 4] = p[0] as number;
          seg[s * 4 + 1] = p[1] as number;
          seg[s * 4 + 2] = q[0] as number;
          seg[s * 4 + 3] = q[1] as number;
          owner[s] = i;
          s++;
        }
      }
    }
  });

  // 2. Uniform grid over edges (cell ≈ 2.2 km N-S, ≈ 2.2 km E-W at 52.5°N).
  const cellLat = 0.02;
  const cellLon = 0.033;
  const key = (ix: number, iy: number): number => (ix + 50_000) * 100_000 + (iy + 50_000);
  const grid = new Map<number, number[]>();
  const tolLat = toleranceKm / KM_PER_DEG;
  for (let e = 0; e < segCount; e++) {
    const x1 = seg[e * 4] as number;
    const y1 = seg[e * 4 + 1] as number;
    const x2 = seg[e * 4 + 2] as number;
    const y2 = seg[e * 4 + 3] as number;
    const maxAbsLat = Math.min(89, Math.max(Math.abs(y1), Math.abs(y2)) + tolLat);
    const tolLon = toleranceKm / (KM_PER_DEG * Math.cos(maxAbsLat * RAD));
    const ix0 = Math.floor((Math.min(x1, x2) - tolLon) / cellLon);
    const ix1 = Math.floor((Math.max(x1, x2) + tolLon) / cellLon);
    const iy0 = Math.floor((Math.min(y1, y2) - tolLat) / cellLat);
    const iy1 = Math.floor((Math.max(y1, y2) + tolLat) / cellLat);
    for (let ix = ix0; ix <= ix1; ix++) {
      for (let iy = iy0; iy <= iy1; iy++) {
        const k = key(ix, iy);
        const cell = grid.get(k);
        if (cell) cell.push(e);
        else grid.set(k, [e]);
      }
    }
  }

  // 3. Walk each boundary; accumulate length where consecutive samples are both on another's border.
  const locate = createLocator(inputs);
  const shared = new Float64Array(n * n); // shared[a * n + b]: length of a's boundary along b
  const lastNear = new Float64Array(n).fill(-10); // sample counter at which owner b was last on-border
  const seenAt = new Float64Array(n).fill(-10); // sample counter at which owner b was last a candidate
  const bestKm = new Float64Array(n);
  const bestLon = new Float64Array(n);
  const bestLat = new Float64Array(n);
  const lastLon = new Float64Array(n); // nearest point on b's boundary at the sample where b was last on-border
  const lastLat = new Float64Array(n);
  const touched: number[] = [];
  let sample = 0;
  for (let e = 0; e < segCount; e++) {
    const a = owner[e] as number;
    const x1 = seg[e * 4] as number;
    const y1 = seg[e * 4 + 1] as number;
    const x2 = seg[e * 4 + 2] as number;
    const y2 = seg[e * 4 + 3] as number;
    const lenKm = pointSegmentKm(x1, y1, x2, y2, x2, y2);
    const steps = Math.max(1, Math.ceil(lenKm / sampleStepKm));
    const stepKm = lenKm / steps;
    sample += 2; // a new edge does not continue the previous edge's run
    for (let j = 0; j <= steps; j++, sample++) {
      const t = j / steps;
      const lon = x1 + (x2 - x1) * t;
      const lat = y1 + (y2 - y1) * t;
      const cell = grid.get(key(Math.floor(lon / cellLon), Math.floor(lat / cellLat)));
      if (!cell) continue;
      touched.length = 0;
      for (const o of cell) {
        const b = owner[o] as number;
        if (b === a) continue;
        const d = pointSegmentKm(lon, lat, seg[o * 4] as number, seg[o * 4 + 1] as number, seg[o * 4 + 2] as number, seg[o * 4 + 3] as number);
        if (d > toleranceKm) continue;
        if (seenAt[b] !== sample) {
          seenAt[b] = sample;
          bestKm[b] = Infinity;
          touched.push(b);
        }
        if (d < (bestKm[b] as number)) {
          bestKm[b] = d;
          bestLon[b] = (seg[o * 4] as number) + ((seg[o * 4 + 2] as number) - (seg[o * 4] as number)) * nearestT;
          bestLat[b] = (seg[o * 4 + 1] as number) + ((seg[o * 4 + 3] as number) - (seg[o * 4 + 1] as number)) * nearestT;
        }
      }
      for (const b of touched) {
        if ((bestKm[b] as number) > COINCIDENT_KM) {
          const between = locate((lat + (bestLat[b] as number)) / 2, (lon + (bestLon[b] as number)) / 2);
          if (between !== undefined && between !== codes[a] && between !== codes[b]) continue;
        }
        const nLon = bestLon[b] as number;
        const nLat = bestLat[b] as number;
        if (lastNear[b] === sample - 1 && j > 0) {
          // Count the step only as far as b's nearest point moved with it: along a shared border it keeps
          // pace; approaching b's corner it stands still, so touching at a point measures 0.
          const moved = pointSegmentKm(nLon, nLat, lastLon[b] as number, lastLat[b] as number, lastLon[b] as number, lastLat[b] as number);
          shared[a * n + b] = (shared[a * n + b] as number) + Math.min(stepKm, moved);
        }
        lastNear[b] = sample;
        lastLon[b] = nLon;
        lastLat[b] = nLat;
      }
    }
  }

  // 4. Pairs.
  const out: AdjacencyCandidate[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const ij = shared[i * n + j] as number;
      const ji = shared[j * n + i] as number;
      if (ij === 0 && ji === 0) continue;
      const ci = (inputs[i] as BoundaryInput).code;
      const cj = (inputs[j] as BoundaryInput).code;
      const [a, b, sa, sb] = ci < cj ? [ci, cj, ij, ji] : [cj, ci, ji, ij];
      out.push({ a, b, sharedKmA: round3(sa), sharedKmB: round3(sb), adjoins: Math.min(sa, sb) >= minSharedKm });
    }
  }
  out.sort((x, y) => (x.a === y.a ? (x.b < y.b ? -1 : 1) : x.a < y.a ? -1 : 1));
  return out;
}

/**
 * The adjoining pairs only.
 *
 * @example
 * computeAdjacency(boundaries).some((e) => e.a === 'E08000026' && e.b === 'E10000031'); // true
 */
export function computeAdjacency(inputs: readonly BoundaryInput[], options: AdjacencyOptions = {}): AdjacencyEdge[] {
  return measureSharedBorders(inputs, options)
    .filter((c) => c.adjoins)
    .map(({ a, b, sharedKmA, sharedKmB }) => ({ a, b, sharedKmA, sharedKmB }));
}
