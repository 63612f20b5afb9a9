import type { Child, Policy } from '../domain/index.js';
import { keyStage, schoolYear } from '../domain/index.js';

/**
 * What the report breaks results down by, derived once per child: need band, fairness groups, key stage 4.
 * Holds no identifying data beyond the pseudonymous id.
 */
export const NEED_BANDS = ['universal', 'targeted', 'specialist', 'intensive'] as const;
export type NeedBand = (typeof NEED_BANDS)[number];

/** The fairness dimensions every metric is broken down by. */
export const FAIRNESS_DIMENSIONS = ['ethnicity', 'disability', 'uasc'] as const;
export type FairnessDimension = (typeof FAIRNESS_DIMENSIONS)[number];

export interface ChildFacts {
  readonly id: string;
  readonly placingAuthority: string;
  readonly needBand: NeedBand;
  readonly carePlanSetting: Child['carePlanSetting'];
  readonly siblingGroupId: string | undefined;
  /** In key stage 4 on the reference date with a recorded school (reg 10 applies). */
  readonly ks4WithSchool: boolean;
  /** Fairness group per dimension, e.g. { ethnicity: 'White British', disability: 'disabled', uasc: 'uasc' }. */
  readonly groups: Readonly<Record<FairnessDimension, string>>;
}

/**
 * The need band of a needs profile: the highest level in any domain (0-1 universal, 2 targeted,
 * 3 specialist, 4 intensive), following the 0-4 scale of docs/needs-profile.md.
 *
 * @example
 * needBand({ behaviour: 3, learning: 1 }); // 'specialist'
 */
export function needBand(needs: Readonly<Record<string, number>>): NeedBand {
  let max = 0;
  for (const v of Object.values(needs)) if (v > max) max = v;
  if (max <= 1) return 'universal';
  if (max === 2) return 'targeted';
  if (max === 3) return 'specialist';
  return 'intensive';
}

/**
 * True when the child counts as disabled for fairness reporting: an adaptation is needed, or the
 * health/disability or communication/neurodiversity need reaches the policy's disability level.
 *
 * @example
 * isDisabled({ disabilityRequirements: ['hoist'], needs: {} } as never, DEFAULT_POLICY); // true
 */
export function isDisabled(child: Pick<Child, 'disabilityRequirements' | 'needs'>, policy: Policy): boolean {
  if (child.disabilityRequirements.length > 0) return true;
  const level = policy.thresholds.disabilityNeedLevel;
  return (child.needs.health_disability ?? 0) >= level || (child.needs.communication_neurodiversity ?? 0) >= level;
}

/**
 * Derive the facts the report needs from a child.
 *
 * @example
 * childFacts(child, '2026-04-01', DEFAULT_POLICY).needBand; // e.g. 'targeted'
 */
export function childFacts(child: Child, asOf: string, policy: Policy): ChildFacts {
  const year = schoolYear(child.dateOfBirth, asOf);
  return {
    id: child.id,
    placingAuthority: child.placingAuthority,
    needBand: needBand(child.needs),
    carePlanSetting: child.carePlanSetting,
    siblingGroupId: child.siblingGroupId,
    ks4WithSchool: keyStage(year) === 4 && child.school !== undefined,
    groups: {
      ethnicity: child.ethnicity?.trim() || 'not recorded',
      disability: isDisabled(child, policy) ? 'disabled' : 'not disabled',
      uasc: child.uasc ? 'UASC' : 'not UASC',
    },
  };
}
