import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecisionRequestSchema } from '../src/api/schemas.js';
import { HOME_TYPES } from '../src/domain/home.js';
import { ScenarioSchema } from '../src/simulate/scenario.js';
import { loadPublicModule } from './web-helpers.js';

interface NewHome {
  type: string;
  places: number;
  district: string;
  annualCost?: number;
  contract?: string;
  emergency?: boolean;
  capability?: Record<string, number>;
}
interface ScenarioMod {
  newHomeChange(h: NewHome): Record<string, unknown>;
  buildScenario(o: { name?: string; baseline?: unknown; newHomes?: NewHome[]; removedProviders?: string[]; upliftPercent?: number; runs?: number; model?: string }): Record<string, unknown>;
  providersFromHomes(records: unknown[]): { providerId: string; homes: number; places: number; freePlaces: number; types: Record<string, number>; authorities: Record<string, number> }[];
  districtSummary(records: unknown[], locate: (d: string) => { lat: number; lon: number } | null): { district: string; homes: number; places: number; setting: string }[];
}
interface DecisionMod {
  decisionBody(o: { response: { requestId: string }; choice: unknown; values: Record<string, string> }): Record<string, unknown>;
  decisionField(path: (string | number)[]): string | null;
  defaultApproverRole(a: { approver: string }[]): string;
}
const S = await loadPublicModule<ScenarioMod>('js/scenario.js');
const D = await loadPublicModule<DecisionMod>('js/decision.js');

const BASELINE = { kind: 'demo', region: 'west_midlands', children: 700, seed: 1 };

describe('scenario built by the page', () => {
  it('is a valid scenario: a new home, a provider leaving, an uplift, run settings', () => {
    const s = S.buildScenario({
      name: 'CV2 complex-needs home',
      baseline: BASELINE,
      newHomes: [{ type: 'council_childrens_home', places: 3, district: 'CV2', annualCost: 219985, contract: 'council_run', capability: { behaviour: 4, emotional_wellbeing: 4, learning: 0 } }],
      removedProviders: ['P-0007'],
      upliftPercent: 6,
      runs: 20,
      model: 'static',
    });
    const parsed = ScenarioSchema.safeParse(s);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(s.changes).toEqual([
      expect.objectContaining({ kind: 'open_homes', type: 'council_childrens_home', places: 3, districts: ['CV2'], capability: { behaviour: 4, emotional_wellbeing: 4 } }),
      expect.objectContaining({ kind: 'remove_homes', providerId: 'P-0007' }),
      expect.objectContaining({ kind: 'cost_uplift', percent: 6 }),
    ]);
    expect(s.settings).toEqual({ runs: 20, model: 'static' });
  });

  it('any form input the page accepts gives a scenario the schema accepts (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            type: fc.constantFrom(...HOME_TYPES),
            places: fc.integer({ min: 1, max: 200 }),
            district: fc.constantFrom('CV2', 'B36', 'WV1', 'ST4'),
            annualCost: fc.integer({ min: 0, max: 5_000_000 }),
            emergency: fc.boolean(),
            capability: fc.dictionary(fc.constantFrom('behaviour', 'learning', 'self_harm'), fc.integer({ min: 0, max: 4 })),
          }),
          { maxLength: 4 },
        ),
        fc.uniqueArray(fc.stringMatching(/^P-[0-9]{1,4}$/), { maxLength: 5 }),
        fc.double({ min: -50, max: 100, noNaN: true }),
        fc.integer({ min: 1, max: 500 }),
        (newHomes, removedProviders, upliftPercent, runs) => {
          const s = S.buildScenario({ name: 'x', baseline: BASELINE, newHomes, removedProviders, upliftPercent, runs });
          const parsed = ScenarioSchema.safeParse(s);
          expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
          expect((s.changes as unknown[]).length).toBe(newHomes.length + removedProviders.length + (upliftPercent !== 0 ? 1 : 0));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('summarises providers from home records, largest first', () => {
    const rec = (id: string, providerId: string, type: string, places: number, authority: string) => ({ home: { id, providerId, type, places, freePlaces: 1, contract: 'spot', location: { district: 'CV2' } }, authority });
    const providers = S.providersFromHomes([
      rec('H-1', 'P-1', 'ifa_foster', 2, 'E08000026'),
      rec('H-2', 'P-2', 'external_childrens_home', 4, 'E08000025'),
      rec('H-3', 'P-1', 'ifa_foster', 1, 'E10000031'),
    ]);
    expect(providers.map((p) => p.providerId)).toEqual(['P-2', 'P-1']);
    expect(providers[1]).toMatchObject({ homes: 2, places: 3, freePlaces: 2, types: { ifa_foster: 2 }, authorities: { E08000026: 1, E10000031: 1 } });
  });

  it('groups homes by district for the overview map', () => {
    const recs = [
      { home: { id: 'H-1', providerId: 'P', type: 'ifa_foster', places: 2, location: { district: 'CV2' } } },
      { home: { id: 'H-2', providerId: 'P', type: 'council_foster', places: 1, location: { postcode: 'CV2 4AA' } } },
      { home: { id: 'H-3', providerId: 'P', type: 'external_childrens_home', places: 4, location: { district: 'B36' } } },
      { home: { id: 'H-4', providerId: 'P', type: 'ifa_foster', places: 1, location: { district: 'ZZ99' } } },
    ];
    const at = (d: string) => (d === 'ZZ99' ? null : { lat: 52, lon: -1.5 });
    const out = S.districtSummary(recs, at);
    expect(out.find((g) => g.district === 'CV2')).toMatchObject({ homes: 2, places: 3, setting: 'fostering' });
    expect(out.find((g) => g.district === 'B36')).toMatchObject({ homes: 1, setting: 'residential' });
    expect(out).toHaveLength(2);
  });
});

describe('decision built by the page', () => {
  const response = { requestId: 'M-123' };
  it('is a valid decision for a home, with the approver as {id, role}', () => {
    const body = D.decisionBody({
      response,
      choice: { kind: 'home', candidate: { homeId: 'H-0001', rank: 2 } },
      values: { decidedBy: 'officer-17', reason: 'The top home cannot take a sibling contact plan.', approver: 'no-4', approverRole: 'nominated_officer', notes: '' },
    });
    expect(body).toEqual({ recommendationId: 'M-123', homeId: 'H-0001', decidedBy: 'officer-17', reason: 'The top home cannot take a sibling contact plan.', approver: { id: 'no-4', role: 'nominated_officer' } });
    expect(DecisionRequestSchema.safeParse(body).success).toBe(true);
  });

  it('is a valid decision for a split plan', () => {
    const plan = { total: 1, maxDistanceBetweenHomesKm: 3, sentence: '', assignments: [{ childId: 'C-1', homeId: 'H-1', total: 1 }, { childId: 'C-2', homeId: 'H-2', total: 2 }] };
    const body = D.decisionBody({ response, choice: { kind: 'split', plan }, values: { decidedBy: 'officer-17', reason: 'No home takes both children together.', approver: 'dcs-1', approverRole: 'director_of_childrens_services' } });
    expect(body.assignments).toEqual([{ childId: 'C-1', homeId: 'H-1' }, { childId: 'C-2', homeId: 'H-2' }]);
    expect(DecisionRequestSchema.safeParse(body).success).toBe(true);
  });

  it('maps the service problems to the form fields', () => {
    expect(D.decisionField(['decidedBy'])).toBe('decidedBy');
    expect(D.decisionField(['approver', 'role'])).toBe('approverRole');
    expect(D.decisionField(['approver', 'id'])).toBe('approver');
    expect(D.decisionField(['reason'])).toBe('reason');
    expect(D.decisionField(['homeId'])).toBeNull();
    expect(D.decisionField([])).toBeNull();
  });

  it('asks the Director to approve a placement at a distance', () => {
    expect(D.defaultApproverRole([{ approver: 'nominated_officer' }, { approver: 'director_of_childrens_services' }])).toBe('director_of_childrens_services');
    expect(D.defaultApproverRole([{ approver: 'host_authority_notified' }])).toBe('nominated_officer');
  });
});
