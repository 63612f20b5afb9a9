import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../domain/errors.js';
import { createDistrictTable, loadDistricts, MIN_POSTCODES } from './districts.js';
import { WEST_MIDLANDS_CODES } from './dfe.js';

describe('loadDistricts', () => {
  const t = loadDistricts();

  it("gives Coventry its six city districts", () => {
    expect(t.ofAuthority('E08000026').map((d) => d.code)).toEqual(['CV1', 'CV2', 'CV3', 'CV4', 'CV5', 'CV6']);
  });

  it('keeps only English districts, and marks boundary-straddling and non-geographic ones unusable', () => {
    expect(t.all.length).toBe(2210);
    expect(t.get('CV7')?.usable).toBe(false); // la_code Warwickshire, centroid in Coventry
    expect(t.get('B99')?.usable).toBe(false); // 48 postcodes: non-geographic
    expect(t.usable.every((d) => d.laCode === d.centroidLaCode && d.postcodes >= MIN_POSTCODES)).toBe(true);
  });

  it('has usable districts for every West Midlands authority', () => {
    for (const code of WEST_MIDLANDS_CODES) expect(t.ofAuthority(code).length).toBeGreaterThan(0);
  });

  it('finds the nearest district to a point', () => {
    const cv1 = t.get('CV1');
    expect(cv1).toBeDefined();
    expect(t.nearest(cv1?.lat ?? 0, cv1?.lon ?? 0).code).toBe('CV1');
  });

  it('throws NotFoundError naming an authority with no districts', () => {
    expect(() => t.ofAuthority('E99999999')).toThrow(NotFoundError);
    expect(() => t.ofAuthority('E99999999')).toThrow(/no postcode districts for authority "E99999999"/);
    expect(() => createDistrictTable([]).nearest(52, -1)).toThrow(/table is empty/);
  });
});
