import { greatCircle, haversineKm } from '../../geo/distance.js';
import type { Geography } from '../../geo/types.js';
import { ValidationError, type Home, type Policy, type Problem } from '../domain/index.js';
import { scoreAll } from '../match/engine.js';
import { buildRegistry, type Registry } from '../match/registry.js';
import { collectSubject } from '../match/resolve-child.js';
import { BLOCK_CONTRACT, CONNECTED_PERSON_FOSTER, CONTRACTS, INADEQUATE, REGISTERED, SUPPORTED_SETTING } from '../scoring/codes.js';
import type { HomeColumns } from '../scoring/columns.js';
import { costScore } from '../scoring/factors/cost.js';
import { needsFitScore } from '../scoring/factors/needs-fit.js';
import { authorityRelation, decayScore } from '../scoring/helpers.js';
import { allocScores, prepareKernel, scoreRange, type KernelParams, type ScoreArrays } from '../scoring/kernel.js';
import { SUPPORTED_MIN_AGE } from '../scoring/rules/supported-under-16.js';
import type { ResolvedSubject } from '../scoring/types.js';
import type { Choice, PlacementEngine, Subject } from './engine.js';

/**
 * The placement engine over the real match core. For each subject: the match core's fast path
 * (`prepareKernel` + `scoreRange`, exactly what `scoreAll` runs) on the homes that have a free place, then
 * the top eligible home by total (ties by home id, as the match ranking).
 *
 * Two things keep a year of placements fast without changing a single answer:
 * - a bound: for each vacant home that passes the cheap hard rules, an upper bound on its total (the
 *   distance, school, authority, sibling, needs-fit and cost factors computed exactly with the scoring
 *   modules' own functions, the rest at their maximum); homes are scored by the kernel best bound first, and
 *   only while their bound can still beat the best eligible total found. A property test compares every
 *   answer with a full `scoreAll` over every home.
 * - a shared market: baseline and scenario run over ONE registry (the union of both markets), each world
 *   with its own free places, prices and contracts (column views), so a referral seen in both worlds (common
 *   random numbers) is resolved and prepared for the kernel once.
 *
 * Same-day referrals follow the match response's scope: the best eligible home within the same-day radius
 * and inside or adjoining the placing authority; when there is none, the best eligible home anywhere (the
 * relaxation a placement team would take).
 */

/** A registry shared by the engines of several worlds, with a per-subject cache. */
export interface SharedMarket {
  readonly registry: Registry;
  /** Forget cached subjects (call between Monte Carlo runs). */
  clear(): void;
  /** Cached work per subject (resolution, kernel constants, connected-person results). */
  readonly cache: Map<string, SubjectWork>;
}

/** What is worked out once per subject and shared between worlds. */
export interface SubjectWork {
  readonly resolved: ResolvedSubject;
  params?: KernelParams;
  readonly kin: Map<string, Choice | null>;
}

/** Cached subjects kept before the cache is emptied (a region's year is ~10,000 referrals). */
const CACHE_LIMIT = 20_000;

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
  const cache = new Map<string, SubjectWork>();
  return { registry: buildRegistry(unique, geo, `simulate-${unique.length}`), cache, clear: () => cache.clear() };
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
  /** Resolve a subject as the match core does (ages on `subject.asOf`; dangling kin references ignored). */
  resolve(subject: Subject): ResolvedSubject;
  /** Subjects placed, candidates bounded and homes scored by the kernel so far. */
  stats(): { subjects: number; candidates: number; scored: number; prepared: number };
}

const SETTINGS = 3;

function subjectKey(s: Subject): string {
  let k = `${s.asOf}|${s.groupSize}`;
  for (const c of s.children) k += `|${c.id}:${c.urgency}`;
  return k;
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
  const out: ScoreArrays = allocScores(n);
  const sameDayRadius = policy.thresholds.sameDayRadiusKm;
  const stats = { subjects: 0, candidates: 0, scored: 0, prepared: 0 };

  // Vacancy buckets per setting: dense lists of this world's homes with a free place (swap-remove).
  const buckets = Array.from({ length: SETTINGS }, () => new Int32Array(n));
  const bucketLen = new Int32Array(SETTINGS);
  const pos = new Int32Array(n).fill(-1);
  const listed = new Uint8Array(n);
  for (let i = 0; i < n; i++) listed[i] = fromRegistry[i] !== -1 && base.registration[i] === REGISTERED && base.type[i] !== CONNECTED_PERSON_FOSTER ? 1 : 0;
  const addVacant = (i: number): void => {
    if (pos[i] !== -1 || !listed[i]) return;
    const s = base.setting[i] as number;
    const b = buckets[s] as Int32Array;
    const k = bucketLen[s] as number;
    b[k] = i;
    pos[i] = k;
    bucketLen[s] = k + 1;
  };
  const removeVacant = (i: number): void => {
    const k = pos[i] as number;
    if (k === -1) return;
    const s = base.setting[i] as number;
    const b = buckets[s] as Int32Array;
    const last = (bucketLen[s] as number) - 1;
    const moved = b[last] as number;
    b[k] = moved;
    pos[moved] = k;
    bucketLen[s] = last;
    pos[i] = -1;
  };
  const reset = (): void => {
    freePlaces.set(initialFree);
    pos.fill(-1);
    bucketLen.fill(0);
    for (let i = 0; i < n; i++) if ((initialFree[i] as number) > 0) addVacant(i);
  };
  reset();

  // The cost factor's impact per home in this world: the same for every subject.
  const costT = { costCeilingAnnual: policy.thresholds.costCeilingAnnual, blockMarginalCostShare: policy.thresholds.blockMarginalCostShare };
  const costImpact = new Float64Array(n);
  for (let i = 0; i < n; i++) costImpact[i] = policy.weights.cost * costScore(annualCost[i] as number, contract[i] === BLOCK_CONTRACT, costT);
  const fitT = { unmetNeedPenaltyPerLevel: policy.thresholds.unmetNeedPenaltyPerLevel, overProvisionPenaltyPerLevel: policy.thresholds.overProvisionPenaltyPerLevel };
  const greatCircleDistance = geo.distance === greatCircle;

  const resolveIn = (subject: Subject, reg: Registry): ResolvedSubject => {
    const problems: Problem[] = [];
    const children = subject.children;
    const first = children[0];
    if (!first) throw new Error('createMatchEngine: a subject needs at least one child');
    const gid = first.siblingGroupId ?? `${first.id}-siblings`;
    const input = children.length === 1 ? { child: first } : { siblingGroup: { id: gid, children: children.map((c) => ({ ...c, siblingGroupId: gid })) } };
    const resolved = collectSubject(input, policy, geo, { asOf: subject.asOf, registry: reg, strictReferences: false }, problems);
    if (!resolved || problems.length) throw new ValidationError(`createMatchEngine: ${problems.length} problem(s) resolving ${first.id}`, problems);
    return subject.groupSize !== resolved.groupSize ? { ...resolved, groupSize: Math.max(subject.groupSize, children.length) } : resolved;
  };
  const work = (subject: Subject): SubjectWork => {
    const key = subjectKey(subject);
    let w = market.cache.get(key);
    if (!w) {
      if (market.cache.size >= CACHE_LIMIT) market.cache.clear();
      w = { resolved: resolveIn(subject, registry), kin: new Map() };
      market.cache.set(key, w);
    }
    return w;
  };
  const paramsOf = (w: SubjectWork): KernelParams => {
    if (!w.params) {
      w.params = prepareKernel(w.resolved, registry, policy, [], geo);
      stats.prepared++;
    }
    return w.params;
  };

  const nearCache = new Map<string, Uint8Array>();
  const sameDayNear = (placing: string): Uint8Array => {
    let near = nearCache.get(placing);
    if (!near) {
      near = new Uint8Array(registry.tables.authorities.map((a) => (authorityRelation(geo, placing, a) >= 1 ? 1 : 0)));
      nearCache.set(placing, near);
    }
    return near;
  };
  const better = (i: number, j: number): boolean => {
    const ti = out.totals[i] as number;
    const tj = out.totals[j] as number;
    return ti > tj || (ti === tj && (base.idRank[i] as number) < (base.idRank[j] as number));
  };

  // Scratch space for one subject's candidates.
  let candIdx = new Int32Array(256);
  let candUb = new Float64Array(256);
  let candIn = new Uint8Array(256);

  const best = (subject: Subject): Choice | null => {
    const w = work(subject);
    const p = paramsOf(w);
    const { nc, careMask, minAge, maxAge, sameDay, P, needs, domainCol, childLat, childLon, hasSchool, schoolLat, schoolLon, weights: wt } = p;
    const sex = p.sexMask;
    const near = sameDay ? sameDayNear(w.resolved.placingAuthority) : null;
    const D = base.domainCount;
    const cap = base.capability;
    // The factors this pass does not compute exactly, at their maximum.
    let slack = 0;
    for (let x = 0; x < nc; x++) {
      if (p.disRelevant[x]) slack += (wt[6] as number) / nc;
      if (p.hasLang[x] || p.childRel[x] !== -2 || p.childEth[x] !== -2) slack += (wt[8] as number) / nc;
      if (p.hasWish[x]) slack += (wt[9] as number) / nc;
    }
    const constant = (wt[4] as number) * p.sibScore + slack + 1e-6;
    let m = 0;
    const push = (i: number, ub: number, inScope: boolean): void => {
      if (m === candIdx.length) {
        const grow = <T extends Int32Array | Float64Array | Uint8Array>(a: T, make: (k: number) => T): T => {
          const b = make(a.length * 2);
          b.set(a);
          return b;
        };
        candIdx = grow(candIdx, (k) => new Int32Array(k));
        candUb = grow(candUb, (k) => new Float64Array(k));
        candIn = grow(candIn, (k) => new Uint8Array(k));
      }
      candIdx[m] = i;
      candUb[m] = ub;
      candIn[m] = inScope ? 1 : 0;
      m++;
    };
    for (let s = 0; s < SETTINGS; s++) {
      if ((careMask & (1 << s)) === 0) continue;
      if (s === SUPPORTED_SETTING && minAge < SUPPORTED_MIN_AGE) continue;
      const b = buckets[s] as Int32Array;
      const len = bucketLen[s] as number;
      for (let k = 0; k < len; k++) {
        const i = b[k] as number;
        // Hard rules the kernel would break (each test mirrors one in scoreRange).
        if ((freePlaces[i] as number) < nc) continue;
        if (nc >= 2 && (base.maxSibling[i] as number) < nc) continue;
        if ((base.ageMin[i] as number) > minAge || (base.ageMax[i] as number) < maxAge) continue;
        if ((sex & ~(base.sexMask[i] as number)) !== 0) continue;
        if (sameDay && base.emergency[i] === 0) continue;
        if ((p.adaptReq & ~(base.adaptMask[i] as number)) !== 0) continue;
        if (base.ofsted[i] === INADEQUATE && !p.ovOfstedAll) continue;
        const di = base.district[i] as number;
        if (p.avoidDistrict !== null && di >= 0 && p.avoidDistrict[di] === 1) continue;
        // Needs: the hard gap, and the needs-fit factor exactly.
        const row0 = i * D;
        let maxGap = -Infinity;
        let needsSum = 0;
        for (let x = 0; x < nc; x++) {
          let unmet = 0;
          let over = 0;
          const row = x * P;
          for (let d = 0; d < P; d++) {
            const col = domainCol[d] as number;
            const cp = col >= 0 ? (cap[row0 + col] as number) : 0;
            const need = needs[row + d] as number;
            if (need - cp > maxGap) maxGap = need - cp;
            if (cp < need) unmet += need - cp;
            else if (cp - need > p.overFree) over += cp - need - p.overFree;
          }
          needsSum += needsFitScore(unmet, over, fitT);
        }
        if (maxGap >= p.needsGapHard && !p.ovNeedsAll) continue;
        // Distance, school and authority factors exactly (great-circle), or at their maximum otherwise.
        const hLat = base.lat[i] as number;
        const hLon = base.lon[i] as number;
        let sumDist = nc;
        let sumEdu = nc;
        let sumKm = 0;
        if (greatCircleDistance) {
          sumDist = 0;
          sumEdu = 0;
          for (let x = 0; x < nc; x++) {
            const km = haversineKm(childLat[x] as number, childLon[x] as number, hLat, hLon);
            sumKm += km;
            sumDist += decayScore(km, p.halfLife);
            if (hasSchool[x]) sumEdu += decayScore(haversineKm(schoolLat[x] as number, schoolLon[x] as number, hLat, hLon), p.eduHalf);
          }
        }
        const ai = base.authority[i] as number;
        const ub =
          constant +
          ((wt[1] as number) * sumDist) / nc +
          (wt[2] as number) * (ai >= 0 ? (p.authScore[ai] as number) : 0) +
          ((wt[3] as number) * sumEdu) / nc +
          ((wt[5] as number) * needsSum) / nc +
          (costImpact[i] as number);
        const inScope = near === null || !greatCircleDistance || (sumKm / nc <= sameDayRadius && ai >= 0 && near[ai] === 1);
        push(i, ub, inScope);
      }
    }
    stats.subjects++;
    stats.candidates += m;
    let bestIn = -1;
    let bestAny = -1;
    const consider = (i: number): void => {
      stats.scored++;
      scoreRange(p, view, i, i + 1, out);
      if (out.eligible[i] !== 1) return;
      if (bestAny < 0 || better(i, bestAny)) bestAny = i;
      if (near && (out.km[i] as number) <= sameDayRadius) {
        const a = base.authority[i] as number;
        if (a >= 0 && near[a] === 1 && (bestIn < 0 || better(i, bestIn))) bestIn = i;
      }
    };
    // Homes special to this subject (a connected person's household, a current home) are always scored:
    // their kinship and stability impacts are not in the bound.
    for (let k = 0; k < p.special.length; k++) {
      const i = p.special[k] as number;
      if (fromRegistry[i] !== -1 && ((p.specKin[k] as number) > 0 || (p.specHere[k] as number) > 0)) consider(i);
    }
    if (!greatCircleDistance) for (let k = 0; k < m; k++) consider(candIdx[k] as number);
    // In-scope candidates first (every candidate, for a referral that is not same-day), best bound first; a
    // candidate is scored only while its bound can still beat the best eligible total found.
    for (const pass of greatCircleDistance ? [1, 0] : []) {
      if (pass === 0 && (near === null || bestIn >= 0)) break;
      const target = (): number => (pass === 1 && near !== null ? bestIn : bestAny);
      for (;;) {
        let top = -1;
        let topUb = -Infinity;
        for (let k = 0; k < m; k++) {
          if (candIn[k] !== pass) continue;
          const u = candUb[k] as number;
          if (u > topUb) {
            topUb = u;
            top = k;
          }
        }
        if (top < 0) break;
        const t = target();
        if (t >= 0 && topUb < (out.totals[t] as number)) break;
        consider(candIdx[top] as number);
        candUb[top] = -Infinity;
        if (target() >= 0) {
          // Something eligible is found: one sweep over what can still beat it.
          for (let k = 0; k < m; k++) {
            if (candIn[k] !== pass) continue;
            const u = candUb[k] as number;
            if (u === -Infinity) continue;
            if (u >= (out.totals[target()] as number)) consider(candIdx[k] as number);
            candUb[k] = -Infinity;
          }
          break;
        }
      }
    }
    const pick = bestIn >= 0 ? bestIn : bestAny;
    return pick < 0 ? null : { homeIndex: fromRegistry[pick] as number, total: out.totals[pick] as number };
  };

  const bestAmong = (subject: Subject, extra: readonly Home[]): Choice | null => {
    if (extra.length === 0) return null;
    const w = work(subject);
    const key = extra.map((h) => `${h.id}:${h.annualCost}:${h.freePlaces}`).join('|');
    if (w.kin.has(key)) return w.kin.get(key) ?? null;
    const reg = buildRegistry(extra, geo, 'simulate-extra');
    const scores = scoreAll(resolveIn(subject, reg), reg, policy, [], geo);
    let pick = -1;
    for (let i = 0; i < reg.size; i++) {
      if (scores.eligible[i] !== 1) continue;
      if (pick < 0 || (scores.totals[i] as number) > (scores.totals[pick] as number)) pick = i;
    }
    const choice = pick < 0 ? null : { homeIndex: pick, total: scores.totals[pick] as number };
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
    occupy(w, places) {
      const i = toRegistry[w] as number;
      const f = (freePlaces[i] as number) - places;
      if (f < 0) throw new Error(`createMatchEngine.occupy: home ${JSON.stringify(homes[w]?.id)} has no free place`);
      freePlaces[i] = f;
      if (f === 0) removeVacant(i);
    },
    release(w, places) {
      const i = toRegistry[w] as number;
      const f = Math.min((freePlaces[i] as number) + places, homes[w]?.places ?? Infinity);
      freePlaces[i] = f;
      if (f > 0) addVacant(i);
    },
    free: (w) => freePlaces[toRegistry[w] as number] as number,
    stats: () => ({ ...stats }),
  };
}

/**
 * Reference: the top eligible home by the kernel over EVERY home of the engine's world (no vacancy lists,
 * no pre-filter, no bound), same ranking and same-day scope. Tests pin the engine to it.
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
    (s.totals[i] as number) > (s.totals[j] as number) ||
    ((s.totals[i] as number) === (s.totals[j] as number) && (reg.columns.idRank[i] as number) < (reg.columns.idRank[j] as number));
  for (let i = 0; i < reg.size; i++) {
    if (engine.fromRegistry[i] === -1 || s.eligible[i] !== 1) continue;
    if (bestAny < 0 || better(i, bestAny)) bestAny = i;
    const a = reg.columns.authority[i] as number;
    if (near && (s.km[i] as number) <= policy.thresholds.sameDayRadiusKm && a >= 0 && near[a] === 1 && (bestIn < 0 || better(i, bestIn))) bestIn = i;
  }
  const pick = bestIn >= 0 ? bestIn : bestAny;
  return pick < 0 ? null : { homeIndex: engine.fromRegistry[pick] as number, total: s.totals[pick] as number };
}
