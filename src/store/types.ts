import type { Approval, Home, MatchResponse } from '../domain/index.js';
import type { AuditEntry, ChainFailure, ChainVerification } from './audit-chain.js';

/**
 * The storage contract. The HTTP service and the CLI only ever see this interface, so a server database
 * (e.g. PostgreSQL) can replace the embedded SQLite store without touching scoring or the API.
 *
 * Every write method is atomic and appends its audit entry in the same transaction: either the change and
 * its audit record are both stored, or neither is. Methods are async so a networked store fits the contract.
 */

/** Access-control roles (issue 4). */
export const ROLES = ['placement_officer', 'commissioner', 'provider', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who performs a write. API keys act as themselves; the CLI and the server bootstrap use fixed ids. */
export interface Actor {
  /** API key id, or "cli" / "system". Recorded as the audit entry's actorKeyId. */
  readonly keyId: string;
  readonly role: Role | 'cli' | 'system';
  readonly authority: string | null;
  readonly providerId: string | null;
}

/**
 * A system actor (bootstrap, CLI), allowed everything.
 *
 * @example
 * await store.createApiKey({ role: 'admin' }, systemActor('cli'));
 */
export function systemActor(keyId: 'cli' | 'system' = 'system'): Actor {
  return { keyId, role: keyId, authority: null, providerId: null };
}

/** An API key as stored (salted hash only; the token itself is never stored). */
export interface ApiKeyRecord {
  readonly id: string;
  readonly role: Role;
  /** Authority scope (placement officers, commissioners; optional for providers); null for admin. */
  readonly authority: string | null;
  /** Provider scope (providers only). */
  readonly providerId: string | null;
  readonly label: string | null;
  readonly salt: string;
  readonly secretHash: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export type ApiKeyInfo = Omit<ApiKeyRecord, 'salt' | 'secretHash'>;

export interface NewApiKey {
  readonly role: Role;
  readonly authority?: string | null;
  readonly providerId?: string | null;
  readonly label?: string | null;
}

export type HomeStatus = 'open' | 'closed';

/** A home in the registry with its bookkeeping. `version` increments on every change (ETag). */
export interface HomeRecord {
  readonly home: Home;
  /** Authority containing the home (derived from the real boundary), null outside England. */
  readonly authority: string | null;
  readonly status: HomeStatus;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A home with the authority the service resolved for it. */
export interface HomeWrite {
  readonly home: Home;
  readonly authority: string | null;
}

/** Checks made inside the write transaction. */
export interface WriteGuard {
  /** The home(s) touched must belong to this provider (provider keys). */
  readonly providerId?: string | undefined;
  /** Optimistic concurrency: the home's current version (If-Match). */
  readonly expectedVersion?: number | undefined;
}

/** The open homes at one registry version (what a match runs over). */
export interface RegistrySnapshot {
  /** Opaque registry state token recorded with every recommendation, e.g. "r42". */
  readonly version: string;
  readonly homes: readonly HomeRecord[];
}

export interface HomeFilter {
  readonly providerId?: string | undefined;
  readonly authority?: string | undefined;
  readonly status?: HomeStatus | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
}

export interface ImportSummary {
  readonly created: number;
  readonly updated: number;
  readonly registryVersion: string;
  readonly auditSeq: number;
}

/** What was recommended, retrievable exactly (pseudonymous ids and scores only). */
export interface RecommendationRecord {
  readonly requestId: string;
  readonly authority: string | null;
  readonly actorKeyId: string;
  readonly createdAt: string;
  readonly subjectKind: 'child' | 'siblingGroup';
  readonly subjectId: string;
  readonly childIds: readonly string[];
  readonly policyVersion: string;
  readonly registryVersion: string;
  /** sha256 of the canonical JSON of the validated request (lets an auditor holding the referral prove it). */
  readonly requestDigest: string;
  /** sha256 of the canonical JSON of `response`; also recorded in the audit entry. */
  readonly responseDigest: string;
  readonly response: MatchResponse;
  readonly auditSeq: number;
}

export type NewRecommendation = Omit<RecommendationRecord, 'auditSeq' | 'createdAt' | 'actorKeyId' | 'responseDigest'> & {
  /** Rule overrides the request recorded (rule, homes, reason, approver): audited with the recommendation. */
  readonly overrides?: readonly { readonly rule: string; readonly homeIds?: readonly string[] | undefined; readonly reason: string; readonly approver?: string | undefined }[];
  /** JSON.stringify(response), when the caller already has it: the stored bytes are then exactly the bytes sent. */
  readonly responseJson?: string;
};

/** One child placed in one home by a decision. */
export interface Placement {
  readonly childId: string;
  readonly homeId: string;
}

export interface Approver {
  readonly id: string;
  readonly role: string;
}

/** A recorded placement decision. */
export interface DecisionRecord {
  readonly id: string;
  readonly recommendationId: string;
  readonly authority: string | null;
  readonly childIds: readonly string[];
  readonly placements: readonly Placement[];
  /** Rank of the chosen home in the recommendation; null for a split plan. */
  readonly chosenRank: number | null;
  /** The recommendation's top-ranked home (null when nothing was eligible). */
  readonly topHomeId: string | null;
  /** Pseudonymous id of the officer who decided. */
  readonly decidedBy: string;
  /** "Not reasonably practicable" reason, required when the choice was not the top one or needed an override. */
  readonly reason: string | null;
  readonly approver: Approver | null;
  /** Approvals the chosen candidate(s) needed (copied from the recommendation). */
  readonly approvalsRequired: readonly Approval[];
  /** Hard rules overridden for the chosen home(s). */
  readonly overriddenRules: readonly string[];
  readonly vacancyChanges: readonly { homeId: string; freePlacesBefore: number; freePlacesAfter: number }[];
  readonly notes: string | null;
  readonly createdAt: string;
  readonly actorKeyId: string;
  readonly auditSeq: number;
}

export type NewDecision = Omit<DecisionRecord, 'id' | 'createdAt' | 'actorKeyId' | 'auditSeq' | 'vacancyChanges'>;

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** A long-running job (re-match, simulation, batch match). Inputs are not stored (they may hold profiles). */
export interface JobRecord {
  readonly id: string;
  readonly kind: string;
  readonly status: JobStatus;
  /** 0..1 */
  readonly progress: number;
  readonly message: string | null;
  readonly authority: string | null;
  readonly providerId: string | null;
  readonly actorKeyId: string;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** When a finished job and its result are deleted. */
  readonly expiresAt: string | null;
  readonly result: unknown;
  readonly error: {
    readonly title: string;
    readonly detail: string;
    readonly status: number;
    readonly code: string;
    /** Every problem with its path, when the job failed on invalid input found while running. */
    readonly problems?: readonly { readonly path: readonly (string | number)[]; readonly message: string; readonly code: string }[];
  } | null;
}

export interface NewJob {
  readonly id: string;
  readonly kind: string;
  readonly authority: string | null;
  readonly providerId: string | null;
}

export type JobUpdate = Partial<Pick<JobRecord, 'status' | 'progress' | 'message' | 'startedAt' | 'finishedAt' | 'expiresAt' | 'result' | 'error'>>;

export interface AuditFilter {
  /** Only entries concerning this authority; undefined = every entry (admin). */
  readonly authority?: string | undefined;
  readonly kind?: string | undefined;
  /** Return entries with seq greater than this (cursor). */
  readonly afterSeq?: number | undefined;
  readonly limit?: number | undefined;
}

/** Result of `verifyAudit`: the chain check plus cross-checks of the records the entries vouch for. */
export interface AuditVerification extends ChainVerification {
  /** Recommendation, decision and home rows whose content no longer matches the digest in their audit entry. */
  readonly recordFailures: readonly ChainFailure[];
}

export interface DecisionFilter {
  readonly authority?: string | undefined;
  readonly childId?: string | undefined;
  readonly limit?: number | undefined;
}

/**
 * The storage contract (see the file comment).
 *
 * @example
 * const store: Store = openSqliteStore({ path: ':memory:' });
 * const { token } = await store.createApiKey({ role: 'admin' }, systemActor());
 */
export interface Store {
  readonly kind: string;

  // Registry of homes
  registryVersion(): Promise<string>;
  registrySnapshot(): Promise<RegistrySnapshot>;
  getHome(id: string): Promise<HomeRecord | undefined>;
  listHomes(filter?: HomeFilter): Promise<HomeRecord[]>;
  countHomes(filter?: HomeFilter): Promise<number>;
  createHome(write: HomeWrite, actor: Actor, guard?: WriteGuard): Promise<HomeRecord>;
  updateHome(write: HomeWrite, actor: Actor, guard?: WriteGuard): Promise<HomeRecord>;
  setVacancies(id: string, change: { freePlaces: number; places?: number | undefined }, actor: Actor, guard?: WriteGuard): Promise<HomeRecord>;
  closeHome(id: string, actor: Actor, reason: string | null, guard?: WriteGuard): Promise<HomeRecord>;
  /** Create or update every home, all or nothing. */
  importHomes(writes: readonly HomeWrite[], actor: Actor, source: { format: string; name: string | null }, guard?: WriteGuard): Promise<ImportSummary>;

  // Recommendations and decisions
  recordRecommendation(rec: NewRecommendation, actor: Actor): Promise<RecommendationRecord>;
  getRecommendation(requestId: string): Promise<RecommendationRecord | undefined>;
  /** Records the decision, takes the free places it uses, all or nothing (409 when a place has gone). */
  recordDecision(decision: NewDecision, actor: Actor): Promise<DecisionRecord>;
  getDecision(id: string): Promise<DecisionRecord | undefined>;
  listDecisions(filter?: DecisionFilter): Promise<DecisionRecord[]>;

  // Audit log
  listAudit(filter?: AuditFilter): Promise<AuditEntry[]>;
  getAudit(seq: number): Promise<AuditEntry | undefined>;
  verifyAudit(): Promise<AuditVerification>;

  // API keys
  createApiKey(key: NewApiKey, actor: Actor): Promise<{ record: ApiKeyInfo; token: string }>;
  getApiKey(id: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(): Promise<ApiKeyInfo[]>;
  revokeApiKey(id: string, actor: Actor): Promise<ApiKeyInfo>;

  // Jobs
  createJob(job: NewJob, actor: Actor): Promise<JobRecord>;
  updateJob(id: string, update: JobUpdate): Promise<JobRecord>;
  getJob(id: string): Promise<JobRecord | undefined>;
  /** Delete finished jobs whose expiry has passed; returns how many. */
  deleteExpiredJobs(now: Date): Promise<number>;
  /** Mark jobs left queued/running by a previous process as failed (called at start-up). */
  failInterruptedJobs(now: Date, expiresAt?: Date): Promise<number>;

  close(): Promise<void>;
}
