import { test } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseAssignment } from '../solver/or-library.js';
import { solve } from '../solver/solve.js';
test('assign100', () => {
  const p = parseAssignment(readFileSync('solver/instances/assign100.txt', 'utf8'));
  const r = solve(p);
  console.log(r.status, r.status !== 'infeasible' ? [r.objective, r.bound, r.stats] : r);
});
