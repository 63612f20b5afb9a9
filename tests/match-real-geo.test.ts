import { beforeAll, describe, expect, it } from 'vitest';
import { loadGeography, type LoadedGeography } from '../geo/geography.js';
import { DEFAULT_POLICY, MatchResponseSchema } from '../src/domain/index.js';
import { match, scoreAll } from '../src/match/engine.js';
import { buildRegistry, type Registry } from '../src/match/registry.js';
import { resolveSubject } from '../src/match/resolve-child.js';
import { childInput, homeInput, requestOf } from '../src/match/testing/requests.js';
import { syntheticChild, syntheticHomes } from '../src/match/testing/synthetic.js';
import { explain } from '../src/scoring/explain.js';

let geo: LoadedGeography;
let wm: string[];
beforeAll(() => {
  geo = loadGeography();
  wm = geo.postcodes
    .all()
    .filter((d) => d.regionCode === 'E12000005')
    .map((d) => d.district);
});

describe('match on the real geography', () => {
  it('flags reg 11 and reg 13 by the real boundaries: Coventry, Warwickshire (adjoining), Stoke (at a distance)', () => {
    const homes = [
      homeInput({ id: 'H-COV', location: { postcode: 'CV2 4AA' } }),
      homeInput({ id: 'H-WARKS', location: { district: 'CV34' } }),
      homeInput({ id: 'H-STOKE', location: { district: 'ST1' } }),
    ];
    const reg = buildRegistry(homes, geo);
    expect(reg.homes.map((h) => h.authority)).toEqual(['E08000026', 'E10000031', 'E06000021']);
    const res = match(requestOf({ child: childInput({ homeLocation: { postcode: 'CV1 2AB' } }) }), reg, geo);
    const approvals = Object.fromEntries(res.ranked.map((r) => [r.homeId, r.approvals.map((a) => a.regulation)]));
    expect(approvals).toEqual({
      'H-COV': [],
      'H-WARKS': ['reg11_out_of_area', 'reg13_notify_host'],
      'H-STOKE': ['reg11_out_of_area', 'reg11_at_distance', 'reg13_notify_host'],
    });
    expect(res.ranked.map((r) => r.homeId)).toEqual(['H-COV', 'H-WARKS', 'H-STOKE']);
    const stoke = res.ranked.find((r) => r.homeId === 'H-STOKE');
    expect(stoke?.explanation.factors.find((f) => f.id === 'distance')?.facts.within20Miles).toBe(false);
    expect(stoke?.explanation.factors.find((f) => f.id === 'own_authority')?.sentence).toMatch(/Stoke-on-Trent, which does not adjoin/);
    expect(res.distanceProvider).toBe('great-circle');
    expect(MatchResponseSchema.parse(res)).toEqual(res);
  });

  it('fast path equals the explained path on synthetic West Midlands homes', () => {
    const reg: Registry = buildRegistry(syntheticHomes(250, wm, 7), geo);
    for (let seed = 1; seed <= 6; seed++) {
      const child = syntheticChild(seed, wm, 'E08000026');
      const subject = resolveSubject({ child }, DEFAULT_POLICY, geo, { asOf: '2026-11-22', registry: reg });
      const s = scoreAll(subject, reg, DEFAULT_POLICY, [], geo);
      for (const home of reg.homes) {
        const e = explain({ subject, home, policy: DEFAULT_POLICY, overrides: [], geo });
        expect(Math.abs((s.totals[home.index] as number) - e.total)).toBeLessThanOrEqual(1e-9);
        expect(s.eligible[home.index] === 1).toBe(e.rules.every((r) => r.passed || r.overridden));
      }
    }
  });
});
