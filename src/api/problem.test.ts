import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, UnavailableError, ValidationError } from '../domain/index.js';
import { ProblemDocumentSchema, toProblem } from './problem.js';

describe('toProblem', () => {
  it('lists every validation problem with its path', () => {
    const p = toProblem(
      new ValidationError('parseMatchRequest: 2 problem(s)', [
        { path: ['child', 'sex'], message: 'bad sex', code: 'invalid_value' },
        { path: ['top'], message: 'too big', code: 'too_big' },
      ]),
      '/v1/match',
      'r1',
    );
    expect(p).toMatchObject({ type: '/problems/validation_failed', status: 400, instance: '/v1/match#request-r1', requestId: 'r1' });
    expect(p.problems.map((x) => x.path)).toEqual([['child', 'sex'], ['top']]);
    expect(ProblemDocumentSchema.parse(p)).toEqual(p);
  });

  it('keeps the status of typed errors and gives them one problem item', () => {
    expect(toProblem(new NotFoundError('getHome: no home "H-1"'), '/v1/homes/H-1', 'r')).toMatchObject({ status: 404, code: 'not_found', problems: [{ path: [], code: 'not_found' }] });
    expect(toProblem(new ConflictError('x'), '/', 'r').status).toBe(409);
    expect(toProblem(new UnavailableError('pool down'), '/', 'r')).toMatchObject({ status: 503, problems: [] });
  });

  it('maps body-parser errors to 400/413/415', () => {
    expect(toProblem(Object.assign(new SyntaxError('Unexpected token'), { status: 400, type: 'entity.parse.failed' }), '/', 'r')).toMatchObject({ status: 400, code: 'invalid_json' });
    expect(toProblem(Object.assign(new Error('too large'), { status: 413, type: 'entity.too.large' }), '/', 'r')).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(toProblem(Object.assign(new Error('unsupported charset "X"'), { status: 415, type: 'charset.unsupported' }), '/', 'r')).toMatchObject({ status: 415 });
  });

  it('never leaks an internal message or stack in a 500', () => {
    const p = toProblem(new TypeError('Cannot read properties of undefined (reading secret)'), '/v1/match', 'r');
    expect(p.status).toBe(500);
    expect(JSON.stringify(p)).not.toMatch(/secret|TypeError|at /);
  });
});
