import type { CalibrationReport } from '../demo/calibration.js';
import type { ChangeEffect } from './changes.js';
import type { Dynamics } from './dynamics.js';
import { FAIRNESS_DIMENSIONS, type FairnessDimension } from './facts.js';
import { FAIRNESS_METRICS, type FairnessMetric } from './metrics.js';
import type { RunResult } from './montecarlo.js';
import type { PreparedScenario } from './prepare.js';
import type { StaticRun } from './static.js';
import { diffVector, summarise, summariseVectors, type MetricVector, type Summary } from './stats.js';
import type { ChildTrace, TraceSummary } from './trace.js';

/**
 * The simulation report: baseline and scenario side by side for both models, with intervals, the child-by-
 * child trace, fairness gaps, the price of urgency and the calibration against DfE figures. Plain JSON;
 * `renderHtml` draws it as a self-contained page.
 */

/** How a headline metric is shown. */
export type MetricFormat = 'count' | 'share' | 'money' | 'km' | 'score';

/** A headline metric: key suffix, label, format, and whether more is better (for colouring). */
export interface Headline {
  readonly key: string;
  readonly label: string;
  readonly format: MetricFormat;
  readonly better: 'higher' | 'lower' | 'neither';
}

/** The headline placement metrics (keys under a model's prefix). */
export const HEADLINES: readonly Headline[] = [
  { key: 'children', label: 'Children', format: 'count', better: 'neither' },
  { key: 'placed', label: 'Children placed', format: 'count', better: 'higher' },
  { key: 'unmet', label: 'Unmet demand (no eligible home)', format: 'count', better: 'lower' },
  { key: 'share.within20Miles', label: 'Placed within 20 miles of home', format: 'share', better: 'higher' },
  { key: 'share.insideAuthority', label: 'Placed inside the authority', format: 'share', better: 'higher' },
  { key: 'share.atDistance', label: "At a distance (Director's approval)", format: 'share', better: 'lower' },
  { key: 'share.siblingGroupsTogether', label: 'Sibling groups kept together', format: 'share', better: 'higher' },
  { key: 'share.kinship', label: 'Kinship (connected person) placements', format: 'share', better: 'higher' },
  { key: 'share.ks4KeptSchool', label: 'Key stage 4 children who kept their school', format: 'share', better: 'higher' },
  { key: 'mix.fostering', label: 'Fostering share', format: 'share', better: 'neither' },
  { key: 'mix.residential', label: 'Residential share', format: 'share', better: 'neither' },
  { key: 'mix.supported', label: 'Supported accommodation share', format: 'share', better: 'neither' },
  { key: 'stepDown', label: 'Step-down opportunities (residential, a foster home could meet needs)', format: 'count', better: 'lower' },
  { key: 'distanceKm.mean', label: 'Mean distance from home', format: 'km', better: 'lower' },
  { key: 'score.mean', label: 'Mean match score', format: 'score', better: 'higher' },
];

/** Cost headlines (full keys). */
export const COST_HEADLINES: readonly Headline[] = [
  { key: 'cost.annual', label: 'Spend over the year', format: 'money', better: 'lower' },
  { key: 'cost.nextYear', label: 'Next-year cost of the year-end placements', format: 'money', better: 'lower' },
  { key: 'cost.annual.top10Share', label: 'Ten costliest placements, share of spend', format: 'share', better: 'lower' },
];

/** One fairness gap worth a look. */
export interface FairnessHighlight {
  readonly model: 'static' | 'dynamic';
  readonly world: 'baseline' | 'scenario';
  readonly dimension: FairnessDimension;
  readonly metric: FairnessMetric;
  /** Largest minus smallest share across groups of at least `fairnessMinGroup` children. */
  readonly gap: number;
  readonly groups: readonly { readonly group: string; readonly value: number; readonly children: number }[];
  readonly sentence: string;
}

export interface StaticSection {
  readonly baseline: MetricVector;
  readonly scenario: MetricVector;
  readonly difference: MetricVector;
  readonly solve: { readonly baseline: StaticRun['solve']; readonly scenario: StaticRun['solve'] };
  readonly moved: { readonly baseline: number; readonly scenario: number };
  readonly trace: TraceSummary;
  readonly traces: readonly ChildTrace[];
}

export interface UrgencySection {
  readonly runs: number;
  readonly baseline: Readonly<Record<string, Summary>>;
  readonly scenario: Readonly<Record<string, Summary>>;
  readonly sentence: string;
}

export interface DynamicSection {
  readonly runs: number;
  readonly workers: number;
  readonly mode: 'threads' | 'in-thread';
  readonly childrenPerYear: number;
  readonly baseline: Readonly<Record<string, Summary>>;
  readonly scenario: Readonly<Record<string, Summary>>;
  /** Paired differences, scenario minus baseline, run by run (common random numbers). */
  readonly difference: Readonly<Record<string, Summary>>;
  readonly trace: { readonly helped: Summary; readonly harmed: Summary; readonly unchanged: Summary };
  /** Children traced in run 0 (the change's effect on each placement made that year). */
  readonly exampleTraces: readonly ChildTrace[];
  /** Children displaced by a closing home: how often they found a home, and how far. */
  readonly displaced: readonly { readonly childId: string; readonly placedShare: number; readonly meanDistanceKm: number | null }[];
  readonly priceOfUrgency: UrgencySection | null;
  /** Run-by-run paired differences of a few headline metrics (for the distribution chart). */
  readonly perRun: Readonly<Record<string, readonly number[]>>;
}

/** Metrics whose run-by-run differences the report keeps. */
export const PER_RUN_KEYS = ['placements.share.within20Miles', 'placements.unmet', 'placements.share.siblingGroupsTogether', 'cost.annual'] as const;

export interface ScenarioReport {
  readonly kind: 'homefinder-simulation';
  readonly version: 1;
  readonly scenario: {
    readonly name: string;
    readonly description: string | null;
    readonly changes: readonly ChangeEffect[];
    readonly settings: PreparedScenario['scenario']['settings'];
  };
  readonly meta: {
    readonly asOf: string;
    readonly seed: number;
    readonly horizonDays: number;
    readonly policyVersion: string;
    readonly baseline: 'demo' | 'explicit';
    readonly authorities: readonly string[];
    readonly cohort: number;
    readonly homes: { readonly baseline: number; readonly scenario: number; readonly opened: number; readonly closed: number };
    readonly displacedChildren: number;
    readonly dynamics: Dynamics;
    readonly timingMs: Readonly<Record<string, number>>;
  };
  readonly static: StaticSection | null;
  readonly dynamic: DynamicSection | null;
  readonly fairness: { readonly threshold: number; readonly highlights: readonly FairnessHighlight[] };
  readonly calibration: CalibrationReport | null;
  readonly notes: readonly string[];
}

const DIM_LABEL: Record<FairnessDimension, string> = { ethnicity: 'ethnicity', disability: 'disability', uasc: 'UASC status' };
const METRIC_LABEL: Record<FairnessMetric, string> = {
  placed: 'placed',
  within20Miles: 'within 20 miles',
  insideAuthority: 'inside the authority',
  atDistance: 'at a distance',
  kinship: 'with kinship carers',
  siblingsTogether: 'living with their siblings',
  ks4KeptSchool: 'keeping their school in key stage 4',
  residential: 'in residential care',
};

/**
 * Fairness gaps above `threshold` in a metric vector (mean values for the dynamic model), each with the
 * groups' values.
 *
 * @example
 * fairnessHighlights(staticMetrics, 'static.', 'static', 'baseline', 0.1, 5);
 */
export function fairnessHighlights(
  m: Readonly<Record<string, number>>,
  prefix: string,
  model: 'static' | 'dynamic',
  world: 'baseline' | 'scenario',
  threshold: number,
  minGroup: number,
): FairnessHighlight[] {
  const out: FairnessHighlight[] = [];
  for (const dim of FAIRNESS_DIMENSIONS) {
    const groupKeys = Object.keys(m)
      .filter((k) => k.startsWith(`${prefix}fairness.${dim}.`) && k.endsWith('.children'))
      .map((k) => k.slice(`${prefix}fairness.${dim}.`.length, -'.children'.length));
    for (const metric of FAIRNESS_METRICS) {
      // The gap between the groups shown (for the dynamic model: between the groups' mean shares).
      const groups = groupKeys
        .map((g) => ({ group: g, value: m[`${prefix}fairness.${dim}.${g}.${metric}`] ?? Number.NaN, children: Math.round(m[`${prefix}fairness.${dim}.${g}.children`] ?? 0) }))
        .filter((g) => Number.isFinite(g.value) && g.children >= minGroup)
        .sort((a, b) => b.value - a.value || (a.group < b.group ? -1 : 1));
      const hi = groups[0];
      const lo = groups[groups.length - 1];
      if (!hi || !lo || groups.length < 2) continue;
      const gap = hi.value - lo.value;
      if (!(gap > threshold)) continue;
      out.push({
        model,
        world,
        dimension: dim,
        metric,
        gap,
        groups,
        sentence: `${model === 'static' ? 'Static' : 'Dynamic'} ${world}: by ${DIM_LABEL[dim]}, ${pct(hi.value)} of ${hi.group} children are ${METRIC_LABEL[metric]} against ${pct(lo.value)} of ${lo.group} children (gap ${(gap * 100).toFixed(1)} points).`,
      });
    }
  }
  return out;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

function means(s: Readonly<Record<string, Summary>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(s)) out[k] = v.mean;
  return out;
}

/** Inputs of {@link assembleReport}. */
export interface AssembleInput {
  readonly prepared: PreparedScenario;
  readonly staticRuns: { readonly baseline: StaticRun; readonly scenario: StaticRun; readonly traces: readonly ChildTrace[]; readonly trace: TraceSummary } | null;
  readonly dynamic: { readonly results: readonly RunResult[]; readonly workers: number; readonly mode: 'threads' | 'in-thread'; readonly childrenPerYear: number } | null;
  readonly urgencyRuns: number;
  readonly calibration: CalibrationReport | null;
  readonly timingMs: Readonly<Record<string, number>>;
}

/**
 * Put the report together.
 *
 * @example
 * const report = assembleReport({ prepared, staticRuns, dynamic, urgencyRuns: 10, calibration, timingMs });
 */
export function assembleReport(input: AssembleInput): ScenarioReport {
  const { prepared } = input;
  const s = prepared.scenario.settings;
  let staticSection: StaticSection | null = null;
  const highlights: FairnessHighlight[] = [];
  if (input.staticRuns) {
    const { baseline, scenario } = input.staticRuns;
    staticSection = {
      baseline: baseline.metrics,
      scenario: scenario.metrics,
      difference: diffVector(scenario.metrics, baseline.metrics),
      solve: { baseline: baseline.solve, scenario: scenario.solve },
      moved: { baseline: baseline.moved.length, scenario: scenario.moved.length },
      trace: input.staticRuns.trace,
      traces: input.staticRuns.traces,
    };
    highlights.push(...fairnessHighlights(baseline.metrics, 'static.', 'static', 'baseline', s.fairnessGapThreshold, s.fairnessMinGroup));
    highlights.push(...fairnessHighlights(scenario.metrics, 'static.', 'static', 'scenario', s.fairnessGapThreshold, s.fairnessMinGroup));
  }
  let dynamicSection: DynamicSection | null = null;
  if (input.dynamic) {
    const results = input.dynamic.results;
    const strip = (v: MetricVector, keepUrgency: boolean): MetricVector =>
      Object.fromEntries(Object.entries(v).filter(([k]) => keepUrgency === k.startsWith('urgency.')));
    const baseline = summariseVectors(results.map((r) => strip(r.baseline, false)));
    const scenario = summariseVectors(results.map((r) => strip(r.scenario, false)));
    const difference = summariseVectors(results.map((r) => diffVector(strip(r.scenario, false), strip(r.baseline, false))));
    const urgencyResults = results.filter((r) => r.index < input.urgencyRuns);
    let urgency: UrgencySection | null = null;
    if (urgencyResults.length > 0) {
      const ub = summariseVectors(urgencyResults.map((r) => strip(r.baseline, true)));
      const us = summariseVectors(urgencyResults.map((r) => strip(r.scenario, true)));
      const gap = ub['urgency.gap.share.within20Miles'];
      const gapScore = ub['urgency.gap.score.mean'];
      urgency = {
        runs: urgencyResults.length,
        baseline: ub,
        scenario: us,
        sentence:
          gap && gapScore
            ? `Placing the year's entrants one at a time, on the day, instead of all at once: the optimum would place ${(gap.mean * 100).toFixed(1)} more points of them within 20 miles, and raise the mean match score by ${gapScore.mean.toFixed(1)} (baseline, ${urgencyResults.length} runs).`
            : 'No entrants were still in care at the end of the horizon.',
      };
    }
    const displacedRuns = new Map<string, { placed: number; runs: number; km: number }>();
    for (const r of results) {
      for (const d of r.displaced) {
        const e = displacedRuns.get(d.childId) ?? { placed: 0, runs: 0, km: 0 };
        e.runs++;
        if (d.homeId !== null) {
          e.placed++;
          e.km += d.distanceKm ?? 0;
        }
        displacedRuns.set(d.childId, e);
      }
    }
    dynamicSection = {
      runs: results.length,
      workers: input.dynamic.workers,
      mode: input.dynamic.mode,
      childrenPerYear: input.dynamic.childrenPerYear,
      baseline,
      scenario,
      difference,
      trace: {
        helped: summarise(results.map((r) => r.trace.helped)),
        harmed: summarise(results.map((r) => r.trace.harmed)),
        unchanged: summarise(results.map((r) => r.trace.unchanged)),
      },
      exampleTraces: results.find((r) => r.index === 0)?.traces ?? [],
      displaced: [...displacedRuns.entries()]
        .sort((a, b) => (a[0] < b[0] ? -1 : 1))
        .map(([childId, e]) => ({ childId, placedShare: e.placed / e.runs, meanDistanceKm: e.placed > 0 ? e.km / e.placed : null })),
      priceOfUrgency: urgency,
      perRun: Object.fromEntries(PER_RUN_KEYS.map((k) => [k, results.map((r) => (r.scenario[k] ?? Number.NaN) - (r.baseline[k] ?? Number.NaN))])),
    };
    highlights.push(...fairnessHighlights(means(baseline), 'placements.', 'dynamic', 'baseline', s.fairnessGapThreshold, s.fairnessMinGroup));
    highlights.push(...fairnessHighlights(means(scenario), 'placements.', 'dynamic', 'scenario', s.fairnessGapThreshold, s.fairnessMinGroup));
  }
  const opened = prepared.effects.filter((e) => e.kind === 'open_homes').reduce((a, e) => a + e.homes, 0);
  return {
    kind: 'homefinder-simulation',
    version: 1,
    scenario: {
      name: prepared.scenario.name,
      description: prepared.scenario.description ?? null,
      changes: prepared.effects,
      settings: s,
    },
    meta: {
      asOf: prepared.asOf,
      seed: s.seed,
      horizonDays: s.horizonDays,
      policyVersion: prepared.policy.version,
      baseline: prepared.baselineKind,
      authorities: prepared.authorities,
      cohort: prepared.cohort.length,
      homes: { baseline: prepared.baselineHomes.length, scenario: prepared.scenarioHomes.length, opened, closed: prepared.closedHomes.length },
      displacedChildren: prepared.displacedChildIds.length,
      dynamics: prepared.dynamics,
      timingMs: input.timingMs,
    },
    static: staticSection,
    dynamic: dynamicSection,
    fairness: { threshold: s.fairnessGapThreshold, highlights },
    calibration: input.calibration,
    notes: NOTES,
  };
}

/** The modelling assumptions every report states. */
export const NOTES: readonly string[] = [
  'Static model: the cohort re-matched optimally (src/rematch) with the price of moving a settled child; children whose home closes must move.',
  'Dynamic model: referrals arrive day by day (seasonal Poisson, summer peak) and are placed at once in the top eligible home with a free place (the match engine); same-day referrals only in emergency homes, within the same-day radius first.',
  'Baseline and scenario share every random draw (common random numbers), so differences are paired run by run; intervals: "ci95" is the normal 95 % interval of the mean, "p95" the 2.5th-97.5th percentile of the runs.',
  'Spend: a placement costs its annual price pro rata; block-contract homes are paid for every place, filled or not. Cost uplifts apply to spend (and to the prices the match engine sees only when upliftAffectsMatching is set).',
  'Places used by children outside the cohort stay used; resident-compatibility checks use the residents recorded at the start.',
  'Durations, same-day share, kinship availability and sibling arrivals are documented assumptions (src/simulate/README.md), not published figures.',
];
