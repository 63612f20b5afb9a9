/**
 * The fused fast path: every hard rule and soft factor for every home, numbers only, reading typed-array
 * columns. It calls the same pure scoring functions the rule and factor modules call (decayScore,
 * needsFitScore, conflictMask, costScore...) on the same inputs and sums the impacts in the same order, so
 * its totals equal the explained path's (a property test pins this). Timefold calls this pattern
 * incremental vs full score calculation; the explained modules are the "full" reference.
 *
 * Per-request constants (child vectors, weights, table lookups, the few homes with overrides, connected
 * persons or current placements) are computed once by {@link prepareKernel}; {@link scoreRange} allocates
 * nothing per home. `KernelParams` is plain data (numbers and typed arrays), so it can be posted to a worker.
 */
import { EARTH_RADIUS_KM, greatCircle } from '../../geo/distance.js';
import type { DistanceProvider, Geography, LatLon } from '../../geo/types.js';
import { SOFT_FACTOR_IDS, type Policy, type RuleOverride } from '../domain/index.js';
import {
  adaptationMask,
  BLOCK_CONTRACT,
  carePlanMask,
  CONNECTED_PERSON_FOSTER,
  INADEQUATE,
  R_ADAPTATIONS,
  R_AGE_SEX,
  R_AVOID,
  R_CARE_PLAN,
  R_EMERGENCY,
  R_FREE_PLACES,
  R_NEEDS_GAP,
  R_OFSTED,
  R_REGISTRATION,
  R_RESIDENTS,
  R_SUPPORTED_UNDER_16,
  REGISTERED,
  riskMask,
  sexBit,
  SUPPORTED_SETTING,
} from './codes.js';
import { CAP_CHUNK, CAP_CODES, normText, RAD, type HomeColumns } from './columns.js';
import { costScore } from './factors/cost.js';
import { DISABILITY_DOMAINS, disabilityScore } from './factors/disability.js';
import { cultureScore } from './factors/culture.js';
import { educationWeight } from './factors/education.js';
import { needsFitScore } from './factors/needs-fit.js';
import { ownAuthorityScore } from './factors/own-authority.js';
import { siblingsScore } from './factors/siblings.js';
import { decayScore, authorityRelation } from './helpers.js';
import { conflictMask, ownOccupantsInto, subjectOccupants, type ResidentTable } from './rules/resident-compatibility.js';
import { SUPPORTED_MIN_AGE } from './rules/supported-under-16.js';
import type { ResolvedSubject, ScoringRegistry } from './types.js';

// The needs-table builder in prepareKernel unrolls a chunk of exactly four domains.
if (CAP_CHUNK !== 4) throw new Error('scoring/kernel: prepareKernel assumes CAP_CHUNK === 4');

/** Per-home flags carried by the sparse "special" list. */
const OV_OFSTED = 1;
const OV_NEEDS = 2;
const AVOID_POLYGON = 4;

/** Culture fields a child did not record. */
const NOT_RECORDED = -2;

/** Every field of T writable (prepareKernel fills a spent params object in place). */
type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Per-request constants of the fast path (structured-cloneable: numbers and typed arrays only). */
export interface KernelParams {
  /** True when distances are great-circle (computed inline; the only kind workers support). */
  readonly greatCircle: boolean;
  readonly nc: number;
  readonly childLat: Float64Array;
  readonly childLon: Float64Array;
  readonly childCos: Float64Array;
  readonly hasSchool: Uint8Array;
  readonly schoolLat: Float64Array;
  readonly schoolLon: Float64Array;
  readonly schoolCos: Float64Array;
  readonly childAge: Int32Array;
  readonly childRisk: Int32Array;
  readonly minAge: number;
  readonly maxAge: number;
  readonly sexMask: number;
  readonly adaptReq: number;
  readonly sameDay: boolean;
  readonly careMask: number;
  /** Policy domain count and, per policy domain, the registry capability column (-1 = no home declares it). */
  readonly P: number;
  readonly domainCol: Int32Array;
  /** nc x P needs, row-major. */
  readonly needs: Float64Array;
  readonly needsGapHard: number;
  readonly overFree: number;
  /**
   * Needs, precomputed per child and capability-code chunk (columns.capCodes): for each of the 625 codes,
   * the packed sum over the chunk's domains of `gapFlag << 20 | unmet << 10 | over`, so the per-home needs
   * pass is one lookup and one integer add per chunk. `needsBase` packs the policy domains no home
   * declares (capability 0 everywhere). Index: `needsRow[x * C + j] + code`.
   */
  readonly C: number;
  readonly needsTable: Int32Array;
  /**
   * Where the row of (child x, chunk j) starts in `needsTable`: `needsRow[x * C + j]`. The table is the
   * subject's own (rows in that order) unless `prepareKernel` was asked for `sharedNeeds`; then it may be
   * the shared memo of chunks, read in place.
   */
  readonly needsRow: Int32Array;
  readonly needsBase: Int32Array;
  /** Distinct home locations in the registry (the per-request distance cache has one entry each). */
  readonly U: number;
  readonly unmetPenalty: number;
  readonly overPenalty: number;
  readonly ovOfstedAll: boolean;
  readonly ovNeedsAll: boolean;
  /** Flags over the district table: 1 = some child must avoid it. Null when no child avoids a district. */
  readonly avoidDistrict: Uint8Array | null;
  /** Sorted home indices with something request-specific, and what. */
  readonly special: Int32Array;
  readonly specKin: Int32Array;
  readonly specHere: Int32Array;
  readonly specFlags: Uint8Array;
  /**
   * Per special home where some child of the subject lives today (`specHere` > 0): the occupant summary
   * without those children's own resident entries, 4 per special [youngest, occupantRisk,
   * maxAgeRiskYounger, maxAgeSexualHarm] (unused for the other specials).
   */
  readonly specOcc: Int32Array;
  /** Effective weights in SOFT_FACTOR_IDS order (education already multiplied for key stage 4). */
  readonly weights: Float64Array;
  readonly halfLife: number;
  readonly eduHalf: number;
  /** Own-authority score per authority-table index. */
  readonly authScore: Float64Array;
  readonly sibScore: number;
  /** Disability: per child relevance, required adaptations mask and count; policy indices of the disability domains (-1 absent). */
  readonly disRelevant: Uint8Array;
  readonly disReqMask: Int32Array;
  readonly disReqCount: Int32Array;
  readonly disK: Int32Array;
  readonly costCeiling: number;
  readonly blockShare: number;
  /** Culture: string-table size, per-child language flags (nc x S), religion / ethnicity ids (-2 none, -1 unknown). */
  readonly S: number;
  readonly hasLang: Uint8Array;
  readonly langFlags: Uint8Array;
  readonly childRel: Int32Array;
  readonly childEth: Int32Array;
  /** Wishes: per child flag, then nc x districts and nc x authorities flags. */
  readonly hasWish: Uint8Array;
  readonly ND: number;
  readonly NA: number;
  readonly wishDistrict: Uint8Array;
  readonly wishAuth: Uint8Array;
  /**
   * Distances depend only on a home's location, and homes share locations (district centroids): per
   * distinct point, the children's summed km, distance scores and school scores, filled on first use
   * (created by scoreRange; never posted to a worker, each fills its own).
   */
  cache?: PointCache;
}

/** Per-point distance sums (see KernelParams.cache). */
export interface PointCache {
  /** [sumKm, sumDistanceScore, sumEducationScore] per point. */
  readonly sums: Float64Array;
  /** A point's sums are valid for this request when its mark equals `stamp`. */
  readonly mark: Int32Array;
  stamp: number;
}

/**
 * Give `p` a distance cache of its own, reusing `cache`'s memory (and invalidating its entries in O(1))
 * when it has the right size; returns the cache `p` now uses. For callers that score many subjects one
 * after another on one thread: saves allocating and zeroing one cache per subject.
 *
 * @example
 * let cache: PointCache | undefined;
 * for (const subject of subjects) {
 *   const p = prepareKernel(subject, registry, policy, [], geo);
 *   cache = reusePointCache(p, cache);
 *   scoreRange(p, registry.columns, 0, registry.size, out);
 * }
 */
export function reusePointCache(p: KernelParams, cache: PointCache | undefined): PointCache {
  if (!cache || cache.mark.length !== p.U || cache.stamp >= 0x7fffffff) {
    p.cache = { sums: new Float64Array(p.U * 3), mark: new Int32Array(p.U), stamp: 1 };
  } else {
    cache.stamp++;
    p.cache = cache;
  }
  return p.cache;
}

/** The fast path's output, one entry per home (index = registry index). */
export interface ScoreArrays {
  /** 1 when no hard rule is broken (overridden rules do not count). */
  readonly eligible: Uint8Array;
  /** Sum of the soft-factor impacts (computed for every home, eligible or not). */
  readonly totals: Float64Array;
  /** Broken-rule bit mask over HARD_RULE_IDS (see codes.ts RULE_BIT / rulesOfMask). */
  readonly broken: Uint16Array;
  /** Mean distance from the children's homes, km. */
  readonly km: Float64Array;
}

/**
 * Allocate output arrays for `n` homes; `shared` puts them in one SharedArrayBuffer (for worker threads).
 *
 * @example
 * const out = allocScores(registry.homes.length);
 */
export function allocScores(n: number, shared = false): ScoreArrays {
  const bytes = Math.max(8, Math.ceil((n * SCORE_BYTES_PER_HOME) / 8) * 8);
  return scoresView(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes), n);
}

/**
 * Bytes of output per home (totals f64, km f64, broken u16, eligible u8).
 *
 * @example
 * new SharedArrayBuffer(n * SCORE_BYTES_PER_HOME);
 */
export const SCORE_BYTES_PER_HOME = 8 + 8 + 2 + 1;

/**
 * Views of the output arrays over a buffer laid out by {@link allocScores} (a worker writes into the
 * caller's SharedArrayBuffer through these).
 *
 * @example
 * const out = scoresView(task.out, task.n);
 */
export function scoresView(buf: ArrayBufferLike, n: number): ScoreArrays {
  return {
    totals: new Float64Array(buf, 0, n),
    km: new Float64Array(buf, n * 8, n),
    broken: new Uint16Array(buf, n * 16, n),
    eligible: new Uint8Array(buf, n * 18, n),
  };
}

/** Generic distance inputs for a provider other than great-circle (same-thread only). */
export interface GenericDistance {
  readonly provider: DistanceProvider;
  readonly homePoints: readonly LatLon[];
  readonly childPoints: readonly LatLon[];
  readonly schoolPoints: readonly (LatLon | null)[];
}

/**
 * The generic distance inputs when `geo.distance` is not great-circle, else undefined.
 *
 * @example
 * scoreRange(p, cols, 0, n, out, genericDistance(subject, registry, geo));
 */
export function genericDistance(subject: ResolvedSubject, reg: ScoringRegistry, geo: Geography): GenericDistance | undefined {
  if (geo.distance === greatCircle) return undefined;
  return {
    provider: geo.distance,
    homePoints: reg.homes.map((h) => h.point),
    childPoints: subject.children.map((c) => c.location),
    schoolPoints: subject.children.map((c) => c.school),
  };
}

/** Options of {@link prepareKernel}. */
export interface PrepareKernelOptions {
  /** Read the shared needs memo in place (same-thread callers only; see prepareKernel). */
  readonly sharedNeeds?: boolean;
  /**
   * The registry index of each of the subject's children's current home (`reg.indexOf(currentHomeId)`, -1
   * when not in the registry; read only for a child with a current home), when the caller knows it: saves
   * a lookup by id per child.
   */
  readonly currentIndex?: ArrayLike<number>;
  /**
   * With `currentIndex`: the registry's residents as numbers (`residentTable(reg.homes)`, slot = registry
   * index), read instead of the resident objects of the children's current homes.
   */
  readonly residents?: ResidentTable;
}

/** prepareKernel's list of the subject's children living in one special home. */
const ownW: ResolvedSubject['children'][number][] = [];

/**
 * Compute the per-request constants of the fast path once.
 *
 * @param reuse the params of a previous request that is finished with (on this thread): their arrays are
 *   reused where sizes match, which saves most allocation when scoring many subjects in a row. Do not use
 *   `reuse` after this call.
 * @param options `sharedNeeds`: the params may read the module's shared needs memo in place instead of a
 *   copy of their own (saves copying 625 entries per child and capability chunk). For callers that score on
 *   this thread only: such params must not be posted to a worker (the memo is several MB).
 *
 * @example
 * const p = prepareKernel(subject, registry, policy, request.overrides, geo);
 * scoreRange(p, registry.columns, 0, registry.homes.length, allocScores(registry.homes.length));
 */
export function prepareKernel(
  subject: ResolvedSubject,
  reg: ScoringRegistry,
  policy: Policy,
  overrides: readonly RuleOverride[],
  geo: Geography,
  reuse?: KernelParams,
  options: PrepareKernelOptions = {},
): KernelParams {
  const r = reuse;
  const ch = subject.children;
  const nc = ch.length;
  const t = policy.thresholds;
  const P = subject.domains.length;
  if (subject.domains !== policy.domains && subject.domains.join('|') !== policy.domains.join('|')) {
    throw new Error(`prepareKernel: the subject was resolved over domains "${subject.domains.join(',')}", not the policy's`);
  }
  const domainCol = take(r?.domainCol, Int32Array, P, false);
  // the same for every subject of a registry and policy: the last answer is copied (no map lookups)
  const domainIndex = reg.tableIndex.domains;
  if (lastDomainIndex === domainIndex && lastDomains === subject.domains && lastDomainCol.length === P) domainCol.set(lastDomainCol);
  else {
    for (let k = 0; k < P; k++) domainCol[k] = domainIndex.get(subject.domains[k]!) ?? -1;
    lastDomainIndex = domainIndex;
    lastDomains = subject.domains;
    lastDomainCol = Int32Array.from(domainCol);
  }
  const needs = take(r?.needs, Float64Array, nc * P);
  for (let i = 0; i < nc; i++) {
    const cn = (ch[i] as ResolvedSubject['children'][number]).needs;
    for (let k = 0, m = Math.min(P, cn.length); k < m; k++) needs[i * P + k] = cn[k] as number;
  }
  if (P >= 256) throw new Error(`prepareKernel: at most 255 needs domains are supported, got ${P}`);
  const cols0 = reg.columns;
  const C = cols0.capChunks;
  const D0 = cols0.domainCount;
  // Registry domain -> policy domain (-1 when the policy does not score it).
  if (scratchRegToPolicy.length < D0) scratchRegToPolicy = new Int32Array(D0);
  const regToPolicy = scratchRegToPolicy;
  regToPolicy.fill(-1, 0, D0);
  for (let k = 0; k < P; k++) if ((domainCol[k] as number) >= 0) regToPolicy[domainCol[k] as number] = k;
  // Packed needs contribution of policy domain k at capability level c, per child: pk[(x * P + k) * 5 + c].
  // Only a needs chunk missing from the memo reads it: filled on the first miss.
  if (scratchPk.length < nc * P * 5) scratchPk = new Int32Array(nc * P * 5);
  const pk = scratchPk;
  let pkFilled = false;
  const needsBase = take(r?.needsBase, Int32Array, nc);
  const memo = chunkMemoFor(t.needsGapHard, t.overProvisionFreeLevels);
  const memoTable = memo.table;
  // Per (child, chunk): the memo key (-1: not memoisable) and the pk row offsets of its four domains.
  if (scratchKeys.length < nc * C) {
    scratchKeys = new Int32Array(nc * C);
    scratchOffs = new Int32Array(nc * C * CAP_CHUNK);
  }
  const keys = scratchKeys;
  const offs = scratchOffs;
  let allKeyed = true;
  for (let x = 0; x < nc; x++) {
    for (let k = 0; k < P; k++) {
      if ((domainCol[k] as number) < 0) needsBase[x] = (needsBase[x] as number) + packedNeed(needs[x * P + k] as number, 0, t.needsGapHard, t.overProvisionFreeLevels);
    }
    for (let j = 0; j < C; j++) {
      // Row offsets into pk of the chunk's (up to) four registry domains; -1 when the policy does not score one.
      const off = scratchOff;
      for (let k = 0; k < CAP_CHUNK; k++) {
        const d = j * CAP_CHUNK + k;
        const p = d < D0 ? (regToPolicy[d] as number) : -1;
        off[k] = p < 0 ? -1 : (x * P + p) * 5;
        offs[(x * C + j) * CAP_CHUNK + k] = off[k] as number;
      }
      // The chunk's 625 entries depend only on its four need levels (and the thresholds): memoised.
      const key = chunkKey(needs, off);
      keys[x * C + j] = key;
      if (key < 0) {
        allKeyed = false;
        continue;
      }
      if (memo.filled[key] === 0) {
        if (!pkFilled) {
          fillPk(pk, needs, nc, P, t.needsGapHard, t.overProvisionFreeLevels);
          pkFilled = true;
        }
        fillChunk(memoTable, key * CAP_CODES, pk, off);
        memo.filled[key] = 1;
      }
    }
  }
  // Shared (same-thread callers): every chunk is memoised, so the kernel reads the memo itself through
  // per-chunk row offsets; else a table of the subject's own, one 625-entry row per (child, chunk).
  const shared = options.sharedNeeds === true && allKeyed;
  const needsRow = take(r?.needsRow, Int32Array, nc * C, false);
  let needsTable: Int32Array;
  if (shared) {
    needsTable = memoTable;
    for (let q = 0; q < nc * C; q++) needsRow[q] = (keys[q] as number) * CAP_CODES;
  } else {
    // a spent params' table may be a memo (shared): never reuse that one
    const prev = r !== undefined && !MEMO_TABLES.has(r.needsTable) ? r.needsTable : undefined;
    needsTable = take(prev, Int32Array, nc * C * CAP_CODES, false);
    for (let q = 0; q < nc * C; q++) {
      const at = q * CAP_CODES;
      needsRow[q] = at;
      const key = keys[q] as number;
      if (key >= 0) {
        for (let e = 0, from = key * CAP_CODES; e < CAP_CODES; e++) needsTable[at + e] = memoTable[from + e] as number;
        continue;
      }
      if (!pkFilled) {
        fillPk(pk, needs, nc, P, t.needsGapHard, t.overProvisionFreeLevels);
        pkFilled = true;
      }
      fillChunk(needsTable, at, pk, offs.subarray(q * CAP_CHUNK, q * CAP_CHUNK + CAP_CHUNK));
    }
  }

  let minAge = Infinity;
  let maxAge = -Infinity;
  let sexMask = 0;
  let adaptReq = 0;
  let careMask = 0b111;
  for (const c of ch) {
    if (c.age < minAge) minAge = c.age;
    if (c.age > maxAge) maxAge = c.age;
    sexMask |= sexBit(c.sex);
    adaptReq |= adaptationMask(c.disabilityRequirements);
    careMask &= carePlanMask(c.carePlanSetting);
  }

  // Sparse per-home specials: connected persons, current homes, overrides for named homes, avoid polygons.
  // Collected in module work arrays (one slot per special home, no objects per subject).
  const cols = reg.columns;
  specBegin(cols.n);
  for (const c of ch) {
    for (const id of c.connected.keys()) {
      const i = reg.indexOf(id);
      if (i >= 0) specKinW[specialSlot(i)]!++;
    }
  }
  const known = options.currentIndex;
  const residents = options.residents;
  for (let x = 0; x < nc; x++) {
    const id = ch[x]!.currentHomeId;
    if (id === undefined) continue;
    const i = known !== undefined ? (known[x] as number) : reg.indexOf(id);
    if (i >= 0) specHereW[specialSlot(i)]!++;
  }
  let ovOfstedAll = false;
  let ovNeedsAll = false;
  for (const o of overrides) {
    const flag = o.rule === 'ofsted_inadequate' ? OV_OFSTED : OV_NEEDS;
    if (o.homeIds === undefined) {
      if (flag === OV_OFSTED) ovOfstedAll = true;
      else ovNeedsAll = true;
      continue;
    }
    for (const id of o.homeIds) {
      const i = reg.indexOf(id);
      if (i >= 0) specFlagsW[specialSlot(i)]! |= flag;
    }
  }
  for (const c of ch) {
    if (c.avoidPolygons.length === 0) continue;
    for (const g of c.avoidPolygons) {
      const [minLon, minLat, maxLon, maxLat] = bbox(g);
      for (let i = 0; i < cols.n; i++) {
        const la = cols.lat[i] as number;
        const lo = cols.lon[i] as number;
        if (la < minLat || la > maxLat || lo < minLon || lo > maxLon) continue;
        const home = reg.homes[i];
        if (home && geo.pointInGeometry(home.point, g)) specFlagsW[specialSlot(i)]! |= AVOID_POLYGON;
      }
    }
  }
  const ns = specN;
  // the list's length changes from subject to subject (0-3 homes): a spent params' arrays wait in a pool by
  // length, so alternating lengths reuse them instead of allocating five arrays per subject
  if (r !== undefined) specPut(r);
  const specialArr = specTake(poolSpecial, ns, ns);
  const specKin = specTake(poolKin, ns, ns);
  const specHere = specTake(poolHere, ns, ns);
  const specFlags = specTakeU8(ns);
  const specOcc = specTake(poolOcc, ns, ns * 4);
  // ascending home index (distinct): sort the homes, then find each one's slot
  for (let k = 0; k < ns; k++) specialArr[k] = specHomeW[k]!;
  sortSmallInts(specialArr, ns);
  for (let k = 0; k < ns; k++) {
    const i = specialArr[k]!;
    const q = specSlotW[i]!;
    specSlotW[i] = -1;
    specKin[k] = specKinW[q]!;
    specHere[k] = specHereW[q]!;
    specFlags[k] = specFlagsW[q]!;
    if (specHere[k]! > 0 && residents !== undefined && known !== undefined) {
      // the caller's resident table (no resident objects read): the children whose current home this is
      let nOwn = 0;
      for (let x = 0; x < nc; x++) if (known[x] === i && ch[x]!.currentHomeId !== undefined) ownW[nOwn++] = ch[x]!;
      ownOccupantsInto(residents, i, ownW, nOwn, specOcc, k * 4);
      continue;
    }
    const home = specHere[k]! > 0 ? reg.homes[i] : undefined;
    if (home) {
      // the subject's own entries among the residents do not count (see subjectOccupants)
      const occ = subjectOccupants(home, ch);
      specOcc[k * 4] = occ.youngest;
      specOcc[k * 4 + 1] = occ.occupantRisk;
      specOcc[k * 4 + 2] = occ.maxAgeRiskYounger;
      specOcc[k * 4 + 3] = occ.maxAgeSexualHarm;
    }
  }

  let avoidDistrict: Uint8Array | null = null;
  for (const c of ch) {
    for (const d of c.avoidDistricts) {
      const i = reg.tableIndex.districts.get(d);
      if (i === undefined) continue;
      avoidDistrict ??= takeAvoid(r?.avoidDistrict, reg.tables.districts.length);
      avoidDistrict[i] = 1;
    }
  }

  // a spent params' district table this subject does not need: kept for the next subject that does
  if (avoidDistrict === null && r?.avoidDistrict) spareAvoid = r.avoidDistrict;
  const weights = take(r?.weights, Float64Array, SOFT_FACTOR_IDS.length, false);
  // the policy's weights copied from the last subject's policy (the same policy object: no lookups by name);
  // education's depends on the subject
  if (lastWeightsPolicy !== policy) {
    for (let k = 0; k < SOFT_FACTOR_IDS.length; k++) lastWeights[k] = policy.weights[SOFT_FACTOR_IDS[k]!];
    lastWeightsPolicy = policy;
  }
  weights.set(lastWeights);
  weights[EDUCATION] = educationWeight(subject, policy.weights.education, t.keyStage4Multiplier);
  const authScore = authorityScores(geo, reg, subject.placingAuthority, t.adjoiningAuthorityScore);

  const disK = take(r?.disK, Int32Array, DISABILITY_DOMAINS.length, false);
  for (let k = 0; k < DISABILITY_DOMAINS.length; k++) disK[k] = subject.domains.indexOf(DISABILITY_DOMAINS[k]!);
  const disRelevant = take(r?.disRelevant, Uint8Array, nc, false);
  const disReqMask = take(r?.disReqMask, Int32Array, nc, false);
  const disReqCount = take(r?.disReqCount, Int32Array, nc, false);
  for (let i = 0; i < nc; i++) {
    const c = ch[i]!;
    let rel = c.disabilityRequirements.length > 0;
    for (const k of disK) if (k >= 0 && (c.needs[k] ?? 0) >= t.disabilityNeedLevel) rel = true;
    disRelevant[i] = rel ? 1 : 0;
    disReqMask[i] = adaptationMask(c.disabilityRequirements);
    disReqCount[i] = c.disabilityRequirements.length;
  }

  const S = reg.tables.strings.length;
  const hasLang = take(r?.hasLang, Uint8Array, nc, false);
  // sparse flag tables: zeroed only when the spent params wrote any
  const langFlags = take(r?.langFlags, Uint8Array, nc * S, anySet(r?.hasLang));
  const childRel = take(r?.childRel, Int32Array, nc, false);
  const childEth = take(r?.childEth, Int32Array, nc, false);
  const ND = reg.tables.districts.length;
  const NA = reg.tables.authorities.length;
  const hasWish = take(r?.hasWish, Uint8Array, nc, false);
  const spentWishes = anySet(r?.hasWish);
  const wishDistrict = take(r?.wishDistrict, Uint8Array, nc * ND, spentWishes);
  const wishAuth = take(r?.wishAuth, Uint8Array, nc * NA, spentWishes);
  const childLat = take(r?.childLat, Float64Array, nc, false);
  const childLon = take(r?.childLon, Float64Array, nc, false);
  const childCos = take(r?.childCos, Float64Array, nc, false);
  const hasSchool = take(r?.hasSchool, Uint8Array, nc, false);
  const schoolLat = take(r?.schoolLat, Float64Array, nc, false);
  const schoolLon = take(r?.schoolLon, Float64Array, nc, false);
  const schoolCos = take(r?.schoolCos, Float64Array, nc, false);
  const childAge = take(r?.childAge, Int32Array, nc, false);
  const childRisk = take(r?.childRisk, Int32Array, nc, false);
  for (let i = 0; i < nc; i++) {
    const c = ch[i]!;
    childLat[i] = c.location.lat;
    childLon[i] = c.location.lon;
    childCos[i] = Math.cos(c.location.lat * RAD);
    hasSchool[i] = c.school ? 1 : 0;
    schoolLat[i] = c.school?.lat ?? 0;
    schoolLon[i] = c.school?.lon ?? 0;
    schoolCos[i] = Math.cos((c.school?.lat ?? 0) * RAD);
    childAge[i] = c.age;
    childRisk[i] = riskMask(c.riskFlags);
    hasLang[i] = c.languages.length > 0 ? 1 : 0;
    for (const l of c.languages) {
      const s = reg.tableIndex.strings.get(normText(l));
      if (s !== undefined) langFlags[i * S + s] = 1;
    }
    childRel[i] = c.religion === undefined ? NOT_RECORDED : (reg.tableIndex.strings.get(normText(c.religion)) ?? -1);
    childEth[i] = c.ethnicity === undefined ? NOT_RECORDED : (reg.tableIndex.strings.get(normText(c.ethnicity)) ?? -1);
    hasWish[i] = c.preferredAreas.length > 0 ? 1 : 0;
    for (const a of c.preferredAreas) {
      const d = reg.tableIndex.districts.get(a);
      if (d !== undefined) wishDistrict[i * ND + d] = 1;
      const au = reg.tableIndex.authorities.get(a);
      if (au !== undefined) wishAuth[i * NA + au] = 1;
    }
  }

  // the spent params' object itself when given (its arrays were taken above): ~70 fields, ~600 bytes per subject
  const o = (r ?? {}) as Writable<KernelParams>;
  o.greatCircle = geo.distance === greatCircle;
  o.nc = nc;
  o.childLat = childLat;
  o.childLon = childLon;
  o.childCos = childCos;
  o.hasSchool = hasSchool;
  o.schoolLat = schoolLat;
  o.schoolLon = schoolLon;
  o.schoolCos = schoolCos;
  o.childAge = childAge;
  o.childRisk = childRisk;
  o.minAge = minAge;
  o.maxAge = maxAge;
  o.sexMask = sexMask;
  o.adaptReq = adaptReq;
  o.sameDay = subject.urgency === 'same_day';
  o.careMask = careMask;
  o.P = P;
  o.domainCol = domainCol;
  o.needs = needs;
  o.needsGapHard = t.needsGapHard;
  o.overFree = t.overProvisionFreeLevels;
  o.C = C;
  o.needsTable = needsTable;
  o.needsRow = needsRow;
  o.needsBase = needsBase;
  o.U = cols0.pointCount;
  o.unmetPenalty = t.unmetNeedPenaltyPerLevel;
  o.overPenalty = t.overProvisionPenaltyPerLevel;
  o.ovOfstedAll = ovOfstedAll;
  o.ovNeedsAll = ovNeedsAll;
  o.avoidDistrict = avoidDistrict;
  o.special = specialArr;
  o.specKin = specKin;
  o.specHere = specHere;
  o.specFlags = specFlags;
  o.specOcc = specOcc;
  o.weights = weights;
  o.halfLife = t.distanceHalfLifeKm;
  o.eduHalf = t.educationHalfLifeKm;
  o.authScore = authScore;
  o.sibScore = siblingsScore(nc, subject.groupSize);
  o.disRelevant = disRelevant;
  o.disReqMask = disReqMask;
  o.disReqCount = disReqCount;
  o.disK = disK;
  o.costCeiling = t.costCeilingAnnual;
  o.blockShare = t.blockMarginalCostShare;
  o.S = S;
  o.hasLang = hasLang;
  o.langFlags = langFlags;
  o.childRel = childRel;
  o.childEth = childEth;
  o.hasWish = hasWish;
  o.ND = ND;
  o.NA = NA;
  o.wishDistrict = wishDistrict;
  o.wishAuth = wishAuth;
  o.cache = undefined;
  return o;
}

/**
 * A zeroed typed array of length `n`: `prev` (an array of a spent KernelParams) when it has that type and
 * length, else a new one.
 */
function take<T extends Float64Array | Int32Array | Uint8Array>(prev: T | null | undefined, ctor: new (n: number) => T, n: number, zero = true): T {
  // one version per array type, so that each stays monomorphic (this runs ~30 times per subject)
  if (ctor === (Int32Array as unknown)) return takeI32(prev as Int32Array | null | undefined, n, zero) as T;
  if (ctor === (Float64Array as unknown)) return takeF64(prev as Float64Array | null | undefined, n, zero) as T;
  return takeU8(prev as Uint8Array | null | undefined, n, zero) as T;
}

// A spent params' array was made by the same `take` call for the same field, so it has the right type.
function takeI32(prev: Int32Array | null | undefined, n: number, zero: boolean): Int32Array {
  if (prev != null && prev.length === n) {
    if (zero) prev.fill(0);
    return prev;
  }
  return new Int32Array(n);
}

function takeF64(prev: Float64Array | null | undefined, n: number, zero: boolean): Float64Array {
  if (prev != null && prev.length === n) {
    if (zero) prev.fill(0);
    return prev;
  }
  return new Float64Array(n);
}

function takeU8(prev: Uint8Array | null | undefined, n: number, zero: boolean): Uint8Array {
  if (prev != null && prev.length === n) {
    if (zero) prev.fill(0);
    return prev;
  }
  return new Uint8Array(n);
}

/** The packed needs contribution (`gapFlag << 20 | unmet << 10 | over`) of need level `n` at capability `c`. */
function packedNeed(n: number, c: number, needsGapHard: number, overFree: number): number {
  const gapFlag = n - c >= needsGapHard ? 1 : 0;
  const unmet = c < n ? n - c : 0;
  const over = c >= n && c - n > overFree ? c - n - overFree : 0;
  return (gapFlag << 20) | (unmet << 10) | over;
}

/**
 * prepareKernel's work arrays, reused from call to call (one thread runs one prepareKernel at a time). Module
 * variables, not fields of one object: replacing a field's array changed the object's map, and optimised
 * prepareKernel then deoptimised on it ("wrong map") call after call.
 */
let scratchPk = new Int32Array(0);
let scratchRegToPolicy = new Int32Array(0);
const scratchOff = new Int32Array(CAP_CHUNK);
let scratchKeys = new Int32Array(0);
let scratchOffs = new Int32Array(0);
/** The soft factors' weights of the last policy prepareKernel saw (education's as the policy has it). */
let lastWeightsPolicy: Policy | null = null;
const lastWeights = new Float64Array(SOFT_FACTOR_IDS.length);
const EDUCATION = SOFT_FACTOR_IDS.indexOf('education');
/** The last registry domain index and policy domains prepareKernel mapped, and the columns it found. */
let lastDomainIndex: ReadonlyMap<string, number> | null = null;
let lastDomains: readonly string[] | null = null;
let lastDomainCol = new Int32Array(0);

/**
 * prepareKernel's special homes under construction: `specSlotW[home]` is the home's slot (-1: none; all -1
 * between calls), slots `0..specN-1` hold the home and its kin / here counts and flags.
 */
let specSlotW = new Int32Array(0);
let specHomeW = new Int32Array(16);
let specKinW = new Int32Array(16);
let specHereW = new Int32Array(16);
let specFlagsW = new Int32Array(16);
let specN = 0;

/** Start collecting the special homes of a subject over a registry of `n` homes. */
function specBegin(n: number): void {
  if (specSlotW.length < n) specSlotW = new Int32Array(n).fill(-1);
  specN = 0;
}

/** The slot of special home `i`, added (counts and flags 0) on first use. */
function specialSlot(i: number): number {
  const q = specSlotW[i]!;
  // a slot left by a call that threw midway is stale: valid only when it names this home in this call
  if (q >= 0 && q < specN && specHomeW[q] === i) return q;
  if (specN === specHomeW.length) {
    const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(2 * a.length);
      b.set(a);
      return b;
    };
    specHomeW = grow(specHomeW);
    specKinW = grow(specKinW);
    specHereW = grow(specHereW);
    specFlagsW = grow(specFlagsW);
  }
  const k = specN++;
  specSlotW[i] = k;
  specHomeW[k] = i;
  specKinW[k] = 0;
  specHereW[k] = 0;
  specFlagsW[k] = 0;
  return k;
}

/**
 * Arrays of spent params (passed to prepareKernel as `reuse`, so no live params holds them), by length:
 * the special-home lists (lengths 0-7) and one district table. An array is taken out of its slot when
 * used, so no two params share one.
 */
const SPEC_POOL = 8;
const poolSpecial: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(SPEC_POOL).fill(undefined);
const poolKin: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(SPEC_POOL).fill(undefined);
const poolHere: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(SPEC_POOL).fill(undefined);
const poolOcc: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(SPEC_POOL).fill(undefined);
const poolFlags: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(SPEC_POOL).fill(undefined);
let spareAvoid: Uint8Array | null = null;

/** Put the special-home arrays of spent params `r` in the pool (slot by list length). */
function specPut(r: KernelParams): void {
  const n = r.special.length;
  if (n >= SPEC_POOL || r.specKin.length !== n || r.specHere.length !== n || r.specFlags.length !== n || r.specOcc.length !== 4 * n) return;
  poolSpecial[n] = r.special;
  poolKin[n] = r.specKin;
  poolHere[n] = r.specHere;
  poolFlags[n] = r.specFlags;
  poolOcc[n] = r.specOcc;
}

/** An Int32Array of length `len` for a list of `n` specials: from the pool (slot emptied) or new; not zeroed. */
function specTake(pool: (Int32Array | undefined)[], n: number, len: number): Int32Array {
  if (n < SPEC_POOL) {
    const a = pool[n];
    pool[n] = undefined;
    if (a !== undefined && a.length === len) return a;
  }
  return new Int32Array(len);
}

/** As specTake, for the flags list. */
function specTakeU8(n: number): Uint8Array {
  if (n < SPEC_POOL) {
    const a = poolFlags[n];
    poolFlags[n] = undefined;
    if (a !== undefined && a.length === n) return a;
  }
  return new Uint8Array(n);
}

/** A zeroed district table of length `n`: the spent params' own, else the spare one, else new. */
function takeAvoid(prev: Uint8Array | null | undefined, n: number): Uint8Array {
  if (prev != null && prev.length === n) return prev.fill(0);
  const spare = spareAvoid;
  spareAvoid = null;
  if (spare !== null && spare.length === n) return spare.fill(0);
  return new Uint8Array(n);
}

/** Sort `a[0..n-1]` ascending (insertion sort: a subject has a few special homes; typed sort beyond 32). */
function sortSmallInts(a: Int32Array, n: number): void {
  if (n > 32) {
    a.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

/** True when some entry of `a` is not 0 (a spent flag array: were its sparse tables written?). */
function anySet(a: Uint8Array | undefined): boolean {
  if (!a) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) return true;
  return false;
}

/** A memo of needs-table chunks: 1,296 rows of 625 entries (see {@link chunkKey}), each filled on first use. */
interface ChunkMemo {
  readonly table: Int32Array;
  /** 1 when the row of that key is filled. */
  readonly filled: Uint8Array;
}

/**
 * Memo of needs-table chunks (see KernelParams.needsTable): per (needsGapHard, overProvisionFreeLevels), the
 * 625 packed entries of a chunk whose four need levels are integers 0-4 or unscored (1,296 combinations,
 * indexed by {@link chunkKey}), as rows of one table. Shared and read-only once a row is filled.
 */
const chunkMemo = new Map<string, ChunkMemo>();
/** The memos' tables (a spent params' `needsTable` may be one: it is never reused as a work array). */
const MEMO_TABLES = new WeakSet<Int32Array>();
let lastMemo: { gapHard: number; overFree: number; memo: ChunkMemo } | null = null;
function chunkMemoFor(gapHard: number, overFree: number): ChunkMemo {
  // subjects come in long runs of one policy: the last answer first (no key string per subject)
  const last = lastMemo;
  if (last !== null && last.gapHard === gapHard && last.overFree === overFree) return last.memo;
  const memo = chunkMemoOf(gapHard, overFree);
  lastMemo = { gapHard, overFree, memo };
  return memo;
}
function chunkMemoOf(gapHard: number, overFree: number): ChunkMemo {
  const key = `${gapHard}|${overFree}`;
  let memo = chunkMemo.get(key);
  if (!memo) {
    if (chunkMemo.size >= 16) chunkMemo.clear();
    memo = { table: new Int32Array(CHUNK_KEYS * CAP_CODES), filled: new Uint8Array(CHUNK_KEYS) };
    MEMO_TABLES.add(memo.table);
    chunkMemo.set(key, memo);
  }
  return memo;
}

/** Memo keys: four levels, each unscored or 0-4 (base 6). */
const CHUNK_KEYS = 6 ** CAP_CHUNK;

/** pk[(y * P + k) * 5 + c]: the packed need of child y, policy domain k at capability level c. */
function fillPk(pk: Int32Array, needs: Float64Array, nc: number, P: number, gapHard: number, overFree: number): void {
  for (let y = 0; y < nc; y++) {
    for (let k = 0; k < P; k++) {
      const n = needs[y * P + k] as number;
      for (let c = 0; c <= 4; c++) pk[(y * P + k) * 5 + c] = packedNeed(n, c, gapHard, overFree);
    }
  }
}

/** The 625 entries of one chunk (pk row offsets `off`, -1 = unscored domain) into `table` from `at`. */
function fillChunk(table: Int32Array, at: number, pk: Int32Array, off: Int32Array): void {
  const o0 = off[0] as number;
  const o1 = off[1] as number;
  const o2 = off[2] as number;
  const o3 = off[3] as number;
  // code = c0 + 5 c1 + 25 c2 + 125 c3: nested loops visit the codes in ascending order.
  for (let c3 = 0; c3 < 5; c3++) {
    const v3 = o3 < 0 ? 0 : (pk[o3 + c3] as number);
    for (let c2 = 0; c2 < 5; c2++) {
      const v2 = v3 + (o2 < 0 ? 0 : (pk[o2 + c2] as number));
      for (let c1 = 0; c1 < 5; c1++) {
        const v1 = v2 + (o1 < 0 ? 0 : (pk[o1 + c1] as number));
        for (let c0 = 0; c0 < 5; c0++) table[at++] = v1 + (o0 < 0 ? 0 : (pk[o0 + c0] as number));
      }
    }
  }
}

/**
 * Memo index of a needs chunk: its four levels (unscored = -1) in base 6, or -1 when a level is not an
 * integer 0-4 (then the chunk is computed, not memoised).
 */
function chunkKey(needs: Float64Array, off: Int32Array): number {
  let key = 0;
  for (let k = CAP_CHUNK - 1; k >= 0; k--) {
    const o = off[k] as number;
    // off = (x * P + p) * 5: the row of pk, so the level is needs[x * P + p]
    const n = o >= 0 ? (needs[o / 5] as number) : -1;
    if (o >= 0 && (!Number.isInteger(n) || n < 0 || n > 4)) return -1;
    key = key * 6 + n + 1;
  }
  return key;
}

/**
 * Own-authority score per authority-table index, for a placing authority: the same for every subject of
 * that authority, so memoised per (geography, registry authority table, placing authority, adjoining
 * score). The returned array is shared: read it, never write it.
 */
const authorityScoreCache = new WeakMap<Geography, WeakMap<readonly string[], Map<string, Float64Array>>>();
let lastAuthorityScores: { geo: Geography; table: readonly string[]; placing: string; adjoining: number; scores: Float64Array } | null = null;
function authorityScores(geo: Geography, reg: ScoringRegistry, placing: string, adjoining: number): Float64Array {
  const table = reg.tables.authorities;
  // subjects come in runs of one placing authority: the last answer first
  const last = lastAuthorityScores;
  if (last !== null && last.geo === geo && last.table === table && last.placing === placing && last.adjoining === adjoining) return last.scores;
  const scores = authorityScoresOf(geo, table, placing, adjoining);
  lastAuthorityScores = { geo, table, placing, adjoining, scores };
  return scores;
}

function authorityScoresOf(geo: Geography, table: readonly string[], placing: string, adjoining: number): Float64Array {
  let byTable = authorityScoreCache.get(geo);
  if (!byTable) authorityScoreCache.set(geo, (byTable = new WeakMap()));
  let byKey = byTable.get(table);
  if (!byKey) byTable.set(table, (byKey = new Map()));
  const key = `${placing}|${adjoining}`;
  let scores = byKey.get(key);
  if (!scores) {
    scores = new Float64Array(table.length);
    for (let k = 0; k < table.length; k++) scores[k] = ownAuthorityScore(authorityRelation(geo, placing, table[k] as string), adjoining);
    byKey.set(key, scores);
  }
  return scores;
}

function bbox(g: GeoJSON.Polygon | GeoJSON.MultiPolygon): [number, number, number, number] {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const poly of polys)
    for (const ring of poly)
      for (const c of ring) {
        const lon = c[0] as number;
        const lat = c[1] as number;
        if (lon < minLon) minLon = lon;
        if (lon > maxLon) maxLon = lon;
        if (lat < minLat) minLat = lat;
        if (lat > maxLat) maxLat = lat;
      }
  return [minLon, minLat, maxLon, maxLat];
}

/**
 * Great-circle km with both cosines precomputed: the same operations, in the same order, as
 * geo/distance.ts `haversineKm` (so the same bits), minus two Math.cos calls per pair. The property test
 * against the explained path (which calls `geo.distance.km`) guards the equivalence.
 *
 * @example
 * haversineCosKm(52.41, -1.51, Math.cos(52.41 * RAD), 52.48, -1.91, Math.cos(52.48 * RAD)); // ≈ 28.4
 */
export function haversineCosKm(lat1: number, lon1: number, cos1: number, lat2: number, lon2: number, cos2: number): number {
  const sinDLat = Math.sin((lat2 - lat1) * RAD * 0.5);
  const sinDLon = Math.sin((lon2 - lon1) * RAD * 0.5);
  const h = sinDLat * sinDLat + cos1 * cos2 * sinDLon * sinDLon;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h < 1 ? h : 1));
}

function popcount(x: number): number {
  let n = 0;
  while (x) {
    x &= x - 1;
    n++;
  }
  return n;
}

/** First position in the sorted `special` list whose home index is >= start. */
function firstSpecial(special: Int32Array, start: number): number {
  let lo = 0;
  let hi = special.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((special[mid] as number) < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Options of {@link scoreRange}. */
export interface ScoreRangeOptions {
  /**
   * Stop at the first group of hard-rule checks that fails: a home that breaks a rule gets `eligible` 0,
   * NaN in `totals` and `km`, and in `broken` SOME of the rules it breaks (at least one; not necessarily
   * all). For callers that read totals of eligible homes only (the re-match); eligibility and the totals,
   * km and (empty) masks of eligible homes are those of the full computation.
   */
  readonly eligibleOnly?: boolean;
  /**
   * When given, the registry index of every eligible home is written here, in scoring order (ranges in
   * the order given, ascending within a range), from position 0; `scoreRanges` returns how many. It must
   * hold at least as many entries as the homes scored. With `eligibleOnly` as well, the entries of `out`
   * for ineligible homes are left as they were (not written): read eligibility from the list.
   */
  readonly eligibleList?: Int32Array;
  /**
   * With `eligibleOnly` and `eligibleList`: skip, without reading them, the homes that fail one of the
   * subject-wide hard rules (see {@link ruleFilter}); the list, the count and what is written are the same.
   * Ignored when its columns are not `c`, or otherwise.
   */
  readonly filter?: RuleFilter;
}

/**
 * Per-registry memo of which homes pass the hard rules that depend only on the home and on a few numbers
 * of the subject (care plan setting, age / sex, connected-person-only type, registration, supported under
 * 16, inadequate Ofsted unless overridden for every home, free places and sibling room for `nc` children,
 * adaptations, same-day emergency), as one bit set over the homes per combination of those numbers. A
 * home that is special for a subject (kin, current home, an override naming it, an avoid polygon) can pass
 * where its bit says no, so `scoreRanges` visits the specials whatever their bits.
 */
export interface RuleFilter {
  readonly columns: HomeColumns;
  /** Bit set per subject key (see filterKey), built on first use. */
  readonly sets: Map<number, Int32Array>;
}

/**
 * A rule filter over `columns` (the columns must not change while it is used).
 *
 * @example
 * const filter = ruleFilter(registry.columns);
 * scoreRanges(p, registry.columns, ranges, out, undefined, { eligibleOnly: true, eligibleList: list, filter });
 */
export function ruleFilter(columns: HomeColumns): RuleFilter {
  return { columns, sets: new Map() };
}

/** Subjects of more children than this, or ages over FILTER_MAX_AGE, are scored without the filter. */
const FILTER_MAX_CHILDREN = 8;
const FILTER_MAX_AGE = 63;
/** Bit sets kept per filter (the map is cleared when full). */
const FILTER_MAX_SETS = 2048;

/** The filter's bit set for params `p` over columns `c`, or null when it does not apply. */
function filterBits(f: RuleFilter, p: KernelParams, c: HomeColumns): Int32Array | null {
  const nc = p.nc;
  const minAge = p.minAge;
  const maxAge = p.maxAge;
  if (f.columns !== c || nc > FILTER_MAX_CHILDREN || !(minAge >= 0 && maxAge <= FILTER_MAX_AGE) || p.adaptReq > 127 || p.sexMask > 3 || p.careMask > 7) return null;
  // 3 + 6 + 6 + 2 + 7 + 1 + 1 + 4 bits: a small integer
  const key =
    (((((((p.careMask * 64 + minAge) * 64 + maxAge) * 4 + p.sexMask) * 128 + p.adaptReq) * 2 + (p.sameDay ? 1 : 0)) * 2 + (p.ovOfstedAll ? 1 : 0)) * 16) + nc;
  const known = f.sets.get(key);
  if (known !== undefined) return known;
  if (f.sets.size >= FILTER_MAX_SETS) f.sets.clear();
  // the AND of one bit set per rule group, each built once per filter (subjects differ in one or two numbers)
  const bits = componentBits(f, C_SETTING_SEX, p.careMask * 4 + p.sexMask).slice();
  andInto(bits, componentBits(f, C_AGE_MIN, minAge));
  andInto(bits, componentBits(f, C_AGE_MAX, maxAge));
  andInto(bits, componentBits(f, C_STATIC, (minAge < SUPPORTED_MIN_AGE ? 2 : 0) + (p.ovOfstedAll ? 1 : 0)));
  andInto(bits, componentBits(f, C_PLACES, nc));
  if (p.adaptReq !== 0) andInto(bits, componentBits(f, C_ADAPT, p.adaptReq));
  if (p.sameDay) andInto(bits, componentBits(f, C_EMERGENCY, 0));
  f.sets.set(key, bits);
  return bits;
}

/** Rule groups of the filter's bit sets, and the number each is built for. */
const C_SETTING_SEX = 0; // careMask * 4 + sexMask
const C_AGE_MIN = 1; // the youngest child's age
const C_AGE_MAX = 2; // the oldest child's age
const C_STATIC = 3; // (under 16 ? 2 : 0) + (Ofsted overridden for every home ? 1 : 0)
const C_PLACES = 4; // children
const C_ADAPT = 5; // adaptations required
const C_EMERGENCY = 6; // (same day only)

/** `a &= b`, word by word. */
function andInto(a: Int32Array, b: Int32Array): void {
  for (let w = 0; w < a.length; w++) a[w]! &= b[w]!;
}

/**
 * The homes passing one group of the filter's rules for `value` (see the C_ constants), as a bit set; each
 * test is the one in scoreRanges for a home that is not special (no kin, no child living there, no override).
 */
function componentBits(f: RuleFilter, group: number, value: number): Int32Array {
  const key = -1 - (group * 1024 + value);
  const known = f.sets.get(key);
  if (known !== undefined) return known;
  const c = f.columns;
  const bits = new Int32Array((c.n + 31) >>> 5);
  const { setting, type, ageMin, ageMax, sexMask, registration, ofsted, freePlaces, maxSibling, adaptMask, emergency } = c;
  for (let i = 0; i < c.n; i++) {
    let pass: boolean;
    if (group === C_SETTING_SEX) pass = ((value >> 2) & (1 << (setting[i] as number))) !== 0 && ((value & 3) & ~(sexMask[i] as number)) === 0;
    else if (group === C_AGE_MIN) pass = (ageMin[i] as number) <= value;
    else if (group === C_AGE_MAX) pass = (ageMax[i] as number) >= value;
    else if (group === C_STATIC)
      pass =
        type[i] !== CONNECTED_PERSON_FOSTER &&
        registration[i] === REGISTERED &&
        !(setting[i] === SUPPORTED_SETTING && (value & 2) !== 0) &&
        (ofsted[i] !== INADEQUATE || (value & 1) !== 0);
    else if (group === C_PLACES) pass = (freePlaces[i] as number) >= value && (value < 2 || (maxSibling[i] as number) >= value);
    else if (group === C_ADAPT) pass = (value & ~(adaptMask[i] as number)) === 0;
    else pass = emergency[i] !== 0;
    if (pass) bits[i >>> 5]! |= 1 << (i & 31);
  }
  f.sets.set(key, bits);
  return bits;
}

let zeros = new Uint8Array(0);
/** A table of at least `nd` zeros, shared and never written. */
function zeroDistricts(nd: number): Uint8Array {
  if (zeros.length < nd) zeros = new Uint8Array(nd);
  return zeros;
}

/** An ineligible home in `eligibleOnly` mode (see ScoreRangeOptions). */
function reject(out: ScoreArrays, i: number, mask: number): void {
  out.totals[i] = NaN;
  out.km[i] = NaN;
  out.broken[i] = mask;
  out.eligible[i] = 0;
}

/**
 * Score homes `start..end-1` into `out` (which is indexed by registry index). Allocates nothing per home.
 *
 * @param dist required when `p.greatCircle` is false (see {@link genericDistance})
 * @example
 * scoreRange(params, registry.columns, 0, n, out);
 * out.eligible[7]; // 1 when home 7 breaks no hard rule
 */
export function scoreRange(
  p: KernelParams,
  c: HomeColumns,
  start: number,
  end: number,
  out: ScoreArrays,
  dist?: GenericDistance,
  options: ScoreRangeOptions = {},
): void {
  scoreRanges(p, c, [start, end], out, dist, options);
}

/**
 * {@link scoreRange} over several half-open ranges given flat as [start0, end0, start1, end1, ...]: the
 * per-call setup is done once (it dominates when the ranges are short, e.g. a spatial window's rows).
 *
 * @returns the number of eligible homes scored
 * @example
 * scoreRanges(params, registry.columns, [0, 10, 40, 55], out); // homes 0-9 and 40-54
 */
export function scoreRanges(
  p: KernelParams,
  c: HomeColumns,
  ranges: ArrayLike<number>,
  out: ScoreArrays,
  dist?: GenericDistance,
  options: ScoreRangeOptions = {},
): number {
  const { point, pLat, pLon, pCos, pHome, capCodes, authority, district, freePlaces, type, setting, registration, ofsted, contract, ageMin, ageMax, sexMask, adaptMask } = c;
  const { emergency, maxSibling, youngest, occupantRisk, maxAgeRiskYounger, maxAgeSexualHarm, pets, capability, annualCost } = c;
  const { langStart, langIds, relStart, relIds, cultStart, cultIds } = c;
  const D = c.domainCount;
  const gc = p.greatCircle;
  if (!gc && !dist) throw new Error('scoreRange: a non-great-circle distance provider needs `dist`');
  const { nc, childLat, childLon, childCos, hasSchool, schoolLat, schoolLon, schoolCos, childAge, childRisk, needs, domainCol, P } = p;
  const { minAge, maxAge, adaptReq, careMask, avoidDistrict, special, specKin, specHere, specFlags, specOcc, C, needsTable, needsRow, needsBase } = p;
  if (!p.cache || p.cache.mark.length !== p.U) p.cache = { sums: new Float64Array(p.U * 3), mark: new Int32Array(p.U), stamp: 1 };
  const { sums, mark } = p.cache;
  const stamp = p.cache.stamp;
  const eligibleOnly = options.eligibleOnly === true;
  const list = options.eligibleList;
  let found = 0;
  const subjSex = p.sexMask;
  const sameDay = p.sameDay;
  const ovOfstedAll = p.ovOfstedAll;
  const ovNeedsAll = p.ovNeedsAll;
  const fitT = { unmetNeedPenaltyPerLevel: p.unmetPenalty, overProvisionPenaltyPerLevel: p.overPenalty };
  const costT = { costCeilingAnnual: p.costCeiling, blockMarginalCostShare: p.blockShare };
  const w = p.weights;
  const wKin = w[0] as number;
  const wDist = w[1] as number;
  const wAuth = w[2] as number;
  const wEdu = w[3] as number;
  const wSib = w[4] as number;
  const wNeeds = w[5] as number;
  const wDis = w[6] as number;
  const wCost = w[7] as number;
  const wCult = w[8] as number;
  const wWish = w[9] as number;
  const wStab = w[10] as number;
  const { halfLife, eduHalf, authScore, sibScore, disRelevant, disReqMask, disReqCount, disK, S, hasLang, langFlags, childRel, childEth } = p;
  const { hasWish, ND, NA, wishDistrict, wishAuth } = p;
  const dis0 = disK[0] as number;
  const dis1 = disK[1] as number;
  const { eligible, totals, broken, km: kmOut } = out;
  const ns = special.length;
  const under16 = minAge < SUPPORTED_MIN_AGE;
  const avoidTable = avoidDistrict ?? zeroDistricts(p.ND);
  // the filter's bit set: only the homes whose bit is set, and the specials, are visited (see RuleFilter)
  const bits = eligibleOnly && list !== undefined && options.filter !== undefined ? filterBits(options.filter, p, c) : null;
  for (let q = 0; q + 1 < ranges.length; q += 2) {
    const start = ranges[q] as number;
    const end = ranges[q + 1] as number;
    if (end <= start) continue;
    let k = firstSpecial(special, start);
    let nextSpecial = k < ns ? (special[k] as number) : -1;
    // with `bits`: the word being read (visited bits not yet taken), its index, the next special to add
    const lastWord = (end - 1) >>> 5;
    let wi = (start >>> 5) - 1;
    let word = 0;
    let ks = k;

    for (let i = start - 1; ; ) {
      if (bits === null) {
        if (++i >= end) break;
      } else {
        while (word === 0 && wi < lastWord) {
          wi++;
          let w = bits[wi] as number;
          const top = (wi + 1) << 5;
          while (ks < ns && (special[ks] as number) < top) w |= 1 << ((special[ks++] as number) & 31);
          if (wi === start >>> 5) w &= -1 << (start & 31);
          if (wi === lastWord && (end & 31) !== 0) w &= (1 << (end & 31)) - 1;
          word = w;
        }
        if (word === 0) break;
        i = (wi << 5) + 31 - Math.clz32(word & -word);
        word &= word - 1;
      }
      let kin = 0;
      let here = 0;
      let sflags = 0;
      let spec = -1;
      if (i === nextSpecial) {
        spec = k;
        kin = specKin[k] as number;
        here = specHere[k] as number;
        sflags = specFlags[k] as number;
        k++;
        nextSpecial = k < ns ? (special[k] as number) : -1;
      }

      // Hard rules. The two that rule out most homes (care plan setting, age / sex) come first, so that with
      // `eligibleOnly` most ineligible homes are rejected after a read or two; the full mask is the same OR.
      // Every comparison and bit operation below runs for every home that reaches it, whatever the subject
      // (a rule's bit is added as `cond ? BIT : 0`): an operation first met after the kernel was optimised
      // has no type feedback and deoptimises it (a recompile of this function costs ~0.1-0.5 s of CPU).
      let mask = 0;
      // a home the filter's bit let through, and not special, passes these rules (see RuleFilter): not read again
      if (bits === null || spec >= 0) {
        const set = setting[i] as number;
        mask |= (careMask & (1 << set)) === 0 ? R_CARE_PLAN : 0;
        if (eligibleOnly && mask !== 0) {
          if (list === undefined) reject(out, i, mask);
          continue;
        }
        const noKin = kin === 0;
        const kinOnly = type[i] === CONNECTED_PERSON_FOSTER;
        if ((ageMin[i] as number) > minAge || (ageMax[i] as number) < maxAge || (subjSex & ~(sexMask[i] as number)) !== 0 || (kinOnly && noKin)) mask |= R_AGE_SEX;
        if (eligibleOnly && mask !== 0) {
          if (list === undefined) reject(out, i, mask);
          continue;
        }
        mask |= registration[i] !== REGISTERED ? R_REGISTRATION : 0;
        mask |= set === SUPPORTED_SETTING && under16 ? R_SUPPORTED_UNDER_16 : 0;
        const inadequate = ofsted[i] === INADEQUATE;
        const ofstedOverridden = (sflags & OV_OFSTED) !== 0;
        mask |= inadequate && !ovOfstedAll && !ofstedOverridden ? R_OFSTED : 0;
        const placesShort = (freePlaces[i] as number) < nc - here;
        const siblingsShort = (maxSibling[i] as number) < nc;
        mask |= placesShort || (nc >= 2 && siblingsShort) ? R_FREE_PLACES : 0;
        mask |= (adaptReq & ~(adaptMask[i] as number)) !== 0 ? R_ADAPTATIONS : 0;
        const noEmergency = emergency[i] === 0;
        mask |= sameDay && noEmergency ? R_EMERGENCY : 0;
      }
      const di = district[i] as number;
      // no child avoids a district: a table of zeros (so the lookup runs, and has feedback, for every subject)
      const avoided = di >= 0 && avoidTable[di] === 1;
      const inPolygon = (sflags & AVOID_POLYGON) !== 0;
      mask |= avoided || inPolygon ? R_AVOID : 0;
      if (eligibleOnly && mask !== 0) {
        if (list === undefined) reject(out, i, mask);
        continue;
      }
      {
        // where a subject's child lives today, its own resident entry does not count (prepareKernel: specOcc)
        const own = here > 0 ? spec * 4 : -1;
        const yg = own >= 0 ? (specOcc[own] as number) : (youngest[i] as number);
        const orisk = own >= 0 ? (specOcc[own + 1] as number) : (occupantRisk[i] as number);
        const my = own >= 0 ? (specOcc[own + 2] as number) : (maxAgeRiskYounger[i] as number);
        const ms = own >= 0 ? (specOcc[own + 3] as number) : (maxAgeSexualHarm[i] as number);
        const pt = pets[i] === 1;
        for (let x = 0; x < nc; x++) {
          if (conflictMask(childAge[x] as number, childRisk[x] as number, yg, orisk, my, ms, pt) !== 0) {
            mask |= R_RESIDENTS;
            break;
          }
        }
      }
      if (eligibleOnly && mask !== 0) {
        if (list === undefined) reject(out, i, mask);
        continue;
      }

      // Needs: the hard gap and the soft fit in one pass (table lookups, see KernelParams.needsTable).
      const base = i * D;
      let gaps = 0;
      let needsSum = 0;
      let disSum = 0;
      for (let x = 0; x < nc; x++) {
        let packed = needsBase[x] as number;
        const trow = x * C;
        const crow = i * C;
        for (let j = 0; j < C; j++) packed += needsTable[(needsRow[trow + j] as number) + (capCodes[crow + j] as number)] as number;
        gaps += packed >>> 20;
        needsSum += needsFitScore((packed >>> 10) & 1023, packed & 1023, fitT);
        const row = x * P;
        if (disRelevant[x]) {
          let s = 0;
          let cnt = 0;
          if (dis0 >= 0) {
            const need = needs[row + dis0] as number;
            if (need > 0) {
              const col = domainCol[dis0] as number;
              const cp = col >= 0 ? (capability[base + col] as number) : 0;
              s += cp >= need ? 1 : cp / need;
              cnt++;
            }
          }
          if (dis1 >= 0) {
            const need = needs[row + dis1] as number;
            if (need > 0) {
              const col = domainCol[dis1] as number;
              const cp = col >= 0 ? (capability[base + col] as number) : 0;
              s += cp >= need ? 1 : cp / need;
              cnt++;
            }
          }
          const req = disReqMask[x] as number;
          disSum += disabilityScore(true, disReqCount[x] as number, popcount(req & (adaptMask[i] as number)), cnt === 0 ? 1 : s / cnt);
        }
      }
      if (gaps !== 0 && !ovNeedsAll && (sflags & OV_NEEDS) === 0) mask |= R_NEEDS_GAP;
      if (eligibleOnly && mask !== 0) {
        if (list === undefined) reject(out, i, mask);
        continue;
      }

      // Distances (child home -> home, school -> home): per distinct point, computed once per request.
      const u = point[i] as number;
      const u3 = u * 3;
      if (mark[u] !== stamp) {
        const hLat = pLat[u] as number;
        const hLon = pLon[u] as number;
        const hCos = pCos[u] as number;
        let sumKm = 0;
        let sumDist = 0;
        let sumEdu = 0;
        for (let x = 0; x < nc; x++) {
          const km = gc
            ? haversineCosKm(childLat[x] as number, childLon[x] as number, childCos[x] as number, hLat, hLon, hCos)
            : (dist as GenericDistance).provider.km((dist as GenericDistance).childPoints[x] as LatLon, (dist as GenericDistance).homePoints[pHome[u] as number] as LatLon);
          sumKm += km;
          sumDist += decayScore(km, halfLife);
          if (hasSchool[x]) {
            const sk = gc
              ? haversineCosKm(schoolLat[x] as number, schoolLon[x] as number, schoolCos[x] as number, hLat, hLon, hCos)
              : (dist as GenericDistance).provider.km((dist as GenericDistance).schoolPoints[x] as LatLon, (dist as GenericDistance).homePoints[pHome[u] as number] as LatLon);
            sumEdu += decayScore(sk, eduHalf);
          }
        }
        sums[u3] = sumKm;
        sums[u3 + 1] = sumDist;
        sums[u3 + 2] = sumEdu;
        mark[u] = stamp;
      }
      const sumKm = sums[u3] as number;
      const sumDist = sums[u3 + 1] as number;
      const sumEdu = sums[u3 + 2] as number;

      // Culture and wishes.
      let cultSum = 0;
      let wishCount = 0;
      const ai = authority[i] as number;
      for (let x = 0; x < nc; x++) {
        const rel = childRel[x] as number;
        const eth = childEth[x] as number;
        const hl = hasLang[x] as number;
        const applicable = hl + (rel !== NOT_RECORDED ? 1 : 0) + (eth !== NOT_RECORDED ? 1 : 0);
        if (applicable !== 0) {
          let matched = 0;
          if (hl) {
            const off = x * S;
            for (let j = langStart[i] as number, e = langStart[i + 1] as number; j < e; j++) {
              if (langFlags[off + (langIds[j] as number)]) {
                matched++;
                break;
              }
            }
          }
          if (rel >= 0) {
            for (let j = relStart[i] as number, e = relStart[i + 1] as number; j < e; j++) {
              if (relIds[j] === rel) {
                matched++;
                break;
              }
            }
          }
          if (eth >= 0) {
            for (let j = cultStart[i] as number, e = cultStart[i + 1] as number; j < e; j++) {
              if (cultIds[j] === eth) {
                matched++;
                break;
              }
            }
          }
          cultSum += cultureScore(matched, applicable);
        }
        if (hasWish[x] && ((di >= 0 && wishDistrict[x * ND + di] === 1) || (ai >= 0 && wishAuth[x * NA + ai] === 1))) wishCount++;
      }

      // Soft factors, summed in SOFT_FACTOR_IDS order (as explain() does).
      let t = 0;
      t += wKin * (kin / nc);
      t += wDist * (sumDist / nc);
      t += wAuth * (ai >= 0 ? (authScore[ai] as number) : 0);
      t += wEdu * (sumEdu / nc);
      t += wSib * sibScore;
      t += wNeeds * (needsSum / nc);
      t += wDis * (disSum / nc);
      t += wCost * costScore(annualCost[i] as number, contract[i] === BLOCK_CONTRACT, costT);
      t += wCult * (cultSum / nc);
      t += wWish * (wishCount / nc);
      t += wStab * (here / nc);

      totals[i] = t;
      kmOut[i] = sumKm / nc;
      broken[i] = mask;
      if (mask === 0) {
        eligible[i] = 1;
        if (list !== undefined) list[found] = i;
        found++;
      } else eligible[i] = 0;
    }
  }
  return found;
}
