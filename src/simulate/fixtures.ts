import { DEFAULT_POLICY, type Child, type Home, type NeedsProfile } from '../domain/index.js';
import { childFacts } from './facts.js';
import type { Outcome } from './metrics.js';

/**
 * Small hand-built children and homes on real Coventry and Warwickshire postcode districts, for the
 * simulation's tests and examples. Pseudonymous ids; nothing here is real data about anyone.
 */

/** Coventry (E08000026) districts, then neighbouring Warwickshire (E10000031) ones. */
export const FIXTURE_DISTRICTS = ['CV1', 'CV2', 'CV3', 'CV4', 'CV5', 'CV6', 'CV7', 'CV8', 'CV10', 'CV11', 'CV12', 'CV21', 'CV22', 'CV31', 'CV32', 'CV34'] as const;

export const COVENTRY = 'E08000026';

/**
 * A child in care with sensible defaults (12 years old on 2026-04-01, moderate needs, fostering plan).
 *
 * @example
 * fixtureChild(1, { siblingGroupId: 'SG-1' });
 */
export function fixtureChild(i: number, o: Partial<Child> = {}): Child {
  const needs: NeedsProfile = { emotional_wellbeing: 2, behaviour: 1, learning: 1 };
  return {
    id: `C-${String(i).padStart(4, '0')}`,
    dateOfBirth: '2013-09-15',
    sex: i % 2 === 0 ? 'female' : 'male',
    legalStatus: 'care_order',
    uasc: false,
    placingAuthority: COVENTRY,
    homeLocation: { district: FIXTURE_DISTRICTS[i % 6] as string },
    needs,
    disabilityRequirements: [],
    riskFlags: [],
    connectedPersons: [],
    languages: [],
    wishes: { preferredAreas: [] },
    avoidAreas: { districts: [], polygons: [] },
    urgency: 'planned',
    carePlanSetting: 'fostering',
    ethnicity: i % 3 === 0 ? 'Mixed' : 'White',
    ...o,
  };
}

/**
 * A council foster home with two places, taking 0-17s, able to meet moderate needs.
 *
 * @example
 * fixtureHome(1, { places: 3, freePlaces: 3 });
 */
export function fixtureHome(i: number, o: Partial<Home> = {}): Home {
  return {
    id: `H-${String(i).padStart(4, '0')}`,
    providerId: 'P-COUNCIL',
    type: 'council_foster',
    location: { district: FIXTURE_DISTRICTS[i % FIXTURE_DISTRICTS.length] as string },
    registration: 'registered',
    ofsted: 'good',
    places: 2,
    freePlaces: 2,
    ageRange: { min: 0, max: 17 },
    sexesAccepted: ['female', 'male'],
    capability: { emotional_wellbeing: 3, behaviour: 2, risk_outside_home: 2, self_harm: 2, learning: 2, health_disability: 2, communication_neurodiversity: 2, family_relationships: 3, identity_culture: 2, independence: 2 },
    adaptations: [],
    emergency: true,
    maxSiblingGroup: 2,
    residents: [],
    annualCost: 23_993,
    contract: 'council_run',
    languages: [],
    religion: [],
    culture: [],
    ...o,
  };
}

/**
 * A small explicit scenario baseline: `children` children waiting for homes, `homes` foster homes.
 *
 * @example
 * const { children, homes } = smallMarket(8, 5);
 */
export function smallMarket(children: number, homes: number): { children: Child[]; homes: Home[] } {
  return {
    children: Array.from({ length: children }, (_, i) => fixtureChild(i + 1)),
    homes: Array.from({ length: homes }, (_, i) => fixtureHome(i + 1)),
  };
}

/**
 * One child's outcome for metric and trace tests: fixture child `i` (or `child`) placed in a council foster
 * home in Coventry, 10 km from home, score 80; `o` overrides any field.
 *
 * @example
 * fixtureOutcome(1, { homeId: null, score: Number.NaN }); // child 1, unplaced
 */
export function fixtureOutcome(i: number, o: Partial<Outcome> = {}, child: Child = fixtureChild(i), asOf = '2026-04-01'): Outcome {
  return {
    facts: childFacts(child, asOf, DEFAULT_POLICY),
    homeId: `H-${i}`,
    homeType: 'council_foster',
    contract: 'council_run',
    setting: 'fostering',
    distanceKm: 10,
    homeAuthority: COVENTRY,
    insideAuthority: true,
    adjoining: false,
    kinship: false,
    keptSchool: null,
    score: 80,
    annualPrice: 23_993,
    stepDown: false,
    ...o,
  };
}
