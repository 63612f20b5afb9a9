import { ruleResult } from '../helpers.js';
import type { ResolvedSubject, RuleModule, ScoringContext } from '../types.js';

/**
 * Minimum age for supported accommodation (it is for 16-17-year-olds and care leavers).
 *
 * @example
 * age >= SUPPORTED_MIN_AGE;
 */
export const SUPPORTED_MIN_AGE = 16;

/**
 * Youngest child in the subject.
 *
 * @example
 * youngestAge(group); // 9
 */
export function youngestAge(s: ResolvedSubject): number {
  let m = Infinity;
  for (const c of s.children) if (c.age < m) m = c.age;
  return m;
}

/**
 * Hard rule: children under 16 may not be placed in supported accommodation.
 *
 * @example
 * supportedUnder16Rule.evaluate(ctx).passed; // false for a 15-year-old and a supported_single home
 */
export const supportedUnder16Rule: RuleModule = {
  id: 'supported_under_16',
  level: 'hard',
  passes: supportedUnder16Passes,
  description: 'Supported accommodation is only for young people aged 16 or over.',
  overridable: false,
  evaluate(ctx) {
    const age = youngestAge(ctx.subject);
    const supported = ctx.home.setting === 'supported';
    const passed = !(supported && age < SUPPORTED_MIN_AGE);
    const sentence = !supported
      ? 'Not supported accommodation, so the age limit for it does not apply.'
      : passed
        ? `Supported accommodation, and the youngest child is ${age}: allowed from 16.`
        : `Supported accommodation, but the youngest child is ${age}: children under 16 may not be placed there.`;
    return ruleResult(ctx, 'supported_under_16', false, passed, { setting: ctx.home.setting, youngestAge: age, minimumAge: SUPPORTED_MIN_AGE }, sentence);
  },
  counterfactual() {
    return null;
  },
};

/**
 * Fast path of {@link supportedUnder16Rule} for callers that only need the verdict (no facts or sentence): `true` exactly
 * when `evaluate(ctx).passed`.
 *
 * @example
 * supportedUnder16Rule.passes(ctx); // false for a 15-year-old and a supported home
 */
function supportedUnder16Passes(ctx: ScoringContext): boolean {
  return !(ctx.home.setting === 'supported' && youngestAge(ctx.subject) < SUPPORTED_MIN_AGE);
}
