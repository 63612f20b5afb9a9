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
import { rulesOfMask } from '../scoring/codes.js';
import { allocScores, genericDistance, prepareKernel, scoreRange } from '../scoring/kernel.js';
import type { ResolvedChild, ResolvedSubject } from '../scoring/types.js';
import type { PreparedCohort } from './prepare.js';
import type { CohortScorer, SubjectScores } from './scorer.js';
import { mergeRanges, spatialGrid, type SpatialGrid } from './spatial-scope.js';

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
  const opts = { asOf: prep.asOf, strictReferences: false, ...(registry ? { registry } : {}) };
  prep.children.forEach((c, i) => {
    const r = resolveChild(c, policy, geo, opts, ['children', i], problems);
    if (r) out.push(c.currentPlacement && r.urgency !== 'planned' ? { ...r, urgency: 'planned' } : r);
  });
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
    grid = spatialGrid(prep.homes.map((h) => quickPoint(h.location, geo)), options.cellKm ?? 2);
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
  const whole = [0, n];
  const buf = new Int32Array(n);
  const scatter = new Float64Array(n);
  const maskCount = new Int32Array(1 << 16);
  const touched: number[] = [];
  return {
    score(idx, groupSize): SubjectScores {
      const members = idx.map((i) => children[i]!);
      let urgency: (typeof URGENCY_ORDER)[number] = 'planned';
      for (const c of members) if (URGENCY_ORDER.indexOf(c.urgency) > URGENCY_ORDER.indexOf(urgency)) urgency = c.urgency;
      const first = members[0]!;
      const subject: ResolvedSubject = {
        kind: members.length === 1 ? 'child' : 'siblingGroup',
        id: members.length === 1 ? first.id : members.map((m) => m.id).join('+'),
        children: members,
        groupSize: Math.max(groupSize, members.length),
        placingAuthority: first.placingAuthority,
        urgency,
        domains: policy.domains,
        asOf,
      };
      let ranges = whole;
      if (grid && nearest !== undefined) {
        const flat: number[] = [];
        for (const m of members) {
          flat.push(...grid.window(m.location, nearest));
          const extra = [m.currentHomeId, ...m.connected.keys()];
          for (const id of extra) {
            if (id === undefined) continue;
            const r = registry.indexOf(id);
            if (r >= 0) flat.push(r, r + 1);
          }
        }
        ranges = mergeRanges(flat);
      }
      const p = prepareKernel(subject, registry, policy, overrides, geo);
      const dist = genericDistance(subject, registry, geo);
      let evaluated = 0;
      for (let k = 0; k < ranges.length; k += 2) {
        scoreRange(p, registry.columns, ranges[k]!, ranges[k + 1]!, out, dist);
        evaluated += ranges[k + 1]! - ranges[k]!;
      }
      // eligible homes in cohort order (typed-array sort), totals via a scatter array
      let count = 0;
      for (let k = 0; k < ranges.length; k += 2) {
        for (let r = ranges[k]!; r < ranges[k + 1]!; r++) {
          if (out.eligible[r]) {
            const c = toCohort ? toCohort[r]! : r;
            buf[count++] = c;
            scatter[c] = out.totals[r]!;
          } else {
            const m = out.broken[r]!;
            if (maskCount[m] === 0) touched.push(m);
            maskCount[m]!++;
          }
        }
      }
      const homes = buf.slice(0, count);
      if (toCohort) homes.sort();
      const mult = members.length;
      const totals = new Float64Array(count);
      for (let k = 0; k < count; k++) totals[k] = scatter[homes[k]!]! * mult;
      const ruledOut: Record<string, number> = {};
      for (const m of touched) {
        const c = maskCount[m]!;
        maskCount[m] = 0;
        for (const id of rulesOfMask(m)) ruledOut[id] = (ruledOut[id] ?? 0) + c;
      }
      touched.length = 0;
      return { homes, totals, ruledOut, evaluated };
    },
  };
}

/** A home's coordinates without building anything (for the spatial order only); far away when unknown. */
function quickPoint(location: Home['location'], geo: Geography): LatLon {
  if ('lat' in location) return { lat: location.lat, lon: location.lon };
  const r = geo.resolvePostcode('postcode' in location ? location.postcode : location.district);
  return r ? { lat: r.lat, lon: r.lon } : { lat: 0, lon: 0 };
}

function withCapacity(prep: PreparedCohort, i: number): Home {
  const h = prep.homes[i]!;
  return h.freePlaces === prep.capacity[i] ? h : { ...h, freePlaces: prep.capacity[i]! };
}
