import { describe, expect, it } from 'vitest';
import { fixtureOutcome } from './fixtures.js';
import type { Outcome } from './metrics.js';
import { traceChildren } from './trace.js';

const base = (i: number, o: Partial<Outcome> = {}): Outcome => fixtureOutcome(i, { annualPrice: 1, ...o });

describe('traceChildren', () => {
  it('says who is helped, harmed or unchanged, and why', () => {
    const b = [base(1, { homeId: null, score: Number.NaN }), base(2), base(3), base(4)];
    const s = [base(1), base(2, { homeId: null, score: Number.NaN }), base(3, { homeId: 'H-X', distanceKm: 45, insideAuthority: false, score: 70 }), base(4)];
    const { traces, summary } = traceChildren(b, s, 10);
    expect(summary).toMatchObject({ helped: 1, harmed: 2, unchanged: 1 });
    const t3 = traces.find((t) => t.childId === 'C-0003');
    expect(t3?.effect).toBe('harmed');
    expect(t3?.reasons.join(' ')).toMatch(/45\.0 km from home instead of 10\.0 km.*more than 20 miles.*outside the placing authority.*down 10/);
    expect(traces[0]?.effect).toBe('harmed');
    expect(summary.byGroup.ethnicity.White?.harmed).toBeGreaterThan(0);
  });
  it('lists at most the limit but counts everyone', () => {
    const b = [1, 2, 3].map((i) => base(i));
    const s = [1, 2, 3].map((i) => base(i, { homeId: 'H-NEW', score: 90 }));
    const r = traceChildren(b, s, 2);
    expect(r.traces).toHaveLength(2);
    expect(r.summary.helped).toBe(3);
  });
});
