import { greatCircle } from '../../../geo/distance.js';
import type { Authority, Geography, LatLon, ResolvedPostcode } from '../../../geo/types.js';

/**
 * A small in-memory {@link Geography} for unit tests: 14 real postcode-district centroids (from
 * opendata/geo/gb_postcode_district_centroids.csv), the authorities they fall in, and a hand-written
 * adjacency list. `authorityAt` returns the authority of the nearest listed district within 15 km.
 * Not for production: use `defaultGeography()` from geo/geography.ts.
 *
 * @example
 * const geo = fakeGeography();
 * geo.resolvePostcode('CV1 2AB')?.district; // "CV1"
 */
export function fakeGeography(): Geography {
  return FAKE;
}

export const COVENTRY = 'E08000026';
export const BIRMINGHAM = 'E08000025';
export const SOLIHULL = 'E08000029';
export const WARWICKSHIRE = 'E10000031';
export const WOLVERHAMPTON = 'E08000031';
export const STOKE = 'E06000021';
export const HEREFORDSHIRE = 'E06000019';
export const LEICESTER = 'E06000016';
export const STAFFORDSHIRE = 'E10000028';

const DISTRICTS: readonly (readonly [string, number, number, string])[] = [
  ['B1', 52.47987, -1.90938, BIRMINGHAM],
  ['B36', 52.50417, -1.77859, SOLIHULL],
  ['B90', 52.3983, -1.82564, SOLIHULL],
  ['CV1', 52.40937, -1.50638, COVENTRY],
  ['CV2', 52.42456, -1.46347, COVENTRY],
  ['CV3', 52.39112, -1.47805, COVENTRY],
  ['CV6', 52.43437, -1.50735, COVENTRY],
  ['CV21', 52.37695, -1.25058, WARWICKSHIRE],
  ['CV34', 52.28075, -1.57699, WARWICKSHIRE],
  ['HR1', 52.06047, -2.6769, HEREFORDSHIRE],
  ['LE1', 52.63394, -1.13283, LEICESTER],
  ['ST1', 53.02737, -2.17293, STOKE],
  ['WV1', 52.58646, -2.11579, WOLVERHAMPTON],
  ['B78', 52.60637, -1.67443, STAFFORDSHIRE],
];

const ADJ: readonly (readonly [string, string])[] = [
  [COVENTRY, WARWICKSHIRE],
  [COVENTRY, SOLIHULL],
  [BIRMINGHAM, SOLIHULL],
  [BIRMINGHAM, STAFFORDSHIRE],
  [BIRMINGHAM, WARWICKSHIRE],
  [SOLIHULL, WARWICKSHIRE],
  [WARWICKSHIRE, LEICESTER],
  [WARWICKSHIRE, STAFFORDSHIRE],
  [WOLVERHAMPTON, STAFFORDSHIRE],
  [STOKE, STAFFORDSHIRE],
];

const NAMES: Record<string, string> = {
  [COVENTRY]: 'Coventry',
  [BIRMINGHAM]: 'Birmingham',
  [SOLIHULL]: 'Solihull',
  [WARWICKSHIRE]: 'Warwickshire',
  [WOLVERHAMPTON]: 'Wolverhampton',
  [STOKE]: 'Stoke-on-Trent',
  [HEREFORDSHIRE]: 'Herefordshire, County of',
  [LEICESTER]: 'Leicester',
  [STAFFORDSHIRE]: 'Staffordshire',
};

const byDistrict = new Map<string, ResolvedPostcode>(
  DISTRICTS.map(([d, lat, lon, la]) => [d, Object.freeze({ district: d, lat, lon, laCode: la, centroidLaCode: la })]),
);
const adj = new Set(ADJ.flatMap(([a, b]) => [`${a}|${b}`, `${b}|${a}`]));
const authorities: Authority[] = Object.entries(NAMES).map(([code, name]) => {
  const first = DISTRICTS.find((d) => d[3] === code) as readonly [string, number, number, string];
  return { code, name, regionCode: code === LEICESTER ? 'E12000004' : 'E12000005', regionName: code === LEICESTER ? 'East Midlands' : 'West Midlands', centroid: { lat: first[1], lon: first[2] } };
});

function nearest(p: LatLon): { district: string; km: number; la: string } | undefined {
  let best: { district: string; km: number; la: string } | undefined;
  for (const [d, lat, lon, la] of DISTRICTS) {
    const km = greatCircle.km(p, { lat, lon });
    if (!best || km < best.km) best = { district: d, km, la };
  }
  return best;
}

function inRing(p: LatLon, ring: readonly (readonly number[])[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]?.[0] as number;
    const yi = ring[i]?.[1] as number;
    const xj = ring[j]?.[0] as number;
    const yj = ring[j]?.[1] as number;
    if (yi > p.lat !== yj > p.lat && p.lon < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(p: LatLon, rings: readonly (readonly (readonly number[])[])[]): boolean {
  if (!rings[0] || !inRing(p, rings[0])) return false;
  for (let k = 1; k < rings.length; k++) if (inRing(p, rings[k] as readonly (readonly number[])[])) return false;
  return true;
}

const FAKE: Geography = Object.freeze({
  distance: greatCircle,
  resolvePostcode(input: string): ResolvedPostcode | undefined {
    const compact = input.replace(/\s+/g, '').toUpperCase();
    const district = compact.length > 4 ? compact.slice(0, compact.length - 3) : compact;
    const hit = byDistrict.get(district);
    if (!hit) return undefined;
    return compact.length > 4 ? { ...hit, postcode: `${district} ${compact.slice(-3)}` } : hit;
  },
  authorityAt(p: LatLon): string | undefined {
    const n = nearest(p);
    return n && n.km <= 15 ? n.la : undefined;
  },
  adjoins(a: string, b: string): boolean {
    return a !== b && adj.has(`${a}|${b}`);
  },
  authority(code: string): Authority | undefined {
    return authorities.find((a) => a.code === code);
  },
  authorities(): readonly Authority[] {
    return authorities;
  },
  nearestDistrict(p: LatLon): string | undefined {
    return nearest(p)?.district;
  },
  pointInGeometry(p: LatLon, g: GeoJSON.Polygon | GeoJSON.MultiPolygon): boolean {
    if (g.type === 'Polygon') return inPolygon(p, g.coordinates);
    return g.coordinates.some((poly) => inPolygon(p, poly));
  },
});
