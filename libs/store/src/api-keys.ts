import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefix of every API key, so leaked keys are easy to recognise in logs and scanners. */
export const API_KEY_PREFIX = 'onk';

const KEY_ID_BYTES = 8;
const SECRET_BYTES = 32;
const API_KEY_FORMAT = /^onk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** A new API key. `apiKey` is shown to the customer once; only `keyId` and `hash` are stored. */
export interface GeneratedApiKey {
  keyId: string;
  secret: string;
  /** `onk_<keyId>_<secret>`, sent by the client in the `Authorization` header. */
  apiKey: string;
  hash: string;
}

/** Generates an API key with a random 64-bit key id and a random 256-bit secret. */
export function generateApiKey(): GeneratedApiKey {
  const keyId = randomBytes(KEY_ID_BYTES).toString('hex');
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return { keyId, secret, apiKey: `${API_KEY_PREFIX}_${keyId}_${secret}`, hash: hashApiKeySecret(secret) };
}

/** Splits an API key into key id and secret; returns null when it does not have the `onk_` format. */
export function parseApiKey(apiKey: string): { keyId: string; secret: string } | null {
  const match = API_KEY_FORMAT.exec(apiKey.trim());
  return match ? { keyId: match[1]!, secret: match[2]! } : null;
}

/**
 * Returns the SHA-256 (hex) of a secret. A fast hash is enough because the secret is 256 random
 * bits, not a password a person chose, so there is nothing to guess from a leaked hash.
 */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares a presented secret with a stored hash in constant time. */
export function verifyApiKeySecret(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKeySecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}
