import type { Geography } from '../../../geo/types.js';
import { HomeSchema, ValidationError, type Home } from '../../domain/index.js';
import { isProblem, resolveLocation, type LocationCache } from '../../match/resolve-location.js';
import type { HomeWrite } from '../../store/index.js';
import type { ImportProblem, ParsedImport } from './types.js';

/** At most this many problems are listed (the count says how many there were). */
export const MAX_LISTED_PROBLEMS = 1000;

/**
 * Resolve a home's location to the authority whose boundary contains it, checking a supplied `authority`.
 * Returns the write or the problems (paths under `path`).
 *
 * @example
 * const r = resolveHome(home, defaultGeography(), ['home']);
 * if ('write' in r) await store.createHome(r.write, actor);
 */
export function resolveHome(
  home: Home,
  geo: Geography,
  path: readonly (string | number)[],
  fn: string,
  cache?: LocationCache,
): { write: HomeWrite } | { problems: { path: (string | number)[]; message: string; code: string }[] } {
  const loc = resolveLocation(home.location, geo, [...path, 'location'], fn, cache);
  if (isProblem(loc)) return { problems: [{ path: [...loc.path], message: loc.message, code: loc.code }] };
  if (home.authority !== undefined && home.authority !== loc.authority) {
    return {
      problems: [
        {
          path: [...path, 'authority'],
          code: 'authority_mismatch',
          message: `${fn}: authority "${home.authority}" does not match the boundary the location falls in (${loc.authority === undefined ? 'outside England' : `"${loc.authority}"`})`,
        },
      ],
    };
  }
  return { write: { home, authority: loc.authority ?? null } };
}

/**
 * Validate every row of a parsed import: schema (every issue), duplicate ids, locations and authorities.
 * Returns the writes when all rows are good; otherwise throws ONE ValidationError listing every rejected
 * row with its line and field (so nothing is half-imported).
 *
 * @example
 * const writes = validateImport(parseHomesCsv(text), geo, 'homes.csv');
 * await store.importHomes(writes, actor, { format: 'csv', name: 'homes.csv' });
 */
export function validateImport(parsed: ParsedImport, geo: Geography, source: string): HomeWrite[] {
  const fn = 'importHomes';
  const problems: ImportProblem[] = [...parsed.problems];
  const writes: HomeWrite[] = [];
  const seen = new Map<string, number>();
  const cache: LocationCache = new Map();
  for (const row of parsed.rows) {
    // Duplicate ids are found whether or not the rows are otherwise valid.
    const rawId = row.value !== null && typeof row.value === 'object' ? (row.value as { id?: unknown }).id : undefined;
    if (typeof rawId === 'string') {
      const first = seen.get(rawId);
      if (first !== undefined) {
        problems.push({ path: [row.index, 'id'], line: row.line, field: row.fieldOf(['id']), code: 'duplicate_id', message: `${fn}: ${source} line ${row.line}, field "id": duplicate home id "${rawId}" (first on line ${first})` });
        continue;
      }
      seen.set(rawId, row.line);
    }
    const r = HomeSchema.safeParse(row.value);
    if (!r.success) {
      for (const issue of r.error.issues) {
        const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
        const field = row.fieldOf(path);
        const raw = row.rawOf(path);
        problems.push({
          path: [row.index, ...path],
          line: row.line,
          field,
          code: issue.code,
          message: `${fn}: ${source} line ${row.line}, field "${field}": ${issue.message}${raw !== undefined ? ` (got "${raw}")` : ''}`,
        });
      }
      continue;
    }
    const home = r.data;
    const resolved = resolveHome(home, geo, [row.index], fn, cache);
    if ('problems' in resolved) {
      for (const p of resolved.problems) {
        const field = row.fieldOf(p.path.slice(1));
        problems.push({ ...p, line: row.line, field, message: `${fn}: ${source} line ${row.line}, field "${field}": ${p.message.replace(`${fn}: `, '')}` });
      }
      continue;
    }
    writes.push(resolved.write);
  }
  if (problems.length) {
    problems.sort((a, b) => a.line - b.line);
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    const rowsRejected = new Set(problems.map((p) => p.line)).size;
    throw new ValidationError(
      `${fn}: ${source}: ${problems.length} problem(s) on ${rowsRejected} line(s); nothing was imported${problems.length > listed.length ? ` (first ${listed.length} listed)` : ''}`,
      listed,
    );
  }
  if (writes.length === 0) throw new ValidationError(`${fn}: ${source}: no homes to import`, [{ path: [], message: `${fn}: ${source} has no data rows`, code: 'empty_file' }]);
  return writes;
}
