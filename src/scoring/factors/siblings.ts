import type { FactorModule, ScoringContext } from '../types.js';

/**
 * Siblings score: `(placedHere - 1) / (groupSize - 1)`: 1 when the whole group lives together, 0 for a child
 * alone (and 0 for a child with no siblings in care: no effect).
 *
 * @example
 * siblingsScore(3, 3); // 1
 * siblingsScore(2, 3); // 0.5
 */
export function siblingsScore(placedHere: number, groupSize: number): number {
  return groupSize <= 1 ? 0 : (placedHere - 1) / (groupSize - 1);
}

/**
 * Soft factor, s22C(8)(c): enables siblings to live together. A sibling group placed together in one home
 * scores 1; split plans score each part by how many of the group it keeps together.
 *
 * @example
 * siblingsFactor.evaluate(ctx).score; // 1 for a pair placed together
 */
export const siblingsFactor: FactorModule = {
  id: 'siblings',
  level: 'soft',
  impact: siblingsImpact,
  description: 'Siblings living together: 1 for the whole group in one home.',
  evaluate(ctx) {
    const here = ctx.subject.children.length;
    const size = ctx.subject.groupSize;
    const score = siblingsScore(here, size);
    const weight = ctx.policy.weights.siblings;
    const sentence =
      size <= 1
        ? 'No siblings in care placed with this search: no effect.'
        : here === size
          ? `All ${size} siblings live together here.`
          : here === 1
            ? `Placed apart from ${size - 1 === 1 ? 'their sibling' : `their ${size - 1} siblings`}.`
            : `${here} of ${size} siblings live together here.`;
    return { id: 'siblings', level: 'soft', weight, score, impact: weight * score, facts: { groupSize: size, placedTogether: here }, sentence };
  },
};

/**
 * Fast path of {@link siblingsFactor} for callers that only need the impact (no facts or sentence): the same
 * arithmetic in the same order, so exactly `evaluate(ctx).impact`, to the last bit.
 *
 * @example
 * siblingsFactor.impact(ctx); // === siblingsFactor.evaluate(ctx).impact
 */
function siblingsImpact(ctx: ScoringContext): number {
  return ctx.policy.weights.siblings * siblingsScore(ctx.subject.children.length, ctx.subject.groupSize);
}
