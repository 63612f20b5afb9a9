import { decayScore, fmtKm, round, schoolToHomeKm } from '../helpers.js';
import type { FactorModule, ResolvedSubject, ScoringContext } from '../types.js';

/**
 * The education weight for a subject: the policy weight, times `keyStage4Multiplier` when a child with a
 * recorded school is in key stage 4 (school years 10-11).
 *
 * @example
 * educationWeight(subject, 10, 2); // 20 for a Year 11 child with a school
 */
export function educationWeight(s: ResolvedSubject, weight: number, ks4Multiplier: number): number {
  for (const c of s.children) if (c.school && c.keyStage === 4) return weight * ks4Multiplier;
  return weight;
}

/**
 * Soft factor, s22C(8)(b): does not disrupt education. Score per child = 0.5^(home-to-school km /
 * half-life), 0 without a recorded school (no effect), averaged over the children; weighted up in key stage 4.
 *
 * @example
 * educationFactor.evaluate(ctx).facts.wouldChangeSchool; // true beyond `schoolChangeKm`
 */
export const educationFactor: FactorModule = {
  id: 'education',
  level: 'soft',
  impact: educationImpact,
  description: 'Keeps the child at their school: home-to-school distance, weighted up in key stage 4.',
  evaluate(ctx) {
    const t = ctx.policy.thresholds;
    const weight = educationWeight(ctx.subject, ctx.policy.weights.education, t.keyStage4Multiplier);
    let sum = 0;
    let withSchool = 0;
    let maxKm = 0;
    let ks4 = false;
    let change = false;
    for (const c of ctx.subject.children) {
      const km = schoolToHomeKm(ctx, c);
      if (km === null) continue;
      withSchool++;
      sum += decayScore(km, t.educationHalfLifeKm);
      if (km > maxKm) maxKm = km;
      if (c.keyStage === 4) {
        ks4 = true;
        if (km > t.schoolChangeKm) change = true;
      }
    }
    const score = sum / ctx.subject.children.length;
    const sentence =
      withSchool === 0
        ? 'No school recorded: no effect.'
        : `${fmtKm(maxKm)} from school${ks4 ? ', in key stage 4 so education counts double' : ''}${
            maxKm > t.schoolChangeKm ? `; beyond ${t.schoolChangeKm} km the child would likely change school` : ''
          }.`;
    return {
      id: 'education',
      level: 'soft',
      weight,
      score,
      impact: weight * score,
      facts: {
        childrenWithSchool: withSchool,
        schoolKm: withSchool ? round(maxKm, 2) : null,
        keyStage4: ks4,
        keyStage4Multiplier: t.keyStage4Multiplier,
        halfLifeKm: t.educationHalfLifeKm,
        schoolChangeKm: t.schoolChangeKm,
        wouldChangeSchool: change,
      },
      sentence,
    };
  },
};

/**
 * Fast path of {@link educationFactor} for callers that only need the impact (no facts or sentence): the same
 * arithmetic in the same order, so exactly `evaluate(ctx).impact`, to the last bit.
 *
 * @example
 * educationFactor.impact(ctx); // === educationFactor.evaluate(ctx).impact
 */
function educationImpact(ctx: ScoringContext): number {
  const t = ctx.policy.thresholds;
  const weight = educationWeight(ctx.subject, ctx.policy.weights.education, t.keyStage4Multiplier);
  let sum = 0;
  for (const c of ctx.subject.children) {
    const km = schoolToHomeKm(ctx, c);
    if (km !== null) sum += decayScore(km, t.educationHalfLifeKm);
  }
  return weight * (sum / ctx.subject.children.length);
}
