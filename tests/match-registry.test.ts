import { describe, expect, it } from 'vitest';
import { ValidationError } from '../src/domain/index.js';
import { buildRegistry } from '../src/match/registry.js';
import { homeInput } from '../src/match/testing/requests.js';
import { COVENTRY, fakeGeography, WARWICKSHIRE } from '../src/scoring/testing/fake-geo.js';

const geo = fakeGeography();

describe('buildRegistry', () => {
  it('resolves locations and derives the authority from the boundary', () => {
    const reg = buildRegistry(
      [homeInput({ id: 'H-2', location: { postcode: 'cv34 4aa' } }), homeInput({ id: 'H-1', location: { lat: 52.409, lon: -1.506 } })],
      geo,
      'v1',
    );
    expect(reg.version).toBe('v1');
    expect(reg.get('H-2')).toMatchObject({ district: 'CV34', authority: WARWICKSHIRE, index: 0, setting: 'fostering' });
    expect(reg.get('H-1')).toMatchObject({ district: 'CV1', authority: COVENTRY });
    expect(reg.indexOf('H-1')).toBe(1);
    expect(reg.indexOf('nope')).toBe(-1);
    expect(Array.from(reg.idOrder)).toEqual([1, 0]);
  });

  it('collects EVERY problem, each with its path and the quoted value, before building anything', () => {
    const homes = [
      homeInput({ id: 'H-1' }),
      homeInput({ id: 'H-1', location: { postcode: 'ZZ9 9ZZ' } }),
      homeInput({ id: 'H-3', location: { postcode: 'hello' } }),
      homeInput({ id: 'H-4', location: { district: 'CV2' }, authority: 'E08000025' }),
    ];
    let err: ValidationError | undefined;
    try {
      buildRegistry(homes, geo);
    } catch (e) {
      err = e as ValidationError;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect(err?.status).toBe(400);
    expect(err?.problems).toEqual([
      { path: ['homes', 1, 'id'], code: 'duplicate_id', message: 'buildRegistry: duplicate home id "H-1" (first at homes.0)' },
      { path: ['homes', 1, 'location', 'postcode'], code: 'unknown_postcode', message: 'buildRegistry: unknown postcode "ZZ9 9ZZ"' },
      { path: ['homes', 2, 'location', 'postcode'], code: 'invalid_postcode', message: 'buildRegistry: "hello" is not a UK postcode or postcode district' },
      {
        path: ['homes', 3, 'authority'],
        code: 'authority_mismatch',
        message: 'buildRegistry: authority "E08000025" does not match the boundary the location falls in ("E08000026")',
      },
    ]);
  });

  it('accepts a supplied authority that agrees, and an empty registry', () => {
    expect(buildRegistry([homeInput({ authority: COVENTRY })], geo).size).toBe(1);
    expect(buildRegistry([], geo).size).toBe(0);
  });

  it('versions by content when no version is given', () => {
    const a = buildRegistry([homeInput()], geo).version;
    expect(a).toMatch(/^homes-1-[0-9a-f]{12}$/);
    expect(buildRegistry([homeInput()], geo).version).toBe(a);
    expect(buildRegistry([homeInput({ freePlaces: 2 })], geo).version).not.toBe(a);
  });
});
