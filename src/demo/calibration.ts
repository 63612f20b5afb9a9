import { haversineKm, MILES_20_KM } from '../../geo/distance.js';
import type { Child } from '../domain/child.js';
import type { Location } from '../domain/location.js';
import type { Home } from '../domain/home.js';
import { DFE_MIX_KEYS, dfeGroupOfHomeType, dfePlacementProfile, type DfeMixKey } from './dfe.js';
import { loadDistricts, type DemoDistrict, type DistrictTable } from './districts.js';
import type { OtherPlacement } from './generate.js';

/** A generated share next to the published one. Shares are 0..1; the error is in percentage points. */
export interface ShareComparison {
  readonly generated: number;
  readonly dfe: number;
  /** |generated - dfe| x 100. */
  readonly errorPts: number;
  /** True when the DfE figure was (partly) imputed because DfE suppressed the count. */
  readonly imputed: boolean;
}

/** One authority's calibration. */
export interface AuthorityCalibration {
  readonly laCode: string;
  readonly laName: string;
  /** Children in the comparison (registry-placed plus those with parents / adopters / elsewhere). */
  readonly children: number;
  /** Children of the authority left out because their placement could not be resolved. */
  readonly unresolved: number;
  readonly dfeTotal: number;
  readonly mix: Readonly<Record<DfeMixKey, ShareComparison>>;
  /** Share placed inside the authority's boundary. */
  readonly inside: ShareComparison;
  /** Share within 20 miles of home (DfE: of those whose distance is known). */
  readonly within20: ShareComparison;
  /** Largest placement-mix error, percentage points. */
  readonly maxMixErrorPts: number;
}

/** The calibration report: per authority, and the worst and mean errors across them. */
export interface CalibrationReport {
  readonly year: number;
  readonly authorities: readonly AuthorityCalibration[];
  readonly summary: {
    readonly maxMixErrorPts: number;
    readonly maxInsideErrorPts: number;
    readonly maxWithin20ErrorPts: number;
    readonly meanMixErrorPts: number;
    readonly meanInsideErrorPts: number;
    readonly meanWithin20ErrorPts: number;
  };
}

/** What {@link calibrate} needs: the children, the homes, and optionally the placements outside the registry. */
export interface CalibrationInput {
  readonly children: readonly Child[];
  readonly homes: readonly Home[];
  readonly meta?: { readonly otherPlacements?: readonly OtherPlacement[] };
}

function districtOf(loc: Location, table: DistrictTable): DemoDistrict | undefined {
  if ('district' in loc) return table.get(loc.district);
  if ('postcode' in loc) {
    const outward = loc.postcode.trim().toUpperCase().replace(/\s+/g, ' ').split(' ')[0] ?? '';
    return table.get(outward.length > 4 ? outward.slice(0, -3) : outward);
  }
  return table.nearest(loc.lat, loc.lon);
}

function cmp(generated: number, dfe: number, imputed: boolean): ShareComparison {
  return { generated, dfe, errorPts: Math.abs(generated - dfe) * 100, imputed };
}

/**
 * Compare a baseline (children with a current placement, resolved by their home's type and location, plus
 * the children the generator placed outside the registry, from `meta.otherPlacements`) with the DfE figures
 * for each placing authority: placement mix shares, share inside the boundary (the home's `authority`, else
 * the authority containing its district centroid), and share within 20 miles (great-circle between the home
 * and placement district centroids, against DfE's share of children whose distance is known).
 *
 * @example
 * const report = calibrate(generateDemo({ seed: 1 }));
 * report.summary.maxInsideErrorPts; // a few points at most
 * console.log(formatCalibration(report));
 */
export function calibrate(input: CalibrationInput, year = 2025): CalibrationReport {
  const table = loadDistricts();
  const homes = new Map(input.homes.map((h) => [h.id, h]));
  const others = new Map((input.meta?.otherPlacements ?? []).map((o) => [o.childId, o]));
  interface Tally {
    n: number;
    unresolved: number;
    mix: Record<DfeMixKey, number>;
    inside: number;
    within20: number;
  }
  const tallies = new Map<string, Tally>();
  for (const c of input.children) {
    let t = tallies.get(c.placingAuthority);
    if (!t) {
      t = { n: 0, unresolved: 0, mix: Object.fromEntries(DFE_MIX_KEYS.map((k) => [k, 0])) as Record<DfeMixKey, number>, inside: 0, within20: 0 };
      tallies.set(c.placingAuthority, t);
    }
    let group: DfeMixKey | undefined;
    let where: DemoDistrict | undefined;
    let authority: string | undefined;
    const home = c.currentPlacement ? homes.get(c.currentPlacement.homeId) : undefined;
    if (home) {
      group = dfeGroupOfHomeType(home.type);
      where = districtOf(home.location, table);
      authority = home.authority ?? (where?.centroidLaCode || where?.laCode);
    } else {
      const o = others.get(c.id);
      if (o) {
        group = o.category;
        where = table.get(o.district);
        authority = where?.centroidLaCode || where?.laCode;
      }
    }
    const from = districtOf(c.homeLocation, table);
    if (!group || !where || !from) {
      t.unresolved += 1;
      continue;
    }
    t.n += 1;
    t.mix[group] += 1;
    if (authority === c.placingAuthority) t.inside += 1;
    if (haversineKm(from.lat, from.lon, where.lat, where.lon) <= MILES_20_KM) t.within20 += 1;
  }

  const authorities: AuthorityCalibration[] = [];
  for (const [laCode, t] of [...tallies].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const p = dfePlacementProfile(laCode, year);
    const n = Math.max(1, t.n);
    const mix = Object.fromEntries(DFE_MIX_KEYS.map((k) => [k, cmp(t.mix[k] / n, p.mixShares[k], p.imputedMix.includes(k))])) as Record<
      DfeMixKey,
      ShareComparison
    >;
    authorities.push({
      laCode,
      laName: p.laName,
      children: t.n,
      unresolved: t.unresolved,
      dfeTotal: p.total,
      mix,
      inside: cmp(t.inside / n, p.insideShare, false),
      within20: cmp(t.within20 / n, p.within20ShareOfKnown, false),
      maxMixErrorPts: Math.max(...DFE_MIX_KEYS.map((k) => mix[k].errorPts)),
    });
  }
  const max = (f: (a: AuthorityCalibration) => number): number => (authorities.length ? Math.max(...authorities.map(f)) : 0);
  const mean = (f: (a: AuthorityCalibration) => number): number => (authorities.length ? authorities.reduce((s, a) => s + f(a), 0) / authorities.length : 0);
  return {
    year,
    authorities,
    summary: {
      maxMixErrorPts: max((a) => a.maxMixErrorPts),
      maxInsideErrorPts: max((a) => a.inside.errorPts),
      maxWithin20ErrorPts: max((a) => a.within20.errorPts),
      meanMixErrorPts: mean((a) => DFE_MIX_KEYS.reduce((s, k) => s + a.mix[k].errorPts, 0) / DFE_MIX_KEYS.length),
      meanInsideErrorPts: mean((a) => a.inside.errorPts),
      meanWithin20ErrorPts: mean((a) => a.within20.errorPts),
    },
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}`;

/**
 * A Markdown table of a calibration report: per authority, generated vs DfE (%) for foster, children's
 * homes, supported, inside the boundary and within 20 miles, and the largest mix error (points).
 * DfE figures marked * were imputed from suppressed counts.
 *
 * @example
 * console.log(formatCalibration(calibrate(demo)));
 */
export function formatCalibration(report: CalibrationReport): string {
  const head =
    '| authority | n | foster gen/DfE | children\'s homes gen/DfE | supported gen/DfE | inside gen/DfE | within 20 mi gen/DfE | max mix err (pts) |\n' +
    '|---|---:|---:|---:|---:|---:|---:|---:|';
  const cell = (c: ShareComparison): string => `${pct(c.generated)} / ${pct(c.dfe)}${c.imputed ? '*' : ''}`;
  const rows = report.authorities.map(
    (a) =>
      `| ${a.laName} (${a.laCode}) | ${a.children} | ${cell(a.mix.foster)} | ${cell(a.mix.childrens_homes)} | ${cell(a.mix.supported)} | ${cell(a.inside)} | ${cell(a.within20)} | ${a.maxMixErrorPts.toFixed(1)} |`,
  );
  const s = report.summary;
  const foot =
    `\nLargest error across authorities: placement mix ${s.maxMixErrorPts.toFixed(1)} pts, inside the boundary ${s.maxInsideErrorPts.toFixed(1)} pts, ` +
    `within 20 miles ${s.maxWithin20ErrorPts.toFixed(1)} pts. Mean: mix ${s.meanMixErrorPts.toFixed(2)}, inside ${s.meanInsideErrorPts.toFixed(2)}, within 20 miles ${s.meanWithin20ErrorPts.toFixed(2)} pts.`;
  return [head, ...rows].join('\n') + '\n' + foot;
}
