import { describe, expect, it } from 'vitest';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { carePlanSettingRule } from './care-plan-setting.js';

describe('care_plan_setting rule', () => {
  it("passes any setting when the plan says 'any' (neutral case)", () => {
    expect(carePlanSettingRule.evaluate(ctxOf(subjectOf(childOf()), homeOf({ type: 'secure', setting: 'residential' }))).passed).toBe(true);
  });
  it('fails a residential home for a fostering plan, suggesting the setting', () => {
    const ctx = ctxOf(subjectOf(childOf({ carePlanSetting: 'fostering' })), homeOf({ type: 'council_childrens_home', setting: 'residential' }));
    const r = carePlanSettingRule.evaluate(ctx);
    expect(r).toMatchObject({ passed: false, facts: { homeSetting: 'residential', carePlanSettings: ['fostering'] } });
    expect(carePlanSettingRule.counterfactual(ctx, r)).toBe('if the care plan allowed residential');
  });
  it('passes a matching setting', () => {
    expect(carePlanSettingRule.evaluate(ctxOf(subjectOf(childOf({ carePlanSetting: 'fostering' })), homeOf())).passed).toBe(true);
  });
});
