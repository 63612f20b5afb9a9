import { beforeAll, describe, expect, it } from 'vitest';
import { ageOn } from '../src/domain/age.js';
import { ChildSchema } from '../src/domain/child.js';
import { HomeSchema, type Home } from '../src/domain/home.js';
import { calibrate, type CalibrationReport } from '../src/demo/calibration.js';
import { WEST_MIDLANDS_CODES } from '../src/demo/dfe.js';
import { COSTS } from '../src/demo/distributions.js';
import { generateDemo, type DemoData } from '../src/demo/generate.js';

/**
 * The West Midlands demo as a whole (11,564 children, the DfE 2025 totals): the proportions domain.md asks
 * for, and the calibration against the DfE statistics per authority. Bounds are stated here and in
 * src/demo/README.md.
 */
let demo: DemoData;
let report: CalibrationReport;
let homes: Map<string, Home>;

beforeAll(() => {
  demo = generateDemo({ seed: 2025 });
  report = calibrate(demo);
  homes = new Map(demo.homes.map((h) => [h.id, h]));
});

const pct = (num: number, den: number): number => (100 * num) / den;

describe('West Midlands demo: proportions (domain.md)', () => {
  it('generates the 14 authorities at their published sizes, every record schema-valid', () => {
    expect(demo.meta.authorities.map((a) => a.laCode)).toEqual([...WEST_MIDLANDS_CODES]);
    expect(demo.children).toHaveLength(11_564);
    for (const c of demo.children) expect(ChildSchema.safeParse(c).success).toBe(true);
    for (const h of demo.homes) expect(HomeSchema.safeParse(h).success).toBe(true);
  });

  it('has the domain.md age bands (within 1 point), 60 % male and 10 % UASC, mostly 16-17', () => {
    const ages = demo.children.map((c) => ageOn(c.dateOfBirth, demo.meta.asOf));
    const n = ages.length;
    const band = (lo: number, hi: number): number => pct(ages.filter((a) => a >= lo && a <= hi).length, n);
    for (const [lo, hi, share] of [
      [0, 0, 5],
      [1, 4, 18],
      [5, 9, 17],
      [10, 15, 33],
      [16, 17, 26],
    ] as const) {
      expect(Math.abs(band(lo, hi) - (share / 99) * 100)).toBeLessThan(1);
    }
    expect(Math.abs(pct(demo.children.filter((c) => c.sex === 'male').length, n) - 60)).toBeLessThan(0.5);
    const uasc = demo.children.filter((c) => c.uasc);
    expect(Math.abs(pct(uasc.length, n) - 10)).toBeLessThan(0.5);
    expect(pct(uasc.filter((c) => ageOn(c.dateOfBirth, demo.meta.asOf) >= 16).length, uasc.length)).toBeGreaterThan(80);
    const inSupported = uasc.filter((c) => c.currentPlacement && homes.get(c.currentPlacement.homeId)?.type.startsWith('supported_'));
    expect(pct(inSupported.length, uasc.length)).toBeGreaterThan(50);
  });

  it('links ~21 % of non-UASC children to a connected-person home, and SEN 53 % / EHCP 26.5 % of school age', () => {
    const citizens = demo.children.filter((c) => !c.uasc);
    expect(Math.abs(pct(citizens.filter((c) => c.connectedPersons.length > 0).length, citizens.length) - 21)).toBeLessThan(1.5);
    const schoolAge = demo.children.filter((c) => ageOn(c.dateOfBirth, demo.meta.asOf) >= 4).length;
    const { ehcp, senSupport } = demo.meta.education;
    expect(Math.abs(pct(ehcp.length, schoolAge) - 26.5)).toBeLessThan(0.5);
    expect(Math.abs(pct(ehcp.length + senSupport.length, schoolAge) - 53)).toBeLessThan(0.5);
  });

  it('has sibling groups of 2-4 for about a third of children, most placed together in foster care', () => {
    const share = pct(demo.children.filter((c) => c.siblingGroupId).length, demo.children.length);
    expect(share).toBeGreaterThan(25);
    expect(share).toBeLessThan(40);
    expect(demo.siblingGroups.every((g) => g.childIds.length >= 2 && g.childIds.length <= 4)).toBe(true);
  });

  it('has children in care plans consistent with where they live for ~90 %, with step-down candidates in residential', () => {
    const placed = demo.children.filter((c) => c.currentPlacement);
    const mismatched = placed.filter((c) => {
      const h = homes.get(c.currentPlacement?.homeId ?? '');
      const setting = h?.type.endsWith('foster') ? 'fostering' : h?.type.startsWith('supported_') ? 'supported' : 'residential';
      return c.carePlanSetting !== 'any' && c.carePlanSetting !== setting;
    });
    expect(pct(mismatched.length, placed.length)).toBeLessThan(12);
    expect(placed.some((c) => c.carePlanSetting === 'fostering' && homes.get(c.currentPlacement?.homeId ?? '')?.type === 'external_childrens_home')).toBe(true);
  });

  it('prices placements at the domain.md unit costs (placement-weighted means within 5 %)', () => {
    const byKind = new Map<string, number[]>();
    for (const c of demo.children) {
      const h = c.currentPlacement ? homes.get(c.currentPlacement.homeId) : undefined;
      if (!h) continue;
      const kind = h.type === 'external_childrens_home' ? (h.contract === 'block' ? 'block' : 'external_other') : h.type;
      const list = byKind.get(kind) ?? [];
      list.push(h.annualCost);
      byKind.set(kind, list);
    }
    const mean = (k: string): number => {
      const xs = byKind.get(k) ?? [];
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(mean('connected_person_foster') / COSTS.connected_person_foster).toBeCloseTo(1, 1);
    expect(Math.abs(mean('council_foster') / COSTS.council_foster - 1)).toBeLessThan(0.05);
    expect(Math.abs(mean('ifa_foster') / COSTS.ifa_foster - 1)).toBeLessThan(0.05);
    expect(Math.abs(mean('council_childrens_home') / COSTS.council_childrens_home - 1)).toBeLessThan(0.05);
    expect(Math.abs(mean('block') / COSTS.external_block - 1)).toBeLessThan(0.05);
    expect(Math.abs(mean('external_other') / COSTS.external_other_published - 1)).toBeLessThan(0.08);
  });

  it('has children’s homes of 2-4 places, every contract type, and homes that make the hard rules bite', () => {
    const ch = demo.homes.filter((h) => h.type === 'external_childrens_home' || h.type === 'council_childrens_home');
    expect(ch.every((h) => h.places >= 2 && h.places <= 4)).toBe(true);
    expect(new Set(demo.homes.map((h) => h.contract))).toEqual(new Set(['council_run', 'block', 'framework', 'spot']));
    expect(demo.homes.filter((h) => h.ofsted === 'inadequate').length).toBeGreaterThan(20);
    expect(demo.homes.filter((h) => h.registration === 'unregistered').length).toBeGreaterThan(5);
    for (const la of WEST_MIDLANDS_CODES) {
      expect(demo.homes.filter((h) => h.authority === la && h.emergency && h.freePlaces > 0).length).toBeGreaterThan(0);
    }
  });
});

describe('West Midlands demo: calibration against DfE 2025, per authority', () => {
  it('reproduces each placement mix within 1 point', () => {
    for (const a of report.authorities) expect(a.maxMixErrorPts, a.laName).toBeLessThan(1);
  });

  it('reproduces the share placed inside the boundary within 3 points', () => {
    for (const a of report.authorities) expect(a.inside.errorPts, a.laName).toBeLessThan(3);
  });

  it('reproduces the share within 20 miles within 5 points', () => {
    for (const a of report.authorities) expect(a.within20.errorPts, a.laName).toBeLessThan(5);
    expect(report.summary.meanWithin20ErrorPts).toBeLessThan(2);
  });

  it('resolves every child of every authority', () => {
    expect(report.authorities).toHaveLength(14);
    expect(report.authorities.reduce((s, a) => s + a.children, 0)).toBe(11_564);
    expect(report.authorities.every((a) => a.unresolved === 0)).toBe(true);
  });
});
