import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../domain/errors.js';
import { assertCohort, checkCohort, closedHomeIds, monthsBetween, parseCohort } from './cohort.js';
import { child, home } from './testing/fixtures.js';

function problemsOf(fn: () => unknown): { path: readonly (string | number)[]; code: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return [...e.problems];
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('parseCohort', () => {
  it('accepts an explicit cohort and fills defaults', () => {
    const parsed = parseCohort({ children: [child('C1')], homes: [home('H1', 2, 1)], asOf: '2026-11-22' });
    expect(parsed.kind).toBe('cohort');
    if (parsed.kind === 'cohort') expect(parsed.cohort.overrides).toEqual([]);
  });

  it('accepts "demo" and a demo object', () => {
    expect(parseCohort('demo').kind).toBe('demo');
    const p = parseCohort({ demo: { seed: 3, children: 40 }, policy: { rematch: { maxMoves: 2 } } });
    expect(p.kind === 'demo' && p.demo.demo !== true ? p.demo.demo.children : null).toBe(40);
  });

  it('collects every shape problem with its path', () => {
    const problems = problemsOf(() =>
      parseCohort({ children: [{ ...child('C1'), sex: 'x' }], homes: [{ ...home('H1', 1, 1), places: -1 }], asOf: 'today' }),
    );
    const paths = problems.map((p) => p.path.join('.'));
    expect(paths).toContain('children.0.sex');
    expect(paths).toContain('homes.0.places');
    expect(paths).toContain('asOf');
  });

  it('reports cross-reference problems in the same error, after the shape passes', () => {
    const problems = problemsOf(() =>
      parseCohort({
        children: [child('C1', { home: 'H9' }), child('C1'), child('C2', { group: 'G1' })],
        homes: [home('H1', 1, 1), home('H1', 1, 1)],
        closures: { homeIds: ['H7'], providerIds: ['P-404'] },
      }),
    );
    expect(problems.map((p) => p.code).sort()).toEqual(
      ['dangling_reference', 'dangling_reference', 'dangling_reference', 'dangling_reference', 'duplicate_id', 'duplicate_id'].sort(),
    );
    expect(problems.find((p) => p.path.join('.') === 'children.0.currentPlacement.homeId')?.message).toMatch(/"H9"/);
    expect(problems.find((p) => p.path.join('.') === 'children.2.siblingGroupId')?.message).toMatch(/"G1"/);
  });

  it('rejects a non-object naming the function', () => {
    expect(problemsOf(() => parseCohort(42))[0]?.message).toMatch(/^parseCohort: expected an object or "demo", got 42/);
  });
});

describe('checkCohort', () => {
  it('flags more cohort residents than a home has occupied places', () => {
    const problems = checkCohort({ children: [child('C1', { home: 'H1' }), child('C2', { home: 'H1' })], homes: [home('H1', 2, 1)] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'inconsistent_occupancy', path: ['homes', 0, 'freePlaces'] });
  });

  it('flags a placement starting after asOf', () => {
    const problems = checkCohort({ children: [child('C1', { home: 'H1', since: '2027-01-01' })], homes: [home('H1', 1, 0)], asOf: '2026-11-22' });
    expect(problems[0]?.path).toEqual(['children', 0, 'currentPlacement', 'since']);
  });

  it('reports overfull homes once each, in the order children first name them, after the other child problems', () => {
    const children = [child('C1', { home: 'H2' }), child('C2', { home: 'H1' }), child('C3', { home: 'H2' }), child('C4', { home: 'H1' }), child('C1', { home: 'H9' })];
    const problems = checkCohort({ children, homes: [home('H1', 1, 0), home('H2', 1, 0)] });
    expect(problems.map((p) => [p.code, p.path.join('.')])).toEqual([
      ['duplicate_id', 'children.4.id'],
      ['dangling_reference', 'children.4.currentPlacement.homeId'],
      ['inconsistent_occupancy', 'homes.1.freePlaces'],
      ['inconsistent_occupancy', 'homes.0.freePlaces'],
    ]);
    expect(problems[2]?.message).toBe('checkCohort: home "H2" has 1 occupied place(s) (places 1, freePlaces 0) but 2 cohort children live there');
  });

  it('checks exiting providers against the homes only when closures name some', () => {
    const homes = [home('H1', 1, 1, { providerId: 'P-A' })];
    expect(checkCohort({ children: [], homes, closures: { homeIds: [], providerIds: [] } })).toEqual([]);
    expect(checkCohort({ children: [], homes, closures: { homeIds: ['H1'], providerIds: ['P-A', 'P-Z'] } }).map((p) => p.path.join('.'))).toEqual(['closures.providerIds.1']);
  });

  it('assertCohort returns the home index and each child\'s current home', () => {
    const index = assertCohort({ children: [child('C1'), child('C2', { home: 'H2' })], homes: [home('H1', 1, 1), home('H2', 1, 0)], overrides: [] });
    expect([...index.homeIndex]).toEqual([['H1', 0], ['H2', 1]]);
    expect([...index.current]).toEqual([-1, 1]);
  });

  it('is empty for a consistent cohort', () => {
    expect(checkCohort({ children: [child('C1', { home: 'H1', group: 'G' }), child('C2', { group: 'G' })], homes: [home('H1', 2, 1)] })).toEqual([]);
  });
});

describe('helpers', () => {
  it('closes every home of an exiting provider', () => {
    const homes = [home('H1', 1, 1, { providerId: 'P-A' }), home('H2', 1, 1, { providerId: 'P-B' })];
    expect([...closedHomeIds(homes, { homeIds: [], providerIds: ['P-B'] })]).toEqual(['H2']);
  });
  it('counts whole months', () => {
    expect(monthsBetween('2024-01-31', '2024-03-30')).toBe(1);
    expect(monthsBetween('2024-01-15', '2026-01-15')).toBe(24);
    expect(monthsBetween('2027-01-01', '2026-01-01')).toBe(0);
  });
  it('counts months of YYYY-MM-DD dates as the split-and-subtract definition does (fast path)', () => {
    const byParts = (since: string, asOf: string): number => {
      const [y1, m1, d1] = since.split('-').map(Number) as [number, number, number];
      const [y2, m2, d2] = asOf.split('-').map(Number) as [number, number, number];
      return Math.max(0, (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0));
    };
    const date = fc.tuple(fc.integer({ min: 1990, max: 2040 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })).map(
      ([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    );
    fc.assert(fc.property(date, date, (a, b) => monthsBetween(a, b) === byParts(a, b)), { numRuns: 500 });
    expect(monthsBetween('2024-1-31', '2024-03-30')).toBe(1); // not YYYY-MM-DD: the general path
  });
});
