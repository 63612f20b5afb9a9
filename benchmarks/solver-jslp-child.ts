/**
 * Child process of the solver benchmark: solves one seeded instance with javascript-lp-solver (through
 * `lpReference`, which checks integrality itself) and prints one JSON line. Run in its own process so a
 * time limit can kill it and its memory (about 10 GB at 5,000 children) cannot take the runner down.
 *
 * Usage: node dist/benchmarks/solver-jslp-child.js <children> <seed> <candidates>
 */
import { lpReference } from '../solver/lp-reference.js';
import { randomProblem } from '../solver/random-problems.js';

const [children, seed, candidates] = process.argv.slice(2).map(Number);
if (!Number.isInteger(children) || !Number.isInteger(seed) || !Number.isInteger(candidates)) {
  process.stderr.write('solver-jslp-child: usage: <children> <seed> <candidates>\n');
  process.exit(2);
}
const problem = randomProblem({ children: children!, seed: seed!, candidates: candidates! });
const ref = lpReference(problem);
const out = {
  status: ref.status,
  objective: ref.status === 'integral' ? ref.objective : null,
  ms: ref.ms,
  maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
};
process.stdout.write(`${JSON.stringify(out)}\n`);
