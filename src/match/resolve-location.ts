import { classifyPostcode } from '../../geo/postcodes.js';
import type { Geography, LatLon } from '../../geo/types.js';
import type { Location, Problem } from '../domain/index.js';

/** A location resolved to coordinates, its postcode district and the authority whose boundary contains it. */
export interface ResolvedPoint {
  readonly point: LatLon;
  readonly district: string | undefined;
  readonly authority: string | undefined;
}

/**
 * Cache of resolutions by district, shared across many homes (the point-in-polygon authority lookup is
 * done once per district).
 */
export type LocationCache = Map<string, ResolvedPoint>;

/**
 * Each cache's resolutions by location text (postcode or district as given), beside its by-district
 * entries: a batch of 80,000 children names ~2,000 distinct texts, and a text seen before needs no
 * postcode parse. Exact: a text resolves to the district's cached point the first time, and every later
 * time. Weak, so it dies with its cache.
 */
const BY_TEXT = new WeakMap<LocationCache, Map<string, ResolvedPoint>>();

function quote(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

/**
 * Resolve a Location (postcode, district or lat/lon) to a point, district and authority (derived from the
 * real boundary: `geo.authorityAt` on the point). Returns a Problem naming the field path instead of
 * throwing, so callers can collect every problem before any work.
 *
 * @param fn the calling function's name, for the message
 * @param suffix path entries after `path` (the problem's path is `[...path, ...suffix, field]`): batch
 *   callers pass a constant suffix, so no path array is built for a location that resolves
 * @example
 * resolveLocation({ postcode: 'CV1 2AB' }, geo, ['child', 'homeLocation'], 'resolveSubject');
 * // { point: { lat: 52.40937, lon: -1.50638 }, district: 'CV1', authority: 'E08000026' }
 * resolveLocation({ postcode: 'ZZ9 9ZZ' }, geo, ['child', 'homeLocation'], 'resolveSubject');
 * // { path: ['child', 'homeLocation', 'postcode'], code: 'unknown_postcode', message: 'resolveSubject: unknown postcode "ZZ9 9ZZ"' }
 */
export function resolveLocation(
  loc: Location,
  geo: Geography,
  path: readonly (string | number)[],
  fn: string,
  cache?: LocationCache,
  suffix?: readonly (string | number)[],
): ResolvedPoint | Problem {
  if ('lat' in loc) {
    const point = Object.freeze({ lat: loc.lat, lon: loc.lon });
    return Object.freeze({ point, district: geo.nearestDistrict(point), authority: geo.authorityAt(point) });
  }
  const text = 'postcode' in loc ? loc.postcode : loc.district;
  let byText: Map<string, ResolvedPoint> | undefined;
  if (cache) {
    byText = BY_TEXT.get(cache);
    if (byText === undefined) BY_TEXT.set(cache, (byText = new Map()));
    const known = byText.get(text);
    if (known !== undefined) return known;
  }
  const field = 'postcode' in loc ? 'postcode' : 'district';
  const hit = geo.resolvePostcode(text);
  if (!hit) {
    const invalid = classifyPostcode(text).kind === 'invalid';
    return {
      path: suffix ? [...path, ...suffix, field] : [...path, field],
      code: invalid ? 'invalid_postcode' : 'unknown_postcode',
      message: invalid
        ? `${fn}: ${quote(text)} is not a UK postcode or postcode district`
        : `${fn}: unknown ${field === 'postcode' ? 'postcode' : 'postcode district'} ${quote(text)}`,
    };
  }
  const cached = cache?.get(hit.district);
  if (cached) {
    byText?.set(text, cached);
    return cached;
  }
  const point = Object.freeze({ lat: hit.lat, lon: hit.lon });
  const r: ResolvedPoint = Object.freeze({ point, district: hit.district, authority: geo.authorityAt(point) });
  cache?.set(hit.district, r);
  byText?.set(text, r);
  return r;
}

/**
 * True when `resolveLocation` returned a problem.
 *
 * @example
 * const r = resolveLocation(loc, geo, ['location'], 'fn');
 * if (isProblem(r)) problems.push(r);
 */
export function isProblem(x: ResolvedPoint | Problem): x is Problem {
  return 'code' in x;
}
