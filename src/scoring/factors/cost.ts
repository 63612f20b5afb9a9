import type { Thresholds } from '../../domain/index.js';
import { round } from '../helpers.js';
import type { FactorModule, ScoringContext } from '../types.js';

/**
 * The annual cost the council would pay extra: the full cost, or for an empty block-contract bed (already
 * paid for) only `blockMarginalCostShare` of it.
 *
 * @example
 * marginalCost(175725, true, 0.05); // 8786.25
 */
export function marginalCost(annualCost: number, block: boolean, blockShare: number): number {
  return block ? annualCost * blockShare : annualCost;
}

/**
 * Cost score: linear from 1 at £0 to 0 at `costCeilingAnnual`.
 *
 * @example
 * costScore(23993, false, DEFAULT_POLICY.thresholds); // ≈ 0.94
 */
export function costScore(annualCost: number, block: boolean, t: Pick<Thresholds, 'costCeilingAnnual' | 'blockMarginalCostShare'>): number {
  const s = 1 - marginalCost(annualCost, block, t.blockMarginalCostShare) / t.costCeilingAnnual;
  return s > 0 ? s : 0;
}

/**
 * "£175,725" (whole pounds, thousands separated; no Intl, which is slow in a hot explanation path).
 *
 * @example
 * money(8786.25); // "£8,786"
 */
export function money(x: number): string {
  return `£${String(Math.round(x)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

/**
 * Soft factor: cost the council can bear. Annual cost per placement; block beds near zero marginal cost.
 *
 * @example
 * costFactor.evaluate(ctx).facts.marginalCost; // 8786.25 for a block bed costing 175,725
 */
export const costFactor: FactorModule = {
  id: 'cost',
  level: 'soft',
  impact: costImpact,
  description: 'Annual cost to the council (block-contract beds cost near nothing extra).',
  evaluate(ctx) {
    const t = ctx.policy.thresholds;
    const block = ctx.home.contract === 'block';
    const marginal = marginalCost(ctx.home.annualCost, block, t.blockMarginalCostShare);
    const score = costScore(ctx.home.annualCost, block, t);
    const weight = ctx.policy.weights.cost;
    const sentence = block
      ? `A block-contract bed (${money(ctx.home.annualCost)} a year, already paid for): about ${money(marginal)} extra.`
      : `${money(ctx.home.annualCost)} a year (${ctx.home.contract.replace('_', '-')}).`;
    return {
      id: 'cost',
      level: 'soft',
      weight,
      score,
      impact: weight * score,
      facts: { annualCost: ctx.home.annualCost, contract: ctx.home.contract, marginalCost: round(marginal, 2), costCeilingAnnual: t.costCeilingAnnual },
      sentence,
    };
  },
};

/**
 * Fast path of {@link costFactor} for callers that only need the impact (no facts or sentence): the same
 * arithmetic in the same order, so exactly `evaluate(ctx).impact`, to the last bit.
 *
 * @example
 * costFactor.impact(ctx); // === costFactor.evaluate(ctx).impact
 */
function costImpact(ctx: ScoringContext): number {
  return ctx.policy.weights.cost * costScore(ctx.home.annualCost, ctx.home.contract === 'block', ctx.policy.thresholds);
}
