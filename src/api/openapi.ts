import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import { ChildSchema, HomeSchema, MatchRequestSchema, MatchResponseSchema, SiblingGroupSchema } from '../domain/index.js';
import type { JobKind } from './jobs/job-runner.js';
import { ProblemDocumentSchema } from './problem.js';
import {
  AuditEntrySchema,
  AuditListSchema,
  AuditQuerySchema,
  CloseHomeRequestSchema,
  DecisionListQuerySchema,
  DecisionListSchema,
  DecisionRequestSchema,
  DecisionSchema,
  HealthSchema,
  HomeListQuerySchema,
  HomeListSchema,
  HomeRecordSchema,
  ImportResultSchema,
  JobSchema,
  KeyCreatedSchema,
  KeyCreateRequestSchema,
  KeyInfoSchema,
  RecommendationSchema,
  VacanciesRequestSchema,
} from './schemas.js';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemDocumentSchema } } });
const json = (description: string, schema: z.ZodType) => ({ description, content: { 'application/json': { schema } } });

/** The problem responses every authenticated operation can give. */
function errors(extra: Record<string, string> = {}): ZodOpenApiResponsesObject {
  const base: Record<string, string> = {
    '400': 'Invalid request: `problems` lists every issue with its JSON path',
    '401': 'Missing, malformed, unknown or revoked API key',
    '403': 'The key\'s role or authority does not allow this',
    '429': 'Rate limit for this key exceeded (see Retry-After)',
    ...extra,
  };
  return Object.fromEntries(Object.entries(base).map(([k, v]) => [k, problem(v)]));
}

const idParam = (description: string) => ({ path: z.object({ id: z.string().meta({ description }) }) });
const etag = { headers: z.object({ ETag: z.string().meta({ description: 'The home version, e.g. "v3"; send it as If-Match to update safely' }) }) };
const ifMatch = { header: z.object({ 'If-Match': z.string().optional().meta({ description: 'ETag of the version being changed (409 if it has moved on)' }) }) };

function op(o: ZodOpenApiOperationObject): ZodOpenApiOperationObject {
  return o;
}

/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the zod schemas (zod-openapi), including the
 * input schema of every registered job kind.
 *
 * @example
 * const doc = openApiDocument(runner.kindList());
 * doc.openapi; // "3.1.0"
 */
export function openApiDocument(jobKinds: readonly JobKind<never>[], version = '0.1.0'): ReturnType<typeof createDocument> {
  const jobInputs = jobKinds.map((k) =>
    z.object({ kind: z.literal(k.kind), input: k.input as z.ZodType }).meta({ id: `Job_${k.kind}`, description: `${k.description} Roles: ${['admin', ...k.roles].join(', ')}.` }),
  );
  const JobSubmitBody = jobInputs.length === 0 ? z.object({ kind: z.string(), input: z.unknown() }) : jobInputs.length === 1 ? jobInputs[0]! : z.union(jobInputs as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Homefinder',
      version,
      description:
        'Finds the right home for a child in care (Children Act 1989 s22C): ranked, explained matches over the live registry, ' +
        'placement decisions, a tamper-evident audit trail, and a job model for long runs. Every error is application/problem+json (RFC 9457).',
    },
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key from `homefinder keys create` (also accepted as X-API-Key).' },
      },
      schemas: { Child: ChildSchema, SiblingGroup: SiblingGroupSchema, Home: HomeSchema, MatchRequest: MatchRequestSchema, MatchResponse: MatchResponseSchema },
    },
    paths: {
      '/healthz': { get: op({ operationId: 'healthz', summary: 'Liveness', security: [], responses: { '200': json('The process is up', HealthSchema) } }) },
      '/readyz': {
        get: op({ operationId: 'readyz', summary: 'Readiness', security: [], responses: { '200': json('Ready to serve', HealthSchema), '503': problem('Starting or draining') } }),
      },
      '/metrics': {
        get: op({ operationId: 'metrics', summary: 'Prometheus metrics', security: [], responses: { '200': { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } } } }),
      },
      '/openapi.json': { get: op({ operationId: 'openapi', summary: 'This document', security: [], responses: { '200': json('OpenAPI 3.1', z.record(z.string(), z.unknown())) } }) },
      '/v1/match': {
        post: op({
          operationId: 'match',
          summary: 'Rank every home for a child or sibling group, with explanations; the recommendation is audited',
          requestBody: { required: true, content: { 'application/json': { schema: MatchRequestSchema } } },
          responses: { '200': json('The ranked, explained recommendation', MatchResponseSchema), ...errors({ '413': 'Body too large', '503': 'Scoring workers unavailable; retry' }) },
        }),
      },
      '/v1/recommendations/{id}': {
        get: op({ operationId: 'getRecommendation', summary: 'Exactly what was recommended, with its digests and audit seq', requestParams: idParam('The requestId of the match response'), responses: { '200': json('The stored recommendation', RecommendationSchema), ...errors({ '404': 'No such recommendation for this key' }) } }),
      },
      '/v1/decisions': {
        post: op({
          operationId: 'recordDecision',
          summary: 'Record the placement decision on a recommendation (takes the free places)',
          requestBody: { required: true, content: { 'application/json': { schema: DecisionRequestSchema } } },
          responses: { '201': json('Recorded', DecisionSchema), ...errors({ '404': 'No such recommendation for this key', '409': 'Already decided, or a place has gone since' }) },
        }),
        get: op({ operationId: 'listDecisions', summary: 'Decisions of the key\'s authority', requestParams: { query: DecisionListQuerySchema }, responses: { '200': json('Decisions, newest first', DecisionListSchema), ...errors() } }),
      },
      '/v1/decisions/{id}': {
        get: op({ operationId: 'getDecision', summary: 'One decision', requestParams: idParam('Decision id'), responses: { '200': json('The decision', DecisionSchema), ...errors({ '404': 'No such decision for this key' }) } }),
      },
      '/v1/audit': {
        get: op({ operationId: 'listAudit', summary: 'Audit entries (own authority; admin: all)', requestParams: { query: AuditQuerySchema }, responses: { '200': json('A page of entries', AuditListSchema), ...errors() } }),
      },
      '/v1/audit/{seq}': {
        get: op({ operationId: 'getAudit', summary: 'One audit entry', requestParams: { path: z.object({ seq: z.string().meta({ description: 'Sequence number' }) }) }, responses: { '200': json('The entry', AuditEntrySchema), ...errors({ '404': 'No such entry for this key' }) } }),
      },
      '/v1/homes': {
        get: op({ operationId: 'listHomes', summary: 'Homes (providers: their own)', requestParams: { query: HomeListQuerySchema }, responses: { '200': json('A page of homes', HomeListSchema), ...errors() } }),
        post: op({
          operationId: 'createHome',
          summary: 'Add a home (providers: their own)',
          requestBody: { required: true, content: { 'application/json': { schema: HomeSchema } } },
          responses: { '201': { ...json('Created', HomeRecordSchema), ...etag }, ...errors({ '409': 'A home with this id exists' }) },
        }),
      },
      '/v1/homes/import': {
        post: op({
          operationId: 'importHomes',
          summary: 'Create or update many homes from CSV or JSON, all or nothing; every rejected row is reported with its line and field',
          requestBody: { required: true, content: { 'text/csv': { schema: z.string() }, 'application/json': { schema: z.union([z.array(HomeSchema), z.object({ homes: z.array(HomeSchema) })]) } } },
          responses: { '200': json('Imported', ImportResultSchema), ...errors({ '413': 'Body too large' }) },
        }),
      },
      '/v1/homes/{id}': {
        get: op({ operationId: 'getHome', summary: 'One home', requestParams: idParam('Home id'), responses: { '200': { ...json('The home', HomeRecordSchema), ...etag }, ...errors({ '404': 'No such home' }) } }),
        put: op({
          operationId: 'updateHome',
          summary: 'Replace a home',
          requestParams: { ...idParam('Home id'), ...ifMatch },
          requestBody: { required: true, content: { 'application/json': { schema: HomeSchema } } },
          responses: { '200': { ...json('Updated', HomeRecordSchema), ...etag }, ...errors({ '404': 'No such home', '409': 'Closed, or changed since If-Match' }) },
        }),
        delete: op({
          operationId: 'closeHome',
          summary: 'Close a home (kept on record, leaves the registry)',
          requestParams: { ...idParam('Home id'), ...ifMatch },
          requestBody: { required: false, content: { 'application/json': { schema: CloseHomeRequestSchema } } },
          responses: { '200': { ...json('Closed', HomeRecordSchema), ...etag }, ...errors({ '404': 'No such home', '409': 'Already closed' }) },
        }),
      },
      '/v1/homes/{id}/vacancies': {
        patch: op({
          operationId: 'setVacancies',
          summary: 'Set free places (and optionally places)',
          requestParams: { ...idParam('Home id'), ...ifMatch },
          requestBody: { required: true, content: { 'application/json': { schema: VacanciesRequestSchema } } },
          responses: { '200': { ...json('Updated', HomeRecordSchema), ...etag }, ...errors({ '404': 'No such home', '409': 'Closed, or changed since If-Match' }) },
        }),
      },
      '/v1/jobs': {
        post: op({
          operationId: 'submitJob',
          summary: 'Start a long job; answers 202 with the job',
          requestBody: { required: true, content: { 'application/json': { schema: JobSubmitBody } } },
          responses: { '202': { ...json('Accepted', JobSchema), headers: z.object({ Location: z.string() }) }, ...errors({ '503': 'Shutting down' }) },
        }),
      },
      '/v1/jobs/{id}': {
        get: op({ operationId: 'getJob', summary: 'Status, progress and result', requestParams: idParam('Job id'), responses: { '200': json('The job', JobSchema), ...errors({ '404': 'No such job (or expired)' }) } }),
        delete: op({ operationId: 'cancelJob', summary: 'Cancel a queued or running job', requestParams: idParam('Job id'), responses: { '202': json('Cancelling or cancelled', JobSchema), ...errors({ '404': 'No such job', '409': 'Already finished' }) } }),
      },
      '/v1/keys': {
        post: op({ operationId: 'createKey', summary: 'Create an API key (admin)', requestBody: { required: true, content: { 'application/json': { schema: KeyCreateRequestSchema } } }, responses: { '201': json('Created; the token is shown once', KeyCreatedSchema), ...errors() } }),
        get: op({ operationId: 'listKeys', summary: 'API keys (admin)', responses: { '200': json('Keys (no secrets)', z.object({ keys: z.array(KeyInfoSchema) })), ...errors() } }),
      },
      '/v1/keys/{id}': {
        delete: op({ operationId: 'revokeKey', summary: 'Revoke an API key (admin)', requestParams: idParam('Key id'), responses: { '200': json('Revoked', KeyInfoSchema), ...errors({ '404': 'No such key', '409': 'Already revoked' }) } }),
      },
    },
  });
}
