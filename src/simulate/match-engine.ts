import { EARTH_RADIUS_KM, greatCircle } from '../../geo/distance.js';
import type { Geography } from '../../geo/types.js';
import { settingOf, ValidationError, type Child, type Home, type Policy, type Problem } from '../domain/index.js';
import { buildRegistry, type Registry } from '../match/registry.js';
import { isProblem, resolveLocation } from '../match/resolve-location.js';
import { collectSubject } from '../match/resolve-child.js';
import { adaptationMask, BLOCK_CONTRACT, carePlanMask, CONNECTED_PERSON_FOSTER, CONTRACTS, INADEQUATE, REGISTERED, sexBit, SUPPORTED_SETTING } from '../scoring/codes.js';
import type { HomeColumns } from '../scoring/columns.js';
import { costScore } from '../scoring/factors/cost.js';
import { DISABILITY_DOMAINS } from '../scoring/factors/disability.js';
import { educationWeight } from '../scoring/factors/education.js';
import { FACTOR_IMPACTS, FACTORS } from '../scoring/factors/index.js';
import { needsFitScore } from '../scoring/factors/needs-fit.js';
import { ownAuthorityScore } from '../scoring/factors/own-authority.js';
import { siblingsScore } from '../scoring/factors/siblings.js';
import { authorityRelation, decayScore } from '../scoring/helpers.js';
import { allocScores, prepareKernel, scoreRange } from '../scoring/kernel.js';
import { RULE_PASSES } from '../scoring/rules/index.js';
import { SUPPORTED_MIN_AGE } from '../scoring/rules/supported-under-16.js';
import type { ResolvedHome, ResolvedSubject, ScoringContext } from '../scoring/types.js';
import type { Choice, PlacementEngine, Subject } from './engine.js';
import { MinHeap } from './heap.js';

/**
 * The placement engine over the real match core: for each referral, the top eligible home with a free
 * place, judged by the match core's own hard-rule and soft-factor modules (the reference the fast path is
 * property-tested against), ties by home id as the match ranking. Eligibility comes from the rules' verdict-only
 * fast paths (`RULE_PASSES`, each equal to its module's `evaluate(ctx).passed`); the total from the factors'
 * impact-only fast paths (`FACTOR_IMPACTS`, each equal to its module's `evaluate(ctx).impact` to the last bit;
 * both property-tested beside the modules), except that six factors (distance, own authority, education,
 * siblings, needs fit, cost) are taken from the search bound, which computes them with those factors' own
 * exported functions.
 *
 * What keeps a year of referrals fast is WHICH homes get judged, never how:
 * - only homes with a free place, of a setting the care plan allows, registered for the child's age and sex,
 *   large enough for the sibling group, taking emergencies for a same-day referral, with the adaptations
 *   needed, not rated inadequate, not in an area to avoid and without a needs gap (each test mirrors a hard
 *   rule, so a skipped home is one the match core would rule out);
 * - best-first search with an upper bound: homes are grouped by setting and a ~10 km grid cell; a group's
 *   bound and then each home's bound (distance, school, authority, siblings, needs-fit and cost factors
 *   computed with the factor modules' own functions, the rest at their maximum) order the search, and a home
 *   is judged only while its bound can still beat the best eligible total found;
 * - a shared market: baseline and scenario use ONE registry (the union of both markets), each world with its
 *   own free places, prices and contracts, and a referral seen in both worlds is resolved once.
 * `referenceBest` (a full fast-path scan of every home) pins the answers in the tests.
 *
 * Same-day referrals follow the match response's scope: the best eligible home within the same-day radius
 * and inside or adjoining the placing authority; when there is none, the best eligible home anywhere (the
 * relaxation a placement team would take).
 */

/** Factors the search bound computes exactly with the factor modules' own functions. */
const BOUNDED_FACTORS = new Set(['distance', 'own_authority', 'education', 'siblings', 'needs_fit', 'cost']);
/** The other factor modules, evaluated when a home is judged (kinship, disability, culture, wishes, stability). */
const UNBOUNDED_FACTORS = FACTORS.filter((f) => !BOUNDED_FACTORS.has(f.id));
/**
 * Their impacts as numbers only: each module's impact-only fast path (`FACTOR_IMPACTS`, equal to its
 * `evaluate(ctx).impact` to the last bit, property-tested beside it), or `evaluate` for a factor without one.
 */
const impactOf = (f: (typeof FACTORS)[number]): ((ctx: ScoringContext) => number) => FACTOR_IMPACTS.get(f.id) ?? ((ctx: ScoringContext) => f.evaluate(ctx).impact);
const UNBOUNDED_IMPACTS: readonly ((ctx: ScoringContext) => number)[] = UNBOUNDED_FACTORS.map(impactOf);
/** Every factor's impact, in `FACTORS` order (for a home judged outside the search). */
const ALL_IMPACTS: readonly ((ctx: ScoringContext) => number)[] = FACTORS.map(impactOf);
/** No registry indices (shared by the subjects with no areas to avoid or no special homes). */
const NO_INDICES: ReadonlySet<number> = new Set<number>();
/** The engine records no overrides. */
const NO_OVERRIDES: readonly never[] = Object.freeze([]);

/** Totals closer than this are a tie (broken by home id, as the match ranking). */
export const TIE_EPSILON = 1e-9;

/** A registry shared by the engines of several worlds, with a per-subject cache. */
export interface SharedMarket {
  readonly registry: Registry;
  /** Forget cached subjects. */
  clear(): void;
  /**
   * Subjects worked out, by their first Child object (a referral's children are the same objects in every
   * world; entries go when the children do).
   */
  readonly cache: { get(first: Child): SubjectWork[] | undefined; set(first: Child, works: SubjectWork[]): void };
}

/** What is worked out once per subject and shared between worlds. */
export interface SubjectWork {
  /** The very Child objects it was worked out for (a cache hit needs the same objects, not just the same ids). */
  readonly children: readonly Child[];
  /** The subject's date and group size (with the children, what the work depends on). */
  readonly asOf: string;
  readonly groupSize: number;
  readonly resolved: ResolvedSubject;
  /** What the search needs of the subject, whatever the world (see {@link SubjectPlan}). */
  readonly plan: SubjectPlan;
  readonly kin: Map<string, Choice | null>;
  /**
   * Judgements of market homes reached by the search, by registry index: the impacts of the factors outside
   * the bound (`UNBOUNDED_FACTORS`, in order), or null when a hard rule rules the home out, and the km. For
   * such a home nothing judged depends on the world: the rules read the home's free places only through
   * `free_places`, which every home the search reaches passes (it has a place for each child), and price and
   * contract only enter the bounded cost factor. So the second world re-adds the same impacts in the same
   * order (the same total to the last bit) instead of judging again.
   */
  readonly judged: Map<number, { readonly impacts: Float64Array | null; readonly km: number }>;
}

/**
 * The search's view of a subject, the same in every world (worked out once, when the subject is resolved):
 * flat numbers the bounds read without allocating.
 */
export interface SubjectPlan {
  /** Children placed together. */
  readonly nc: number;
  /** Per child, 6 numbers: home latitude, longitude, cosine of latitude; school latitude, longitude, cosine. */
  readonly pts: Float64Array;
  /** Per child: 1 when a school is recorded (its three numbers in `pts` are then set). */
  readonly hasSchool: Uint8Array;
  readonly minAge: number;
  readonly maxAge: number;
  /** Union of the children's sex bits, adaptation bits; care-plan settings allowed (bit per setting). */
  readonly sex: number;
  readonly adaptReq: number;
  readonly careMask: number;
  readonly sameDay: boolean;
  /** The education factor's weight for this subject (key stage 4 raises it). */
  readonly wEdu: number;
  /** Policy domains, and the registry capability column of each (-1 when no home records it). */
  readonly P: number;
  readonly domainCol: Int32Array;
  /** Needs, child-major: `needs[k * P + d]`. */
  readonly needs: Float64Array;
  /** The most the disability, culture and wishes factors can add (they are not in the bound). */
  readonly slack: number;
  /** Registry district indices to avoid. */
  readonly avoid: ReadonlySet<number>;
  /** The siblings factor plus the slack plus a hair: the part of every home's bound that is the same. */
  readonly homeConstant: number;
  /** Registry indices of homes special to the subject (connected persons, current home): always judged. */
  readonly special: ReadonlySet<number>;
}

/**
 * A registry over the union of several markets (homes of the same id must be the same home, apart from
 * price and contract, which each world sets for itself).
 *
 * @example
 * const market = createSharedMarket([...baselineHomes, ...openedHomes], geo);
 */
export function createSharedMarket(homes: readonly Home[], geo: Geography): SharedMarket {
  const seen = new Set<string>();
  const unique = homes.filter((h) => (seen.has(h.id) ? false : (seen.add(h.id), true)));
  let works = new WeakMap<Child, SubjectWork[]>();
  const cache = { get: (first: Child) => works.get(first), set: (first: Child, w: SubjectWork[]) => void works.set(first, w) };
  return {
    registry: buildRegistry(unique, geo, `simulate-${unique.length}`),
    cache,
    clear: () => {
      works = new WeakMap();
    },
  };
}

/** Options for {@link createMatchEngine}. */
export interface MatchEngineOptions {
  readonly policy: Policy;
  readonly geo: Geography;
  /** A market shared with other worlds' engines (it must hold every home of `homes`). */
  readonly market?: SharedMarket;
}

/** A match engine with its internals exposed for tests and benchmarks. */
export interface MatchPlacementEngine extends PlacementEngine {
  readonly registry: Registry;
  /** This world's columns: the registry's, with this world's free places, prices and contracts. */
  readonly view: HomeColumns;
  /** Registry index of each market home, and market index of each registry home (-1 when not in this world). */
  readonly toRegistry: Int32Array;
  readonly fromRegistry: Int32Array;
  /** Resolve a subject as the match core does (ages on `subject.asOf`). */
  resolve(subject: Subject): ResolvedSubject;
  /** Subjects placed, groups and homes bounded, homes judged by the rule and factor modules. */
  stats(): { subjects: number; groups: number; bounded: number; judged: number };
}

/** Grid cell for grouping homes: 0.05° latitude (~5.5 km) by 0.075° longitude (~5 km at 52° N). */
const CELL_LAT = 0.05;
const CELL_LON = 0.075;
/** Cells per side of a super block (8 x 8 cells, ~40 km). */
const SUPER_CELLS = 8;
/** Super blocks per side of a mega block (4 x 4 supers, ~160 km): a referral's search starts from these. */
const MEGA_SUPERS = 4;
/** Safety margin on a group's nearest distance, km (clamping to a lat/lon box is not exactly the sphere's nearest point). */
const BOX_MARGIN_KM = 1;

const RAD = Math.PI / 180;

/**
 * geo's `haversineKm` with the cosines of both latitudes given (worked out once per home, node and child
 * rather than on every call): the same operations in the same order, so the same km to the last bit, which
 * the search relies on (a home's bound terms are reused as its exactly computed factors).
 */
function haversineCos(lat1: number, lon1: number, cos1: number, lat2: number, lon2: number, cos2: number): number {
  const sinDLat = Math.sin((lat2 - lat1) * RAD * 0.5);
  const sinDLon = Math.sin((lon2 - lon1) * RAD * 0.5);
  const h = sinDLat * sinDLat + cos1 * cos2 * sinDLon * sinDLon;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h < 1 ? h : 1));
}

/** Lower bound on the km from a point (latitude, longitude, its cosine) to any point of node `g`'s box (`bc` holds the cosines of its latitude bounds). */
function boxKm(pLat: number, pLon: number, pCos: number, b: Float64Array, bc: Float64Array, g: number): number {
  const lo = b[g * 4] as number;
  const hi = b[g * 4 + 2] as number;
  const lat = Math.min(Math.max(pLat, lo), hi);
  const lon = Math.min(Math.max(pLon, b[g * 4 + 1] as number), b[g * 4 + 3] as number);
  const cos2 = lat === pLat ? pCos : lat === lo ? (bc[g * 2] as number) : (bc[g * 2 + 1] as number);
  return Math.max(0, haversineCos(pLat, pLon, pCos, lat, lon, cos2) - BOX_MARGIN_KM);
}

/** Items 0..n-1 listed under their parent (`parentOf[i]` in 0..parents-1), in item order: CSR start and items. */
function csrOf(parentOf: readonly number[], parents: number): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(parents + 1);
  for (const p of parentOf) start[p + 1] = (start[p + 1] as number) + 1;
  for (let p = 0; p < parents; p++) start[p + 1] = (start[p + 1] as number) + (start[p] as number);
  const items = new Int32Array(parentOf.length);
  const fill = start.slice(0, parents);
  parentOf.forEach((p, i) => {
    items[fill[p] as number] = i;
    fill[p] = (fill[p] as number) + 1;
  });
  return { start, items };
}

/** Per placing authority: own-authority scores and same-day scope by registry authority and by search node. */
interface AuthorityTables {
  readonly score: Float64Array;
  readonly near: Uint8Array;
  readonly nodeScore: Float64Array;
  readonly nodeNear: Uint8Array;
}

/**
 * One engine's search state: its world's columns and search nodes (see `createMatchEngine`), scratch space, and
 * the subject being searched. The search functions below take it as an argument.
 */
interface SearchState {
  readonly base: HomeColumns;
  readonly freePlaces: Int32Array;
  readonly costImpact: Float64Array;
  readonly homeCos: Float64Array;
  readonly nodeSetting: Uint8Array;
  readonly nodeAgeMin: Int32Array;
  readonly nodeAgeMax: Int32Array;
  readonly nodeSex: Uint8Array;
  readonly nodeEmergency: Uint8Array;
  readonly nodeCost: Float64Array;
  readonly box: Float64Array;
  readonly boxCos: Float64Array;
  readonly capMax: Uint8Array;
  readonly D0: number;
  readonly G: number;
  readonly S: number;
  readonly M: number;
  readonly megaVacant: Int32Array;
  readonly superVacant: Int32Array;
  readonly vacantLen: Int32Array;
  readonly megaStart: Int32Array;
  readonly megaSupers: Int32Array;
  readonly superStart: Int32Array;
  readonly superGroups: Int32Array;
  readonly groupStart: Int32Array;
  readonly slots: Int32Array;
  readonly fromRegistry: Int32Array;
  readonly t: Policy['thresholds'];
  readonly wt: Policy['weights'];
  readonly fitT: { readonly unmetNeedPenaltyPerLevel: number; readonly overProvisionPenaltyPerLevel: number };
  readonly heap: MinHeap;
  readonly staged: Float64Array;
  /** Scratch: the bound functions' input and result. */
  readonly out: Float64Array;
  /** Best total found: [0] any eligible home, [1] in same-day scope; and the registry index of each (-1 none). */
  readonly bestT: Float64Array;
  readonly bestI: Int32Array;
  readonly stats: { subjects: number; groups: number; bounded: number; judged: number };
  readonly greatCircleDistance: boolean;
  cur: SubjectPlan;
  curAuth: AuthorityTables;
  curNear: Uint8Array | null;
  curScoped: boolean;
  readonly judgeOffer: (s: ResolvedSubject, i: number) => void;
  readonly judgeReached: (w: SubjectWork, i: number) => { readonly impacts: Float64Array | null; readonly km: number };
  readonly authorityScores: (placing: string) => AuthorityTables;
}

/** Whether home i with `total` beats home j with `jTotal` (j < 0: none yet): ties by home id, as the match ranking. */
function better(E: SearchState, i: number, total: number, j: number, jTotal: number): boolean {
  const idRank = E.base.idRank;
  return j < 0 || total > jTotal + TIE_EPSILON || (Math.abs(total - jTotal) <= TIE_EPSILON && (idRank[i] as number) < (idRank[j] as number));
}

/** An eligible home with its total and km: keep it if it beats the best (and the best in same-day scope). */
function offer(E: SearchState, i: number, total: number, km: number): void {
  const { base, t, bestT, bestI, curNear } = E;
  if (better(E, i, total, bestI[0] as number, bestT[0] as number)) {
    bestI[0] = i;
    bestT[0] = total;
  }
  const a = base.authority[i] as number;
  const near = curNear;
  if (near && km <= t.sameDayRadiusKm && a >= 0 && near[a] === 1 && better(E, i, total, bestI[1] as number, bestT[1] as number)) {
    bestI[1] = i;
    bestT[1] = total;
  }
}

// Bounds come in two stages: a quick one (location, authority, price; needs fit at its maximum) for every
// candidate, refined (needs against capability, with the needs-gap rule) only when it reaches the top.

/** Hard rules the match core would break (each test mirrors one rule module). */
function homeRules(E: SearchState, i: number): boolean {
  const { base, freePlaces, cur } = E;
  const pl = cur;
  const nc = pl.nc;
  return (
    (freePlaces[i] as number) >= nc &&
    (nc < 2 || (base.maxSibling[i] as number) >= nc) &&
    (base.ageMin[i] as number) <= pl.minAge &&
    (base.ageMax[i] as number) >= pl.maxAge &&
    (pl.sex & ~(base.sexMask[i] as number)) === 0 &&
    (!pl.sameDay || base.emergency[i] !== 0) &&
    (pl.adaptReq & ~(base.adaptMask[i] as number)) === 0 &&
    base.ofsted[i] !== INADEQUATE &&
    (pl.avoid.size === 0 || !pl.avoid.has(base.district[i] as number))
  );
}

/** Quick bound of home i, into out[0]. */
function homeQuick(E: SearchState, i: number): void {
  const { base, costImpact, homeCos, t, wt, out, cur, curAuth } = E;
  const pl = cur;
  const nc = pl.nc;
  const pts = pl.pts;
  const hLat = base.lat[i] as number;
  const hLon = base.lon[i] as number;
  let sumDist = 0;
  let sumEdu = 0;
  const hCos = homeCos[i] as number;
  for (let k = 0; k < nc; k++) {
    const o = k * 6;
    sumDist += decayScore(haversineCos(pts[o] as number, pts[o + 1] as number, pts[o + 2] as number, hLat, hLon, hCos), t.distanceHalfLifeKm);
    if (pl.hasSchool[k] === 1) sumEdu += decayScore(haversineCos(pts[o + 3] as number, pts[o + 4] as number, pts[o + 5] as number, hLat, hLon, hCos), t.educationHalfLifeKm);
  }
  const ai = base.authority[i] as number;
  out[0] =
    pl.homeConstant +
    (wt.distance * sumDist) / nc +
    wt.own_authority * (ai >= 0 ? (curAuth.score[ai] as number) : 0) +
    (pl.wEdu * sumEdu) / nc +
    wt.needs_fit +
    (costImpact[i] as number);
}

/**
 * The quick bound (given in out[0]) with the needs-fit factor computed exactly, into out[0]; -Infinity when a
 * needs gap rules the home out.
 */
function homeRefined(E: SearchState, i: number): void {
  const { base, t, wt, fitT, out, cur } = E;
  const quick = out[0] as number;
  const pl = cur;
  const nc = pl.nc;
  const P = pl.P;
  const D = base.domainCount;
  const row0 = i * D;
  const domainCol = pl.domainCol;
  const needs = pl.needs;
  let maxGap = -Infinity;
  let needsSum = 0;
  for (let k = 0; k < nc; k++) {
    let unmet = 0;
    let over = 0;
    const n0 = k * P;
    for (let d = 0; d < P; d++) {
      const col = domainCol[d] as number;
      const cp = col >= 0 ? (base.capability[row0 + col] as number) : 0;
      const need = needs[n0 + d] as number;
      if (need - cp > maxGap) maxGap = need - cp;
      if (cp < need) unmet += need - cp;
      else if (cp - need > t.overProvisionFreeLevels) over += cp - need - t.overProvisionFreeLevels;
    }
    needsSum += needsFitScore(unmet, over, fitT);
  }
  out[0] = maxGap >= t.needsGapHard ? -Infinity : quick - wt.needs_fit + (wt.needs_fit * needsSum) / nc;
}

/** Quick bound of a node (group, super or mega), into out[0]: nearest corner of its box, best authority, highest price. */
function nodeQuick(E: SearchState, v: number): void {
  const { nodeSetting, nodeAgeMin, nodeAgeMax, nodeSex, nodeEmergency, nodeCost, box, boxCos, t, wt, out, cur, curAuth, curNear, curScoped } = E;
  const pl = cur;
  out[0] = -Infinity;
  if ((pl.careMask & (1 << (nodeSetting[v] as number))) === 0) return;
  if (nodeSetting[v] === SUPPORTED_SETTING && pl.minAge < SUPPORTED_MIN_AGE) return;
  if ((nodeAgeMin[v] as number) > pl.minAge || (nodeAgeMax[v] as number) < pl.maxAge || (pl.sex & ~(nodeSex[v] as number)) !== 0) return;
  if (pl.sameDay && nodeEmergency[v] === 0) return;
  const nc = pl.nc;
  const pts = pl.pts;
  let sumDist = 0;
  let sumEdu = 0;
  let sumKm = 0;
  for (let k = 0; k < nc; k++) {
    const o = k * 6;
    const km = boxKm(pts[o] as number, pts[o + 1] as number, pts[o + 2] as number, box, boxCos, v);
    sumKm += km;
    sumDist += decayScore(km, t.distanceHalfLifeKm);
    if (pl.hasSchool[k] === 1) sumEdu += decayScore(boxKm(pts[o + 3] as number, pts[o + 4] as number, pts[o + 5] as number, box, boxCos, v), t.educationHalfLifeKm);
  }
  // Same-day pass: a node with no home in scope is out.
  if (curScoped && curNear && (curAuth.nodeNear[v] === 0 || sumKm / nc > t.sameDayRadiusKm)) return;
  out[0] =
    pl.homeConstant + wt.needs_fit + (wt.distance * sumDist) / nc + wt.own_authority * (curAuth.nodeScore[v] as number) + (pl.wEdu * sumEdu) / nc + (nodeCost[v] as number);
}

/**
 * Needs against a group's best capability per domain, refining the quick bound given in out[0], into out[0]:
 * -Infinity when a gap no home closes rules the group out.
 */
function groupRefined(E: SearchState, g: number): void {
  const { capMax, D0, t, wt, fitT, out, cur } = E;
  const quick = out[0] as number;
  const pl = cur;
  const nc = pl.nc;
  const P = pl.P;
  const domainCol = pl.domainCol;
  const needs = pl.needs;
  let needsSum = 0;
  out[0] = -Infinity;
  for (let k = 0; k < nc; k++) {
    let unmet = 0;
    const n0 = k * P;
    for (let d = 0; d < P; d++) {
      const col = domainCol[d] as number;
      const cp = col >= 0 ? (capMax[g * D0 + col] as number) : 0;
      const gap = (needs[n0 + d] as number) - cp;
      if (gap >= t.needsGapHard) return;
      if (gap > 0) unmet += gap;
    }
    needsSum += needsFitScore(unmet, 0, fitT);
  }
  out[0] = quick - wt.needs_fit + (wt.needs_fit * needsSum) / nc;
}

/**
 * The top eligible home of engine state `E` for the subject worked out in `w` (see `createMatchEngine`): a
 * function of the module, not a closure per engine, so that the two worlds' engines run the same optimised
 * code (closures per engine would make every call in it polymorphic between the worlds).
 */
function searchBest(E: SearchState, w: SubjectWork, floor: number): Choice | null {
  const { nodeSetting, G, S, M, megaVacant, superVacant, vacantLen, megaStart, megaSupers, superStart, superGroups, groupStart, slots, fromRegistry, heap, staged, out, bestT, bestI, stats, greatCircleDistance, judgeOffer, judgeReached, authorityScores } = E;
  const s = w.resolved;
  const pl = w.plan;
  E.cur = pl;
  E.curAuth = authorityScores(s.placingAuthority);
  const near = pl.sameDay ? E.curAuth.near : null;
  E.curNear = near;
  E.curScoped = false;
  bestI[0] = -1;
  bestI[1] = -1;
  bestT[0] = -Infinity;
  bestT[1] = -Infinity;
  const special = pl.special;
  const hasSpecial = special.size > 0;
  // Homes special to this subject (a connected person's household, a current home in the market) are
  // always judged: their kinship and stability impacts are not in the bound.
  if (hasSpecial) for (const i of special) if (i >= 0 && fromRegistry[i] !== -1) judgeOffer(s, i);

  if (!greatCircleDistance) {
    // The bound assumes great-circle distance: judge every candidate instead.
    for (let g = 0; g < G; g++) {
      if ((pl.careMask & (1 << (nodeSetting[g] as number))) === 0) continue;
      for (let k = groupStart[g] as number, e = k + (vacantLen[g] as number); k < e; k++) {
        const i = slots[k] as number;
        if (!special.has(i) && homeRules(E, i)) judgeOffer(s, i);
      }
    }
  } else {
    // Best-first over megas, supers, groups and homes, keyed by the negated bound (the heap is a min-heap).
    // Entries: home i as 2i (quick bound) or 2i + 1 (refined); group g as -1 - 2g (quick) or -2 - 2g
    // (refined); super s as -1 - 2G - s; mega m as -1 - 2G - S - m. Stop when the best bound left cannot
    // beat the best eligible total. Same-day referrals first search only the homes in scope (the first
    // pass), then, when none is eligible, every home.
    const slack = pl.slack;
    for (let pass = near ? 0 : 1; pass < 2; pass++) {
      const scoped = pass === 0;
      E.curScoped = scoped;
      heap.clear();
      // An entry whose bound is below the best eligible total found so far can never be explored (the
      // total only rises during a search), so it is not pushed at all. (`cut` changes only when a home is
      // judged: kept in a variable, not recomputed per entry.)
      let cut = (scoped ? (bestT[1] as number) : Math.max(bestT[0] as number, pl.sameDay ? -Infinity : floor)) - TIE_EPSILON;
      for (let m = 0; m < M; m++) {
        if ((megaVacant[m] as number) === 0) continue;
        nodeQuick(E, G + S + m);
        const b = out[0] as number;
        if (b === -Infinity) continue;
        stats.groups++;
        staged[0] = -b;
        heap.pushStaged(-1 - 2 * G - S - m);
      }
      while (heap.size > 0) {
        const bound = -(heap.topKeys()[0] as number);
        if (bound < cut) break;
        const v = heap.pop();
        if (v >= 0) {
          const i = v >> 1;
          if (v & 1) {
            // The refined bound is the exactly computed factors plus the slack: judge with the former.
            const known = bound - slack - 1e-6;
            const c = judgeReached(w, i);
            const impacts = c.impacts;
            if (impacts) {
              let total = known;
              for (let q = 0; q < impacts.length; q++) total += impacts[q] as number;
              offer(E, i, total, c.km);
            }
            cut = (scoped ? (bestT[1] as number) : Math.max(bestT[0] as number, pl.sameDay ? -Infinity : floor)) - TIE_EPSILON;
          } else {
            out[0] = bound;
            homeRefined(E, i);
            const r = out[0] as number;
            if (r > -Infinity && r >= cut) {
              staged[0] = -r;
              heap.pushStaged(2 * i + 1);
            }
          }
          continue;
        }
        const u = -1 - v;
        if (u >= 2 * G + S) {
          const m = u - 2 * G - S;
          for (let k = megaStart[m] as number, e = megaStart[m + 1] as number; k < e; k++) {
            const sp = megaSupers[k] as number;
            if ((superVacant[sp] as number) === 0) continue;
            nodeQuick(E, G + sp);
            const b = out[0] as number;
            if (b === -Infinity) continue;
            stats.groups++;
            if (b >= cut) {
              staged[0] = -b;
              heap.pushStaged(-1 - 2 * G - sp);
            }
          }
          continue;
        }
        if (u >= 2 * G) {
          const sp = u - 2 * G;
          for (let k = superStart[sp] as number, e = superStart[sp + 1] as number; k < e; k++) {
            const g = superGroups[k] as number;
            if ((vacantLen[g] as number) === 0) continue;
            nodeQuick(E, g);
            const b = out[0] as number;
            if (b === -Infinity) continue;
            stats.groups++;
            if (b >= cut) {
              staged[0] = -b;
              heap.pushStaged(-1 - 2 * g);
            }
          }
          continue;
        }
        const g = u >> 1;
        if ((u & 1) === 0) {
          out[0] = bound;
          groupRefined(E, g);
          const r = out[0] as number;
          if (r > -Infinity && r >= cut) {
            staged[0] = -r;
            heap.pushStaged(-2 - 2 * g);
          }
          continue;
        }
        for (let k = groupStart[g] as number, e = k + (vacantLen[g] as number); k < e; k++) {
          const i = slots[k] as number;
          if ((hasSpecial && special.has(i)) || !homeRules(E, i)) continue;
          stats.bounded++;
          homeQuick(E, i);
          const b = out[0] as number;
          if (b >= cut) {
            staged[0] = -b;
            heap.pushStaged(2 * i);
          }
        }
      }
      if (scoped && (bestI[1] as number) >= 0) break;
    }
  }
  const inScope = (bestI[1] as number) >= 0;
  const pick = inScope ? (bestI[1] as number) : (bestI[0] as number);
  const total = inScope ? (bestT[1] as number) : (bestT[0] as number);
  return pick < 0 ? null : { homeIndex: fromRegistry[pick] as number, total };
}

/**
 * Build the engine over a market.
 *
 * @example
 * const engine = createMatchEngine(homes, { policy: DEFAULT_POLICY, geo: defaultGeography() });
 * engine.reset();
 * const choice = engine.best({ children: [child], groupSize: 1, asOf: '2026-05-01' });
 */
export function createMatchEngine(homes: readonly Home[], opts: MatchEngineOptions): MatchPlacementEngine {
  const { policy, geo } = opts;
  const t = policy.thresholds;
  const market = opts.market ?? createSharedMarket(homes, geo);
  const registry = market.registry;
  const base = registry.columns;
  const n = registry.size;
  const toRegistry = new Int32Array(homes.length);
  const fromRegistry = new Int32Array(n).fill(-1);
  const initialFree = new Int32Array(n);
  const annualCost = Float64Array.from(base.annualCost);
  const contract = Uint8Array.from(base.contract);
  homes.forEach((h, w) => {
    const i = registry.indexOf(h.id);
    if (i < 0) throw new Error(`createMatchEngine: home ${JSON.stringify(h.id)} is not in the shared market`);
    if (fromRegistry[i] !== -1) throw new Error(`createMatchEngine: home ${JSON.stringify(h.id)} is listed twice`);
    toRegistry[w] = i;
    fromRegistry[i] = w;
    initialFree[i] = h.freePlaces;
    annualCost[i] = h.annualCost;
    contract[i] = CONTRACTS.indexOf(h.contract);
  });
  const freePlaces = new Int32Array(n);
  const view: HomeColumns = { ...base, freePlaces, annualCost, contract };
  const stats = { subjects: 0, groups: 0, bounded: 0, judged: 0 };
  const greatCircleDistance = geo.distance === greatCircle;

  // The cost factor's impact per home in this world: the same for every subject.
  const costT = { costCeilingAnnual: t.costCeilingAnnual, blockMarginalCostShare: t.blockMarginalCostShare };
  const costImpact = new Float64Array(n);
  for (let i = 0; i < n; i++) costImpact[i] = policy.weights.cost * costScore(annualCost[i] as number, contract[i] === BLOCK_CONTRACT, costT);

  // Search nodes over this world's homes that can take referrals: groups (one home type in a ~5 km grid
  // cell), above them supers (one setting in a ~40 km block of 8 x 8 cells) and above those megas (one
  // setting in a ~160 km block of 4 x 4 supers). Each node keeps what bounds its homes: bounding box,
  // highest cost impact, authorities, widest age range, sexes, emergencies. A referral's search starts from
  // the few megas rather than every super of a region's market (most of them far away).
  const groupKey = new Map<string, number>();
  const superKey = new Map<string, number>();
  const megaKey = new Map<string, number>();
  const groupOf = new Int32Array(n).fill(-1);
  const groupSuper: number[] = [];
  const superOfKey: string[] = [];
  const superMega: number[] = [];
  for (let i = 0; i < n; i++) {
    if (fromRegistry[i] === -1 || base.registration[i] !== REGISTERED || base.type[i] === CONNECTED_PERSON_FOSTER) continue;
    const cy = Math.floor((base.lat[i] as number) / CELL_LAT);
    const cx = Math.floor((base.lon[i] as number) / CELL_LON);
    const key = `${base.type[i]}|${cy}|${cx}`;
    let g = groupKey.get(key);
    if (g === undefined) {
      g = groupSuper.length;
      groupKey.set(key, g);
      const sk = `${base.setting[i]}|${Math.floor(cy / SUPER_CELLS)}|${Math.floor(cx / SUPER_CELLS)}`;
      let sp = superKey.get(sk);
      if (sp === undefined) {
        sp = superOfKey.length;
        superKey.set(sk, sp);
        superOfKey.push(sk);
        const mk = `${base.setting[i]}|${Math.floor(cy / (SUPER_CELLS * MEGA_SUPERS))}|${Math.floor(cx / (SUPER_CELLS * MEGA_SUPERS))}`;
        let m = megaKey.get(mk);
        if (m === undefined) {
          m = megaKey.size;
          megaKey.set(mk, m);
        }
        superMega.push(m);
      }
      groupSuper.push(sp);
    }
    groupOf[i] = g;
  }
  const G = groupSuper.length;
  const S = superOfKey.length;
  const M = megaKey.size;
  // Node numbering: groups 0..G-1, supers G..G+S-1, megas G+S..G+S+M-1.
  const NODES = G + S + M;
  const nodeSetting = new Uint8Array(NODES);
  const box = new Float64Array(NODES * 4);
  for (let v = 0; v < NODES; v++) box.set([Infinity, Infinity, -Infinity, -Infinity], v * 4);
  const nodeCost = new Float64Array(NODES).fill(-Infinity);
  const nodeAuthSets: Set<number>[] = Array.from({ length: NODES }, () => new Set<number>());
  const nodeAgeMin = new Int32Array(NODES).fill(255);
  const nodeAgeMax = new Int32Array(NODES);
  const nodeSex = new Uint8Array(NODES);
  const nodeEmergency = new Uint8Array(NODES);
  const groupSize = new Int32Array(G);
  const D0 = base.domainCount;
  // The highest capability in each domain, per group (for the refined group bound and the needs-gap rule).
  const capMax = new Uint8Array(G * D0);
  for (let i = 0; i < n; i++) {
    const g = groupOf[i] as number;
    if (g < 0) continue;
    groupSize[g] = (groupSize[g] as number) + 1;
    for (let d = 0; d < D0; d++) capMax[g * D0 + d] = Math.max(capMax[g * D0 + d] as number, base.capability[i * D0 + d] as number);
    const sp = groupSuper[g] as number;
    for (const v of [g, G + sp, G + S + (superMega[sp] as number)]) {
      const la = base.lat[i] as number;
      const lo = base.lon[i] as number;
      box[v * 4] = Math.min(box[v * 4] as number, la);
      box[v * 4 + 1] = Math.min(box[v * 4 + 1] as number, lo);
      box[v * 4 + 2] = Math.max(box[v * 4 + 2] as number, la);
      box[v * 4 + 3] = Math.max(box[v * 4 + 3] as number, lo);
      nodeCost[v] = Math.max(nodeCost[v] as number, costImpact[i] as number);
      nodeAuthSets[v]?.add(base.authority[i] as number);
      nodeAgeMin[v] = Math.min(nodeAgeMin[v] as number, base.ageMin[i] as number);
      nodeAgeMax[v] = Math.max(nodeAgeMax[v] as number, base.ageMax[i] as number);
      nodeSex[v] = (nodeSex[v] as number) | (base.sexMask[i] as number);
      if (base.emergency[i]) nodeEmergency[v] = 1;
      nodeSetting[v] = base.setting[i] as number;
    }
  }
  const nodeAuths = nodeAuthSets.map((x) => Int32Array.from(x));
  // Cosines of each node's latitude bounds, and of each home's latitude (for haversineCos).
  const boxCos = new Float64Array(NODES * 2);
  for (let v = 0; v < NODES; v++) {
    boxCos[v * 2] = Math.cos((box[v * 4] as number) * RAD);
    boxCos[v * 2 + 1] = Math.cos((box[v * 4 + 2] as number) * RAD);
  }
  const homeCos = new Float64Array(n);
  for (let i = 0; i < n; i++) homeCos[i] = Math.cos((base.lat[i] as number) * RAD);
  // Groups of each super and supers of each mega (CSR).
  const { start: superStart, items: superGroups } = csrOf(groupSuper, S);
  const { start: megaStart, items: megaSupers } = csrOf(superMega, M);
  const groupStart = new Int32Array(G + 1);
  for (let g = 0; g < G; g++) groupStart[g + 1] = (groupStart[g] as number) + (groupSize[g] as number);
  // Vacant homes of each group: slots groupStart[g] .. groupStart[g] + vacantLen[g] (swap-remove); and the
  // number of vacant homes under each super and each mega.
  const slots = new Int32Array(Math.max(1, groupStart[G] as number));
  const vacantLen = new Int32Array(G);
  const superVacant = new Int32Array(S);
  const megaVacant = new Int32Array(M);
  const pos = new Int32Array(n).fill(-1);
  const addVacant = (i: number): void => {
    const g = groupOf[i] as number;
    if (g < 0 || pos[i] !== -1) return;
    const k = (groupStart[g] as number) + (vacantLen[g] as number);
    slots[k] = i;
    pos[i] = k;
    vacantLen[g] = (vacantLen[g] as number) + 1;
    const sp = groupSuper[g] as number;
    superVacant[sp] = (superVacant[sp] as number) + 1;
    const m = superMega[sp] as number;
    megaVacant[m] = (megaVacant[m] as number) + 1;
  };
  const removeVacant = (i: number): void => {
    const k = pos[i] as number;
    if (k === -1) return;
    const g = groupOf[i] as number;
    const last = (groupStart[g] as number) + (vacantLen[g] as number) - 1;
    const moved = slots[last] as number;
    slots[k] = moved;
    pos[moved] = k;
    vacantLen[g] = (vacantLen[g] as number) - 1;
    const sp = groupSuper[g] as number;
    superVacant[sp] = (superVacant[sp] as number) - 1;
    const m = superMega[sp] as number;
    megaVacant[m] = (megaVacant[m] as number) - 1;
    pos[i] = -1;
  };
  const reset = (): void => {
    freePlaces.set(initialFree);
    pos.fill(-1);
    vacantLen.fill(0);
    superVacant.fill(0);
    megaVacant.fill(0);
    for (let i = 0; i < n; i++) if ((initialFree[i] as number) > 0) addVacant(i);
  };
  reset();

  const resolveIn = (subject: Subject): ResolvedSubject => {
    const problems: Problem[] = [];
    const children = subject.children;
    const first = children[0];
    if (!first) throw new Error('createMatchEngine: a subject needs at least one child');
    const gid = first.siblingGroupId ?? `${first.id}-siblings`;
    const input = children.length === 1 ? { child: first } : { siblingGroup: { id: gid, children: children.map((c) => ({ ...c, siblingGroupId: gid })) } };
    // No registry: connected-person and current-home references are kept as they are (a connected person's
    // household arriving with a referral is not in the market).
    const resolved = collectSubject(input, policy, geo, { asOf: subject.asOf }, problems);
    if (!resolved || problems.length) throw new ValidationError(`createMatchEngine: ${problems.length} problem(s) resolving ${first.id}`, problems);
    return subject.groupSize !== resolved.groupSize ? { ...resolved, groupSize: Math.max(subject.groupSize, children.length) } : resolved;
  };
  const work = (subject: Subject): SubjectWork => {
    const ch = subject.children;
    const first = ch[0];
    if (!first) throw new Error('createMatchEngine: a subject needs at least one child');
    const list = market.cache.get(first);
    if (list) {
      for (const w of list) {
        if (w.asOf !== subject.asOf || w.groupSize !== subject.groupSize || w.children.length !== ch.length) continue;
        let same = true;
        for (let k = 1; k < ch.length; k++) if (w.children[k] !== ch[k]) same = false;
        if (same) return w;
      }
    }
    const resolved = resolveIn(subject);
    const w: SubjectWork = { children: ch, asOf: subject.asOf, groupSize: subject.groupSize, resolved, plan: planOf(resolved), kin: new Map(), judged: new Map() };
    if (list) list.push(w);
    else market.cache.set(first, [w]);
    return w;
  };

  /**
   * Per placing authority: the own-authority score and same-day scope of each registry authority, and per
   * search node the best score among its homes' authorities and whether any is in same-day scope (the node
   * bound's authority term, worked out once per placing authority instead of once per node and referral).
   */
  const authCache = new Map<string, AuthorityTables>();
  const authorityScores = (placing: string): AuthorityTables => {
    let a = authCache.get(placing);
    if (!a) {
      const rel = registry.tables.authorities.map((x) => authorityRelation(geo, placing, x));
      const score = new Float64Array(rel.map((r) => ownAuthorityScore(r, t.adjoiningAuthorityScore)));
      const near = new Uint8Array(rel.map((r) => (r >= 1 ? 1 : 0)));
      const nodeScore = new Float64Array(NODES);
      const nodeNear = new Uint8Array(NODES);
      for (let v = 0; v < NODES; v++) {
        let best = 0;
        for (const x of nodeAuths[v] as Int32Array) {
          if (x < 0) continue;
          if ((score[x] as number) > best) best = score[x] as number;
          if (near[x] === 1) nodeNear[v] = 1;
        }
        nodeScore[v] = best;
      }
      a = { score, near, nodeScore, nodeNear };
      authCache.set(placing, a);
    }
    return a;
  };

  /** Judge one home of this world with the match core's rule and factor modules (every factor). */
  const judge = (resolved: ResolvedSubject, home: ResolvedHome): { eligible: boolean; total: number; km: number } => {
    stats.judged++;
    const ctx: ScoringContext = { subject: resolved, home, policy, overrides: NO_OVERRIDES, geo };
    let km = 0;
    for (const c of resolved.children) km += geo.distance.km(c.location, home.point);
    km /= resolved.children.length;
    // The modules' fast paths: each rule's verdict and each factor's impact, as `evaluate` gives them.
    for (const r of RULE_PASSES) if (!r.passes(ctx)) return { eligible: false, total: Number.NaN, km };
    let total = 0;
    for (const f of ALL_IMPACTS) total += f(ctx);
    return { eligible: true, total, km };
  };
  /**
   * Judge a market home the search reached: the hard rules' outcome and the impacts of the factors outside the
   * bound (the search adds them to the factors its bound computed exactly with the same functions: distance,
   * own authority, education, siblings, needs fit, cost), evaluated once per subject and home (see
   * SubjectWork.judged).
   */
  const judgeReached = (w: SubjectWork, i: number): { readonly impacts: Float64Array | null; readonly km: number } => {
    let c = w.judged.get(i);
    if (!c) {
      stats.judged++;
      const ctx: ScoringContext = { subject: w.resolved, home: worldHome(i), policy, overrides: NO_OVERRIDES, geo };
      let km = 0;
      for (const ch of w.resolved.children) km += geo.distance.km(ch.location, ctx.home.point);
      km /= w.resolved.children.length;
      // The rules' verdict-only fast paths (`RULE_PASSES`, each equal to its module's `evaluate(ctx).passed`;
      // with no overrides a failed rule rules the home out), then the other factors' impacts.
      let eligible = true;
      for (const r of RULE_PASSES) {
        if (!r.passes(ctx)) {
          eligible = false;
          break;
        }
      }
      let impacts: Float64Array | null = null;
      if (eligible) {
        impacts = new Float64Array(UNBOUNDED_IMPACTS.length);
        for (let q = 0; q < UNBOUNDED_IMPACTS.length; q++) impacts[q] = (UNBOUNDED_IMPACTS[q] as (ctx: ScoringContext) => number)(ctx);
      }
      c = { impacts, km };
      w.judged.set(i, c);
    }
    return c;
  };
  const worldHome = (i: number): ResolvedHome => {
    const h = registry.homes[i] as ResolvedHome;
    return { ...h, freePlaces: freePlaces[i] as number, annualCost: annualCost[i] as number, contract: CONTRACTS[contract[i] as number] ?? h.contract };
  };

  const heap = new MinHeap(1024);
  const staged = heap.staged;
  const wt = policy.weights;
  const fitT = { unmetNeedPenaltyPerLevel: t.unmetNeedPenaltyPerLevel, overProvisionPenaltyPerLevel: t.overProvisionPenaltyPerLevel };

  /** The search's view of a resolved subject (world-independent; kept in its SubjectWork). */
  const planOf = (s: ResolvedSubject): SubjectPlan => {
    const ch = s.children;
    const nc = ch.length;
    const pts = new Float64Array(nc * 6);
    const hasSchool = new Uint8Array(nc);
    let minAge = Infinity;
    let maxAge = -Infinity;
    let sex = 0;
    let adaptReq = 0;
    let careMask = 0b111;
    ch.forEach((c, k) => {
      pts[k * 6] = c.location.lat;
      pts[k * 6 + 1] = c.location.lon;
      pts[k * 6 + 2] = Math.cos(c.location.lat * RAD);
      if (c.school) {
        hasSchool[k] = 1;
        pts[k * 6 + 3] = c.school.lat;
        pts[k * 6 + 4] = c.school.lon;
        pts[k * 6 + 5] = Math.cos(c.school.lat * RAD);
      }
      minAge = Math.min(minAge, c.age);
      maxAge = Math.max(maxAge, c.age);
      sex |= sexBit(c.sex);
      adaptReq |= adaptationMask(c.disabilityRequirements);
      careMask &= carePlanMask(c.carePlanSetting);
    });
    const P = s.domains.length;
    const { domainCol, disK } = domainsOf(s.domains);
    const needs = new Float64Array(nc * P);
    ch.forEach((c, k) => {
      for (let d = 0; d < P; d++) needs[k * P + d] = c.needs[d] as number;
    });
    let slack = 0;
    for (const c of ch) {
      const disabled = c.disabilityRequirements.length > 0 || disK.some((k) => k >= 0 && (c.needs[k] ?? 0) >= t.disabilityNeedLevel);
      if (disabled) slack += wt.disability / nc;
      if (c.languages.length > 0 || c.religion !== undefined || c.ethnicity !== undefined) slack += wt.culture / nc;
      if (c.preferredAreas.length > 0) slack += wt.wishes / nc;
    }
    let avoid: Set<number> | null = null;
    for (const c of ch) for (const d of c.avoidDistricts) {
      const k = registry.tableIndex.districts.get(d);
      if (k !== undefined) (avoid ??= new Set()).add(k);
    }
    let special: Set<number> | null = null;
    for (const c of ch) {
      if (c.connected.size > 0) for (const id of c.connected.keys()) (special ??= new Set()).add(registry.indexOf(id));
      if (c.currentHomeId !== undefined) (special ??= new Set()).add(registry.indexOf(c.currentHomeId));
    }
    return {
      nc,
      pts,
      hasSchool,
      minAge,
      maxAge,
      sex,
      adaptReq,
      careMask,
      sameDay: s.urgency === 'same_day',
      wEdu: educationWeight(s, wt.education, t.keyStage4Multiplier),
      P,
      domainCol,
      needs,
      slack,
      avoid: avoid ?? NO_INDICES,
      homeConstant: wt.siblings * siblingsScore(nc, s.groupSize) + slack + 1e-6,
      special: special ?? NO_INDICES,
    };
  };
  /** The registry capability column of each domain, and the index of each disability domain (-1 when absent), per domains list. */
  let lastDomains: readonly string[] | null = null;
  let lastDomainsOf = { domainCol: new Int32Array(0), disK: [] as number[] };
  const domainsOf = (domains: readonly string[]): { domainCol: Int32Array; disK: readonly number[] } => {
    if (domains !== lastDomains) {
      lastDomainsOf = { domainCol: Int32Array.from(domains, (d) => registry.tableIndex.domains.get(d) ?? -1), disK: DISABILITY_DOMAINS.map((d) => domains.indexOf(d)) };
      lastDomains = domains;
    }
    return lastDomainsOf;
  };

  // The search's state (see `SearchState`): what the module-level search functions read, and the subject being
  // searched (set by `best`). The bounds write their result to `out[0]` and the best homes found are kept in
  // typed arrays, so that no number is boxed per home.
  const E: SearchState = {
    base, freePlaces, costImpact, homeCos, nodeSetting, nodeAgeMin, nodeAgeMax, nodeSex, nodeEmergency, nodeCost, box, boxCos, capMax, D0,
    G, S, M, megaVacant, superVacant, vacantLen, megaStart, megaSupers, superStart, superGroups, groupStart, slots, fromRegistry,
    t, wt, fitT, heap, staged, out: new Float64Array(1), bestT: new Float64Array(2), bestI: new Int32Array(2), stats, greatCircleDistance,
    cur: null as unknown as SubjectPlan, curAuth: null as unknown as AuthorityTables, curNear: null, curScoped: false,
    judgeOffer: (s, i) => judgeOffer(s, i),
    judgeReached: (w, i) => judgeReached(w, i),
    authorityScores: (placing) => authorityScores(placing),
  };
  /** Judge a home outside the search (every factor by its module) and offer it. */
  const judgeOffer = (s: ResolvedSubject, i: number): void => {
    const r = judge(s, worldHome(i));
    if (r.eligible) offer(E, i, r.total, r.km);
  };

  const best = (subject: Subject, floor = -Infinity): Choice | null => {
    const w = work(subject);
    stats.subjects++;
    return searchBest(E, w, floor);
  };
  const bestAmong = (subject: Subject, extra: readonly Home[]): Choice | null => {
    if (extra.length === 0) return null;
    const w = work(subject);
    const key = extra.map((h) => `${h.id}:${h.annualCost}:${h.freePlaces}`).join('|');
    const cached = w.kin.get(key);
    if (cached !== undefined || w.kin.has(key)) return cached ?? null;
    let choice: Choice | null = null;
    extra.forEach((h, k) => {
      const loc = resolveLocation(h.location, geo, ['home'], 'createMatchEngine');
      if (isProblem(loc)) throw new ValidationError(loc.message, [loc]);
      const { authority: _given, ...rest } = h;
      const home: ResolvedHome = { ...rest, index: k, point: loc.point, district: loc.district, authority: loc.authority, setting: settingOf(h.type) };
      const r = judge(w.resolved, home);
      if (r.eligible && (!choice || r.total > choice.total + TIE_EPSILON)) choice = { homeIndex: k, total: r.total };
    });
    w.kin.set(key, choice);
    return choice;
  };

  return {
    homes,
    registry,
    view,
    toRegistry,
    fromRegistry,
    resolve: (s) => work(s).resolved,
    reset,
    best,
    bestAmong,
    occupy(wi, places) {
      const i = toRegistry[wi] as number;
      const f = (freePlaces[i] as number) - places;
      if (f < 0) throw new Error(`createMatchEngine.occupy: home ${JSON.stringify(homes[wi]?.id)} has no free place`);
      freePlaces[i] = f;
      if (f === 0) removeVacant(i);
    },
    release(wi, places) {
      const i = toRegistry[wi] as number;
      const f = Math.min((freePlaces[i] as number) + places, homes[wi]?.places ?? Infinity);
      freePlaces[i] = f;
      if (f > 0) addVacant(i);
    },
    free: (wi) => freePlaces[toRegistry[wi] as number] as number,
    stats: () => ({ ...stats }),
  };
}

/**
 * Reference: the top eligible home by the match core's fast path over EVERY home of the engine's world (no
 * vacancy lists, no pre-filter, no bound), same ranking and same-day scope. Tests pin the engine to it.
 *
 * @example
 * referenceBest(engine, subject, DEFAULT_POLICY, geo); // equals engine.best(subject)
 */
export function referenceBest(engine: MatchPlacementEngine, subject: Subject, policy: Policy, geo: Geography): Choice | null {
  const reg = engine.registry;
  const resolved = engine.resolve(subject);
  const s = allocScores(reg.size);
  scoreRange(prepareKernel(resolved, reg, policy, [], geo), engine.view, 0, reg.size, s);
  const near =
    resolved.urgency === 'same_day' ? reg.tables.authorities.map((a) => (authorityRelation(geo, resolved.placingAuthority, a) >= 1 ? 1 : 0)) : null;
  let bestIn = -1;
  let bestAny = -1;
  const better = (i: number, j: number): boolean =>
    j < 0 ||
    (s.totals[i] as number) > (s.totals[j] as number) + TIE_EPSILON ||
    (Math.abs((s.totals[i] as number) - (s.totals[j] as number)) <= TIE_EPSILON && (reg.columns.idRank[i] as number) < (reg.columns.idRank[j] as number));
  for (let i = 0; i < reg.size; i++) {
    if (engine.fromRegistry[i] === -1 || s.eligible[i] !== 1) continue;
    if (better(i, bestAny)) bestAny = i;
    const a = reg.columns.authority[i] as number;
    if (near && (s.km[i] as number) <= policy.thresholds.sameDayRadiusKm && a >= 0 && near[a] === 1 && better(i, bestIn)) bestIn = i;
  }
  const pick = bestIn >= 0 ? bestIn : bestAny;
  return pick < 0 ? null : { homeIndex: engine.fromRegistry[pick] as number, total: s.totals[pick] as number };
}
