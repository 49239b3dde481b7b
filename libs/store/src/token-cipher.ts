import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

import { StoreError } from './errors.js';
import type { SealedToken } from './models/connection.js';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const AUTH_TAG_BYTES = 16;

export interface TokenCipherOptions {
  /** Keys by key id, e.g. the parsed `TOKEN_ENCRYPTION_KEYS`; each exactly 32 bytes. */
  keys: ReadonlyMap<string, Buffer>;
  /** Key id used for new encryptions. */
  activeKeyId: string;
}

/** Encrypts and decrypts HubSpot access tokens at rest. */
export interface TokenCipher {
  readonly activeKeyId: string;
  /** Encrypts with the active key and a fresh random IV. */
  encryptToken(token: string): SealedToken;
  /** Decrypts with the key named by `sealed.keyId`. Throws `StoreError` naming the key id. */
  decryptToken(sealed: SealedToken): string;
  /** Returns true when `sealed` was encrypted with another key than the active one. */
  needsRotation(sealed: SealedToken): boolean;
  /** Decrypts with the stored key and encrypts again with the active one; returns `sealed` when already active. */
  rotateToken(sealed: SealedToken): SealedToken;
}

/**
 * Creates an AES-256-GCM token cipher over a set of keys. Throws `StoreError`
 * `STORE_ERR_INVALID_TOKEN_KEYS` when a key is not 32 bytes or the active key id is missing.
 */
export function createTokenCipher(options: TokenCipherOptions): TokenCipher {
  const keys = new Map<string, Buffer>();
  for (const [keyId, key] of options.keys) {
    if (key.length !== KEY_BYTES) {
      throw new StoreError(
        'STORE_ERR_INVALID_TOKEN_KEYS',
        `Token key "${keyId}" has ${key.length} bytes, expected ${KEY_BYTES}`,
      );
    }
    keys.set(keyId, Buffer.from(key));
  }
  const activeKey = keys.get(options.activeKeyId);
  if (!activeKey) {
    throw new StoreError(
      'STORE_ERR_INVALID_TOKEN_KEYS',
      `Active token key "${options.activeKeyId}" is not among the configured keys (${[...keys.keys()].join(', ')})`,
    );
  }

  const encryptToken = (token: string): SealedToken => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, activeKey, iv, { authTagLength: AUTH_TAG_BYTES });
    const ciphertext = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
    return {
      ciphertext: ciphertext.toString('base64'),
      iv: iv.toString('base64'),
      authTag: cipher.getAuthTag().toString('base64'),
      keyId: options.activeKeyId,
    };
  };

  const decryptToken = (sealed: SealedToken): string => {
    const key = keys.get(sealed.keyId);
    if (!key) {
      throw new StoreError(
        'STORE_ERR_TOKEN_KEY_UNKNOWN',
        `Token was encrypted with key "${sealed.keyId}", which is not configured; add it back to TOKEN_ENCRYPTION_KEYS`,
      );
    }
    const iv = Buffer.from(sealed.iv, 'base64');
    const authTag = Buffer.from(sealed.authTag, 'base64');
    if (iv.length !== IV_BYTES || authTag.length !== AUTH_TAG_BYTES) {
      throw decryptFailed(sealed.keyId, undefined);
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: AUTH_TAG_BYTES });
      decipher.setAuthTag(authTag);
      return Buffer.concat([
        decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
        decipher.final(),
      ]).toString('utf8');
    } catch (error) {
      throw decryptFailed(sealed.keyId, error);
    }
  };

  const needsRotation = (sealed: SealedToken): boolean => sealed.keyId !== options.activeKeyId;

  return {
    activeKeyId: options.activeKeyId,
    encryptToken,
    decryptToken,
    needsRotation,
    rotateToken: (sealed) => (needsRotation(sealed) ? encryptToken(decryptToken(sealed)) : sealed),
  };
}

/** Returns the first 16 hex characters of the token's SHA-256, to recognise a token without storing it. */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 16);
}

/** Returns the last four characters of the token, for display. */
export function tokenLast4(token: string): string {
  return token.slice(-4);
}

function decryptFailed(keyId: string, cause: unknown): StoreError {
  return new StoreError(
    'STORE_ERR_TOKEN_DECRYPT_FAILED',
    `Token encrypted with key "${keyId}" failed authentication: the key bytes differ from the ones used to encrypt, or the stored token is corrupt`,
    { cause },
  );
}
