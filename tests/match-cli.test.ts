/**
 * `npx homefinder match`: JSON and table output, sibling groups, and errors that name the file and field.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { register as registerMatch } from '../src/cli/commands/match.js';
import { useCliIo } from '../src/cli/testing/capture.js';
import { MatchResponseSchema } from '../src/domain/match.js';
import { homeInput } from './service-fixtures.js';

const io = useCliIo('hf-match-');

async function run(...argv: string[]): Promise<void> {
  const program = new Command('homefinder').exitOverride();
  registerMatch(program);
  await program.parseAsync(argv, { from: 'user' });
}

function file(name: string, content: unknown): string {
  const p = join(io.dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

// A capability that meets the example referrals' needs (no needs gap), so only the rules under test bite.
const capability = { emotional_wellbeing: 2, behaviour: 2, learning: 2, family_relationships: 2, identity_culture: 2, risk_outside_home: 1 };
const homes = [
  homeInput('H-1', { location: { district: 'CV3' }, capability }),
  homeInput('H-2', { location: { district: 'CV2' }, freePlaces: 0, capability }),
  homeInput('H-3', { location: { district: 'B15' }, maxSiblingGroup: 2, places: 3, freePlaces: 2, capability }),
];

describe('homefinder match', () => {
  it('ranks the example child against a homes file: valid JSON response, ineligible home with its rule', async () => {
    await run('match', '--child', 'examples/child.json', '--homes', file('homes.json', homes), '--as-of', '2026-11-22');
    const res = MatchResponseSchema.parse(JSON.parse(io.out.join('')));
    expect(res.counts.homes).toBe(3);
    expect(res.ranked[0]?.homeId).toBe('H-1');
    expect(res.ineligible.find((h) => h.homeId === 'H-2')?.brokenRules.map((r) => r.id)).toContain('free_places');
  });

  it('prints a table, and ranks a sibling group file', async () => {
    await run('match', '--child', 'examples/sibling-group.json', '--homes', file('homes.json', { homes }), '--format', 'table', '--as-of', '2026-11-22');
    const text = io.out.join('');
    expect(text).toMatch(/siblingGroup SG-EX-01/);
    expect(text).toMatch(/H-3/);
  });

  it('names the file and every bad field, and rejects an unknown format', async () => {
    const bad = file('bad.json', { id: 'has space', sex: 'x', homeLocation: { postcode: 'ZZ9 9ZZ' } });
    await expect(run('match', '--child', bad, '--homes', file('homes.json', homes))).rejects.toThrow(/bad\.json: \d+ problem\(s\)[\s\S]*child\.id[\s\S]*child\.sex/);
    await expect(run('match', '--child', 'examples/child.json', '--homes', file('h.json', [{ ...homes[0], places: -1 }]))).rejects.toThrow(/h\.json: [\s\S]*\[0\]\.places/);
    await expect(run('match', '--child', 'examples/child.json', '--homes', file('homes.json', homes), '--format', 'xml')).rejects.toThrow(/--format: expected "json" or "table", got "xml"/);
  });

  it('names an unknown postcode in the child file with its path', async () => {
    const child = JSON.parse((await import('node:fs')).readFileSync('examples/child.json', 'utf8'));
    const p = file('child.json', { ...child, homeLocation: { postcode: 'ZZ9 9ZZ' } });
    await expect(run('match', '--child', p, '--homes', file('homes.json', homes))).rejects.toThrow(/child\.json: [\s\S]*homeLocation\.postcode[\s\S]*ZZ9 9ZZ/);
  });
});
