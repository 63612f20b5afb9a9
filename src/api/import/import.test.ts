import { describe, expect, it } from 'vitest';
import { defaultGeography } from '../../../geo/geography.js';
import { ValidationError } from '../../domain/index.js';
import { parseHomesCsv } from './homes-csv.js';
import { parseHomesJson } from './homes-json.js';
import { validateImport } from './validate-homes.js';
import type { ImportProblem } from './types.js';

const geo = defaultGeography();
const HEADER = 'id,providerId,type,district,postcode,registration,ofsted,places,freePlaces,ageMin,ageMax,sexesAccepted,annualCost,contract,emergency,adaptations,capability.behaviour,residents,householdChildrenAges,pets';

function problemsOf(fn: () => unknown): ImportProblem[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).problems as ImportProblem[];
  }
  throw new Error('expected a ValidationError');
}

describe('homes CSV import', () => {
  it('reads every column into a valid home and derives the authority from the boundary', () => {
    const csv = [
      HEADER,
      'H-1,P-1,council_foster,CV3,,registered,good,2,1,0,17,female|male,23993,council_run,yes,wheelchair_access|hoist,2,,3|7,dog',
      'H-2,P-1,external_childrens_home,,B1 1AA,registered,outstanding,4,2,10,17,male,175725,block,false,,3,14:missing_episodes+self_harm|12,,',
    ].join('\n');
    const writes = validateImport(parseHomesCsv(csv), geo, 'homes.csv');
    expect(writes.map((w) => [w.home.id, w.authority])).toEqual([
      ['H-1', 'E08000026'],
      ['H-2', 'E08000025'],
    ]);
    expect(writes[0]!.home).toMatchObject({ emergency: true, adaptations: ['wheelchair_access', 'hoist'], capability: { behaviour: 2 }, household: { childrenAges: [3, 7], pets: ['dog'] } });
    expect(writes[1]!.home.residents).toEqual([{ age: 14, riskFlags: ['missing_episodes', 'self_harm'] }, { age: 12, riskFlags: [] }]);
  });

  it('reports every rejected row with its line and field, and imports nothing', () => {
    const csv = [
      HEADER,
      'H-1,P-1,council_foster,CV3,,registered,good,2,3,0,17,female|male,23993,council_run,,,,,,', // freePlaces > places (line 2)
      'H-2,P-1,castle,CV3,,registered,good,two,0,0,17,female,23993,council_run,,,,,,', // bad type and places (line 3)
      'H-3,P-1,council_foster,,ZZ9 9ZZ,registered,good,1,1,0,17,female,23993,council_run,,,,,,', // unknown postcode (line 4)
      'H-1,P-1,council_foster,CV3,,registered,good,1,1,0,17,female,23993,council_run,,,,,,', // duplicate id (line 5)
      'H-5,P-1,council_foster,CV3', // field count (line 6)
    ].join('\n');
    const problems = problemsOf(() => validateImport(parseHomesCsv(csv), geo, 'homes.csv'));
    const located = problems.map((p) => `${p.line}:${p.field}:${p.code}`);
    expect(located).toEqual(
      expect.arrayContaining(['2:freePlaces:custom', '3:type:invalid_value', '3:places:invalid_type', '4:postcode:unknown_postcode', '5:id:duplicate_id', '6:(row):field_count']),
    );
    expect(problems.find((p) => p.field === 'places')?.message).toMatch(/homes.csv line 3, field "places": .*\(got "two"\)/);
    expect(problems.find((p) => p.code === 'unknown_postcode')?.message).toMatch(/unknown postcode "ZZ9 9ZZ"/);
  });

  it('reports unknown and missing columns on the header line', () => {
    const problems = problemsOf(() => validateImport(parseHomesCsv('id,colour\nH-1,red'), geo, 'h.csv'));
    expect(problems.map((p) => `${p.line}:${p.field}:${p.code}`)).toEqual(expect.arrayContaining(['1:colour:unknown_column', '1:providerId:missing_column', '1:postcode:missing_column']));
  });

  it('reports unreadable CSV and an empty file', () => {
    expect(problemsOf(() => validateImport(parseHomesCsv('id,type\n"H-1,x\n'), geo, 'h.csv'))[0]).toMatchObject({ code: 'invalid_csv' });
    expect(problemsOf(() => validateImport(parseHomesCsv(''), geo, 'h.csv'))[0]).toMatchObject({ code: 'empty_file' });
    expect(problemsOf(() => validateImport(parseHomesCsv(HEADER), geo, 'h.csv'))[0]).toMatchObject({ code: 'empty_file' });
  });
});

describe('homes JSON import', () => {
  const good = { id: 'H-1', providerId: 'P-1', type: 'council_foster', location: { district: 'CV3' }, registration: 'registered', ofsted: 'good', places: 2, freePlaces: 1, ageRange: { min: 0, max: 17 }, sexesAccepted: ['female'], annualCost: 23993, contract: 'council_run' };

  it('accepts an array or {"homes": [...]}', () => {
    expect(validateImport(parseHomesJson(JSON.stringify([good])), geo, 'h.json')).toHaveLength(1);
    expect(validateImport(parseHomesJson(JSON.stringify({ homes: [good, { ...good, id: 'H-2' }] })), geo, 'h.json')).toHaveLength(2);
  });

  it('locates problems by the line the element starts on and its JSON path', () => {
    const text = JSON.stringify([good, { ...good, id: 'H-2', ageRange: { min: 9, max: 3 } }, { ...good, id: 'H-3', authority: 'E08000025' }], null, 2);
    const problems = problemsOf(() => validateImport(parseHomesJson(text), geo, 'h.json'));
    const lines = text.split('\n');
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['ageRange', 'custom'],
      ['authority', 'authority_mismatch'],
    ]);
    for (const p of problems) expect(lines[p.line - 1]!.trim()).toBe('{');
    expect(problems[0]!.path).toEqual([1, 'ageRange']);
    expect(problems[0]!.line).toBeLessThan(problems[1]!.line);
  });

  it('reports bad JSON and a non-array document', () => {
    expect(problemsOf(() => validateImport(parseHomesJson('{"homes": ['), geo, 'h.json'))[0]).toMatchObject({ code: 'invalid_json' });
    expect(problemsOf(() => validateImport(parseHomesJson('{"x": 1}'), geo, 'h.json'))[0]).toMatchObject({ code: 'invalid_type' });
  });
});
