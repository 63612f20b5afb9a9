import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../src/domain/errors.js';
import {
  classifyPostcode,
  createPostcodeDirectory,
  loadPostcodeDirectory,
  parseDistrictCentroids,
  resolvePostcodeOrThrow,
} from './postcodes.js';

const dir = loadPostcodeDirectory();

describe('classifyPostcode', () => {
  it('reads full postcodes in any case and spacing', () => {
    expect(classifyPostcode('cv1 2ab')).toEqual({ kind: 'full', postcode: 'CV1 2AB', district: 'CV1' });
    expect(classifyPostcode('CV12AB')).toEqual({ kind: 'full', postcode: 'CV1 2AB', district: 'CV1' });
    expect(classifyPostcode('  sw1a   2aa ')).toEqual({ kind: 'full', postcode: 'SW1A 2AA', district: 'SW1A' });
  });

  it('reads districts', () => {
    expect(classifyPostcode('cv1')).toEqual({ kind: 'district', district: 'CV1' });
    expect(classifyPostcode(' b36 ')).toEqual({ kind: 'district', district: 'B36' });
  });

  it('rejects non-postcodes', () => {
    for (const s of ['', ' ', 'hello', '12345', 'CV1 2A', 'CV1 2ABC', '1A', 'ABC', '!!!']) {
      expect(classifyPostcode(s), s).toEqual({ kind: 'invalid' });
    }
  });
});

describe('loadPostcodeDirectory', () => {
  it('loads all 2,864 GB districts', () => {
    expect(dir.size).toBe(2864);
    expect(dir.all()).toHaveLength(2864);
  });

  it('every district in the file is a valid outward code that resolves to itself', () => {
    for (const d of dir.all()) {
      expect(dir.resolvePostcode(d.district)?.district, d.district).toBe(d.district);
    }
  });

  it('has centroids inside Great Britain', () => {
    for (const d of dir.all()) {
      expect(d.lat).toBeGreaterThan(49.8);
      expect(d.lat).toBeLessThan(61);
      expect(d.lon).toBeGreaterThan(-8.7);
      expect(d.lon).toBeLessThan(2);
    }
  });
});

describe('resolvePostcode', () => {
  it('resolves a full postcode to its district centroid with both authority codes', () => {
    expect(dir.resolvePostcode('cv1 2ab')).toEqual({
      district: 'CV1',
      lat: 52.40937,
      lon: -1.50638,
      laCode: 'E08000026',
      centroidLaCode: 'E08000026',
      postcode: 'CV1 2AB',
    });
    expect(dir.resolvePostcode('CV12AB')?.district).toBe('CV1');
  });

  it('resolves a district without a postcode field', () => {
    const b1 = dir.resolvePostcode('b1');
    expect(b1).toMatchObject({ district: 'B1', lat: 52.47987, lon: -1.90938, laCode: 'E08000025' });
    expect(b1?.postcode).toBeUndefined();
  });

  it('keeps the two authority codes apart for a district straddling a boundary (B78)', () => {
    const b78 = dir.resolvePostcode('B78 3AA');
    expect(b78?.laCode).toBe('E10000031'); // most postcodes: Warwickshire
    expect(b78?.centroidLaCode).toBe('E10000028'); // the centroid itself: Staffordshire
  });

  it('gives Welsh and Scottish districts their own authority and no English centroid authority', () => {
    expect(dir.resolvePostcode('CF10 1AA')).toMatchObject({ district: 'CF10', centroidLaCode: undefined });
    expect(dir.resolvePostcode('CF10')?.laCode).toMatch(/^W/);
    expect(dir.resolvePostcode('AB10')?.laCode).toMatch(/^S/);
  });

  it('treats a non-string (from untyped callers) as invalid', () => {
    expect(dir.resolvePostcode(undefined as unknown as string)).toBeUndefined();
    expect(() => resolvePostcodeOrThrow(dir, 42 as unknown as string)).toThrow('resolvePostcodeOrThrow: 42 is not a UK postcode or postcode district');
  });

  it('returns undefined for unknown or invalid input', () => {
    expect(dir.resolvePostcode('ZZ9 9ZZ')).toBeUndefined();
    expect(dir.resolvePostcode('ZZ9')).toBeUndefined();
    expect(dir.resolvePostcode('BT1 1AA')).toBeUndefined(); // Northern Ireland is not in Code-Point Open
    expect(dir.resolvePostcode('not a postcode')).toBeUndefined();
    expect(dir.resolvePostcode('')).toBeUndefined();
  });

  it('resolves any valid full postcode in a known district to that district (property)', () => {
    const districts = dir.all().map((d) => d.district);
    const incode = fc
      .tuple(fc.integer({ min: 0, max: 9 }), fc.constantFrom(...'ABDEFGHJLNPQRSTUWXYZ'), fc.constantFrom(...'ABDEFGHJLNPQRSTUWXYZ'))
      .map(([n, a, b]) => `${n}${a}${b}`);
    fc.assert(
      fc.property(fc.constantFrom(...districts), incode, fc.boolean(), fc.boolean(), (d, inc, lower, space) => {
        let text = space ? `${d} ${inc}` : `${d}${inc}`;
        if (lower) text = text.toLowerCase();
        const r = dir.resolvePostcode(text);
        return r !== undefined && r.district === d && r.postcode === `${d} ${inc}`;
      }),
    );
  });
});

describe('resolvePostcodeOrThrow', () => {
  it('returns the resolved postcode when known', () => {
    expect(resolvePostcodeOrThrow(dir, 'WV1 1AA').district).toBe('WV1');
  });

  it('throws a ValidationError naming the function and quoting an unknown postcode', () => {
    let err: unknown;
    try {
      resolvePostcodeOrThrow(dir, 'ZZ9 9ZZ', ['child', 'homeLocation', 'postcode']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    const v = err as ValidationError;
    expect(v.message).toBe('resolvePostcodeOrThrow: unknown postcode "ZZ9 9ZZ"');
    expect(v.status).toBe(400);
    expect(v.problems).toEqual([
      { path: ['child', 'homeLocation', 'postcode'], message: v.message, code: 'unknown_postcode' },
    ]);
  });

  it('shortens a very long bad value in the message', () => {
    expect(() => resolvePostcodeOrThrow(dir, 'x'.repeat(100))).toThrow(`resolvePostcodeOrThrow: "${'x'.repeat(40)}…" is not a UK postcode`);
  });

  it('says when the text is not a postcode at all', () => {
    expect(() => resolvePostcodeOrThrow(dir, 'hello')).toThrow(
      'resolvePostcodeOrThrow: "hello" is not a UK postcode or postcode district',
    );
    try {
      resolvePostcodeOrThrow(dir, 'hello');
    } catch (e) {
      expect((e as ValidationError).problems[0]).toMatchObject({ path: ['postcode'], code: 'invalid_postcode' });
    }
  });
});

describe('parseDistrictCentroids', () => {
  const header = 'district,lat,lon,easting,northing,postcodes,country,lad_code,lad_name,la_code,la_name,la_share,region_code,region_name,centroid_la_code';

  it('parses a row, turning blanks into undefined', () => {
    const rows = parseDistrictCentroids(`${header}\nch4,53.16547,-2.94738,336760,363569,918,England,E06000050,"Cheshire West and Chester",E06000050,"Cheshire West and Chester",0.522,E12000002,North West,\n`);
    expect(rows).toEqual([
      {
        district: 'CH4',
        lat: 53.16547,
        lon: -2.94738,
        postcodes: 918,
        country: 'England',
        laCode: 'E06000050',
        laName: 'Cheshire West and Chester',
        laShare: 0.522,
        centroidLaCode: undefined,
        regionCode: 'E12000002',
      },
    ]);
  });

  it('rejects a non-numeric coordinate, naming the row and value', () => {
    expect(() => parseDistrictCentroids(`${header}\nCV1,north,-1.5,0,0,1,England,x,x,x,x,1,,,\n`)).toThrow(
      'parseDistrictCentroids: row 2 column "lat" is not a number: "north"',
    );
  });

  it('rejects a missing column', () => {
    expect(() => parseDistrictCentroids('district,lat\nCV1,52\n')).toThrow('parseDistrictCentroids: no column "lon" in the header');
  });

  it('rejects duplicate districts', () => {
    const row = parseDistrictCentroids(`${header}\nCV1,52.4,-1.5,0,0,1,England,x,x,E08000026,x,1,,,\n`);
    expect(() => createPostcodeDirectory([...row, ...row])).toThrow('createPostcodeDirectory: duplicate district "CV1"');
  });
});
