/**
 * Published benchmark instances (Beasley's OR-Library, see instances/README.md): the solver must
 * reproduce every known optimum exactly and prove it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAssignment, parseGap } from './or-library.js';
import { solve } from './solve.js';

const dir = new URL('./instances/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, dir), 'utf8');

const GAP_OPTIMA: Record<string, readonly number[]> = {
  gap1: [336, 327, 339, 341, 326],
  gap2: [434, 436, 420, 419, 428],
  gap3: [580, 564, 573, 570, 564],
  gap4: [656, 644, 673, 647, 664],
  gap5: [563, 558, 564, 568, 559],
  gap6: [761, 759, 758, 752, 747],
  gap8: [1133, 1134, 1141, 1117, 1127],
  gap12: [1451, 1449, 1433, 1447, 1446],
};

describe('OR-Library linear assignment', () => {
  it('assign100 (100 x 100, dense): optimum 305, proven by min-cost flow', () => {
    const p = parseAssignment(read('assign100.txt'), 'assign100.txt');
    expect(p.units).toHaveLength(100);
    const r = solve(p);
    expect(r.status).toBe('optimal');
    if (r.status === 'infeasible') return;
    expect(r.objective).toBe(305);
    expect(r.stats.method).toBe('min-cost-flow');
    expect(r.assignments).toHaveLength(100);
    expect(new Set(r.assignments.map((a) => a.target)).size).toBe(100);
  });
});

describe('OR-Library generalised assignment (maximisation, every job assigned)', () => {
  for (const [name, optima] of Object.entries(GAP_OPTIMA)) {
    it(`${name}: all ${optima.length} optima reproduced and proven`, () => {
      const problems = parseGap(read(`${name}.txt`), 'max', `${name}.txt`);
      expect(problems).toHaveLength(optima.length);
      problems.forEach((p, i) => {
        const r = solve(p);
        expect(r.status, `${name} problem ${i + 1}`).toBe('optimal');
        if (r.status === 'infeasible') return;
        expect(r.objective, `${name} problem ${i + 1}`).toBe(optima[i]);
        expect(r.unassigned).toEqual([]);
      });
    });
  }

  it('reads the format strictly', () => {
    expect(() => parseGap('1\n2 2\n1 2 3', 'max')).toThrow(/file ends early/);
    expect(() => parseGap('1\n1 1\n5\n2\n3\n9', 'max')).toThrow(/left over/);
    expect(() => parseAssignment('2\n1 2 3')).toThrow(/expected 5 numbers/);
    expect(() => parseAssignment('2 x')).toThrow(/bad number "x"/);
  });
});
