import { z } from 'zod';
import { ApprovalSchema, AuthorityCodeSchema, HomeSchema, IdSchema, IsoDateSchema } from '../domain/index.js';
import { JOB_STATUSES, ROLES } from '../store/index.js';

/**
 * Request and response shapes of the HTTP API that are not domain types. Domain shapes (Child, Home,
 * MatchRequest, MatchResponse...) come from src/domain; these wrap them. The OpenAPI document is generated
 * from these schemas (src/api/openapi.ts).
 */

const Timestamp = z.string().meta({ description: 'ISO 8601 timestamp (UTC)', example: '2026-11-22T10:00:00.000Z' });

export const ApproverRoleSchema = z.enum(['nominated_officer', 'director_of_childrens_services', 'team_manager', 'head_of_service']);

/**
 * A placement decision on a recommendation. Exactly one of `homeId` (the subject's children go to one
 * home) or `assignments` (a split plan of a sibling group). When the choice is not the top-ranked home, is a
 * split, or needed an override, `reason` ("not reasonably practicable ...") and `approver` are required.
 *
 * @example
 * DecisionRequestSchema.parse({ recommendationId: 'M-…', homeId: 'H-0001', decidedBy: 'officer-17' });
 */
export const DecisionRequestSchema = z
  .strictObject({
    recommendationId: z.string().min(1).max(100).meta({ description: 'The requestId of the match response the decision is made on' }),
    homeId: IdSchema.optional(),
    assignments: z.array(z.strictObject({ childId: IdSchema, homeId: IdSchema })).min(1).max(12).optional(),
    decidedBy: IdSchema.meta({ description: 'Pseudonymous id of the officer deciding' }),
    reason: z.string().min(10).max(2000).optional().meta({ description: 'Why the top-ranked option was not reasonably practicable, or why an override was justified' }),
    approver: z.strictObject({ id: IdSchema, role: ApproverRoleSchema }).optional(),
    notes: z.string().max(2000).optional(),
  })
  .superRefine((d, ctx) => {
    if ((d.homeId ? 1 : 0) + (d.assignments ? 1 : 0) !== 1) ctx.addIssue({ code: 'custom', path: [], message: 'exactly one of "homeId" or "assignments" is required' });
  })
  .meta({ id: 'DecisionRequest' });
export type DecisionRequest = z.infer<typeof DecisionRequestSchema>;

export const DecisionSchema = z
  .object({
    id: z.string(),
    recommendationId: z.string(),
    authority: z.string().nullable(),
    childIds: z.array(z.string()),
    placements: z.array(z.object({ childId: z.string(), homeId: z.string() })),
    chosenRank: z.number().int().nullable(),
    topHomeId: z.string().nullable(),
    decidedBy: z.string(),
    reason: z.string().nullable(),
    approver: z.object({ id: z.string(), role: z.string() }).nullable(),
    approvalsRequired: z.array(ApprovalSchema),
    overriddenRules: z.array(z.string()),
    vacancyChanges: z.array(z.object({ homeId: z.string(), freePlacesBefore: z.number().int(), freePlacesAfter: z.number().int() })),
    notes: z.string().nullable(),
    createdAt: Timestamp,
    actorKeyId: z.string(),
    auditSeq: z.number().int(),
  })
  .meta({ id: 'Decision' });

export const DecisionListSchema = z.object({ decisions: z.array(DecisionSchema) }).meta({ id: 'DecisionList' });
export const DecisionListQuerySchema = z.strictObject({
  childId: IdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const HomeRecordSchema = z
  .object({
    home: HomeSchema,
    authority: z.string().nullable().meta({ description: 'Authority whose boundary contains the home' }),
    status: z.enum(['open', 'closed']),
    version: z.number().int().meta({ description: 'Increments on every change; send it back in If-Match to update safely' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'HomeRecord' });

export const HomeListSchema = z.object({ homes: z.array(HomeRecordSchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }).meta({ id: 'HomeList' });

export const HomeListQuerySchema = z.strictObject({
  providerId: IdSchema.optional(),
  authority: AuthorityCodeSchema.optional(),
  status: z.enum(['open', 'closed']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).max(10_000_000).optional(),
});

export const VacanciesRequestSchema = z
  .strictObject({
    freePlaces: z.number().int().min(0).max(200),
    places: z.number().int().min(0).max(200).optional(),
  })
  .meta({ id: 'VacanciesRequest' });

export const CloseHomeRequestSchema = z.strictObject({ reason: z.string().min(1).max(500).optional() }).meta({ id: 'CloseHomeRequest' });

export const ImportResultSchema = z
  .object({
    created: z.number().int(),
    updated: z.number().int(),
    rows: z.number().int(),
    registryVersion: z.string(),
    auditSeq: z.number().int(),
  })
  .meta({ id: 'ImportResult' });

export const AuditEntrySchema = z
  .object({
    seq: z.number().int(),
    ts: Timestamp,
    actorKeyId: z.string(),
    authority: z.string().nullable(),
    kind: z.string(),
    payload: z.unknown(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry', description: 'hash = sha256(prevHash + "\\n" + canonicalJson({seq, ts, actorKeyId, authority, kind, payload}))' });

export const AuditListSchema = z
  .object({ entries: z.array(AuditEntrySchema), nextAfterSeq: z.number().int().nullable().meta({ description: 'Pass as afterSeq for the next page; null at the end' }) })
  .meta({ id: 'AuditList' });

export const AuditQuerySchema = z.strictObject({
  afterSeq: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  kind: z.string().min(1).max(64).optional(),
  authority: AuthorityCodeSchema.optional(),
});

export const RecommendationSchema = z
  .object({
    requestId: z.string(),
    authority: z.string().nullable(),
    actorKeyId: z.string(),
    createdAt: Timestamp,
    subjectKind: z.enum(['child', 'siblingGroup']),
    subjectId: z.string(),
    childIds: z.array(z.string()),
    policyVersion: z.string(),
    registryVersion: z.string(),
    requestDigest: z.string(),
    responseDigest: z.string(),
    auditSeq: z.number().int(),
    response: z.unknown().meta({ description: 'The MatchResponse exactly as it was returned' }),
  })
  .meta({ id: 'Recommendation' });

export const JobSubmitSchema = z
  .strictObject({
    kind: z.string().min(1).max(64),
    input: z.unknown(),
  })
  .meta({ id: 'JobSubmit' });

export const JobSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    status: z.enum(JOB_STATUSES),
    progress: z.number().min(0).max(1),
    message: z.string().nullable(),
    authority: z.string().nullable(),
    createdAt: Timestamp,
    startedAt: Timestamp.nullable(),
    finishedAt: Timestamp.nullable(),
    expiresAt: Timestamp.nullable(),
    result: z.unknown().meta({ description: 'Present once the job succeeded' }),
    error: z.object({ title: z.string(), detail: z.string(), status: z.number().int(), code: z.string() }).nullable(),
  })
  .meta({ id: 'Job' });

export const KeyCreateRequestSchema = z
  .strictObject({
    role: z.enum(ROLES),
    authority: AuthorityCodeSchema.optional(),
    providerId: IdSchema.optional(),
    label: z.string().min(1).max(100).optional(),
  })
  .superRefine((k, ctx) => {
    if ((k.role === 'placement_officer' || k.role === 'commissioner') && !k.authority) ctx.addIssue({ code: 'custom', path: ['authority'], message: `a ${k.role} key needs an authority` });
    if (k.role === 'provider' && !k.providerId) ctx.addIssue({ code: 'custom', path: ['providerId'], message: 'a provider key needs a providerId' });
    if (k.role !== 'provider' && k.providerId) ctx.addIssue({ code: 'custom', path: ['providerId'], message: `a ${k.role} key has no providerId` });
    if (k.role === 'admin' && k.authority) ctx.addIssue({ code: 'custom', path: ['authority'], message: 'an admin key is region-wide: no authority' });
  })
  .meta({ id: 'KeyCreateRequest' });

export const KeyInfoSchema = z
  .object({
    id: z.string(),
    role: z.enum(ROLES),
    authority: z.string().nullable(),
    providerId: z.string().nullable(),
    label: z.string().nullable(),
    createdAt: Timestamp,
    revokedAt: Timestamp.nullable(),
  })
  .meta({ id: 'KeyInfo' });

export const KeyCreatedSchema = z.object({ key: KeyInfoSchema, token: z.string().meta({ description: 'Shown once; only its salted hash is stored' }) }).meta({ id: 'KeyCreated' });

export const HealthSchema = z.object({ status: z.enum(['ok', 'ready', 'not_ready', 'draining']), checks: z.record(z.string(), z.unknown()).optional() }).meta({ id: 'Health' });

export const IdParamSchema = z.strictObject({ id: IdSchema });
export const SeqParamSchema = z.strictObject({ seq: z.coerce.number().int().min(1) });
export const AsOfSchema = IsoDateSchema;
