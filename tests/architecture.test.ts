import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The dependency direction: the pure core (scoring, solver, geo, domain) never imports the edges
 * (api, store, cli, workers), and the solver and geo know nothing of the rest of src/.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;
  for (const m of text.matchAll(re)) specs.push((m[1] ?? m[2] ?? m[3])!);
  return specs;
}

/** Project-relative path of a relative import, or null for a package import. */
function resolveImport(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  return relative(root, resolve(dirname(file), spec)).split(sep).join('/');
}

const EDGES = ['src/api', 'src/store', 'src/cli', 'src/workers', 'src/web'];
const rules: { layer: string; forbidden: string[] }[] = [
  { layer: 'src/domain', forbidden: [...EDGES, 'src/scoring', 'src/match', 'solver', 'geo'] },
  { layer: 'src/scoring', forbidden: EDGES },
  // solver and geo may use the shared error types in src/domain, nothing else of src/.
  { layer: 'solver', forbidden: ['src/api', 'src/store', 'src/cli', 'src/workers', 'src/web', 'src/scoring', 'src/match', 'src/rematch', 'src/simulate', 'src/demo'] },
  { layer: 'geo', forbidden: ['src/api', 'src/store', 'src/cli', 'src/workers', 'src/web', 'src/scoring', 'src/match', 'src/rematch', 'src/simulate', 'src/demo'] },
];

describe('dependency direction', () => {
  for (const { layer, forbidden } of rules) {
    it(`${layer} imports none of ${forbidden.join(', ')}`, () => {
      const violations: string[] = [];
      const files = sourceFiles(join(root, layer));
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) {
        for (const spec of importsOf(f)) {
          const target = resolveImport(f, spec);
          if (target && forbidden.some((x) => target === x || target.startsWith(`${x}/`))) {
            violations.push(`${relative(root, f)} imports ${spec}`);
          }
          if (!target && /^(express|better-sqlite3|piscina|pino|pino-http|helmet|prom-client|commander|cli-progress)$/.test(spec)) {
            violations.push(`${relative(root, f)} imports edge package ${spec}`);
          }
        }
      }
      expect(violations).toEqual([]);
    });
  }

  it('detects a forbidden import (the checker itself works)', () => {
    expect(resolveImport(join(root, 'src/scoring/x.ts'), '../api/app.js')).toBe('src/api/app.js');
    expect(importsOf(join(root, 'tests/architecture.test.ts'))).toContain('vitest');
  });
});
