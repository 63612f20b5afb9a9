import { describe, expect, it } from 'vitest';
import { ageOn, keyStage, schoolYear } from './age.js';

describe('ageOn', () => {
  it('counts whole years, not yet the birthday', () => {
    expect(ageOn('2010-09-01', '2026-08-31')).toBe(15);
    expect(ageOn('2010-09-01', '2026-09-01')).toBe(16);
  });
  it('rejects a malformed date naming the function', () => {
    expect(() => ageOn('01/09/2010', '2026-01-01')).toThrow(/ageOn: not an ISO date "01\/09\/2010"/);
  });
});

describe('schoolYear and keyStage', () => {
  it('places a child born Jan 2011 in Year 11 in Nov 2026 (key stage 4)', () => {
    expect(schoolYear('2011-01-15', '2026-11-22')).toBe(11);
    expect(keyStage(11)).toBe(4);
  });
  it('places a September-born child with the younger cohort', () => {
    // Born 1 Sep 2011: starts Reception Sep 2016, so Year 10 in 2026/27.
    expect(schoolYear('2011-09-01', '2026-11-22')).toBe(10);
    // Born 31 Aug 2011: starts Reception Sep 2015, so Year 11.
    expect(schoolYear('2011-08-31', '2026-11-22')).toBe(11);
  });
  it('maps years to key stages', () => {
    expect([0, 1, 3, 7, 10, 12].map(keyStage)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
