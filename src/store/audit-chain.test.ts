import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GENESIS_HASH, hashAuditEntry, verifyAuditChain, type AuditEntry } from './audit-chain.js';

function chain(payloads: unknown[]): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  payloads.forEach((payload, i) => {
    const draft = { seq: i + 1, ts: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), actorKeyId: 'k1', authority: 'E08000026', kind: 'test', payload, prevHash: prev };
    const e = { ...draft, hash: hashAuditEntry(draft) };
    out.push(e);
    prev = e.hash;
  });
  return out;
}

const head = (c: AuditEntry[]) => ({ seq: c.at(-1)?.seq ?? 0, hash: c.at(-1)?.hash ?? GENESIS_HASH });

describe('verifyAuditChain', () => {
  it('accepts an intact chain and an empty one', () => {
    const c = chain([{ a: 1 }, { b: 2 }, [1, 2, 3]]);
    expect(verifyAuditChain(c, head(c))).toMatchObject({ ok: true, entries: 3, headSeq: 3, headHash: c[2]!.hash });
    expect(verifyAuditChain([], { seq: 0, hash: GENESIS_HASH }).ok).toBe(true);
  });

  it('names the seq of an edited entry', () => {
    const c = chain([{ a: 1 }, { homeId: 'H-1' }, { a: 3 }]);
    const edited = c.map((e) => (e.seq === 2 ? { ...e, payload: { homeId: 'H-2' } } : e));
    const v = verifyAuditChain(edited, head(c));
    expect(v.ok).toBe(false);
    expect(v.failures).toEqual([expect.objectContaining({ seq: 2, code: 'hash_mismatch' })]);
    expect(v.failures[0]!.message).toMatch(/seq 2 \(test\) was edited/);
  });

  it('catches a forged entry whose own hash was recomputed by the next link', () => {
    const c = chain([{ a: 1 }, { a: 2 }, { a: 3 }]);
    const forged = { ...c[1]!, payload: { a: 999 } };
    const rehashed = { ...forged, hash: hashAuditEntry(forged) };
    const v = verifyAuditChain([c[0]!, rehashed, c[2]!], head(c));
    expect(v.failures.map((f) => [f.seq, f.code])).toEqual([[3, 'broken_link']]);
  });

  it('catches a deleted middle entry and deleted newest entries', () => {
    const c = chain([1, 2, 3, 4]);
    const gap = verifyAuditChain([c[0]!, c[2]!, c[3]!], head(c));
    expect(gap.failures.map((f) => [f.seq, f.code])).toEqual([
      [2, 'missing_entries'],
      [3, 'broken_link'],
    ]);
    const tail = verifyAuditChain(c.slice(0, 2), head(c));
    expect(tail.failures).toEqual([expect.objectContaining({ seq: 4, code: 'head_mismatch' })]);
    expect(tail.failures[0]!.message).toMatch(/newest entries were deleted/);
  });

  it('property: any single-field edit of any entry is detected at that seq or the next', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { minLength: 1, maxLength: 8 }), fc.nat(), fc.jsonValue(), (payloads, pick, replacement) => {
        const c = chain(payloads);
        const i = pick % c.length;
        const before = JSON.stringify(c[i]!.payload);
        fc.pre(JSON.stringify(replacement) !== before);
        const edited = c.map((e, j) => (j === i ? { ...e, payload: replacement } : e));
        const v = verifyAuditChain(edited, head(c));
        // Equal canonical forms (e.g. -0 vs 0, key order) are not edits; everything else must be flagged.
        if (v.ok) expect(hashAuditEntry({ ...c[i]!, payload: replacement })).toBe(c[i]!.hash);
        else expect(v.failures[0]!.seq).toBe(i + 1);
      }),
      { numRuns: 200 },
    );
  });
});
