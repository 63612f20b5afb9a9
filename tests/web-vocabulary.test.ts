/**
 * The page is plain ES modules with no bundler, so it cannot import the TypeScript domain; its vocabulary
 * (src/web/public/js/format.js) is a copy. This test makes the domain the one source of truth: any drift
 * between the two fails here.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_NEED_DOMAINS } from '../src/domain/needs.js';
import { HOME_TYPES, settingOf } from '../src/domain/home.js';
// @ts-expect-error plain browser JS without type declarations
import * as format from '../src/web/public/js/format.js';

const f = format as {
  NEED_DOMAINS: string[];
  HOME_TYPES: string[];
  TYPICAL_COST: Record<string, number>;
  settingOfType(t: string): string;
};

describe('web vocabulary mirrors the domain', () => {
  it('lists the same need domains and home types, in the same order', () => {
    expect(f.NEED_DOMAINS).toEqual([...DEFAULT_NEED_DOMAINS]);
    expect(f.HOME_TYPES).toEqual([...HOME_TYPES]);
  });

  it('maps every home type to the same setting and has a typical cost for it', () => {
    for (const t of HOME_TYPES) {
      expect(f.settingOfType(t), t).toBe(settingOf(t));
      expect(f.TYPICAL_COST[t], t).toBeGreaterThan(0);
    }
  });

});
