import type { Explanation, RuleResult } from '../domain/index.js';
import { FACTORS } from './factors/index.js';
import { RULES } from './rules/index.js';
import type { ScoringContext } from './types.js';

/**
 * The full explanation of one (subject, home) pair in the fixed shape: total, then every factor in
 * SOFT_FACTOR_IDS order (no-effect factors included), then every hard rule. `total` is the sum of the
 * factor impacts, summed in that order (the fast path sums in the same order, so the two agree).
 *
 * @example
 * const e = explain(ctx);
 * e.total === e.factors.reduce((t, f) => t + f.impact, 0); // true
 */
export function explain(ctx: ScoringContext): Explanation {
  const factors = FACTORS.map((f) => f.evaluate(ctx));
  let total = 0;
  for (const f of factors) total += f.impact;
  const rules = RULES.map((r) => r.evaluate(ctx));
  return { total, factors, rules };
}

/**
 * True when no rule is broken (a failed rule with a recorded override does not count as broken).
 *
 * @example
 * isEligible(explain(ctx).rules);
 */
export function isEligible(rules: readonly RuleResult[]): boolean {
  return rules.every((r) => r.passed || r.overridden);
}

/**
 * The rules a home breaks (failed and not overridden), evaluated in full. Pass `only` to evaluate just those
 * rule ids (e.g. the ones the fast path flagged).
 *
 * @example
 * brokenRules(ctx).map((r) => r.id); // ['free_places', 'needs_gap']
 */
export function brokenRules(ctx: ScoringContext, only?: readonly string[]): RuleResult[] {
  const out: RuleResult[] = [];
  for (const r of RULES) {
    if (only && !only.includes(r.id)) continue;
    const res = r.evaluate(ctx);
    if (!res.passed && !res.overridden) out.push(res);
  }
  return out;
}
