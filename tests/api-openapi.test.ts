/**
 * The OpenAPI document: OpenAPI 3.1 structure, every $ref resolves, path parameters are declared, operation
 * ids are unique, every error response is problem+json, and every documented operation is a real route.
 * Validity is checked against the official OpenAPI 3.1 JSON schema (shipped by
 * @seriousme/openapi-schema-validator, `schemas/v3.1/schema.json`, $id https://spec.openapis.org/oas/3.1/schema/...),
 * and every Schema Object against the JSON Schema 2020-12 meta-schema (ajv), since the official document
 * schema leaves Schema Objects unchecked.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testService, type TestService } from './service-fixtures.js';

let t: TestService;
let doc: Record<string, any>;

beforeAll(async () => {
  t = await testService();
  doc = (await request(t.service.app).get('/openapi.json')).body;
});
afterAll(async () => {
  await t.service.stop();
  await t.service.store.close();
});

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function* refs(v: unknown): Generator<string> {
  if (Array.isArray(v)) for (const x of v) yield* refs(x);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string') yield x;
      else yield* refs(x);
    }
  }
}

function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), root);
}

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document with info, security and components', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Homefinder', version: expect.any(String) });
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const name of ['Child', 'Home', 'MatchRequest', 'MatchResponse', 'Problem', 'Decision', 'AuditEntry', 'Job']) expect(doc.components.schemas).toHaveProperty(name);
  });

  it('is valid against the official OpenAPI 3.1 JSON schema', async () => {
    const validator = new Validator();
    const res = await validator.validate(structuredClone(doc));
    expect(res.errors ?? [], JSON.stringify(res.errors, null, 2)).toEqual([]);
    expect(res.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('the official schema rejects a broken copy (the check has teeth)', async () => {
    const broken = structuredClone(doc);
    delete broken.info;
    const firstPath = Object.values(broken.paths as Record<string, Record<string, any>>)[0]!;
    const op = Object.values(firstPath)[0] as { responses: unknown };
    op.responses = 'none';
    const res = await new Validator().validate(broken);
    expect(res.valid).toBe(false);
  });

  it('has only Schema Objects that are valid JSON Schema 2020-12', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const schemas: [string, unknown][] = Object.entries(doc.components.schemas as Record<string, unknown>).map(([k, v]) => [`components.schemas.${k}`, v]);
    const walk = (v: unknown, where: string): void => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${where}.${i}`));
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === 'schema' && x && typeof x === 'object') schemas.push([`${where}.schema`, x]);
          else walk(x, `${where}.${k}`);
        }
      }
    };
    walk(doc.paths, 'paths');
    expect(schemas.length).toBeGreaterThan(20);
    for (const [where, schema] of schemas) {
      const ok = ajv.validateSchema(schema as object);
      expect(ok ? [] : ajv.errors, where).toEqual([]);
    }
    expect(ajv.validateSchema({ type: 'nonsense' })).toBe(false);
  });

  it('resolves every $ref', () => {
    const all = [...refs(doc)];
    expect(all.length).toBeGreaterThan(20);
    for (const r of all) expect(resolvePointer(doc, r), r).toBeDefined();
  });

  it('declares every path parameter, uses unique operation ids, and answers errors as problem+json', () => {
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const m of METHODS) {
        const op = item[m];
        if (!op) continue;
        expect(ids.has(op.operationId), op.operationId).toBe(false);
        ids.add(op.operationId);
        const declared = (op.parameters ?? []).filter((p: { in: string }) => p.in === 'path').map((p: { name: string }) => p.name);
        expect(declared.sort(), `${m} ${path}`).toEqual([...params].sort());
        const codes = Object.keys(op.responses);
        expect(codes.some((c) => c.startsWith('2')), `${m} ${path}`).toBe(true);
        for (const c of codes.filter((x) => /^[45]/.test(x))) expect(Object.keys(op.responses[c].content), `${m} ${path} ${c}`).toEqual(['application/problem+json']);
      }
    }
  });

  it('documents only real routes', async () => {
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const m of METHODS) {
        if (!item[m]) continue;
        const concrete = path.replace(/\{(\w+)\}/g, (_s, name: string) => (name === 'seq' ? '1' : 'X-1'));
        const res = await request(t.service.app)[m](concrete).set('Authorization', `Bearer ${t.keys.admin}`);
        expect(res.body?.detail ?? '', `${m} ${concrete}`).not.toMatch(/no route/);
      }
    }
  });
});
