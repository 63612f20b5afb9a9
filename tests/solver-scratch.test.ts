import { test, expect } from 'vitest';
import { solve } from '../solver/solve.js';
import { bruteForce } from '../solver/brute-force.js';
import { lpReference } from '../solver/lp-reference.js';
import { mulberry32, randomProblem } from '../solver/random-problems.js';
import type { Problem } from '../solver/problem.js';

function tiny(seed: number, unitSizes: boolean): Problem {
  const r = mulberry32(seed);
  const nt = 1 + Math.floor(r() * 4);
  const targets = Array.from({ length: nt }, (_, j) => ({ id: `t${j}`, capacity: Math.floor(r() * 5) }));
  const nu = Math.floor(r() * 7);
  const units = Array.from({ length: nu }, (_, i) => {
    const size = unitSizes ? 1 : 1 + Math.floor(r() * 3);
    const cands = targets.filter(() => r() < 0.6).map((t) => {
      const c: { target: string; value: number; size?: number } = { target: t.id, value: Math.floor(r() * 30) - 8 };
      if (!unitSizes && r() < 0.3) c.size = Math.floor(r() * 4);
      return c;
    });
    return { id: `u${i}`, size, mustAssign: r() < 0.2 && cands.length > 0, candidates: cands };
  });
  return { sense: r() < 0.5 ? 'max' : 'min', targets, units };
}

test('tiny vs brute force', () => {
  let mism = 0;
  for (let s = 0; s < 3000; s++) {
    for (const us of [true, false]) {
      const p = tiny(s, us);
      const bf = bruteForce(p);
      const r = solve(p);
      if (bf.objective === null) {
        if (r.status !== 'infeasible' || !r.proven) { mism++; if (mism < 5) console.log('infeas mismatch', s, us, JSON.stringify(p), r.status); }
      } else {
        if (r.status === 'infeasible' || Math.abs(r.objective - bf.objective) > 1e-9 || r.status !== 'optimal') {
          mism++; if (mism < 5) console.log('mismatch', s, us, JSON.stringify(p), JSON.stringify(r), bf.objective);
        }
      }
    }
  }
  expect(mism).toBe(0);
});

test('medium vs lp', () => {
  for (let s = 0; s < 5; s++) {
    const p = randomProblem({ children: 60, seed: s, candidates: 5, groupShare: 0.2, soloShare: 0.1, integerValues: true });
    const t0 = performance.now();
    const r = solve(p);
    const t1 = performance.now();
    const ref = lpReference(p);
    console.log(s, r.status, r.status !== 'infeasible' ? [r.objective, r.bound, r.stats.method, r.stats.nodes] : r, (t1 - t0).toFixed(1), ref.status, ref.status === 'integral' ? ref.objective : '', ref.ms.toFixed(0));
  }
});
