/**
 * The page's vocabulary has one source of truth, the zod schemas in src/domain: the server serves it, generated
 * (src/web/vocabulary.ts), at /web/js/vocabulary.js. These tests pin that: what is served is the domain's;
 * the on-disk copy node tests import is byte-identical to it; the page's modules take their lists from it
 * (no copy of their own); and the HTML's fallback <option>s are exactly the
 * domain's lists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NEED_DOMAINS } from '../src/domain/needs.js';
import { ContractSchema, HOME_TYPES, settingOf } from '../src/domain/home.js';
import { CarePlanSettingSchema, LegalStatusSchema, UrgencySchema } from '../src/domain/child.js';
import { SexSchema } from '../src/domain/common.js';
import { defaultAnnualCost, defaultContract } from '../src/simulate/costs.js';
import { webRouter } from '../src/web/router.js';
import { vocabularyModule, webVocabulary } from '../src/web/vocabulary.js';
import { loadPublicModule, WEB_PUBLIC } from './web-helpers.js';

interface FormatMod {
  NEED_DOMAINS: readonly string[];
  HOME_TYPES: readonly string[];
  TYPICAL_COST: Record<string, number>;
  DEFAULT_CONTRACT: Record<string, string>;
  settingOfType(t: string): string;
  typeLabel(t: string): string;
  domainLabel(d: string): string;
  humanise(id: string): string;
}
const f = await loadPublicModule<FormatMod>('js/format.js');
const v = await loadPublicModule<Record<string, unknown>>('js/vocabulary.js');

describe('web vocabulary: one source of truth in src/domain', () => {
  it('is the domain\'s lists, in the domain\'s order', () => {
    const w = webVocabulary();
    expect(w.NEED_DOMAINS).toEqual([...DEFAULT_NEED_DOMAINS]);
    expect(w.HOME_TYPES).toEqual([...HOME_TYPES]);
    expect(w.CONTRACTS).toEqual(ContractSchema.options);
    expect(w.URGENCIES).toEqual(UrgencySchema.options);
    for (const t of HOME_TYPES) {
      expect(w.SETTING_OF_TYPE[t], t).toBe(settingOf(t));
      expect(w.TYPICAL_COST[t], t).toBe(defaultAnnualCost(t, defaultContract(t)));
    }
  });

  it('is served, generated, at /web/js/vocabulary.js and /web/vocabulary.json', async () => {
    const app = express().use(webRouter());
    const js = await request(app).get('/web/js/vocabulary.js').expect(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.text).toBe(vocabularyModule());
    const json = await request(app).get('/web/vocabulary.json').expect(200);
    expect(json.body).toEqual(webVocabulary());
  });

  it('the copy on disk (for node tests) is identical to the generated module; regenerate with npx vite-node src/web/write-vocabulary.ts', () => {
    expect(readFileSync(join(WEB_PUBLIC, 'js', 'vocabulary.js'), 'utf8')).toBe(vocabularyModule());
    expect(Object.fromEntries(Object.entries(v))).toEqual(webVocabulary());
  });

  it('the page\'s modules take their lists from the vocabulary and keep no copy of their own', () => {
    expect(f.NEED_DOMAINS).toBe(v.NEED_DOMAINS);
    expect(f.HOME_TYPES).toBe(v.HOME_TYPES);
    expect(f.TYPICAL_COST).toBe(v.TYPICAL_COST);
    for (const t of HOME_TYPES) expect(f.settingOfType(t), t).toBe(settingOf(t));
    // No module other than the generated one spells out a home type or need-domain list.
    const dir = join(WEB_PUBLIC, 'js');
    for (const file of readdirSync(dir).filter((n) => n.endsWith('.js') && n !== 'vocabulary.js')) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text, file).not.toMatch(/\[\s*'connected_person_foster',\s*'council_foster'/);
      expect(text, file).not.toMatch(/\[\s*'emotional_wellbeing',\s*'behaviour'/);
    }
  });

  it('each <select data-vocab> in the page offers exactly its domain list, in any order (the page also syncs them at start)', () => {
    const html = readFileSync(join(WEB_PUBLIC, 'index.html'), 'utf8');
    const expected: Record<string, readonly string[]> = {
      SEXES: SexSchema.options,
      LEGAL_STATUSES: LegalStatusSchema.options,
      URGENCIES: UrgencySchema.options,
      CARE_PLAN_SETTINGS: CarePlanSettingSchema.options,
      CONTRACTS: ContractSchema.options,
    };
    const selects = [...html.matchAll(/<select id="([^"]+)" data-vocab="([A-Z_]+)"[^>]*>([\s\S]*?)<\/select>/g)];
    expect(selects.map((m) => m[2]).sort()).toEqual(Object.keys(expected).sort());
    for (const [, id, list, body] of selects) {
      // A leading empty "choose…" placeholder is allowed (and kept by the page's sync).
      const values = [...body!.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]).filter((x) => x !== '');
      expect([...values].sort(), `#${id}`).toEqual([...expected[list!]!].sort());
      expect(webVocabulary()[list as keyof ReturnType<typeof webVocabulary>], list).toEqual(expected[list!]);
    }
  });
});
