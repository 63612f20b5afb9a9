import { ruleResult } from '../helpers.js';
import type { ResolvedSubject, RuleModule, ScoringContext } from '../types.js';

/**
 * Capability of a home in a domain (missing = 0).
 *
 * @example
 * capabilityOf({ behaviour: 3 }, 'learning'); // 0
 */
export function capabilityOf(capability: Readonly<Record<string, number>>, domain: string): number {
  return capability[domain] ?? 0;
}

/**
 * The largest need-minus-capability gap over the subject's children and the policy's domains, with where
 * it is. A gap <= 0 means every need is met.
 *
 * @example
 * worstGap(subject, home.capability).gap; // 2 when a child needs 3 in behaviour and the home offers 1
 */
export function worstGap(s: ResolvedSubject, capability: Readonly<Record<string, number>>): { gap: number; domain: string | null; need: number; capability: number } {
  let best = { gap: -Infinity, domain: null as string | null, need: 0, capability: 0 };
  for (const c of s.children) {
    s.domains.forEach((d, k) => {
      const need = c.needs[k] ?? 0;
      const cap = capabilityOf(capability, d);
      if (need - cap > best.gap) best = { gap: need - cap, domain: d, need, capability: cap };
    });
  }
  return best;
}

/** Domains where some child's need exceeds the home's capability by at least `threshold`. */
function gapDomains(ctx: ScoringContext, threshold: number): string[] {
  const out: string[] = [];
  for (const c of ctx.subject.children) {
    ctx.subject.domains.forEach((d, k) => {
      if ((c.needs[k] ?? 0) - capabilityOf(ctx.home.capability, d) >= threshold && !out.includes(d)) out.push(d);
    });
  }
  return out;
}

/**
 * Hard rule (overridable): a needs gap of `policy.thresholds.needsGapHard` (default 2) or more in any domain
 * makes the home unsuitable unless the request records an override.
 *
 * @example
 * needsGapRule.evaluate(ctx).facts; // { worstDomain: 'behaviour', need: 3, capability: 1, gap: 2, threshold: 2, ... }
 */
export const needsGapRule: RuleModule = {
  id: 'needs_gap',
  level: 'hard',
  passes: needsGapPasses,
  description: 'The home must not fall short of a need by 2 or more levels in any domain (unless overridden).',
  overridable: true,
  evaluate(ctx) {
    const threshold = ctx.policy.thresholds.needsGapHard;
    const w = worstGap(ctx.subject, ctx.home.capability);
    const passed = w.gap < threshold;
    const domains = passed ? [] : gapDomains(ctx, threshold);
    const sentence = passed
      ? w.gap <= 0
        ? 'Meets every assessed need.'
        : `Largest shortfall is ${w.gap} level in ${w.domain}, below the ${threshold}-level limit.`
      : `Falls short by ${w.gap} levels in ${w.domain} (need ${w.need}, capability ${w.capability}); a gap of ${threshold} or more rules a home out.`;
    return ruleResult(
      ctx,
      'needs_gap',
      true,
      passed,
      { worstDomain: w.domain, need: w.need, capability: w.capability, gap: Math.max(0, w.gap), threshold, domainsOverLimit: domains },
      sentence,
    );
  },
  counterfactual() {
    return 'with a needs-gap override (recorded with a reason)';
  },
};

/**
 * Fast path of {@link needsGapRule} for callers that only need the verdict (no facts or sentence): `true` exactly
 * when `evaluate(ctx).passed`.
 *
 * @example
 * needsGapRule.passes(ctx); // false when a need exceeds the capability by the limit or more
 */
function needsGapPasses(ctx: ScoringContext): boolean {
  return worstGap(ctx.subject, ctx.home.capability).gap < ctx.policy.thresholds.needsGapHard;
}
