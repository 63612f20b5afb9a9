import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { defaultGeography } from '../../../geo/geography.js';
import { ValidationError } from '../../domain/index.js';
import { parseHomesCsv } from '../../api/import/homes-csv.js';
import { parseHomesJson } from '../../api/import/homes-json.js';
import { validateImport } from '../../api/import/validate-homes.js';
import { systemActor } from '../../store/index.js';
import { CliError } from '../io.js';
import { withDbOption, withStore } from './store-option.js';

/**
 * Read, validate and import a homes file, all or nothing. Every rejected row is reported as
 * `file:line: field "x": message`; nothing is written unless every row is good.
 *
 * @example
 * await importHomesFile('homes.csv', { db: './data/homefinder.db' });
 */
export async function importHomesFile(file: string, o: { db?: string; format?: string; dryRun?: boolean }): Promise<{ created: number; updated: number; rows: number }> {
  const format = o.format ?? (extname(file).toLowerCase() === '.csv' ? 'csv' : extname(file).toLowerCase() === '.json' ? 'json' : undefined);
  if (format !== 'csv' && format !== 'json') throw new CliError(`import: cannot tell the format of "${file}"; name it .csv or .json, or pass --format csv|json`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`${file}: cannot read file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let writes;
  try {
    writes = validateImport(format === 'csv' ? parseHomesCsv(text) : parseHomesJson(text), defaultGeography(), file);
  } catch (e) {
    if (e instanceof ValidationError) {
      const lines = e.problems.map((p) => {
        const located = p as typeof p & { line?: number; field?: string };
        return `${file}:${located.line ?? '?'}: ${p.message.replace(/^importHomes: /, '')}`;
      });
      throw new CliError(`${e.message}\n${lines.join('\n')}`, e.problems);
    }
    throw e;
  }
  if (o.dryRun) return { created: 0, updated: 0, rows: writes.length };
  return withStore(o.db, async (store) => {
    const s = await store.importHomes(writes, systemActor('cli'), { format, name: file });
    return { created: s.created, updated: s.updated, rows: writes.length };
  });
}

/**
 * `homefinder import homes.csv|homes.json`.
 *
 * @example
 * register(program);
 */
export function register(program: Command): void {
  withDbOption(
    program
      .command('import')
      .description('Create or update homes from a CSV or JSON file, all or nothing (every rejected row reported with its line and field)')
      .argument('<file>', 'homes.csv or homes.json')
      .option('--format <format>', 'csv or json (default: from the file extension)')
      .option('--dry-run', 'validate only; write nothing'),
  ).action(async (file: string, o: { db?: string; format?: string; dryRun?: boolean }) => {
    const r = await importHomesFile(file, o);
    process.stdout.write(o.dryRun ? `import: ${file}: ${r.rows} row(s) valid (dry run, nothing written)\n` : `import: ${file}: ${r.created} created, ${r.updated} updated\n`);
  });
}
