/**
 * Numeric codes for the enumerations the hot path reads from typed-array columns. One place, so the
 * column builder, the kernel and the rule modules agree.
 */
import {
  ADAPTATIONS,
  ContractSchema,
  HARD_RULE_IDS,
  HOME_TYPES,
  OfstedRatingSchema,
  RegistrationSchema,
  RISK_FLAGS,
  SettingSchema,
  type Adaptation,
  type CarePlanSetting,
  type HardRuleId,
  type RiskFlag,
  type Setting,
  type Sex,
} from '../domain/index.js';

/**
 * Column codes: an enumeration value's position in its zod enum (`REGISTRATIONS[code]` decodes).
 *
 * @example
 * columns.registration[i] === REGISTERED; // the home is registered
 * OFSTED_RATINGS[columns.ofsted[i]]; // "good"
 */
export const SETTINGS = SettingSchema.options;
export const REGISTRATIONS = RegistrationSchema.options;
export const OFSTED_RATINGS = OfstedRatingSchema.options;
export const CONTRACTS = ContractSchema.options;

export const HOME_TYPE_CODE: Readonly<Record<(typeof HOME_TYPES)[number], number>> = Object.fromEntries(
  HOME_TYPES.map((t, i) => [t, i]),
) as Record<(typeof HOME_TYPES)[number], number>;
export const CONNECTED_PERSON_FOSTER = HOME_TYPE_CODE.connected_person_foster;

export const SETTING_CODE: Readonly<Record<Setting, number>> = { fostering: 0, residential: 1, supported: 2 };
export const SUPPORTED_SETTING = SETTING_CODE.supported;
export const REGISTERED = REGISTRATIONS.indexOf('registered');
export const INADEQUATE = OFSTED_RATINGS.indexOf('inadequate');
export const BLOCK_CONTRACT = CONTRACTS.indexOf('block');

/**
 * Bit of a sex in a sex mask.
 *
 * @example
 * sexBit('male'); // 2
 */
export function sexBit(s: Sex): number {
  return s === 'female' ? 1 : 2;
}

/**
 * Bit of a setting in a setting mask.
 *
 * @example
 * settingBit('supported'); // 4
 */
export function settingBit(s: Setting): number {
  return 1 << SETTING_CODE[s];
}

/**
 * Settings a care plan accepts, as a mask ('any' accepts all three).
 *
 * @example
 * carePlanMask('any'); // 7
 */
export function carePlanMask(s: CarePlanSetting): number {
  return s === 'any' ? 0b111 : settingBit(s);
}

/**
 * Bit of an adaptation in an adaptation mask.
 *
 * @example
 * adaptationBit('hoist'); // 2
 */
export function adaptationBit(a: Adaptation): number {
  return 1 << ADAPTATIONS.indexOf(a);
}

/**
 * Bit of a risk flag in a risk mask.
 *
 * @example
 * riskBit('risk_to_younger_children'); // 1
 */
export function riskBit(r: RiskFlag): number {
  return 1 << RISK_FLAGS.indexOf(r);
}

/**
 * Mask over a list of adaptations.
 *
 * @example
 * adaptationMask(['wheelchair_access', 'hoist']); // 3
 */
export function adaptationMask(list: readonly Adaptation[]): number {
  let m = 0;
  for (const a of list) m |= adaptationBit(a);
  return m;
}

/**
 * Mask over a list of risk flags.
 *
 * @example
 * riskMask(['pet_allergy']); // 512
 */
export function riskMask(list: readonly RiskFlag[]): number {
  let m = 0;
  for (const r of list) m |= riskBit(r);
  return m;
}

/**
 * Bit of a hard rule in a broken-rules mask (its position in HARD_RULE_IDS).
 *
 * @example
 * RULE_BIT.free_places; // 8
 */
export const RULE_BIT: Readonly<Record<HardRuleId, number>> = Object.fromEntries(
  HARD_RULE_IDS.map((id, i) => [id, 1 << i]),
) as Record<HardRuleId, number>;

/**
 * The rule ids set in a broken-rules mask, in HARD_RULE_IDS order.
 *
 * @example
 * rulesOfMask(RULE_BIT.free_places | RULE_BIT.needs_gap); // ['free_places', 'needs_gap']
 */
export function rulesOfMask(mask: number): HardRuleId[] {
  const out: HardRuleId[] = [];
  for (let i = 0; i < HARD_RULE_IDS.length; i++) if (mask & (1 << i)) out.push(HARD_RULE_IDS[i] as HardRuleId);
  return out;
}

/**
 * Rule bits by name, for the fast path and for readers of `ScoreArrays.broken`.
 *
 * @example
 * if (scores.broken[i] & R_FREE_PLACES) console.log('full');
 */
export const R_REGISTRATION = RULE_BIT.registration;
export const R_SUPPORTED_UNDER_16 = RULE_BIT.supported_under_16;
export const R_OFSTED = RULE_BIT.ofsted_inadequate;
export const R_FREE_PLACES = RULE_BIT.free_places;
export const R_AGE_SEX = RULE_BIT.age_sex_registration;
export const R_ADAPTATIONS = RULE_BIT.adaptations;
export const R_EMERGENCY = RULE_BIT.emergency;
export const R_AVOID = RULE_BIT.avoid_area;
export const R_RESIDENTS = RULE_BIT.resident_compatibility;
export const R_NEEDS_GAP = RULE_BIT.needs_gap;
export const R_CARE_PLAN = RULE_BIT.care_plan_setting;

/**
 * Risk-flag bits used by resident compatibility.
 *
 * @example
 * riskMask(child.riskFlags) & RISK_PET_ALLERGY; // non-zero for a child allergic to pets
 */
export const RISK_YOUNGER = riskBit('risk_to_younger_children');
export const RISK_SEXUAL = riskBit('sexually_harmful_behaviour');
export const RISK_VULNERABLE = riskBit('vulnerable_to_exploitation');
export const RISK_EXPLOITER = riskBit('exploitation_risk_to_others');
export const RISK_PET_ALLERGY = riskBit('pet_allergy');
