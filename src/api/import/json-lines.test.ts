import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonArrayElementLines } from './json-lines.js';

describe('jsonArrayElementLines', () => {
  it('finds the line each element starts on, in a bare array or under "homes"', () => {
    expect(jsonArrayElementLines('[\n {"id": "a"},\n {"id": "b",\n "x": [1,\n2]}\n]')).toEqual([2, 3]);
    expect(jsonArrayElementLines('{"meta": [9, 9],\n "homes": [\n  {"id": "a"},\n\n  {"id": "b"}]}')).toEqual([3, 5]);
    expect(jsonArrayElementLines('[]')).toEqual([]);
  });
  it('is not fooled by brackets, quotes and newlines inside strings', () => {
    expect(jsonArrayElementLines('[\n"a]\\",[",\n{"k": "}\\n{"},\n3]')).toEqual([2, 3, 4]);
  });
  it('property: one line per element of any pretty-printed array', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 20 }), fc.boolean(), (arr, wrapped) => {
        const text = JSON.stringify(wrapped ? { homes: arr } : arr, null, 2);
        const lines = jsonArrayElementLines(text);
        expect(lines).toHaveLength(arr.length);
        const textLines = text.split('\n');
        lines.forEach((l, i) => {
          const first = JSON.stringify(arr[i], null, 2).split('\n')[0]!;
          expect(textLines[l - 1]!.trim().startsWith(first.trim().replace(/,$/, ''))).toBe(true);
        });
      }),
      { numRuns: 150 },
    );
  });
});
