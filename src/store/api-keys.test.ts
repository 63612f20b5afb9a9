import { describe, expect, it } from 'vitest';
import { generateApiKey, parseApiKey, verifySecret } from './api-keys.js';

describe('api keys', () => {
  it('generates a token that parses back to its key id and verifies against the stored hash only', () => {
    const k = generateApiKey();
    expect(k.token.startsWith(`hf_${k.keyId}_`)).toBe(true);
    const parsed = parseApiKey(k.token);
    expect(parsed?.keyId).toBe(k.keyId);
    expect(verifySecret(k.salt, k.secretHash, parsed!.secret)).toBe(true);
    expect(k.secretHash).not.toContain(parsed!.secret);
  });
  it('rejects a wrong secret and a different salt', () => {
    const k = generateApiKey();
    const other = generateApiKey();
    const secret = parseApiKey(k.token)!.secret;
    expect(verifySecret(k.salt, k.secretHash, parseApiKey(other.token)!.secret)).toBe(false);
    expect(verifySecret(other.salt, k.secretHash, secret)).toBe(false);
  });
  it('refuses tokens of the wrong shape', () => {
    for (const t of ['', 'Bearer x', 'hf_k123_abc', 'hf_kZZZZZZZZZZZZZZZZ_aaaaaaaaaaaaaaaaaaaaaaaa', `hf_k0123456789abcdef_${'a'.repeat(200)}`]) {
      expect(parseApiKey(t)).toBeUndefined();
    }
  });
});
