import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: 'x' } })).toBe('{"a":{"c":"x","d":[1,2]},"b":1}');
  });
  it('omits undefined properties and writes undefined array slots as null', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });
  it('refuses non-finite numbers, naming the path', () => {
    expect(() => canonicalJson({ a: [0, Number.NaN] })).toThrow(/canonicalJson: non-finite number NaN at \$\.a\[1\]/);
    expect(() => canonicalJson({ f: 1n })).toThrow(/cannot serialise a bigint at \$\.f/);
  });
  it('is independent of key insertion order and round-trips through JSON.parse', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = canonicalJson(v);
        const reparsed = JSON.parse(text) as unknown;
        // Re-serialising the parsed value (keys now in sorted order) gives the same bytes.
        expect(canonicalJson(reparsed)).toBe(text);
        if (v && typeof v === 'object' && !Array.isArray(v)) {
          const reversed = Object.fromEntries(Object.entries(v).reverse());
          expect(canonicalJson(reversed)).toBe(text);
        }
      }),
      { numRuns: 200 },
    );
  });
});
