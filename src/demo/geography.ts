import { haversineKm, MILES_20_KM } from '../../geo/distance.js';
import type { PlacementGroup } from './cohort.js';
import type { DfePlacementProfile } from './dfe.js';
import type { DemoDistrict, DistrictTable } from './districts.js';
import { WEST_MIDLANDS_REGION } from './districts.js';
import { apportion, type Rng } from './rng.js';
import { ipf, weightedSampler, type CumulativeSampler } from './sampling.js';

/** Where a placement is relative to the child's home: inside/outside the placing authority, within/over 20 miles. */
export const CELLS = ['inside_within20', 'inside_over20', 'outside_within20', 'outside_over20'] as const;
/** One of {@link CELLS}. */
export type Cell = (typeof CELLS)[number];

/** Rows of the locality model: placement kinds whose distance profiles differ. */
export const PLACEMENT_ROWS = ['kinship', 'foster', 'childrens_home', 'supported', 'residential_school', 'with_parents', 'adoption', 'other'] as const;
/** One of {@link PLACEMENT_ROWS}. */
export type PlacementRow = (typeof PLACEMENT_ROWS)[number];

/**
 * Relative propensity of each placement kind for each cell (invented tilts, in CELLS order). DfE publishes the
 * locality/distance mix per authority but not per placement type; nationally 69 % of children live within 20
 * miles but only 50 % of those in children's homes (domain.md). The tilts are raked (IPF) onto each
 * authority's published marginals, so they shape who is far away without moving the totals. Connected
 * persons are always within 20 miles of the child's home (a zero tilt).
 */
export const CELL_TILT: Readonly<Record<PlacementRow, readonly [number, number, number, number]>> = {
  kinship: [1.3, 0, 1.2, 0],
  foster: [1, 0.9, 1, 0.8],
  childrens_home: [0.55, 1.2, 1.0, 2.4],
  supported: [1.2, 0.7, 1, 0.7],
  residential_school: [0.4, 1, 0.8, 3],
  with_parents: [3, 0.5, 1, 0.3],
  adoption: [0.8, 1, 1.4, 1.3],
  other: [1, 1, 1, 1.3],
};

/**
 * The locality row a placement group belongs to.
 *
 * @example
 * rowOfGroup(group); // 'childrens_home' for a child in an external children's home
 */
export function rowOfGroup(g: PlacementGroup): PlacementRow {
  switch (g.category) {
    case 'foster':
      return g.variant?.type === 'connected_person_foster' ? 'kinship' : 'foster';
    case 'childrens_homes':
      return 'childrens_home';
    case 'residential_schools':
      return 'residential_school';
    default:
      return g.category;
  }
}

/** How far from home a placement of this kind usually is, within 20 miles: the decay length in km. */
export type Kernel = 'tight' | 'normal' | 'wide';
const KERNEL_KM: Record<Kernel, number> = { tight: 6, normal: 10, wide: 18 };
/** Beyond 20 miles, weight decays with this length (km) past the 20-mile mark; nothing beyond MAX_KM. */
const FAR_DECAY_KM = 40;
const MAX_KM = 250;
/** Weight of districts outside the West Midlands region relative to those inside it (invented). */
const OUT_OF_REGION_WEIGHT = 0.35;

/**
 * The kernel a placement row uses.
 *
 * @example
 * kernelOf('kinship'); // 'tight'
 */
export function kernelOf(row: PlacementRow): Kernel {
  if (row === 'kinship' || row === 'with_parents') return 'tight';
  if (row === 'childrens_home' || row === 'residential_school') return 'wide';
  return 'normal';
}

/** Placement-district samplers per home district, cell and kernel, built lazily and cached. */
export interface PlacementGeography {
  readonly districts: DistrictTable;
  /** A sampler of destination districts, or null when no district fits (e.g. inside and over 20 miles in a small city). */
  sampler(home: DemoDistrict, cell: Cell, kernel: Kernel): CumulativeSampler<DemoDistrict> | null;
  /** Districts near `d` (not `d` itself) for schools: usable districts within 10 km (wider when none), nearest first. */
  schoolSampler(d: DemoDistrict): CumulativeSampler<DemoDistrict>;
}

/**
 * Create the cached placement geography over a district table.
 *
 * @example
 * const g = createPlacementGeography(loadDistricts());
 * g.sampler(loadDistricts().get('CV1')!, 'outside_within20', 'normal')?.draw(createRng(1)); // e.g. a Warwickshire district
 */
export function createPlacementGeography(districts: DistrictTable): PlacementGeography {
  const cache = new Map<string, CumulativeSampler<DemoDistrict> | null>();
  const schools = new Map<string, CumulativeSampler<DemoDistrict>>();
  const usable = districts.usable;
  const n = usable.length;
  const lat = Float64Array.from(usable, (d) => d.lat);
  const lon = Float64Array.from(usable, (d) => d.lon);
  // Population weight with the out-of-region discount folded in.
  const pop = Float64Array.from(usable, (d) => d.postcodes * (d.regionCode === WEST_MIDLANDS_REGION ? 1 : OUT_OF_REGION_WEIGHT));
  const la = usable.map((d) => d.laCode);
  const distanceRows = new Map<string, Float64Array>();
  /** Distances (km) from `home` to every usable district, computed once per home district. */
  const kmFrom = (home: DemoDistrict): Float64Array => {
    let row = distanceRows.get(home.code);
    if (!row) {
      row = new Float64Array(n);
      for (let i = 0; i < n; i++) row[i] = haversineKm(home.lat, home.lon, lat[i] as number, lon[i] as number);
      distanceRows.set(home.code, row);
    }
    return row;
  };
  // Usable districts sorted by latitude, for radius searches that only look at a latitude band.
  const byLat = Array.from({ length: n }, (_, i) => i).sort((p, q) => (lat[p] as number) - (lat[q] as number) || p - q);
  const sortedLat = Float64Array.from(byLat, (i) => lat[i] as number);
  const lowerBound = (x: number): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sortedLat[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const fromIndices = (idx: readonly number[], w: readonly number[]): CumulativeSampler<DemoDistrict> | null =>
    weightedSampler(
      idx.map((i) => usable[i] as DemoDistrict),
      w,
    );
  return {
    districts,
    sampler(home, cell, kernel) {
      const far = cell.endsWith('over20');
      const key = `${home.code}|${cell}|${far ? 'far' : kernel}`;
      const hit = cache.get(key);
      if (hit !== undefined) return hit;
      const inside = cell.startsWith('inside');
      const L = KERNEL_KM[kernel];
      const row = kmFrom(home);
      const idx: number[] = [];
      const w: number[] = [];
      const consider = (i: number): void => {
        if ((la[i] === home.laCode) !== inside) return;
        const km = row[i] as number;
        if (far ? km <= MILES_20_KM || km > MAX_KM : km > MILES_20_KM) return;
        const k = far ? Math.exp(-(km - MILES_20_KM) / FAR_DECAY_KM) : Math.exp(-km / L);
        idx.push(i);
        w.push(k * (pop[i] as number));
      };
      if (far) for (let i = 0; i < n; i++) consider(i);
      else {
        // Within 20 miles: only a latitude band can qualify; visit it, then restore file order.
        const band: number[] = [];
        const dLat = MILES_20_KM / 110;
        for (let k = lowerBound(home.lat - dLat); k < n && (sortedLat[k] as number) <= home.lat + dLat; k++) band.push(byLat[k] as number);
        band.sort((p, q) => p - q);
        for (const i of band) consider(i);
      }
      const s = fromIndices(idx, w);
      cache.set(key, s);
      return s;
    },
    schoolSampler(d) {
      const hit = schools.get(d.code);
      if (hit) return hit;
      // Rural districts may have no neighbour within 10 km: widen until one is found.
      for (const radius of [10, 25, 60, 400]) {
        const idx: number[] = [];
        const w: number[] = [];
        const dLat = radius / 111;
        for (let k = lowerBound(d.lat - dLat); k < n && (sortedLat[k] as number) <= d.lat + dLat; k++) {
          const i = byLat[k] as number;
          if (usable[i] === d) continue;
          const km = haversineKm(d.lat, d.lon, lat[i] as number, lon[i] as number);
          if (km > radius) continue;
          idx.push(i);
          w.push((usable[i] as DemoDistrict).postcodes * Math.exp(-km / (radius * 0.3)));
        }
        // Keep a deterministic order independent of the latitude sort.
        const order = idx.map((_, k) => k).sort((p, q) => (idx[p] as number) - (idx[q] as number));
        const s = fromIndices(
          order.map((k) => idx[k] as number),
          order.map((k) => w[k] as number),
        );
        if (s) {
          schools.set(d.code, s);
          return s;
        }
      }
      throw new Error(`schoolSampler: no district near "${d.code}"`);
    },
  };
}

/**
 * Give every placement group of one authority a cell so that the authority's published locality x distance
 * shares are met (exact quotas per placement kind, after raking {@link CELL_TILT} onto the marginals).
 * A cell no district can satisfy for a group's home is skipped for that group.
 *
 * @example
 * const cells = assignCells(rng, dfePlacementProfile('E08000026'), groups, geography);
 */
export function assignCells(rng: Rng, profile: DfePlacementProfile, groups: readonly PlacementGroup[], geo: PlacementGeography): Map<PlacementGroup, Cell> {
  const rowCount = new Map<PlacementRow, number>(PLACEMENT_ROWS.map((r) => [r, 0]));
  for (const g of groups) rowCount.set(rowOfGroup(g), (rowCount.get(rowOfGroup(g)) ?? 0) + g.children.length);
  const n = [...rowCount.values()].reduce((a, b) => a + b, 0);
  const colShares = CELLS.map((c) => profile.joint[c]);
  const cols = colShares.map((s) => s * n);
  const rows = PLACEMENT_ROWS.map((r) => rowCount.get(r) ?? 0);
  const seed = PLACEMENT_ROWS.map((r) => CELL_TILT[r].map((t, j) => t * (colShares[j] ?? 0)));
  const fitted = ipf(seed, rows, cols);
  const remaining = new Map<PlacementRow, number[]>();
  PLACEMENT_ROWS.forEach((r, i) =>
    remaining.set(
      r,
      apportion(
        rows[i] ?? 0,
        (fitted[i] as number[]).map((x) => Math.max(0, x)),
      ),
    ),
  );
  const out = new Map<PlacementGroup, Cell>();
  for (const g of rng.shuffle(groups)) {
    const row = rowOfGroup(g);
    const rem = remaining.get(row) as number[];
    const feasible = CELLS.map((c) => geo.sampler(g.family.homeDistrict, c, kernelOf(row)) !== null);
    let w = rem.map((x, j) => (feasible[j] ? x : 0));
    if (w.every((x) => x <= 0)) w = CELLS.map((_, j) => (feasible[j] ? Math.max(1e-6, (fitted[PLACEMENT_ROWS.indexOf(row)] as number[])[j] ?? 0) : 0));
    if (w.every((x) => x <= 0)) w = CELLS.map((c) => (c === 'outside_over20' ? 1 : 0));
    const j = rng.weightedIndex(w);
    rem[j] = Math.max(0, (rem[j] ?? 0) - g.children.length);
    out.set(g, CELLS[j] as Cell);
  }
  return out;
}

/**
 * Draw the district a placement group lives in, for its cell. Children placed with parents inside and near
 * mostly live at the family's own address.
 *
 * @example
 * placementDistrict(rng, group, 'inside_within20', geography);
 */
export function placementDistrict(rng: Rng, g: PlacementGroup, cell: Cell, geo: PlacementGeography): DemoDistrict {
  const home = g.family.homeDistrict;
  const row = rowOfGroup(g);
  if (row === 'with_parents' && cell === 'inside_within20' && rng.chance(0.7)) return home;
  const s = geo.sampler(home, cell, kernelOf(row)) ?? geo.sampler(home, 'outside_over20', 'normal') ?? geo.sampler(home, 'inside_within20', 'normal');
  if (!s) throw new Error(`placementDistrict: no destination district from "${home.code}"`);
  return s.draw(rng);
}
