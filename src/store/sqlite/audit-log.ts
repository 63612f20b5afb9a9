import type Database from 'better-sqlite3';
import { canonicalJson } from '../canonical-json.js';
import { hashAuditEntry, type AuditEntry } from '../audit-chain.js';
import type { AuditFilter } from '../types.js';

interface AuditRow {
  seq: number;
  ts: string;
  actor_key_id: string;
  authority: string | null;
  kind: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

/** What a write contributes to the audit log; seq, prevHash and hash are assigned on append. */
export interface AuditAppend {
  readonly actorKeyId: string;
  readonly authority: string | null;
  readonly kind: string;
  readonly payload: unknown;
}

function toEntry(r: AuditRow): AuditEntry {
  return { seq: r.seq, ts: r.ts, actorKeyId: r.actor_key_id, authority: r.authority, kind: r.kind, payload: JSON.parse(r.payload) as unknown, prevHash: r.prev_hash, hash: r.hash };
}

/**
 * The audit table of one SQLite database. `append` must run inside the caller's write transaction (the
 * head is read and advanced there, so concurrent writers, even other processes, are serialised).
 *
 * @example
 * db.transaction(() => { change(); log.append({ actorKeyId, authority, kind: 'home.created', payload }); }).immediate();
 */
export class SqliteAuditLog {
  private readonly insert: Database.Statement;
  private readonly headStmt: Database.Statement<[], { key: string; value: string }>;
  private readonly setMeta: Database.Statement;
  private readonly getStmt: Database.Statement<[number], AuditRow>;
  private readonly iterateStmt: Database.Statement<[], AuditRow>;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare('INSERT INTO audit_log (seq, ts, actor_key_id, authority, kind, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.headStmt = db.prepare("SELECT key, value FROM meta WHERE key IN ('audit_head_seq', 'audit_head_hash')");
    this.setMeta = db.prepare('UPDATE meta SET value = ? WHERE key = ?');
    this.getStmt = db.prepare('SELECT * FROM audit_log WHERE seq = ?');
    this.iterateStmt = db.prepare('SELECT * FROM audit_log ORDER BY seq');
  }

  /** The newest entry's seq and hash as recorded in `meta` (0 and the genesis hash when empty). */
  head(): { seq: number; hash: string } {
    let seq = 0;
    let hash = '';
    for (const r of this.headStmt.all()) {
      if (r.key === 'audit_head_seq') seq = Number(r.value);
      else hash = r.value;
    }
    return { seq, hash };
  }

  /** Append entries (inside the caller's transaction); returns them with seq and hash. */
  append(items: readonly AuditAppend[], now: Date = new Date()): AuditEntry[] {
    if (!this.db.inTransaction) throw new Error('SqliteAuditLog.append: must run inside a write transaction');
    let { seq, hash: prevHash } = this.head();
    const ts = now.toISOString();
    const out: AuditEntry[] = [];
    for (const item of items) {
      seq += 1;
      // Round-trip through canonical JSON so the stored payload is exactly what was hashed.
      const payloadText = canonicalJson(item.payload);
      const draft = { seq, ts, actorKeyId: item.actorKeyId, authority: item.authority, kind: item.kind, payload: JSON.parse(payloadText) as unknown, prevHash };
      const hash = hashAuditEntry(draft);
      this.insert.run(seq, ts, item.actorKeyId, item.authority, item.kind, payloadText, prevHash, hash);
      out.push({ ...draft, hash });
      prevHash = hash;
    }
    this.setMeta.run(String(seq), 'audit_head_seq');
    this.setMeta.run(prevHash, 'audit_head_hash');
    return out;
  }

  get(seq: number): AuditEntry | undefined {
    const r = this.getStmt.get(seq);
    return r ? toEntry(r) : undefined;
  }

  list(filter: AuditFilter = {}): AuditEntry[] {
    const where: string[] = ['seq > @after'];
    const params: Record<string, unknown> = { after: filter.afterSeq ?? 0, limit: Math.min(Math.max(filter.limit ?? 100, 1), 1000) };
    if (filter.authority !== undefined) {
      where.push('authority = @authority');
      params.authority = filter.authority;
    }
    if (filter.kind !== undefined) {
      where.push('kind = @kind');
      params.kind = filter.kind;
    }
    const rows = this.db.prepare<Record<string, unknown>, AuditRow>(`SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY seq LIMIT @limit`).all(params);
    return rows.map(toEntry);
  }

  /** Every entry in seq order, streamed (for verification). Unparseable payloads become strings. */
  *iterate(): Generator<AuditEntry> {
    for (const r of this.iterateStmt.iterate()) {
      let payload: unknown;
      try {
        payload = JSON.parse(r.payload);
      } catch {
        payload = { unparseable: r.payload };
      }
      yield { seq: r.seq, ts: r.ts, actorKeyId: r.actor_key_id, authority: r.authority, kind: r.kind, payload, prevHash: r.prev_hash, hash: r.hash };
    }
  }
}
