import { describe, expect, it } from 'vitest';
import { ChildSchema, type Child } from '../domain/child.js';
import { HomeSchema, type Home, type HomeType } from '../domain/home.js';
import { calibrate, formatCalibration } from './calibration.js';
import { dfePlacementProfile } from './dfe.js';
import { generateDemo } from './generate.js';

const COV = 'E08000026';

function child(id: string, homeId?: string): Child {
  return ChildSchema.parse({
    id,
    dateOfBirth: '2012-01-01',
    sex: 'male',
    legalStatus: 'care_order',
    placingAuthority: COV,
    homeLocation: { district: 'CV1' },
    ...(homeId ? { currentPlacement: { homeId, since: '2024-01-01' } } : {}),
  });
}

function home(id: string, type: HomeType, location: Home['location'], authority?: string): Home {
  return HomeSchema.parse({
    id,
    providerId: 'P-1',
    type,
    location,
    ...(authority ? { authority } : {}),
    registration: 'registered',
    ofsted: 'good',
    places: 2,
    freePlaces: 1,
    ageRange: { min: 0, max: 17 },
    sexesAccepted: ['female', 'male'],
    annualCost: 1000,
    contract: 'spot',
  });
}

describe('calibrate (hand-made baseline)', () => {
  const report = calibrate({
    children: [child('A', 'H1'), child('B', 'H2'), child('C'), child('D', 'H-missing'), child('E', 'H3'), child('F', 'H4')],
    homes: [
      home('H1', 'council_foster', { district: 'CV2' }),
      home('H2', 'external_childrens_home', { postcode: 'B1 1AA' }), // Birmingham, 28 km from CV1
      home('H3', 'supported_single', { district: 'SY1' }), // Shrewsbury, ~90 km
      home('H4', 'ifa_foster', { lat: 52.4094, lon: -1.5064 }, COV), // CV1 by coordinates
    ],
    meta: { otherPlacements: [{ childId: 'C', category: 'with_parents', district: 'CV1' }] },
  });
  const a = report.authorities[0];

  it('resolves placements by home type and location, and counts what it cannot resolve', () => {
    expect(report.authorities).toHaveLength(1);
    expect(a?.children).toBe(5);
    expect(a?.unresolved).toBe(1);
    expect(a?.mix.foster.generated).toBeCloseTo(2 / 5, 10);
    expect(a?.mix.childrens_homes.generated).toBeCloseTo(1 / 5, 10);
    expect(a?.mix.supported.generated).toBeCloseTo(1 / 5, 10);
    expect(a?.mix.with_parents.generated).toBeCloseTo(1 / 5, 10);
  });

  it('measures inside-the-boundary and within-20-miles shares on district centroids', () => {
    expect(a?.inside.generated).toBeCloseTo(3 / 5, 10); // CV2, CV1 (parents), CV1 (coordinates)
    expect(a?.within20.generated).toBeCloseTo(4 / 5, 10); // all but Shrewsbury
  });

  it('reports errors in percentage points against the DfE figures', () => {
    const p = dfePlacementProfile(COV);
    expect(a?.inside.dfe).toBeCloseTo(p.insideShare, 10);
    expect(a?.inside.errorPts).toBeCloseTo(Math.abs(3 / 5 - p.insideShare) * 100, 10);
    expect(a?.within20.dfe).toBeCloseTo(p.within20ShareOfKnown, 10);
    expect(a?.mix.other.imputed).toBe(true);
    expect(report.summary.maxInsideErrorPts).toBe(a?.inside.errorPts);
  });
});

describe('calibrate (generated Coventry)', () => {
  it('reproduces the published mix within 1 point and the location shares within 3 points', () => {
    const report = calibrate(generateDemo({ seed: 8, authorities: [COV] }));
    expect(report.authorities[0]?.children).toBe(684);
    expect(report.authorities[0]?.unresolved).toBe(0);
    expect(report.summary.maxMixErrorPts).toBeLessThan(1);
    expect(report.summary.maxInsideErrorPts).toBeLessThan(3);
    expect(report.summary.maxWithin20ErrorPts).toBeLessThan(3);
    const text = formatCalibration(report);
    expect(text).toContain('| Coventry (E08000026) | 684 |');
    expect(text).toMatch(/Largest error across authorities: placement mix \d+\.\d pts/);
  });
});
