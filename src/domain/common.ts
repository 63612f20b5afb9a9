import { z } from 'zod';

/**
 * Pseudonymous identifier: letters, digits, '-', '_', '.', ':' only (no spaces, so free-text names do not fit).
 *
 * @example
 * IdSchema.parse('C-000123');
 */
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'must be a pseudonymous id: letters, digits, "-", "_", ".", ":" (no spaces)');

/** ONS code of an upper-tier (children's services) authority in England, e.g. E08000026 (Coventry). */
export const AuthorityCodeSchema = z.string().regex(/^E(06|08|09|10)\d{6}$/, 'must be an ONS upper-tier authority code such as E08000026');

/** ISO calendar date YYYY-MM-DD. */
export const IsoDateSchema = z.iso.date();

export const SexSchema = z.enum(['female', 'male']);
export type Sex = z.infer<typeof SexSchema>;

/** Physical adaptations a disabled child may need and a home may have. */
export const ADAPTATIONS = [
  'wheelchair_access',
  'hoist',
  'adapted_bathroom',
  'sensory_adaptations',
  'ground_floor_bedroom',
  'ceiling_track',
  'secure_outdoor_space',
] as const;
export const AdaptationSchema = z.enum(ADAPTATIONS);
export type Adaptation = z.infer<typeof AdaptationSchema>;

/**
 * Risk flags carried by a child, or by a home's current residents. Which pairs are incompatible is a
 * scoring rule (src/scoring/rules/resident-compatibility.ts), not a property of the flag.
 */
export const RISK_FLAGS = [
  'risk_to_younger_children',
  'sexually_harmful_behaviour',
  'violence_to_others',
  'vulnerable_to_exploitation',
  'exploitation_risk_to_others',
  'missing_episodes',
  'fire_setting',
  'substance_misuse',
  'self_harm',
  'pet_allergy',
] as const;
export const RiskFlagSchema = z.enum(RISK_FLAGS);
export type RiskFlag = z.infer<typeof RiskFlagSchema>;

/** The setting a care plan calls for. */
export const SettingSchema = z.enum(['fostering', 'residential', 'supported']);
export type Setting = z.infer<typeof SettingSchema>;
