import { z } from 'zod';
import { DEFAULT_NEED_DOMAINS } from './needs.js';
import { RiskFlagSchema } from './common.js';

/** Stable ids of the soft factors (src/scoring/factors/*). */
export const SOFT_FACTOR_IDS = [
  'kinship',
  'distance',
  'own_authority',
  'education',
  'siblings',
  'needs_fit',
  'disability',
  'cost',
  'culture',
  'wishes',
  'stability',
] as const;
export type SoftFactorId = (typeof SOFT_FACTOR_IDS)[number];

/** Stable ids of the hard rules (src/scoring/rules/*). */
export const HARD_RULE_IDS = [
  'registration',
  'supported_under_16',
  'ofsted_inadequate',
  'free_places',
  'age_sex_registration',
  'adaptations',
  'emergency',
  'avoid_area',
  'resident_compatibility',
  'needs_gap',
  'care_plan_setting',
] as const;
export type HardRuleId = (typeof HARD_RULE_IDS)[number];

/** Rules a request may override, with a recorded reason ("not reasonably practicable" style). */
export const OVERRIDABLE_RULES = ['ofsted_inadequate', 'needs_gap'] as const satisfies readonly HardRuleId[];

const Weights = z.strictObject(Object.fromEntries(SOFT_FACTOR_IDS.map((id) => [id, z.number().min(0).max(1000)])) as Record<SoftFactorId, z.ZodNumber>);

export const ThresholdsSchema = z.strictObject({
  /** Distance at which the distance factor's score halves (exponential decay). */
  distanceHalfLifeKm: z.number().positive(),
  /** The 20-mile mark, in km, reported in explanations (DfE statistic). */
  twentyMilesKm: z.number().positive(),
  /** Home-to-school distance at which the education factor's score halves. */
  educationHalfLifeKm: z.number().positive(),
  /** Multiplier on the education weight for a child in key stage 4 (school years 10-11). */
  keyStage4Multiplier: z.number().min(1),
  /** Home-to-school distance beyond which a key stage 4 child is taken to change school (reg 10). */
  schoolChangeKm: z.number().positive(),
  /** A needs gap (need minus capability) of this size or more in any domain makes a home ineligible. */
  needsGapHard: z.number().int().min(1).max(4),
  /** Cost per level of unmet need (0..1 scale, summed over domains, capped at 1). */
  unmetNeedPenaltyPerLevel: z.number().min(0).max(1),
  /** Over-provision up to this many levels is free; beyond it costs `overProvisionPenaltyPerLevel`. */
  overProvisionFreeLevels: z.number().int().min(0).max(4),
  overProvisionPenaltyPerLevel: z.number().min(0).max(1),
  /** Annual cost at which the cost factor reaches 0 (linear from £0). */
  costCeilingAnnual: z.number().positive(),
  /** Share of a block bed's annual cost the council pays extra when it fills it (near zero). */
  blockMarginalCostShare: z.number().min(0).max(1),
  /** Own-authority factor score for a home in an authority adjoining the placing authority (inside = 1, elsewhere = 0). */
  adjoiningAuthorityScore: z.number().min(0).max(1),
  /** Need level (0-4) in health_disability or communication_neurodiversity at which the disability factor applies. */
  disabilityNeedLevel: z.number().int().min(1).max(4),
  /**
   * Same-day search scope: emergency homes within this many km of the child's home and inside the placing
   * authority or an authority adjoining it. Relaxations (wider radius, out of area) lift it.
   */
  sameDayRadiusKm: z.number().positive(),
});
export type Thresholds = z.infer<typeof ThresholdsSchema>;

export const RematchPolicySchema = z.strictObject({
  /** Score points lost by moving a settled child, before tenure. */
  movePenaltyBase: z.number().min(0),
  /** Extra points per month the child has been in the current home (the harm grows with time). */
  movePenaltyPerMonth: z.number().min(0),
  /** Cap on the number of settled children moved; null = no cap. */
  maxMoves: z.number().int().min(0).nullable(),
  /** Whether a sibling group may be split by the optimiser, and at what price per split. */
  allowSiblingSplit: z.boolean(),
  siblingSplitPenalty: z.number().min(0),
  /** Penalty for leaving a child unplaced (large, so the optimum places as many as possible). */
  unplacedPenalty: z.number().min(0),
  /**
   * Priority of a child whose current home has become ineligible (closure, provider exit, a hard rule now
   * failing): their unplaced penalty is `unplacedPenalty x displacedPriority`, so they are re-placed before
   * children new to care. A settled child evicted to unplaced costs `unplacedPenalty x displacedPriority^2`.
   * Optional; src/rematch defaults it to 10.
   */
  displacedPriority: z.number().min(1).max(1000).optional(),
  /**
   * Risk flags that make a child need a solo setting: placed there, the child blocks all the home's places
   * (bed blocking). Optional; src/rematch defaults it to ["risk_to_younger_children", "sexually_harmful_behaviour"].
   */
  soloRiskFlags: z.array(RiskFlagSchema).optional(),
});
export type RematchPolicy = z.infer<typeof RematchPolicySchema>;

/**
 * A versioned policy: the factor weights and thresholds. Every recommendation records the policy version.
 *
 * @example
 * const p = PolicySchema.parse(DEFAULT_POLICY);
 */
export const PolicySchema = z.strictObject({
  version: z.string().min(1).max(64),
  domains: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).min(1),
  weights: Weights,
  thresholds: ThresholdsSchema,
  rematch: RematchPolicySchema,
});
export type Policy = z.infer<typeof PolicySchema>;

/**
 * The documented defaults (README "Factors and defaults"). Kinship's weight exceeds the largest spread
 * the other factors can produce between two eligible homes in practice, so an eligible connected carer
 * normally ranks first (s22C(7)(a)) without being a hard rule.
 */
export const DEFAULT_POLICY: Policy = {
  version: 'homefinder-default-2026.1',
  domains: [...DEFAULT_NEED_DOMAINS],
  weights: {
    kinship: 100,
    distance: 20,
    own_authority: 10,
    education: 10,
    siblings: 15,
    needs_fit: 25,
    disability: 10,
    cost: 15,
    culture: 5,
    wishes: 5,
    stability: 20,
  },
  thresholds: {
    distanceHalfLifeKm: 16,
    twentyMilesKm: 32.1869,
    educationHalfLifeKm: 8,
    keyStage4Multiplier: 2,
    schoolChangeKm: 16,
    needsGapHard: 2,
    unmetNeedPenaltyPerLevel: 0.35,
    overProvisionFreeLevels: 1,
    overProvisionPenaltyPerLevel: 0.05,
    costCeilingAnnual: 400_000,
    blockMarginalCostShare: 0.05,
    adjoiningAuthorityScore: 0.3,
    disabilityNeedLevel: 2,
    sameDayRadiusKm: 50,
  },
  rematch: {
    movePenaltyBase: 10,
    movePenaltyPerMonth: 1,
    maxMoves: null,
    allowSiblingSplit: false,
    siblingSplitPenalty: 30,
    unplacedPenalty: 1000,
    displacedPriority: 10,
    soloRiskFlags: ['risk_to_younger_children', 'sexually_harmful_behaviour'],
  },
};

/** A partial policy a request may send; merged over the defaults (deep for weights/thresholds/rematch). */
export const PolicyOverrideSchema = z.strictObject({
  version: z.string().min(1).max(64).optional(),
  domains: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).min(1).optional(),
  weights: Weights.partial().optional(),
  thresholds: ThresholdsSchema.partial().optional(),
  rematch: RematchPolicySchema.partial().optional(),
});
export type PolicyOverride = z.infer<typeof PolicyOverrideSchema>;

/**
 * Merge an override over a base policy. The result's version records that it was overridden.
 *
 * @example
 * resolvePolicy({ weights: { distance: 40 } }).weights.distance; // 40
 */
export function resolvePolicy(override?: PolicyOverride, base: Policy = DEFAULT_POLICY): Policy {
  if (!override) return base;
  const changed = Boolean(override.weights || override.thresholds || override.rematch || override.domains);
  return {
    version: override.version ?? (changed ? `${base.version}+override` : base.version),
    domains: override.domains ?? base.domains,
    weights: { ...base.weights, ...stripUndefined(override.weights) },
    thresholds: { ...base.thresholds, ...stripUndefined(override.thresholds) },
    rematch: { ...base.rematch, ...stripUndefined(override.rematch) },
  };
}

function stripUndefined<T extends object>(o: T | undefined): Partial<T> {
  if (!o) return {};
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
