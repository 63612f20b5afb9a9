import { FAIRNESS_DIMENSIONS, type FairnessDimension } from './facts.js';
import { TWENTY_MILES_KM, siblingGroupsTogether, type Outcome } from './metrics.js';

/**
 * Child-by-child comparison of baseline and scenario: which children the change helps or harms, and how.
 * The judgement is the match score (the policy's own measure of the most appropriate placement, s22C);
 * the reasons are the facts that changed (placed or not, distance, inside the authority, kinship, siblings,
 * school), each as a plain sentence. Pseudonymous ids only.
 */

export type Effect = 'helped' | 'harmed' | 'unchanged';

/** Where a child is in one world, in brief. */
export interface PlacementBrief {
  readonly homeId: string | null;
  readonly homeType: string | null;
  readonly distanceKm: number | null;
  readonly insideAuthority: boolean;
  readonly score: number | null;
}

/** One child's trace. */
export interface ChildTrace {
  readonly childId: string;
  readonly effect: Effect;
  readonly baseline: PlacementBrief;
  readonly scenario: PlacementBrief;
  readonly reasons: readonly string[];
  readonly groups: Readonly<Record<FairnessDimension, string>>;
}

/** Counts of helped / harmed / unchanged, overall and per fairness group. */
export interface TraceSummary {
  readonly helped: number;
  readonly harmed: number;
  readonly unchanged: number;
  readonly byGroup: Readonly<Record<FairnessDimension, Readonly<Record<string, { helped: number; harmed: number; unchanged: number }>>>>;
}

/** What else is known about the change, for the reasons. */
export interface TraceContext {
  /** Homes that left the market in the scenario. */
  readonly closedHomeIds?: ReadonlySet<string>;
  /** Children the scenario's re-match moved from a home that stays open. */
  readonly moved?: ReadonlySet<string>;
}

/** Score change below which a move in the same direction counts as no change (score points). */
export const SCORE_EPSILON = 0.5;

function brief(o: Outcome): PlacementBrief {
  return {
    homeId: o.homeId,
    homeType: o.homeType,
    distanceKm: o.homeId === null ? null : Math.round(o.distanceKm * 10) / 10,
    insideAuthority: o.insideAuthority,
    score: o.homeId === null || !Number.isFinite(o.score) ? null : Math.round(o.score * 10) / 10,
  };
}

const km = (x: number): string => `${(Math.round(x * 10) / 10).toFixed(1)} km`;

/**
 * Compare one child's outcomes.
 *
 * @example
 * traceChild(base, scen, true, false).effect; // 'harmed' (separated from siblings, lower score)
 */
export function traceChild(b: Outcome, s: Outcome, togetherBefore: boolean | null, togetherAfter: boolean | null, context: TraceContext = {}): ChildTrace {
  const reasons: string[] = [];
  if (b.homeId !== null && context.closedHomeIds?.has(b.homeId)) reasons.push(`Their home ${b.homeId} left the market.`);
  else if (context.moved?.has(b.facts.id)) reasons.push('A settled child moved: the optimum judged the gain worth the move.');
  let effect: Effect = 'unchanged';
  if (b.homeId === null && s.homeId !== null) {
    effect = 'helped';
    reasons.push(`Placed (no home before), ${km(s.distanceKm)} from home.`);
  } else if (b.homeId !== null && s.homeId === null) {
    effect = 'harmed';
    reasons.push(`No eligible home with a free place (before: ${b.homeId}, ${km(b.distanceKm)} from home).`);
  } else if (b.homeId !== null && s.homeId !== null && b.homeId !== s.homeId) {
    reasons.push(`Placed in ${s.homeId} (${(s.homeType ?? '').replace(/_/g, ' ')}) instead of ${b.homeId} (${(b.homeType ?? '').replace(/_/g, ' ')}).`);
    if (Math.abs(s.distanceKm - b.distanceKm) >= 1) reasons.push(`${km(s.distanceKm)} from home instead of ${km(b.distanceKm)}.`);
    const b20 = b.distanceKm <= TWENTY_MILES_KM;
    const s20 = s.distanceKm <= TWENTY_MILES_KM;
    if (b20 !== s20) reasons.push(s20 ? 'Now within 20 miles of home.' : 'Now more than 20 miles from home.');
    if (b.insideAuthority !== s.insideAuthority) reasons.push(s.insideAuthority ? 'Now inside the placing authority.' : 'Now outside the placing authority (reg 11 approval).');
    if (b.kinship !== s.kinship) reasons.push(s.kinship ? 'Now with a connected person (kinship).' : 'No longer with a connected person.');
    if (b.keptSchool !== null && s.keptSchool !== null && b.keptSchool !== s.keptSchool) {
      reasons.push(s.keptSchool ? 'Keeps their school (key stage 4).' : 'Would have to change school in key stage 4 (reg 10).');
    }
    const delta = (Number.isFinite(s.score) ? s.score : 0) - (Number.isFinite(b.score) ? b.score : 0);
    if (Number.isFinite(s.score) && Number.isFinite(b.score)) {
      if (delta > SCORE_EPSILON) effect = 'helped';
      else if (delta < -SCORE_EPSILON) effect = 'harmed';
      reasons.push(`Match score ${delta >= 0 ? 'up' : 'down'} ${Math.abs(Math.round(delta * 10) / 10)} points.`);
    } else {
      effect = s.distanceKm < b.distanceKm ? 'helped' : 'harmed';
    }
  }
  if (togetherBefore !== null && togetherAfter !== null && togetherBefore !== togetherAfter) {
    reasons.push(togetherAfter ? 'Now living with their siblings.' : 'Now separated from their siblings.');
    if (effect === 'unchanged') effect = togetherAfter ? 'helped' : 'harmed';
  }
  return { childId: b.facts.id, effect, baseline: brief(b), scenario: brief(s), reasons, groups: b.facts.groups };
}

/**
 * Trace every child present in both outcome lists (matched by id), with the counts per effect and fairness
 * group. `limit` caps the listed traces (changed children first, then by id); the counts cover everyone.
 *
 * @example
 * const { traces, summary } = traceChildren(staticBaseline, staticScenario, 200);
 * summary.harmed; // children the change harms
 */
export function traceChildren(
  baseline: readonly Outcome[],
  scenario: readonly Outcome[],
  limit: number,
  context: TraceContext = {},
): { traces: ChildTrace[]; summary: TraceSummary } {
  const tb = siblingGroupsTogether(baseline);
  const ts = siblingGroupsTogether(scenario);
  const scen = new Map(scenario.map((o) => [o.facts.id, o]));
  const all: ChildTrace[] = [];
  for (const b of baseline) {
    const s = scen.get(b.facts.id);
    if (!s) continue;
    const g = b.facts.siblingGroupId;
    all.push(traceChild(b, s, g !== undefined ? (tb.get(g) ?? null) : null, g !== undefined ? (ts.get(g) ?? null) : null, context));
  }
  const byGroup = Object.fromEntries(FAIRNESS_DIMENSIONS.map((d) => [d, {} as Record<string, { helped: number; harmed: number; unchanged: number }>])) as Record<
    FairnessDimension,
    Record<string, { helped: number; harmed: number; unchanged: number }>
  >;
  let helped = 0;
  let harmed = 0;
  for (const t of all) {
    if (t.effect === 'helped') helped++;
    else if (t.effect === 'harmed') harmed++;
    for (const d of FAIRNESS_DIMENSIONS) {
      const label = t.groups[d];
      const c = (byGroup[d][label] ??= { helped: 0, harmed: 0, unchanged: 0 });
      c[t.effect]++;
    }
  }
  const rank = (t: ChildTrace): number => (t.effect === 'harmed' ? 0 : t.effect === 'helped' ? 1 : 2);
  const traces = all
    .filter((t) => t.effect !== 'unchanged' || t.reasons.length > 0)
    .sort((a, b) => rank(a) - rank(b) || (a.childId < b.childId ? -1 : a.childId > b.childId ? 1 : 0))
    .slice(0, limit);
  return { traces, summary: { helped, harmed, unchanged: all.length - helped - harmed, byGroup } };
}
