import { describe, expect, it } from 'vitest';
import { indexIds, Scratch } from './scratch.js';

describe('Scratch', () => {
  it('hands out views of the requested length, reusing one buffer per name and type', () => {
    const s = new Scratch();
    const a = s.float64('x', 100);
    expect(a.length).toBe(100);
    a.fill(7);
    const b = s.float64('x', 40);
    expect(b.length).toBe(40);
    expect(b.buffer).toBe(a.buffer); // the same memory, contents left as they were
    expect(b[0]).toBe(7);
    // other names and types are other buffers
    expect(s.float64('y', 10).buffer).not.toBe(a.buffer);
    expect(s.int32('x', 10).buffer).not.toBe(a.buffer);
    expect(s.uint8('x', 10).length).toBe(10);
  });

  it('grows with headroom when a request is larger, and clear() drops everything', () => {
    const s = new Scratch();
    const a = s.int32('e', 1000);
    const b = s.int32('e', 1100); // within the 25 % headroom: no new buffer
    expect(b.buffer).toBe(a.buffer);
    const c = s.int32('e', 5000);
    expect(c.length).toBe(5000);
    expect(c.buffer).not.toBe(a.buffer);
    expect(s.bytes).toBeGreaterThanOrEqual(5000 * 4);
    s.clear();
    expect(s.bytes).toBe(0);
    expect(s.int32('e', 3).buffer).not.toBe(c.buffer);
  });
});

describe('indexIds', () => {
  it("gives each index's decimal text, the same strings from call to call", () => {
    expect(indexIds(3)).toEqual(['0', '1', '2']);
    expect(indexIds([70_001, 4, 4])).toEqual(['70001', '4', '4']);
    expect(indexIds(Int32Array.from([12, 0]))).toEqual(['12', '0']);
    expect(indexIds(0)).toEqual([]);
    const a = indexIds([5]);
    a[0] = 'changed'; // a fresh array each call: the shared texts are not touched
    expect(indexIds([5])).toEqual(['5']);
  });
});
