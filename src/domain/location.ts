import { z } from 'zod';

/**
 * Where someone or something is. Exactly one form: a full UK postcode, a postcode district (outward code),
 * or WGS84 coordinates. Postcodes resolve to their district centroid (see geo/postcodes.ts).
 *
 * @example
 * LocationSchema.parse({ postcode: 'CV1 2GT' });
 * LocationSchema.parse({ district: 'CV2' });
 * LocationSchema.parse({ lat: 52.4068, lon: -1.5197 });
 */
export const LocationSchema = z.union([
  z.strictObject({ postcode: z.string().min(5).max(9) }),
  z.strictObject({ district: z.string().min(2).max(4).regex(/^[A-Za-z]{1,2}[0-9][A-Za-z0-9]?$/, 'must be a postcode district such as CV1 or B36') }),
  z.strictObject({ lat: z.number().min(49.8).max(61), lon: z.number().min(-8.7).max(2) }),
]);
export type Location = z.infer<typeof LocationSchema>;

/** A location after geographic resolution: coordinates always, district and authority where known. */
export interface ResolvedLocation {
  readonly lat: number;
  readonly lon: number;
  /** Postcode district (outward code), given or nearest centroid. */
  readonly district: string | undefined;
  /** Upper-tier authority containing the point (point-in-polygon on the real boundary). */
  readonly authority: string | undefined;
}
