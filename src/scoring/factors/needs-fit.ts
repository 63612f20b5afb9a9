import type { Thresholds } from '../../domain/index.js';
import { round } from '../helpers.js';
import { capabilityOf } from '../rules/needs-gap.js';
import type { FactorModule, ScoringContext } from '../types.js';

/**
 * Needs-fit score for one child from the summed unmet levels and summed over-provision levels beyond the
 * free allowance: 1 - unmet x unmetPenalty - over x overPenalty, floored at 0. Unmet need costs heavily,
 * over-provision mildly (needs-profile.md).
 *
 * @example
 * needsFitScore(1, 0, DEFAULT_POLICY.thresholds); // 0.65
 */
export function needsFitScore(unmetLevels: number, overLevels: number, t: Pick<Thresholds, 'unmetNeedPenaltyPerLevel' | 'overProvisionPenaltyPerLevel'>): number {
  const s = 1 - unmetLevels * t.unmetNeedPenaltyPerLevel - overLevels * t.overProvisionPenaltyPerLevel;
  return s > 0 ? s : 0;
}

/**
 * Soft factor: the home's capability profile against the child's needs profile, domain by domain. The facts
 * carry both profiles (`domains`, `needs`, `capability`) so a client can draw them on one radar chart; for a
 * group, `needs` is the highest need in each domain.
 *
 * @example
 * needsFitFactor.evaluate(ctx).facts.unmetLevels; // 0 when every need is met
 */
export const needsFitFactor: FactorModule = {
  id: 'needs_fit',
  level: 'soft',
  impact: needsFitImpact,
  description: 'Capability against needs on the same domains: unmet need costs heavily, over-provision mildly.',
  evaluate(ctx) {
    const t = ctx.policy.thresholds;
    const domains = ctx.subject.domains;
    const cap = domains.map((d) => capabilityOf(ctx.home.capability, d));
    const groupNeeds = domains.map(() => 0);
    let sum = 0;
    let unmetAll = 0;
    let overAll = 0;
    const unmetDomains: string[] = [];
    const overDomains: string[] = [];
    for (const c of ctx.subject.children) {
      let unmet = 0;
      let over = 0;
      for (let k = 0; k < domains.length; k++) {
        const n = c.needs[k] ?? 0;
        const cp = cap[k] as number;
        if (n > (groupNeeds[k] as number)) groupNeeds[k] = n;
        if (cp < n) {
          unmet += n - cp;
          if (!unmetDomains.includes(domains[k] as string)) unmetDomains.push(domains[k] as string);
        } else if (cp - n > t.overProvisionFreeLevels) {
          over += cp - n - t.overProvisionFreeLevels;
          if (!overDomains.includes(domains[k] as string)) overDomains.push(domains[k] as string);
        }
      }
      unmetAll += unmet;
      overAll += over;
      sum += needsFitScore(unmet, over, t);
    }
    const score = sum / ctx.subject.children.length;
    const weight = ctx.policy.weights.needs_fit;
    const parts: string[] = [];
    if (unmetDomains.length) parts.push(`falls short in ${unmetDomains.join(', ')} (${unmetAll} level${unmetAll === 1 ? '' : 's'} in all)`);
    if (overDomains.length) parts.push(`offers much more than needed in ${overDomains.join(', ')}`);
    const sentence = parts.length ? `Needs fit ${Math.round(score * 100)}%: ${parts.join('; ')}.` : 'Meets every assessed need without gross over-provision.';
    return {
      id: 'needs_fit',
      level: 'soft',
      weight,
      score,
      impact: weight * score,
      facts: { domains: [...domains], needs: groupNeeds, capability: cap, unmetLevels: unmetAll, overProvisionLevels: overAll, fit: round(score, 3) },
      sentence,
    };
  },
};

/**
 * Fast path of {@link needsFitFactor} for callers that only need the impact (no facts or sentence): the same
 * arithmetic in the same order, so exactly `evaluate(ctx).impact`, to the last bit.
 *
 * @example
 * needsFitFactor.impact(ctx); // === needsFitFactor.evaluate(ctx).impact
 */
function needsFitImpact(ctx: ScoringContext): number {
  const t = ctx.policy.thresholds;
  const domains = ctx.subject.domains;
  const P = domains.length;
  let sum = 0;
  for (const c of ctx.subject.children) {
    let unmet = 0;
    let over = 0;
    for (let k = 0; k < P; k++) {
      const n = c.needs[k] ?? 0;
      const cp = capabilityOf(ctx.home.capability, domains[k] as string);
      if (cp < n) unmet += n - cp;
      else if (cp - n > t.overProvisionFreeLevels) over += cp - n - t.overProvisionFreeLevels;
    }
    sum += needsFitScore(unmet, over, t);
  }
  return ctx.policy.weights.needs_fit * (sum / ctx.subject.children.length);
}
