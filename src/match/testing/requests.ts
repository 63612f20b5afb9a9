import { ChildSchema, HomeSchema, MatchRequestSchema, type Child, type ChildInput, type Home, type HomeInput, type MatchRequest, type MatchRequestInput } from '../../domain/index.js';

/**
 * Builders of parsed domain objects for engine tests: a child, a home, a request (defaults applied by the
 * zod schemas, so they are exactly what the API edge would hand the engine).
 *
 * @example
 * const req = requestOf({ child: childInput({ homeLocation: { district: 'CV1' } }) });
 */
export function childInput(o: Partial<ChildInput> = {}): Child {
  return ChildSchema.parse({
    id: 'C-1',
    dateOfBirth: '2014-03-01',
    sex: 'female',
    legalStatus: 'care_order',
    placingAuthority: 'E08000026',
    homeLocation: { district: 'CV1' },
    ...o,
  });
}

export function homeInput(o: Partial<HomeInput> = {}): Home {
  return HomeSchema.parse({
    id: 'H-1',
    providerId: 'P-1',
    type: 'council_foster',
    location: { district: 'CV2' },
    registration: 'registered',
    ofsted: 'good',
    places: 2,
    freePlaces: 1,
    ageRange: { min: 0, max: 17 },
    sexesAccepted: ['female', 'male'],
    annualCost: 23993,
    contract: 'council_run',
    ...o,
  });
}

export function requestOf(o: Partial<MatchRequestInput>): MatchRequest {
  return MatchRequestSchema.parse({ asOf: '2026-11-22', ...o });
}
