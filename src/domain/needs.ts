import { z } from 'zod';

/**
 * The default open needs-profile domains (docs/needs-profile.md). Domains are data, not code: a policy may
 * carry its own list; scoring iterates over the policy's list.
 */
export const DEFAULT_NEED_DOMAINS = [
  'emotional_wellbeing',
  'behaviour',
  'risk_outside_home',
  'self_harm',
  'learning',
  'health_disability',
  'communication_neurodiversity',
  'family_relationships',
  'identity_culture',
  'independence',
] as const;

/** A level on the 0-4 scale: 0 none, 1 low, 2 moderate, 3 high, 4 very high. */
export const NeedLevelSchema = z.number().int().min(0).max(4);

/**
 * A needs profile (child) or capability profile (home): domain id to level 0-4. A missing domain means 0.
 *
 * @example
 * NeedsProfileSchema.parse({ emotional_wellbeing: 3, behaviour: 2 });
 */
export const NeedsProfileSchema = z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), NeedLevelSchema);
export type NeedsProfile = z.infer<typeof NeedsProfileSchema>;
