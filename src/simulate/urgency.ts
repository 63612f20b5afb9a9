import type { Child, Home, PolicyOverride } from '../domain/index.js';
import { addDays } from '../demo/dates.js';
import type { UrgencyInput } from './dynamic.js';
import { placementMetrics, type Outcome } from './metrics.js';
import { placementsOf, type RematchFn } from './static.js';
import type { MetricVector } from './stats.js';
import { outcomeOf, worldChild, worldHome, type World, type WorldChild } from './world.js';

/**
 * The price of urgency: the year's entrants still in care at the end, as the dynamic model placed them
 * (greedily, one at a time, on the day, same-day referrals only to emergency homes), against the optimum
 * for the same children over the same places (the places they hold plus the places still free at the end),
 * re-matched all at once as planned referrals by the re-match optimiser. The gap (optimum minus greedy) is
 * what placing urgently, one child at a time, costs.
 */

/** Keys compared (and differenced) between the greedy placements and the optimum. */
export const URGENCY_KEYS = [
  'placed',
  'unmet',
  'share.placed',
  'share.within20Miles',
  'share.insideAuthority',
  'share.atDistance',
  'share.kinship',
  'share.siblingGroupsTogether',
  'share.ks4KeptSchool',
  'mix.residential',
  'distanceKm.mean',
  'score.mean',
] as const;

/**
 * Candidates per unit in the urgency optimum: each child's (or group's) 40 best eligible homes, ranked by
 * score (the re-match's `candidateLimit`). The market is every home with a place at the year's end, and
 * scoring all of them keeps every eligible home in view (no `nearestHomes` window: that would drop the few
 * far specialist homes some children can only go to); the limit only shortens the optimiser's lists. A
 * shorter list can only lower the optimum, so the price of urgency reported is, if anything, understated.
 * Measured (Coventry demo, runs 0-4): the same optimum as with every
 * candidate, to the last metric, in about half the time (the West Midlands region: 10.8 s per world).
 */
export const URGENCY_CANDIDATE_LIMIT = 40;

function stripped(c: Child): Child {
  const { currentPlacement: _c, ...rest } = c;
  return { ...rest, urgency: 'planned' };
}

/**
 * Compute the greedy-vs-optimum comparison for one run in one world, as a flat vector
 * (`urgency.greedy.<key>`, `urgency.optimum.<key>`, `urgency.gap.<key>`).
 *
 * @example
 * const v = priceOfUrgency(world, run.urgency, rematch, 5, 365);
 * v['urgency.gap.share.within20Miles']; // e.g. 0.04: the optimum places 4 points more within 20 miles
 */
export function priceOfUrgency(
  world: World,
  u: UrgencyInput,
  rematch: RematchFn,
  fairnessMinGroup: number,
  horizonDays: number,
  policyOverride?: PolicyOverride,
): MetricVector {
  if (u.children.length === 0) return {};
  const yearEnd = addDays(world.asOf, horizonDays);
  const nMarket = world.homes.length;
  const held = new Int32Array(nMarket);
  for (const h of u.placedIn) if (h >= 0 && h < nMarket) held[h] = (held[h] as number) + 1;
  const homes: Home[] = [];
  world.homes.forEach((h, i) => {
    const cap = (u.freeAtEnd[i] as number) + (held[i] as number);
    if (cap > 0) homes.push({ ...h, freePlaces: Math.min(cap, h.places), places: h.places });
  });
  homes.push(...u.extras);
  const counts = new Map<string, number>();
  for (const c of u.children) if (c.siblingGroupId) counts.set(c.siblingGroupId, (counts.get(c.siblingGroupId) ?? 0) + 1);
  const children = u.children.map((c) => {
    const s = stripped(c);
    if (s.siblingGroupId && (counts.get(s.siblingGroupId) ?? 0) < 2) {
      const { siblingGroupId: _g, ...rest } = s;
      return rest;
    }
    return s;
  });
  const report = rematch({ children, homes, overrides: [], asOf: yearEnd, policy: { ...policyOverride, rematch: { allowSiblingSplit: true, ...policyOverride?.rematch, maxMoves: null } } }, world.geo, { candidateLimit: URGENCY_CANDIDATE_LIMIT });
  const wcs: WorldChild[] = u.children.map((c) => worldChild(c, yearEnd, world.policy, world.geo));
  // The extras are already as this world prices them (see World.extraHome).
  const extraInfo = u.extras.map((h) => worldHome(h, 1, world.geo));
  const greedy: Outcome[] = wcs.map((wc, k) => {
    const at = u.placedIn[k] as number;
    const score = u.scores[k] as number;
    if (at >= nMarket) return outcomeOf(world, wc, -1, score, extraInfo[at - nMarket]);
    return outcomeOf(world, wc, at, score);
  });
  const extraIndex = new Map(u.extras.map((h, k) => [h.id, k]));
  const placed = placementsOf(report);
  const optimum: Outcome[] = wcs.map((wc) => {
    const r = placed.get(wc.child.id);
    if (!r) return outcomeOf(world, wc, -1, Number.NaN);
    const score = r.score;
    const k = extraIndex.get(r.homeId);
    if (k !== undefined) return outcomeOf(world, wc, -1, score, extraInfo[k]);
    return outcomeOf(world, wc, world.homeIndex.get(r.homeId) ?? -1, score);
  });
  const g = placementMetrics(greedy, 'g', { fairnessMinGroup });
  const o = placementMetrics(optimum, 'o', { fairnessMinGroup });
  const out: Record<string, number> = { 'urgency.children': u.children.length, 'urgency.solveGap': report.gap };
  for (const k of URGENCY_KEYS) {
    const gv = g[`g.${k}`] ?? Number.NaN;
    const ov = o[`o.${k}`] ?? Number.NaN;
    out[`urgency.greedy.${k}`] = gv;
    out[`urgency.optimum.${k}`] = ov;
    out[`urgency.gap.${k}`] = ov - gv;
  }
  return out;
}
