/**
 * Whole years between a date of birth and a reference date (UTC calendar dates).
 *
 * @example
 * ageOn('2010-09-01', '2026-08-31'); // 15
 */
export function ageOn(dateOfBirth: string, onDate: string): number {
  const b = parseIsoDate(dateOfBirth, 'ageOn');
  const d = parseIsoDate(onDate, 'ageOn');
  // YYYYMMDD: the years' difference, less one when the month and day (MMDD) come before the birthday's
  return Math.floor(d / 10000) - Math.floor(b / 10000) - (d % 10000 < b % 10000 ? 1 : 0);
}

/**
 * The English school year (Reception = 0, Year 1 = 1, ... Year 13 = 13) a child is in on a date.
 * Children start Reception in the September after their 4th birthday; the school year runs 1 Sep - 31 Aug.
 * Below Reception returns a negative number.
 *
 * @example
 * schoolYear('2011-01-15', '2026-11-22'); // 11 (key stage 4)
 */
export function schoolYear(dateOfBirth: string, onDate: string): number {
  const b = parseIsoDate(dateOfBirth, 'schoolYear');
  const d = parseIsoDate(onDate, 'schoolYear');
  const by = Math.floor(b / 10000);
  const dy = Math.floor(d / 10000);
  // Academic year of birth: born Sep-Dec belongs with the following year's cohort start.
  const cohortStart = Math.floor(b / 100) % 100 >= 9 ? by + 1 : by; // calendar year of the Sep-Aug academic cohort's end
  const academicYearStart = Math.floor(d / 100) % 100 >= 9 ? dy : dy - 1; // year the current school year began
  return academicYearStart - cohortStart - 4;
}

/** Key stage (1-5) for a school year; 0 for early years. Key stage 4 is years 10-11. */
export function keyStage(year: number): number {
  if (year < 1) return 0;
  if (year <= 2) return 1;
  if (year <= 6) return 2;
  if (year <= 9) return 3;
  if (year <= 11) return 4;
  return 5;
}

/**
 * A `YYYY-MM-DD` date as the number `YYYYMMDD` (so dates compare as numbers, and `Math.floor(n / 10000)`,
 * `Math.floor(n / 100) % 100`, `n % 100` are year, month, day), or -1 when `s` is not exactly four digits,
 * '-', two digits, '-', two digits. Reads the characters in place: no regex, no allocation.
 *
 * @example
 * plainDateNumber('2026-11-22'); // 20261122
 * plainDateNumber('2026-1-22'); // -1
 */
export function plainDateNumber(s: string): number {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return -1;
  let v = 0;
  for (let k = 0; k < 10; k++) {
    if (k === 4 || k === 7) continue;
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function parseIsoDate(s: string, fn: string): number {
  const v = plainDateNumber(s);
  if (v < 0) throw new RangeError(`${fn}: not an ISO date "${s}"`);
  return v;
}
