/**
 * The match core as the re-match's `CohortScorer`: one registry over the cohort's homes (in cohort order,
 * with free places set to what each home offers this round: its vacancies plus the beds of cohort children
 * who may move), every child resolved once (all location problems collected before any scoring), and the
 * fast path (`prepareKernel` + `scoreRange`, what `scoreAll` runs) per subject, over every home or, at
 * national scale, over a spatial window of the nearest homes (`nearestHomes`). Hard rules are the match core's: a home is a candidate only when
 * `eligible` is 1. A group's total is per subject; the model needs per-child worth, so it is multiplied by
 * the number of children placed.
 */
import type { Geography, LatLon } from '../../geo/types.js';
import { ValidationError, type Problem } from '../domain/errors.js';
import type { RuleOverride } from '../domain/match.js';
import type { Policy } from '../domain/policy.js';
import type { Home } from '../domain/home.js';
import { buildRegistry, type Registry } from '../match/registry.js';
import { resolveChild } from '../match/resolve-child.js';
import type { LocationCache } from '../match/resolve-location.js';
import { rulesOfMask } from '../scoring/codes.js';
import { residentTable } from '../scoring/rules/resident-compatibility.js';
import { allocScores, genericDistance, prepareKernel, reusePointCache, ruleFilter, scoreRanges, type GenericDistance, type KernelParams, type PointCache } from '../scoring/kernel.js';
import type { ResolvedChild, ResolvedSubject } from '../scoring/types.js';
import type { PreparedCohort } from './prepare.js';
import type { CohortScorer, SubjectScores } from './scorer.js';
import { Slab } from './slab.js';
import { mergeRangesInto, spatialGrid, type SpatialGrid } from './spatial-scope.js';

const URGENCY_ORDER = ['planned', 'within_5_days', 'same_day'] as const;


/**
 * The registry the re-match scores against: the cohort's homes, free places replaced by this round's
 * capacity (`prep.capacity`; 0 for a closing home).
 *
 * @throws ValidationError listing every home whose location cannot be resolved.
 * @example
 * const registry = rematchRegistry(prep, geo);
 */
export function rematchRegistry(prep: PreparedCohort, geo: Geography): Registry {
  // a fixed version label: the re-match records no registry version, and hashing every home costs time
  return buildRegistry(prep.homes.map((_, i) => withCapacity(prep, i)), geo, `rematch-${prep.homes.length}`, { path: ['homes'] });
}

/**
 * Resolve every child of the cohort for scoring (locations, age and school year on `asOf`, needs vector).
 * References to homes outside the cohort (a connected carer not in this round) are ignored. A child who
 * already has a placement is scored with urgency "planned": a re-match round is a planned move, so the
 * same-day emergency rule of their original referral does not apply.
 *
 * @throws ValidationError listing every problem, with paths `children[i]...`.
 * @example
 * const resolved = resolveCohortChildren(prep, registry, geo, policy);
 */
export function resolveCohortChildren(prep: PreparedCohort, registry: Registry | undefined, geo: Geography, policy: Policy): ResolvedChild[] {
  const problems: Problem[] = [];
  const out: ResolvedChild[] = [];
  // the children's needs vectors: views of large blocks (one backing store per 64K entries, not per child)
  const needsBlock = new Slab(Float64Array);
  const needsAlloc = (length: number): Float64Array => needsBlock.take(length);
  const opts = { asOf: prep.asOf, strictReferences: false, needsAlloc, ...(registry ? { registry } : {}) };
  // children share districts: each district's point and authority (a point-in-polygon lookup) resolved once
  const cache: LocationCache = new Map();
  // one path array for every child: resolveChild copies it into any problem it reports
  const path: (string | number)[] = ['children', 0];
  const children = prep.children;
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    path[1] = i;
    const r = resolveChild(c, policy, geo, opts, path, problems, cache);
    if (!r) continue;
    // set on the child's own fresh object, not a copy: every resolved child keeps one hidden class (the
    // kernel reads them in hot code; a spread copy is an object of another shape)
    if (c.currentPlacement && r.urgency !== 'planned') (r as { urgency: ResolvedChild['urgency'] }).urgency = 'planned';
    out.push(r);
  }
  if (problems.length > 0) throw new ValidationError(`resolveCohortChildren: ${problems.length} problem(s) in the children`, problems);
  return out;
}

/** Options of `matchScorer`. */
export interface MatchScorerOptions {
  /**
   * Score each child only against the homes in the smallest square window around their home location
   * holding at least this many homes (see spatial-scope.ts), plus their current home and any
   * connected-person home. Default: every home.
   */
  readonly nearestHomes?: number;
  /** Grid cell size for `nearestHomes`, km (default 2). */
  readonly cellKm?: number;
}

/**
 * The match core as a cohort scorer.
 *
 * @example
 * const scorer = matchScorer(prep, geo, policy, [], '2026-11-22', { nearestHomes: 400 });
 * scorer.score([0], 1).homes; // eligible home indices (cohort order) for child 0
 */
export function matchScorer(
  prep: PreparedCohort,
  geo: Geography,
  policy: Policy,
  overrides: readonly RuleOverride[],
  asOf: string,
  options: MatchScorerOptions = {},
): CohortScorer {
  const nearest = options.nearestHomes;
  // Spatial scope: the registry in grid order, so a window is a few contiguous index ranges. The order
  // comes from a quick location lookup; the registry then resolves every location properly.
  let toCohort: Int32Array | null = null;
  let grid: SpatialGrid | null = null;
  if (nearest !== undefined && nearest < prep.homes.length) {
    // homes share a few thousand districts: each location text looked up once
    const byText = new Map<string, LatLon>();
    grid = spatialGrid(prep.homes.map((h) => quickPoint(h.location, geo, byText)), options.cellKm ?? 2);
    toCohort = grid.order;
  }
  let registry: Registry;
  try {
    registry = toCohort
      ? buildRegistry(Array.from(toCohort, (i) => withCapacity(prep, i)), geo, `rematch-${prep.homes.length}`, { path: ['homes'] })
      : rematchRegistry(prep, geo);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    // report the homes' problems with their cohort paths, and the children's location problems with them
    const problems: Problem[] = [];
    try {
      rematchRegistry(prep, geo);
    } catch (h) {
      if (!(h instanceof ValidationError)) throw h;
      problems.push(...h.problems);
    }
    try {
      resolveCohortChildren({ ...prep, asOf }, undefined, geo, policy);
    } catch (c) {
      if (!(c instanceof ValidationError)) throw c;
      problems.push(...c.problems);
    }
    throw new ValidationError(`matchScorer: ${problems.length} problem(s) in the cohort`, problems.length > 0 ? problems : e.problems);
  }
  const children = resolveCohortChildren({ ...prep, asOf }, registry, geo, policy);
  const n = registry.size;
  const out = allocScores(n);
  const whole = Int32Array.of(0, n);
  const list = new Int32Array(n);
  // homes that fail a subject-wide hard rule are skipped unread (bit sets per kind of subject, see ruleFilter)
  const eligibleOnly = { eligibleOnly: true, eligibleList: list, filter: ruleFilter(registry.columns) } as const;
  const scatter = new Float64Array(n);
  const bits = new Int32Array((n + 31) >>> 5);
  const summary = new Int32Array((bits.length + 31) >>> 5);
  const maskCount = new Int32Array(1 << 16);
  const touched: number[] = [];
  let pointCache: PointCache | undefined;
  let spent: KernelParams | undefined;
  // the subjects' lists stay alive in the model: carved out of large blocks (see slab.ts)
  const ints = new Slab(Int32Array);
  const floats = new Slab(Float64Array);
  // registry index of each child's current home (-1: none, or not in the registry), looked up once
  const currentReg = new Int32Array(children.length).fill(-1);
  for (let i = 0; i < children.length; i++) {
    const id = children[i]!.currentHomeId;
    if (id !== undefined) currentReg[i] = registry.indexOf(id);
  }
  // registry indices of each child's connected persons' homes in the registry (connReg[connStart[i]..]), once
  const connStart = new Int32Array(children.length + 1);
  const connList: number[] = [];
  for (let i = 0; i < children.length; i++) {
    const m = children[i]!;
    if (m.connected.size > 0) {
      for (const id of m.connected.keys()) {
        const r = registry.indexOf(id);
        if (r >= 0) connList.push(r);
      }
    }
    connStart[i + 1] = connList.length;
  }
  const connReg = Int32Array.from(connList);
  // The subject of a call is read by prepareKernel (and genericDistance) and dropped before the call returns:
  // one object and one member list, refilled per call (no objects per subject)
  const members: ResolvedChild[] = [];
  const subject = {
    kind: 'child',
    id: '',
    children: members,
    groupSize: 1,
    placingAuthority: '',
    urgency: 'planned',
    domains: policy.domains,
    asOf,
  } as { -readonly [K in keyof ResolvedSubject]: ResolvedSubject[K] };
  // the kernel's options: the shared needs memo read in place (the re-match scores on its own thread), and
  // the registry index of each member's current home (looked up once per child, below)
  const currentIndex: number[] = [];
  // the residents as numbers, read in cohort order (memory order: the homes' resident objects picked at random
  // per subject were ~1.5 us a home); slot = registry index
  const residents = residentTable(prep.homes, toCohort ? inversePermutation(toCohort) : undefined);
  const kernelOptions = { sharedNeeds: true, currentIndex, residents } as const;
  /** The subject of a scorer call: these children (indices into the cohort) together, of a group of `groupSize`. */
  const subjectOf = (idx: readonly number[], groupSize: number): ResolvedSubject => {
    let urgency: (typeof URGENCY_ORDER)[number] = 'planned';
    const n = idx.length;
    if (members.length !== n) {
      members.length = n;
      currentIndex.length = n;
    }
    for (let k = 0; k < n; k++) {
      const i = idx[k]!;
      const c = children[i]!;
      members[k] = c;
      currentIndex[k] = currentReg[i]!;
      if (URGENCY_ORDER.indexOf(c.urgency) > URGENCY_ORDER.indexOf(urgency)) urgency = c.urgency;
    }
    const first = members[0]!;
    subject.kind = n === 1 ? 'child' : 'siblingGroup';
    subject.id = n === 1 ? first.id : members.map((m) => m.id).join('+');
    subject.groupSize = Math.max(groupSize, n);
    subject.placingAuthority = first.placingAuthority;
    subject.urgency = urgency;
    return subject;
  };
  /** The registry ranges a subject is scored over: every home, or its members' windows and own homes. */
  // rangesOf's work arrays (never shortened): its answer, a view of `merged`, is read before the next call
  // (score and ruleCounts use it at once)
  const flat: number[] = [];
  let merged = new Int32Array(64);
  // views of `merged` by length (the same few lengths come back: no view per call)
  let mergedViews: (Int32Array | undefined)[] = [];
  const mergeSt: number[] = [];
  const mergeEn: number[] = [];
  const rangesOf = (idx: readonly number[]): ArrayLike<number> => {
    if (!grid || nearest === undefined) return whole;
    let n = 0;
    for (const i of idx) {
      const m = children[i]!;
      n = grid.windowInto(m.location, nearest, flat, n);
      const cur = currentReg[i]!;
      if (cur >= 0) {
        flat[n++] = cur;
        flat[n++] = cur + 1;
      }
      for (let q = connStart[i]!, e = connStart[i + 1]!; q < e; q++) {
        const r = connReg[q]!;
        flat[n++] = r;
        flat[n++] = r + 1;
      }
    }
    if (merged.length < n) {
      merged = new Int32Array(2 * n);
      mergedViews = [];
    }
    const m = mergeRangesInto(flat, n, merged, mergeSt, mergeEn);
    return (mergedViews[m] ??= merged.subarray(0, m));
  };
  return {
    score(idx, groupSize): SubjectScores {
      const subject = subjectOf(idx, groupSize);
      const ranges = rangesOf(idx);
      // the previous subject's params are spent: their arrays and distance cache are reused
      const p = prepareKernel(subject, registry, policy, overrides, geo, spent, kernelOptions);
      spent = p;
      pointCache = reusePointCache(p, pointCache);
      const dist = genericDistance(subject, registry, geo);
      const count = scoreRanges(p, registry.columns, ranges, out, dist, eligibleOnly);
      let evaluated = 0;
      for (let k = 0; k < ranges.length; k += 2) evaluated += ranges[k + 1]! - ranges[k]!;
      // eligible homes in cohort order (sorted), totals via a scatter array
      const tot = out.totals;
      const mult = subject.children.length;
      const homes = ints.take(count);
      const totals = floats.take(count);
      if (toCohort) toCohortOrder(list, count, toCohort, tot, mult, homes, totals, scatter, bits, summary.length <= count * 4, true, summary);
      else {
        // registry order is cohort order and the list ascending
        for (let k = 0; k < count; k++) {
          const r = list[k]!;
          homes[k] = r;
          totals[k] = tot[r]! * mult;
        }
      }
      // no eligible home: "why unplaced" will ask which rules ruled them out; counted now, with these params
      // (a second prepareKernel later costs more, and mixing the kernel's full mode in from the start spares
      // it a deoptimisation when the report first asks)
      const known = count === 0 ? countRules(p, dist, ranges) : null;
      // the subject and its ranges are not kept (~80,000 subjects stay alive in the model): "why" rebuilds them
      return new WindowScores(homes, totals, evaluated, idx[0]!, idx.length === 1 ? null : idx.slice(), groupSize, ruleCounts, known);
    },
  };

  /** Homes each hard rule rules out for a subject over its scored ranges (the full masks, not the early exit). */
  function ruleCounts(idx: readonly number[], groupSize: number): Record<string, number> {
    const subject = subjectOf(idx, groupSize);
    const ranges = rangesOf(idx);
    // reuses the spent params and the distance cache like `score` (a fresh cache is ~1.7 MB at 60,000 homes)
    const p = prepareKernel(subject, registry, policy, overrides, geo, spent, kernelOptions);
    spent = p;
    pointCache = reusePointCache(p, pointCache);
    return countRules(p, genericDistance(subject, registry, geo), ranges);
  }

  /** `ruleCounts` with the subject's kernel params prepared. */
  function countRules(p: KernelParams, dist: GenericDistance | undefined, ranges: ArrayLike<number>): Record<string, number> {
    scoreRanges(p, registry.columns, ranges, out, dist);
    for (let k = 0; k < ranges.length; k += 2) {
      for (let r = ranges[k]!; r < ranges[k + 1]!; r++) {
        const m = out.broken[r]!;
        if (m === 0) continue;
        if (maskCount[m] === 0) touched.push(m);
        maskCount[m]!++;
      }
    }
    const counts: Record<string, number> = {};
    for (const m of touched) {
      const c = maskCount[m]!;
      maskCount[m] = 0;
      for (const id of rulesOfMask(m)) counts[id] = (counts[id] ?? 0) + c;
    }
    touched.length = 0;
    return counts;
  }
}

/**
 * A subject's scores; `ruledOut` is computed on first read (only a subject with no eligible home needs it,
 * for "why unplaced"), by scoring the subject's homes again with every rule.
 */
class WindowScores implements SubjectScores {
  #ruledOut: Record<string, number> | null;
  constructor(
    readonly homes: Int32Array,
    readonly totals: Float64Array,
    readonly evaluated: number,
    /** The subject's children: `rest`, or the one child `first` (no array kept per single child). */
    private readonly first: number,
    private readonly rest: readonly number[] | null,
    private readonly groupSize: number,
    private readonly count: (idx: readonly number[], groupSize: number) => Record<string, number>,
    known: Record<string, number> | null,
  ) {
    this.#ruledOut = known;
  }
  get ruledOut(): Readonly<Record<string, number>> {
    this.#ruledOut ??= this.count(this.rest ?? [this.first], this.groupSize);
    return this.#ruledOut;
  }
}

/**
 * The eligible homes of a subject (`list[0..count-1]`, registry indices) as ascending cohort indices
 * (`toCohort` maps registry to cohort index, one to one) in `homes`, with `totals[k] = tot[r] * mult`.
 * `scatter` (one entry per home) and `bits` (one bit per home, all 0; left all 0) are work space. With
 * `useBits` the homes are marked in the bit set and read back in order (fast when the set has few words
 * per home; with `summary`, one bit per word of `bits`, all 0 and left so, only the words holding a home
 * are read: fast when `summary` has few words per home); otherwise they are sorted (packed with their list
 * positions when the sizes allow, else through `scatter`). All give the same result.
 *
 * @example
 * toCohortOrder(list, count, grid.order, out.totals, 1, homes, totals, scatter, bits, true);
 */
export function toCohortOrder(
  list: Int32Array,
  count: number,
  toCohort: Int32Array,
  tot: Float64Array,
  mult: number,
  homes: Int32Array,
  totals: Float64Array,
  scatter: Float64Array,
  bits: Int32Array,
  useBits: boolean,
  packed = true,
  summary?: Int32Array,
): void {
  if (useBits && summary !== undefined) {
    // two levels: a summary bit per word of `bits`, so only the words holding a home are read back
    for (let k = 0; k < count; k++) {
      const r = list[k]!;
      const c = toCohort[r]!;
      bits[c >>> 5]! |= 1 << (c & 31);
      summary[c >>> 10]! |= 1 << ((c >>> 5) & 31);
      scatter[c] = tot[r]!;
    }
    for (let si = 0, k = 0; k < count; si++) {
      let sw = summary[si]!;
      if (sw === 0) continue;
      summary[si] = 0;
      while (sw !== 0) {
        const wi = (si << 5) + 31 - Math.clz32(sw & -sw);
        sw &= sw - 1;
        let word = bits[wi]!;
        bits[wi] = 0;
        const base = wi << 5;
        while (word !== 0) {
          const c = base + 31 - Math.clz32(word & -word);
          homes[k] = c;
          totals[k++] = scatter[c]! * mult;
          word &= word - 1;
        }
      }
    }
    return;
  }
  if (useBits) {
    for (let k = 0; k < count; k++) {
      const r = list[k]!;
      const c = toCohort[r]!;
      bits[c >>> 5]! |= 1 << (c & 31);
      scatter[c] = tot[r]!;
    }
    for (let wi = 0, k = 0; k < count; wi++) {
      let word = bits[wi]!;
      if (word === 0) continue;
      bits[wi] = 0;
      const base = wi << 5;
      while (word !== 0) {
        const c = base + (31 - Math.clz32(word & -word));
        homes[k] = c;
        totals[k++] = scatter[c]! * mult;
        word &= word - 1;
      }
    }
    return;
  }
  if (packed && toCohort.length <= PACK_HOMES && count <= PACK_LIST) {
    // cohort index and list position in one int (c << 15 | k): sorted, each entry finds its total at
    // tot[list[k]], close to the others in the window (no scatter through an array over every home)
    for (let k = 0; k < count; k++) homes[k] = (toCohort[list[k]!]! << 15) | k;
    sortInts(homes, 0, count - 1);
    for (let q = 0; q < count; q++) {
      const key = homes[q]!;
      homes[q] = key >>> 15;
      totals[q] = tot[list[key & 0x7fff]!]! * mult;
    }
    return;
  }
  for (let k = 0; k < count; k++) {
    const r = list[k]!;
    const c = toCohort[r]!;
    homes[k] = c;
    scatter[c] = tot[r]!;
  }
  sortInts(homes, 0, count - 1);
  for (let k = 0; k < count; k++) totals[k] = scatter[homes[k]!]! * mult;
}

/** `toCohortOrder` packs a cohort index and a list position in one int32 up to these sizes. */
const PACK_HOMES = 1 << 16;
const PACK_LIST = 1 << 15;

/**
 * Sort small integer arrays in place, ascending (insertion sort under 24 elements, else quicksort on the
 * median of three): faster than the built-in typed-array sort on the few hundred homes of a subject.
 *
 * @example
 * const a = Int32Array.of(5, 1, 4);
 * sortInts(a); // a is now [1, 4, 5]
 */
export function sortInts(a: Int32Array, lo = 0, hi = a.length - 1): void {
  while (hi - lo >= 24) {
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    // recurse into the smaller side, loop on the larger
    if (j - lo < hi - i) {
      sortInts(a, lo, j);
      lo = i;
    } else {
      sortInts(a, i, hi);
      hi = j;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= lo && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

/**
 * A home's coordinates without building anything (for the spatial order only); far away when unknown.
 * `byText` memoises the lookup per postcode / district text (the points are read, never written).
 */
function quickPoint(location: Home['location'], geo: Geography, byText: Map<string, LatLon>): LatLon {
  if ('lat' in location) return { lat: location.lat, lon: location.lon };
  const text = 'postcode' in location ? location.postcode : location.district;
  const known = byText.get(text);
  if (known !== undefined) return known;
  const r = geo.resolvePostcode(text);
  const point = r ? { lat: r.lat, lon: r.lon } : { lat: 0, lon: 0 };
  byText.set(text, point);
  return point;
}

/** `q` with `q[p[k]] = k`. */
function inversePermutation(p: Int32Array): Int32Array {
  const q = new Int32Array(p.length);
  for (let k = 0; k < p.length; k++) q[p[k]!] = k;
  return q;
}

function withCapacity(prep: PreparedCohort, i: number): Home {
  const h = prep.homes[i]!;
  return h.freePlaces === prep.capacity[i] ? h : { ...h, freePlaces: prep.capacity[i]! };
}
