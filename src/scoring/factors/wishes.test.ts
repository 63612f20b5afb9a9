import { describe, expect, it } from 'vitest';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { wishesFactor } from './wishes.js';

describe('wishes factor', () => {
  it('has no effect without wishes (zero case)', () => {
    expect(wishesFactor.evaluate(ctxOf(subjectOf(childOf()), homeOf())).impact).toBe(0);
  });
  it('scores 1 in a preferred district or authority, 0 elsewhere', () => {
    const c = childOf({ preferredAreas: ['CV2', 'E10000031'] });
    expect(wishesFactor.evaluate(ctxOf(subjectOf(c), homeOf({ district: 'CV2' }))).score).toBe(1);
    expect(wishesFactor.evaluate(ctxOf(subjectOf(c), homeOf({ district: 'CV34' }))).score).toBe(1);
    expect(wishesFactor.evaluate(ctxOf(subjectOf(c), homeOf({ district: 'B1' }))).score).toBe(0);
  });
});
