import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CliError } from '../src/cli/io.js';
import { register, withOverrides } from '../src/cli/commands/simulate.js';
import { fixtureChild, fixtureHome } from '../src/simulate/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'hf-sim-'));

function program(): Command {
  const p = new Command('homefinder').exitOverride();
  register(p);
  return p;
}

const scenario = {
  name: 'Two new carers in CV2',
  baseline: {
    kind: 'explicit',
    children: [1, 2, 3, 4].map((i) => fixtureChild(i)),
    homes: [fixtureHome(1, { places: 1, freePlaces: 1 }), fixtureHome(2, { places: 1, freePlaces: 1, contract: 'block', annualCost: 175_725, type: 'external_childrens_home' })],
  },
  changes: [{ kind: 'open_homes', type: 'council_foster', count: 2, places: 1, districts: ['CV2'] }],
  settings: { runs: 2, urgencyRuns: 1, dynamics: { arrivalsPerYear: 6 } },
};

afterEach(() => vi.restoreAllMocks());

describe('homefinder simulate', () => {
  it('writes the JSON report and a self-contained HTML page with charts', async () => {
    const file = join(dir, 'scenario.json');
    const out = join(dir, 'report.json');
    const html = join(dir, 'report.html');
    writeFileSync(file, JSON.stringify(scenario));
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await program().parseAsync(['simulate', file, '--out', out, '--html', html, '--workers', '0'], { from: 'user' });
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.kind).toBe('homefinder-simulation');
    expect(report.static.scenario['static.placed']).toBeGreaterThan(report.static.baseline['static.placed']);
    expect(report.dynamic.runs).toBe(2);
    const page = readFileSync(html, 'utf8');
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<svg');
    expect(page).toContain('Two new carers in CV2');
    // Self-contained: no scripts, no external stylesheets, images or fonts.
    expect(page).not.toMatch(/<script|<link|src="http|url\(http|@import/i);
    expect(page.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\//);
    expect(err.mock.calls.map((c) => String(c[0])).join('')).toMatch(/Static: placed \+2/);
  });

  it('names the file and the field of every problem, and exits non-zero', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...scenario, changes: [{ kind: 'open_homes', type: 'council_foster', places: -1, districts: ['QQ99'] }] }));
    const run = program().parseAsync(['simulate', file, '--workers', '0'], { from: 'user' });
    await expect(run).rejects.toBeInstanceOf(CliError);
    await run.catch((e: CliError) => {
      expect(e.exitCode).not.toBe(0);
      expect(e.message).toContain(`${file}: changes[0].places: places must be at least 1, got -1`);
      expect(e.message).toContain(`${file}: changes[0].districts[0]: prepareScenario: unknown postcode district "QQ99"`);
    });
  });

  it('rejects bad flags with a clear message', () => {
    expect(() => withOverrides({}, { runs: 'many' })).toThrow(/--runs must be a whole number of at least 1, got "many"/);
    expect(withOverrides({ settings: { runs: 5 } }, { runs: '9', seed: '3', model: 'static' })).toEqual({ settings: { runs: 9, seed: 3, model: 'static' } });
  });
});
