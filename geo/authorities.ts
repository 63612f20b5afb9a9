import { readFileSync } from 'node:fs';
// The same function @turf/turf re-exports; importing the single package avoids loading all of turf (~0.5 s).
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { fromRoot, GEO_FILES } from './paths.js';
import type { Authority, LatLon } from './types.js';

/** [minLon, minLat, maxLon, maxLat]. */
export type BBox = readonly [number, number, number, number];

/** A polygon part with its precomputed bounding box (turf also honours `bbox` on a geometry). */
interface PolygonPart {
  readonly geometry: GeoJSON.Polygon & { readonly bbox: [number, number, number, number] };
  readonly minLon: number;
  readonly minLat: number;
  readonly maxLon: number;
  readonly maxLat: number;
}

/** One authority boundary with its metadata and bounding box. */
export interface AuthorityFeature {
  readonly authority: Authority;
  readonly geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
  readonly bbox: BBox;
}

/** The authority boundaries with lookups. */
export interface AuthorityIndex {
  readonly size: number;
  features(): readonly AuthorityFeature[];
  authorities(): readonly Authority[];
  authority(code: string): Authority | undefined;
  geometry(code: string): GeoJSON.Polygon | GeoJSON.MultiPolygon | undefined;
  /** Code of the authority whose boundary contains the point, or undefined (sea, Wales, Scotland...). */
  authorityAt(p: LatLon): string | undefined;
}

/**
 * Bounding box of a Polygon or MultiPolygon.
 *
 * @example
 * geometryBBox({ type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 1], [0, 0]]] }); // [0, 0, 2, 1]
 */
export function geometryBBox(geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon): BBox {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const poly of polys) {
    for (const ring of poly) {
      for (const c of ring) {
        const lon = c[0] as number;
        const lat = c[1] as number;
        if (lon < minLon) minLon = lon;
        if (lon > maxLon) maxLon = lon;
        if (lat < minLat) minLat = lat;
        if (lat > maxLat) maxLat = lat;
      }
    }
  }
  return [minLon, minLat, maxLon, maxLat];
}

function isPosition(c: unknown): boolean {
  return Array.isArray(c) && c.length >= 2 && Number.isFinite(c[0]) && Number.isFinite(c[1]);
}

function isPolygonCoords(p: unknown): boolean {
  return Array.isArray(p) && p.length > 0 && p.every((ring) => Array.isArray(ring) && ring.length >= 4 && ring.every(isPosition));
}

/**
 * Parse and check the CTYUA GeoJSON (see opendata/README.md). Throws, naming the function and the feature,
 * on anything malformed.
 *
 * @example
 * const features = parseAuthorities(JSON.parse(readFileSync(file, 'utf8')));
 */
export function parseAuthorities(collection: unknown): AuthorityFeature[] {
  const fc = collection as { type?: unknown; features?: unknown };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new Error('parseAuthorities: expected a GeoJSON FeatureCollection');
  }
  const seen = new Set<string>();
  return fc.features.map((raw: unknown, i: number): AuthorityFeature => {
    const f = raw as { properties?: Record<string, unknown>; geometry?: { type?: unknown; coordinates?: unknown } };
    const p = f.properties ?? {};
    const where = `parseAuthorities: feature ${i}${typeof p.code === 'string' ? ` (${JSON.stringify(p.code)})` : ''}`;
    for (const key of ['code', 'name', 'regionCode', 'regionName'] as const) {
      if (typeof p[key] !== 'string' || p[key] === '') throw new Error(`${where} has no string "${key}"`);
    }
    for (const key of ['onsCentroidLat', 'onsCentroidLon'] as const) {
      if (typeof p[key] !== 'number' || !Number.isFinite(p[key])) throw new Error(`${where} has no numeric "${key}"`);
    }
    const g = f.geometry;
    const ok =
      (g?.type === 'Polygon' && isPolygonCoords(g.coordinates)) ||
      (g?.type === 'MultiPolygon' && Array.isArray(g.coordinates) && g.coordinates.length > 0 && g.coordinates.every(isPolygonCoords));
    if (!ok) throw new Error(`${where} geometry is not a valid Polygon or MultiPolygon`);
    const code = p.code as string;
    if (seen.has(code)) throw new Error(`${where} duplicates code ${JSON.stringify(code)}`);
    seen.add(code);
    const geometry = g as GeoJSON.Polygon | GeoJSON.MultiPolygon;
    const authority: Authority = Object.freeze({
      code,
      name: p.name as string,
      regionCode: p.regionCode as string,
      regionName: p.regionName as string,
      centroid: Object.freeze({ lat: p.onsCentroidLat as number, lon: p.onsCentroidLon as number }),
    });
    return { authority, geometry, bbox: geometryBBox(geometry) };
  });
}

/**
 * A point-in-polygon locator over any set of boundaries (which must not overlap, as a partition such as the
 * authority map does not). Lookup:
 * 1. a uniform grid (cells ~1 km) records, for each cell some boundary edge passes through, the boundaries
 *    owning those edges; a point in such a cell is tested only against them: each one's bounding box, then
 *    each polygon part's, then turf's `booleanPointInPolygon` (boundary counts as inside; on a shared border
 *    the first boundary in input order wins);
 * 2. a cell no edge passes through lies wholly inside one boundary or outside all, so its answer is computed
 *    once (same test at the cell centre, against every boundary) and remembered.
 *
 * @example
 * const locate = createLocator([{ code: 'E1', geometry: square }]);
 * locate(0.5, 0.5); // "E1"
 */
export function createLocator(
  boundaries: readonly { readonly code: string; readonly geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon }[],
): (lat: number, lon: number) => string | undefined {
  const n = boundaries.length;
  const codes: string[] = [];
  const boxes = new Float64Array(n * 4);
  const parts: PolygonPart[][] = [];
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const [i, f] of boundaries.entries()) {
    codes.push(f.code);
    const bb = geometryBBox(f.geometry);
    boxes.set(bb, i * 4);
    minLon = Math.min(minLon, bb[0]);
    minLat = Math.min(minLat, bb[1]);
    maxLon = Math.max(maxLon, bb[2]);
    maxLat = Math.max(maxLat, bb[3]);
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    parts.push(
      polys.map((coordinates): PolygonPart => {
        const geometry = { type: 'Polygon' as const, coordinates, bbox: [0, 0, 0, 0] as [number, number, number, number] };
        const [a, b, c, d] = geometryBBox(geometry);
        geometry.bbox = [a, b, c, d];
        return { geometry, minLon: a, minLat: b, maxLon: c, maxLat: d };
      }),
    );
  }

  /** Test boundary i: its box, each part's box, then turf. */
  function inBoundary(i: number, lat: number, lon: number): boolean {
    const o = i * 4;
    if (lon < (boxes[o] as number) || lat < (boxes[o + 1] as number) || lon > (boxes[o + 2] as number) || lat > (boxes[o + 3] as number)) {
      return false;
    }
    let pt: [number, number] | undefined;
    for (const part of parts[i] as PolygonPart[]) {
      if (lon < part.minLon || lat < part.minLat || lon > part.maxLon || lat > part.maxLat) continue;
      pt ??= [lon, lat];
      if (booleanPointInPolygon(pt, part.geometry)) return true;
    }
    return false;
  }

  function scanAll(lat: number, lon: number): number {
    for (let i = 0; i < n; i++) if (inBoundary(i, lat, lon)) return i;
    return -1;
  }

  if (n === 0) return () => undefined;

  // Grid: ~1 km cells over the union box, at most 2048 x 2048.
  const cellLon = Math.max(0.015, (maxLon - minLon) / 2048);
  const cellLat = Math.max(0.01, (maxLat - minLat) / 2048);
  const nx = Math.max(1, Math.ceil((maxLon - minLon) / cellLon));
  const ny = Math.max(1, Math.ceil((maxLat - minLat) / cellLat));
  const cx = (lon: number): number => Math.min(nx - 1, Math.floor((lon - minLon) / cellLon));
  const cy = (lat: number): number => Math.min(ny - 1, Math.floor((lat - minLat) / cellLat));
  // Cell -> boundaries with an edge there, as a compressed sparse row: owners[start[c] .. start[c + 1]).
  // Two passes over the edges (count, then fill); owners come out in ascending (input) order.
  const cells = nx * ny;
  const start = new Int32Array(cells + 1);
  const lastOwner = new Int32Array(cells).fill(-1);
  const forEachEdgeCell = (visit: (cell: number, i: number) => void): void => {
    for (let i = 0; i < n; i++) {
      for (const part of parts[i] as PolygonPart[]) {
        for (const ring of part.geometry.coordinates) {
          for (let k = 0; k + 1 < ring.length; k++) {
            const [x1, y1] = ring[k] as [number, number];
            const [x2, y2] = ring[k + 1] as [number, number];
            const ix1 = cx(Math.max(x1, x2));
            const iy1 = cy(Math.max(y1, y2));
            for (let iy = cy(Math.min(y1, y2)); iy <= iy1; iy++) {
              for (let ix = cx(Math.min(x1, x2)); ix <= ix1; ix++) {
                const c = iy * nx + ix;
                if (lastOwner[c] !== i) {
                  lastOwner[c] = i;
                  visit(c, i);
                }
              }
            }
          }
        }
      }
    }
  };
  forEachEdgeCell((c) => {
    start[c + 1] = (start[c + 1] as number) + 1;
  });
  for (let c = 0; c < cells; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number);
  const owners = new Int32Array(start[cells] as number);
  const fill = start.slice(0, cells);
  lastOwner.fill(-1);
  forEachEdgeCell((c, i) => {
    owners[fill[c] as number] = i;
    fill[c] = (fill[c] as number) + 1;
  });

  const UNKNOWN = -2;
  const cellAnswer = new Int32Array(cells).fill(UNKNOWN); // edge-free cells, filled on first use

  return function locate(lat: number, lon: number): string | undefined {
    if (!(lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat)) return undefined; // also NaN
    const ix = cx(lon);
    const iy = cy(lat);
    const key = iy * nx + ix;
    const from = start[key] as number;
    const to = start[key + 1] as number;
    if (to > from) {
      for (let k = from; k < to; k++) if (inBoundary(owners[k] as number, lat, lon)) return codes[owners[k] as number];
      return undefined;
    }
    let answer = cellAnswer[key] as number;
    if (answer === UNKNOWN) {
      answer = scanAll(minLat + (iy + 0.5) * cellLat, minLon + (ix + 0.5) * cellLon);
      cellAnswer[key] = answer;
    }
    return answer < 0 ? undefined : codes[answer];
  };
}

/**
 * Index parsed boundaries for lookup; `authorityAt` is {@link createLocator} over them.
 *
 * @example
 * const idx = createAuthorityIndex(parseAuthorities(json));
 * idx.authorityAt({ lat: 52.4081, lon: -1.5106 }); // "E08000026" (Coventry)
 */
export function createAuthorityIndex(features: readonly AuthorityFeature[]): AuthorityIndex {
  const byCode = new Map<string, AuthorityFeature>();
  for (const f of features) byCode.set(f.authority.code, f);
  const locate = createLocator(features.map((f) => ({ code: f.authority.code, geometry: f.geometry })));
  const frozenFeatures = Object.freeze([...features]);
  const authorities = Object.freeze(features.map((f) => f.authority));
  return {
    size: features.length,
    features: () => frozenFeatures,
    authorities: () => authorities,
    authority: (code) => byCode.get(code)?.authority,
    geometry: (code) => byCode.get(code)?.geometry,
    authorityAt: (p) => locate(p.lat, p.lon),
  };
}

/**
 * Load the shipped boundaries (`opendata/geo/england_ctyua_2023_bsc.geojson`, the 153 English upper-tier
 * authorities, generalised to 200 m and clipped to the coastline).
 *
 * @param file Absolute path; defaults to the shipped file under the package root.
 * @example
 * loadAuthorities().authority('E08000026')?.name; // "Coventry"
 */
export function loadAuthorities(file: string = fromRoot(GEO_FILES.authorities)): AuthorityIndex {
  return createAuthorityIndex(parseAuthorities(JSON.parse(readFileSync(file, 'utf8'))));
}
