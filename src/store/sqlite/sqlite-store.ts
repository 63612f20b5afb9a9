import { createHash, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import type Database from 'better-sqlite3';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type Home, type MatchResponse } from '../../domain/index.js';
import { generateApiKey } from '../api-keys.js';
import { verifyAuditChain, type AuditEntry, type ChainFailure } from '../audit-chain.js';
import { canonicalJson } from '../canonical-json.js';
import type {
  Actor,
  ApiKeyInfo,
  ApiKeyRecord,
  AuditFilter,
  AuditVerification,
  DecisionFilter,
  DecisionRecord,
  HomeFilter,
  HomeRecord,
  HomeStatus,
  HomeWrite,
  ImportSummary,
  JobRecord,
  JobUpdate,
  NewApiKey,
  NewDecision,
  NewJob,
  NewRecommendation,
  RecommendationRecord,
  RegistrySnapshot,
  Store,
  WriteGuard,
} from '../types.js';
import { SqliteAuditLog, type AuditAppend } from './audit-log.js';
import { startCheckpointer, type Checkpointer } from './checkpointer.js';
import { openDatabase, type OpenDatabaseOptions, type SyncMode } from './open-database.js';

export interface SqliteStoreOptions extends OpenDatabaseOptions {
  /**
   * Sync mode of recommendation writes (default `normal`): WAL without an fsync per commit, so a killed
   * process loses nothing and the database never corrupts, but power loss may drop the newest
   * recommendations (their audit entries go with them, atomically). Decisions, home changes and keys
   * always use `sync` (default `full`), and their fsync also flushes every earlier recommendation.
   */
  readonly recommendationSync?: SyncMode;
  /** Checkpoint the WAL in a worker thread instead of on the writing thread (file databases; default true). */
  readonly backgroundCheckpoints?: boolean;
  /** How recommendation responses are stored: gzip (default, ~10x smaller) or plain JSON text. */
  readonly responseEncoding?: 'json' | 'gzip-json';
  /** Injected clock (tests). */
  readonly clock?: () => Date;
}

interface HomeRow {
  id: string;
  provider_id: string;
  authority: string | null;
  type: string;
  status: HomeStatus;
  places: number;
  free_places: number;
  json: string;
  version: number;
  created_at: string;
  updated_at: string;
}

interface RecommendationRow {
  request_id: string;
  authority: string | null;
  actor_key_id: string;
  created_at: string;
  subject_kind: 'child' | 'siblingGroup';
  subject_id: string;
  child_ids: string;
  policy_version: string;
  registry_version: string;
  request_digest: string;
  response_digest: string;
  response: Buffer;
  response_encoding: 'json' | 'gzip-json';
  audit_seq: number;
}

interface KeyRow {
  id: string;
  role: ApiKeyRecord['role'];
  authority: string | null;
  provider_id: string | null;
  label: string | null;
  salt: string;
  secret_hash: string;
  created_at: string;
  revoked_at: string | null;
}

interface JobRow {
  id: string;
  kind: string;
  status: JobRecord['status'];
  progress: number;
  message: string | null;
  authority: string | null;
  provider_id: string | null;
  actor_key_id: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  expires_at: string | null;
  result: string | null;
  error: string | null;
}

const gzipAsync = promisify(gzip);
const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

function homeRecord(r: HomeRow): HomeRecord {
  return { home: JSON.parse(r.json) as Home, authority: r.authority, status: r.status, version: r.version, createdAt: r.created_at, updatedAt: r.updated_at };
}

/** The part of a home record the audit log vouches for. */
function homeState(rec: Pick<HomeRecord, 'home' | 'authority' | 'status' | 'version'>): { home: Home; authority: string | null; status: HomeStatus; version: number } {
  return { home: rec.home, authority: rec.authority, status: rec.status, version: rec.version };
}

function keyInfo(r: KeyRow): ApiKeyInfo {
  return { id: r.id, role: r.role, authority: r.authority, providerId: r.provider_id, label: r.label, createdAt: r.created_at, revokedAt: r.revoked_at };
}

function jobRecord(r: JobRow): JobRecord {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    progress: r.progress,
    message: r.message,
    authority: r.authority,
    providerId: r.provider_id,
    actorKeyId: r.actor_key_id,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    expiresAt: r.expires_at,
    result: r.result === null ? null : (JSON.parse(r.result) as unknown),
    error: r.error === null ? null : (JSON.parse(r.error) as JobRecord['error']),
  };
}

/**
 * Open the embedded SQLite store (default file `./data/homefinder.db`; `:memory:` for tests).
 *
 * @example
 * const store = openSqliteStore({ path: ':memory:' });
 * await store.createHome({ home, authority: 'E08000026' }, systemActor());
 */
export function openSqliteStore(opts: SqliteStoreOptions): SqliteStore {
  const background = (opts.backgroundCheckpoints ?? true) && opts.path !== ':memory:' && !opts.readonly;
  const store = new SqliteStore(openDatabase({ ...opts, backgroundCheckpoints: background }), opts);
  if (background) store.checkpointer = startCheckpointer(opts.path);
  return store;
}

/**
 * The SQLite implementation of {@link Store}. Synchronous underneath (better-sqlite3), async at the contract.
 *
 * @example
 * const store = new SqliteStore(openDatabase({ path: ':memory:' }));
 * await store.registryVersion(); // "r0"
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly db: Database.Database;
  private readonly audit: SqliteAuditLog;
  private readonly now: () => Date;
  private readonly encoding: 'json' | 'gzip-json';
  private readonly syncMode: SyncMode;
  private readonly recommendationSync: SyncMode;
  private currentSync: SyncMode;
  /** Parsed open homes by id, reused by registrySnapshot while their version is unchanged. */
  private readonly snapshotCache = new Map<string, HomeRecord>();
  /** Background WAL checkpointer (file databases opened with openSqliteStore). */
  checkpointer: Checkpointer | undefined;
  private readonly s: {
    counter: Database.Statement<[], { value: string }>;
    bump: Database.Statement;
    getHome: Database.Statement<[string], HomeRow>;
    openHomes: Database.Statement<[], HomeRow>;
    openVersions: Database.Statement<[], { id: string; version: number }>;
    insertHome: Database.Statement;
    updateHome: Database.Statement;
    insertRec: Database.Statement;
    getRec: Database.Statement<[string], RecommendationRow>;
    decisionFor: Database.Statement<[string], { id: string }>;
    insertDecision: Database.Statement;
    insertPlacement: Database.Statement;
    getDecision: Database.Statement<[string], { record: string; audit_seq: number }>;
    insertKey: Database.Statement;
    getKey: Database.Statement<[string], KeyRow>;
    insertJob: Database.Statement;
    getJob: Database.Statement<[string], JobRow>;
  };

  constructor(db: Database.Database, opts: Pick<SqliteStoreOptions, 'responseEncoding' | 'clock' | 'sync' | 'recommendationSync'> = {}) {
    this.db = db;
    this.syncMode = opts.sync ?? 'full';
    this.recommendationSync = opts.recommendationSync ?? 'normal';
    this.currentSync = this.syncMode;
    this.audit = new SqliteAuditLog(db);
    this.now = opts.clock ?? (() => new Date());
    this.encoding = opts.responseEncoding ?? 'gzip-json';
    this.s = {
      counter: db.prepare("SELECT value FROM meta WHERE key = 'registry_counter'"),
      bump: db.prepare("UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'registry_counter'"),
      getHome: db.prepare('SELECT * FROM homes WHERE id = ?'),
      openHomes: db.prepare("SELECT * FROM homes WHERE status = 'open' ORDER BY id"),
      openVersions: db.prepare("SELECT id, version FROM homes WHERE status = 'open' ORDER BY id"),
      insertHome: db.prepare(
        'INSERT INTO homes (id, provider_id, authority, type, status, places, free_places, json, version, created_at, updated_at) VALUES (@id, @provider_id, @authority, @type, @status, @places, @free_places, @json, @version, @created_at, @updated_at)',
      ),
      updateHome: db.prepare(
        'UPDATE homes SET provider_id = @provider_id, authority = @authority, type = @type, status = @status, places = @places, free_places = @free_places, json = @json, version = @version, updated_at = @updated_at WHERE id = @id',
      ),
      insertRec: db.prepare(
        'INSERT INTO recommendations (request_id, authority, actor_key_id, created_at, subject_kind, subject_id, child_ids, policy_version, registry_version, request_digest, response_digest, response, response_encoding, audit_seq) VALUES (@request_id, @authority, @actor_key_id, @created_at, @subject_kind, @subject_id, @child_ids, @policy_version, @registry_version, @request_digest, @response_digest, @response, @response_encoding, @audit_seq)',
      ),
      getRec: db.prepare('SELECT * FROM recommendations WHERE request_id = ?'),
      decisionFor: db.prepare('SELECT id FROM decisions WHERE recommendation_id = ?'),
      insertDecision: db.prepare('INSERT INTO decisions (id, recommendation_id, authority, record, created_at, actor_key_id, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      insertPlacement: db.prepare('INSERT INTO decision_placements (decision_id, authority, child_id, home_id) VALUES (?, ?, ?, ?)'),
      getDecision: db.prepare('SELECT record, audit_seq FROM decisions WHERE id = ?'),
      insertKey: db.prepare('INSERT INTO api_keys (id, role, authority, provider_id, label, salt, secret_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      getKey: db.prepare('SELECT * FROM api_keys WHERE id = ?'),
      insertJob: db.prepare(
        "INSERT INTO jobs (id, kind, status, progress, authority, provider_id, actor_key_id, created_at) VALUES (?, ?, 'queued', 0, ?, ?, ?, ?)",
      ),
      getJob: db.prepare('SELECT * FROM jobs WHERE id = ?'),
    };
  }

  /**
   * Run `fn` in a write transaction that takes the write lock at once (serialises the audit chain), under
   * the sync mode for this kind of write (the pragma is set between transactions; better-sqlite3 is
   * synchronous, so nothing interleaves).
   */
  private write<T>(fn: () => T, sync: SyncMode = this.syncMode): T {
    if (sync !== this.currentSync) {
      this.db.pragma(`synchronous = ${sync === 'normal' ? 'NORMAL' : 'FULL'}`);
      this.currentSync = sync;
    }
    return this.db.transaction(fn).immediate();
  }

  private counter(): number {
    return Number(this.s.counter.get()?.value ?? '0');
  }

  // ---------------------------------------------------------------- registry

  async registryVersion(): Promise<string> {
    return `r${this.counter()}`;
  }

  /**
   * The open homes at the current registry version. Parsed records are cached by (id, version), so after a
   * change only the changed homes are read and parsed again (a vacancy update costs one row, not 8,000).
   */
  async registrySnapshot(): Promise<RegistrySnapshot> {
    return this.db
      .transaction(() => {
        const version = `r${this.counter()}`;
        const ids = this.s.openVersions.all();
        const stale = ids.filter((r) => this.snapshotCache.get(r.id)?.version !== r.version);
        if (stale.length > 500) for (const row of this.s.openHomes.all()) this.snapshotCache.set(row.id, homeRecord(row));
        else for (const r of stale) this.snapshotCache.set(r.id, homeRecord(this.s.getHome.get(r.id)!));
        const homes = ids.map((r) => this.snapshotCache.get(r.id)!);
        if (this.snapshotCache.size > ids.length * 2 + 1000) {
          const open = new Set(ids.map((r) => r.id));
          for (const id of this.snapshotCache.keys()) if (!open.has(id)) this.snapshotCache.delete(id);
        }
        return { version, homes };
      })
      .deferred();
  }

  async getHome(id: string): Promise<HomeRecord | undefined> {
    const r = this.s.getHome.get(id);
    return r ? homeRecord(r) : undefined;
  }

  private homeWhere(filter: HomeFilter): { sql: string; params: Record<string, unknown> } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.providerId !== undefined) {
      where.push('provider_id = @providerId');
      params.providerId = filter.providerId;
    }
    if (filter.authority !== undefined) {
      where.push('authority = @authority');
      params.authority = filter.authority;
    }
    if (filter.status !== undefined) {
      where.push('status = @status');
      params.status = filter.status;
    }
    return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
  }

  async listHomes(filter: HomeFilter = {}): Promise<HomeRecord[]> {
    const { sql, params } = this.homeWhere(filter);
    const limit = Math.min(Math.max(filter.limit ?? 100, 1), 10_000);
    const rows = this.db
      .prepare<Record<string, unknown>, HomeRow>(`SELECT * FROM homes ${sql} ORDER BY id LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit, offset: Math.max(filter.offset ?? 0, 0) });
    return rows.map(homeRecord);
  }

  async countHomes(filter: HomeFilter = {}): Promise<number> {
    const { sql, params } = this.homeWhere(filter);
    return (this.db.prepare<Record<string, unknown>, { n: number }>(`SELECT COUNT(*) AS n FROM homes ${sql}`).get(params)?.n ?? 0);
  }

  private homeParams(rec: HomeRecord): Record<string, unknown> {
    return {
      id: rec.home.id,
      provider_id: rec.home.providerId,
      authority: rec.authority,
      type: rec.home.type,
      status: rec.status,
      places: rec.home.places,
      free_places: rec.home.freePlaces,
      json: JSON.stringify(rec.home),
      version: rec.version,
      created_at: rec.createdAt,
      updated_at: rec.updatedAt,
    };
  }

  private homeAudit(actor: Actor, change: string, rec: HomeRecord, extra: Record<string, unknown> = {}): AuditAppend {
    return { actorKeyId: actor.keyId, authority: rec.authority, kind: `home.${change}`, payload: { homeId: rec.home.id, ...homeState(rec), ...extra } };
  }

  private requireHome(id: string, fn: string, guard: WriteGuard | undefined): HomeRecord {
    const row = this.s.getHome.get(id);
    if (!row) throw new NotFoundError(`${fn}: no home with id "${id}"`);
    const rec = homeRecord(row);
    if (guard?.providerId !== undefined && rec.home.providerId !== guard.providerId) {
      throw new ForbiddenError(`${fn}: home "${id}" belongs to another provider, not "${guard.providerId}"`);
    }
    if (guard?.expectedVersion !== undefined && rec.version !== guard.expectedVersion) {
      throw new ConflictError(`${fn}: home "${id}" is at version ${rec.version}, not the expected ${guard.expectedVersion} (changed since read)`);
    }
    return rec;
  }

  async createHome(write: HomeWrite, actor: Actor, guard?: WriteGuard): Promise<HomeRecord> {
    return this.write(() => {
      if (guard?.providerId !== undefined && write.home.providerId !== guard.providerId) {
        throw new ForbiddenError(`createHome: providerId "${write.home.providerId}" is not your provider "${guard.providerId}"`);
      }
      const existing = this.s.getHome.get(write.home.id);
      if (existing) throw new ConflictError(`createHome: home "${write.home.id}" already exists${existing.status === 'closed' ? ' (closed)' : ''}`);
      const ts = this.now().toISOString();
      const rec: HomeRecord = { home: write.home, authority: write.authority, status: 'open', version: 1, createdAt: ts, updatedAt: ts };
      this.s.insertHome.run(this.homeParams(rec));
      this.s.bump.run();
      this.audit.append([this.homeAudit(actor, 'created', rec)], new Date(ts));
      return rec;
    });
  }

  async updateHome(write: HomeWrite, actor: Actor, guard?: WriteGuard): Promise<HomeRecord> {
    return this.write(() => {
      const cur = this.requireHome(write.home.id, 'updateHome', guard);
      if (cur.status === 'closed') throw new ConflictError(`updateHome: home "${write.home.id}" is closed`);
      if (guard?.providerId !== undefined && write.home.providerId !== guard.providerId) {
        throw new ForbiddenError(`updateHome: providerId "${write.home.providerId}" is not your provider "${guard.providerId}"`);
      }
      const ts = this.now().toISOString();
      const rec: HomeRecord = { ...cur, home: write.home, authority: write.authority, version: cur.version + 1, updatedAt: ts };
      this.s.updateHome.run(this.homeParams(rec));
      this.s.bump.run();
      this.audit.append([this.homeAudit(actor, 'updated', rec)], new Date(ts));
      return rec;
    });
  }

  async setVacancies(id: string, change: { freePlaces: number; places?: number | undefined }, actor: Actor, guard?: WriteGuard): Promise<HomeRecord> {
    return this.write(() => {
      const cur = this.requireHome(id, 'setVacancies', guard);
      if (cur.status === 'closed') throw new ConflictError(`setVacancies: home "${id}" is closed`);
      const places = change.places ?? cur.home.places;
      if (change.freePlaces > places) {
        throw new ValidationError(`setVacancies: freePlaces ${change.freePlaces} exceeds places ${places} for home "${id}"`, [
          { path: ['freePlaces'], message: `setVacancies: freePlaces ${change.freePlaces} exceeds places ${places}`, code: 'too_big' },
        ]);
      }
      const ts = this.now().toISOString();
      const rec: HomeRecord = { ...cur, home: { ...cur.home, places, freePlaces: change.freePlaces }, version: cur.version + 1, updatedAt: ts };
      this.s.updateHome.run(this.homeParams(rec));
      this.s.bump.run();
      this.audit.append([this.homeAudit(actor, 'vacancies', rec, { freePlacesBefore: cur.home.freePlaces })], new Date(ts));
      return rec;
    });
  }

  async closeHome(id: string, actor: Actor, reason: string | null, guard?: WriteGuard): Promise<HomeRecord> {
    return this.write(() => {
      const cur = this.requireHome(id, 'closeHome', guard);
      if (cur.status === 'closed') throw new ConflictError(`closeHome: home "${id}" is already closed`);
      const ts = this.now().toISOString();
      const rec: HomeRecord = { ...cur, status: 'closed', version: cur.version + 1, updatedAt: ts };
      this.s.updateHome.run(this.homeParams(rec));
      this.s.bump.run();
      this.audit.append([this.homeAudit(actor, 'closed', rec, { reason })], new Date(ts));
      return rec;
    });
  }

  async importHomes(writes: readonly HomeWrite[], actor: Actor, source: { format: string; name: string | null }, guard?: WriteGuard): Promise<ImportSummary> {
    return this.write(() => {
      const ts = this.now().toISOString();
      const entries: AuditAppend[] = [];
      let created = 0;
      let updated = 0;
      const forbidden: string[] = [];
      for (const w of writes) {
        if (guard?.providerId !== undefined && w.home.providerId !== guard.providerId) forbidden.push(w.home.id);
        const row = this.s.getHome.get(w.home.id);
        if (row && guard?.providerId !== undefined && row.provider_id !== guard.providerId) forbidden.push(w.home.id);
        if (forbidden.length) continue;
        if (row) {
          const cur = homeRecord(row);
          const rec: HomeRecord = { ...cur, home: w.home, authority: w.authority, status: 'open', version: cur.version + 1, updatedAt: ts };
          this.s.updateHome.run(this.homeParams(rec));
          entries.push(this.homeAudit(actor, 'imported', rec, { change: 'updated' }));
          updated += 1;
        } else {
          const rec: HomeRecord = { home: w.home, authority: w.authority, status: 'open', version: 1, createdAt: ts, updatedAt: ts };
          this.s.insertHome.run(this.homeParams(rec));
          entries.push(this.homeAudit(actor, 'imported', rec, { change: 'created' }));
          created += 1;
        }
      }
      if (forbidden.length) {
        throw new ForbiddenError(`importHomes: ${forbidden.length} home(s) belong to another provider than "${guard?.providerId}": ${[...new Set(forbidden)].slice(0, 10).map((h) => `"${h}"`).join(', ')}`);
      }
      this.s.bump.run();
      const registryVersion = `r${this.counter()}`;
      entries.push({ actorKeyId: actor.keyId, authority: actor.authority, kind: 'homes.import', payload: { format: source.format, name: source.name, created, updated, registryVersion } });
      const appended = this.audit.append(entries, new Date(ts));
      return { created, updated, registryVersion, auditSeq: appended.at(-1)!.seq };
    });
  }

  // ---------------------------------------------------------------- recommendations and decisions

  /** Compression runs on the libuv thread pool, off the event loop. */
  private async encodeResponse(json: string): Promise<Buffer> {
    return this.encoding === 'gzip-json' ? gzipAsync(json, { level: 1 }) : Buffer.from(json, 'utf8');
  }

  private decodeResponse(buf: Buffer, encoding: RecommendationRow['response_encoding']): string {
    return encoding === 'gzip-json' ? gunzipSync(buf).toString('utf8') : buf.toString('utf8');
  }

  /**
   * Store a recommendation and its audit entry. `responseJson`, when given, must be JSON.stringify(response)
   * (the API passes the text it sends, so the stored bytes are exactly what the caller received).
   */
  async recordRecommendation(rec: NewRecommendation, actor: Actor): Promise<RecommendationRecord> {
    const json = rec.responseJson ?? JSON.stringify(rec.response);
    const responseDigest = sha256(json);
    const blob = await this.encodeResponse(json);
    const { responseJson: _omit, overrides, ...plain } = rec;
    return this.write(() => {
      const ts = this.now().toISOString();
      const top = rec.response.ranked.slice(0, 20).map((c) => ({ rank: c.rank, homeId: c.homeId, total: c.explanation.total }));
      const [entry] = this.audit.append(
        [
          {
            actorKeyId: actor.keyId,
            authority: rec.authority,
            kind: 'match.recommendation',
            payload: {
              requestId: rec.requestId,
              subject: { kind: rec.subjectKind, id: rec.subjectId, childIds: rec.childIds },
              policyVersion: rec.policyVersion,
              registryVersion: rec.registryVersion,
              requestDigest: rec.requestDigest,
              responseDigest,
              counts: rec.response.counts,
              top,
              overrides: overrides ?? [],
            },
          },
        ],
        new Date(ts),
      );
      this.s.insertRec.run({
        request_id: rec.requestId,
        authority: rec.authority,
        actor_key_id: actor.keyId,
        created_at: ts,
        subject_kind: rec.subjectKind,
        subject_id: rec.subjectId,
        child_ids: JSON.stringify(rec.childIds),
        policy_version: rec.policyVersion,
        registry_version: rec.registryVersion,
        request_digest: rec.requestDigest,
        response_digest: responseDigest,
        response: blob,
        response_encoding: this.encoding,
        audit_seq: entry!.seq,
      });
      return { ...plain, actorKeyId: actor.keyId, createdAt: ts, responseDigest, auditSeq: entry!.seq };
    }, this.recommendationSync);
  }

  async getRecommendation(requestId: string): Promise<RecommendationRecord | undefined> {
    const r = this.s.getRec.get(requestId);
    if (!r) return undefined;
    return {
      requestId: r.request_id,
      authority: r.authority,
      actorKeyId: r.actor_key_id,
      createdAt: r.created_at,
      subjectKind: r.subject_kind,
      subjectId: r.subject_id,
      childIds: JSON.parse(r.child_ids) as string[],
      policyVersion: r.policy_version,
      registryVersion: r.registry_version,
      requestDigest: r.request_digest,
      responseDigest: r.response_digest,
      response: JSON.parse(this.decodeResponse(r.response, r.response_encoding)) as MatchResponse,
      auditSeq: r.audit_seq,
    };
  }

  async recordDecision(decision: NewDecision, actor: Actor): Promise<DecisionRecord> {
    return this.write(() => {
      if (!this.s.getRec.get(decision.recommendationId)) throw new NotFoundError(`recordDecision: no recommendation "${decision.recommendationId}"`);
      const existing = this.s.decisionFor.get(decision.recommendationId);
      if (existing) throw new ConflictError(`recordDecision: recommendation "${decision.recommendationId}" already has decision "${existing.id}"`);
      const ts = this.now().toISOString();
      const id = `D-${randomUUID()}`;
      const perHome = new Map<string, number>();
      for (const p of decision.placements) perHome.set(p.homeId, (perHome.get(p.homeId) ?? 0) + 1);
      const vacancyChanges: DecisionRecord['vacancyChanges'][number][] = [];
      const homeEntries: AuditAppend[] = [];
      for (const [homeId, n] of perHome) {
        const row = this.s.getHome.get(homeId);
        if (!row) throw new NotFoundError(`recordDecision: no home with id "${homeId}"`);
        const cur = homeRecord(row);
        if (cur.status === 'closed') throw new ConflictError(`recordDecision: home "${homeId}" has closed since the recommendation`);
        if (cur.home.freePlaces < n) {
          throw new ConflictError(`recordDecision: home "${homeId}" has ${cur.home.freePlaces} free place(s) now, ${n} needed (the registry changed since the recommendation)`);
        }
        const rec: HomeRecord = { ...cur, home: { ...cur.home, freePlaces: cur.home.freePlaces - n }, version: cur.version + 1, updatedAt: ts };
        this.s.updateHome.run(this.homeParams(rec));
        vacancyChanges.push({ homeId, freePlacesBefore: cur.home.freePlaces, freePlacesAfter: rec.home.freePlaces });
        homeEntries.push(this.homeAudit(actor, 'vacancies', rec, { freePlacesBefore: cur.home.freePlaces, cause: { decisionId: id } }));
      }
      this.s.bump.run();
      const body: Omit<DecisionRecord, 'auditSeq'> = { ...decision, id, createdAt: ts, actorKeyId: actor.keyId, vacancyChanges };
      const appended = this.audit.append([{ actorKeyId: actor.keyId, authority: decision.authority, kind: 'decision.recorded', payload: { decision: body } }, ...homeEntries], new Date(ts));
      const seq = appended[0]!.seq;
      this.s.insertDecision.run(id, decision.recommendationId, decision.authority, JSON.stringify(body), ts, actor.keyId, seq);
      for (const p of decision.placements) this.s.insertPlacement.run(id, decision.authority, p.childId, p.homeId);
      return { ...body, auditSeq: seq };
    });
  }

  async getDecision(id: string): Promise<DecisionRecord | undefined> {
    const r = this.s.getDecision.get(id);
    return r ? { ...(JSON.parse(r.record) as Omit<DecisionRecord, 'auditSeq'>), auditSeq: r.audit_seq } : undefined;
  }

  async listDecisions(filter: DecisionFilter = {}): Promise<DecisionRecord[]> {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: Math.min(Math.max(filter.limit ?? 100, 1), 1000) };
    if (filter.authority !== undefined) {
      where.push('d.authority = @authority');
      params.authority = filter.authority;
    }
    if (filter.childId !== undefined) {
      where.push('d.id IN (SELECT decision_id FROM decision_placements WHERE child_id = @childId)');
      params.childId = filter.childId;
    }
    const rows = this.db
      .prepare<Record<string, unknown>, { record: string; audit_seq: number }>(
        `SELECT d.record, d.audit_seq FROM decisions d ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.created_at DESC, d.id LIMIT @limit`,
      )
      .all(params);
    return rows.map((r) => ({ ...(JSON.parse(r.record) as Omit<DecisionRecord, 'auditSeq'>), auditSeq: r.audit_seq }));
  }

  // ---------------------------------------------------------------- audit

  async listAudit(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    return this.audit.list(filter);
  }

  async getAudit(seq: number): Promise<AuditEntry | undefined> {
    return this.audit.get(seq);
  }

  /**
   * Verify the chain, then that every recommendation, decision and home row still matches what its audit
   * entry recorded (so a row edited behind the log's back is caught too).
   */
  async verifyAudit(): Promise<AuditVerification> {
    const recDigests = new Map<string, { seq: number; digest: string }>();
    const decisions = new Map<string, { seq: number; canonical: string }>();
    const homes = new Map<string, { seq: number; canonical: string }>();
    const log = this.audit;
    function* tap(): Generator<AuditEntry> {
      for (const e of log.iterate()) {
        const p = e.payload as Record<string, unknown> | null;
        if (p && typeof p === 'object') {
          if (e.kind === 'match.recommendation' && typeof p.requestId === 'string') recDigests.set(p.requestId, { seq: e.seq, digest: String(p.responseDigest) });
          else if (e.kind === 'decision.recorded' && p.decision && typeof (p.decision as { id?: unknown }).id === 'string') {
            decisions.set((p.decision as { id: string }).id, { seq: e.seq, canonical: canonicalJson(p.decision) });
          } else if (e.kind.startsWith('home.') && typeof p.homeId === 'string') {
            homes.set(p.homeId, { seq: e.seq, canonical: canonicalJson(homeState(p as unknown as HomeRecord)) });
          }
        }
        yield e;
      }
    }
    const chain = verifyAuditChain(tap(), this.audit.head());
    const recordFailures: ChainFailure[] = [];
    const fail = (seq: number, message: string): void => {
      if (recordFailures.length < 100) recordFailures.push({ seq, code: 'hash_mismatch', message });
    };
    for (const r of this.db.prepare<[], RecommendationRow>('SELECT * FROM recommendations').iterate()) {
      const logged = recDigests.get(r.request_id);
      recDigests.delete(r.request_id);
      let digest = '';
      try {
        digest = sha256(this.decodeResponse(r.response, r.response_encoding));
      } catch {
        digest = 'unreadable';
      }
      if (!logged) fail(r.audit_seq, `verifyAudit: recommendation "${r.request_id}" has no audit entry`);
      else if (logged.digest !== digest || r.response_digest !== digest) fail(logged.seq, `verifyAudit: recommendation "${r.request_id}" (seq ${logged.seq}) was edited: its stored response no longer matches the audited digest`);
    }
    for (const [requestId, { seq }] of recDigests) fail(seq, `verifyAudit: recommendation "${requestId}" audited at seq ${seq} is missing (deleted)`);
    for (const r of this.db.prepare<[], { id: string; record: string; audit_seq: number }>('SELECT id, record, audit_seq FROM decisions').iterate()) {
      const logged = decisions.get(r.id);
      decisions.delete(r.id);
      let canonical = '';
      try {
        canonical = canonicalJson(JSON.parse(r.record));
      } catch {
        canonical = 'unreadable';
      }
      if (!logged) fail(r.audit_seq, `verifyAudit: decision "${r.id}" has no audit entry`);
      else if (logged.canonical !== canonical) fail(logged.seq, `verifyAudit: decision "${r.id}" (seq ${logged.seq}) was edited after it was recorded`);
    }
    for (const [id, { seq }] of decisions) fail(seq, `verifyAudit: decision "${id}" audited at seq ${seq} is missing (deleted)`);
    for (const r of this.s.openHomes.all().concat(this.db.prepare<[], HomeRow>("SELECT * FROM homes WHERE status = 'closed'").all())) {
      const logged = homes.get(r.id);
      homes.delete(r.id);
      let canonical = '';
      try {
        canonical = canonicalJson(homeState(homeRecord(r)));
      } catch {
        canonical = 'unreadable';
      }
      if (!logged) fail(0, `verifyAudit: home "${r.id}" has no audit entry (inserted behind the log)`);
      else if (logged.canonical !== canonical) fail(logged.seq, `verifyAudit: home "${r.id}" differs from its last audited state (seq ${logged.seq})`);
    }
    for (const [id, { seq }] of homes) fail(seq, `verifyAudit: home "${id}" audited at seq ${seq} is missing (deleted)`);
    recordFailures.sort((a, b) => a.seq - b.seq);
    return { ...chain, ok: chain.ok && recordFailures.length === 0, recordFailures };
  }

  // ---------------------------------------------------------------- API keys

  async createApiKey(key: NewApiKey, actor: Actor): Promise<{ record: ApiKeyInfo; token: string }> {
    const g = generateApiKey();
    return this.write(() => {
      const ts = this.now().toISOString();
      const authority = key.authority ?? null;
      const providerId = key.providerId ?? null;
      const label = key.label ?? null;
      this.s.insertKey.run(g.keyId, key.role, authority, providerId, label, g.salt, g.secretHash, ts);
      this.audit.append([{ actorKeyId: actor.keyId, authority, kind: 'key.created', payload: { keyId: g.keyId, role: key.role, authority, providerId, label } }], new Date(ts));
      return { record: { id: g.keyId, role: key.role, authority, providerId, label, createdAt: ts, revokedAt: null }, token: g.token };
    });
  }

  async getApiKey(id: string): Promise<ApiKeyRecord | undefined> {
    const r = this.s.getKey.get(id);
    return r ? { ...keyInfo(r), salt: r.salt, secretHash: r.secret_hash } : undefined;
  }

  async listApiKeys(): Promise<ApiKeyInfo[]> {
    return this.db.prepare<[], KeyRow>('SELECT * FROM api_keys ORDER BY created_at, id').all().map(keyInfo);
  }

  async revokeApiKey(id: string, actor: Actor): Promise<ApiKeyInfo> {
    return this.write(() => {
      const r = this.s.getKey.get(id);
      if (!r) throw new NotFoundError(`revokeApiKey: no key "${id}"`);
      if (r.revoked_at) throw new ConflictError(`revokeApiKey: key "${id}" was already revoked at ${r.revoked_at}`);
      const ts = this.now().toISOString();
      this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ?').run(ts, id);
      this.audit.append([{ actorKeyId: actor.keyId, authority: r.authority, kind: 'key.revoked', payload: { keyId: id } }], new Date(ts));
      return { ...keyInfo(r), revokedAt: ts };
    });
  }

  // ---------------------------------------------------------------- jobs

  async createJob(job: NewJob, actor: Actor): Promise<JobRecord> {
    this.s.insertJob.run(job.id, job.kind, job.authority, job.providerId, actor.keyId, this.now().toISOString());
    return jobRecord(this.s.getJob.get(job.id)!);
  }

  async updateJob(id: string, update: JobUpdate): Promise<JobRecord> {
    const cols: Record<string, unknown> = {};
    if (update.status !== undefined) cols.status = update.status;
    if (update.progress !== undefined) cols.progress = Math.min(Math.max(update.progress, 0), 1);
    if (update.message !== undefined) cols.message = update.message;
    if (update.startedAt !== undefined) cols.started_at = update.startedAt;
    if (update.finishedAt !== undefined) cols.finished_at = update.finishedAt;
    if (update.expiresAt !== undefined) cols.expires_at = update.expiresAt;
    if (update.result !== undefined) cols.result = update.result === null ? null : JSON.stringify(update.result);
    if (update.error !== undefined) cols.error = update.error === null ? null : JSON.stringify(update.error);
    const keys = Object.keys(cols);
    if (keys.length) this.db.prepare(`UPDATE jobs SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run({ ...cols, id });
    const r = this.s.getJob.get(id);
    if (!r) throw new NotFoundError(`updateJob: no job "${id}"`);
    return jobRecord(r);
  }

  async getJob(id: string): Promise<JobRecord | undefined> {
    const r = this.s.getJob.get(id);
    return r ? jobRecord(r) : undefined;
  }

  async deleteExpiredJobs(now: Date): Promise<number> {
    return this.db.prepare('DELETE FROM jobs WHERE expires_at IS NOT NULL AND expires_at <= ?').run(now.toISOString()).changes;
  }

  async failInterruptedJobs(now: Date, expiresAt: Date = now): Promise<number> {
    const error = JSON.stringify({ title: 'Interrupted', detail: 'The server stopped while this job was queued or running; submit it again.', status: 503, code: 'interrupted' });
    return this.db
      .prepare("UPDATE jobs SET status = 'failed', finished_at = @now, expires_at = @expires, error = @error WHERE status IN ('queued', 'running')")
      .run({ now: now.toISOString(), expires: expiresAt.toISOString(), error }).changes;
  }

  async close(): Promise<void> {
    const cp = this.checkpointer;
    this.checkpointer = undefined;
    if (cp) await cp.stop();
    if (this.db.open) this.db.close();
  }
}
