import { z } from 'zod';

/** AES-256 needs 32 bytes of key material. */
export const TOKEN_KEY_BYTES = 32;

const KEYS_EXPECTED = 'expected <keyId>:<base64 of 32 bytes>[,<keyId>:<base64>...]';
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const GENERATE_HINT = '(generate a key with: openssl rand -base64 32)';

/** Encryption keys by key id. The map is read-only once `loadConfig` returns it. */
export type TokenEncryptionKeys = ReadonlyMap<string, Buffer>;

/**
 * Keys that encrypt HubSpot access tokens at rest, as `<keyId>:<base64>` separated by commas.
 * Each key must decode to exactly 32 bytes. Returns a map from key id to key bytes. Error messages
 * name the key id or the position of the entry, never the key material.
 */
export const tokenEncryptionKeys = z.string({ error: KEYS_EXPECTED }).transform((value, ctx) => {
  const keys = new Map<string, Buffer>();
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) {
    ctx.addIssue({ code: 'custom', message: KEYS_EXPECTED });
    return z.NEVER;
  }

  entries.forEach((entry, index) => {
    const separator = entry.indexOf(':');
    const keyId = separator > 0 ? entry.slice(0, separator) : '';
    const material = entry.slice(separator + 1);
    if (!KEY_ID.test(keyId)) {
      ctx.addIssue({
        code: 'custom',
        message: `entry ${index + 1} has no valid key id of letters, digits, ".", "_" or "-", ${KEYS_EXPECTED}`,
      });
      return;
    }
    if (keys.has(keyId)) {
      ctx.addIssue({
        code: 'custom',
        message: `key id "${keyId}" appears more than once, expected unique key ids`,
      });
      return;
    }
    if (!BASE64.test(material)) {
      ctx.addIssue({ code: 'custom', message: `key "${keyId}" is not valid base64 ${GENERATE_HINT}` });
      return;
    }
    const key = Buffer.from(material, 'base64');
    if (key.length !== TOKEN_KEY_BYTES) {
      ctx.addIssue({
        code: 'custom',
        message: `key "${keyId}" decodes to ${key.length} bytes, expected exactly ${TOKEN_KEY_BYTES} ${GENERATE_HINT}`,
      });
      return;
    }
    keys.set(keyId, key);
  });
  return keys;
});

/** Id of the key in `TOKEN_ENCRYPTION_KEYS` that encrypts new tokens. */
export const tokenEncryptionActiveKeyId = z
  .string({ error: 'expected the id of one of the keys in TOKEN_ENCRYPTION_KEYS' })
  .regex(KEY_ID, { error: 'expected a key id of letters, digits, ".", "_" or "-"' });

/** Environment fields for token encryption. Add them with `.extend()`, then apply `requireActiveTokenKey`. */
export const tokenEncryptionEnvShape = {
  TOKEN_ENCRYPTION_KEYS: tokenEncryptionKeys,
  TOKEN_ENCRYPTION_ACTIVE_KEY_ID: tokenEncryptionActiveKeyId,
};

/**
 * Cross-field rule for `superRefine`: `TOKEN_ENCRYPTION_ACTIVE_KEY_ID` must name a key of
 * `TOKEN_ENCRYPTION_KEYS`. zod runs it only after every field of the object parsed.
 */
export function requireActiveTokenKey(
  env: { TOKEN_ENCRYPTION_KEYS: TokenEncryptionKeys; TOKEN_ENCRYPTION_ACTIVE_KEY_ID: string },
  ctx: z.RefinementCtx,
): void {
  const keys = env.TOKEN_ENCRYPTION_KEYS;
  if (!(keys instanceof Map) || keys.has(env.TOKEN_ENCRYPTION_ACTIVE_KEY_ID)) return;
  ctx.addIssue({
    code: 'custom',
    path: ['TOKEN_ENCRYPTION_ACTIVE_KEY_ID'],
    message: `expected one of the key ids in TOKEN_ENCRYPTION_KEYS (${[...keys.keys()].join(', ')})`,
  });
}

/** Token encryption settings on their own, with the active key check applied. */
export const tokenEncryptionEnv = z.object(tokenEncryptionEnvShape).superRefine(requireActiveTokenKey);
