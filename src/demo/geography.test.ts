import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { haversineKm, MILES_20_KM } from '../../geo/distance.js';
import { draftCohort } from './cohort.js';
import { dfePlacementProfile } from './dfe.js';
import { loadDistricts, WEST_MIDLANDS_REGION } from './districts.js';
import { assignCells, CELLS, createPlacementGeography, kernelOf, placementDistrict, rowOfGroup } from './geography.js';
import { createRng } from './rng.js';

const table = loadDistricts();
const geo = createPlacementGeography(table);
const wmHomes = table.usable.filter((d) => d.regionCode === WEST_MIDLANDS_REGION);

describe('placement geography samplers', () => {
  it('only draw districts that satisfy the cell (inside/outside, within/over 20 miles)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: wmHomes.length - 1 }), fc.constantFrom(...CELLS), fc.constantFrom('tight', 'normal', 'wide' as const), fc.integer(), (i, cell, kernel, seed) => {
        const home = wmHomes[i];
        if (!home) return;
        const s = geo.sampler(home, cell, kernel);
        if (!s) return;
        const rng = createRng(seed);
        for (let k = 0; k < 20; k++) {
          const d = s.draw(rng);
          const km = haversineKm(home.lat, home.lon, d.lat, d.lon);
          expect(d.usable).toBe(true);
          expect(d.laCode === home.laCode).toBe(cell.startsWith('inside'));
          expect(km <= MILES_20_KM).toBe(cell.endsWith('within20'));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('has no district inside Coventry over 20 miles from CV1, and one outside within 20 miles', () => {
    const cv1 = table.get('CV1');
    if (!cv1) throw new Error('CV1 missing');
    expect(geo.sampler(cv1, 'inside_over20', 'normal')).toBeNull();
    expect(geo.sampler(cv1, 'outside_within20', 'normal')).not.toBeNull();
  });

  it('puts schools in a different nearby district', () => {
    const rng = createRng(3);
    for (const home of wmHomes.slice(0, 40)) {
      const d = geo.schoolSampler(home).draw(rng);
      expect(d.code).not.toBe(home.code);
      expect(haversineKm(home.lat, home.lon, d.lat, d.lon)).toBeLessThan(60);
    }
  });

  it('uses tighter kernels for kinship and parents than for children’s homes', () => {
    expect(kernelOf('kinship')).toBe('tight');
    expect(kernelOf('with_parents')).toBe('tight');
    expect(kernelOf('childrens_home')).toBe('wide');
    expect(kernelOf('foster')).toBe('normal');
  });
});

describe('assignCells', () => {
  for (const la of ['E08000025', 'E06000051', 'E08000026']) {
    it(`meets ${la}'s published locality/distance shares within a point or two`, () => {
      const profile = dfePlacementProfile(la);
      const cohort = draftCohort(createRng(1), {
        laCode: la,
        idPrefix: 'C000',
        size: profile.total,
        asOf: '2025-03-31',
        districts: table.ofAuthority(la),
        profile,
        uascShare: 0.1,
      });
      const cells = assignCells(createRng(2), profile, cohort.groups, geo);
      const count = Object.fromEntries(CELLS.map((c) => [c, 0])) as Record<(typeof CELLS)[number], number>;
      for (const g of cohort.groups) count[cells.get(g) as (typeof CELLS)[number]] += g.children.length;
      for (const c of CELLS) expect(Math.abs(count[c] / profile.total - profile.joint[c]) * 100).toBeLessThan(2.5);
      // Children's homes sit further away than kinship placements (the tilts).
      const far = (row: string): number => {
        const gs = cohort.groups.filter((g) => rowOfGroup(g) === row);
        const n = gs.reduce((s, g) => s + g.children.length, 0);
        return gs.filter((g) => cells.get(g)?.endsWith('over20')).reduce((s, g) => s + g.children.length, 0) / Math.max(1, n);
      };
      expect(far('childrens_home')).toBeGreaterThan(far('kinship'));
      // Every group gets a district that honours its cell.
      const rng = createRng(4);
      for (const g of cohort.groups.slice(0, 200)) {
        const cell = cells.get(g);
        if (!cell) throw new Error('no cell');
        const d = placementDistrict(rng, g, cell, geo);
        expect(d.laCode === la).toBe(cell.startsWith('inside'));
      }
    });
  }
});
