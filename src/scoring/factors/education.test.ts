import { describe, expect, it } from 'vitest';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { educationFactor } from './education.js';

describe('education factor', () => {
  it('has no effect without a school (zero case)', () => {
    const f = educationFactor.evaluate(ctxOf(subjectOf(childOf()), homeOf()));
    expect(f).toMatchObject({ score: 0, impact: 0, weight: 10 });
    expect(f.sentence).toMatch(/No school/);
  });
  it('scores near schools higher', () => {
    const s = subjectOf(childOf({ schoolDistrict: 'CV2' }));
    const near = educationFactor.evaluate(ctxOf(s, homeOf({ district: 'CV2' })));
    const far = educationFactor.evaluate(ctxOf(s, homeOf({ district: 'B1' })));
    expect(near.score).toBe(1);
    expect(far.score).toBeLessThan(0.1);
  });
  it('doubles the weight in key stage 4 and flags a likely school change', () => {
    const s = subjectOf(childOf({ schoolDistrict: 'CV2', age: 15, schoolYear: 11, keyStage: 4 }));
    const f = educationFactor.evaluate(ctxOf(s, homeOf({ district: 'B1' })));
    expect(f.weight).toBe(20);
    expect(f.facts).toMatchObject({ keyStage4: true, wouldChangeSchool: true });
    expect(f.impact).toBeCloseTo(20 * f.score, 12);
  });
});
