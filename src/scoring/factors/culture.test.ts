import { describe, expect, it } from 'vitest';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { cultureFactor } from './culture.js';

describe('culture factor', () => {
  it('has no effect when the child records nothing (zero case)', () => {
    const f = cultureFactor.evaluate(ctxOf(subjectOf(childOf()), homeOf({ languages: ['Polish'] })));
    expect(f).toMatchObject({ score: 0, impact: 0, facts: { languageMatch: null, religionMatch: null, cultureMatch: null } });
  });
  it('matches language, religion and culture case-insensitively', () => {
    const c = childOf({ languages: ['tigrinya'], religion: 'christian', ethnicity: 'eritrean' });
    const all = cultureFactor.evaluate(ctxOf(subjectOf(c), homeOf({ languages: ['Tigrinya'], religion: ['Christian'], culture: ['Eritrean'] })));
    expect(all.score).toBe(1);
    const some = cultureFactor.evaluate(ctxOf(subjectOf(c), homeOf({ languages: ['English'], religion: ['Christian'] })));
    expect(some.score).toBeCloseTo(1 / 3, 12);
    expect(some.facts).toMatchObject({ languageMatch: false, religionMatch: true, cultureMatch: false });
  });
});
