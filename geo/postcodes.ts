import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parsePostcode, validOutcode } from 'postcode';
import { ValidationError } from '../src/domain/errors.js';
import { fromRoot, GEO_FILES } from './paths.js';
import type { ResolvedPostcode } from './types.js';

/** One row of `opendata/geo/gb_postcode_district_centroids.csv` (see opendata/README.md). */
export interface DistrictCentroid {
  /** Outward code, upper case, e.g. "CV1", "SW1A". */
  readonly district: string;
  /** Postcode-weighted centroid (WGS84). */
  readonly lat: number;
  readonly lon: number;
  /** Number of live postcodes averaged. */
  readonly postcodes: number;
  /** "England", "Wales" or "Scotland". */
  readonly country: string;
  /** Upper-tier authority most of the district's postcodes fall in (`la_code`). */
  readonly laCode: string;
  readonly laName: string;
  /** Fraction of the district's postcodes in `laCode` (below 0.8: the district straddles a boundary). */
  readonly laShare: number;
  /** English CTYUA polygon containing the centroid (`centroid_la_code`); undefined when blank. */
  readonly centroidLaCode: string | undefined;
  /** E12 region code (England only). */
  readonly regionCode: string | undefined;
}

/** How a piece of text reads as a postcode, before any lookup. */
export type PostcodeInput =
  | { readonly kind: 'full'; readonly postcode: string; readonly district: string }
  | { readonly kind: 'district'; readonly district: string }
  | { readonly kind: 'invalid' };

/**
 * Classify text as a full postcode (validated by the `postcode` package), a district (outward code), or neither.
 * Case and spacing do not matter.
 *
 * @example
 * classifyPostcode('cv12ab');  // { kind: 'full', postcode: 'CV1 2AB', district: 'CV1' }
 * classifyPostcode(' cv1 ');   // { kind: 'district', district: 'CV1' }
 * classifyPostcode('hello');   // { kind: 'invalid' }
 */
export function classifyPostcode(input: string): PostcodeInput {
  if (typeof input !== 'string') return { kind: 'invalid' }; // defensive: callers outside TypeScript
  const compact = input.replace(/\s+/g, '').toUpperCase();
  if (compact.length >= 2 && compact.length <= 4) {
    return validOutcode(compact) ? { kind: 'district', district: compact } : { kind: 'invalid' };
  }
  if (compact.length < 5 || compact.length > 7) return { kind: 'invalid' };
  const parsed = parsePostcode(compact);
  return parsed.valid ? { kind: 'full', postcode: parsed.postcode, district: parsed.outcode } : { kind: 'invalid' };
}

/** Postcode districts loaded from the centroid file, with lookups. */
export interface PostcodeDirectory {
  /** Number of districts. */
  readonly size: number;
  /** Every district, in file order. */
  all(): readonly DistrictCentroid[];
  /** A district by outward code (any case/spacing). */
  district(code: string): DistrictCentroid | undefined;
  /** Full postcode or district to its district centroid; undefined when invalid or unknown. */
  resolvePostcode(input: string): ResolvedPostcode | undefined;
}

const REQUIRED_COLUMNS = ['district', 'lat', 'lon', 'postcodes', 'country', 'la_code', 'la_name', 'la_share', 'region_code', 'centroid_la_code'] as const;

/**
 * Parse the district centroid CSV text. Throws (naming the function, row and value) on a malformed file.
 *
 * @example
 * const rows = parseDistrictCentroids('district,lat,lon,...\nCV1,52.40937,-1.50638,...');
 */
export function parseDistrictCentroids(csvText: string): DistrictCentroid[] {
  // Arrays rather than `columns: true`: about a third faster on this file.
  const [header = [], ...rows] = parseCsv(csvText, { skip_empty_lines: true }) as string[][];
  const col = {} as Record<(typeof REQUIRED_COLUMNS)[number], number>;
  for (const name of REQUIRED_COLUMNS) {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`parseDistrictCentroids: no column "${name}" in the header`);
    col[name] = i;
  }
  return rows.map((row, r): DistrictCentroid => {
    const text = (name: (typeof REQUIRED_COLUMNS)[number]): string => (row[col[name]] ?? '').trim();
    const num = (name: (typeof REQUIRED_COLUMNS)[number]): number => {
      const raw = text(name);
      const v = Number(raw);
      if (raw === '' || !Number.isFinite(v)) {
        throw new Error(`parseDistrictCentroids: row ${r + 2} column "${name}" is not a number: ${JSON.stringify(raw)}`);
      }
      return v;
    };
    return {
      district: text('district').toUpperCase(),
      lat: num('lat'),
      lon: num('lon'),
      postcodes: num('postcodes'),
      country: text('country'),
      laCode: text('la_code'),
      laName: text('la_name'),
      laShare: num('la_share'),
      centroidLaCode: text('centroid_la_code') || undefined,
      regionCode: text('region_code') || undefined,
    };
  });
}

/**
 * Build a directory over parsed district rows.
 *
 * @example
 * const dir = createPostcodeDirectory(parseDistrictCentroids(text));
 * dir.resolvePostcode('CV1 2AB')?.district; // "CV1"
 */
export function createPostcodeDirectory(rows: readonly DistrictCentroid[]): PostcodeDirectory {
  const byDistrict = new Map<string, DistrictCentroid>();
  const resolved = new Map<string, ResolvedPostcode>();
  for (const r of rows) {
    if (byDistrict.has(r.district)) throw new Error(`createPostcodeDirectory: duplicate district "${r.district}"`);
    byDistrict.set(r.district, r);
    resolved.set(
      r.district,
      Object.freeze({ district: r.district, lat: r.lat, lon: r.lon, laCode: r.laCode || undefined, centroidLaCode: r.centroidLaCode }),
    );
  }
  const frozenRows = Object.freeze([...rows]);
  return {
    size: byDistrict.size,
    all: () => frozenRows,
    district: (code) => byDistrict.get(code.replace(/\s+/g, '').toUpperCase()),
    resolvePostcode(input) {
      const c = classifyPostcode(input);
      if (c.kind === 'invalid') return undefined;
      const hit = resolved.get(c.district);
      if (!hit) return undefined;
      return c.kind === 'full' ? { ...hit, postcode: c.postcode } : hit;
    },
  };
}

/**
 * Load the shipped district centroids (`opendata/geo/gb_postcode_district_centroids.csv`, 2,864 GB districts).
 *
 * @param file Absolute path; defaults to the shipped file under the package root.
 * @example
 * const dir = loadPostcodeDirectory();
 * dir.resolvePostcode('b1'); // { district: 'B1', lat: 52.47987, lon: -1.90938, laCode: 'E08000025', ... }
 */
export function loadPostcodeDirectory(file: string = fromRoot(GEO_FILES.postcodeDistricts)): PostcodeDirectory {
  return createPostcodeDirectory(parseDistrictCentroids(readFileSync(file, 'utf8')));
}

function quote(input: unknown): string {
  if (typeof input !== 'string') return String(JSON.stringify(input) ?? String(input));
  return JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input);
}

/**
 * Resolve a postcode or district, throwing a {@link ValidationError} (HTTP 400) with one problem at `path`
 * when the text is not a postcode (`invalid_postcode`) or is not a known district (`unknown_postcode`).
 *
 * @param resolver Anything with `resolvePostcode`, e.g. a `Geography` or a `PostcodeDirectory`.
 * @param path JSON path of the field, for the problem report.
 * @example
 * resolvePostcodeOrThrow(geo, 'CV1 2AB').district; // "CV1"
 * resolvePostcodeOrThrow(geo, 'ZZ9 9ZZ'); // throws: resolvePostcodeOrThrow: unknown postcode "ZZ9 9ZZ"
 */
export function resolvePostcodeOrThrow(
  resolver: { resolvePostcode(input: string): ResolvedPostcode | undefined },
  input: string,
  path: readonly (string | number)[] = ['postcode'],
): ResolvedPostcode {
  const hit = resolver.resolvePostcode(input);
  if (hit) return hit;
  const invalid = classifyPostcode(input).kind === 'invalid';
  const message = invalid
    ? `resolvePostcodeOrThrow: ${quote(input)} is not a UK postcode or postcode district`
    : `resolvePostcodeOrThrow: unknown postcode ${quote(input)}`;
  throw new ValidationError(message, [{ path, message, code: invalid ? 'invalid_postcode' : 'unknown_postcode' }]);
}
