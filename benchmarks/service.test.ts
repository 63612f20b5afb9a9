import { describe, expect, it } from 'vitest';
import { memoryVerdict } from './service.js';

const at = (requests: number, heapAfterGcMb: number) => ({ requests, heapAfterGcMb });

describe('memoryVerdict', () => {
  it('calls a live heap that stays within max(4 MB, 5 %) "no growth"', () => {
    expect(memoryVerdict([at(150, 47.6), at(2300, 52.9), at(5000, 48.9)])).toEqual({ verdict: 'no growth', growthMb: 1.3, mbPer1000Requests: expect.any(Number) });
    expect(memoryVerdict([at(0, 200), at(10_000, 209)]).verdict).toBe('no growth'); // 4.5 % of 200 MB
  });

  it('calls retained memory proportional to requests "grows", with the slope per 1,000 requests', () => {
    const v = memoryVerdict([at(0, 50), at(5000, 60), at(10_000, 70)]);
    expect(v).toEqual({ verdict: 'grows', growthMb: 20, mbPer1000Requests: 2 });
  });

  it('needs two checkpoints', () => {
    expect(() => memoryVerdict([at(0, 50)])).toThrow(/memoryVerdict: needs at least 2 checkpoints, got 1/);
  });
});
