import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, HARD_RULE_IDS } from '../domain/index.js';
import { RULE_BIT } from './codes.js';
import { explain, isEligible } from './explain.js';
import { meanChildKm } from './helpers.js';
import { haversineKm } from '../../geo/distance.js';
import { RAD } from './columns.js';
import { allocScores, genericDistance, haversineCosKm, prepareKernel, reusePointCache, ruleFilter, scoreRange, scoreRanges, type PointCache } from './kernel.js';
import { fakeGeography, homesArb, overridesArb, policyArb, subjectArb } from './testing/arbitraries.js';
import { childOf, homeOf, registryOf, subjectOf } from './testing/fixtures.js';
import { residentTable } from './rules/resident-compatibility.js';

const geo = fakeGeography();

describe('haversineCosKm', () => {
  it('gives exactly the bits of geo haversineKm', () => {
    const ll = fc.record({ lat: fc.double({ min: -90, max: 90, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) });
    fc.assert(
      fc.property(ll, ll, (a, b) =>
        Object.is(haversineCosKm(a.lat, a.lon, Math.cos(a.lat * RAD), b.lat, b.lon, Math.cos(b.lat * RAD)), haversineKm(a.lat, a.lon, b.lat, b.lon)),
      ),
      { numRuns: 2000 },
    );
  });
});

describe('fast path (kernel) against the explained path', () => {
  it('gives the same totals (to 1e-9), eligibility, broken rules and distance for every pair', () => {
    const seen = { pairs: 0, eligible: 0, failed: new Set<string>(), partial: new Set<string>() };
    fc.assert(
      fc.property(
        homesArb(1, 20).chain((homes) => fc.tuple(fc.constant(homes), subjectArb(homes.length), overridesArb(homes.length), policyArb)),
        ([homes, subject, overrides, policy]) => {
          const reg = registryOf(homes);
          const out = scoreAll(prepareKernel(subject, reg, policy, overrides, geo), reg);
          for (const home of homes) {
            const ctx = { subject, home, policy, overrides, geo };
            seen.pairs++;
            const e = explain(ctx);
            const i = home.index;
            expect(Math.abs((out.totals[i] as number) - e.total)).toBeLessThanOrEqual(1e-9);
            expect(out.eligible[i] === 1).toBe(isEligible(e.rules));
            if (out.eligible[i] === 1) seen.eligible++;
            for (const r of e.rules) if (!r.passed) seen.failed.add(r.id);
            for (const f of e.factors) if (f.score > 0 && f.score < 1) seen.partial.add(f.id);
            let mask = 0;
            for (const r of e.rules) if (!r.passed && !r.overridden) mask |= RULE_BIT[r.id];
            expect(out.broken[i]).toBe(mask);
            expect(Math.abs((out.km[i] as number) - meanChildKm(ctx))).toBeLessThanOrEqual(1e-9);
          }
        },
      ),
      { numRuns: 300 },
    );
    // The generators must reach every branch: eligible homes, every rule failing, graded factor scores.
    expect(seen.eligible).toBeGreaterThan(seen.pairs / 100);
    expect([...seen.failed].sort()).toEqual([...HARD_RULE_IDS].sort());
    expect(seen.partial.size).toBeGreaterThanOrEqual(6);
  });

  it('agrees when the policy scores other domains, in another order, than the homes declare', () => {
    const extra = ['custom_a', 'custom_b'];
    fc.assert(
      fc.property(
        homesArb(1, 12),
        fc.shuffledSubarray([...DEFAULT_POLICY.domains, ...extra], { minLength: 1 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 12, maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 2 }),
        (homes0, domains, levels, customCaps) => {
          const homes = homes0.map((h, i) => (i % 2 ? { ...h, capability: { ...h.capability, custom_a: customCaps[0] as number } } : h));
          const policy = { ...DEFAULT_POLICY, domains };
          const needs = new Float64Array(domains.map((_, k) => levels[k] as number));
          const subject = subjectOf(childOf({ needs }), { domains });
          const reg = registryOf(homes);
          const out = scoreAll(prepareKernel(subject, reg, policy, [], geo), reg);
          for (const home of homes) {
            const e = explain({ subject, home, policy, overrides: [], geo });
            expect(Math.abs((out.totals[home.index] as number) - e.total)).toBeLessThanOrEqual(1e-9);
            expect(out.eligible[home.index] === 1).toBe(isEligible(e.rules));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('agrees with a distance provider other than great-circle (the generic path)', () => {
    const road = { id: 'road-factor-1.3', km: (a: { lat: number; lon: number }, b: { lat: number; lon: number }) => 1.3 * haversineKm(a.lat, a.lon, b.lat, b.lon) };
    const roadGeo = { ...geo, distance: road };
    fc.assert(
      fc.property(homesArb(1, 15).chain((hs) => fc.tuple(fc.constant(hs), subjectArb(hs.length))), ([homes, subject]) => {
        const reg = registryOf(homes);
        const p = prepareKernel(subject, reg, DEFAULT_POLICY, [], roadGeo);
        expect(p.greatCircle).toBe(false);
        const out = allocScores(homes.length);
        scoreRange(p, reg.columns, 0, homes.length, out, genericDistance(subject, reg, roadGeo));
        for (const home of homes) {
          const ctx = { subject, home, policy: DEFAULT_POLICY, overrides: [], geo: roadGeo };
          expect(Math.abs((out.totals[home.index] as number) - explain(ctx).total)).toBeLessThanOrEqual(1e-9);
          expect(Math.abs((out.km[home.index] as number) - meanChildKm(ctx))).toBeLessThanOrEqual(1e-9);
        }
      }),
      { numRuns: 60 },
    );
    expect(() => scoreRange(prepareKernel(subjectOf(childOf()), registryOf([homeOf()]), DEFAULT_POLICY, [], roadGeo), registryOf([homeOf()]).columns, 0, 1, allocScores(1))).toThrow(
      /scoreRange: a non-great-circle distance provider needs `dist`/,
    );
  });

  it('scores a sub-range exactly as the full range does', () => {
    fc.assert(
      fc.property(
        homesArb(2, 20).chain((homes) => fc.tuple(fc.constant(homes), subjectArb(homes.length), fc.integer({ min: 0, max: homes.length }))),
        ([homes, subject, cut]) => {
          const reg = registryOf(homes);
          const p = prepareKernel(subject, reg, policyFor(), [], geo);
          const whole = scoreAll(p, reg);
          const parts = allocScores(homes.length);
          scoreRange(p, reg.columns, cut, homes.length, parts);
          scoreRange(p, reg.columns, 0, cut, parts);
          expect(Array.from(parts.totals)).toEqual(Array.from(whole.totals));
          expect(Array.from(parts.broken)).toEqual(Array.from(whole.broken));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('marks a plain home eligible and a full one with exactly free_places', () => {
    const homes = [homeOf({ id: 'H-A', index: 0 }), homeOf({ id: 'H-B', index: 1, freePlaces: 0 })];
    const reg = registryOf(homes);
    const out = allocScores(2);
    scoreRange(prepareKernel(subjectOf(childOf()), reg, policyFor(), [], geo), reg.columns, 0, 2, out);
    expect(Array.from(out.eligible)).toEqual([1, 0]);
    expect(out.broken[1]).toBe(RULE_BIT.free_places);
    expect(HARD_RULE_IDS.length).toBeLessThanOrEqual(16); // fits the Uint16 mask
  });
});

describe('fast path options and reuse', () => {
  it('eligibleOnly: same eligibility and eligible totals; ineligible homes get some of their broken rules and NaN', () => {
    fc.assert(
      fc.property(
        homesArb(1, 20).chain((homes) => fc.tuple(fc.constant(homes), subjectArb(homes.length), overridesArb(homes.length), policyArb)),
        ([homes, subject, overrides, policy]) => {
          const reg = registryOf(homes);
          const full = allocScores(homes.length);
          const only = allocScores(homes.length);
          scoreRange(prepareKernel(subject, reg, policy, overrides, geo), reg.columns, 0, homes.length, full);
          scoreRange(prepareKernel(subject, reg, policy, overrides, geo), reg.columns, 0, homes.length, only, undefined, { eligibleOnly: true });
          expect(Array.from(only.eligible)).toEqual(Array.from(full.eligible));
          for (let i = 0; i < homes.length; i++) {
            if (full.eligible[i]) {
              expect(Object.is(only.totals[i], full.totals[i])).toBe(true);
              expect(Object.is(only.km[i], full.km[i])).toBe(true);
              expect(only.broken[i]).toBe(0);
            } else {
              expect(Number.isNaN(only.totals[i])).toBe(true);
              expect(only.broken[i]).not.toBe(0);
              expect(only.broken[i]! & ~full.broken[i]!).toBe(0); // a subset of the rules broken
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('eligibleList: lists the eligible homes in scoring order and scoreRanges returns their count', () => {
    fc.assert(
      fc.property(
        homesArb(2, 20).chain((homes) =>
          fc.tuple(fc.constant(homes), subjectArb(homes.length), overridesArb(homes.length), fc.uniqueArray(fc.integer({ min: 0, max: homes.length }), { minLength: 2, maxLength: 6 }), fc.boolean()),
        ),
        ([homes, subject, overrides, cuts, eligibleOnly]) => {
          const reg = registryOf(homes);
          const ranges = [...cuts].sort((a, b) => a - b);
          if (ranges.length % 2) ranges.pop();
          const full = allocScores(homes.length);
          scoreRanges(prepareKernel(subject, reg, DEFAULT_POLICY, overrides, geo), reg.columns, ranges, full);
          const out = allocScores(homes.length);
          out.totals.fill(-1);
          const list = new Int32Array(homes.length).fill(-7);
          const count = scoreRanges(prepareKernel(subject, reg, DEFAULT_POLICY, overrides, geo), reg.columns, ranges, out, undefined, { eligibleOnly, eligibleList: list });
          const expected: number[] = [];
          for (let k = 0; k < ranges.length; k += 2) for (let i = ranges[k]!; i < ranges[k + 1]!; i++) if (full.eligible[i]) expected.push(i);
          expect(count).toBe(expected.length);
          expect(Array.from(list.subarray(0, count))).toEqual(expected);
          expect(Array.from(list.subarray(count)).every((x) => x === -7)).toBe(true);
          for (const i of expected) expect(Object.is(out.totals[i], full.totals[i])).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('filter: the same eligible list, count and totals as without it, over any ranges, subjects and overrides', () => {
    let skipped = 0;
    let listed = 0;
    fc.assert(
      fc.property(
        homesArb(2, 40).chain((homes) =>
          fc.tuple(
            fc.constant(homes),
            fc.array(fc.tuple(subjectArb(homes.length), overridesArb(homes.length), fc.uniqueArray(fc.integer({ min: 0, max: homes.length }), { minLength: 2, maxLength: 8 })), {
              minLength: 1,
              maxLength: 6,
            }),
          ),
        ),
        ([homes, calls]) => {
          const reg = registryOf(homes);
          // one filter for every call over this registry: its bit sets are reused from subject to subject
          const filter = ruleFilter(reg.columns);
          for (const [subject, overrides, cuts] of calls) {
            const ranges = [...cuts].sort((a, b) => a - b);
            if (ranges.length % 2) ranges.pop();
            const p = prepareKernel(subject, reg, DEFAULT_POLICY, overrides, geo);
            const plain = allocScores(homes.length);
            const plainList = new Int32Array(homes.length);
            const want = scoreRanges(p, reg.columns, ranges, plain, undefined, { eligibleOnly: true, eligibleList: plainList });
            const out = allocScores(homes.length);
            const list = new Int32Array(homes.length).fill(-7);
            const got = scoreRanges(p, reg.columns, ranges, out, undefined, { eligibleOnly: true, eligibleList: list, filter });
            expect(got).toBe(want);
            expect(Array.from(list.subarray(0, got))).toEqual(Array.from(plainList.subarray(0, want)));
            expect(Array.from(list.subarray(got)).every((x) => x === -7)).toBe(true);
            for (const i of list.subarray(0, got)) {
              expect(Object.is(out.totals[i], plain.totals[i])).toBe(true);
              expect(Object.is(out.km[i], plain.km[i])).toBe(true);
            }
            let inRanges = 0;
            for (let k = 0; k < ranges.length; k += 2) inRanges += ranges[k + 1]! - ranges[k]!;
            skipped += inRanges - got;
            listed += got;
          }
        },
      ),
      { numRuns: 200 },
    );
    // both kinds of homes were met: listed ones and skipped ones
    expect(listed).toBeGreaterThan(50);
    expect(skipped).toBeGreaterThan(50);
  });

  it('filter: word boundaries (registries over 32 homes, ranges cut anywhere) and specials whose bit is unset', () => {
    fc.assert(
      fc.property(
        homesArb(33, 90).chain((homes) => fc.tuple(fc.constant(homes), subjectArb(homes.length), fc.integer({ min: 0, max: homes.length }), fc.integer({ min: 0, max: homes.length }))),
        ([homes, subject, a, b]) => {
          const reg = registryOf(homes);
          const ranges = [Math.min(a, b), Math.max(a, b), 0, Math.min(a, b)];
          const p = prepareKernel(subject, reg, DEFAULT_POLICY, [], geo);
          const plainList = new Int32Array(homes.length);
          const want = scoreRanges(p, reg.columns, ranges, allocScores(homes.length), undefined, { eligibleOnly: true, eligibleList: plainList });
          const list = new Int32Array(homes.length);
          const got = scoreRanges(p, reg.columns, ranges, allocScores(homes.length), undefined, { eligibleOnly: true, eligibleList: list, filter: ruleFilter(reg.columns) });
          expect(Array.from(list.subarray(0, got))).toEqual(Array.from(plainList.subarray(0, want)));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('currentIndex and a resident table (the caller knows where each child lives) give the params of the lookups', () => {
    let own = 0;
    fc.assert(
      fc.property(
        homesArb(1, 15).chain((homes) => fc.tuple(fc.constant(homes), subjectArb(homes.length), fc.boolean())),
        ([homes0, subject, listed]) => {
          // often, each child who has a current home is listed among its residents (as a re-match cohort has it)
          const homes = homes0.map((h) => {
            const mine = listed ? subject.children.filter((c) => c.currentHomeId === h.id).map((c) => ({ age: c.age, riskFlags: [...c.riskFlags] })) : [];
            return mine.length > 0 ? { ...h, residents: [...h.residents, ...mine] } : h;
          });
          const reg = registryOf(homes);
          const currentIndex = subject.children.map((c) => (c.currentHomeId === undefined ? -1 : reg.indexOf(c.currentHomeId)));
          const looked = prepareKernel(subject, reg, DEFAULT_POLICY, [], geo);
          for (const options of [{ currentIndex }, { currentIndex, residents: residentTable(reg.homes) }]) {
            const known = prepareKernel(subject, reg, DEFAULT_POLICY, [], geo, undefined, options);
            expect(Array.from(known.special)).toEqual(Array.from(looked.special));
            expect(Array.from(known.specHere)).toEqual(Array.from(looked.specHere));
            expect(Array.from(known.specOcc)).toEqual(Array.from(looked.specOcc));
          }
          for (const h of looked.specHere) if (h > 0) own++;
        },
      ),
      { numRuns: 150 },
    );
    expect(own).toBeGreaterThan(20);
  });

  it('scoreRanges over several ranges equals scoreRange over each', () => {
    fc.assert(
      fc.property(
        homesArb(2, 20).chain((homes) => fc.tuple(fc.constant(homes), subjectArb(homes.length), fc.uniqueArray(fc.integer({ min: 0, max: homes.length }), { minLength: 2, maxLength: 6 }))),
        ([homes, subject, cuts]) => {
          const reg = registryOf(homes);
          const ranges = [...cuts].sort((a, b) => a - b);
          if (ranges.length % 2) ranges.pop();
          const one = allocScores(homes.length);
          scoreRanges(prepareKernel(subject, reg, DEFAULT_POLICY, [], geo), reg.columns, ranges, one);
          const each = allocScores(homes.length);
          const p = prepareKernel(subject, reg, DEFAULT_POLICY, [], geo);
          for (let k = 0; k < ranges.length; k += 2) scoreRange(p, reg.columns, ranges[k]!, ranges[k + 1]!, each);
          expect(Array.from(one.totals)).toEqual(Array.from(each.totals));
          expect(Array.from(one.broken)).toEqual(Array.from(each.broken));
          expect(Array.from(one.eligible)).toEqual(Array.from(each.eligible));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('reused params arrays and distance cache give every subject the results of fresh ones', () => {
    fc.assert(
      fc.property(
        homesArb(1, 15).chain((homes) => fc.tuple(fc.constant(homes), fc.array(subjectArb(homes.length), { minLength: 2, maxLength: 5 }))),
        ([homes, subjects]) => {
          const reg = registryOf(homes);
          let cache: PointCache | undefined;
          let spent: ReturnType<typeof prepareKernel> | undefined;
          for (const subject of subjects) {
            const fresh = scoreAll(prepareKernel(subject, reg, DEFAULT_POLICY, [], geo), reg);
            const p = prepareKernel(subject, reg, DEFAULT_POLICY, [], geo, spent);
            spent = p;
            const before = cache;
            cache = reusePointCache(p, cache);
            if (before) expect(cache).toBe(before); // same registry: the memory is reused
            const reused = scoreAll(p, reg);
            expect(Array.from(reused.totals)).toEqual(Array.from(fresh.totals));
            expect(Array.from(reused.km)).toEqual(Array.from(fresh.km));
            expect(Array.from(reused.broken)).toEqual(Array.from(fresh.broken));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('two reuse chains interleaved (pooled special-home lists and district tables) give the results of fresh params', () => {
    const lengths = new Set<number>();
    fc.assert(
      fc.property(
        homesArb(1, 15).chain((homes) =>
          fc.tuple(fc.constant(homes), fc.array(fc.tuple(subjectArb(homes.length), overridesArb(homes.length), fc.boolean()), { minLength: 2, maxLength: 8 })),
        ),
        ([homes, subjects]) => {
          const reg = registryOf(homes);
          const spent: (ReturnType<typeof prepareKernel> | undefined)[] = [undefined, undefined];
          for (const [subject, overrides, second] of subjects) {
            const fresh = scoreAll(prepareKernel(subject, reg, DEFAULT_POLICY, overrides, geo), reg);
            const chain = second ? 1 : 0;
            const p = prepareKernel(subject, reg, DEFAULT_POLICY, overrides, geo, spent[chain]);
            spent[chain] = p;
            lengths.add(p.special.length);
            // no array is shared with the other chain's live params
            const other = spent[1 - chain];
            if (other) for (const k of ['special', 'specKin', 'specHere', 'specFlags', 'specOcc', 'avoidDistrict'] as const) if (p[k] && p[k].length > 0) expect(p[k]).not.toBe(other[k]);
            const out = scoreAll(p, reg);
            expect(Array.from(out.totals)).toEqual(Array.from(fresh.totals));
            expect(Array.from(out.broken)).toEqual(Array.from(fresh.broken));
            expect(Array.from(out.eligible)).toEqual(Array.from(fresh.eligible));
          }
        },
      ),
      { numRuns: 150 },
    );
    expect(lengths.size).toBeGreaterThan(2); // the lists' lengths did vary
  });

  it('params reading the shared needs memo (sharedNeeds) give the results of params with a table of their own', () => {
    let sharedSeen = 0;
    fc.assert(
      fc.property(
        homesArb(1, 15).chain((homes) =>
          fc.tuple(
            fc.constant(homes),
            fc.array(fc.tuple(subjectArb(homes.length), fc.boolean(), fc.boolean()), { minLength: 2, maxLength: 5 }),
          ),
        ),
        ([homes, subjects]) => {
          const reg = registryOf(homes);
          let spent: ReturnType<typeof prepareKernel> | undefined;
          for (const [base, sharedNeeds, fractional] of subjects) {
            // a fractional need level is not memoised: such a subject gets a table of its own either way
            const subject = fractional
              ? { ...base, children: base.children.map((c) => ({ ...c, needs: Float64Array.from(c.needs, (v, k) => (k === 0 ? v + 0.5 : v)) })) }
              : base;
            const fresh = scoreAll(prepareKernel(subject, reg, DEFAULT_POLICY, [], geo), reg);
            const p = prepareKernel(subject, reg, DEFAULT_POLICY, [], geo, spent, { sharedNeeds });
            spent = p;
            if (sharedNeeds && !fractional) {
              expect(p.needsTable.length).toBeGreaterThan(p.nc * p.C * 625); // the memo, read in place
              sharedSeen++;
            } else expect(p.needsTable.length).toBe(p.nc * p.C * 625);
            const out = scoreAll(p, reg);
            expect(Array.from(out.totals)).toEqual(Array.from(fresh.totals));
            expect(Array.from(out.broken)).toEqual(Array.from(fresh.broken));
            expect(Array.from(out.eligible)).toEqual(Array.from(fresh.eligible));
          }
        },
      ),
      { numRuns: 100 },
    );
    expect(sharedSeen).toBeGreaterThan(20);
  });

  it('agrees with the explained path when the subject’s children are among their current home’s residents', () => {
    let excluded = 0;
    fc.assert(
      fc.property(
        homesArb(1, 12).chain((homes) => fc.tuple(fc.constant(homes), subjectArb(homes.length))),
        ([homes0, subject]) => {
          // each child who has a current home is listed among its residents (as a re-match cohort has it)
          const homes = homes0.map((h) => {
            const own = subject.children.filter((c) => c.currentHomeId === h.id).map((c) => ({ age: c.age, riskFlags: [...c.riskFlags] }));
            if (own.length > 0) excluded++;
            return own.length > 0 ? { ...h, residents: [...own, ...h.residents] } : h;
          });
          const reg = registryOf(homes);
          const out = scoreAll(prepareKernel(subject, reg, DEFAULT_POLICY, [], geo), reg);
          for (const home of homes) {
            const e = explain({ subject, home, policy: DEFAULT_POLICY, overrides: [], geo });
            expect(out.eligible[home.index] === 1).toBe(isEligible(e.rules));
            let mask = 0;
            for (const r of e.rules) if (!r.passed && !r.overridden) mask |= RULE_BIT[r.id];
            expect(out.broken[home.index]).toBe(mask);
            expect(Math.abs((out.totals[home.index] as number) - e.total)).toBeLessThanOrEqual(1e-9);
          }
        },
      ),
      { numRuns: 200 },
    );
    expect(excluded).toBeGreaterThan(20);
  });

  it('does not rule a child out of its own home for conflicting with its own resident entry', () => {
    const flags = ['vulnerable_to_exploitation', 'exploitation_risk_to_others'] as const;
    const home = homeOf({ id: 'H-A', index: 0, freePlaces: 0, residents: [{ age: 15, riskFlags: [...flags] }] });
    const reg = registryOf([home]);
    const out = allocScores(1);
    const mover = childOf({ age: 15, riskFlags: [...flags], currentHomeId: 'H-A' });
    scoreRange(prepareKernel(subjectOf(mover), reg, DEFAULT_POLICY, [], geo), reg.columns, 0, 1, out);
    expect(out.broken[0]).toBe(0);
    const stranger = childOf({ age: 15, riskFlags: [...flags] });
    scoreRange(prepareKernel(subjectOf(stranger), reg, DEFAULT_POLICY, [], geo), reg.columns, 0, 1, out);
    expect(out.broken[0]).toBe(RULE_BIT.resident_compatibility | RULE_BIT.free_places);
  });
});

/** Every home of the registry scored for prepared params, into fresh arrays. */
function scoreAll(p: ReturnType<typeof prepareKernel>, reg: ReturnType<typeof registryOf>): ReturnType<typeof allocScores> {
  const out = allocScores(reg.columns.n);
  scoreRange(p, reg.columns, 0, reg.columns.n, out);
  return out;
}

function policyFor() {
  return DEFAULT_POLICY;
}
