import { describe, expect, it } from 'vitest';
import { validateProblem } from './problem.js';
import { mulberry32, randomProblem, tinyRandomProblem } from './random-problems.js';

describe('seeded random problems', () => {
  it('mulberry32 is deterministic and in [0, 1)', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    for (let i = 0; i < 100; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('follows the issue 3 shape: 0.75 homes per child, 1-4 places, k candidates, groups only where they fit', () => {
    const p = randomProblem({ children: 1000, seed: 11, groupShare: 0.05, soloShare: 0.02 });
    expect(validateProblem(p).ok).toBe(true);
    expect(p.targets).toHaveLength(750);
    for (const t of p.targets) expect(t.capacity).toBeGreaterThanOrEqual(1);
    for (const t of p.targets) expect(t.capacity).toBeLessThanOrEqual(4);
    const cap = new Map(p.targets.map((t) => [t.id, t.capacity]));
    let children = 0;
    for (const u of p.units) {
      children += u.size;
      expect(u.candidates).toHaveLength(20);
      for (const c of u.candidates) expect(cap.get(c.target)!).toBeGreaterThanOrEqual(c.size ?? u.size);
    }
    expect(children).toBe(1000);
    expect(p.units.filter((u) => u.size > 1).reduce((s, u) => s + u.size, 0)).toBe(50);
    expect(p.units.some((u) => u.candidates.some((c) => c.size !== undefined && c.size > 1))).toBe(true);
    expect(JSON.stringify(randomProblem({ children: 1000, seed: 11, groupShare: 0.05, soloShare: 0.02 }))).toBe(JSON.stringify(p));
  });

  it('tiny problems are valid', () => {
    for (let s = 0; s < 200; s++) expect(validateProblem(tinyRandomProblem(s)).ok).toBe(true);
  });
});
