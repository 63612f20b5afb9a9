import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../domain/index.js';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { kinshipFactor, kinshipScore } from './kinship.js';

describe('kinship factor', () => {
  it('scores 0 for a home with no connection (zero case)', () => {
    const f = kinshipFactor.evaluate(ctxOf(subjectOf(childOf()), homeOf()));
    expect(f).toMatchObject({ id: 'kinship', level: 'soft', weight: DEFAULT_POLICY.weights.kinship, score: 0, impact: 0 });
  });
  it('scores 1 with the full weight for a connected carer, naming the relationship', () => {
    const c = childOf({ connected: new Map([['H-1', 'grandmother']]) });
    const f = kinshipFactor.evaluate(ctxOf(subjectOf(c), homeOf({ type: 'connected_person_foster' })));
    expect(f.score).toBe(1);
    expect(f.impact).toBe(100);
    expect(f.sentence).toMatch(/grandmother.*s22C\(7\)\(a\)/);
  });
  it('scores the share of siblings connected', () => {
    expect(kinshipScore(1, 2)).toBe(0.5);
  });
});
