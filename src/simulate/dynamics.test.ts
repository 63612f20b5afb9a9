import { describe, expect, it } from 'vitest';
import { ageBand, DEFAULT_DYNAMICS, resolveDynamics, seasonalFactor } from './dynamics.js';

describe('dynamics', () => {
  it('peaks in mid-July and averages 1 over the year', () => {
    let sum = 0;
    for (let d = 1; d <= 365; d++) sum += seasonalFactor(d, DEFAULT_DYNAMICS);
    expect(sum / 365).toBeCloseTo(1, 6);
    expect(seasonalFactor(196, DEFAULT_DYNAMICS)).toBeCloseTo(1.4, 9);
    expect(seasonalFactor(196, DEFAULT_DYNAMICS)).toBeGreaterThan(seasonalFactor(15, DEFAULT_DYNAMICS));
  });
  it('merges overrides one level deep', () => {
    const d = resolveDynamics({ sameDayShare: 0.5, seasonality: { amplitude: 0 }, medianDurationDays: { under1: 100 } });
    expect(d.sameDayShare).toBe(0.5);
    expect(d.seasonality).toEqual({ amplitude: 0, peakDayOfYear: 196 });
    expect(d.medianDurationDays.under1).toBe(100);
    expect(d.medianDurationDays['16plus']).toBe(DEFAULT_DYNAMICS.medianDurationDays['16plus']);
  });
  it('bands ages as DfE does', () => {
    expect([0, 1, 4, 5, 9, 10, 15, 16, 17].map(ageBand)).toEqual(['under1', '1to4', '1to4', '5to9', '5to9', '10to15', '10to15', '16plus', '16plus']);
  });
});
