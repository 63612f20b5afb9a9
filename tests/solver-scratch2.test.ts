import { test } from 'vitest';
import { solve } from '../solver/solve.js';
import { randomProblem } from '../solver/random-problems.js';

test('speed', () => {
  for (const [children, cands, gs, solo] of [[1000,20,0,0],[5000,20,0,0],[20000,20,0,0],[80000,20,0,0],[5000,200,0,0],[5000,200,0.05,0],[5000,200,0.05,0.02],[80000,20,0.05,0]] as const) {
    const p = randomProblem({ children, seed: 7, candidates: cands, groupShare: gs, soloShare: solo });
    const t0 = performance.now();
    const r = solve(p);
    const ms = performance.now() - t0;
    console.log(children, cands, gs, solo, r.status, ms.toFixed(0), r.status !== 'infeasible' ? [r.objective.toFixed(2), r.bound.toFixed(2), r.gap.toExponential(2), JSON.stringify(r.stats)] : r);
  }
});
