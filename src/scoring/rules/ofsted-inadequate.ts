import { ruleResult } from '../helpers.js';
import type { RuleModule, ScoringContext } from '../types.js';

/**
 * Hard rule (overridable): a home judged Inadequate by Ofsted is not a candidate unless the request records
 * an override with a reason.
 *
 * @example
 * ofstedInadequateRule.evaluate(ctx); // { passed: false, overridden: true, ... } with an override
 */
export const ofstedInadequateRule: RuleModule = {
  id: 'ofsted_inadequate',
  level: 'hard',
  passes: ofstedInadequatePasses,
  description: 'A home judged Inadequate by Ofsted is excluded unless an override is recorded with a reason.',
  overridable: true,
  evaluate(ctx) {
    const rating = ctx.home.ofsted;
    const passed = rating !== 'inadequate';
    const sentence = passed
      ? `Ofsted rating: ${rating.replace(/_/g, ' ')}.`
      : 'Ofsted judged the home Inadequate: excluded unless an override is recorded with a reason.';
    return ruleResult(ctx, 'ofsted_inadequate', true, passed, { ofsted: rating }, sentence);
  },
  counterfactual() {
    return 'with an Ofsted override (recorded with a reason)';
  },
};

/**
 * Fast path of {@link ofstedInadequateRule} for callers that only need the verdict (no facts or sentence): `true` exactly
 * when `evaluate(ctx).passed`.
 *
 * @example
 * ofstedInadequateRule.passes(ctx); // false for an Inadequate home
 */
function ofstedInadequatePasses(ctx: ScoringContext): boolean {
  return ctx.home.ofsted !== 'inadequate';
}
