import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspectProblem, ProblemSchema, validateProblem } from './problem.js';

const ok = {
  sense: 'max',
  targets: [{ id: 'h1', capacity: 3 }, { id: 'h2', capacity: 0 }],
  units: [{ id: 'c1', size: 1, mustAssign: false, candidates: [{ target: 'h1', value: 12.5, size: 2 }] }],
};

describe('validateProblem', () => {
  it('accepts the issue 3 example and returns it typed, without copying', () => {
    const v = validateProblem(ok);
    expect(v.ok).toBe(true);
    if (v.ok) {
      expect(v.problem.units[0]!.candidates[0]!.size).toBe(2);
      expect(v.problem).toBe(ok);
    }
  });

  it('fills in the defaults size 1 and mustAssign false', () => {
    const v = validateProblem({ sense: 'min', targets: [{ id: 'h', capacity: 1 }], units: [{ id: 'c', candidates: [] }] });
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.problem.units[0]).toEqual({ id: 'c', size: 1, mustAssign: false, candidates: [] });
  });

  it('collects every issue with its path, naming the unit or target and quoting the value', () => {
    const v = validateProblem({
      sense: 'best',
      targets: [{ id: 'h1', capacity: -1 }, { id: 'h1', capacity: 2.5 }, { id: '', capacity: 1 }],
      units: [
        { id: 'c1', size: -2, mustAssign: 'yes', candidates: [{ target: 'h9', value: Number.NaN }, { target: 'h1', value: 1, size: 1.5 }, { target: 'h1', value: 2 }] },
        { id: 'c1', candidates: [] , mustAssign: true },
        { id: 'c3', candidates: 'none' },
        42,
      ],
    });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    const byPath = new Map(v.issues.map((i) => [i.path.join('.'), i]));
    expect(byPath.get('sense')?.message).toBe('validateProblem: sense must be "max" or "min", got "best"');
    expect(byPath.get('targets.0.capacity')?.message).toContain('target "h1" capacity must be an integer from 0 to 1000000000, got -1');
    expect(byPath.get('targets.1.id')?.code).toBe('duplicate_id');
    expect(byPath.get('targets.1.capacity')?.message).toContain('got 2.5');
    expect(byPath.get('targets.2.id')?.code).toBe('invalid_type');
    expect(byPath.get('units.0.size')?.message).toContain('unit "c1" size');
    expect(byPath.get('units.0.mustAssign')?.message).toContain('got "yes"');
    expect(byPath.get('units.0.candidates.0.target')?.message).toBe(
      'validateProblem: unit "c1" candidate 0 refers to unknown target "h9"',
    );
    expect(byPath.get('units.0.candidates.0.value')?.message).toContain('got NaN');
    expect(byPath.get('units.0.candidates.1.size')?.message).toContain('got 1.5');
    expect(byPath.get('units.0.candidates.2.target')?.code).toBe('duplicate_candidate');
    expect(byPath.get('units.1.id')?.code).toBe('duplicate_id');
    expect(byPath.get('units.1.candidates')?.code).toBe('no_candidates');
    expect(byPath.get('units.2.candidates')?.code).toBe('invalid_type');
    expect(byPath.get('units.3')?.code).toBe('invalid_type');
    expect(v.issues).toHaveLength(15);
  });

  it('rejects non-objects and infinite values', () => {
    expect(validateProblem(null).ok).toBe(false);
    const v = validateProblem({ sense: 'max', targets: [{ id: 't', capacity: 1 }], units: [{ id: 'u', candidates: [{ target: 't', value: Infinity }] }] });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.issues[0]!.path).toEqual(['units', 0, 'candidates', 0, 'value']);
  });

  it('agrees with the zod schema on the shape (validity of random, partly broken inputs)', () => {
    const value = fc.oneof(fc.integer({ min: -3, max: 5 }), fc.double({ noNaN: false }), fc.constant('x'), fc.constant(undefined));
    const arb = fc.record({
      sense: fc.constantFrom('max', 'min', 'other'),
      targets: fc.array(fc.record({ id: fc.constantFrom('a', 'b', 'c', ''), capacity: value }), { maxLength: 3 }),
      units: fc.array(
        fc.record({
          id: fc.constantFrom('u', 'v', 'w'),
          size: value,
          mustAssign: fc.constantFrom(true, false, undefined, 1),
          candidates: fc.array(fc.record({ target: fc.constantFrom('a', 'b', 'c'), value, size: value }), { maxLength: 3 }),
        }),
        { maxLength: 3 },
      ),
    });
    fc.assert(
      fc.property(arb, (input) => {
        const mine = validateProblem(input);
        const zod = ProblemSchema.safeParse(input);
        // zod checks the shape only; ours also checks references, so: ours ok => zod ok, and zod not ok => ours not ok
        if (mine.ok) expect(zod.success).toBe(true);
        if (!zod.success) expect(mine.ok).toBe(false);
        if (zod.success && !mine.ok) {
          for (const i of mine.issues) expect(['duplicate_id', 'unknown_target', 'duplicate_candidate', 'no_candidates']).toContain(i.code);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('takes ids that are also names of Object.prototype members or array indices as plain ids', () => {
    const ids = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '0', '17', 'valueOf'];
    const input = {
      sense: 'max',
      targets: ids.map((id) => ({ id, capacity: 1 })),
      units: ids.map((id, i) => ({ id, candidates: [{ target: ids[(i + 1) % ids.length]!, value: i }] })),
    };
    const v = inspectProblem(input);
    expect(v.issues).toEqual([]);
    expect(Array.from(v.candidateTarget!)).toEqual(ids.map((_, i) => (i + 1) % ids.length));
    const bad = validateProblem({
      sense: 'max',
      targets: [{ id: '__proto__', capacity: 1 }, { id: '__proto__', capacity: 1 }],
      units: [
        { id: 'constructor', candidates: [{ target: 'toString', value: 1 }] },
        { id: 'x', candidates: [] },
        { id: 'constructor', candidates: [] },
        { id: 'x', candidates: [] },
      ],
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.issues.map((i) => i.message)).toEqual([
      'validateProblem: duplicate target id "__proto__" (first at targets[0])',
      'validateProblem: unit "constructor" candidate 0 refers to unknown target "toString"',
      'validateProblem: duplicate unit id "constructor" (first at units[0])',
      'validateProblem: duplicate unit id "x" (first at units[1])',
    ]);
  });
});
