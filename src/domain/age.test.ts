import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOn, keyStage, plainDateNumber, schoolYear } from './age.js';

/** The regex parse the digit reader replaced (the reference for the properties below). */
function refParse(s: string): { y: number; m: number; d: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : null;
}
const pad = (v: number, w: number): string => String(v).padStart(w, '0');
const dateText = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })).map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);

describe('plainDateNumber', () => {
  it('is YYYYMMDD for a plain date and -1 otherwise, as the regex parse', () => {
    expect(plainDateNumber('2026-11-22')).toBe(20261122);
    for (const bad of ['2026-1-22', '2026/11/22', '2026-11-2x', ' 2026-11-22', '2026-11-22 ', '', '２０２６-11-22']) expect(plainDateNumber(bad)).toBe(-1);
    fc.assert(
      fc.property(fc.oneof(dateText, fc.string({ maxLength: 12 }), dateText.map((s) => s.replace(/\d/, 'a'))), (s) => {
        const r = refParse(s);
        expect(plainDateNumber(s)).toBe(r ? r.y * 10000 + r.m * 100 + r.d : -1);
      }),
    );
  });
  it('gives ageOn and schoolYear the same values as the regex parse', () => {
    fc.assert(
      fc.property(dateText, dateText, (birth, on) => {
        const b = refParse(birth)!;
        const d = refParse(on)!;
        expect(ageOn(birth, on)).toBe(d.y - b.y - (d.m < b.m || (d.m === b.m && d.d < b.d) ? 1 : 0));
        expect(schoolYear(birth, on)).toBe((d.m >= 9 ? d.y : d.y - 1) - (b.m >= 9 ? b.y + 1 : b.y) - 4);
      }),
    );
  });
});

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
