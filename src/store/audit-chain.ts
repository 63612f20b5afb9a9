import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/**
 * The audit log's hash chain, pure: how an entry's hash is computed and how a sequence of entries is
 * verified. Storage lives elsewhere (sqlite-store.ts); `homefinder audit verify` runs `verifyAuditChain`
 * over every stored row.
 *
 * hash(entry) = sha256( prevHash + "\n" + canonicalJson({ seq, ts, actorKeyId, authority, kind, payload }) )
 *
 * Editing any field of an entry breaks its own hash; replacing an entry with a re-hashed forgery breaks the
 * next entry's link; deleting an entry leaves a gap in `seq`; deleting the newest entries is caught by the
 * head record (seq + hash) the store keeps beside the log. Rewriting the whole chain from some point onward
 * is only detectable against a head hash kept elsewhere: publish `audit verify`'s head hash to anchor it.
 */

/** Hash of the (non-existent) entry before seq 1. */
export const GENESIS_HASH = '0'.repeat(64);

/** One audit log entry as stored. `payload` is any JSON value (never a child's profile). */
export interface AuditEntry {
  readonly seq: number;
  /** ISO 8601 timestamp (UTC, milliseconds). */
  readonly ts: string;
  /** The API key that acted, or a CLI/system actor such as "cli" or "system". */
  readonly actorKeyId: string;
  /** The authority the entry concerns (scopes who may read it); null for region-wide/admin entries. */
  readonly authority: string | null;
  /** What happened, e.g. "match.recommendation", "decision.recorded", "home.created". */
  readonly kind: string;
  readonly payload: unknown;
  readonly prevHash: string;
  readonly hash: string;
}

export type AuditEntryDraft = Omit<AuditEntry, 'hash'>;

/**
 * The hash of an entry given its fields and the previous entry's hash.
 *
 * @example
 * const hash = hashAuditEntry({ seq: 1, ts: '2026-01-01T00:00:00.000Z', actorKeyId: 'system', authority: null,
 *   kind: 'store.created', payload: {}, prevHash: GENESIS_HASH });
 */
export function hashAuditEntry(e: AuditEntryDraft): string {
  const body = canonicalJson({ seq: e.seq, ts: e.ts, actorKeyId: e.actorKeyId, authority: e.authority, kind: e.kind, payload: e.payload });
  return createHash('sha256').update(e.prevHash).update('\n').update(body).digest('hex');
}

/** One way the stored chain disagrees with itself. */
export interface ChainFailure {
  readonly seq: number;
  readonly code: 'hash_mismatch' | 'broken_link' | 'missing_entries' | 'head_mismatch' | 'unreadable';
  readonly message: string;
}

export interface ChainVerification {
  readonly ok: boolean;
  /** Entries read. */
  readonly entries: number;
  /** Last seq and hash read (the value to publish as an external anchor). */
  readonly headSeq: number;
  readonly headHash: string;
  /** Every failure found, in seq order (capped at `maxFailures`). */
  readonly failures: readonly ChainFailure[];
}

/**
 * Recompute the chain over entries given in ascending seq order and report every inconsistency.
 * `head`, when given, is the store's record of the newest entry; a shorter log means entries were deleted.
 *
 * @example
 * const v = verifyAuditChain(store.iterateAudit(), store.auditHead());
 * if (!v.ok) console.error(v.failures.map((f) => `seq ${f.seq}: ${f.message}`).join('\n'));
 */
export function verifyAuditChain(
  entries: Iterable<AuditEntry>,
  head?: { readonly seq: number; readonly hash: string } | null,
  maxFailures = 100,
): ChainVerification {
  const failures: ChainFailure[] = [];
  const fail = (f: ChainFailure): void => {
    if (failures.length < maxFailures) failures.push(f);
  };
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  let headSeq = 0;
  for (const e of entries) {
    count += 1;
    if (e.seq !== expectedSeq) {
      if (e.seq > expectedSeq) {
        const range = e.seq - 1 === expectedSeq ? `${expectedSeq}` : `${expectedSeq}-${e.seq - 1}`;
        fail({ seq: expectedSeq, code: 'missing_entries', message: `verifyAuditChain: entries seq ${range} are missing (deleted)` });
      } else {
        fail({ seq: e.seq, code: 'missing_entries', message: `verifyAuditChain: seq ${e.seq} out of order after ${expectedSeq - 1}` });
      }
    }
    if (e.prevHash !== prevHash) {
      fail({ seq: e.seq, code: 'broken_link', message: `verifyAuditChain: seq ${e.seq} prev_hash "${e.prevHash.slice(0, 12)}…" does not match the hash of the entry before it "${prevHash.slice(0, 12)}…" (an earlier entry was replaced or deleted)` });
    }
    let recomputed: string;
    try {
      recomputed = hashAuditEntry(e);
    } catch (err) {
      fail({ seq: e.seq, code: 'unreadable', message: `verifyAuditChain: seq ${e.seq} cannot be hashed (${(err as Error).message})` });
      recomputed = '';
    }
    if (recomputed && recomputed !== e.hash) {
      fail({ seq: e.seq, code: 'hash_mismatch', message: `verifyAuditChain: seq ${e.seq} (${e.kind}) was edited: stored hash "${e.hash.slice(0, 12)}…" but its content hashes to "${recomputed.slice(0, 12)}…"` });
    }
    prevHash = e.hash;
    headSeq = e.seq;
    expectedSeq = e.seq + 1;
  }
  if (head && (head.seq !== headSeq || head.hash !== prevHash)) {
    const seq = Math.max(head.seq, headSeq);
    fail({
      seq,
      code: 'head_mismatch',
      message:
        head.seq > headSeq
          ? `verifyAuditChain: the log ends at seq ${headSeq} but the head record says seq ${head.seq}: the newest entries were deleted`
          : `verifyAuditChain: the head record (seq ${head.seq}, "${head.hash.slice(0, 12)}…") does not match the last entry (seq ${headSeq}, "${prevHash.slice(0, 12)}…")`,
    });
  }
  return { ok: failures.length === 0, entries: count, headSeq, headHash: prevHash, failures };
}
