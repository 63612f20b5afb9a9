/**
 * The geography contract the rest of Homefinder depends on. Implementations live beside this file;
 * scoring and matching only ever see these interfaces, so a road travel-time provider can replace
 * great-circle distance without touching them.
 */

/** A WGS84 point. */
export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

/**
 * Distance between two points, in kilometres. `id` names the provider in explanations
 * (e.g. "great-circle", "road-time-km-equivalent").
 *
 * @example
 * const d: DistanceProvider = greatCircle;
 * d.km({ lat: 52.40, lon: -1.51 }, { lat: 52.48, lon: -1.90 }); // ≈ 28
 */
export interface DistanceProvider {
  readonly id: string;
  km(a: LatLon, b: LatLon): number;
}

/** A postcode (full or district) resolved to a district centroid. */
export interface ResolvedPostcode extends LatLon {
  /** Outward code, upper case, e.g. "CV1". */
  readonly district: string;
  /** The upper-tier (children's services) authority most of the district's postcodes fall in. */
  readonly laCode: string | undefined;
  /**
   * The authority whose boundary contains the district centroid itself (point-in-polygon), which differs
   * from `laCode` for districts straddling a boundary (e.g. B78). Undefined outside England.
   * (Added by geo/postcodes.ts; optional so hand-built values stay valid.)
   */
  readonly centroidLaCode?: string | undefined;
  /** The normalised full postcode ("CV1 2AB") when the input was a full postcode; absent for a district. */
  readonly postcode?: string | undefined;
}

/** An upper-tier (children's services) authority. */
export interface Authority {
  readonly code: string;
  readonly name: string;
  readonly regionCode: string;
  readonly regionName: string;
  /** ONS published centroid. */
  readonly centroid: LatLon;
}

/**
 * Everything geographic that matching needs. Pure and synchronous once loaded.
 */
export interface Geography {
  readonly distance: DistanceProvider;
  /** Full postcode ("CV1 2AB") or district ("CV1"), any case/spacing. Undefined when unknown. */
  resolvePostcode(input: string): ResolvedPostcode | undefined;
  /** The authority whose boundary contains the point (point-in-polygon), or undefined outside England. */
  authorityAt(p: LatLon): string | undefined;
  /** True when the two authorities share a border (never true for a code and itself). */
  adjoins(a: string, b: string): boolean;
  authority(code: string): Authority | undefined;
  authorities(): readonly Authority[];
  /** The postcode district whose centroid is nearest the point. */
  nearestDistrict(p: LatLon): string | undefined;
  /** True when the point lies inside the given GeoJSON Polygon or MultiPolygon geometry. */
  pointInGeometry(p: LatLon, geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon): boolean;
}
