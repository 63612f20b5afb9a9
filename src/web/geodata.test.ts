import { describe, expect, it } from 'vitest';
import type { DistrictCentroid } from '../../geo/postcodes.js';
import { authoritiesGeoJson, districtsPayload, parseScope, selectDistricts, WEST_MIDLANDS_REGION } from './geodata.js';

const row = (district: string, over: Partial<DistrictCentroid> = {}): DistrictCentroid => ({
  district,
  lat: 52.4,
  lon: -1.5,
  postcodes: 100,
  country: 'England',
  laCode: 'E08000026',
  laName: 'Coventry',
  laShare: 1,
  centroidLaCode: 'E08000026',
  regionCode: WEST_MIDLANDS_REGION,
  ...over,
});

describe('parseScope', () => {
  it('defaults to the demo region and accepts only known scopes', () => {
    expect(parseScope(undefined)).toBe('west_midlands');
    expect(parseScope('')).toBe('west_midlands');
    expect(parseScope('england')).toBe('england');
    expect(parseScope('mars')).toBeNull();
    expect(parseScope(['england'])).toBeNull();
  });
});

describe('selectDistricts', () => {
  const region = new Set(['E08000026']);
  it('keeps the region, plus districts whose postcodes or centroid fall mainly in a region authority', () => {
    const rows = [
      row('CV1'),
      row('OX1', { regionCode: 'E12000008', laCode: 'E10000025', centroidLaCode: 'E10000025' }),
      row('LE10', { regionCode: 'E12000004', laCode: 'E10000018', centroidLaCode: 'E08000026' }),
      row('NN1', { regionCode: 'E12000004', laCode: 'E08000026', centroidLaCode: undefined }),
      row('CF10', { country: 'Wales', regionCode: undefined, laCode: 'W06000015', centroidLaCode: undefined }),
    ];
    expect(selectDistricts(rows, 'west_midlands', region).map((d) => d.district)).toEqual(['CV1', 'LE10', 'NN1']);
    expect(selectDistricts(rows, 'england', region).map((d) => d.district)).toEqual(['CV1', 'OX1', 'LE10', 'NN1']);
  });

  it('keeps only what the page plots', () => {
    expect(selectDistricts([row('CV1')], 'west_midlands', region)[0]).toEqual({ district: 'CV1', lat: 52.4, lon: -1.5, authority: 'E08000026', authorityName: 'Coventry' });
  });
});

describe('shipped data', () => {
  it('every West Midlands authority has districts, and every district lies near the region', () => {
    const fc = JSON.parse(authoritiesGeoJson('west_midlands').toString('utf8')) as { features: { properties: { code: string } }[] };
    const { districts } = districtsPayload('west_midlands');
    for (const f of fc.features) expect(districts.some((d) => d.authority === f.properties.code), f.properties.code).toBe(true);
    for (const d of districts) {
      expect(d.lat).toBeGreaterThan(51.6);
      expect(d.lat).toBeLessThan(53.4);
      expect(d.lon).toBeGreaterThan(-3.6);
      expect(d.lon).toBeLessThan(-0.9);
    }
  });

  it('reads each file once (same buffer and payload objects on repeat calls)', () => {
    expect(authoritiesGeoJson('england')).toBe(authoritiesGeoJson('england'));
    expect(districtsPayload('england')).toBe(districtsPayload('england'));
  });
});
