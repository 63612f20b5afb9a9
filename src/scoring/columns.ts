import { DEFAULT_NEED_DOMAINS, HOME_TYPES } from '../domain/index.js';
import {
  adaptationMask,
  CONTRACTS,
  OFSTED_RATINGS,
  REGISTRATIONS,
  RISK_SEXUAL,
  RISK_YOUNGER,
  riskMask,
  SETTING_CODE,
  sexBit,
} from './codes.js';
import type { ResolvedHome } from './types.js';

/**
 * Degrees to radians, exactly as geo/distance.ts computes it.
 *
 * @example
 * Math.cos(52.4 * RAD);
 */
export const RAD = Math.PI / 180;

/**
 * The homes as columns (struct of arrays) for the hot path: one typed array per field, all views into ONE
 * SharedArrayBuffer so worker threads can read them without a copy. Strings are interned into tables.
 */
export interface ColumnArrays {
  lat: Float64Array;
  lon: Float64Array;
  /** cos(lat in radians), precomputed for the haversine (identical to computing it inline). */
  cosLat: Float64Array;
  annualCost: Float64Array;
  /** Index into `tables.authorities`, -1 when outside England. */
  authority: Int32Array;
  /** Index into `tables.districts`, -1 when unknown. */
  district: Int32Array;
  freePlaces: Int32Array;
  /** Rank of the home id in code-unit order: the deterministic tie-break. */
  idRank: Int32Array;
  /** CSR lists of string-table ids: languages, religions, cultures offered. `xStart` has n + 1 entries. */
  langStart: Int32Array;
  langIds: Int32Array;
  relStart: Int32Array;
  relIds: Int32Array;
  cultStart: Int32Array;
  cultIds: Int32Array;
  occupantRisk: Uint16Array;
  type: Uint8Array;
  setting: Uint8Array;
  registration: Uint8Array;
  ofsted: Uint8Array;
  contract: Uint8Array;
  ageMin: Uint8Array;
  ageMax: Uint8Array;
  sexMask: Uint8Array;
  adaptMask: Uint8Array;
  emergency: Uint8Array;
  maxSibling: Uint8Array;
  /** Youngest resident or household child, 255 when none. */
  youngest: Uint8Array;
  /** Oldest resident flagged risk_to_younger_children / sexually_harmful_behaviour, -1 when none. */
  maxAgeRiskYounger: Int8Array;
  maxAgeSexualHarm: Int8Array;
  pets: Uint8Array;
  /** n x domainCount capability levels, row-major (home i, domain d at i * domainCount + d). */
  capability: Uint8Array;
  /**
   * n x capChunks capability codes: the registry's domains in chunks of {@link CAP_CHUNK}, each chunk's
   * levels as base-5 digits (`sum level[4j + k] * 5^k`), so the needs pass is one table lookup per chunk.
   */
  capCodes: Uint16Array;
  /** Index of the home's location among the registry's distinct points (homes at one district centroid share one). */
  point: Int32Array;
  /** Per distinct point: coordinates, cos(lat), and the first home there. */
  pLat: Float64Array;
  pLon: Float64Array;
  pCos: Float64Array;
  pHome: Int32Array;
}

/**
 * Domains per capability-code chunk (5^4 = 625 codes per chunk).
 *
 * @example
 * Math.ceil(10 / CAP_CHUNK); // 3 codes per home for the 10 default domains
 */
export const CAP_CHUNK = 4;
/**
 * Codes per chunk.
 *
 * @example
 * CAP_CODES; // 625
 */
export const CAP_CODES = 5 ** CAP_CHUNK;

export type ColumnName = keyof ColumnArrays;

const KINDS = {
  f64: Float64Array,
  i32: Int32Array,
  u16: Uint16Array,
  u8: Uint8Array,
  i8: Int8Array,
} as const;
type Kind = keyof typeof KINDS;

/** Where one column lives in the shared buffer. */
export interface ColumnLayoutEntry {
  readonly name: ColumnName;
  readonly kind: Kind;
  readonly offset: number;
  readonly length: number;
}

/** String tables the columns index into. */
export interface HomeTables {
  /** Capability domain ids (the defaults first, then any other domain a home declares). */
  readonly domains: readonly string[];
  readonly authorities: readonly string[];
  readonly districts: readonly string[];
  /** Lower-cased languages, religions and cultures. */
  readonly strings: readonly string[];
}

/** Everything needed to rebuild the column views in another thread: buffer, layout, sizes (structured-cloneable). */
export interface ColumnsTransfer {
  readonly buffer: SharedArrayBuffer;
  readonly layout: readonly ColumnLayoutEntry[];
  readonly n: number;
  readonly domainCount: number;
  /** ceil(domainCount / CAP_CHUNK). */
  readonly capChunks: number;
  /** Distinct home locations. */
  readonly pointCount: number;
}

export interface HomeColumns extends ColumnArrays, ColumnsTransfer {}

/**
 * Intern a list of strings, keeping first-seen order.
 *
 * @example
 * const t = new Interner(); t.id('CV1'); t.id('B1'); t.id('CV1'); // 0, 1, 0
 */
export class Interner {
  readonly values: string[] = [];
  readonly index = new Map<string, number>();
  id(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

/**
 * Normalise a free-text culture/language/religion value for matching.
 *
 * @example
 * normText(' Polish '); // "polish"
 */
export function normText(s: string): string {
  return s.trim().toLowerCase();
}

/**
 * Occupant facts resident compatibility needs, summarised from a home's residents and household.
 * The column builder and the rule module both use this, so the fast path and the explanation agree.
 *
 * @example
 * occupantSummary(home).youngest; // 255 when nobody lives there
 * occupantSummary(home, [0]).youngest; // the same, leaving out the first resident
 */
export function occupantSummary(
  home: Pick<ResolvedHome, 'residents' | 'household'>,
  /** Resident positions to leave out (a re-matched child's own entry). */
  skip: readonly number[] = [],
): OccupantSummary {
  return summariseOccupants(home, skip, { youngest: 255, occupantRisk: 0, maxAgeRiskYounger: -1, maxAgeSexualHarm: -1, pets: false });
}

/** What {@link occupantSummary} returns. */
export interface OccupantSummary {
  youngest: number;
  occupantRisk: number;
  maxAgeRiskYounger: number;
  maxAgeSexualHarm: number;
  pets: boolean;
}

/** {@link occupantSummary} written into `out` (the column builder reuses one object for every home). */
function summariseOccupants(home: Pick<ResolvedHome, 'residents' | 'household'>, skip: readonly number[], out: OccupantSummary): OccupantSummary {
  let youngest = 255;
  let occ = 0;
  let maxY = -1;
  let maxS = -1;
  const rs = home.residents;
  for (let j = 0; j < rs.length; j++) {
    if (skip.length > 0 && skip.includes(j)) continue;
    const r = rs[j]!;
    if (r.age < youngest) youngest = r.age;
    const m = riskMask(r.riskFlags);
    occ |= m;
    if (m & RISK_YOUNGER && r.age > maxY) maxY = r.age;
    if (m & RISK_SEXUAL && r.age > maxS) maxS = r.age;
  }
  const household = home.household;
  if (household) {
    const ages = household.childrenAges;
    for (let k = 0; k < ages.length; k++) if (ages[k]! < youngest) youngest = ages[k]!;
  }
  out.youngest = youngest;
  out.occupantRisk = occ;
  out.maxAgeRiskYounger = maxY;
  out.maxAgeSexualHarm = maxS;
  out.pets = (household?.pets.length ?? 0) > 0;
  return out;
}

const NO_SKIP: readonly number[] = [];

/**
 * Allocate the columns for `n` homes (and the given CSR sizes) in one SharedArrayBuffer.
 */
function allocate(n: number, domainCount: number, pointCount: number, csr: { lang: number; rel: number; cult: number }): HomeColumns {
  const capChunks = Math.ceil(domainCount / CAP_CHUNK);
  const spec: [ColumnName, Kind, number][] = [
    ['lat', 'f64', n],
    ['lon', 'f64', n],
    ['cosLat', 'f64', n],
    ['annualCost', 'f64', n],
    ['authority', 'i32', n],
    ['district', 'i32', n],
    ['freePlaces', 'i32', n],
    ['idRank', 'i32', n],
    ['langStart', 'i32', n + 1],
    ['langIds', 'i32', csr.lang],
    ['relStart', 'i32', n + 1],
    ['relIds', 'i32', csr.rel],
    ['cultStart', 'i32', n + 1],
    ['cultIds', 'i32', csr.cult],
    ['occupantRisk', 'u16', n],
    ['type', 'u8', n],
    ['setting', 'u8', n],
    ['registration', 'u8', n],
    ['ofsted', 'u8', n],
    ['contract', 'u8', n],
    ['ageMin', 'u8', n],
    ['ageMax', 'u8', n],
    ['sexMask', 'u8', n],
    ['adaptMask', 'u8', n],
    ['emergency', 'u8', n],
    ['maxSibling', 'u8', n],
    ['youngest', 'u8', n],
    ['maxAgeRiskYounger', 'i8', n],
    ['maxAgeSexualHarm', 'i8', n],
    ['pets', 'u8', n],
    ['capability', 'u8', n * domainCount],
    ['capCodes', 'u16', n * capChunks],
    ['point', 'i32', n],
    ['pLat', 'f64', pointCount],
    ['pLon', 'f64', pointCount],
    ['pCos', 'f64', pointCount],
    ['pHome', 'i32', pointCount],
  ];
  const layout: ColumnLayoutEntry[] = [];
  let offset = 0;
  for (const [name, kind, length] of spec) {
    offset = Math.ceil(offset / 8) * 8;
    layout.push({ name, kind, offset, length });
    offset += length * KINDS[kind].BYTES_PER_ELEMENT;
  }
  const buffer = new SharedArrayBuffer(Math.max(8, Math.ceil(offset / 8) * 8));
  return attachColumns({ buffer, layout, n, domainCount, capChunks, pointCount });
}

/**
 * Rebuild typed-array views over a shared buffer (in a worker, or after structured clone).
 *
 * @example
 * const cols = attachColumns(columnsTransfer(registry.columns)); // no copy: views into the same memory
 */
export function attachColumns(t: ColumnsTransfer): HomeColumns {
  const arrays: Partial<Record<ColumnName, unknown>> = {};
  for (const e of t.layout) {
    const Ctor = KINDS[e.kind] as unknown as new (b: ArrayBufferLike, offset: number, length: number) => unknown;
    arrays[e.name] = new Ctor(t.buffer, e.offset, e.length);
  }
  return { ...(arrays as ColumnArrays), buffer: t.buffer, layout: t.layout, n: t.n, domainCount: t.domainCount, capChunks: t.capChunks, pointCount: t.pointCount };
}

/**
 * The transferable part of the columns (what a worker needs to attach them).
 *
 * @example
 * worker.postMessage({ columns: columnsTransfer(registry.columns) }); // shares, never copies
 */
export function columnsTransfer(c: HomeColumns): ColumnsTransfer {
  return { buffer: c.buffer, layout: c.layout, n: c.n, domainCount: c.domainCount, capChunks: c.capChunks, pointCount: c.pointCount };
}

/**
 * Build the string tables and columns for resolved homes (`homes[i].index === i`).
 *
 * @example
 * const { columns, tables } = buildColumns(resolvedHomes);
 * columns.freePlaces[0]; // free places of the first home
 */
export function buildColumns(homes: readonly ResolvedHome[]): { columns: HomeColumns; tables: HomeTables } {
  const n = homes.length;
  const domains = new Interner();
  for (const d of DEFAULT_NEED_DOMAINS) domains.id(d);
  const auths = new Interner();
  const districts = new Interner();
  const strings = new Interner();
  let lang = 0;
  let rel = 0;
  let cult = 0;
  const points = new Map<number, Map<number, number>>(); // lat -> lon -> point index
  const pointFirst: number[] = [];
  const homePoint = new Int32Array(n);
  homes.forEach((h, i) => {
    let byLon = points.get(h.point.lat);
    if (!byLon) points.set(h.point.lat, (byLon = new Map()));
    let u = byLon.get(h.point.lon);
    if (u === undefined) {
      byLon.set(h.point.lon, (u = pointFirst.length));
      pointFirst.push(i);
    }
    homePoint[i] = u;
    // for-in: the own keys in Object.keys order, without an array per home
    for (const d in h.capability) domains.id(d);
    if (h.authority !== undefined) auths.id(h.authority);
    if (h.district !== undefined) districts.id(h.district);
    lang += h.languages.length;
    rel += h.religion.length;
    cult += h.culture.length;
  });
  const D = domains.values.length;
  const c = allocate(n, D, pointFirst.length, { lang, rel, cult });
  const C = c.capChunks;
  c.point.set(homePoint);
  pointFirst.forEach((i, u) => {
    const h = homes[i] as ResolvedHome;
    c.pLat[u] = h.point.lat;
    c.pLon[u] = h.point.lon;
    c.pCos[u] = Math.cos(h.point.lat * RAD);
    c.pHome[u] = i;
  });

  const order = homes.map((h) => h.id);
  const sorted = order.map((_, i) => i).sort((a, b) => {
    const x = order[a] as string;
    const y = order[b] as string;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  sorted.forEach((homeIdx, rank) => {
    c.idRank[homeIdx] = rank;
  });

  let li = 0;
  let ri = 0;
  let ci = 0;
  const summary: OccupantSummary = { youngest: 255, occupantRisk: 0, maxAgeRiskYounger: -1, maxAgeSexualHarm: -1, pets: false };
  // homes repeat a few language, religion and culture texts: each raw text normalised and interned once
  const textIds = new Map<string, number>();
  const textId = (raw: string): number => {
    let id = textIds.get(raw);
    if (id === undefined) textIds.set(raw, (id = strings.id(normText(raw))));
    return id;
  };
  homes.forEach((h, i) => {
    if (h.index !== i) throw new Error(`buildColumns: home "${h.id}" has index ${h.index}, expected ${i}`);
    c.lat[i] = h.point.lat;
    c.lon[i] = h.point.lon;
    c.cosLat[i] = Math.cos(h.point.lat * RAD);
    c.annualCost[i] = h.annualCost;
    c.authority[i] = h.authority === undefined ? -1 : auths.id(h.authority);
    c.district[i] = h.district === undefined ? -1 : districts.id(h.district);
    c.freePlaces[i] = h.freePlaces;
    c.type[i] = HOME_TYPES.indexOf(h.type);
    c.setting[i] = SETTING_CODE[h.setting];
    c.registration[i] = REGISTRATIONS.indexOf(h.registration);
    c.ofsted[i] = OFSTED_RATINGS.indexOf(h.ofsted);
    c.contract[i] = CONTRACTS.indexOf(h.contract);
    c.ageMin[i] = h.ageRange.min;
    c.ageMax[i] = h.ageRange.max;
    let sm = 0;
    for (let k = 0; k < h.sexesAccepted.length; k++) sm |= sexBit(h.sexesAccepted[k]!);
    c.sexMask[i] = sm;
    c.adaptMask[i] = adaptationMask(h.adaptations);
    c.emergency[i] = h.emergency ? 1 : 0;
    c.maxSibling[i] = h.maxSiblingGroup;
    const occ = summariseOccupants(h, NO_SKIP, summary);
    c.youngest[i] = occ.youngest;
    c.occupantRisk[i] = occ.occupantRisk;
    c.maxAgeRiskYounger[i] = occ.maxAgeRiskYounger;
    c.maxAgeSexualHarm[i] = occ.maxAgeSexualHarm;
    c.pets[i] = occ.pets ? 1 : 0;
    const cap = h.capability;
    for (const d in cap) {
      const level = cap[d]!;
      // The kernel indexes per-level tables by this value: it must be an integer 0-4 (NeedLevelSchema).
      if (!Number.isInteger(level) || level < 0 || level > 4) throw new Error(`buildColumns: home "${h.id}" capability "${d}" is ${level}, expected an integer 0-4`);
      c.capability[i * D + (domains.index.get(d) as number)] = level;
    }
    for (let j = 0; j < C; j++) {
      let code = 0;
      for (let k = CAP_CHUNK - 1; k >= 0; k--) {
        const d = j * CAP_CHUNK + k;
        code = code * 5 + (d < D ? (c.capability[i * D + d] as number) : 0);
      }
      c.capCodes[i * C + j] = code;
    }
    c.langStart[i] = li;
    for (let k = 0; k < h.languages.length; k++) c.langIds[li++] = textId(h.languages[k]!);
    c.relStart[i] = ri;
    for (let k = 0; k < h.religion.length; k++) c.relIds[ri++] = textId(h.religion[k]!);
    c.cultStart[i] = ci;
    for (let k = 0; k < h.culture.length; k++) c.cultIds[ci++] = textId(h.culture[k]!);
  });
  c.langStart[n] = li;
  c.relStart[n] = ri;
  c.cultStart[n] = ci;
  return {
    columns: c,
    tables: { domains: domains.values, authorities: auths.values, districts: districts.values, strings: strings.values },
  };
}
