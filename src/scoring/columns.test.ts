import { describe, expect, it } from 'vitest';
import { attachColumns, buildColumns, columnsTransfer, occupantSummary } from './columns.js';
import { homeOf } from './testing/fixtures.js';

describe('buildColumns', () => {
  const homes = [
    homeOf({ id: 'H-b', index: 0, languages: ['Polish', ' english '], capability: { behaviour: 3, custom_domain: 2 } }),
    homeOf({ id: 'H-a', index: 1, district: 'B1', residents: [{ age: 15, riskFlags: ['risk_to_younger_children'] }], household: { childrenAges: [4], pets: ['dog'] } }),
  ];
  const { columns: c, tables } = buildColumns(homes);
  it('interns strings and extra domains', () => {
    expect(tables.strings).toEqual(['polish', 'english']);
    expect(tables.domains).toContain('custom_domain');
    expect(c.capability[tables.domains.indexOf('custom_domain')]).toBe(2);
    expect(tables.districts).toEqual(['CV2', 'B1']);
  });
  it('ranks ids in code-unit order for tie-breaks', () => {
    expect(Array.from(c.idRank)).toEqual([1, 0]);
  });
  it('summarises occupants', () => {
    expect(occupantSummary(homes[1] as (typeof homes)[1])).toEqual({ youngest: 4, occupantRisk: 1, maxAgeRiskYounger: 15, maxAgeSexualHarm: -1, pets: true });
    expect(c.youngest[0]).toBe(255); // nobody lives there: the neutral value
    expect(c.pets[1]).toBe(1);
  });
  it('reattaches views over the same shared memory', () => {
    const again = attachColumns(columnsTransfer(c));
    expect(again.buffer).toBe(c.buffer);
    expect(Array.from(again.lat)).toEqual(Array.from(c.lat));
    expect(c.buffer).toBeInstanceOf(SharedArrayBuffer);
  });
  it('rejects a home whose index is not its position', () => {
    expect(() => buildColumns([homeOf({ index: 3 })])).toThrow(/buildColumns: home "H-1" has index 3, expected 0/);
  });
});
