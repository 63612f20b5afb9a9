import type { Geography } from '../../geo/types.js';
import { ValidationError, type Home, type Policy, type Problem } from '../domain/index.js';
import { scoreAll } from '../match/engine.js';
import { buildRegistry, type Registry } from '../match/registry.js';
import { collectSubject } from '../match/resolve-child.js';
import { BLOCK_CONTRACT, CONNECTED_PERSON_FOSTER, INADEQUATE, REGISTERED, SUPPORTED_SETTING } from '../scoring/codes.js';
import { costScore } from '../scoring/factors/cost.js';
import { needsFitScore } from '../scoring/factors/needs-fit.js';
import { decayScore } from '../scoring/helpers.js';
import { greatCircle, haversineKm } from '../../geo/distance.js';
import { allocScores, prepareKernel, scoreRange, type ScoreArrays } from '../scoring/kernel.js';
import { authorityRelation } from '../scoring/helpers.js';
import type { ResolvedSubject } from '../scoring/types.js';
import { SUPPORTED_MIN_AGE } from '../scoring/rules/supported-under-16.js';
import type { Choice, PlacementEngine, Subject } from './engine.js';

/**
 * The placement engine over the real match core: for each subject, the match core's fast path
 * (`prepareKernel` + `scoreRange`, exactly what `scoreAll` runs) over the homes that currently have a free
 * place, then the top eligible home by total (ties by home id, as the match ranking). Free places live in the
 * registry's `freePlaces` column, which the kernel reads, and change as children arrive and leave.
 *
 * Only homes that could pass the cheap hard rules are scored: a home with no free place, of a setting the care
 * plan rules out, registered for other ages or sexes, too small for the sibling group, not taking emergencies
 * for a same-day referral, unregistered, or a connected person's home for someone else breaks a hard rule in
 * the kernel too, so skipping it never changes the answer (a property test compares with a full `scoreAll`).
 *
 * Same-day referrals follow the match response's scope: the best eligible home within the same-day radius
 * and inside or adjoining the placing authority; when there is none, the best eligible home anywhere (the
 * "wider radius / out of area" relaxation a placement team would take).
 */

/** Options for {@link createMatchEngine}. */
export interface MatchEngineOptions {
  readonly policy: Policy;
  readonly geo: Geography;
  /** A registry already built over exactly `homes` (to share the work between runs). */
  readonly registry?: Registry;
}

/** A match engine with its registry exposed (for tests and the urgency optimum). */
export interface MatchPlacementEngine extends PlacementEngine {
  readonly registry: Registry;
  /** Resolve a subject as the match core does (ages on `subject.asOf`; dangling kin references ignored). */
  resolve(subject: Subject): ResolvedSubject;
  /** Subjects placed, candidates bounded and homes scored by the kernel so far (for benchmarks). */
  stats(): { subjects: number; candidates: number; scored: number };
}

const SETTINGS = 3;

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
  const registry = opts.registry ?? buildRegistry(homes, geo, `simulate-${homes.length}`);
  if (registry.size !== homes.length) throw new Error(`createMatchEngine: registry has ${registry.size} homes, market ${homes.length}`);
  const cols = registry.columns;
  const n = registry.size;
  const initialFree = Int32Array.from(cols.freePlaces);
  const out: ScoreArrays = allocScores(n);
  const sameDayRadius = policy.thresholds.sameDayRadiusKm;

  // Vacancy buckets per setting: dense lists of homes with at least one free place (swap-remove).
  const buckets = Array.from({ length: SETTINGS }, () => new Int32Array(n));
  const bucketLen = new Int32Array(SETTINGS);
  const pos = new Int32Array(n).fill(-1);
  const listed = new Uint8Array(n);
  for (let i = 0; i < n; i++) listed[i] = cols.registration[i] === REGISTERED && cols.type[i] !== CONNECTED_PERSON_FOSTER ? 1 : 0;

  const addVacant = (i: number): void => {
    if (pos[i] !== -1 || !listed[i]) return;
    const s = cols.setting[i] as number;
    const b = buckets[s] as Int32Array;
    const k = bucketLen[s] as number;
    b[k] = i;
    pos[i] = k;
    bucketLen[s] = k + 1;
  };
  const removeVacant = (i: number): void => {
    const k = pos[i] as number;
    if (k === -1) return;
    const s = cols.setting[i] as number;
    const b = buckets[s] as Int32Array;
    const last = (bucketLen[s] as number) - 1;
    const moved = b[last] as number;
    b[k] = moved;
    pos[moved] = k;
    bucketLen[s] = last;
    pos[i] = -1;
  };

  const reset = (): void => {
    cols.freePlaces.set(initialFree);
    pos.fill(-1);
    bucketLen.fill(0);
    for (let i = 0; i < n; i++) if ((initialFree[i] as number) > 0) addVacant(i);
  };
  reset();

  const resolve = (subject: Subject, reg: Registry = registry): ResolvedSubject => {
    const problems: Problem[] = [];
    const children = subject.children;
    const first = children[0];
    if (!first) throw new Error('createMatchEngine: a subject needs at least one child');
    const input =
      children.length === 1
        ? { child: first }
        : { siblingGroup: { id: first.siblingGroupId ?? `${first.id}-siblings`, children: children.map((c) => ({ ...c, siblingGroupId: first.siblingGroupId ?? `${first.id}-siblings` })) } };
    const resolved = collectSubject(input, policy, geo, { asOf: subject.asOf, registry: reg, strictReferences: false }, problems);
    if (!resolved || problems.length) throw new ValidationError(`createMatchEngine: ${problems.length} problem(s) resolving ${first.id}`, problems);
    return subject.groupSize !== resolved.groupSize ? { ...resolved, groupSize: Math.max(subject.groupSize, children.length) } : resolved;
  };

  // Per home, the cost factor's impact: the same for every subject.
  const costT = { costCeilingAnnual: policy.thresholds.costCeilingAnnual, blockMarginalCostShare: policy.thresholds.blockMarginalCostShare };
  const costImpact = new Float64Array(n);
  for (let i = 0; i < n; i++) costImpact[i] = policy.weights.cost * costScore(cols.annualCost[i] as number, cols.contract[i] === BLOCK_CONTRACT, costT);
  const fitT = { unmetNeedPenaltyPerLevel: policy.thresholds.unmetNeedPenaltyPerLevel, overProvisionPenaltyPerLevel: policy.thresholds.overProvisionPenaltyPerLevel };
  const greatCircleDistance = geo.distance === greatCircle;
  // Scratch space for the candidates of one subject.
  let candIdx = new Int32Array(256);
  let candUb = new Float64Array(256);
  let candIn = new Uint8Array(256);
  const stats = { subjects: 0, candidates: 0, scored: 0 };

  const best = (subject: Subject): Choice | null => {
    const resolved = resolve(subject);
    const p = prepareKernel(resolved, registry, policy, [], geo);
    const { nc, careMask, minAge, maxAge, sameDay, P, needs, domainCol, childLat, childLon, hasSchool, schoolLat, schoolLon, weights: w } = p;
    const sex = p.sexMask;
    const near = sameDay ? sameDayNear(resolved.placingAuthority) : null;
    const D = cols.domainCount;
    // The parts of the total this pass does not compute exactly, bounded by their weight.
    let slack = 0;
    for (let x = 0; x < nc; x++) {
      if (p.disRelevant[x]) slack += (w[6] as number) / nc;
      if (p.hasLang[x] || p.childRel[x] !== -2 || p.childEth[x] !== -2) slack += (w[8] as number) / nc;
      if (p.hasWish[x]) slack += (w[9] as number) / nc;
    }
    const constant = (w[4] as number) * p.sibScore + slack + 1e-6;
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
        if ((cols.freePlaces[i] as number) < nc) continue;
        if (nc >= 2 && (cols.maxSibling[i] as number) < nc) continue;
        if ((cols.ageMin[i] as number) > minAge || (cols.ageMax[i] as number) < maxAge) continue;
        if ((sex & ~(cols.sexMask[i] as number)) !== 0) continue;
        if (sameDay && cols.emergency[i] === 0) continue;
        if ((p.adaptReq & ~(cols.adaptMask[i] as number)) !== 0) continue;
        if (cols.ofsted[i] === INADEQUATE && !p.ovOfstedAll) continue;
        const di = cols.district[i] as number;
        if (p.avoidDistrict !== null && di >= 0 && p.avoidDistrict[di] === 1) continue;
        // Needs: the hard gap, and the needs-fit factor exactly.
        const base = i * D;
        let maxGap = -Infinity;
        let needsSum = 0;
        for (let x = 0; x < nc; x++) {
          let unmet = 0;
          let over = 0;
          const row = x * P;
          for (let d = 0; d < P; d++) {
            const col = domainCol[d] as number;
            const cp = col >= 0 ? (cols.capability[base + col] as number) : 0;
            const need = needs[row + d] as number;
            if (need - cp > maxGap) maxGap = need - cp;
            if (cp < need) unmet += need - cp;
            else if (cp - need > p.overFree) over += cp - need - p.overFree;
          }
          needsSum += needsFitScore(unmet, over, fitT);
        }
        if (maxGap >= p.needsGapHard && !p.ovNeedsAll) continue;
        // Distance, school and authority factors exactly (great-circle), or their maxima otherwise.
        const hLat = cols.lat[i] as number;
        const hLon = cols.lon[i] as number;
        let sumDist = 0;
        let sumEdu = 0;
        let sumKm = 0;
        if (greatCircleDistance) {
          for (let x = 0; x < nc; x++) {
            const km = haversineKm(childLat[x] as number, childLon[x] as number, hLat, hLon);
            sumKm += km;
            sumDist += decayScore(km, p.halfLife);
            if (hasSchool[x]) sumEdu += decayScore(haversineKm(schoolLat[x] as number, schoolLon[x] as number, hLat, hLon), p.eduHalf);
          }
        } else {
          sumDist = nc;
          sumEdu = nc;
        }
        const ai = cols.authority[i] as number;
        const ub =
          constant +
          ((w[1] as number) * sumDist) / nc +
          (w[2] as number) * (ai >= 0 ? (p.authScore[ai] as number) : 0) +
          ((w[3] as number) * sumEdu) / nc +
          ((w[5] as number) * needsSum) / nc +
          (costImpact[i] as number);
        const inScope = near !== null && greatCircleDistance && sumKm / nc <= sameDayRadius && ai >= 0 && near[ai] === 1;
        push(i, ub, near === null || !greatCircleDistance ? true : inScope);
      }
    }
    stats.subjects++;
    stats.candidates += m;
    let bestIn = -1;
    let bestAny = -1;
    const consider = (i: number): void => {
      stats.scored++;
      scoreRange(p, cols, i, i + 1, out);
      if (out.eligible[i] !== 1) return;
      if (bestAny < 0 || better(i, bestAny)) bestAny = i;
      if (near && (out.km[i] as number) <= sameDayRadius) {
        const a = cols.authority[i] as number;
        if (a >= 0 && near[a] === 1 && (bestIn < 0 || better(i, bestIn))) bestIn = i;
      }
    };
    // Homes special to this subject (a connected person's household, a current home) are always scored:
    // their kinship and stability impacts are not in the bound.
    for (let k = 0; k < p.special.length; k++) {
      const i = p.special[k] as number;
      if ((p.specKin[k] as number) > 0 || (p.specHere[k] as number) > 0) consider(i);
    }
    // Candidates in the same-day scope first (all candidates for other referrals), best bound first; a
    // candidate is scored only while its bound can still beat the best eligible total found.
    if (!greatCircleDistance) {
      for (let k = 0; k < m; k++) consider(candIdx[k] as number);
    }
    for (const pass of greatCircleDistance ? [1, 0] : []) {
      if (pass === 0 && (near === null || bestIn >= 0)) break;
      const target = (): number => (pass === 1 && near !== null ? bestIn : bestAny);
      for (;;) {
        let top = -1;
        let topUb = -Infinity;
        for (let k = 0; k < m; k++) {
          if (candIn[k] !== pass && near !== null) continue;
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
        // Once something eligible is found, one sweep over what can still beat it.
        const t2 = target();
        if (t2 >= 0) {
          for (let k = 0; k < m; k++) {
            if (candIn[k] !== pass && near !== null) continue;
            const u = candUb[k] as number;
            if (u === -Infinity) continue;
            const tt = target();
            if (u >= (out.totals[tt] as number)) consider(candIdx[k] as number);
            candUb[k] = -Infinity;
          }
          break;
        }
      }
    }
    const pick = bestIn >= 0 ? bestIn : bestAny;
    return pick < 0 ? null : { homeIndex: pick, total: out.totals[pick] as number };
  };

  const better = (i: number, j: number): boolean => {
    const ti = out.totals[i] as number;
    const tj = out.totals[j] as number;
    return ti > tj || (ti === tj && (cols.idRank[i] as number) < (cols.idRank[j] as number));
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

  const bestAmong = (subject: Subject, extra: readonly Home[]): Choice | null => {
    if (extra.length === 0) return null;
    const reg = buildRegistry(extra, geo, 'simulate-extra');
    const scores = scoreAll(resolve(subject, reg), reg, policy, [], geo);
    let pick = -1;
    for (let i = 0; i < reg.size; i++) {
      if (scores.eligible[i] !== 1) continue;
      if (pick < 0 || (scores.totals[i] as number) > (scores.totals[pick] as number)) pick = i;
    }
    return pick < 0 ? null : { homeIndex: pick, total: scores.totals[pick] as number };
  };

  return {
    homes,
    registry,
    resolve: (s) => resolve(s),
    reset,
    best,
    bestAmong,
    occupy(i, places) {
      const f = (cols.freePlaces[i] as number) - places;
      if (f < 0) throw new Error(`createMatchEngine.occupy: home ${JSON.stringify(registry.homes[i]?.id)} has no free place`);
      cols.freePlaces[i] = f;
      if (f === 0) removeVacant(i);
    },
    release(i, places) {
      const f = Math.min((cols.freePlaces[i] as number) + places, homes[i]?.places ?? Infinity);
      cols.freePlaces[i] = f;
      if (f > 0) addVacant(i);
    },
    free: (i) => cols.freePlaces[i] as number,
    stats: () => ({ ...stats }),
  };
}

/**
 * Reference: the top eligible home by a full `scoreAll` over every home (no vacancy buckets, no
 * pre-filter), same ranking and same-day scope. Used by tests to pin the engine to the match core.
 *
 * @example
 * referenceBest(engine, subject, DEFAULT_POLICY, geo); // equals engine.best(subject)
 */
export function referenceBest(engine: MatchPlacementEngine, subject: Subject, policy: Policy, geo: Geography): Choice | null {
  const reg = engine.registry;
  const resolved = engine.resolve(subject);
  const s = scoreAll(resolved, reg, policy, [], geo);
  const near =
    resolved.urgency === 'same_day' ? reg.tables.authorities.map((a) => (authorityRelation(geo, resolved.placingAuthority, a) >= 1 ? 1 : 0)) : null;
  let bestIn = -1;
  let bestAny = -1;
  const better = (i: number, j: number): boolean =>
    (s.totals[i] as number) > (s.totals[j] as number) ||
    ((s.totals[i] as number) === (s.totals[j] as number) && (reg.columns.idRank[i] as number) < (reg.columns.idRank[j] as number));
  for (let i = 0; i < reg.size; i++) {
    if (s.eligible[i] !== 1) continue;
    if (bestAny < 0 || better(i, bestAny)) bestAny = i;
    const a = reg.columns.authority[i] as number;
    if (near && (s.km[i] as number) <= policy.thresholds.sameDayRadiusKm && a >= 0 && near[a] === 1 && (bestIn < 0 || better(i, bestIn))) bestIn = i;
  }
  const pick = bestIn >= 0 ? bestIn : bestAny;
  return pick < 0 ? null : { homeIndex: pick, total: s.totals[pick] as number };
}

