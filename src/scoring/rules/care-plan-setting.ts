import { carePlanMask, settingBit } from '../codes.js';
import { ruleResult } from '../helpers.js';
import type { RuleModule, ScoringContext } from '../types.js';

/**
 * Hard rule: the home's setting (fostering, residential, supported) must be the one every child's care plan
 * requires ('any' accepts all).
 *
 * @example
 * carePlanSettingRule.evaluate(ctx).sentence; // "The care plan requires fostering; this is a residential home."
 */
export const carePlanSettingRule: RuleModule = {
  id: 'care_plan_setting',
  level: 'hard',
  passes: carePlanSettingPasses,
  description: 'The setting must be the one the care plan requires.',
  overridable: false,
  evaluate(ctx) {
    const setting = ctx.home.setting;
    const plans = [...new Set(ctx.subject.children.map((c) => c.carePlanSetting))];
    const passed = ctx.subject.children.every((c) => (carePlanMask(c.carePlanSetting) & settingBit(setting)) !== 0);
    const required = plans.filter((p) => p !== 'any');
    const sentence = required.length === 0
      ? `The care plan accepts any setting; this is ${setting}.`
      : passed
        ? `The care plan requires ${required.join(' and ')}; this is ${setting}.`
        : `The care plan requires ${required.join(' and ')}; this is a ${setting} home.`;
    return ruleResult(ctx, 'care_plan_setting', false, passed, { homeSetting: setting, carePlanSettings: plans }, sentence);
  },
  counterfactual(ctx) {
    return `if the care plan allowed ${ctx.home.setting}`;
  },
};

/**
 * Fast path of {@link carePlanSettingRule} for callers that only need the verdict (no facts or sentence): `true` exactly
 * when `evaluate(ctx).passed`.
 *
 * @example
 * carePlanSettingRule.passes(ctx); // false for a fostering care plan and a residential home
 */
function carePlanSettingPasses(ctx: ScoringContext): boolean {
  const bit = settingBit(ctx.home.setting);
  for (const c of ctx.subject.children) if ((carePlanMask(c.carePlanSetting) & bit) === 0) return false;
  return true;
}
