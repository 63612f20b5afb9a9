/**
 * Whole years between a date of birth and a reference date (UTC calendar dates).
 *
 * @example
 * ageOn('2010-09-01', '2026-08-31'); // 15
 */
export function ageOn(dateOfBirth: string, onDate: string): number {
  const b = parseIsoDate(dateOfBirth, 'ageOn');
  const d = parseIsoDate(onDate, 'ageOn');
  let age = d.y - b.y;
  if (d.m < b.m || (d.m === b.m && d.d < b.d)) age -= 1;
  return age;
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
  // Academic year of birth: born Sep-Dec belongs with the following year's cohort start.
  const cohortStart = b.m >= 9 ? b.y + 1 : b.y; // calendar year of the Sep-Aug academic cohort's end
  const academicYearStart = d.m >= 9 ? d.y : d.y - 1; // year the current school year began
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

/** Parsed dates, shared and read-only (ages are asked of the same dates very often); emptied when full. */
const parsed = new Map<string, Readonly<{ y: number; m: number; d: number }>>();
const PARSED_LIMIT = 100_000;

function parseIsoDate(s: string, fn: string): Readonly<{ y: number; m: number; d: number }> {
  const known = parsed.get(s);
  if (known) return known;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new RangeError(`${fn}: not an ISO date "${s}"`);
  const date = Object.freeze({ y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) });
  if (parsed.size >= PARSED_LIMIT) parsed.clear();
  parsed.set(s, date);
  return date;
}
