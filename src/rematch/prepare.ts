/**
 * Pure bookkeeping before any scoring: index the cohort (where each child lives, which homes close, the
 * sibling groups), count the places each home can offer this round, and resolve the re-match settings from
 * the policy. Nothing here judges eligibility; that is the match core's job (see `scorer.ts`).
 */
import type { Child } from '../domain/child.js';
import type { RiskFlag } from '../domain/common.js';
import type { Home } from '../domain/home.js';
import type { Policy } from '../domain/policy.js';
import { closedHomeIds, monthsBetween, type Closures, type CohortIndex } from './cohort.js';

/** The re-match knobs of a policy, defaults filled in. */
export interface RematchSettings {
  readonly movePenaltyBase: number;
  readonly movePenaltyPerMonth: number;
  readonly maxMoves: number | null;
  readonly allowSiblingSplit: boolean;
  readonly siblingSplitPenalty: number;
  readonly unplacedPenalty: number;
  readonly displacedPriority: number;
  readonly soloRiskFlags: readonly RiskFlag[];
}

/**
 * Default for `policy.rematch.displacedPriority` when the policy does not set it.
 *
 * @example
 * rematchSettings({ ...DEFAULT_POLICY, rematch: { ...DEFAULT_POLICY.rematch, displacedPriority: undefined } }).displacedPriority; // 10
 */
export const DEFAULT_DISPLACED_PRIORITY = 10;
/**
 * Default for `policy.rematch.soloRiskFlags` when the policy does not set it.
 *
 * @example
 * DEFAULT_SOLO_RISK_FLAGS.includes('sexually_harmful_behaviour'); // true
 */
export const DEFAULT_SOLO_RISK_FLAGS: readonly RiskFlag[] = ['risk_to_younger_children', 'sexually_harmful_behaviour'];

/**
 * The re-match settings of a policy, with defaults for the optional fields.
 *
 * @example
 * rematchSettings(DEFAULT_POLICY).displacedPriority; // 10
 */
export function rematchSettings(policy: Policy): RematchSettings {
  const r = policy.rematch;
  return {
    movePenaltyBase: r.movePenaltyBase,
    movePenaltyPerMonth: r.movePenaltyPerMonth,
    maxMoves: r.maxMoves,
    allowSiblingSplit: r.allowSiblingSplit,
    siblingSplitPenalty: r.siblingSplitPenalty,
    unplacedPenalty: r.unplacedPenalty,
    displacedPriority: r.displacedPriority ?? DEFAULT_DISPLACED_PRIORITY,
    soloRiskFlags: r.soloRiskFlags ?? DEFAULT_SOLO_RISK_FLAGS,
  };
}

/** A sibling group as it appears in the cohort: its id and the indices of its children. */
export interface CohortGroup {
  readonly id: string;
  readonly members: readonly number[];
}

/** The cohort indexed for the model. Home and child references are positions in the cohort arrays. */
export interface PreparedCohort {
  readonly children: readonly Child[];
  readonly homes: readonly Home[];
  readonly asOf: string;
  /** 1 when the home closes this round. */
  readonly closed: Uint8Array;
  /** Cohort children living in each home today. */
  readonly residents: Int32Array;
  /**
   * Places each home can offer this round: its free places plus the beds of cohort children living there
   * (they may move), never more than `places`; 0 for a closing home.
   */
  readonly capacity: Int32Array;
  /** Home index each child lives in today, or -1. */
  readonly current: Int32Array;
  /** Months each child has lived in its current home (0 without one). */
  readonly months: Int32Array;
  /** 1 when the child needs a solo setting (carries one of the solo risk flags). */
  readonly solo: Uint8Array;
  readonly groups: readonly CohortGroup[];
  /** Group index of each child, or -1. */
  readonly groupOf: Int32Array;
  readonly homeIndex: ReadonlyMap<string, number>;
}

/**
 * Index a (validated) cohort. `asOf` is the date tenures are counted to. `index`, when given, is what
 * `assertCohort` returned for these same `children` and `homes` (its home index and current homes are used
 * instead of being built again).
 *
 * @example
 * const prep = prepareCohort(cohort.children, cohort.homes, '2026-11-22', cohort.closures, settings);
 * prep.capacity[0]; // places home 0 offers this round
 */
export function prepareCohort(
  children: readonly Child[],
  homes: readonly Home[],
  asOf: string,
  closures: Closures | undefined,
  settings: Pick<RematchSettings, 'soloRiskFlags'>,
  index?: CohortIndex,
): PreparedCohort {
  const n = children.length;
  const known = index !== undefined && index.current.length === n && index.homeIndex.size === homes.length ? index : undefined;
  let homeIndex: ReadonlyMap<string, number>;
  if (known) homeIndex = known.homeIndex;
  else {
    const built = new Map<string, number>();
    for (let i = 0; i < homes.length; i++) built.set(homes[i]!.id, i);
    homeIndex = built;
  }
  const closedIds = closedHomeIds(homes, closures);
  const closed = new Uint8Array(homes.length);
  for (const id of closedIds) {
    const i = homeIndex.get(id);
    if (i !== undefined) closed[i] = 1;
  }
  const current = new Int32Array(n).fill(-1);
  const months = new Int32Array(n);
  const solo = new Uint8Array(n);
  const residents = new Int32Array(homes.length);
  const groupOf = new Int32Array(n).fill(-1);
  const groupIndex = new Map<string, number>();
  const groups: { id: string; members: number[] }[] = [];
  const soloFlags = new Set(settings.soloRiskFlags);
  for (let i = 0; i < n; i++) {
    const c = children[i]!;
    const cp = c.currentPlacement;
    if (cp) {
      const h = known ? known.current[i]! : (homeIndex.get(cp.homeId) ?? -1);
      if (h >= 0) {
        current[i] = h;
        residents[h]! += 1;
        months[i] = monthsBetween(cp.since, asOf);
      }
    }
    const flags = c.riskFlags;
    for (let k = 0; k < flags.length; k++) {
      if (soloFlags.has(flags[k]!)) {
        solo[i] = 1;
        break;
      }
    }
    if (c.siblingGroupId !== undefined) {
      let g = groupIndex.get(c.siblingGroupId);
      if (g === undefined) {
        g = groups.length;
        groupIndex.set(c.siblingGroupId, g);
        groups.push({ id: c.siblingGroupId, members: [] });
      }
      groups[g]!.members.push(i);
      groupOf[i] = g;
    }
  }
  // a "group" of one (its siblings are not in this round) is placed as a single child
  for (let g = 0; g < groups.length; g++) {
    const grp = groups[g]!;
    if (grp.members.length < 2) for (const i of grp.members) groupOf[i] = -1;
  }
  const kept = groups.filter((g) => g.members.length >= 2);
  if (kept.length !== groups.length) {
    groupOf.fill(-1);
    kept.forEach((g, gi) => g.members.forEach((i) => (groupOf[i] = gi)));
  }
  const capacity = new Int32Array(homes.length);
  for (let h = 0; h < homes.length; h++) {
    const home = homes[h]!;
    capacity[h] = closed[h] ? 0 : Math.min(home.places, home.freePlaces + residents[h]!);
  }
  return { children, homes, asOf, closed, residents, capacity, current, months, solo, groups: kept, groupOf, homeIndex };
}

/**
 * Places a unit of `members` takes in home `h`: one per child, or, when a member needs a solo setting,
 * every place the home offers this round except those of cohort children who live there today outside the
 * unit (they may stay with it). Never fewer than the unit's children.
 *
 * @example
 * placesTaken(prep, [3], 5); // 1, or prep.capacity[5] for a solo child
 */
export function placesTaken(prep: PreparedCohort, members: readonly number[], h: number): number {
  const k = members.length;
  let solo = false;
  let living = 0;
  for (const i of members) {
    if (prep.solo[i]) solo = true;
    if (prep.current[i] === h) living++;
  }
  if (!solo) return k;
  const others = living > 0 ? prep.residents[h]! - living : 0;
  return Math.max(k, prep.capacity[h]! - others);
}
