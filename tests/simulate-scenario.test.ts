import { describe, expect, it } from 'vitest';
import { defaultGeography } from '../geo/geography.js';
import { ValidationError } from '../src/domain/index.js';
import { fixtureChild, fixtureHome } from '../src/simulate/fixtures.js';
import { prepareScenario } from '../src/simulate/prepare.js';

const geo = defaultGeography();
const explicit = {
  kind: 'explicit',
  children: [fixtureChild(1, { currentPlacement: { homeId: 'H-0001', since: '2025-01-01' } }), fixtureChild(2)],
  homes: [fixtureHome(1, { providerId: 'P-SPOT', contract: 'spot', freePlaces: 1 }), fixtureHome(2, { contract: 'block' })],
};

function problemsOf(input: unknown): { path: string; code: string; message: string }[] {
  try {
    prepareScenario(input, { geo });
  } catch (e) {
    if (e instanceof ValidationError) return e.problems.map((p) => ({ path: p.path.join('.'), code: p.code, message: p.message }));
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('prepareScenario validation', () => {
  it('collects every problem, each naming its field, before any work', () => {
    const problems = problemsOf({
      baseline: { ...explicit },
      changes: [
        { kind: 'open_homes', type: 'council_childrens_home', places: -3, districts: ['ZZ9'] },
        { kind: 'remove_homes', providerId: 'P-NOBODY' },
        { kind: 'remove_homes', where: { authority: 'E08999999' } },
        { kind: 'cost_uplift', percent: 'six' },
      ],
    });
    const byPath = new Map(problems.map((p) => [p.path, p]));
    expect(byPath.get('changes.0.places')?.message).toBe('places must be at least 1, got -3');
    expect(byPath.get('changes.0.districts.0')).toMatchObject({ code: 'unknown_postcode', message: 'prepareScenario: unknown postcode district "ZZ9"' });
    expect(byPath.get('changes.2.where.authority')).toMatchObject({ code: 'unknown_authority', message: 'prepareScenario: unknown authority "E08999999"' });
    expect(byPath.get('changes.3.percent')?.message).toBe('percent must be a number, got "six"');
    expect(problems.length).toBeGreaterThanOrEqual(4);
  });

  it('reports unknown providers and homes, and selectors that match nothing, against the baseline market', () => {
    const problems = problemsOf({
      baseline: explicit,
      changes: [
        { kind: 'remove_homes', providerId: 'P-NOBODY' },
        { kind: 'remove_homes', homeIds: ['H-0001', 'H-9999'] },
        { kind: 'end_block_contract', providerId: 'P-SPOT' },
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'changes.0.providerId', code: 'unknown_provider', message: 'prepareScenario: unknown provider "P-NOBODY" (no home in the baseline has it)' }),
        expect.objectContaining({ path: 'changes.1.homeIds.1', code: 'unknown_home' }),
        expect.objectContaining({ path: 'changes.2', code: 'no_match' }),
      ]),
    );
  });

  it('checks the explicit cohort: unknown postcodes and authorities, dangling placements', () => {
    const problems = problemsOf({
      baseline: {
        kind: 'explicit',
        children: [fixtureChild(1, { homeLocation: { district: 'ZZ99' }, currentPlacement: { homeId: 'H-NONE', since: '2025-01-01' } })],
        homes: [fixtureHome(1, { location: { postcode: 'ZZ9 9ZZ' } })],
      },
      changes: [],
    });
    const paths = problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['baseline.children.0.homeLocation.district', 'baseline.homes.0.location.postcode', 'baseline.children.0.currentPlacement.homeId']));
  });

  it('reports an unknown demo authority with its path', () => {
    const problems = problemsOf({ baseline: { kind: 'demo', authorities: ['E08000026', 'E09999999'], children: 50 }, changes: [] });
    expect(problems).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'baseline.authorities.1', code: 'unknown_authority' })]));
  });

  it('prepares a valid scenario: changes applied, displaced children listed, defaults filled', () => {
    const p = prepareScenario(
      {
        baseline: explicit,
        changes: [
          { kind: 'open_homes', type: 'council_foster', count: 2, places: 3, districts: ['CV2', 'cv3'] },
          { kind: 'remove_homes', providerId: 'P-SPOT' },
          { kind: 'cost_uplift', percent: 6 },
        ],
      },
      { geo },
    );
    expect(p.scenarioHomes.map((h) => h.id)).toEqual(['H-0002', 'H-SCN1-1', 'H-SCN1-2']);
    expect(p.displacedChildIds).toEqual(['C-0001']);
    expect(p.priceFactor.every(([, f]) => Math.abs(f - 1.06) < 1e-12)).toBe(true);
    expect(p.scenario.settings).toMatchObject({ runs: 100, horizonDays: 365, model: 'both', seed: 1 });
    expect(p.childrenPerYear).toBeGreaterThan(0);
    expect(p.effects.map((e) => e.kind)).toEqual(['open_homes', 'remove_homes', 'cost_uplift']);
  });
});
