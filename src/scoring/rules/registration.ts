import { ruleResult } from '../helpers.js';
import type { RuleModule, ScoringContext } from '../types.js';

/**
 * Hard rule: no child under 18 may be placed in an unregistered setting (illegal since the 2021 and 2023
 * regulations); a home whose registration is pending cannot take a child until it is granted.
 *
 * @example
 * registrationRule.evaluate(ctx).passed; // false for an unregistered home
 */
export const registrationRule: RuleModule = {
  id: 'registration',
  level: 'hard',
  passes: registrationPasses,
  description: 'The home must be registered (or approved): no child may be placed in an unregistered setting.',
  overridable: false,
  evaluate(ctx) {
    const r = ctx.home.registration;
    const passed = isRegistered(r);
    const sentence =
      r === 'registered'
        ? 'The home is registered to care for children.'
        : r === 'pending'
          ? 'The home\'s registration is pending: it cannot take a child until registration is granted.'
          : 'The home is unregistered: no child under 18 may be placed in an unregistered setting.';
    return ruleResult(ctx, 'registration', false, passed, { registration: r }, sentence);
  },
  counterfactual(ctx) {
    return ctx.home.registration === 'pending' ? 'once its registration is granted' : null;
  },
};

/**
 * True when the registration status allows a placement.
 *
 * @example
 * isRegistered('pending'); // false
 */
export function isRegistered(registration: string): boolean {
  return registration === 'registered';
}

/**
 * Fast path of {@link registrationRule} for callers that only need the verdict (no facts or sentence): `true` exactly
 * when `evaluate(ctx).passed`.
 *
 * @example
 * registrationRule.passes(ctx); // === registrationRule.evaluate(ctx).passed
 */
function registrationPasses(ctx: ScoringContext): boolean {
  return isRegistered(ctx.home.registration);
}
