import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinHeap } from './heap.js';

describe('MinHeap', () => {
  it('pops in key order, ties in insertion order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), (keys) => {
        const h = new MinHeap(2);
        keys.forEach((k, i) => h.push(k, i));
        const got: number[] = [];
        while (h.size > 0) got.push(h.pop());
        const want = keys.map((k, i) => ({ k, i })).sort((a, b) => a.k - b.k || a.i - b.i).map((x) => x.i);
        expect(got).toEqual(want);
      }),
    );
  });
  it('reports Infinity when empty and throws on pop', () => {
    const h = new MinHeap();
    expect(h.peekKey()).toBe(Infinity);
    expect(() => h.pop()).toThrow(/empty heap/);
  });
});
