import { ruleResult } from '../helpers.js';
import type { RuleModule, ScoringContext } from '../types.js';

/**
 * Hard rule: a same-day (emergency) referral can only go to a home that takes emergency placements.
 *
 * @example
 * emergencyRule.evaluate(ctx).passed; // false for a same-day child and a home with emergency: false
 */
export const emergencyRule: RuleModule = {
  id: 'emergency',
  level: 'hard',
  passes: emergencyPasses,
  description: 'A same-day referral can only go to a home that takes emergency placements.',
  overridable: false,
  evaluate(ctx) {
    const sameDay = ctx.subject.urgency === 'same_day';
    const takes = ctx.home.emergency;
    const passed = !sameDay || takes;
    const sentence = !sameDay
      ? 'Not a same-day referral, so emergency acceptance does not matter.'
      : takes
        ? 'Same-day referral, and the home takes emergency placements.'
        : 'Same-day referral, but the home does not take emergency placements.';
    return ruleResult(ctx, 'emergency', false, passed, { sameDay, takesEmergencies: takes }, sentence);
  },
  counterfactual() {
    return 'if the home agreed to take an emergency placement';
  },
};

/**
 * Fast path of {@link emergencyRule} for callers that only need the verdict (no facts or sentence): `true` exactly
 * when `evaluate(ctx).passed`.
 *
 * @example
 * emergencyRule.passes(ctx); // false for a same-day referral and a home taking no emergencies
 */
function emergencyPasses(ctx: ScoringContext): boolean {
  return ctx.subject.urgency !== 'same_day' || ctx.home.emergency;
}
