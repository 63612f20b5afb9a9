import type { Adaptation } from '../../domain/index.js';
import { listText, ruleResult } from '../helpers.js';
import type { ResolvedSubject, RuleModule, ScoringContext } from '../types.js';

/**
 * Union of the children's required adaptations, in first-seen order.
 *
 * @example
 * requiredAdaptations(group); // ['wheelchair_access', 'hoist']
 */
export function requiredAdaptations(s: ResolvedSubject): Adaptation[] {
  const out: Adaptation[] = [];
  for (const c of s.children) for (const a of c.disabilityRequirements) if (!out.includes(a)) out.push(a);
  return out;
}

/**
 * Hard rule: a disabled child who needs an adaptation (wheelchair access, a hoist...) can only go where it
 * exists.
 *
 * @example
 * adaptationsRule.evaluate(ctx).facts.missing; // ['hoist']
 */
export const adaptationsRule: RuleModule = {
  id: 'adaptations',
  level: 'hard',
  passes: adaptationsPasses,
  description: 'Every adaptation a child needs (e.g. wheelchair access, a hoist) must exist in the home.',
  overridable: false,
  evaluate(ctx) {
    const required = requiredAdaptations(ctx.subject);
    const missing = required.filter((a) => !ctx.home.adaptations.includes(a));
    const passed = missing.length === 0;
    const sentence =
      required.length === 0
        ? 'No adaptations required.'
        : passed
          ? `Has every required adaptation: ${listText(required)}.`
          : `Missing required ${missing.length === 1 ? 'adaptation' : 'adaptations'}: ${listText(missing)}.`;
    return ruleResult(ctx, 'adaptations', false, passed, { required, missing }, sentence);
  },
  counterfactual(ctx) {
    const missing = requiredAdaptations(ctx.subject).filter((a) => !ctx.home.adaptations.includes(a));
    return missing.length ? `if it had ${listText(missing)}` : null;
  },
};

/**
 * Fast path of {@link adaptationsRule} for callers that only need the verdict (no facts or sentence): `true` exactly
 * when `evaluate(ctx).passed`.
 *
 * @example
 * adaptationsRule.passes(ctx); // false when a required adaptation is missing
 */
function adaptationsPasses(ctx: ScoringContext): boolean {
  for (const c of ctx.subject.children) for (const a of c.disabilityRequirements) if (!ctx.home.adaptations.includes(a)) return false;
  return true;
}
