import { describe, expect, it } from 'vitest';
import { rematch } from './rematch.js';
import { formatRematchTable } from './table.js';
import { child, home, idTableScorer } from './testing/fixtures.js';
import { fakeGeography } from '../scoring/testing/fake-geo.js';

describe('formatRematchTable', () => {
  it('prints the summary then one aligned row per child', () => {
    const r = rematch(
      { children: [child('C1', { home: 'H1' }), child('C-LONGER-ID')], homes: [home('H1', 1, 0)], overrides: [], asOf: '2026-11-22' },
      fakeGeography(),
      { scorer: idTableScorer({ C1: { H1: 3 }, 'C-LONGER-ID': { H1: 9 } }) },
    );
    const lines = formatRematchTable(r).split('\n');
    expect(lines[0]).toBe('status optimal  objective -997.00  bound -997.00  gap 0.0000%'); // 3 for C1 staying, -1000 for the newcomer left out
    const header = lines.findIndex((l) => /^child +siblings/.test(l));
    expect(lines[header + 1]).toMatch(/^C1 {11}- +settled +H1 +H1 +stayed +3\.00$/);
    expect(lines[header + 2]).toMatch(/^C-LONGER-ID +- +new +- +- +unplaced +- +capacity_taken$/);
  });
});
