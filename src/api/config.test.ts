import { describe, expect, it } from 'vitest';
import { configFromEnv, DEFAULT_CONFIG } from './config.js';

describe('configFromEnv', () => {
  it('keeps the defaults with an empty environment', () => {
    expect(configFromEnv({})).toEqual(DEFAULT_CONFIG);
  });
  it('reads rate limits, ttl and caps', () => {
    const c = configFromEnv({ HOMEFINDER_RATE_LIMIT: '50/100', HOMEFINDER_JOB_TTL_SECONDS: '60', HOMEFINDER_MAX_INLINE_HOMES: '500' });
    expect(c).toMatchObject({ rateLimit: { refillPerSecond: 50, capacity: 100 }, jobTtlMs: 60_000, maxInlineHomes: 500 });
    expect(configFromEnv({ HOMEFINDER_RATE_LIMIT: 'off' }).rateLimit).toBeNull();
  });
  it('reads the job time budget (default 30 minutes)', () => {
    expect(configFromEnv({}).jobTimeoutMs).toBe(1_800_000);
    expect(configFromEnv({ HOMEFINDER_JOB_TIMEOUT_MS: '90000' }).jobTimeoutMs).toBe(90_000);
    try {
      configFromEnv({ HOMEFINDER_JOB_TIMEOUT_MS: '0' });
      expect.unreachable();
    } catch (e) {
      expect((e as { problems: { message: string }[] }).problems.map((p) => p.message)).toEqual(['configFromEnv: HOMEFINDER_JOB_TIMEOUT_MS must be a positive integer, got "0"']);
    }
  });
  it('mounts the GC probe only when HOMEFINDER_INTERNAL_GC is "1", and rejects other values', () => {
    expect(configFromEnv({}).internalGc).toBe(false);
    expect(configFromEnv({ HOMEFINDER_INTERNAL_GC: '1' }).internalGc).toBe(true);
    expect(configFromEnv({ HOMEFINDER_INTERNAL_GC: '0' }).internalGc).toBe(false);
    try {
      configFromEnv({ HOMEFINDER_INTERNAL_GC: 'yes' });
      expect.unreachable();
    } catch (e) {
      expect((e as { problems: { message: string }[] }).problems.map((p) => p.message)).toEqual(['configFromEnv: HOMEFINDER_INTERNAL_GC must be "1" or "0", got "yes"']);
    }
  });
  it('reports every bad value, naming the variable and quoting it', () => {
    try {
      configFromEnv({ HOMEFINDER_RATE_LIMIT: 'lots', HOMEFINDER_JOB_CONCURRENCY: '-1', HOMEFINDER_BODY_LIMIT: 'huge' });
      expect.unreachable();
    } catch (e) {
      const msgs = (e as { problems: { message: string }[] }).problems.map((p) => p.message);
      expect(msgs).toHaveLength(3);
      expect(msgs.join('\n')).toMatch(/HOMEFINDER_RATE_LIMIT .*"lots"/);
      expect(msgs.join('\n')).toMatch(/HOMEFINDER_JOB_CONCURRENCY .*"-1"/);
    }
  });
});
