import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../domain/errors.js';
import { HOME_TYPES } from '../domain/home.js';
import { DFE_MIX_KEYS, dfeAuthorities, dfeGroupOfHomeType, dfePlacementProfile, dfeWestMidlandsAuthorities, parseDfeNumber, WEST_MIDLANDS_CODES } from './dfe.js';

describe('parseDfeNumber', () => {
  it('reads numbers and turns every suppression code into null', () => {
    expect(parseDfeNumber('1421')).toBe(1421);
    expect(parseDfeNumber('1,421')).toBe(1421);
    expect(parseDfeNumber('2.5')).toBe(2.5);
    for (const code of ['c', 'z', 'x', 'k', 'low', 'u', ':', '..', '', ' ', undefined]) expect(parseDfeNumber(code)).toBeNull();
  });
});

describe('dfePlacementProfile', () => {
  it("reproduces the README's Birmingham 2025 example", () => {
    const p = dfePlacementProfile('E08000025');
    expect(p.laName).toBe('Birmingham');
    expect(p.total).toBe(2317);
    expect(p.insideShare).toBeCloseTo(1421 / 2317, 10);
    expect(p.over20Share).toBeCloseTo(285 / 2317, 10);
    expect(p.within20ShareOfKnown).toBeCloseTo(1855 / (1855 + 285), 10);
    expect(p.mixCounts.foster).toBe(1516);
    expect(p.mixShares.foster).toBeCloseTo(1516 / 2317, 10);
  });

  it('imputes suppressed counts from the residual and says which', () => {
    const p = dfePlacementProfile('E08000026'); // Coventry: "other" rows are 'c'
    expect(p.mixCounts.other).toBeNull();
    expect(p.imputedMix).toEqual(['other']);
    // 684 - (486 + 78 + 17 + 34 + 0 + 61) = 8 children spread over the two suppressed "other" rows.
    expect(p.mixShares.other).toBeCloseTo(8 / 684, 10);
    expect(p.joint.inside_over20).toBe(0);
  });

  it('gives shares that sum to 1 for every West Midlands authority and year', () => {
    for (const code of WEST_MIDLANDS_CODES) {
      for (const year of [2021, 2025]) {
        const p = dfePlacementProfile(code, year);
        expect(DFE_MIX_KEYS.reduce((s, k) => s + p.mixShares[k], 0)).toBeCloseTo(1, 10);
        expect(Object.values(p.joint).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 10);
        expect(p.joint.inside_within20 + p.joint.inside_over20).toBeCloseTo(p.insideShare, 10);
        for (const k of DFE_MIX_KEYS) expect(p.mixShares[k]).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('reads authorities outside the West Midlands from the England file', () => {
    const p = dfePlacementProfile('E09000033'); // Westminster
    expect(p.total).toBeGreaterThan(0);
    expect(p.laName).toBe('Westminster');
  });

  it('throws NotFoundError naming the code for an unknown authority or year', () => {
    expect(() => dfePlacementProfile('E99999999')).toThrow(NotFoundError);
    expect(() => dfePlacementProfile('E99999999')).toThrow(/dfePlacementProfile: no DfE figures for authority "E99999999" in 2025/);
    expect(() => dfePlacementProfile('E09000033', 2021)).toThrow(/in 2021/);
  });
});

describe('authority lists', () => {
  it('lists the 14 West Midlands authorities with their 2025 totals (11,564 children)', () => {
    const wm = dfeWestMidlandsAuthorities();
    expect(wm.map((a) => a.laCode)).toEqual([...WEST_MIDLANDS_CODES]);
    expect(wm.reduce((s, a) => s + (a.total ?? 0), 0)).toBe(11_564);
    expect(wm.find((a) => a.laCode === 'E08000026')).toMatchObject({ laName: 'Coventry', laNumber: '331', total: 684 });
  });

  it('lists all 153 authorities for 2025, the City of London with its suppressed total as null', () => {
    const all = dfeAuthorities();
    expect(all).toHaveLength(153);
    expect(all.find((a) => a.laCode === 'E09000001')?.total).toBeNull();
    expect(() => dfePlacementProfile('E09000001')).toThrow(/no total for authority "E09000001"/);
  });
});

describe('dfeGroupOfHomeType', () => {
  it('maps every home type to a DfE placement group', () => {
    const groups = HOME_TYPES.map(dfeGroupOfHomeType);
    expect(new Set(groups)).toEqual(new Set(['foster', 'childrens_homes', 'supported', 'residential_schools']));
    expect(dfeGroupOfHomeType('connected_person_foster')).toBe('foster');
    expect(dfeGroupOfHomeType('secure')).toBe('childrens_homes');
  });
});
