import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { NotFoundError } from '../domain/errors.js';
import type { HomeType } from '../domain/home.js';
import { DEMO_FILES, demoDataPath } from './paths.js';

/**
 * The DfE "Children looked after in England" statistics at 31 March (opendata/dfe/, OGL v3), read per
 * authority: how many children, the placement mix, inside/outside the boundary, within/over 20 miles.
 */

/**
 * Placement groups as the calibration compares them (DfE's "Placement" rows, two "other" rows merged).
 *
 * @example
 * DFE_MIX_KEYS.map((k) => dfePlacementProfile('E08000026').mixShares[k]); // seven shares summing to 1
 */
export const DFE_MIX_KEYS = ['foster', 'childrens_homes', 'supported', 'with_parents', 'adoption', 'residential_schools', 'other'] as const;
/** One of {@link DFE_MIX_KEYS}. */
export type DfeMixKey = (typeof DFE_MIX_KEYS)[number];

/** DfE's raw placement rows (the 8 published categories). */
const RAW_KEYS = [
  'foster',
  'childrens_homes',
  'supported',
  'with_parents',
  'adoption',
  'residential_schools',
  'other_residential',
  'other_placements',
] as const;
type RawKey = (typeof RAW_KEYS)[number];

const RAW_TO_MIX: Record<RawKey, DfeMixKey> = {
  foster: 'foster',
  childrens_homes: 'childrens_homes',
  supported: 'supported',
  with_parents: 'with_parents',
  adoption: 'adoption',
  residential_schools: 'residential_schools',
  other_residential: 'other',
  other_placements: 'other',
};

function rawKeyOf(characteristic: string): RawKey | 'total' | undefined {
  const c = characteristic.toLowerCase();
  if (c === 'total') return 'total';
  if (c.startsWith('foster')) return 'foster';
  if (c.includes("children's homes") || c.includes('secure')) return 'childrens_homes';
  if (c.includes('independent') || c.includes('supported accommodation')) return 'supported';
  if (c.startsWith('placed with parents')) return 'with_parents';
  if (c.startsWith('placed for adoption')) return 'adoption';
  if (c.startsWith('residential schools')) return 'residential_schools';
  if (c.startsWith('other residential')) return 'other_residential';
  if (c.startsWith('other placements')) return 'other_placements';
  return undefined;
}

/** Inside or outside the placing authority's boundary. */
export type Locality = 'inside' | 'outside';
/** DfE's distance bands between home and placement. */
export type DistanceBand = 'within20' | 'over20' | 'unknown';

/**
 * Parse a DfE number. Suppression and special codes become null: `c` (suppressed), `z` (not applicable),
 * `x` (not available), `k` (under 0.5%), `low`, `u` (low reliability), `:` and `..`, and blanks.
 *
 * @example
 * parseDfeNumber('1,421'); // 1421
 * parseDfeNumber('c');     // null
 */
export function parseDfeNumber(value: string | undefined): number | null {
  if (value === undefined) return null;
  const v = value.trim().replace(/,/g, '');
  if (v === '' || !/^-?\d+(\.\d+)?$/.test(v)) return null;
  return Number(v);
}

/** One parsed row of the DfE CSVs. */
export interface DfeRow {
  readonly year: number;
  readonly level: 'National' | 'Regional' | 'Local authority' | string;
  readonly regionCode: string;
  readonly laCode: string;
  readonly laNumber: string;
  readonly laName: string;
  readonly group: string;
  readonly characteristic: string;
  readonly number: number | null;
}

const fileCache = new Map<string, DfeRow[]>();

function readDfeFile(file: readonly string[]): DfeRow[] {
  const key = file.join('/');
  const hit = fileCache.get(key);
  if (hit) return hit;
  const text = readFileSync(demoDataPath(...file), 'utf8');
  const records = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const rows = records.map(
    (r): DfeRow => ({
      year: Number(r.time_period),
      level: r.geographic_level ?? '',
      regionCode: r.region_code ?? '',
      laCode: r.la_code ?? '',
      laNumber: r.la_number ?? '',
      laName: r.la_name ?? '',
      group: r.cla_group ?? '',
      characteristic: r.characteristic ?? '',
      number: parseDfeNumber(r.number),
    }),
  );
  fileCache.set(key, rows);
  return rows;
}

let allCache: DfeRow[] | undefined;

/**
 * Rows of the DfE files. `scope: 'west-midlands'` reads only the West Midlands 2021-2025 file (England,
 * region and its 14 authorities); `'all'` (default) adds the England 2025 file for the other 139 authorities,
 * deduplicated (the West Midlands file wins for its rows). Files are read once and cached.
 *
 * @example
 * dfeRows().filter((r) => r.laCode === 'E08000026' && r.year === 2025).length; // 36
 */
export function dfeRows(scope: 'west-midlands' | 'all' = 'all'): readonly DfeRow[] {
  const wm = readDfeFile(DEMO_FILES.dfeWestMidlands);
  if (scope === 'west-midlands') return wm;
  if (allCache) return allCache;
  const seen = new Set<string>();
  const out: DfeRow[] = [];
  for (const row of [...wm, ...readDfeFile(DEMO_FILES.dfeEngland)]) {
    const key = `${row.year}|${row.level}|${row.regionCode}|${row.laCode}|${row.group}|${row.characteristic}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(row);
  }
  allCache = out;
  return out;
}

/** An authority as listed by the DfE. */
export interface DfeAuthority {
  readonly laCode: string;
  readonly laName: string;
  /** DfE's 3-digit LA number (e.g. "331" for Coventry). */
  readonly laNumber: string;
  /** Children looked after at 31 March of the year; null when DfE suppressed it (City of London). */
  readonly total: number | null;
}

/** Per-authority figures for one year, with suppressed cells imputed (and listed). */
export interface DfePlacementProfile {
  readonly laCode: string;
  readonly laName: string;
  readonly laNumber: string;
  readonly year: number;
  /** Children looked after at 31 March. */
  readonly total: number;
  /** Published counts per placement group; null when suppressed (or a merged part is suppressed). */
  readonly mixCounts: Readonly<Record<DfeMixKey, number | null>>;
  /** Shares per placement group summing to 1, suppressed counts imputed (see {@link imputedMix}). */
  readonly mixShares: Readonly<Record<DfeMixKey, number>>;
  /** Placement groups whose share is (partly) imputed because DfE suppressed the count. */
  readonly imputedMix: readonly DfeMixKey[];
  /** Share placed inside the authority's boundary (published counts). */
  readonly insideShare: number;
  /** Share placed more than 20 miles from home, of all children (published). */
  readonly over20Share: number;
  /** Share with distance not known or not recorded (published). */
  readonly unknownDistanceShare: number;
  /** Share within 20 miles, of the children whose distance is known: within / (within + over). */
  readonly within20ShareOfKnown: number;
  /**
   * Locality x distance shares summing to 1, with the "distance not known" children spread over the two
   * distance bands in proportion within their locality, and suppressed cells imputed.
   */
  readonly joint: Readonly<Record<`${Locality}_${'within20' | 'over20'}`, number>>;
}

function lookup(rows: readonly DfeRow[], group: string): Map<string, number | null> {
  const m = new Map<string, number | null>();
  for (const r of rows) if (r.group === group) m.set(r.characteristic, r.number);
  return m;
}

function sliceFor(laCode: string | null, year: number, level?: string): DfeRow[] {
  // The West Midlands file holds England's national rows and its 14 authorities: avoid the larger file when it will do.
  const scope = laCode === null || WEST_MIDLANDS_CODES.includes(laCode) ? 'west-midlands' : 'all';
  return dfeRows(scope).filter(
    (r) => r.year === year && (laCode === null ? r.level === (level ?? 'National') : r.laCode === laCode && r.level === 'Local authority'),
  );
}

let nationalCache: { raw: Record<RawKey, number>; joint: Record<string, number> } | undefined;

/** England 2025 raw placement counts and joint locality/distance counts, used to spread suppressed residuals. */
function nationalWeights(): { raw: Record<RawKey, number>; joint: Record<string, number> } {
  if (nationalCache) return nationalCache;
  const rows = sliceFor(null, 2025, 'National');
  const raw = Object.fromEntries(RAW_KEYS.map((k) => [k, 0])) as Record<RawKey, number>;
  for (const r of rows) {
    if (r.group !== 'Placement') continue;
    const k = rawKeyOf(r.characteristic);
    if (k && k !== 'total') raw[k] = r.number ?? 0;
  }
  const joint: Record<string, number> = {};
  for (const r of rows) {
    if (r.group !== 'Distance between home and placement and locality of placement') continue;
    const cell = jointCellOf(r.characteristic);
    if (cell) joint[cell] = r.number ?? 0;
  }
  nationalCache = { raw, joint };
  return nationalCache;
}

function jointCellOf(characteristic: string): `${Locality}_${DistanceBand}` | undefined {
  const c = characteristic.toLowerCase();
  const loc: Locality | undefined = c.includes('inside') ? 'inside' : c.includes('outside') ? 'outside' : undefined;
  if (!loc) return undefined;
  const band: DistanceBand | undefined = c.includes('20 miles or less')
    ? 'within20'
    : c.includes('more than 20 miles')
      ? 'over20'
      : c.includes('not known')
        ? 'unknown'
        : undefined;
  return band ? `${loc}_${band}` : undefined;
}

/** Spread `residual` over the null entries of `values` in proportion to `weights` (equal when all zero). */
function impute<K extends string>(values: Record<K, number | null>, weights: Record<K, number>, residual: number): Record<K, number> {
  const keys = Object.keys(values) as K[];
  const missing = keys.filter((k) => values[k] === null);
  const out = {} as Record<K, number>;
  const wsum = missing.reduce((s, k) => s + Math.max(0, weights[k] ?? 0), 0);
  for (const k of keys) {
    const v = values[k];
    if (v !== null) out[k] = v;
    else out[k] = Math.max(0, residual) * (wsum > 0 ? Math.max(0, weights[k] ?? 0) / wsum : 1 / missing.length);
  }
  return out;
}

const profileCache = new Map<string, DfePlacementProfile>();

/**
 * An authority's published placement profile for a year (default 2025): the West Midlands file covers
 * 2021-2025 for its 14 authorities, the England file 2025 for all 153.
 *
 * @throws NotFoundError naming the code when the authority/year is not in the data.
 * @example
 * const p = dfePlacementProfile('E08000025'); // Birmingham 2025
 * p.total;         // 2317
 * p.insideShare;   // 1421 / 2317 ≈ 0.613
 * p.mixShares.foster; // 1516 / 2317 ≈ 0.654
 */
export function dfePlacementProfile(laCode: string, year = 2025): DfePlacementProfile {
  const key = `${laCode}|${year}`;
  const hit = profileCache.get(key);
  if (hit) return hit;
  const rows = sliceFor(laCode, year);
  const first = rows[0];
  if (!first) throw new NotFoundError(`dfePlacementProfile: no DfE figures for authority "${laCode}" in ${year}`);
  const placement = lookup(rows, 'Placement');
  let total: number | null = null;
  const raw = Object.fromEntries(RAW_KEYS.map((k) => [k, null])) as Record<RawKey, number | null>;
  for (const [ch, n] of placement) {
    const k = rawKeyOf(ch);
    if (k === 'total') total = n;
    else if (k) raw[k] = n;
  }
  if (total === null || total <= 0) throw new NotFoundError(`dfePlacementProfile: no total for authority "${laCode}" in ${year}`);
  const known = RAW_KEYS.reduce((s, k) => s + (raw[k] ?? 0), 0);
  const national = nationalWeights();
  const rawFilled = impute(raw, national.raw, total - known);

  const mixCounts = Object.fromEntries(DFE_MIX_KEYS.map((k) => [k, 0])) as Record<DfeMixKey, number | null>;
  const mixFilled = Object.fromEntries(DFE_MIX_KEYS.map((k) => [k, 0])) as Record<DfeMixKey, number>;
  const imputed = new Set<DfeMixKey>();
  for (const k of RAW_KEYS) {
    const m = RAW_TO_MIX[k];
    const v = raw[k];
    mixCounts[m] = v === null || mixCounts[m] === null ? null : (mixCounts[m] as number) + v;
    if (v === null) imputed.add(m);
    mixFilled[m] += rawFilled[k];
  }
  const filledSum = DFE_MIX_KEYS.reduce((s, k) => s + mixFilled[k], 0);
  const mixShares = Object.fromEntries(DFE_MIX_KEYS.map((k) => [k, filledSum > 0 ? mixFilled[k] / filledSum : 0])) as Record<DfeMixKey, number>;

  const locality = lookup(rows, 'Locality of placement');
  let inside: number | null = null;
  let outside: number | null = null;
  for (const [ch, n] of locality) {
    const c = ch.toLowerCase();
    if (c.includes('inside')) inside = n;
    else if (c.includes('outside')) outside = n;
  }
  const distance = lookup(rows, 'Distance between home and placement');
  let within: number | null = null;
  let over: number | null = null;
  let unknown: number | null = null;
  for (const [ch, n] of distance) {
    const c = ch.toLowerCase();
    if (c.includes('20 miles or less')) within = n;
    else if (c.includes('more than 20 miles')) over = n;
    else if (c.includes('not known')) unknown = n;
  }
  inside ??= outside !== null ? total - outside : 0;
  outside ??= total - inside;

  // Joint cells, imputed within each locality.
  const cells = { inside: { within20: null, over20: null, unknown: null }, outside: { within20: null, over20: null, unknown: null } } as Record<
    Locality,
    Record<DistanceBand, number | null>
  >;
  for (const r of rows) {
    if (r.group !== 'Distance between home and placement and locality of placement') continue;
    const cell = jointCellOf(r.characteristic);
    if (!cell) continue;
    const [loc, band] = cell.split('_') as [Locality, DistanceBand];
    cells[loc][band] = r.number;
  }
  const filled = {} as Record<Locality, Record<DistanceBand, number>>;
  for (const [loc, locTotal] of [
    ['inside', inside],
    ['outside', outside],
  ] as const) {
    const c = cells[loc];
    const knownSum = (c.within20 ?? 0) + (c.over20 ?? 0) + (c.unknown ?? 0);
    const w = {
      within20: national.joint[`${loc}_within20`] ?? 1,
      over20: national.joint[`${loc}_over20`] ?? 1,
      unknown: national.joint[`${loc}_unknown`] ?? 1,
    };
    filled[loc] = impute(c, w, locTotal - knownSum);
  }
  const joint = {} as Record<`${Locality}_${'within20' | 'over20'}`, number>;
  for (const loc of ['inside', 'outside'] as const) {
    const f = filled[loc];
    const knownBands = f.within20 + f.over20;
    const pWithin = knownBands > 0 ? f.within20 / knownBands : within !== null && over !== null && within + over > 0 ? within / (within + over) : 0.5;
    joint[`${loc}_within20`] = (f.within20 + f.unknown * pWithin) / total;
    joint[`${loc}_over20`] = (f.over20 + f.unknown * (1 - pWithin)) / total;
  }

  const profile: DfePlacementProfile = {
    laCode,
    laName: first.laName,
    laNumber: first.laNumber,
    year,
    total,
    mixCounts,
    mixShares,
    imputedMix: DFE_MIX_KEYS.filter((k) => imputed.has(k)),
    insideShare: inside / total,
    over20Share: (over ?? 0) / total,
    unknownDistanceShare: (unknown ?? 0) / total,
    within20ShareOfKnown: within !== null && over !== null && within + over > 0 ? within / (within + over) : joint.inside_within20 + joint.outside_within20,
    joint,
  };
  profileCache.set(key, profile);
  return profile;
}

/**
 * The 14 West Midlands children's services authorities with their 2025 totals, ordered by ONS code.
 *
 * @example
 * dfeWestMidlandsAuthorities().map((a) => a.laCode).includes('E08000026'); // true (Coventry, 684 in 2025)
 */
export function dfeWestMidlandsAuthorities(year = 2025): DfeAuthority[] {
  return authoritiesIn(dfeRows('west-midlands'), year).filter((a) => WEST_MIDLANDS_CODES.includes(a.laCode));
}

/**
 * Every authority in the DfE data for a year (153 in 2025), ordered by ONS code. The City of London's total
 * is suppressed (null).
 *
 * @example
 * dfeAuthorities().length; // 153
 */
export function dfeAuthorities(year = 2025): DfeAuthority[] {
  return authoritiesIn(dfeRows(), year);
}

function authoritiesIn(rows: readonly DfeRow[], year: number): DfeAuthority[] {
  const out = new Map<string, DfeAuthority>();
  for (const r of rows) {
    if (r.year !== year || r.level !== 'Local authority' || r.group !== 'Placement' || r.characteristic !== 'Total') continue;
    if (out.has(r.laCode)) continue;
    out.set(r.laCode, { laCode: r.laCode, laName: r.laName, laNumber: r.laNumber, total: r.number });
  }
  return [...out.values()].sort((a, b) => (a.laCode < b.laCode ? -1 : a.laCode > b.laCode ? 1 : 0));
}

/** The 14 West Midlands upper-tier authorities (region E12000005), ONS codes in code order. */
export const WEST_MIDLANDS_CODES: readonly string[] = Object.freeze([
  'E06000019',
  'E06000020',
  'E06000021',
  'E06000051',
  'E08000025',
  'E08000026',
  'E08000027',
  'E08000028',
  'E08000029',
  'E08000030',
  'E08000031',
  'E10000028',
  'E10000031',
  'E10000034',
]);

/**
 * The DfE placement group a registry home type counts under.
 *
 * @example
 * dfeGroupOfHomeType('ifa_foster'); // 'foster'
 * dfeGroupOfHomeType('secure');     // 'childrens_homes' (DfE: "secure homes and children's homes")
 */
export function dfeGroupOfHomeType(type: HomeType): DfeMixKey {
  switch (type) {
    case 'connected_person_foster':
    case 'council_foster':
    case 'ifa_foster':
      return 'foster';
    case 'council_childrens_home':
    case 'external_childrens_home':
    case 'secure':
      return 'childrens_homes';
    case 'residential_special_school':
      return 'residential_schools';
    default:
      return 'supported';
  }
}
