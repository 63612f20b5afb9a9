import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../domain/index.js';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { needsFitFactor, needsFitScore } from './needs-fit.js';

describe('needs_fit factor', () => {
  const t = DEFAULT_POLICY.thresholds;
  it('scores 1 when no needs meet no capability (neutral case)', () => {
    const f = needsFitFactor.evaluate(ctxOf(subjectOf(childOf()), homeOf()));
    expect(f.score).toBe(1);
    expect(f.facts).toMatchObject({ unmetLevels: 0, overProvisionLevels: 0 });
  });
  it('costs unmet need heavily and over-provision mildly', () => {
    const s = subjectOf(childOf({ needs: { behaviour: 2 } }));
    const unmet = needsFitFactor.evaluate(ctxOf(s, homeOf({ capability: { behaviour: 1 } })));
    const over = needsFitFactor.evaluate(ctxOf(s, homeOf({ capability: { behaviour: 4 } })));
    expect(unmet.score).toBeCloseTo(1 - t.unmetNeedPenaltyPerLevel, 12);
    expect(over.score).toBeCloseTo(1 - t.overProvisionPenaltyPerLevel, 12); // 2 over, 1 free
    expect(over.score).toBeGreaterThan(unmet.score);
  });
  it('floors at 0 and carries both profiles for a radar chart', () => {
    expect(needsFitScore(10, 0, t)).toBe(0);
    const f = needsFitFactor.evaluate(ctxOf(subjectOf(childOf({ needs: { learning: 3 } })), homeOf({ capability: { learning: 3, behaviour: 2 } })));
    expect(f.facts.domains).toEqual(DEFAULT_POLICY.domains);
    expect((f.facts.needs as number[])[4]).toBe(3);
    expect((f.facts.capability as number[])[1]).toBe(2);
  });
});
