import { z } from 'zod';
import { IdSchema, IsoDateSchema } from './common.js';
import { ChildSchema } from './child.js';
import { HomeSchema, HomeTypeSchema } from './home.js';
import { HARD_RULE_IDS, OVERRIDABLE_RULES, PolicyOverrideSchema, SOFT_FACTOR_IDS } from './policy.js';

/** A sibling group to be placed together where possible. */
export const SiblingGroupSchema = z.strictObject({
  id: IdSchema,
  children: z.array(ChildSchema).min(2).max(12),
});
export type SiblingGroup = z.infer<typeof SiblingGroupSchema>;

/** A recorded override of an overridable hard rule for named homes (or every home when homeIds is absent). */
export const RuleOverrideSchema = z.strictObject({
  rule: z.enum(OVERRIDABLE_RULES),
  homeIds: z.array(IdSchema).optional(),
  reason: z.string().min(10).max(1000),
  approver: z.string().min(1).max(120).optional(),
});
export type RuleOverride = z.infer<typeof RuleOverrideSchema>;

/**
 * A match request: exactly one of `child` or `siblingGroup`. `homes` replaces the registry for this request
 * (CLI `--homes`); `policy` overrides weights/thresholds; `asOf` fixes the date ages are computed on.
 *
 * @example
 * MatchRequestSchema.parse({ child: { ...child }, top: 10 });
 */
export const MatchRequestSchema = z
  .strictObject({
    child: ChildSchema.optional(),
    siblingGroup: SiblingGroupSchema.optional(),
    homes: z.array(HomeSchema).max(200_000).optional(),
    policy: PolicyOverrideSchema.optional(),
    overrides: z.array(RuleOverrideSchema).default([]),
    top: z.number().int().min(1).max(1000).default(20),
    asOf: IsoDateSchema.optional(),
  })
  .superRefine((r, ctx) => {
    if ((r.child ? 1 : 0) + (r.siblingGroup ? 1 : 0) !== 1) {
      ctx.addIssue({ code: 'custom', path: [], message: 'exactly one of "child" or "siblingGroup" is required' });
    }
  });
export type MatchRequest = z.infer<typeof MatchRequestSchema>;
export type MatchRequestInput = z.input<typeof MatchRequestSchema>;

/** Facts behind a justification: numbers, strings, booleans, ids. */
export const FactsSchema = z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number()]))]));
export type Facts = z.infer<typeof FactsSchema>;

/** A soft factor's contribution: score in 0..1, impact = weight x score. */
export const FactorResultSchema = z.strictObject({
  id: z.enum(SOFT_FACTOR_IDS),
  level: z.literal('soft'),
  weight: z.number(),
  score: z.number().min(0).max(1),
  impact: z.number(),
  facts: FactsSchema,
  sentence: z.string(),
});
export type FactorResult = z.infer<typeof FactorResultSchema>;

/** A hard rule's verdict. */
export const RuleResultSchema = z.strictObject({
  id: z.enum(HARD_RULE_IDS),
  level: z.literal('hard'),
  passed: z.boolean(),
  /** True when the rule failed but a recorded override lets the home through. */
  overridden: z.boolean(),
  facts: FactsSchema,
  sentence: z.string(),
});
export type RuleResult = z.infer<typeof RuleResultSchema>;

/** The fixed explanation shape: total, then every factor (no-effect ones included), then every hard rule. */
export const ExplanationSchema = z.strictObject({
  total: z.number(),
  factors: z.array(FactorResultSchema),
  rules: z.array(RuleResultSchema),
});
export type Explanation = z.infer<typeof ExplanationSchema>;

/** An approval the choice would need (Care Planning Regulations 2010). */
export const ApprovalSchema = z.strictObject({
  regulation: z.enum(['reg10', 'reg11_out_of_area', 'reg11_at_distance', 'reg13_notify_host', 'ofsted_override', 'needs_gap_override']),
  approver: z.enum(['nominated_officer', 'director_of_childrens_services', 'host_authority_notified']),
  sentence: z.string(),
});
export type Approval = z.infer<typeof ApprovalSchema>;

const HomeSummary = {
  homeId: IdSchema,
  providerId: IdSchema,
  type: HomeTypeSchema,
  authority: z.string().nullable(),
  district: z.string().nullable(),
  distanceKm: z.number(),
  annualCost: z.number(),
};

export const RankedCandidateSchema = z.strictObject({
  rank: z.number().int().min(1),
  ...HomeSummary,
  explanation: ExplanationSchema,
  approvals: z.array(ApprovalSchema),
});
export type RankedCandidate = z.infer<typeof RankedCandidateSchema>;

export const IneligibleCandidateSchema = z.strictObject({
  ...HomeSummary,
  /** Every hard rule the home breaks (never only the first). */
  brokenRules: z.array(RuleResultSchema).min(1),
  /** What would make it eligible, where one change would ("with 1 more free place"), else null. */
  counterfactual: z.string().nullable(),
});
export type IneligibleCandidate = z.infer<typeof IneligibleCandidateSchema>;

/**
 * Every ineligible home, grouped by the exact set of rules it breaks (all of them, never only the first);
 * home ids in id order. Full rule verdicts are in `ineligible` for the nearest homes only.
 */
export const IneligibleGroupSchema = z.strictObject({
  rules: z.array(z.enum(HARD_RULE_IDS)).min(1),
  count: z.number().int().min(1),
  homeIds: z.array(IdSchema),
});
export type IneligibleGroup = z.infer<typeof IneligibleGroupSchema>;

/** A plan placing a sibling group across several homes when too few homes take them together. */
export const SplitPlanSchema = z.strictObject({
  total: z.number(),
  assignments: z.array(z.strictObject({ childId: IdSchema, homeId: IdSchema, total: z.number() })),
  /** Largest distance between any two homes in the plan, km. */
  maxDistanceBetweenHomesKm: z.number(),
  sentence: z.string(),
});
export type SplitPlan = z.infer<typeof SplitPlanSchema>;

/** Same-day fallback: a relaxation that would find at least one eligible home. */
export const RelaxationSchema = z.strictObject({
  relax: z.enum([
    'non_emergency_homes',
    'wider_radius',
    'out_of_area',
    'wider_radius_out_of_area',
    'other_setting',
    'needs_gap_override',
    'ofsted_override',
  ]),
  eligibleHomes: z.number().int().min(0),
  bestHomeId: IdSchema.nullable(),
  sentence: z.string(),
});
export type Relaxation = z.infer<typeof RelaxationSchema>;

/**
 * The ranked, explained answer to a match request. Auditable: records the policy version, registry version
 * and the date the child's age was taken on.
 */
export const MatchResponseSchema = z.strictObject({
  requestId: z.string(),
  policyVersion: z.string(),
  registryVersion: z.string(),
  asOf: IsoDateSchema,
  subject: z.strictObject({ kind: z.enum(['child', 'siblingGroup']), id: IdSchema, childIds: z.array(IdSchema) }),
  mode: z.enum(['standard', 'same_day']),
  distanceProvider: z.string(),
  counts: z.strictObject({
    homes: z.number().int(),
    /** Homes breaking no hard rule (in same-day mode: and inside the same-day search scope). */
    eligible: z.number().int(),
    ineligible: z.number().int(),
    /** Same-day mode only: homes breaking no hard rule but outside the same-day scope (radius, own or adjoining authority). */
    outOfScope: z.number().int(),
  }),
  /** The best `top` eligible homes, best first, each with its full explanation and approvals. */
  ranked: z.array(RankedCandidateSchema),
  /** Every other eligible home, in rank order, compactly (ids and totals, parallel arrays). */
  moreEligible: z.strictObject({ homeIds: z.array(IdSchema), totals: z.array(z.number()) }),
  /** Sibling groups: the best plans splitting the group, when fewer than `top` homes take it together. */
  splitPlans: z.array(SplitPlanSchema),
  /**
   * Full verdicts (every broken rule, counterfactual) for the nearest ineligible homes (up to the engine's
   * `explainIneligible`, default the request's `top`). Every ineligible home is listed in `ineligibleSummary`.
   */
  ineligible: z.array(IneligibleCandidateSchema),
  ineligibleSummary: z.array(IneligibleGroupSchema),
  /** When no home is eligible: which single relaxation would find one (same-day: wider radius, out of area, non-emergency homes...). */
  relaxations: z.array(RelaxationSchema),
});
export type MatchResponse = z.infer<typeof MatchResponseSchema>;
