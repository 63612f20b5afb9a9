import { listText, ruleResult } from '../helpers.js';
import type { ResolvedSubject, RuleModule, ScoringContext } from '../types.js';

/**
 * True when at least one of the subject's children is a connected person of the home.
 *
 * @example
 * connectedToAny(subject, 'H-KIN'); // true when a child names H-KIN as a connected person
 */
export function connectedToAny(s: ResolvedSubject, homeId: string): boolean {
  for (const c of s.children) if (c.connected.has(homeId)) return true;
  return false;
}

interface Issues {
  readonly tooYoung: number[];
  readonly tooOld: number[];
  readonly sexes: string[];
  readonly notConnected: boolean;
}

function issues(ctx: ScoringContext): Issues {
  const h = ctx.home;
  const tooYoung: number[] = [];
  const tooOld: number[] = [];
  const sexes: string[] = [];
  for (const c of ctx.subject.children) {
    if (c.age < h.ageRange.min) tooYoung.push(c.age);
    if (c.age > h.ageRange.max) tooOld.push(c.age);
    if (!h.sexesAccepted.includes(c.sex) && !sexes.includes(c.sex)) sexes.push(c.sex);
  }
  const notConnected = h.type === 'connected_person_foster' && !connectedToAny(ctx.subject, h.id);
  return { tooYoung, tooOld, sexes, notConnected };
}

/**
 * Hard rule: the children's ages and sexes must be within the home's registration or approval. A
 * connected-person foster carer is approved only for the children it is connected to.
 *
 * @example
 * ageSexRegistrationRule.evaluate(ctx).sentence; // "Registered for ages 11-17; a child aged 9 is outside it."
 */
export const ageSexRegistrationRule: RuleModule = {
  id: 'age_sex_registration',
  level: 'hard',
  passes: ageSexRegistrationPasses,
  description: "The children's ages and sexes must fall within the home's registration or approval.",
  overridable: false,
  evaluate(ctx) {
    const h = ctx.home;
    const i = issues(ctx);
    const passed = i.tooYoung.length === 0 && i.tooOld.length === 0 && i.sexes.length === 0 && !i.notConnected;
    const range = `${h.ageRange.min}-${h.ageRange.max}`;
    const parts: string[] = [];
    const outside = [...i.tooYoung, ...i.tooOld];
    if (outside.length) parts.push(`registered for ages ${range}; ${outside.length === 1 ? 'a child' : 'children'} aged ${listText(outside.map(String))} outside it`);
    if (i.sexes.length) parts.push(`accepts ${listText(h.sexesAccepted)} only, not ${listText(i.sexes)}`);
    if (i.notConnected) parts.push('a connected-person foster carer is approved only for the children it is connected to');
    const sentence = passed
      ? `Registered for ages ${range} and ${listText(h.sexesAccepted)}: the ${ctx.subject.children.length > 1 ? 'children fit' : 'child fits'}.`
      : `${(parts.join('; ') + '.').replace(/^./, (c) => c.toUpperCase())}`;
    return ruleResult(
      ctx,
      'age_sex_registration',
      false,
      passed,
      {
        ageMin: h.ageRange.min,
        ageMax: h.ageRange.max,
        ages: ctx.subject.children.map((c) => c.age),
        sexesAccepted: [...h.sexesAccepted],
        sexesNotAccepted: i.sexes,
        connectedPersonApprovalOnly: i.notConnected,
      },
      sentence,
    );
  },
  counterfactual(ctx) {
    const i = issues(ctx);
    const kinds = (i.tooYoung.length || i.tooOld.length ? 1 : 0) + (i.sexes.length ? 1 : 0) + (i.notConnected ? 1 : 0);
    if (kinds !== 1 || i.notConnected) return null;
    if (i.sexes.length) return `if its registration accepted ${listText(i.sexes)} children`;
    const lo = Math.min(ctx.home.ageRange.min, ...i.tooYoung);
    const hi = Math.max(ctx.home.ageRange.max, ...i.tooOld);
    return `if its registration covered ages ${lo}-${hi}`;
  },
};

/**
 * Fast path of {@link ageSexRegistrationRule} for callers that only need the verdict (no facts or sentence): `true` exactly
 * when `evaluate(ctx).passed`.
 *
 * @example
 * ageSexRegistrationRule.passes(ctx); // false for a 9-year-old and a home registered for 11-17
 */
function ageSexRegistrationPasses(ctx: ScoringContext): boolean {
  const h = ctx.home;
  for (const c of ctx.subject.children) {
    if (c.age < h.ageRange.min || c.age > h.ageRange.max || !h.sexesAccepted.includes(c.sex)) return false;
  }
  return !(h.type === 'connected_person_foster' && !connectedToAny(ctx.subject, h.id));
}
