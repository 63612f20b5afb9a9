import { z } from 'zod';
import { AdaptationSchema, AuthorityCodeSchema, IdSchema, IsoDateSchema, RiskFlagSchema, SexSchema } from './common.js';
import { LocationSchema } from './location.js';
import { NeedsProfileSchema } from './needs.js';

export const LegalStatusSchema = z.enum(['s20', 'care_order', 'interim_care_order', 'remand', 'police_protection']);
export type LegalStatus = z.infer<typeof LegalStatusSchema>;

export const UrgencySchema = z.enum(['planned', 'within_5_days', 'same_day']);
export type Urgency = z.infer<typeof UrgencySchema>;

export const CarePlanSettingSchema = z.enum(['fostering', 'residential', 'supported', 'any']);
export type CarePlanSetting = z.infer<typeof CarePlanSettingSchema>;

/** A GeoJSON polygon or multipolygon (WGS84 lon/lat), used for areas a child must avoid. */
export const GeoPolygonSchema = z.union([
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.tuple([z.number(), z.number()])).min(4)).min(1) }),
  z.object({
    type: z.literal('MultiPolygon'),
    coordinates: z.array(z.array(z.array(z.tuple([z.number(), z.number()])).min(4)).min(1)).min(1),
  }),
]);

/**
 * A looked-after child, pseudonymous. Age and key stage are derived from `dateOfBirth` (see src/domain/age.ts).
 * Ethnicity, religion and languages are optional and used only for matching and fairness reporting.
 *
 * @example
 * ChildSchema.parse({
 *   id: 'C-0001', dateOfBirth: '2011-05-02', sex: 'female', legalStatus: 'care_order',
 *   placingAuthority: 'E08000026', homeLocation: { postcode: 'CV2 4AA' },
 *   needs: { emotional_wellbeing: 2 }, urgency: 'planned', carePlanSetting: 'fostering',
 * });
 */
export const ChildSchema = z.strictObject({
  id: IdSchema,
  dateOfBirth: IsoDateSchema,
  sex: SexSchema,
  legalStatus: LegalStatusSchema,
  uasc: z.boolean().default(false),
  placingAuthority: AuthorityCodeSchema,
  homeLocation: LocationSchema,
  school: z.strictObject({ location: LocationSchema, urn: z.string().max(16).optional() }).optional(),
  needs: NeedsProfileSchema.default({}),
  disabilityRequirements: z.array(AdaptationSchema).default([]),
  riskFlags: z.array(RiskFlagSchema).default([]),
  siblingGroupId: IdSchema.optional(),
  connectedPersons: z
    .array(z.strictObject({ homeId: IdSchema, relationship: z.string().min(1).max(40) }))
    .default([]),
  religion: z.string().max(40).optional(),
  languages: z.array(z.string().min(1).max(40)).default([]),
  ethnicity: z.string().max(40).optional(),
  wishes: z
    .strictObject({
      /** Postcode districts (e.g. "CV2") or authority codes the child would like to live in. */
      preferredAreas: z.array(z.string().min(2).max(12)).default([]),
    })
    .default({ preferredAreas: [] }),
  avoidAreas: z
    .strictObject({
      districts: z.array(z.string().min(2).max(4)).default([]),
      polygons: z.array(GeoPolygonSchema).default([]),
    })
    .default({ districts: [], polygons: [] }),
  urgency: UrgencySchema.default('planned'),
  carePlanSetting: CarePlanSettingSchema.default('any'),
  /** Where the child lives now (for re-matching): the home id and since when. */
  currentPlacement: z.strictObject({ homeId: IdSchema, since: IsoDateSchema }).optional(),
});
export type Child = z.infer<typeof ChildSchema>;
export type ChildInput = z.input<typeof ChildSchema>;
