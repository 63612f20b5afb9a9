import { normText } from '../columns.js';
import type { FactorModule, ResolvedChild, ResolvedHome, ScoringContext } from '../types.js';

/**
 * Per-child culture score: matched / applicable over language (any of the child's languages offered),
 * religion and culture (the child's ethnicity among the cultures offered); 0 when the child records none.
 *
 * @example
 * cultureScore(1, 2); // 0.5
 */
export function cultureScore(matched: number, applicable: number): number {
  return applicable === 0 ? 0 : matched / applicable;
}

/**
 * Which of language, religion, culture apply to a child and match a home (null = not applicable).
 *
 * @example
 * cultureMatches(child, home); // { language: true, religion: null, culture: false }
 */
export function cultureMatches(child: ResolvedChild, home: Pick<ResolvedHome, 'languages' | 'religion' | 'culture'>): {
  language: boolean | null;
  religion: boolean | null;
  culture: boolean | null;
} {
  const has = (list: readonly string[], v: string): boolean => list.some((x) => normText(x) === v);
  return {
    language: child.languages.length ? child.languages.some((l) => has(home.languages, normText(l))) : null,
    religion: child.religion !== undefined ? has(home.religion, normText(child.religion)) : null,
    culture: child.ethnicity !== undefined ? has(home.culture, normText(child.ethnicity)) : null,
  };
}

/**
 * Soft factor, s22(5)(c): due consideration to religious persuasion, racial origin, cultural and linguistic
 * background. Used only for matching; never a reason to exclude.
 *
 * @example
 * cultureFactor.evaluate(ctx).facts; // { languageMatch: true, religionMatch: null, cultureMatch: false }
 */
export const cultureFactor: FactorModule = {
  id: 'culture',
  level: 'soft',
  impact: cultureImpact,
  description: "Language, religion and culture the home offers against the child's background (s22(5)(c)).",
  evaluate(ctx) {
    let sum = 0;
    let lang: boolean | null = null;
    let rel: boolean | null = null;
    let cult: boolean | null = null;
    const or = (a: boolean | null, b: boolean | null): boolean | null => (b === null ? a : (a ?? false) || b);
    for (const c of ctx.subject.children) {
      const m = cultureMatches(c, ctx.home);
      const applicable = (m.language === null ? 0 : 1) + (m.religion === null ? 0 : 1) + (m.culture === null ? 0 : 1);
      const matched = (m.language ? 1 : 0) + (m.religion ? 1 : 0) + (m.culture ? 1 : 0);
      sum += cultureScore(matched, applicable);
      lang = or(lang, m.language);
      rel = or(rel, m.religion);
      cult = or(cult, m.culture);
    }
    const score = sum / ctx.subject.children.length;
    const weight = ctx.policy.weights.culture;
    const bits: string[] = [];
    if (lang !== null) bits.push(lang ? "speaks the child's language" : "does not list the child's language");
    if (rel !== null) bits.push(rel ? 'supports their religion' : 'does not list their religion');
    if (cult !== null) bits.push(cult ? 'offers their culture' : 'does not list their culture');
    const sentence = bits.length ? `The home ${bits.join(', ')}.` : 'No language, religion or culture recorded: no effect.';
    return { id: 'culture', level: 'soft', weight, score, impact: weight * score, facts: { languageMatch: lang, religionMatch: rel, cultureMatch: cult }, sentence };
  },
};

/**
 * Fast path of {@link cultureFactor} for callers that only need the impact (no facts or sentence): the same
 * arithmetic in the same order, so exactly `evaluate(ctx).impact`, to the last bit.
 *
 * @example
 * cultureFactor.impact(ctx); // === cultureFactor.evaluate(ctx).impact
 */
function cultureImpact(ctx: ScoringContext): number {
  let sum = 0;
  for (const c of ctx.subject.children) {
    if (c.languages.length === 0 && c.religion === undefined && c.ethnicity === undefined) {
      // Nothing recorded: cultureMatches would give three nulls (nothing applicable, nothing matched).
      sum += cultureScore(0, 0);
      continue;
    }
    const m = cultureMatches(c, ctx.home);
    const applicable = (m.language === null ? 0 : 1) + (m.religion === null ? 0 : 1) + (m.culture === null ? 0 : 1);
    const matched = (m.language ? 1 : 0) + (m.religion ? 1 : 0) + (m.culture ? 1 : 0);
    sum += cultureScore(matched, applicable);
  }
  return ctx.policy.weights.culture * (sum / ctx.subject.children.length);
}
