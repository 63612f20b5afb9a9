import { randomUUID } from 'node:crypto';
import type { Geography } from '../../geo/types.js';
import {
  HARD_RULE_IDS,
  resolvePolicy,
  ValidationError,
  type HardRuleId,
  type IneligibleCandidate,
  type IneligibleGroup,
  type MatchRequest,
  type MatchResponse,
  type Policy,
  type Problem,
  type RankedCandidate,
  type RuleOverride,
} from '../domain/index.js';
import { approvalsFor } from '../scoring/approvals.js';
import { rulesOfMask } from '../scoring/codes.js';
import { counterfactual } from '../scoring/counterfactual.js';
import { brokenRules, explain } from '../scoring/explain.js';
import { authorityRelation, round } from '../scoring/helpers.js';
import { allocScores, genericDistance, prepareKernel, scoreRange, type ScoreArrays } from '../scoring/kernel.js';
import type { ResolvedHome, ResolvedSubject, ScoringContext } from '../scoring/types.js';
import { buildRegistry, type Registry } from './registry.js';
import { relaxations, type Scope } from './relaxations.js';
import { collectSubject, subSubject } from './resolve-child.js';
import { rankOrder, selectTop } from './select.js';
import { bestSplitPlans, blockKey, splitPartitions, type BlockScores } from './split-plans.js';

/** Options for {@link match}. */
export interface MatchOptions {
  /** Recorded in the response (default: a random UUID). */
  readonly requestId?: string;
  /** The date ages are taken on when the request has no `asOf` (ISO; default: today, UTC). */
  readonly today?: string;
  /** Full rule verdicts for this many nearest ineligible homes (default: the request's `top`); all are in `ineligibleSummary`. */
  readonly explainIneligible?: number;
  /** At most this many split plans for a sibling group (default 5). */
  readonly maxSplitPlans?: number;
}

/** One fast-path scoring job: a subject against a registry. */
export interface ScoreJob {
  readonly subject: ResolvedSubject;
  readonly registry: Registry;
  readonly policy: Policy;
  readonly overrides: readonly RuleOverride[];
  readonly geo: Geography;
}

/**
 * The fast path: every home's eligibility, total, broken-rule mask and distance for one subject, numbers
 * only, in one pass over the registry's columns (no allocation per home). Batch re-matching and simulation
 * call this for every child. Equal to the explained path (`explain`) to 1e-9 (property-tested).
 *
 * @example
 * const { eligible, totals } = scoreAll(subject, registry, DEFAULT_POLICY, [], geo);
 * for (let i = 0; i < registry.size; i++) if (eligible[i]) use(registry.homes[i].id, totals[i]);
 */
export function scoreAll(
  subject: ResolvedSubject,
  registry: Registry,
  policy: Policy,
  overrides: readonly RuleOverride[],
  geo: Geography,
): ScoreArrays {
  const p = prepareKernel(subject, registry, policy, overrides, geo);
  const out = allocScores(registry.size);
  scoreRange(p, registry.columns, 0, registry.size, out, genericDistance(subject, registry, geo));
  return out;
}

/**
 * Run a {@link ScoreJob} on the calling thread.
 *
 * @example
 * runJob({ subject, registry, policy, overrides: [], geo }).eligible;
 */
export function runJob(job: ScoreJob): ScoreArrays {
  return scoreAll(job.subject, job.registry, job.policy, job.overrides, job.geo);
}

/**
 * Today's date (UTC) as YYYY-MM-DD.
 */
function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * The match pipeline as a generator: it yields the scoring jobs it needs (the subject; then, for a
 * sibling group with too few homes taking it together, every block of every split) and receives their
 * scores, so the same code runs on the calling thread ({@link match}) or on a worker pool
 * (src/workers/pool.ts). Validation happens before the first yield and collects every problem.
 *
 * @throws ValidationError listing every problem in the request (child, homes, overrides)
 * @example
 * const steps = matchSteps(request, registry, geo);
 * let s = steps.next();
 * while (!s.done) s = steps.next(s.value.map(runJob));
 * const response = s.value;
 */
export function* matchSteps(
  request: MatchRequest,
  registry: Registry,
  geo: Geography,
  opts: MatchOptions = {},
): Generator<ScoreJob[], MatchResponse, ScoreArrays[]> {
  const policy = resolvePolicy(request.policy);
  const asOf = request.asOf ?? opts.today ?? todayIso();
  const problems: Problem[] = [];
  let reg = registry;
  if (request.homes) {
    try {
      reg = buildRegistry(request.homes, geo);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      problems.push(...e.problems);
    }
  }
  const subject = collectSubject(request, policy, geo, { asOf, registry: reg }, problems);
  request.overrides.forEach((o, k) => {
    o.homeIds?.forEach((id, j) => {
      if (reg.indexOf(id) < 0) {
        problems.push({ path: ['overrides', k, 'homeIds', j], code: 'dangling_reference', message: `match: override names home ${JSON.stringify(id)}, which is not in the registry` });
      }
    });
  });
  if (problems.length || !subject) throw new ValidationError(`match: ${problems.length} problem(s) in the request`, problems);

  const overrides = request.overrides;
  const job = (s: ResolvedSubject): ScoreJob => ({ subject: s, registry: reg, policy, overrides, geo });
  const [scores] = yield [job(subject)];
  if (!scores) throw new Error('matchSteps: no scores returned for the subject');

  const n = reg.size;
  const idRank = reg.columns.idRank;
  const top = request.top;
  const sameDay = subject.urgency === 'same_day';
  const scope = sameDayScope(subject, reg, policy, geo, sameDay);
  const accepted = acceptMask(scores, scope);
  const { eligibleCount, outOfScope } = countAccepted(scores, accepted);
  const { totals, broken, eligible } = scores;

  const order = rankOrder(totals, reg.idOrder, accepted, true);
  const ranked: RankedCandidate[] = Array.from(order.subarray(0, top), (i, r) => rankedCandidate(r + 1, reg.homes[i] as ResolvedHome, scores, subject, policy, overrides, geo));
  const moreEligible = restOf(order, top, reg.ids, totals);

  const nearestIneligible = selectTop(opts.explainIneligible ?? top, scores.km, idRank, false, eligible, 0);
  const ineligible: IneligibleCandidate[] = nearestIneligible.map((i) => {
    const home = reg.homes[i] as ResolvedHome;
    const ctx: ScoringContext = { subject, home, policy, overrides, geo };
    const rules = brokenRules(ctx, rulesOfMask(broken[i] as number));
    return { ...summary(home, scores.km[i] as number), brokenRules: rules, counterfactual: counterfactual(ctx, rules) };
  });
  const ineligibleSummary = groupIneligible(reg, scores);

  let splitPlans: MatchResponse['splitPlans'] = [];
  if (subject.kind === 'siblingGroup' && eligibleCount < top) {
    const partitions = splitPartitions(subject.children.length);
    const keys = new Map<string, number[]>();
    for (const p of partitions) for (const b of p) keys.set(blockKey(b), b);
    const blockList = [...keys.values()];
    const blockScores = yield blockList.map((b) => job(subSubject(subject, b)));
    const blocks = new Map<string, BlockScores>();
    blockList.forEach((b, k) => {
      const s = blockScores[k];
      if (!s) throw new Error('matchSteps: missing block scores');
      blocks.set(blockKey(b), { block: b, subject: subSubject(subject, b), scores: s });
    });
    splitPlans = bestSplitPlans(subject, partitions, blocks, reg, geo, Math.min(opts.maxSplitPlans ?? 5, top - eligibleCount), (s) => acceptMask(s, scope));
  }

  const relax = ranked.length === 0 ? relaxations(scores, scope, idRank, reg.ids) : [];

  return {
    requestId: opts.requestId ?? randomUUID(),
    policyVersion: policy.version,
    registryVersion: reg.version,
    asOf,
    subject: { kind: subject.kind, id: subject.id, childIds: subject.children.map((c) => c.id) },
    mode: sameDay ? 'same_day' : 'standard',
    distanceProvider: geo.distance.id,
    counts: { homes: n, eligible: eligibleCount, ineligible: n - eligibleCount - outOfScope, outOfScope },
    ranked,
    moreEligible,
    splitPlans,
    ineligible,
    ineligibleSummary,
    relaxations: relax,
  };
}

/**
 * Match a child or sibling group against the registry (or the request's own `homes`), on the calling
 * thread: every home scored on the fast path, the best `top` eligible homes explained in full with their
 * approvals, the nearest ineligible homes with every rule they break and a counterfactual, every
 * ineligible home grouped by the rules it breaks, split plans for a sibling group too few homes can take
 * together, and relaxations when nothing is eligible.
 *
 * Ranking: eligible homes only, by total descending, ties by home id; it never depends on input order.
 *
 * @throws ValidationError listing every problem in the request
 * @example
 * const registry = buildRegistry(homes, defaultGeography());
 * const res = match(MatchRequestSchema.parse({ child, top: 10 }), registry, defaultGeography());
 * res.ranked[0].explanation.factors.find((f) => f.id === 'distance')?.sentence;
 */
export function match(request: MatchRequest, registry: Registry, geo: Geography, opts: MatchOptions = {}): MatchResponse {
  const steps = matchSteps(request, registry, geo, opts);
  let s = steps.next();
  while (!s.done) s = steps.next(s.value.map(runJob));
  return s.value;
}

/** The eligible homes after the top, in rank order, as parallel id and total arrays. */
function restOf(order: Int32Array, top: number, ids: readonly string[], totals: Float64Array): { homeIds: string[]; totals: number[] } {
  const m = Math.max(0, order.length - top);
  const homeIds = new Array<string>(m);
  const t = new Array<number>(m);
  for (let k = 0; k < m; k++) {
    const i = order[top + k] as number;
    homeIds[k] = ids[i] as string;
    t[k] = totals[i] as number;
  }
  return { homeIds, totals: t };
}

/** 1 for homes the ranking may list: eligible and (same-day) in scope. */
function acceptMask(s: ScoreArrays, scope: Scope): Uint8Array {
  if (!scope.sameDay) return s.eligible;
  const n = s.eligible.length;
  const out = new Uint8Array(n);
  const { eligible, km } = s;
  const { sameDay, radiusKm, nearArea } = scope;
  for (let i = 0; i < n; i++) {
    if (eligible[i] !== 1) continue;
    out[i] = !sameDay || ((km[i] as number) <= radiusKm && nearArea[i] === 1) ? 1 : 0;
  }
  return out;
}

function countAccepted(s: ScoreArrays, accepted: Uint8Array): { eligibleCount: number; outOfScope: number } {
  let eligibleCount = 0;
  for (let i = 0; i < accepted.length; i++) eligibleCount += accepted[i] as number;
  if (accepted === s.eligible) return { eligibleCount, outOfScope: 0 };
  let all = 0;
  for (let i = 0; i < s.eligible.length; i++) all += s.eligible[i] as number;
  return { eligibleCount, outOfScope: all - eligibleCount };
}

/** Every ineligible home grouped by the exact rule set it breaks; ids in id order; biggest groups first. */
function groupIneligible(reg: Registry, s: ScoreArrays): IneligibleGroup[] {
  const groups: (string[] | undefined)[] = new Array<string[] | undefined>(1 << HARD_RULE_IDS.length);
  const { eligible, broken } = s;
  const { idOrder, sortedIds } = reg;
  for (let k = 0; k < idOrder.length; k++) {
    const i = idOrder[k] as number;
    if (eligible[i] === 1) continue;
    const m = broken[i] as number;
    let g = groups[m];
    if (g === undefined) groups[m] = g = [];
    g.push(sortedIds[k] as string);
  }
  const out: IneligibleGroup[] = [];
  groups.forEach((ids, m) => {
    if (ids) out.push({ rules: rulesOfMask(m) as HardRuleId[], count: ids.length, homeIds: ids });
  });
  // Biggest groups first; equal sizes by mask (forEach visited masks in ascending order; sort is stable).
  return out.sort((a, b) => b.count - a.count);
}

function sameDayScope(subject: ResolvedSubject, reg: Registry, policy: Policy, geo: Geography, sameDay: boolean): Scope {
  const nearArea = new Uint8Array(reg.size);
  if (sameDay) {
    const rel = reg.tables.authorities.map((a) => authorityRelation(geo, subject.placingAuthority, a));
    const auth = reg.columns.authority;
    for (let i = 0; i < reg.size; i++) {
      const a = auth[i] as number;
      nearArea[i] = a >= 0 && (rel[a] as number) >= 1 ? 1 : 0;
    }
  }
  return { sameDay, radiusKm: policy.thresholds.sameDayRadiusKm, nearArea };
}

function summary(home: ResolvedHome, km: number) {
  return {
    homeId: home.id,
    providerId: home.providerId,
    type: home.type,
    authority: home.authority ?? null,
    district: home.district ?? null,
    distanceKm: round(km, 2),
    annualCost: home.annualCost,
  };
}

function rankedCandidate(
  rank: number,
  home: ResolvedHome,
  scores: ScoreArrays,
  subject: ResolvedSubject,
  policy: Policy,
  overrides: readonly RuleOverride[],
  geo: Geography,
): RankedCandidate {
  const ctx: ScoringContext = { subject, home, policy, overrides, geo };
  const explanation = explain(ctx);
  return { rank, ...summary(home, scores.km[home.index] as number), explanation, approvals: approvalsFor(ctx, explanation.rules) };
}
