import type { Geography } from '../../geo/types.js';
import { rematch } from '../rematch/rematch.js';
import { generateArrivals, templatePool, type TemplatePool } from './arrivals.js';
import { cohortDepartures, runDynamic, type UrgencyInput } from './dynamic.js';
import { createMatchEngine, createSharedMarket, type MatchPlacementEngine, type SharedMarket } from './match-engine.js';
import type { PreparedScenario } from './prepare.js';
import { createRng, runSeed } from './random.js';
import type { RematchFn } from './static.js';
import type { MetricVector } from './stats.js';
import { traceChildren, type ChildTrace, type TraceSummary } from './trace.js';
import { priceOfUrgency } from './urgency.js';
import { upliftFactor } from './changes.js';
import { buildWorld, worldChild, type World } from './world.js';

/**
 * The Monte Carlo core, the same on the main thread and in a worker: build both worlds and their engines
 * once, then run any run index. A run's random streams depend only on the scenario seed and the run index,
 * so results do not depend on which thread ran it or in what order (the report is the same for a seed).
 */

/** Everything a thread needs to run Monte Carlo runs of a scenario. */
export interface RunContext {
  readonly prepared: PreparedScenario;
  readonly geo: Geography;
  readonly baseline: World;
  readonly scenario: World;
  readonly baselineEngine: MatchPlacementEngine;
  readonly scenarioEngine: MatchPlacementEngine;
  readonly pool: TemplatePool;
  /** Children entering care per year (the scenario's figure, or the steady-state rate). */
  readonly childrenPerYear: number;
  readonly rematch: RematchFn;
  readonly closedHomeIds: ReadonlySet<string>;
  readonly market: SharedMarket;
}

/** What one run returns (plain data, structured-cloneable). */
export interface RunResult {
  readonly index: number;
  readonly baseline: MetricVector;
  readonly scenario: MetricVector;
  /** Placements made in the year (arrivals and displaced children), compared child by child. */
  readonly trace: TraceSummary;
  /** Example traces (run 0 only). */
  readonly traces: readonly ChildTrace[];
  /** Displaced children: where each ended up in the scenario (null = unmet), distance km. */
  readonly displaced: readonly { readonly childId: string; readonly homeId: string | null; readonly distanceKm: number | null }[];
  readonly ms: number;
  /**
   * With `RunOptions.urgencyInputs`: what each world's price-of-urgency optimum needs (its entrants and where
   * they went), for `urgencyOne` on another thread without running the year again.
   */
  readonly urgencyInputs?: { readonly baseline: UrgencyInput; readonly scenario: UrgencyInput };
}

/**
 * Build the worlds and engines for a prepared scenario.
 *
 * @example
 * const ctx = createRunContext(prepared, defaultGeography());
 * const r = runOne(ctx, 0, { collectUrgency: false, traceLimit: 50 });
 */
export function createRunContext(prepared: PreparedScenario, geo: Geography, rematchFn: RematchFn = (c, g, o) => rematch(c, g, o)): RunContext {
  const { asOf, policy } = prepared;
  const cohort = prepared.cohort.map((c) => worldChild(c, asOf, policy, geo));
  const closed = new Set(prepared.closedHomes.map((h) => h.id));
  const baseline = buildWorld(prepared.baselineHomes, { label: 'baseline', asOf, policy, geo, cohort });
  const scenario = buildWorld(prepared.scenarioHomes, {
    label: 'scenario',
    asOf,
    policy,
    geo,
    cohort,
    priceFactor: new Map(prepared.priceFactor),
    uplift: { factor: (h) => upliftFactor(prepared.uplifts, h), affectsMatching: prepared.scenario.settings.upliftAffectsMatching },
    closedHomeIds: closed,
  });
  // One registry for both worlds, so a referral seen in both is resolved and prepared once.
  const market = createSharedMarket([...prepared.baselineHomes, ...prepared.scenarioHomes], geo);
  const baselineEngine = createMatchEngine(prepared.baselineHomes, { policy, geo, market });
  const scenarioEngine = createMatchEngine(prepared.scenarioHomes, { policy, geo, market });
  const pool = templatePool(prepared.cohort, asOf);
  return {
    prepared,
    geo,
    baseline,
    scenario,
    baselineEngine,
    scenarioEngine,
    pool,
    childrenPerYear: prepared.childrenPerYear,
    rematch: rematchFn,
    closedHomeIds: closed,
    market,
  };
}

/** Options for {@link runOne}. */
export interface RunOptions {
  readonly collectUrgency: boolean;
  readonly traceLimit: number;
  /**
   * Return each world's price-of-urgency input (`RunResult.urgencyInputs`) instead of computing the optimum
   * here (`collectUrgency` must be false): the pool computes it as tasks of their own.
   */
  readonly urgencyInputs?: boolean;
}

/** A run's arrivals and leaving days (its random streams: the seed and the run index only). */
function runInputs(ctx: RunContext, index: number, collectUrgency: boolean) {
  const p = ctx.prepared;
  const s = p.scenario.settings;
  const rng = createRng(runSeed(s.seed, index));
  const arrivals = generateArrivals(rng.fork('arrivals'), ctx.pool, {
    dynamics: p.dynamics,
    asOf: p.asOf,
    horizonDays: s.horizonDays,
    childrenPerYear: ctx.childrenPerYear,
    idPrefix: `A${index}-`,
  });
  const leave = cohortDepartures(ctx.baseline, p.dynamics, rng.fork('stock'));
  const dyn = { dynamics: p.dynamics, horizonDays: s.horizonDays, fairnessMinGroup: s.fairnessMinGroup, collectUrgency };
  return { arrivals, leave, dyn };
}

/** Which world of a run. */
export type WorldName = 'baseline' | 'scenario';

/**
 * The price-of-urgency comparison of run `index` in ONE world: the re-match optimum of the year's entrants,
 * from `input` (the run's `urgencyInputs`) or, without it, from the run's year in that world again (the same
 * random streams, so the same placements as {@link runOne}). Each world's optimum is the costly step of a run,
 * and independent of the other world's, so the pool runs the two as separate tasks on separate threads; the
 * vector is exactly what `runOne(..., { collectUrgency: true })` adds to that world's metrics.
 *
 * @example
 * Object.assign(result.baseline, urgencyOne(ctx, 0, 'baseline', result.urgencyInputs?.baseline));
 */
export function urgencyOne(ctx: RunContext, index: number, world: WorldName, input?: UrgencyInput): MetricVector {
  const s = ctx.prepared.scenario.settings;
  const w = world === 'baseline' ? ctx.baseline : ctx.scenario;
  let u = input ?? null;
  if (!u) {
    const { arrivals, leave, dyn } = runInputs(ctx, index, true);
    u = runDynamic(w, world === 'baseline' ? ctx.baselineEngine : ctx.scenarioEngine, arrivals, leave, dyn).urgency;
  }
  return u ? priceOfUrgency(w, u, ctx.rematch, s.fairnessMinGroup, s.horizonDays, s.policy) : {};
}

/**
 * Run Monte Carlo run `index`: the same arrivals and leaving days in both worlds (common random numbers).
 *
 * @example
 * runOne(ctx, 3, { collectUrgency: false, traceLimit: 0 }).scenario['placements.placed'];
 */
export function runOne(ctx: RunContext, index: number, opts: RunOptions): RunResult {
  const t0 = performance.now();
  const s = ctx.prepared.scenario.settings;
  const { arrivals, leave, dyn } = runInputs(ctx, index, opts.collectUrgency || opts.urgencyInputs === true);
  const b = runDynamic(ctx.baseline, ctx.baselineEngine, arrivals, leave, dyn);
  const sc = runDynamic(ctx.scenario, ctx.scenarioEngine, arrivals, leave, dyn);
  const bm: Record<string, number> = Object.assign({}, b.metrics);
  const sm: Record<string, number> = Object.assign({}, sc.metrics);
  if (opts.collectUrgency && b.urgency && sc.urgency) {
    Object.assign(bm, priceOfUrgency(ctx.baseline, b.urgency, ctx.rematch, s.fairnessMinGroup, s.horizonDays, s.policy));
    Object.assign(sm, priceOfUrgency(ctx.scenario, sc.urgency, ctx.rematch, s.fairnessMinGroup, s.horizonDays, s.policy));
  }
  const { traces, summary } = traceChildren(
    b.decisions.map((x) => x.outcome),
    sc.decisions.map((x) => x.outcome),
    opts.traceLimit,
    { closedHomeIds: ctx.closedHomeIds },
  );
  const displaced = sc.decisions
    .filter((x) => x.displaced)
    .map((x) => ({ childId: x.outcome.facts.id, homeId: x.outcome.homeId, distanceKm: x.outcome.homeId === null ? null : x.outcome.distanceKm }));
  const inputs = opts.urgencyInputs && !opts.collectUrgency && b.urgency && sc.urgency ? { urgencyInputs: { baseline: b.urgency, scenario: sc.urgency } } : {};
  return { index, baseline: bm, scenario: sm, trace: summary, traces, displaced, ms: performance.now() - t0, ...inputs };
}
