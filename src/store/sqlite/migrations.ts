/**
 * Numbered schema migrations for the SQLite store. `PRAGMA user_version` records the last one applied;
 * each runs in its own transaction. Never edit a released migration: append a new one.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE homes (
        id          TEXT PRIMARY KEY,
        provider_id TEXT NOT NULL,
        authority   TEXT,
        type        TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('open', 'closed')),
        places      INTEGER NOT NULL,
        free_places INTEGER NOT NULL CHECK (free_places >= 0 AND free_places <= places),
        json        TEXT NOT NULL,
        version     INTEGER NOT NULL CHECK (version >= 1),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX homes_provider ON homes (provider_id, id);
      CREATE INDEX homes_authority ON homes (authority, status, id);
      CREATE INDEX homes_status ON homes (status, id);

      -- Append-only, hash-chained (src/store/audit-chain.ts). The triggers stop accidental edits; the chain
      -- detects deliberate ones (someone who drops the triggers).
      CREATE TABLE audit_log (
        seq          INTEGER PRIMARY KEY,
        ts           TEXT NOT NULL,
        actor_key_id TEXT NOT NULL,
        authority    TEXT,
        kind         TEXT NOT NULL,
        payload      TEXT NOT NULL,
        prev_hash    TEXT NOT NULL,
        hash         TEXT NOT NULL UNIQUE
      ) STRICT;
      CREATE INDEX audit_authority ON audit_log (authority, seq);
      CREATE INDEX audit_kind ON audit_log (kind, seq);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

      CREATE TABLE recommendations (
        request_id        TEXT PRIMARY KEY,
        authority         TEXT,
        actor_key_id      TEXT NOT NULL,
        created_at        TEXT NOT NULL,
        subject_kind      TEXT NOT NULL CHECK (subject_kind IN ('child', 'siblingGroup')),
        subject_id        TEXT NOT NULL,
        child_ids         TEXT NOT NULL,
        policy_version    TEXT NOT NULL,
        registry_version  TEXT NOT NULL,
        request_digest    TEXT NOT NULL,
        response_digest   TEXT NOT NULL,
        response          BLOB NOT NULL,
        response_encoding TEXT NOT NULL CHECK (response_encoding IN ('json', 'gzip-json')),
        audit_seq         INTEGER NOT NULL REFERENCES audit_log (seq)
      ) STRICT;
      CREATE INDEX recommendations_authority ON recommendations (authority, created_at);

      CREATE TABLE decisions (
        id                TEXT PRIMARY KEY,
        recommendation_id TEXT NOT NULL UNIQUE REFERENCES recommendations (request_id),
        authority         TEXT,
        record            TEXT NOT NULL,
        created_at        TEXT NOT NULL,
        actor_key_id      TEXT NOT NULL,
        audit_seq         INTEGER NOT NULL REFERENCES audit_log (seq)
      ) STRICT;
      CREATE INDEX decisions_authority ON decisions (authority, created_at);

      CREATE TABLE decision_placements (
        decision_id TEXT NOT NULL REFERENCES decisions (id),
        authority   TEXT,
        child_id    TEXT NOT NULL,
        home_id     TEXT NOT NULL REFERENCES homes (id),
        PRIMARY KEY (decision_id, child_id)
      ) STRICT;
      CREATE INDEX decision_placements_child ON decision_placements (authority, child_id);

      CREATE TABLE api_keys (
        id          TEXT PRIMARY KEY,
        role        TEXT NOT NULL CHECK (role IN ('placement_officer', 'commissioner', 'provider', 'admin')),
        authority   TEXT,
        provider_id TEXT,
        label       TEXT,
        salt        TEXT NOT NULL,
        secret_hash TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        revoked_at  TEXT
      ) STRICT;

      CREATE TABLE jobs (
        id           TEXT PRIMARY KEY,
        kind         TEXT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
        progress     REAL NOT NULL CHECK (progress >= 0 AND progress <= 1),
        message      TEXT,
        authority    TEXT,
        provider_id  TEXT,
        actor_key_id TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        started_at   TEXT,
        finished_at  TEXT,
        expires_at   TEXT,
        result       TEXT,
        error        TEXT
      ) STRICT;
      CREATE INDEX jobs_expiry ON jobs (expires_at) WHERE expires_at IS NOT NULL;
      CREATE INDEX jobs_status ON jobs (status);

      INSERT INTO meta (key, value) VALUES ('registry_counter', '0'), ('audit_head_seq', '0'),
        ('audit_head_hash', '${'0'.repeat(64)}');
    `,
  },
];
