import type { RuleResult } from '../domain/index.js';
import { RULE_BY_ID } from './rules/index.js';
import type { ScoringContext } from './types.js';

/**
 * For an ineligible home: the one change that would make it eligible, when exactly one rule is broken and
 * that rule names a legitimate change ("Would be eligible with 1 more free place."); otherwise null.
 *
 * @param broken the rules the home breaks (failed and not overridden)
 * @example
 * counterfactual(ctx, brokenRules(ctx)); // "Would be eligible with an Ofsted override (recorded with a reason)."
 */
export function counterfactual(ctx: ScoringContext, broken: readonly RuleResult[]): string | null {
  if (broken.length !== 1) return null;
  const only = broken[0] as RuleResult;
  const phrase = RULE_BY_ID.get(only.id)?.counterfactual(ctx, only) ?? null;
  return phrase ? `Would be eligible ${phrase}.` : null;
}
