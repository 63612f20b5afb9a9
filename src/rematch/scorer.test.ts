import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cachedScorer, eligibleAt, tableScorer } from './scorer.js';

describe('tableScorer', () => {
  it('makes a group eligible where every member is and the home has room, worth the sum (plus bonus)', () => {
    const s = tableScorer([[5, null, 2], [3, 4, 1]], (h) => (h === 2 ? 1 : 2), 10);
    const one = s.score([0], 1);
    expect([...one.homes]).toEqual([0, 2]);
    const g = s.score([0, 1], 2);
    expect([...g.homes]).toEqual([0]);
    expect([...g.totals]).toEqual([5 + 3 + 20]);
    expect(g.ruledOut).toEqual({ table: 1, free_places: 1 });
  });
});

describe('cachedScorer / eligibleAt', () => {
  it('scores each subject once, whatever the order of its children', () => {
    let calls = 0;
    const inner = tableScorer([[1, 2], [3, 4]], () => 5);
    const s = cachedScorer({ score: (c, g) => (calls++, inner.score(c, g)) });
    s.score([1, 0], 2);
    s.score([0, 1], 2);
    s.score([0], 2);
    expect(calls).toBe(2);
    expect(s.calls).toBe(2);
    expect(eligibleAt(s.score([0], 2), 1)).toBe(1);
    expect(eligibleAt(s.score([0], 2), 7)).toBe(-1);
  });
  it('keeps one child under different group sizes, and different children, apart', () => {
    const seen: string[] = [];
    const inner = tableScorer([[1, 2], [3, 4]], () => 5);
    const s = cachedScorer({ score: (c, g) => (seen.push(`${c.join(',')}/${g}`), inner.score(c, g)) });
    for (const [c, g] of [[[0], 1], [[0], 2], [[1], 1], [[0], 1], [[1], 1], [[0, 1], 2]] as const) s.score(c, g);
    expect(seen).toEqual(['0/1', '0/2', '1/1', '0,1/2']);
  });
  it('returns the same scores as the inner scorer for children asked in any order, under any group size', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(5), fc.integer({ min: 1, max: 4 })), { maxLength: 30 }), (asks) => {
        const table = Array.from({ length: 6 }, (_, c) => [c, c + 1, null]);
        const inner = tableScorer(table, () => 5);
        let calls = 0;
        const s = cachedScorer({ score: (c, g) => (calls++, inner.score(c, g)) });
        for (const [c, g] of asks) expect([...s.score([c], g).totals]).toEqual([...inner.score([c], g).totals]);
        expect(calls).toBe(new Set(asks.map(([c, g]) => `${c}/${g}`)).size);
      }),
      { numRuns: 50 },
    );
  });
});
