import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API key tokens: generation, parsing and verification. A token is `hf_<keyId>_<secret>`; only the key id,
 * a per-key salt and sha256(salt + secret) are stored, never the secret. The secret is 256 random bits, so a
 * salted fast hash is as strong as a slow password hash here (scrypt guards low-entropy passwords) while
 * keeping per-request verification at a few microseconds.
 */

/** Token prefix, so a leaked key is recognisable by secret scanners. */
export const KEY_PREFIX = 'hf';

export interface GeneratedKey {
  /** Public identifier, stored in clear and recorded as the actor in the audit log. */
  readonly keyId: string;
  /** The full token to hand to the user once: `hf_<keyId>_<secret>`. */
  readonly token: string;
  readonly salt: string;
  readonly secretHash: string;
}

/**
 * Create a new random key. Show `token` once; store `keyId`, `salt`, `secretHash`.
 *
 * @example
 * const { keyId, token, salt, secretHash } = generateApiKey();
 */
export function generateApiKey(): GeneratedKey {
  const keyId = `k${randomBytes(8).toString('hex')}`;
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16).toString('hex');
  return { keyId, token: `${KEY_PREFIX}_${keyId}_${secret}`, salt, secretHash: hashSecret(salt, secret) };
}

/**
 * sha256(salt + secret), hex.
 *
 * @example
 * hashSecret('00ff', 'secret'); // 64 hex chars
 */
export function hashSecret(salt: string, secret: string): string {
  return createHash('sha256').update(salt).update(secret).digest('hex');
}

/**
 * Split a token into key id and secret; undefined when it is not shaped like a Homefinder key.
 *
 * @example
 * parseApiKey('hf_k0123456789abcdef_abc'); // { keyId: 'k0123456789abcdef', secret: 'abc' }
 */
export function parseApiKey(token: string): { keyId: string; secret: string } | undefined {
  const m = /^hf_(k[0-9a-f]{16})_([A-Za-z0-9_-]{20,100})$/.exec(token.trim());
  if (!m) return undefined;
  return { keyId: m[1]!, secret: m[2]! };
}

/**
 * Constant-time check of a presented secret against the stored salt and hash.
 *
 * @example
 * verifySecret(record.salt, record.secretHash, parsed.secret); // true | false
 */
export function verifySecret(salt: string, secretHash: string, secret: string): boolean {
  const a = Buffer.from(hashSecret(salt, secret), 'hex');
  const b = Buffer.from(secretHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
