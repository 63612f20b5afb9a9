import type { Rng } from './rng.js';

const DAY_MS = 86_400_000;

/** Parsed dates (the simulation asks for the same few hundred dates millions of times); emptied when full. */
const parsed = new Map<string, number>();
const PARSED_LIMIT = 100_000;

function toUtc(iso: string, fn: string): number {
  const known = parsed.get(iso);
  if (known !== undefined) return known;
  const t = parseUtc(iso, fn);
  if (parsed.size >= PARSED_LIMIT) parsed.clear();
  parsed.set(iso, t);
  return t;
}

function parseUtc(iso: string, fn: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`${fn}: not an ISO date "${iso}"`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || new Date(t).getUTCDate() !== d) throw new RangeError(`${fn}: not a calendar date "${iso}"`);
  return t;
}

/** Formatted dates by UTC time (the same few hundred dates again and again); emptied when full. */
const formatted = new Map<number, string>();

function fromUtc(t: number): string {
  const known = formatted.get(t);
  if (known !== undefined) return known;
  const s = formatUtc(t);
  if (formatted.size >= PARSED_LIMIT) formatted.clear();
  formatted.set(t, s);
  return s;
}

function formatUtc(t: number): string {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return `${y}-${m < 10 ? '0' : ''}${m}-${day < 10 ? '0' : ''}${day}`;
}

/**
 * The ISO date `days` after `iso` (negative goes back). UTC calendar arithmetic.
 *
 * @example
 * addDays('2025-03-31', 1); // '2025-04-01'
 */
export function addDays(iso: string, days: number): string {
  return fromUtc(toUtc(iso, 'addDays') + Math.round(days) * DAY_MS);
}

/**
 * Whole days from `a` to `b` (positive when b is later).
 *
 * @example
 * daysBetween('2025-01-01', '2025-03-01'); // 59
 */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b, 'daysBetween') - toUtc(a, 'daysBetween')) / DAY_MS);
}

/**
 * A uniformly random date of birth such that the child is exactly `age` on `asOf`: after the day `age + 1`
 * years before, up to and including the day `age` years before.
 *
 * @example
 * dateOfBirthForAge(createRng(1), '2025-03-31', 5); // between '2019-04-01' and '2020-03-31'
 */
export function dateOfBirthForAge(rng: Rng, asOf: string, age: number): string {
  const d = new Date(toUtc(asOf, 'dateOfBirthForAge'));
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth();
  const da = d.getUTCDate();
  const latest = Date.UTC(y - age, mo, da);
  // If asOf is 29 Feb and the target year is not a leap year, Date.UTC rolls to 1 Mar: step back a day.
  const latestOk = new Date(latest).getUTCDate() === da ? latest : latest - DAY_MS;
  const earliest = Date.UTC(y - age - 1, mo, da) + DAY_MS;
  const span = Math.round((latestOk - earliest) / DAY_MS);
  return fromUtc(earliest + rng.int(0, Math.max(0, span)) * DAY_MS);
}
