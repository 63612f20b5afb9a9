/**
 * `npx homefinder solve` and `npx homefinder rematch`: output shapes, and errors that name the file and
 * field and exit non-zero.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { CliError, reportCliError } from '../src/cli/io.js';
import { useCliIo } from '../src/cli/testing/capture.js';
import { register as registerRematch } from '../src/cli/commands/rematch.js';
import { register as registerSolve } from '../src/cli/commands/solve.js';
import { RematchReportSchema } from '../src/rematch/report.js';
import { child, home } from '../src/rematch/testing/fixtures.js';

const io = useCliIo('hf-rematch-');

async function run(...argv: string[]): Promise<void> {
  const program = new Command('homefinder').exitOverride();
  registerSolve(program);
  registerRematch(program);
  await program.parseAsync(argv, { from: 'user' });
}

function file(name: string, content: unknown): string {
  const p = join(io.dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

describe('homefinder solve', () => {
  it('prints exactly the issue 3 shape', async () => {
    const p = file('problem.json', {
      sense: 'max',
      targets: [{ id: 'h1', capacity: 3 }],
      units: [{ id: 'c1', size: 1, mustAssign: false, candidates: [{ target: 'h1', value: 12.5, size: 2 }] }],
    });
    await run('solve', p);
    const result = JSON.parse(io.out.join(''));
    expect(Object.keys(result).sort()).toEqual(['assignments', 'bound', 'gap', 'objective', 'stats', 'status', 'unassigned']);
    expect(result).toMatchObject({ status: 'optimal', objective: 12.5, bound: 12.5, gap: 0, assignments: [{ unit: 'c1', target: 'h1' }], unassigned: [] });
    expect(Object.keys(result.stats).sort()).toEqual(['method', 'ms']);
  });

  it('adds contributions with --explain', async () => {
    const p = file('problem.json', { sense: 'min', targets: [{ id: 'h1', capacity: 1 }], units: [{ id: 'c1', mustAssign: true, candidates: [{ target: 'h1', value: 4 }] }, { id: 'c2', candidates: [] }] });
    await run('solve', p, '--explain');
    const result = JSON.parse(io.out.join(''));
    expect(result.contributions).toEqual([expect.objectContaining({ unit: 'c1', target: 'h1', contribution: 4 })]);
    expect(result.unassignedDetail).toEqual([{ unit: 'c2', reason: 'no-candidates' }]);
  });

  it('names the file and every bad field of a malformed problem', async () => {
    const p = file('bad.json', { sense: 'up', targets: [{ id: 'h1', capacity: -1 }], units: [{ id: 'c1', candidates: [{ target: 'h9', value: 'x' }] }] });
    const e = await run('solve', p).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CliError);
    const msg = (e as CliError).message;
    expect(msg).toContain(`${p}: sense:`);
    expect(msg).toContain(`${p}: targets[0].capacity:`);
    expect(msg).toContain(`${p}: units[0].candidates[0].target: validateProblem: unit "c1" candidate 0 refers to unknown target "h9"`);
    expect(msg).toContain(`${p}: units[0].candidates[0].value:`);
    expect(reportCliError(e)).toBe(2);
  });

  it('reports an infeasible problem naming the compulsory unit, exit code 1', async () => {
    const p = file('inf.json', { sense: 'max', targets: [{ id: 'h1', capacity: 1 }], units: [{ id: 'a', mustAssign: true, candidates: [{ target: 'h1', value: 1 }] }, { id: 'b', mustAssign: true, candidates: [{ target: 'h1', value: 1 }] }] });
    await run('solve', p);
    expect(JSON.parse(io.out.join(''))).toMatchObject({ status: 'infeasible', objective: null, assignments: [] });
    expect(io.err.join('')).toMatch(/infeasible.*"(a|b)"/);
    expect(process.exitCode).toBe(1);
  });

  it('names a missing file and bad JSON', async () => {
    await expect(run('solve', join(io.dir, 'nope.json'))).rejects.toThrow(/nope\.json: cannot read file/);
    await expect(run('solve', file('x.json', '{oops'))).rejects.toThrow(/x\.json: not valid JSON/);
  });
});

describe('homefinder rematch', () => {
  const cohort = {
    children: [child('C1', { home: 'H1', since: '2024-01-01' }), child('C2')],
    homes: [home('H1', 2, 1, { location: { district: 'CV2' } }), home('H2', 1, 1, { location: { district: 'CV3' } })],
    asOf: '2026-11-22',
  };

  it('prints the report as JSON, or as a table', async () => {
    const p = file('cohort.json', cohort);
    await run('rematch', p);
    const report = RematchReportSchema.parse(JSON.parse(io.out.join('')));
    expect(report.counts.children).toBe(2);
    expect(report.children.find((c) => c.childId === 'C1')?.change).toBe('stayed');
    io.out = [];
    await run('rematch', p, '--format', 'table', '--max-moves', '0');
    const text = io.out.join('');
    expect(text).toMatch(/^status optimal/);
    expect(text).toMatch(/settled moved 0 \(max 0\)/);
    expect(text).toMatch(/\nC1 +- +settled +H1 +H1 +stayed/);
  });

  it('writes to --out', async () => {
    const o = join(io.dir, 'report.json');
    await run('rematch', file('cohort.json', cohort), '--out', o);
    expect(RematchReportSchema.parse(JSON.parse(readFileSync(o, 'utf8'))).children).toHaveLength(2);
  });

  it('names the file and every bad field, cross-references included', async () => {
    const p = file('bad.json', { ...cohort, children: [{ ...cohort.children[0], sex: 'x' }, child('C2', { home: 'H9' })] });
    const e = await run('rematch', p).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).message).toContain(`${p}: children[0].sex:`);
    const p2 = file('dangling.json', { ...cohort, children: [child('C2', { home: 'H9' })] });
    const e2 = await run('rematch', p2).catch((x: unknown) => x);
    expect((e2 as CliError).message).toContain(`${p2}: children[0].currentPlacement.homeId: checkCohort: child "C2" currentPlacement.homeId "H9" is not a home in the cohort`);
  });

  it('refuses a file and --demo together, and neither', async () => {
    await expect(run('rematch', file('c.json', cohort), '--demo')).rejects.toThrow(/not both/);
    await expect(run('rematch')).rejects.toThrow(/give a cohort file/);
    await expect(run('rematch', '--demo', '--children', 'many')).rejects.toThrow(/--children must be a non-negative integer, got "many"/);
  });

  it('runs the demo region', async () => {
    await run('rematch', '--demo', '--children', '40', '--format', 'table');
    expect(io.out.join('').split('\n').filter((l) => /^C\d/.test(l))).toHaveLength(40);
  });
});
