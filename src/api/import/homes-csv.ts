import { parse } from 'csv-parse/sync';
import type { ImportProblem, ImportRow, ParsedImport } from './types.js';

/**
 * Homes as CSV: one home per row, a header row naming the columns. Lists inside a cell are separated by
 * `|`; empty cells are omitted (schema defaults apply).
 *
 * | column                    | meaning                                                        |
 * |---------------------------|----------------------------------------------------------------|
 * | id, providerId, type      | required                                                       |
 * | postcode / district / lat+lon | the location: exactly one form                             |
 * | authority                 | optional; checked against the boundary the location falls in   |
 * | registration, ofsted      | required enums                                                 |
 * | places, freePlaces        | required integers                                              |
 * | ageMin, ageMax            | required integers (ageRange)                                   |
 * | sexesAccepted             | e.g. `female|male`                                             |
 * | annualCost, contract      | required                                                       |
 * | emergency                 | true/false/yes/no/1/0                                          |
 * | maxSiblingGroup           | integer                                                        |
 * | adaptations, languages, religion, culture | `|`-separated lists                            |
 * | capability.<domain>       | 0-4 per needs domain, e.g. `capability.behaviour`              |
 * | residents                 | `age[:flag+flag]` per resident, `|`-separated: `14:missing_episodes|12` |
 * | householdChildrenAges, pets | foster household: `3|7`, `dog|cat`                           |
 */
export const CSV_COLUMNS = [
  'id',
  'providerId',
  'type',
  'postcode',
  'district',
  'lat',
  'lon',
  'authority',
  'registration',
  'ofsted',
  'places',
  'freePlaces',
  'ageMin',
  'ageMax',
  'sexesAccepted',
  'capability.*',
  'adaptations',
  'emergency',
  'maxSiblingGroup',
  'residents',
  'householdChildrenAges',
  'pets',
  'annualCost',
  'contract',
  'languages',
  'religion',
  'culture',
] as const;

const LIST_COLUMNS = new Set(['sexesAccepted', 'adaptations', 'languages', 'religion', 'culture']);
const INT_COLUMNS = new Set(['places', 'freePlaces', 'maxSiblingGroup']);
const REQUIRED = ['id', 'providerId', 'type', 'registration', 'ofsted', 'places', 'freePlaces', 'ageMin', 'ageMax', 'sexesAccepted', 'annualCost', 'contract'];
const KNOWN = new Set<string>(CSV_COLUMNS.filter((c) => !c.endsWith('*')));

/** A number when the text is one, else the text itself (so the schema reports it with the field). */
function num(text: string): number | string {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

function bool(text: string): boolean | string {
  const t = text.trim().toLowerCase();
  if (['true', 'yes', 'y', '1'].includes(t)) return true;
  if (['false', 'no', 'n', '0'].includes(t)) return false;
  return text;
}

function list(text: string): string[] {
  return text
    .split('|')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function residents(text: string): unknown[] {
  return list(text).map((r) => {
    const [age, flags] = r.split(':');
    return { age: num(age ?? ''), riskFlags: flags ? flags.split('+').map((f) => f.trim()).filter(Boolean) : [] };
  });
}

/** Column a schema path came from. */
function columnOf(path: readonly (string | number)[], cells: Record<string, string>): string {
  const [a, b] = path;
  if (a === 'ageRange') return b === 'max' ? 'ageMax' : 'ageMin';
  if (a === 'capability') return typeof b === 'string' ? `capability.${b}` : 'capability';
  if (a === 'household') return b === 'pets' ? 'pets' : 'householdChildrenAges';
  if (a === 'location') {
    if (typeof b === 'string' && ['postcode', 'district', 'lat', 'lon'].includes(b)) return b;
    return ['postcode', 'district', 'lat'].find((c) => cells[c]) ?? 'postcode';
  }
  return typeof a === 'string' ? a : '(row)';
}

/**
 * Read homes from CSV text. Never throws for bad content: structural problems (unknown or missing
 * columns, wrong field counts, unreadable CSV) come back as problems with their line.
 *
 * @example
 * const { rows, problems } = parseHomesCsv('id,providerId,type,district,...\nH-1,P-1,council_foster,CV3,...');
 */
export function parseHomesCsv(text: string): ParsedImport {
  const problems: ImportProblem[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, relax_column_count: true, skip_empty_lines: true, bom: true, trim: true }) as unknown as typeof records;
  } catch (e) {
    const err = e as { lines?: number; message?: string };
    problems.push({ path: [], line: err.lines ?? 1, field: '(file)', code: 'invalid_csv', message: `parseHomesCsv: line ${err.lines ?? 1}: not readable CSV (${err.message ?? 'error'})` });
    return { format: 'csv', rows: [], problems };
  }
  const [header, ...data] = records;
  if (!header) {
    problems.push({ path: [], line: 1, field: '(file)', code: 'empty_file', message: 'parseHomesCsv: the file has no header row' });
    return { format: 'csv', rows: [], problems };
  }
  const columns = header.record.map((c) => c.trim());
  columns.forEach((c, i) => {
    if (!KNOWN.has(c) && !/^capability\.[a-z][a-z0-9_]*$/.test(c)) {
      problems.push({ path: [], line: header.info.lines, field: c, code: 'unknown_column', message: `parseHomesCsv: line ${header.info.lines}: unknown column "${c}" (column ${i + 1})` });
    }
    if (columns.indexOf(c) !== i) problems.push({ path: [], line: header.info.lines, field: c, code: 'duplicate_column', message: `parseHomesCsv: line ${header.info.lines}: column "${c}" appears twice` });
  });
  for (const r of REQUIRED) {
    if (!columns.includes(r)) problems.push({ path: [], line: header.info.lines, field: r, code: 'missing_column', message: `parseHomesCsv: line ${header.info.lines}: required column "${r}" is missing` });
  }
  if (!columns.includes('postcode') && !columns.includes('district') && !(columns.includes('lat') && columns.includes('lon'))) {
    problems.push({ path: [], line: header.info.lines, field: 'postcode', code: 'missing_column', message: `parseHomesCsv: line ${header.info.lines}: a location column is required: postcode, district, or lat and lon` });
  }
  const rows: ImportRow[] = [];
  data.forEach(({ record, info }, index) => {
    const line = info.lines - record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
    if (record.length !== columns.length) {
      problems.push({ path: [index], line, field: '(row)', code: 'field_count', message: `parseHomesCsv: line ${line}: ${record.length} fields, but the header has ${columns.length}` });
      return;
    }
    const cells: Record<string, string> = {};
    columns.forEach((c, i) => {
      const v = record[i] ?? '';
      if (v !== '') cells[c] = v;
    });
    const value: Record<string, unknown> = {};
    const capability: Record<string, unknown> = {};
    for (const [c, v] of Object.entries(cells)) {
      if (c.startsWith('capability.')) capability[c.slice('capability.'.length)] = num(v);
      else if (LIST_COLUMNS.has(c)) value[c] = list(v);
      else if (INT_COLUMNS.has(c) || c === 'annualCost') value[c] = num(v);
      else if (c === 'emergency') value[c] = bool(v);
      else if (c === 'residents') value[c] = residents(v);
      else if (['id', 'providerId', 'type', 'authority', 'registration', 'ofsted', 'contract'].includes(c)) value[c] = v;
    }
    if (Object.keys(capability).length) value.capability = capability;
    if (cells.ageMin !== undefined || cells.ageMax !== undefined) value.ageRange = { min: num(cells.ageMin ?? ''), max: num(cells.ageMax ?? '') };
    if (cells.householdChildrenAges !== undefined || cells.pets !== undefined) {
      value.household = { childrenAges: list(cells.householdChildrenAges ?? '').map(num), pets: list(cells.pets ?? '') };
    }
    const forms = [cells.postcode !== undefined, cells.district !== undefined, cells.lat !== undefined || cells.lon !== undefined].filter(Boolean).length;
    if (forms > 1) {
      problems.push({ path: [index, 'location'], line, field: 'postcode', code: 'invalid_location', message: `parseHomesCsv: line ${line}: give exactly one of postcode, district or lat+lon` });
      return;
    }
    if (cells.postcode !== undefined) value.location = { postcode: cells.postcode };
    else if (cells.district !== undefined) value.location = { district: cells.district };
    else if (cells.lat !== undefined || cells.lon !== undefined) value.location = { lat: num(cells.lat ?? ''), lon: num(cells.lon ?? '') };
    rows.push({
      index,
      line,
      value,
      fieldOf: (path) => columnOf(path, cells),
      rawOf: (path) => cells[columnOf(path, cells)],
    });
  });
  return { format: 'csv', rows, problems };
}
