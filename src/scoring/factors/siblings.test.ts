import { describe, expect, it } from 'vitest';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { siblingsFactor, siblingsScore } from './siblings.js';

describe('siblings factor', () => {
  it('has no effect for a child without siblings (zero case)', () => {
    const f = siblingsFactor.evaluate(ctxOf(subjectOf(childOf()), homeOf()));
    expect(f).toMatchObject({ score: 0, impact: 0 });
  });
  it('scores 1 for a whole group placed together', () => {
    const g = subjectOf([childOf({ id: 'A' }), childOf({ id: 'B' })]);
    const f = siblingsFactor.evaluate(ctxOf(g, homeOf()));
    expect(f.score).toBe(1);
    expect(f.impact).toBe(15);
  });
  it('scores a part of a split by how many are together', () => {
    expect(siblingsScore(1, 3)).toBe(0);
    expect(siblingsScore(2, 3)).toBe(0.5);
    const alone = subjectOf(childOf({ id: 'A' }), { groupSize: 3 });
    expect(siblingsFactor.evaluate(ctxOf(alone, homeOf())).sentence).toMatch(/apart from their 2 siblings/);
  });
});
