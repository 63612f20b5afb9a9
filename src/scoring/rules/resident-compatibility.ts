import { RISK_EXPLOITER, RISK_PET_ALLERGY, RISK_SEXUAL, RISK_VULNERABLE, RISK_YOUNGER, riskMask } from '../codes.js';
import { occupantSummary } from '../columns.js';
import { ruleResult } from '../helpers.js';
import type { RuleModule } from '../types.js';

/**
 * Conflict kinds (bits) and their plain-language reasons.
 *
 * @example
 * CONFLICTS.filter((_, i) => mask & (1 << i));
 */
export const CONFLICTS = [
  'the child poses a risk to younger children and a younger child lives there',
  'the child has sexually harmful behaviour and a younger child lives there',
  'a resident who poses a risk to younger children is older than the child',
  'a resident with sexually harmful behaviour is older than the child',
  'the child is vulnerable to exploitation and a resident poses an exploitation risk to others',
  'the child poses an exploitation risk and a resident is vulnerable to exploitation',
  'the child is allergic to pets and the household has pets',
] as const;

/**
 * The incompatibility table between one child and a home's occupants, as a bit mask over {@link CONFLICTS}
 * (0 = compatible). Pure numbers, so the fast path calls it on columns and the rule on the same summary.
 *
 * @param youngest youngest resident or household child (255 when none)
 * @param occupantRisk OR of the residents' risk-flag bits
 * @param maxAgeRiskYounger oldest resident flagged risk_to_younger_children (-1 when none)
 * @param maxAgeSexualHarm oldest resident flagged sexually_harmful_behaviour (-1 when none)
 * @example
 * conflictMask(14, riskBit('risk_to_younger_children'), 8, 0, -1, -1, false); // 1
 */
export function conflictMask(
  childAge: number,
  childRisk: number,
  youngest: number,
  occupantRisk: number,
  maxAgeRiskYounger: number,
  maxAgeSexualHarm: number,
  pets: boolean,
): number {
  let m = 0;
  if (childRisk & RISK_YOUNGER && youngest < childAge) m |= 1;
  if (childRisk & RISK_SEXUAL && youngest < childAge) m |= 2;
  if (maxAgeRiskYounger > childAge) m |= 4;
  if (maxAgeSexualHarm > childAge) m |= 8;
  if (childRisk & RISK_VULNERABLE && occupantRisk & RISK_EXPLOITER) m |= 16;
  if (childRisk & RISK_EXPLOITER && occupantRisk & RISK_VULNERABLE) m |= 32;
  if (childRisk & RISK_PET_ALLERGY && pets) m |= 64;
  return m;
}

/**
 * Hard rule: the child must be compatible with the children (and, in a foster household, the carers' own
 * children and pets) already living in the home.
 *
 * @example
 * residentCompatibilityRule.evaluate(ctx).facts.conflicts; // ['the child is allergic to pets and ...']
 */
export const residentCompatibilityRule: RuleModule = {
  id: 'resident_compatibility',
  level: 'hard',
  description: 'The child must be compatible with the children and household already living in the home.',
  overridable: false,
  evaluate(ctx) {
    const occ = occupantSummary(ctx.home);
    let mask = 0;
    for (const c of ctx.subject.children) {
      mask |= conflictMask(c.age, riskMask(c.riskFlags), occ.youngest, occ.occupantRisk, occ.maxAgeRiskYounger, occ.maxAgeSexualHarm, occ.pets);
    }
    const conflicts = CONFLICTS.filter((_, i) => mask & (1 << i));
    const occupants = ctx.home.residents.length + (ctx.home.household?.childrenAges.length ?? 0);
    const passed = mask === 0;
    const sentence = passed
      ? occupants === 0
        ? 'No other children live there.'
        : `Compatible with the ${occupants === 1 ? 'child' : `${occupants} children`} already living there.`
      : `Incompatible: ${conflicts.join('; ')}.`;
    return ruleResult(
      ctx,
      'resident_compatibility',
      false,
      passed,
      { occupants, youngestOccupant: occ.youngest === 255 ? null : occ.youngest, pets: occ.pets, conflicts: [...conflicts] },
      sentence,
    );
  },
  counterfactual() {
    return null;
  },
};
