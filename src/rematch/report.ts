/**
 * The re-match report: for every child the home the optimum assigns (or why none), what changed compared
 * with today, and the proof of quality (status, objective, bound, gap, per-pair contributions). The zod
 * schema is the contract of `POST /v1/rematch` and of `npx homefinder rematch`.
 */
import { z } from 'zod';
import type { RematchModel } from './build-problem.js';
import type { Classification } from './classify.js';
import type { ModelSolution, OptimiseOutcome } from './optimise.js';
import type { PreparedCohort, RematchSettings } from './prepare.js';

/**
 * What changed for a child compared with today.
 *
 * @example
 * ChangeSchema.parse('moved');
 */
export const ChangeSchema = z.enum(['stayed', 'moved', 'newly_placed', 'unplaced']);
export type Change = z.infer<typeof ChangeSchema>;

/**
 * Why a child has no home in the result, or why a child moved.
 *
 * @example
 * ReasonSchema.parse('capacity_taken');
 */
export const ReasonSchema = z.enum([
  /** No open home passes every hard rule for the child (or for the group together). */
  'no_eligible_home',
  /** Eligible homes exist, but their places go to children of equal or higher priority in the optimum. */
  'capacity_taken',
  /** The child's current home closes this round (closure or provider exit). */
  'home_closed',
  /** The child's current home no longer passes a hard rule for them. */
  'home_ineligible',
  /** Moved because the optimum gains more than the move penalty (or to bring siblings together). */
  'optimised',
]);
export type Reason = z.infer<typeof ReasonSchema>;

/**
 * One child's line of the report.
 *
 * @example
 * ChildOutcomeSchema.parse(report.children[0]);
 */
export const ChildOutcomeSchema = z.strictObject({
  childId: z.string(),
  siblingGroupId: z.string().nullable(),
  /** settled: lives in an open, eligible home; displaced: must move; new: no current home. */
  class: z.enum(['settled', 'displaced', 'new']),
  currentHomeId: z.string().nullable(),
  homeId: z.string().nullable(),
  change: ChangeSchema,
  /** Score total of the child's unit in the assigned home (a sibling group's total is for the group). */
  score: z.number().nullable(),
  /** Move penalty charged (settled child moved), else 0. */
  movePenalty: z.number(),
  reason: ReasonSchema.nullable(),
  /** Eligible open homes for the child's unit (together, for a group). */
  eligibleHomes: z.number().int(),
  /** One plain sentence. */
  sentence: z.string(),
});
export type ChildOutcome = z.infer<typeof ChildOutcomeSchema>;

/**
 * One placed unit's contribution to the objective.
 *
 * @example
 * report.contributions.reduce((s, c) => s + c.contribution, 0); // objective + penalties
 */
export const RematchContributionSchema = z.strictObject({
  unit: z.string(),
  homeId: z.string(),
  childIds: z.array(z.string()),
  score: z.number(),
  movePenalty: z.number(),
  /** score - movePenalty. */
  contribution: z.number(),
  places: z.number().int(),
  /** True for a settled child kept in place by maxMoves = 0 (not an optimiser decision). */
  pinned: z.boolean(),
});
export type RematchContribution = z.infer<typeof RematchContributionSchema>;

/**
 * The re-match report (CLI JSON output and `POST /v1/rematch` response body).
 *
 * @example
 * const report = RematchReportSchema.parse(JSON.parse(text));
 */
export const RematchReportSchema = z.strictObject({
  asOf: z.string(),
  policyVersion: z.string(),
  status: z.enum(['optimal', 'feasible', 'infeasible']),
  /** sum(contributions) - penalties.unplaced - penalties.siblingSplits. */
  objective: z.number(),
  /** Proven upper bound on the optimum of the model. */
  bound: z.number(),
  /**
   * (bound - objective) / max(1, placement score), 0 when optimal: the optimality gap measured against the
   * placement score (the sum of the placed children's match scores), not against the objective. Objective
   * and bound carry the same penalty offsets, so their difference is the real shortfall in objective points;
   * the denominator is not inflated (or shrunk) by the unplaced-penalty constants. See src/rematch/README.md.
   */
  gap: z.number(),
  penalties: z.strictObject({ unplaced: z.number(), siblingSplits: z.number() }),
  counts: z.strictObject({
    children: z.number().int(),
    homes: z.number().int(),
    settled: z.number().int(),
    displaced: z.number().int(),
    new: z.number().int(),
    stayed: z.number().int(),
    moved: z.number().int(),
    newlyPlaced: z.number().int(),
    unplaced: z.number().int(),
    /** Settled children moved (what maxMoves caps). */
    settledMoved: z.number().int(),
    maxMoves: z.number().int().nullable(),
    siblingGroups: z.number().int(),
    siblingGroupsTogether: z.number().int(),
    siblingGroupsSplit: z.number().int(),
  }),
  children: z.array(ChildOutcomeSchema),
  contributions: z.array(RematchContributionSchema),
  stats: z.strictObject({
    ms: z.number(),
    scoringMs: z.number(),
    solveMs: z.number(),
    method: z.string(),
    mode: z.enum(['free', 'pinned']),
    solves: z.number().int(),
    iterations: z.number().int(),
    /** Multiplier of the move budget at the solution (0 when maxMoves did not bind). */
    moveMultiplier: z.number(),
    subjectsScored: z.number().int(),
    /**
     * Wall time by phase: setup (validation, registry, resolving children), classify (scores the current
     * homes), build (scores the rest, builds the model), optimise (solver calls, bounds, repair), report.
     * Scoring time is inside classify and build (its total is `scoringMs`).
     */
    phases: z.strictObject({
      setupMs: z.number(),
      classifyMs: z.number(),
      buildMs: z.number(),
      optimiseMs: z.number(),
      /** Within optimise: building solver problems, and the priced bound. */
      problemMs: z.number(),
      boundMs: z.number(),
      reportMs: z.number(),
    }),
    /** Improving moves of the repair pass after heuristic solver calls. */
    repairMoves: z.number().int(),
    units: z.number().int(),
    candidates: z.number().int(),
  }),
  notes: z.array(z.string()),
});
export type RematchReport = z.infer<typeof RematchReportSchema>;

/** Everything `buildReport` reads. */
export interface ReportInput {
  readonly prep: PreparedCohort;
  readonly cls: Classification;
  readonly settings: RematchSettings;
  readonly model: RematchModel;
  readonly outcome: OptimiseOutcome;
  readonly policyVersion: string;
  readonly timing: { readonly ms: number; readonly scoringMs: number; readonly solveMs: number; readonly subjectsScored: number };
  readonly notes: readonly string[];
}

/**
 * Turn an optimisation outcome into the report. Reads the solution only when the status is not infeasible.
 *
 * @example
 * const report = buildReport({ prep, cls, settings, model, outcome, policyVersion, timing, notes: [] });
 */
export function buildReport(input: ReportInput): RematchReport {
  const { prep, cls, model, outcome, settings } = input;
  const n = prep.children.length;
  const home = new Int32Array(n).fill(-1);
  const score: (number | null)[] = new Array<number | null>(n).fill(null);
  const move = new Float64Array(n);
  const unitOf = new Int32Array(n).fill(-1);
  const contributions: RematchContribution[] = [];
  const solution: ModelSolution | null = outcome.status === 'infeasible' ? null : outcome.solution;

  for (const p of model.pinned) {
    home[p.child] = p.home;
    score[p.child] = p.score;
    contributions.push({
      unit: `c:${prep.children[p.child]!.id}`,
      homeId: prep.homes[p.home]!.id,
      childIds: [prep.children[p.child]!.id],
      score: p.score,
      movePenalty: 0,
      contribution: p.score,
      places: p.size,
      pinned: true,
    });
  }
  let candidates = 0;
  model.units.forEach((u, ui) => {
    candidates += u.homes.length;
    for (const i of u.children) if (unitOf[i]! < 0 || u.kind === 'group') unitOf[i] = ui;
  });
  if (solution) {
    const chosen = solution.chosen;
    for (let ui = 0; ui < chosen.length; ui++) {
      const j = chosen[ui]!;
      if (j < 0) continue;
      const u = model.units[ui]!;
      const h = u.homes[j]!;
      const kids = u.children;
      const childIds = new Array<string>(kids.length);
      for (let k = 0; k < kids.length; k++) {
        const i = kids[k]!;
        home[i] = h;
        score[i] = u.score[j]!;
        unitOf[i] = ui;
        if (cls.cls[i] === 'settled' && prep.current[i] !== h) move[i] = cls.movePenalty[i]!;
        childIds[k] = prep.children[i]!.id;
      }
      contributions.push({
        unit: u.id,
        homeId: prep.homes[h]!.id,
        childIds,
        score: u.score[j]!,
        movePenalty: u.move[j]!,
        contribution: u.score[j]! - u.move[j]!,
        places: u.size[j]!,
        pinned: false,
      });
    }
  }

  const counts = {
    children: n,
    homes: prep.homes.length,
    settled: cls.counts.settled,
    displaced: cls.counts.displaced,
    new: cls.counts.new,
    stayed: 0,
    moved: 0,
    newlyPlaced: 0,
    unplaced: 0,
    settledMoved: 0,
    maxMoves: settings.maxMoves,
    siblingGroups: prep.groups.length,
    siblingGroupsTogether: 0,
    siblingGroupsSplit: 0,
  };
  let unplacedPenalty = 0;
  const children: ChildOutcome[] = [];
  for (let i = 0; i < n; i++) {
    const c = prep.children[i]!;
    const cur = prep.current[i]!;
    const h = home[i]!;
    const ui = unitOf[i]!;
    const unit = ui >= 0 ? model.units[ui] : undefined;
    const eligibleHomes = unit ? unit.homes.length : h >= 0 ? 1 : 0;
    let change: Change;
    let reason: Reason | null = null;
    let sentence: string;
    const homeId = h >= 0 ? prep.homes[h]!.id : null;
    const curId = cur >= 0 ? prep.homes[cur]!.id : null;
    if (h < 0) {
      change = 'unplaced';
      counts.unplaced++;
      unplacedPenalty += cls.unplacedPenalty[i]!;
      if (cls.cls[i] === 'settled') counts.settledMoved++;
      if (eligibleHomes === 0) {
        reason = 'no_eligible_home';
        sentence = unit && unit.kind === 'group' && unit.children.length > 1
          ? `No open home is eligible for the ${unit.children.length} siblings together${topRules(unit.ruledOut)}.`
          : `No open home is eligible${unit ? topRules(unit.ruledOut) : ''}.`;
      } else {
        reason = 'capacity_taken';
        sentence = `${eligibleHomes} eligible home(s), but their places go to children of equal or higher priority (settled, then displaced, then new) in the optimum.`;
      }
    } else if (cur === h && cls.cls[i] === 'settled') {
      change = 'stayed';
      counts.stayed++;
      sentence = `Stays in ${homeId}.`;
    } else if (cur >= 0) {
      change = 'moved';
      counts.moved++;
      if (cls.cls[i] === 'settled') {
        counts.settledMoved++;
        reason = 'optimised';
        sentence = `Moves from ${curId} to ${homeId}: the gain outweighs the move penalty of ${round(cls.movePenalty[i]!)}.`;
      } else {
        reason = cls.displacedReason[i] ?? 'home_ineligible';
        sentence = reason === 'home_closed' ? `${curId} closes: re-placed in ${homeId}.` : `${curId} is no longer eligible: re-placed in ${homeId}.`;
      }
    } else {
      change = 'newly_placed';
      counts.newlyPlaced++;
      sentence = `Placed in ${homeId}.`;
    }
    children.push({
      childId: c.id,
      siblingGroupId: prep.groupOf[i]! >= 0 ? prep.groups[prep.groupOf[i]!]!.id : null,
      class: cls.cls[i]!,
      currentHomeId: curId,
      homeId,
      change,
      score: score[i] ?? null,
      movePenalty: move[i]!,
      reason,
      eligibleHomes,
      sentence,
    });
  }
  // sibling groups: together = every member placed in one home
  let splitCharged = 0;
  const S = settings.allowSiblingSplit ? settings.siblingSplitPenalty : 0;
  for (const g of prep.groups) {
    // one pass: every member placed, and how many distinct homes the placed members are in
    let first = -1;
    let apart = false;
    let allPlaced = g.members.length > 0;
    for (const i of g.members) {
      const h = home[i]!;
      if (h < 0) allPlaced = false;
      else if (first < 0) first = h;
      else if (h !== first) apart = true;
    }
    if (allPlaced && !apart) counts.siblingGroupsTogether++;
    if (apart) counts.siblingGroupsSplit++;
  }
  if (S > 0 && solution) {
    // the model charges the split penalty unless the group's together unit is placed or it is pinned together
    const togetherPlaced = new Uint8Array(prep.groups.length);
    solution.chosen.forEach((j, ui) => {
      const u = model.units[ui]!;
      if (j >= 0 && u.kind === 'group' && u.bonus > 0) togetherPlaced[u.group] = 1;
    });
    // the home each pinned child is pinned in (model.pinned holds each child at most once)
    const pinnedIn = new Int32Array(n).fill(-1);
    for (const p of model.pinned) pinnedIn[p.child] = p.home;
    prep.groups.forEach((g, gi) => {
      if (togetherPlaced[gi]) return;
      // every member pinned, all in one home: together
      let allPinned = true;
      let oneHome = true;
      const h0 = g.members.length > 0 ? pinnedIn[g.members[0]!]! : -1;
      for (const i of g.members) {
        const h = pinnedIn[i]!;
        if (h < 0) allPinned = false;
        else if (h !== h0) oneHome = false;
      }
      if (allPinned && oneHome) return;
      splitCharged++;
    });
  }
  const sumContrib = contributions.reduce((s, c) => s + c.contribution, 0);
  const objective = solution ? solution.objective : sumContrib - unplacedPenalty - S * splitCharged;
  const gap = reportGap(outcome.status, outcome.bound, objective, contributions);
  return {
    asOf: prep.asOf,
    policyVersion: input.policyVersion,
    status: outcome.status,
    objective,
    bound: outcome.bound,
    gap,
    penalties: { unplaced: unplacedPenalty, siblingSplits: S * splitCharged },
    counts,
    children,
    contributions,
    stats: {
      ms: input.timing.ms,
      scoringMs: input.timing.scoringMs,
      solveMs: input.timing.solveMs,
      method: outcome.method,
      mode: model.mode,
      solves: outcome.solves,
      iterations: outcome.iterations,
      moveMultiplier: outcome.lambda,
      subjectsScored: input.timing.subjectsScored,
      phases: { setupMs: 0, classifyMs: 0, buildMs: 0, optimiseMs: 0, problemMs: outcome.problemMs, boundMs: outcome.boundMs, reportMs: 0 },
      repairMoves: outcome.repairs,
      units: model.units.length,
      candidates,
    },
    notes: [...input.notes, ...outcome.notes],
  };
}

/**
 * The report's relative gap: (bound - objective) / max(1, |placement score|), where the placement score is
 * the sum of the match scores of every placed unit (contributions' `score`, pinned children included).
 * Objective and bound are both the net objective (scores - move penalties - unplaced and split penalties),
 * so the same constant offsets apply to both and cancel in the difference; dividing by the placement score
 * instead of the objective keeps the large unplaced penalties (P per child new to care, P x d displaced,
 * P x d^2 settled) from hiding the gap (as the solver's own objective, which counts P for every placed child,
 * does) or from inflating it (a net objective near zero or negative when many children are unplaced).
 * Infeasible: Infinity. Optimal: 0.
 *
 * @example
 * reportGap('feasible', 1010, 1000, [{ score: 2000 } as RematchContribution]); // 0.005
 */
export function reportGap(status: 'optimal' | 'feasible' | 'infeasible', bound: number, objective: number, contributions: readonly Pick<RematchContribution, 'score'>[]): number {
  if (status === 'infeasible') return Infinity;
  if (status === 'optimal') return 0;
  let placement = 0;
  for (const c of contributions) placement += c.score;
  return Math.max(0, bound - objective) / Math.max(1, Math.abs(placement));
}

function topRules(ruledOut: Readonly<Record<string, number>>): string {
  const top = Object.entries(ruledOut)
    .filter(([, k]) => k > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 3)
    .map(([id, k]) => `${id} rules out ${k}`);
  return top.length > 0 ? ` (${top.join(', ')})` : '';
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
