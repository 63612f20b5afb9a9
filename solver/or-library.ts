/**
 * Parsers for Beasley's OR-Library benchmark formats, turned into generic problems:
 * - linear assignment (`assignN.txt`): n, then the n x n cost matrix row by row (worker i, job j).
 *   Every worker must do exactly one job: units = workers (mustAssign), targets = jobs (capacity 1),
 *   sense min.
 * - generalised assignment (`gapN.txt`): number of problems, then for each: m agents, n jobs, the m x n
 *   cost (profit) matrix, the m x n resource matrix, the m capacities. Every job must be assigned:
 *   units = jobs (mustAssign, candidate size = resource of that agent), targets = agents. OR-Library's
 *   gap1-gap12 are maximisation problems; gapa-gapd minimisation.
 */
import type { Problem } from './problem.js';

function numbers(text: string, file: string): number[] {
  const out: number[] = [];
  for (const tok of text.split(/\s+/)) {
    if (tok === '') continue;
    const v = Number(tok);
    if (!Number.isFinite(v)) throw new Error(`parseOrLibrary: ${file}: bad number ${JSON.stringify(tok)}`);
    out.push(v);
  }
  return out;
}

/**
 * Parses an OR-Library linear assignment file into a problem (sense min).
 *
 * @example
 * const p = parseAssignment(readFileSync('solver/instances/assign100.txt', 'utf8')); // 100 units, 100 targets
 */
export function parseAssignment(text: string, file = 'assignment'): Problem {
  const v = numbers(text, file);
  const n = v[0];
  if (n === undefined || !Number.isInteger(n) || n <= 0) throw new Error(`parseAssignment: ${file}: bad size ${String(n)}`);
  if (v.length !== 1 + n * n) throw new Error(`parseAssignment: ${file}: expected ${1 + n * n} numbers, got ${v.length}`);
  const targets = Array.from({ length: n }, (_, j) => ({ id: `job${j + 1}`, capacity: 1 }));
  const units = Array.from({ length: n }, (_, i) => ({
    id: `worker${i + 1}`,
    size: 1,
    mustAssign: true,
    candidates: Array.from({ length: n }, (_, j) => ({ target: `job${j + 1}`, value: v[1 + i * n + j]! })),
  }));
  return { sense: 'min', targets, units };
}

/**
 * Parses an OR-Library generalised assignment file (several problems) into problems.
 *
 * @example
 * const ps = parseGap(readFileSync('solver/instances/gap1.txt', 'utf8'), 'max'); // 5 problems, 5 agents x 15 jobs
 */
export function parseGap(text: string, sense: 'max' | 'min', file = 'gap'): Problem[] {
  const v = numbers(text, file);
  let k = 0;
  const next = (): number => {
    const x = v[k++];
    if (x === undefined) throw new Error(`parseGap: ${file}: file ends early`);
    return x;
  };
  const count = next();
  const problems: Problem[] = [];
  for (let p = 0; p < count; p++) {
    const m = next();
    const n = next();
    const cost = Array.from({ length: m }, () => Array.from({ length: n }, next));
    const resource = Array.from({ length: m }, () => Array.from({ length: n }, next));
    const capacity = Array.from({ length: m }, next);
    const targets = capacity.map((c, i) => ({ id: `agent${i + 1}`, capacity: c }));
    const units = Array.from({ length: n }, (_, j) => ({
      id: `job${j + 1}`,
      size: 1,
      mustAssign: true,
      candidates: Array.from({ length: m }, (_, i) => ({
        target: `agent${i + 1}`,
        value: cost[i]![j]!,
        size: resource[i]![j]!,
      })),
    }));
    problems.push({ sense, targets, units });
  }
  if (k !== v.length) throw new Error(`parseGap: ${file}: ${v.length - k} numbers left over`);
  return problems;
}
