import { describe, expect, it } from 'vitest';
import { HARD_RULE_IDS } from '../../domain/index.js';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { RULES } from './index.js';

describe('rule registry', () => {
  it('lists every hard rule once, in HARD_RULE_IDS order, each with a description', () => {
    expect(RULES.map((r) => r.id)).toEqual([...HARD_RULE_IDS]);
    for (const r of RULES) {
      expect(r.level).toBe('hard');
      expect(r.description.length).toBeGreaterThan(10);
    }
  });
  it('only the two overridable rules are overridable', () => {
    expect(RULES.filter((r) => r.overridable).map((r) => r.id)).toEqual(['ofsted_inadequate', 'needs_gap']);
  });
  it('every rule passes for a plain child and a plain home (the neutral case), with a sentence', () => {
    for (const r of RULES) {
      const res = r.evaluate(ctxOf(subjectOf(childOf()), homeOf()));
      expect(res.passed, r.id).toBe(true);
      expect(res.sentence.length, r.id).toBeGreaterThan(5);
    }
  });
});
