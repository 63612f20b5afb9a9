/**
 * The re-match end to end with the real match core (hard rules and scores from src/scoring): hand-built
 * cohorts on the test geography, and a small demo region on the real one.
 */
import { describe, expect, it } from 'vitest';
import { defaultGeography } from '../geo/geography.js';
import { ValidationError } from '../src/domain/errors.js';
import { runRematch } from '../src/rematch/index.js';
import { rematch } from '../src/rematch/rematch.js';
import { RematchReportSchema, type RematchReport } from '../src/rematch/report.js';
import { demoCohort } from '../src/rematch/demo-cohort.js';
import { formatRematchTable } from '../src/rematch/table.js';
import { child, home } from '../src/rematch/testing/fixtures.js';
import { fakeGeography } from '../src/scoring/testing/fake-geo.js';

const geo = fakeGeography();
const asOf = '2026-11-22';

function outcome(r: RematchReport, id: string) {
  const c = r.children.find((x) => x.childId === id);
  if (!c) throw new Error(`no child ${id}`);
  return c;
}

describe('rematch with the match core', () => {
  it('keeps a settled child, re-places the children of a closing home first, and places siblings together', () => {
    const cohort = {
      children: [
        child('C1', { home: 'H1', since: '2023-01-01' }),
        child('C2', { home: 'H2', since: '2024-06-01' }),
        child('C3', { group: 'G1' }),
        child('C4', { group: 'G1' }),
        child('C5'),
      ],
      homes: [
        home('H1', 1, 0, { location: { district: 'CV2' } }),
        home('H2', 1, 0, { location: { district: 'CV3' }, providerId: 'P-EXIT' }),
        home('H3', 2, 2, { location: { district: 'CV6' } }),
        home('H4', 1, 1, { location: { district: 'CV1' } }),
      ],
      overrides: [],
      asOf,
      closures: { homeIds: [], providerIds: ['P-EXIT'] },
    };
    const r = RematchReportSchema.parse(rematch(cohort, geo));
    expect(r.status).toBe('optimal');
    expect(outcome(r, 'C1')).toMatchObject({ class: 'settled', change: 'stayed', homeId: 'H1' });
    // C2's provider exits: displaced, placed before the newcomer C5 (one single place left after the siblings)
    expect(outcome(r, 'C2')).toMatchObject({ class: 'displaced', change: 'moved', reason: 'home_closed' });
    expect(outcome(r, 'C3').homeId).toBe(outcome(r, 'C4').homeId);
    expect(outcome(r, 'C3').homeId).toBe('H3');
    expect(outcome(r, 'C2').homeId).toBe('H4');
    expect(outcome(r, 'C5')).toMatchObject({ change: 'unplaced', reason: 'capacity_taken' });
    expect(r.counts).toMatchObject({ children: 5, stayed: 1, moved: 1, newlyPlaced: 2, unplaced: 1, siblingGroupsTogether: 1 });
    expect(r.contributions.find((c) => c.unit === 'g:G1')?.childIds).toEqual(['C3', 'C4']);
  });

  it('says "no eligible home" with the rules that ruled the homes out', () => {
    const cohort = {
      children: [child('C1')],
      homes: [home('H1', 1, 1, { location: { district: 'CV2' }, ageRange: { min: 0, max: 10 } })],
      overrides: [],
      asOf,
    };
    const r = rematch(cohort, geo);
    expect(outcome(r, 'C1')).toMatchObject({ change: 'unplaced', reason: 'no_eligible_home', eligibleHomes: 0 });
    expect(outcome(r, 'C1').sentence).toMatch(/age_sex_registration rules out 1/);
  });

  it('moves nobody settled with maxMoves 0, and at most maxMoves otherwise', () => {
    // two settled children in far homes with a much better home each next to them
    const cohort = {
      children: [child('C1', { home: 'H1', since: '2026-10-01' }), child('C2', { home: 'H2', since: '2026-10-01' })],
      homes: [
        home('H1', 1, 0, { location: { district: 'HR1' }, annualCost: 300000, contract: 'spot' }),
        home('H2', 1, 0, { location: { district: 'ST1' }, annualCost: 300000, contract: 'spot' }),
        home('H3', 1, 1, { location: { district: 'CV2' } }),
        home('H4', 1, 1, { location: { district: 'CV3' } }),
      ],
      overrides: [],
      asOf,
    };
    const free = rematch({ ...cohort, policy: { rematch: { movePenaltyBase: 0, movePenaltyPerMonth: 0 } } }, geo);
    expect(free.counts.settledMoved).toBe(2);
    const none = rematch({ ...cohort, policy: { rematch: { movePenaltyBase: 0, movePenaltyPerMonth: 0, maxMoves: 0 } } }, geo);
    expect(none.counts.settledMoved).toBe(0);
    expect(none.stats.mode).toBe('pinned');
    const one = rematch({ ...cohort, policy: { rematch: { movePenaltyBase: 0, movePenaltyPerMonth: 0, maxMoves: 1 } } }, geo);
    expect(one.counts.settledMoved).toBe(1);
    expect(one.status).toBe('optimal');
    expect(one.objective).toBeLessThan(free.objective);
    expect(one.objective).toBeGreaterThan(none.objective);
  });

  it('rejects a cohort with unresolvable locations, listing every one with its path, before any work', () => {
    const body = {
      children: [child('C1', { extra: { homeLocation: { postcode: 'ZZ9 9ZZ' } } })],
      homes: [home('H1', 1, 1, { location: { district: 'QQ1' } })],
      asOf,
    };
    let err: unknown;
    try {
      runRematch(body, geo);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    const paths = (err as ValidationError).problems.map((p) => p.path.join('.'));
    expect(paths.some((p) => p.startsWith('homes.0.location'))).toBe(true);
    expect(paths.some((p) => p.startsWith('children.0.homeLocation'))).toBe(true);
  });

  it('runs on a small demo region with real geography: consistent, deterministic, table renders', () => {
    const cohort = demoCohort({ demo: { seed: 3, children: 60 }, overrides: [] });
    const g = defaultGeography();
    const a = RematchReportSchema.parse(rematch(cohort, g));
    const b = rematch(cohort, g);
    const untimed = (r: RematchReport) => ({ ...r, stats: { ...r.stats, ms: 0, scoringMs: 0, solveMs: 0, phases: null } });
    expect(untimed(b)).toEqual(untimed(a));
    expect(a.counts.children).toBe(60);
    expect(a.counts.stayed + a.counts.moved + a.counts.newlyPlaced + a.counts.unplaced).toBe(60);
    expect(a.bound).toBeGreaterThanOrEqual(a.objective - 1e-6);
    const text = formatRematchTable(a);
    expect(text).toMatch(/^status (optimal|feasible)/);
    expect(text.split('\n').filter((l) => /^C/.test(l))).toHaveLength(60);
  });
});
