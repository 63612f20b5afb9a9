/**
 * The commissioning page builds its scenario on the live registry (baseline kind "registry"): the pure helpers
 * in src/web/public/js/scenario.js, checked against the service's schema (ScenarioRequestSchema).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScenarioRequestSchema } from '../src/simulate/scenario.js';
import { loadPublicModule } from './web-helpers.js';

interface ScenarioMod {
  registryBaseline(o: { authority?: string | null; seed?: number; children?: number }): Record<string, unknown>;
  buildScenario(o: Record<string, unknown>): Record<string, unknown>;
  scenarioFieldOf(path: (string | number)[], layout: { newHomes: number; removed: string[] }): { id: string; providerId?: string; index?: number } | null;
  providersFromHomes(records: unknown[]): { providerId: string; districts: Record<string, number> }[];
  districtOfHome(home: unknown): string | null;
}
const S = await loadPublicModule<ScenarioMod>('js/scenario.js');

describe('the page\'s registry baseline', () => {
  it('is a valid service scenario for one authority or the whole region', () => {
    for (const authority of ['E08000026', null]) {
      const s = S.buildScenario({ baseline: S.registryBaseline({ authority, seed: 2026, children: 700 }), removedProviders: ['P-0007'], upliftPercent: 6, runs: 20, model: 'static' });
      const parsed = ScenarioRequestSchema.safeParse(s);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(parsed.data?.baseline).toEqual({ kind: 'registry', seed: 2026, children: 700, ...(authority ? { authorities: [authority] } : {}) });
    }
  });

  it('any seed and cohort size the form accepts gives a valid baseline (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 200_000 }), fc.boolean(), (seed, children, region) => {
        const b = S.registryBaseline({ authority: region ? null : 'E08000025', seed, children });
        expect(ScenarioRequestSchema.shape.baseline.safeParse(b).success).toBe(true);
      }),
    );
  });
});

describe('scenario problems map to the control that made them', () => {
  const layout = { newHomes: 2, removed: ['P-1', 'P-2'] };
  it('maps changes by the order the page builds them: new homes, providers leaving, uplift', () => {
    expect(S.scenarioFieldOf(['input', 'changes', 1, 'districts', 0], layout)).toEqual({ id: 'new-homes', index: 1 });
    expect(S.scenarioFieldOf(['input', 'changes', 3, 'providerId'], layout)).toEqual({ id: 'provider-list', providerId: 'P-2' });
    expect(S.scenarioFieldOf(['changes', 4, 'percent'], layout)).toEqual({ id: 's-uplift' });
    expect(S.scenarioFieldOf(['input', 'baseline', 'authorities', 0], layout)).toEqual({ id: 'b-authority' });
    expect(S.scenarioFieldOf(['input', 'baseline', 'children'], layout)).toEqual({ id: 'b-children' });
    expect(S.scenarioFieldOf(['input', 'settings', 'runs'], layout)).toEqual({ id: 's-runs' });
    expect(S.scenarioFieldOf(['input', 'settings', 'horizonDays'], layout)).toBeNull();
  });
});

describe('providers by district (for choosing a provider on the map)', () => {
  it('counts each provider\'s homes per postcode district', () => {
    const rec = (id: string, providerId: string, location: unknown) => ({ home: { id, providerId, type: 'ifa_foster', places: 1, freePlaces: 0, location } });
    const ps = S.providersFromHomes([rec('H-1', 'P-1', { postcode: 'cv2 4aa' }), rec('H-2', 'P-1', { district: 'CV2' }), rec('H-3', 'P-1', { lat: 52.4, lon: -1.5 }), rec('H-4', 'P-2', { district: 'B36' })]);
    expect(ps.find((p) => p.providerId === 'P-1')?.districts).toEqual({ CV2: 2 });
    expect(ps.find((p) => p.providerId === 'P-2')?.districts).toEqual({ B36: 1 });
    expect(S.districtOfHome({ location: { lat: 52, lon: -1 } })).toBeNull();
  });
});
