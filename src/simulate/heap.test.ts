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
  it('pushStaged and topKeys agree with push and peekKey (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 200 }), (keys) => {
        const a = new MinHeap(2);
        const b = new MinHeap(2);
        keys.forEach((k, i) => {
          a.push(k, i);
          b.staged[0] = k;
          b.pushStaged(i);
          expect(b.topKeys()[0]).toBe(a.peekKey());
        });
        while (a.size > 0) expect(b.pop()).toBe(a.pop());
        expect(b.size).toBe(0);
      }),
    );
  });
  it('reports Infinity when empty and throws on pop', () => {
    const h = new MinHeap();
    expect(h.peekKey()).toBe(Infinity);
    expect(() => h.pop()).toThrow(/empty heap/);
  });
});
