import { z } from 'zod';
import { AdaptationSchema, AuthorityCodeSchema, IdSchema, RiskFlagSchema, SexSchema, type Setting } from './common.js';
import { LocationSchema } from './location.js';
import { NeedsProfileSchema } from './needs.js';

/** Placement types, in the vocabulary of s22C(6) and the DfE statistics. */
export const HOME_TYPES = [
  'connected_person_foster',
  'council_foster',
  'ifa_foster',
  'council_childrens_home',
  'external_childrens_home',
  'supported_shared',
  'supported_single',
  'supported_lodgings',
  'supported_247',
  'residential_special_school',
  'secure',
] as const;
export const HomeTypeSchema = z.enum(HOME_TYPES);
export type HomeType = z.infer<typeof HomeTypeSchema>;

/**
 * The setting a home type provides (what a care plan asks for).
 *
 * @example
 * settingOf('ifa_foster'); // 'fostering'
 */
export function settingOf(type: HomeType): Setting {
  switch (type) {
    case 'connected_person_foster':
    case 'council_foster':
    case 'ifa_foster':
      return 'fostering';
    case 'supported_shared':
    case 'supported_single':
    case 'supported_lodgings':
    case 'supported_247':
      return 'supported';
    default:
      return 'residential';
  }
}

export const RegistrationSchema = z.enum(['registered', 'pending', 'unregistered']);
export const OfstedRatingSchema = z.enum(['outstanding', 'good', 'requires_improvement', 'inadequate', 'not_yet_inspected']);
export type OfstedRating = z.infer<typeof OfstedRatingSchema>;
export const ContractSchema = z.enum(['council_run', 'block', 'framework', 'spot']);
export type Contract = z.infer<typeof ContractSchema>;

/** A child already living in a home (no identity: only what compatibility needs). */
export const ResidentSchema = z.strictObject({
  age: z.number().int().min(0).max(25),
  riskFlags: z.array(RiskFlagSchema).default([]),
});

/**
 * A home that can take children: a foster household, a children's home, supported accommodation,
 * a residential special school or a secure home. `authority` is derived from the real boundary the
 * location falls in; if supplied it is checked against it.
 *
 * @example
 * HomeSchema.parse({
 *   id: 'H-0001', providerId: 'P-COV', type: 'council_foster', location: { district: 'CV3' },
 *   registration: 'registered', ofsted: 'good', places: 2, freePlaces: 1,
 *   ageRange: { min: 0, max: 17 }, sexesAccepted: ['female', 'male'], annualCost: 23993, contract: 'council_run',
 * });
 */
export const HomeSchema = z.strictObject({
  id: IdSchema,
  providerId: IdSchema,
  type: HomeTypeSchema,
  location: LocationSchema,
  authority: AuthorityCodeSchema.optional(),
  registration: RegistrationSchema,
  ofsted: OfstedRatingSchema,
  places: z.number().int().min(0).max(200),
  freePlaces: z.number().int().min(0).max(200),
  ageRange: z.strictObject({ min: z.number().int().min(0).max(25), max: z.number().int().min(0).max(25) }),
  sexesAccepted: z.array(SexSchema).min(1),
  capability: NeedsProfileSchema.default({}),
  adaptations: z.array(AdaptationSchema).default([]),
  emergency: z.boolean().default(false),
  maxSiblingGroup: z.number().int().min(1).max(12).default(1),
  residents: z.array(ResidentSchema).default([]),
  household: z
    .strictObject({ childrenAges: z.array(z.number().int().min(0).max(30)).default([]), pets: z.array(z.string().max(30)).default([]) })
    .optional(),
  annualCost: z.number().min(0).max(5_000_000),
  contract: ContractSchema,
  languages: z.array(z.string().min(1).max(40)).default([]),
  religion: z.array(z.string().min(1).max(40)).default([]),
  culture: z.array(z.string().min(1).max(40)).default([]),
}).superRefine((h, ctx) => {
  if (h.freePlaces > h.places) ctx.addIssue({ code: 'custom', path: ['freePlaces'], message: `freePlaces ${h.freePlaces} exceeds places ${h.places}` });
  if (h.ageRange.min > h.ageRange.max) ctx.addIssue({ code: 'custom', path: ['ageRange'], message: `ageRange.min ${h.ageRange.min} exceeds ageRange.max ${h.ageRange.max}` });
});
export type Home = z.infer<typeof HomeSchema>;
export type HomeInput = z.input<typeof HomeSchema>;
