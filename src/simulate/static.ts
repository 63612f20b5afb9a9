import type { Geography } from '../../geo/types.js';
import type { Home, PolicyOverride } from '../domain/index.js';
import type { Cohort } from '../rematch/cohort.js';
import type { RematchOptions } from '../rematch/rematch.js';
import type { RematchReport } from '../rematch/report.js';
import { CostLedger } from './ledger.js';
import { placementMetrics, type Outcome } from './metrics.js';
import type { MetricVector } from './stats.js';
import { outcomeOf, type World, type WorldHome } from './world.js';

/**
 * The static model: today's cohort re-matched optimally (src/rematch: the cohort-wide optimum under capacity
 * and sibling constraints, with the price of moving a settled child) in one world. Children whose home
 * closed are displaced and re-placed; a new home can draw a settled child when the gain beats the move price.
 */

/** A re-match function (src/rematch `rematch`, or a stand-in in tests); `options` as `rematch`'s. */
export type RematchFn = (cohort: Cohort, geo: Geography, options?: RematchOptions) => RematchReport;

/** The static model's result in one world. */
export interface StaticRun {
  readonly metrics: MetricVector;
  /** One outcome per cohort child, in cohort order. */
  readonly outcomes: readonly Outcome[];
  /** Children the optimum moved from a home that stays open. */
  readonly moved: readonly string[];
  readonly solve: { readonly status: string; readonly objective: number; readonly gap: number };
}

/**
 * Where the re-match placed each child and the child's share of the unit's score (a sibling group's unit
 * score is for the group, so it is divided among the siblings placed together).
 *
 * @example
 * placementsOf(report).get('C331-0001'); // { homeId: 'H-000123', score: 87.2 }
 */
export function placementsOf(report: RematchReport): Map<string, { homeId: string; score: number }> {
  const unitSize = new Map<string, number>();
  for (const c of report.children) {
    if (c.homeId && c.siblingGroupId) {
      const k = `${c.siblingGroupId}|${c.homeId}`;
      unitSize.set(k, (unitSize.get(k) ?? 0) + 1);
    }
  }
  const out = new Map<string, { homeId: string; score: number }>();
  for (const c of report.children) {
    if (!c.homeId) continue;
    const n = c.siblingGroupId ? (unitSize.get(`${c.siblingGroupId}|${c.homeId}`) ?? 1) : 1;
    out.set(c.childId, { homeId: c.homeId, score: c.score === null ? Number.NaN : c.score / n });
  }
  return out;
}

/** Options for {@link runStatic}. */
export interface StaticOptions {
  readonly rematch: RematchFn;
  readonly policy: PolicyOverride | undefined;
  readonly fairnessMinGroup: number;
  /** Homes that closed in this world: passed as closures so their children count as displaced. */
  readonly closedHomes: readonly Home[];
}

/**
 * Re-match the world's cohort optimally and measure the result.
 *
 * @example
 * const s = runStatic(world, { rematch, policy: undefined, fairnessMinGroup: 5, closedHomes: [] });
 * s.metrics['static.placed'];
 */
export function runStatic(world: World, opts: StaticOptions): StaticRun {
  const cohort: Cohort = {
    children: world.cohort.map((c) => c.child),
    homes: [...world.homes, ...opts.closedHomes],
    overrides: [],
    asOf: world.asOf,
    // Sibling groups no home takes together may be split (at the policy's split price), as the dynamic
    // model and placement teams do; a scenario's own policy can forbid it.
    policy: { ...opts.policy, rematch: { allowSiblingSplit: true, ...opts.policy?.rematch } },
    ...(opts.closedHomes.length ? { closures: { homeIds: opts.closedHomes.map((h) => h.id), providerIds: [] } } : {}),
  };
  const report = opts.rematch(cohort, world.geo);
  const placed = placementsOf(report);
  const outcomes = world.cohort.map((wc) => {
    const r = placed.get(wc.child.id);
    const homeIdx = r ? (world.homeIndex.get(r.homeId) ?? -1) : -1;
    return outcomeOf(world, wc, homeIdx, r ? r.score : Number.NaN);
  });
  const ledger = new CostLedger();
  for (const h of world.info) if (h.contract === 'block') ledger.addBlockHome(h.type, h.price, h.places, 365);
  for (const o of outcomes) {
    if (o.homeId === null) continue;
    const h = world.info[world.homeIndex.get(o.homeId) as number] as WorldHome;
    ledger.addPlacement(h.type, h.contract, h.price, 365);
  }
  const metrics = {
    ...placementMetrics(outcomes, 'static', { fairnessMinGroup: opts.fairnessMinGroup }),
    ...ledger.metrics('static.cost.annual'),
    'static.moved': report.counts.moved,
    'static.displaced': report.counts.displaced,
  };
  return {
    metrics,
    outcomes,
    moved: report.children.filter((c) => c.change === 'moved').map((c) => c.childId),
    solve: { status: report.status, objective: report.objective, gap: report.gap },
  };
}
