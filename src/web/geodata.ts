import { readFileSync } from 'node:fs';
import { fromRoot, OPENDATA_GEO_DIR } from '../../geo/paths.js';
import { parseDistrictCentroids, type DistrictCentroid } from '../../geo/postcodes.js';
import { join } from 'node:path';

/** The map scopes the page can ask for: the demo region, or all of England. */
export const MAP_SCOPES = ['west_midlands', 'england'] as const;
export type MapScope = (typeof MAP_SCOPES)[number];

/** ONS region code of the West Midlands (E12000005), the demo region. */
export const WEST_MIDLANDS_REGION = 'E12000005';

const AUTHORITY_FILES: Record<MapScope, string> = {
  west_midlands: join(OPENDATA_GEO_DIR, 'west_midlands_ctyua_2023_bsc.geojson'),
  england: join(OPENDATA_GEO_DIR, 'england_ctyua_2023_bsc.geojson'),
};

/** One postcode district centroid as the page plots it. */
export interface DistrictPoint {
  readonly district: string;
  readonly lat: number;
  readonly lon: number;
  /** Upper-tier authority most of the district's postcodes fall in. */
  readonly authority: string;
  readonly authorityName: string;
}

/** The body of `GET /web/districts.json`. */
export interface DistrictsPayload {
  readonly scope: MapScope;
  readonly count: number;
  readonly districts: readonly DistrictPoint[];
  readonly attribution: string;
}

/**
 * Read a scope query value; undefined or empty means the demo region.
 *
 * @example
 * parseScope(undefined); // 'west_midlands'
 * parseScope('england'); // 'england'
 * parseScope('mars');    // null
 */
export function parseScope(value: unknown): MapScope | null {
  if (value === undefined || value === '') return 'west_midlands';
  return typeof value === 'string' && (MAP_SCOPES as readonly string[]).includes(value) ? (value as MapScope) : null;
}

const authorityCache = new Map<MapScope, Buffer>();

/**
 * The real upper-tier authority boundaries (ONS CTYUA Dec 2023 BSC) for a scope, as GeoJSON bytes, read once.
 *
 * @example
 * JSON.parse(authoritiesGeoJson('west_midlands').toString()).features.length; // 14
 */
export function authoritiesGeoJson(scope: MapScope): Buffer {
  let buf = authorityCache.get(scope);
  if (!buf) {
    buf = readFileSync(fromRoot(AUTHORITY_FILES[scope]));
    authorityCache.set(scope, buf);
  }
  return buf;
}

/**
 * The districts of a scope: for the West Midlands, every district in the region plus any whose postcodes or
 * centroid fall mainly in one of its authorities (cross-boundary districts such as B78 or CV7 included).
 *
 * @example
 * selectDistricts(rows, 'west_midlands', new Set(['E08000026'])).some((d) => d.district === 'CV1'); // true
 */
export function selectDistricts(rows: readonly DistrictCentroid[], scope: MapScope, regionAuthorities: ReadonlySet<string>): DistrictPoint[] {
  const keep = (r: DistrictCentroid): boolean =>
    scope === 'england'
      ? r.country === 'England'
      : r.regionCode === WEST_MIDLANDS_REGION || regionAuthorities.has(r.laCode) || (r.centroidLaCode !== undefined && regionAuthorities.has(r.centroidLaCode));
  return rows.filter(keep).map((r) => ({ district: r.district, lat: r.lat, lon: r.lon, authority: r.laCode, authorityName: r.laName }));
}

const districtCache = new Map<MapScope, DistrictsPayload>();

/** Attribution the open data requires (opendata/README.md). */
export const GEO_ATTRIBUTION =
  'Source: Office for National Statistics, OGL v3. Contains OS data © Crown copyright and database right 2025. Contains Royal Mail data © Royal Mail copyright and database right 2025.';

/**
 * Postcode district centroids for a scope (OS Code-Point Open 2025), read and filtered once.
 *
 * @example
 * districtsPayload('west_midlands').districts.find((d) => d.district === 'CV1')?.lat; // 52.40937
 */
export function districtsPayload(scope: MapScope): DistrictsPayload {
  let payload = districtCache.get(scope);
  if (!payload) {
    const rows = parseDistrictCentroids(readFileSync(fromRoot(OPENDATA_GEO_DIR, 'gb_postcode_district_centroids.csv'), 'utf8'));
    const region = JSON.parse(authoritiesGeoJson('west_midlands').toString('utf8')) as { features: { properties: { code: string } }[] };
    const codes = new Set(region.features.map((f) => f.properties.code));
    const districts = selectDistricts(rows, scope, codes);
    payload = Object.freeze({ scope, count: districts.length, districts, attribution: GEO_ATTRIBUTION });
    districtCache.set(scope, payload);
  }
  return payload;
}
