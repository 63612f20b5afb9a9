import {
  AdaptationSchema,
  CarePlanSettingSchema,
  ContractSchema,
  DEFAULT_NEED_DOMAINS,
  HOME_TYPES,
  LegalStatusSchema,
  OfstedRatingSchema,
  RiskFlagSchema,
  SettingSchema,
  settingOf,
  SexSchema,
  UrgencySchema,
} from '../domain/index.js';
import { defaultAnnualCost, defaultContract } from '../simulate/costs.js';

/**
 * The page's vocabulary, built from the zod schemas in src/domain (and the simulation's default costs): the
 * one source of truth for every enum the page offers. The server serves it as an ES module at
 * `/web/js/vocabulary.js` (and as JSON at `/web/vocabulary.json`); the copy in src/web/public/js/vocabulary.js
 * exists only so the page's modules can be imported by node tests, and tests/web-vocabulary.test.ts fails
 * unless it is byte-identical to {@link vocabularyModule} (regenerate: `npx vite-node src/web/write-vocabulary.ts`).
 */

/**
 * Every list the page needs, in the domain's order.
 *
 * @example
 * webVocabulary().HOME_TYPES[0]; // 'connected_person_foster'
 */
export function webVocabulary() {
  return {
    NEED_DOMAINS: [...DEFAULT_NEED_DOMAINS],
    HOME_TYPES: [...HOME_TYPES],
    SETTINGS: [...SettingSchema.options],
    /** The setting each home type provides (src/domain/home.ts settingOf). */
    SETTING_OF_TYPE: Object.fromEntries(HOME_TYPES.map((t) => [t, settingOf(t)])),
    CONTRACTS: [...ContractSchema.options],
    /** The contract a new home of each type usually has (src/simulate/costs.ts defaultContract). */
    DEFAULT_CONTRACT: Object.fromEntries(HOME_TYPES.map((t) => [t, defaultContract(t)])),
    /** The annual cost per placement the simulation assumes for a new home of each type on its usual contract. */
    TYPICAL_COST: Object.fromEntries(HOME_TYPES.map((t) => [t, defaultAnnualCost(t, defaultContract(t))])),
    SEXES: [...SexSchema.options],
    LEGAL_STATUSES: [...LegalStatusSchema.options],
    URGENCIES: [...UrgencySchema.options],
    CARE_PLAN_SETTINGS: [...CarePlanSettingSchema.options],
    ADAPTATIONS: [...AdaptationSchema.options],
    RISK_FLAGS: [...RiskFlagSchema.options],
    OFSTED_RATINGS: [...OfstedRatingSchema.options],
  };
}
export type WebVocabulary = ReturnType<typeof webVocabulary>;

/**
 * The vocabulary as a browser ES module: one `export const` per list, frozen.
 *
 * @example
 * vocabularyModule().startsWith('// Generated'); // true
 */
export function vocabularyModule(): string {
  const lines = [
    '// Generated from the zod schemas in src/domain by src/web/vocabulary.ts; do not edit.',
    '// The server serves this module live at /web/js/vocabulary.js; this copy lets node tests import the page.',
    '// Regenerate: npx vite-node src/web/write-vocabulary.ts (tests/web-vocabulary.test.ts checks it).',
    '',
  ];
  for (const [name, value] of Object.entries(webVocabulary())) {
    lines.push(`export const ${name} = Object.freeze(${JSON.stringify(value, null, 2)});`, '');
  }
  return lines.join('\n');
}
