import { describe, expect, it } from 'vitest';
import { ChildSchema } from '../domain/index.js';
import { dayOfYear, generateArrivals, templatePool, unitShape } from './arrivals.js';
import { DEFAULT_DYNAMICS, resolveDynamics } from './dynamics.js';
import { fixtureChild } from './fixtures.js';
import { createRng } from './random.js';

const asOf = '2026-04-01';
const cohort = Array.from({ length: 60 }, (_, i) =>
  fixtureChild(i, { dateOfBirth: `${2009 + (i % 17)}-0${1 + (i % 9)}-15`, uasc: i % 10 === 0, ethnicity: i % 2 ? 'White' : 'Asian or Asian British' }),
);
const pool = templatePool(cohort, asOf);
const opts = { dynamics: DEFAULT_DYNAMICS, asOf, horizonDays: 365, childrenPerYear: 400, idPrefix: 'A0-' };

describe('generateArrivals', () => {
  it('is deterministic for a seed and different for another', () => {
    const a = generateArrivals(createRng(5), pool, opts);
    const b = generateArrivals(createRng(5), pool, opts);
    const c = generateArrivals(createRng(6), pool, opts);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });
  it('produces valid, uniquely identified children, in day order, at about the requested rate', () => {
    let total = 0;
    const ids = new Set<string>();
    for (let s = 0; s < 5; s++) {
      const units = generateArrivals(createRng(100 + s), pool, { ...opts, idPrefix: `A${s}-` });
      let prev = 0;
      for (const u of units) {
        expect(u.day).toBeGreaterThanOrEqual(prev);
        prev = u.day;
        for (const c of u.children) {
          expect(ChildSchema.safeParse(c).success).toBe(true);
          expect(ids.has(c.id)).toBe(false);
          ids.add(c.id);
          total++;
        }
      }
    }
    expect(total / 5).toBeGreaterThan(340);
    expect(total / 5).toBeLessThan(460);
  });
  it('brings more children over the summer than over the winter', () => {
    let summer = 0;
    let winter = 0;
    const start = dayOfYear(asOf);
    for (let s = 0; s < 10; s++) {
      for (const u of generateArrivals(createRng(s), pool, opts)) {
        const doy = ((start + u.day - 1) % 365) + 1;
        if (doy >= 152 && doy < 244) summer += u.children.length;
        else if (doy >= 335 || doy < 60) winter += u.children.length;
      }
    }
    expect(summer / winter).toBeGreaterThan(1.5);
  });
  it('puts the configured share of children in sibling groups sharing a family home, with kinship carers for some', () => {
    const d = resolveDynamics({ siblingShare: 0.4, kinshipAvailable: 0.5 });
    let inGroups = 0;
    let all = 0;
    let kin = 0;
    for (let s = 0; s < 10; s++) {
      for (const u of generateArrivals(createRng(s), pool, { ...opts, dynamics: d })) {
        all += u.children.length;
        if (u.children.length > 1) {
          inGroups += u.children.length;
          const g = u.children[0]?.siblingGroupId;
          expect(g).toBeDefined();
          expect(u.children.every((c) => c.siblingGroupId === g && JSON.stringify(c.homeLocation) === JSON.stringify(u.children[0]?.homeLocation))).toBe(true);
        }
        if (u.kinshipHome) {
          kin++;
          expect(u.children.every((c) => c.connectedPersons[0]?.homeId === u.kinshipHome?.id)).toBe(true);
          expect(u.kinshipHome.places).toBe(u.children.length);
        }
      }
    }
    expect(inGroups / all).toBeGreaterThan(0.3);
    expect(inGroups / all).toBeLessThan(0.5);
    expect(kin).toBeGreaterThan(0);
    expect(unitShape(d).childrenPerUnit).toBeGreaterThan(1);
  });
  it('returns nothing without templates or with a zero rate', () => {
    expect(generateArrivals(createRng(1), templatePool([], asOf), opts)).toEqual([]);
    expect(generateArrivals(createRng(1), pool, { ...opts, childrenPerYear: 0 })).toEqual([]);
  });
});
