import { HARD_RULE_IDS, type HardRuleId } from '../../domain/index.js';
import type { RuleModule, ScoringContext } from '../types.js';
import { adaptationsRule } from './adaptations.js';
import { ageSexRegistrationRule } from './age-sex-registration.js';
import { avoidAreaRule } from './avoid-area.js';
import { carePlanSettingRule } from './care-plan-setting.js';
import { emergencyRule } from './emergency.js';
import { freePlacesRule } from './free-places.js';
import { needsGapRule } from './needs-gap.js';
import { ofstedInadequateRule } from './ofsted-inadequate.js';
import { registrationRule } from './registration.js';
import { residentCompatibilityRule } from './resident-compatibility.js';
import { supportedUnder16Rule } from './supported-under-16.js';

/**
 * Every hard rule, in HARD_RULE_IDS order (the order explanations list them).
 *
 * @example
 * for (const r of RULES) console.log(r.id, r.evaluate(ctx).passed);
 */
export const RULES: readonly RuleModule[] = [
  registrationRule,
  supportedUnder16Rule,
  ofstedInadequateRule,
  freePlacesRule,
  ageSexRegistrationRule,
  adaptationsRule,
  emergencyRule,
  avoidAreaRule,
  residentCompatibilityRule,
  needsGapRule,
  carePlanSettingRule,
];

/**
 * A rule module by id.
 *
 * @example
 * RULE_BY_ID.get('free_places')?.evaluate(ctx).passed;
 */
export const RULE_BY_ID: ReadonlyMap<HardRuleId, RuleModule> = new Map(RULES.map((r) => [r.id, r]));

// Fail fast if the registry and the domain's id list ever drift apart.
if (RULES.length !== HARD_RULE_IDS.length || RULES.some((r, i) => r.id !== HARD_RULE_IDS[i])) {
  throw new Error('scoring/rules: RULES must list every HARD_RULE_IDS entry in order');
}

/**
 * Each rule's verdict-only fast path (`passes(ctx) === evaluate(ctx).passed`, without facts or sentence), in
 * `RULES` order: for callers that judge many homes and read only pass or fail (the simulation's engine).
 *
 * @example
 * RULE_PASSES.every((r) => r.passes(ctx)); // every hard rule passes (no overrides)
 */
export const RULE_PASSES: readonly { readonly id: HardRuleId; readonly passes: (ctx: ScoringContext) => boolean }[] = RULES.map((r) => ({
  id: r.id,
  passes: r.passes,
}));
