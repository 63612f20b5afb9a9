import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { haversineKm } from '../../geo/distance.js';
import { NotFoundError } from '../domain/errors.js';
import { DEMO_FILES, demoDataPath } from './paths.js';

/** One English postcode district as the demo generator uses it. */
export interface DemoDistrict {
  /** Outward code, e.g. "CV1". */
  readonly code: string;
  readonly lat: number;
  readonly lon: number;
  /** Live postcodes averaged into the centroid: the generator's population weight. */
  readonly postcodes: number;
  /** Upper-tier authority most of the district's postcodes fall in (`la_code`). */
  readonly laCode: string;
  readonly laName: string;
  /** Authority whose boundary contains the centroid (`centroid_la_code`), or '' when none. */
  readonly centroidLaCode: string;
  readonly regionCode: string;
  /**
   * True when the district can carry generated people and homes: `la_code` equals `centroid_la_code` (the
   * district does not straddle a boundary, so "inside the authority" is unambiguous) and it has at least
   * {@link MIN_POSTCODES} postcodes (drops non-geographic districts such as B99 or WR99).
   */
  readonly usable: boolean;
}

/** Districts with fewer postcodes than this are non-geographic or tiny and get no generated people or homes. */
export const MIN_POSTCODES = 100;

/** The West Midlands region code (E12000005). */
export const WEST_MIDLANDS_REGION = 'E12000005';

/** The district table, with lookups. */
export interface DistrictTable {
  /** Every English district in file order. */
  readonly all: readonly DemoDistrict[];
  /** Usable districts (see {@link DemoDistrict.usable}) in file order. */
  readonly usable: readonly DemoDistrict[];
  get(code: string): DemoDistrict | undefined;
  /** Usable districts of an authority, in file order. Throws NotFoundError when there are none. */
  ofAuthority(laCode: string): readonly DemoDistrict[];
  /** The English district whose centroid is nearest the point (linear scan, ~2,200 rows). */
  nearest(lat: number, lon: number): DemoDistrict;
}

let cached: DistrictTable | undefined;

/**
 * Load the English postcode district centroids (opendata/geo/gb_postcode_district_centroids.csv), cached.
 *
 * @example
 * const t = loadDistricts();
 * t.ofAuthority('E08000026').map((d) => d.code); // ['CV1', 'CV2', 'CV3', 'CV4', 'CV5', 'CV6']
 */
export function loadDistricts(): DistrictTable {
  if (cached) return cached;
  const text = readFileSync(demoDataPath(...DEMO_FILES.districts), 'utf8');
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const all: DemoDistrict[] = [];
  for (const r of rows) {
    if (r.country !== 'England') continue;
    const laCode = r.la_code ?? '';
    const centroidLaCode = r.centroid_la_code ?? '';
    const postcodes = Number(r.postcodes);
    all.push({
      code: r.district ?? '',
      lat: Number(r.lat),
      lon: Number(r.lon),
      postcodes,
      laCode,
      laName: r.la_name ?? '',
      centroidLaCode,
      regionCode: r.region_code ?? '',
      usable: laCode !== '' && laCode === centroidLaCode && postcodes >= MIN_POSTCODES,
    });
  }
  cached = createDistrictTable(all);
  return cached;
}

/**
 * Build a table from rows (exported for tests with hand-made rows).
 *
 * @example
 * createDistrictTable([{ code: 'CV1', lat: 52.4, lon: -1.5, postcodes: 700, laCode: 'E08000026', laName: 'Coventry',
 *   centroidLaCode: 'E08000026', regionCode: 'E12000005', usable: true }]).get('CV1');
 */
export function createDistrictTable(all: readonly DemoDistrict[]): DistrictTable {
  const byCode = new Map(all.map((d) => [d.code, d]));
  const usable = all.filter((d) => d.usable);
  const byLa = new Map<string, DemoDistrict[]>();
  for (const d of usable) {
    const list = byLa.get(d.laCode);
    if (list) list.push(d);
    else byLa.set(d.laCode, [d]);
  }
  return {
    all,
    usable,
    get: (code) => byCode.get(code.toUpperCase()),
    ofAuthority(laCode) {
      const list = byLa.get(laCode);
      if (!list || list.length === 0) throw new NotFoundError(`loadDistricts: no postcode districts for authority "${laCode}"`);
      return list;
    },
    nearest(lat, lon) {
      let best: DemoDistrict | undefined;
      let bestKm = Infinity;
      for (const d of all) {
        const km = haversineKm(lat, lon, d.lat, d.lon);
        if (km < bestKm) {
          bestKm = km;
          best = d;
        }
      }
      if (!best) throw new NotFoundError('loadDistricts: the district table is empty');
      return best;
    },
  };
}
