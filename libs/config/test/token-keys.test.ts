import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { ConfigError, loadConfig, tokenEncryptionEnv } from '../src/index.js';

const key32 = Buffer.alloc(32, 7).toString('base64');
const key16 = Buffer.alloc(16, 7).toString('base64');

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(tokenEncryptionEnv, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('tokenEncryptionKeys', () => {
  it('tokenEncryptionKeys maps key ids to 32-byte keys', () => {
    const { config } = loadConfig(tokenEncryptionEnv, {
      TOKEN_ENCRYPTION_KEYS: `2024-01:${key32}, 2025-01:${Buffer.alloc(32, 9).toString('base64')}`,
      TOKEN_ENCRYPTION_ACTIVE_KEY_ID: '2025-01',
    });
    expect([...config.TOKEN_ENCRYPTION_KEYS.keys()]).toEqual(['2024-01', '2025-01']);
    expect(config.TOKEN_ENCRYPTION_KEYS.get('2024-01')).toEqual(Buffer.alloc(32, 7));
  });

  it('tokenEncryptionKeys names the key id of a short key', () => {
    expect(
      problemsOf({ TOKEN_ENCRYPTION_KEYS: `old:${key16}`, TOKEN_ENCRYPTION_ACTIVE_KEY_ID: 'old' }),
    ).toEqual([
      'TOKEN_ENCRYPTION_KEYS: key "old" decodes to 16 bytes, expected exactly 32 (generate a key with: openssl rand -base64 32), received [masked]',
    ]);
  });

  it('tokenEncryptionKeys names the key id of invalid base64', () => {
    expect(
      problemsOf({ TOKEN_ENCRYPTION_KEYS: 'k1:not*base64', TOKEN_ENCRYPTION_ACTIVE_KEY_ID: 'k1' }),
    ).toEqual([
      'TOKEN_ENCRYPTION_KEYS: key "k1" is not valid base64 (generate a key with: openssl rand -base64 32), received [masked]',
    ]);
  });

  it('tokenEncryptionKeys reports an entry without key id by position', () => {
    expect(
      problemsOf({ TOKEN_ENCRYPTION_KEYS: `k1:${key32},${key32}`, TOKEN_ENCRYPTION_ACTIVE_KEY_ID: 'k1' }),
    ).toEqual([
      'TOKEN_ENCRYPTION_KEYS: entry 2 has no valid key id of letters, digits, ".", "_" or "-", expected <keyId>:<base64 of 32 bytes>[,<keyId>:<base64>...], received [masked]',
    ]);
  });

  it('tokenEncryptionKeys rejects a repeated key id', () => {
    expect(
      problemsOf({ TOKEN_ENCRYPTION_KEYS: `k1:${key32},k1:${key32}`, TOKEN_ENCRYPTION_ACTIVE_KEY_ID: 'k1' }),
    ).toEqual([
      'TOKEN_ENCRYPTION_KEYS: key id "k1" appears more than once, expected unique key ids, received [masked]',
    ]);
  });

  it('tokenEncryptionKeys message never contains key material', () => {
    const problems = problemsOf({
      TOKEN_ENCRYPTION_KEYS: `k1:${key16}`,
      TOKEN_ENCRYPTION_ACTIVE_KEY_ID: 'k1',
    });
    expect(problems.join('\n')).not.toContain(key16);
  });
});

describe('requireActiveTokenKey', () => {
  it('active key id must name a configured key', () => {
    expect(
      problemsOf({ TOKEN_ENCRYPTION_KEYS: `a:${key32},b:${key32}`, TOKEN_ENCRYPTION_ACTIVE_KEY_ID: 'c' }),
    ).toEqual([
      'TOKEN_ENCRYPTION_ACTIVE_KEY_ID: expected one of the key ids in TOKEN_ENCRYPTION_KEYS (a, b), received [masked]',
    ]);
  });

  it('active key check applies to an extended service schema', () => {
    const schema = z
      .object({ OTHER: z.string() })
      .extend(tokenEncryptionEnv.shape)
      .superRefine((env, ctx) => {
        if (!env.TOKEN_ENCRYPTION_KEYS.has(env.TOKEN_ENCRYPTION_ACTIVE_KEY_ID)) {
          ctx.addIssue({
            code: 'custom',
            path: ['TOKEN_ENCRYPTION_ACTIVE_KEY_ID'],
            message: 'expected a configured key id',
          });
        }
      });
    expect(() =>
      loadConfig(schema, {
        OTHER: 'x',
        TOKEN_ENCRYPTION_KEYS: `a:${key32}`,
        TOKEN_ENCRYPTION_ACTIVE_KEY_ID: 'b',
      }),
    ).toThrow(ConfigError);
  });
});
