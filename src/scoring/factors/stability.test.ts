import { describe, expect, it } from 'vitest';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { stabilityFactor } from './stability.js';

describe('stability factor', () => {
  it('has no effect without a current home (zero case)', () => {
    const f = stabilityFactor.evaluate(ctxOf(subjectOf(childOf()), homeOf()));
    expect(f).toMatchObject({ score: 0, impact: 0 });
    expect(f.sentence).toMatch(/No current home/);
  });
  it('scores 1 for staying and 0 for a move', () => {
    const s = subjectOf(childOf({ currentHomeId: 'H-1' }));
    expect(stabilityFactor.evaluate(ctxOf(s, homeOf({ id: 'H-1' }))).impact).toBe(20);
    expect(stabilityFactor.evaluate(ctxOf(s, homeOf({ id: 'H-2' }))).score).toBe(0);
  });
});
