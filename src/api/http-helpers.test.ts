import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { ifMatchVersion } from './http-helpers.js';

const req = (h?: string) => ({ get: (name: string) => (name.toLowerCase() === 'if-match' ? h : undefined) }) as unknown as Request;

describe('ifMatchVersion', () => {
  it('reads "vN" ETags, strong or weak, and ignores absent or *', () => {
    expect(ifMatchVersion(req('"v3"'))).toBe(3);
    expect(ifMatchVersion(req('W/"v12"'))).toBe(12);
    expect(ifMatchVersion(req())).toBeUndefined();
    expect(ifMatchVersion(req('*'))).toBeUndefined();
  });
  it('refuses anything else with a 400 naming the header', () => {
    expect(() => ifMatchVersion(req('v3'))).toThrow(/If-Match must be an ETag/);
    try {
      ifMatchVersion(req('"abc"'));
    } catch (e) {
      expect((e as { problems: { path: string[] }[] }).problems[0]!.path).toEqual(['headers', 'if-match']);
    }
  });
});
