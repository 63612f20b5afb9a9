import { describe, expect, it } from 'vitest';
import type { Home } from '../domain/index.js';
import { applyChanges, selectHomes, type MarketLookup } from './changes.js';
import { fixtureChild, fixtureHome } from './fixtures.js';
import { ChangeSchema } from './scenario.js';

const lookup: MarketLookup = {
  districtOf: (h) => ('district' in h.location ? h.location.district : undefined),
  authorityOf: (h) => ('district' in h.location && /^CV[1-6]$/.test(h.location.district) ? 'E08000026' : 'E10000031'),
};

const market: Home[] = [
  fixtureHome(1, { providerId: 'P-A', contract: 'spot', type: 'external_childrens_home', places: 4, freePlaces: 0, annualCost: 300_000 }),
  fixtureHome(2, { providerId: 'P-A', contract: 'spot', type: 'external_childrens_home', places: 3, freePlaces: 1, annualCost: 300_000 }),
  fixtureHome(3, { providerId: 'P-B', contract: 'spot', type: 'external_childrens_home', places: 20, freePlaces: 2, annualCost: 280_000 }),
  fixtureHome(4, { providerId: 'P-C', contract: 'block', type: 'external_childrens_home', places: 4, freePlaces: 1, annualCost: 175_725 }),
  fixtureHome(5, { providerId: 'P-C', contract: 'block', type: 'external_childrens_home', places: 4, freePlaces: 4, annualCost: 175_725 }),
  fixtureHome(6),
];
const change = (x: unknown) => ChangeSchema.parse(x);

describe('selectHomes', () => {
  it('picks the one provider whose beds are nearest the figure ("a spot provider with 22 beds")', () => {
    const hit = selectHomes(market, { where: { contracts: ['spot'] }, beds: 22, wholeProvider: true }, lookup.districtOf, lookup.authorityOf);
    expect(hit.map((h) => h.id)).toEqual(['H-0003']);
    const small = selectHomes(market, { where: { contracts: ['spot'] }, beds: 6, wholeProvider: true }, lookup.districtOf, lookup.authorityOf);
    expect(new Set(small.map((h) => h.providerId))).toEqual(new Set(['P-A']));
  });
  it('takes homes in id order until the beds are reached', () => {
    const hit = selectHomes(market, { where: { contracts: ['block'] }, beds: 4, wholeProvider: false }, lookup.districtOf, lookup.authorityOf);
    expect(hit.map((h) => h.id)).toEqual(['H-0004']);
  });
});

describe('applyChanges', () => {
  const children = [fixtureChild(1, { currentPlacement: { homeId: 'H-0001', since: '2025-01-01' } }), fixtureChild(2)];

  it('opens homes spread over the districts, with free places and the type default cost', () => {
    const m = applyChanges(market, children, [change({ kind: 'open_homes', type: 'council_foster', count: 3, places: 3, districts: ['CV2', 'CV3'] })], lookup);
    const added = m.homes.filter((h) => m.openedHomeIds.has(h.id));
    expect(added.map((h) => (h.location as { district: string }).district)).toEqual(['CV2', 'CV3', 'CV2']);
    expect(added.every((h) => h.freePlaces === 3 && h.annualCost === 23_993 && h.maxSiblingGroup === 3)).toBe(true);
    expect(m.effects[0]?.beds).toBe(9);
  });
  it('removes a provider and lists the children who lose their home', () => {
    const m = applyChanges(market, children, [change({ kind: 'remove_homes', providerId: 'P-A' })], lookup);
    expect(m.homes.some((h) => h.providerId === 'P-A')).toBe(false);
    expect(m.displacedChildIds).toEqual(['C-0001']);
    expect(m.effects[0]?.beds).toBe(7);
  });
  it('ends a block contract: the beds turn spot-priced, or close', () => {
    const spot = applyChanges(market, children, [change({ kind: 'end_block_contract', providerId: 'P-C', beds: 4 })], lookup);
    const h4 = spot.homes.find((h) => h.id === 'H-0004');
    expect(h4?.contract).toBe('spot');
    expect(h4?.annualCost).toBe(275_748);
    expect(spot.homes.find((h) => h.id === 'H-0005')?.contract).toBe('block');
    const closed = applyChanges(market, children, [change({ kind: 'end_block_contract', providerId: 'P-C', then: 'close' })], lookup);
    expect([...closed.closedHomeIds].sort()).toEqual(['H-0004', 'H-0005']);
  });
  it('compounds cost uplifts on the matching homes only', () => {
    const m = applyChanges(
      market,
      children,
      [change({ kind: 'cost_uplift', percent: 10, contracts: ['spot'] }), change({ kind: 'cost_uplift', percent: 5 })],
      lookup,
    );
    expect(m.priceFactor.get('H-0001')).toBeCloseTo(1.155, 12);
    expect(m.priceFactor.get('H-0006')).toBeCloseTo(1.05, 12);
    expect(m.homes).toEqual(market);
  });
});
