import { round } from '../helpers.js';
import { capabilityOf } from '../rules/needs-gap.js';
import type { FactorModule, ResolvedChild, ResolvedHome, ScoringContext } from '../types.js';

/**
 * The needs domains the disability factor reads (skipped when the policy does not list them).
 *
 * @example
 * DISABILITY_DOMAINS.includes('health_disability'); // true
 */
export const DISABILITY_DOMAINS = ['health_disability', 'communication_neurodiversity'] as const;

/**
 * Per-child disability suitability: 0 when the child has no disability needs (no effect). Otherwise half
 * for the share of required adaptations present and half for specialist capability: the mean over the
 * disability domains the child needs of min(1, capability / need).
 *
 * @param adaptRequired number of adaptations the child needs
 * @param adaptPresent how many of those the home has
 * @param specialistShare mean of min(1, c / n) over the disability domains with need > 0 (1 when none)
 * @example
 * disabilityScore(true, 2, 2, 0.5); // 0.75
 */
export function disabilityScore(relevant: boolean, adaptRequired: number, adaptPresent: number, specialistShare: number): number {
  if (!relevant) return 0;
  return 0.5 * (adaptRequired === 0 ? 1 : adaptPresent / adaptRequired) + 0.5 * specialistShare;
}

/**
 * The disability factor's inputs for one child and home.
 *
 * @example
 * disabilityInputs(child, home, policy.domains, 2); // { relevant: true, required: 1, present: 1, specialist: 0.5 }
 */
export function disabilityInputs(
  child: ResolvedChild,
  home: Pick<ResolvedHome, 'capability' | 'adaptations'>,
  domains: readonly string[],
  needLevel: number,
): { relevant: boolean; required: number; present: number; specialist: number } {
  let relevant = child.disabilityRequirements.length > 0;
  let sum = 0;
  let count = 0;
  for (const d of DISABILITY_DOMAINS) {
    const k = domains.indexOf(d);
    if (k < 0) continue;
    const need = child.needs[k] ?? 0;
    if (need >= needLevel) relevant = true;
    if (need > 0) {
      const c = capabilityOf(home.capability, d);
      sum += c >= need ? 1 : c / need;
      count++;
    }
  }
  let present = 0;
  for (const a of child.disabilityRequirements) if (home.adaptations.includes(a)) present++;
  return { relevant, required: child.disabilityRequirements.length, present, specialist: count === 0 ? 1 : sum / count };
}

/**
 * Soft factor, s22C(8)(d): suitable for a disabled child's particular needs: adaptations and specialist
 * capability in health/disability and communication/neurodiversity.
 *
 * @example
 * disabilityFactor.evaluate(ctx).sentence; // "No disability needs recorded: no effect."
 */
export const disabilityFactor: FactorModule = {
  id: 'disability',
  level: 'soft',
  impact: disabilityImpact,
  description: "Suitability for a disabled child's particular needs: adaptations and specialist capability.",
  evaluate(ctx) {
    const lvl = ctx.policy.thresholds.disabilityNeedLevel;
    let sum = 0;
    let relevantChildren = 0;
    let req = 0;
    let present = 0;
    let spec = 0;
    for (const c of ctx.subject.children) {
      const i = disabilityInputs(c, ctx.home, ctx.subject.domains, lvl);
      sum += disabilityScore(i.relevant, i.required, i.present, i.specialist);
      if (i.relevant) {
        relevantChildren++;
        req += i.required;
        present += i.present;
        spec += i.specialist;
      }
    }
    const score = sum / ctx.subject.children.length;
    const weight = ctx.policy.weights.disability;
    const sentence =
      relevantChildren === 0
        ? 'No disability needs recorded: no effect.'
        : `Has ${present} of ${req} required adaptations and ${Math.round((spec / relevantChildren) * 100)}% of the specialist capability needed.`;
    return {
      id: 'disability',
      level: 'soft',
      weight,
      score,
      impact: weight * score,
      facts: { childrenWithDisabilityNeeds: relevantChildren, adaptationsRequired: req, adaptationsPresent: present, specialistShare: relevantChildren ? round(spec / relevantChildren, 3) : null },
      sentence,
    };
  },
};

/**
 * Fast path of {@link disabilityFactor} for callers that only need the impact (no facts or sentence): the same
 * arithmetic in the same order, so exactly `evaluate(ctx).impact`, to the last bit.
 *
 * @example
 * disabilityFactor.impact(ctx); // === disabilityFactor.evaluate(ctx).impact
 */
function disabilityImpact(ctx: ScoringContext): number {
  const lvl = ctx.policy.thresholds.disabilityNeedLevel;
  let sum = 0;
  for (const c of ctx.subject.children) {
    const i = disabilityInputs(c, ctx.home, ctx.subject.domains, lvl);
    sum += disabilityScore(i.relevant, i.required, i.present, i.specialist);
  }
  return ctx.policy.weights.disability * (sum / ctx.subject.children.length);
}
