import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOn } from '../domain/age.js';
import { addDays, dateOfBirthForAge, daysBetween } from './dates.js';
import { createRng } from './rng.js';

describe('dates', () => {
  it('adds days across month and leap-year ends', () => {
    expect(addDays('2025-03-31', 1)).toBe('2025-04-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(daysBetween('2025-01-01', '2025-03-01')).toBe(59);
  });

  it('rejects malformed and impossible dates naming the function', () => {
    expect(() => addDays('31/03/2025', 1)).toThrow(/addDays: not an ISO date "31\/03\/2025"/);
    expect(() => daysBetween('2025-02-30', '2025-03-01')).toThrow(/daysBetween: not a calendar date "2025-02-30"/);
  });

  it('dateOfBirthForAge gives exactly that age on the date (including 29 February)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 17 }), fc.constantFrom('2025-03-31', '2024-02-29', '2026-01-01', '2025-12-31'), (seed, age, asOf) => {
        const dob = dateOfBirthForAge(createRng(seed), asOf, age);
        expect(ageOn(dob, asOf)).toBe(age);
      }),
    );
  });
});
