import { jsonArrayElementLines } from './json-lines.js';
import type { ImportProblem, ImportRow, ParsedImport } from './types.js';

function dotted(path: readonly (string | number)[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out || '(home)';
}

/**
 * Read homes from JSON text: an array of homes, or `{ "homes": [...] }`. Each row knows the line it
 * starts on. Never throws for bad content.
 *
 * @example
 * const { rows } = parseHomesJson('[{"id": "H-1", ...}]');
 */
export function parseHomesJson(text: string): ParsedImport {
  const problems: ImportProblem[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    problems.push({ path: [], line: 1, field: '(file)', code: 'invalid_json', message: `parseHomesJson: not valid JSON (${(e as Error).message})` });
    return { format: 'json', rows: [], problems };
  }
  const wrapped = doc !== null && typeof doc === 'object' && !Array.isArray(doc) && Array.isArray((doc as { homes?: unknown }).homes);
  const arr = Array.isArray(doc) ? doc : wrapped ? ((doc as { homes: unknown[] }).homes) : undefined;
  if (!arr) {
    problems.push({ path: [], line: 1, field: '(file)', code: 'invalid_type', message: 'parseHomesJson: expected an array of homes or {"homes": [...]}' });
    return { format: 'json', rows: [], problems };
  }
  const lines = jsonArrayElementLines(text);
  const rows: ImportRow[] = arr.map((value, index) => ({
    index,
    line: lines[index] ?? 1,
    value,
    fieldOf: (path) => dotted(path),
    rawOf: () => undefined,
  }));
  return { format: 'json', rows, problems };
}
