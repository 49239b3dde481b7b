import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { createTokenCipher, StoreError, tokenFingerprint, tokenLast4 } from '../src/index.js';

const TOKEN = 'pat-na1-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const oldKey = randomBytes(32);
const newKey = randomBytes(32);

function errorOf(run: () => unknown): StoreError {
  try {
    run();
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error('expected a StoreError');
}

describe('createTokenCipher', () => {
  it('cipher round-trips a token', () => {
    const cipher = createTokenCipher({ keys: new Map([['k1', oldKey]]), activeKeyId: 'k1' });
    const sealed = cipher.encryptToken(TOKEN);
    expect(sealed.keyId).toBe('k1');
    expect(Buffer.from(sealed.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(sealed.authTag, 'base64')).toHaveLength(16);
    expect(sealed.ciphertext).not.toContain(TOKEN);
    expect(cipher.decryptToken(sealed)).toBe(TOKEN);
  });

  it('cipher uses a fresh IV per encryption', () => {
    const cipher = createTokenCipher({ keys: new Map([['k1', oldKey]]), activeKeyId: 'k1' });
    const first = cipher.encryptToken(TOKEN);
    const second = cipher.encryptToken(TOKEN);
    expect(first.iv).not.toBe(second.iv);
    expect(first.ciphertext).not.toBe(second.ciphertext);
  });

  it('rotation re-encrypts with the active key', () => {
    const before = createTokenCipher({ keys: new Map([['old', oldKey]]), activeKeyId: 'old' });
    const after = createTokenCipher({
      keys: new Map([
        ['old', oldKey],
        ['new', newKey],
      ]),
      activeKeyId: 'new',
    });
    const sealed = before.encryptToken(TOKEN);

    expect(after.needsRotation(sealed)).toBe(true);
    const rotated = after.rotateToken(sealed);
    expect(rotated.keyId).toBe('new');
    expect(after.needsRotation(rotated)).toBe(false);
    expect(after.rotateToken(rotated)).toBe(rotated);
    expect(after.decryptToken(rotated)).toBe(TOKEN);
  });

  it('unknown key id names the key, not the token', () => {
    const before = createTokenCipher({ keys: new Map([['retired', oldKey]]), activeKeyId: 'retired' });
    const after = createTokenCipher({ keys: new Map([['new', newKey]]), activeKeyId: 'new' });
    const error = errorOf(() => after.decryptToken(before.encryptToken(TOKEN)));
    expect(error.code).toBe('STORE_ERR_TOKEN_KEY_UNKNOWN');
    expect(error.message).toContain('"retired"');
    expect(error.message).not.toContain(TOKEN);
  });

  it('tampered ciphertext fails authentication', () => {
    const cipher = createTokenCipher({ keys: new Map([['k1', oldKey]]), activeKeyId: 'k1' });
    const sealed = cipher.encryptToken(TOKEN);
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    bytes[0] = bytes[0]! ^ 0xff;

    const error = errorOf(() => cipher.decryptToken({ ...sealed, ciphertext: bytes.toString('base64') }));
    expect(error.code).toBe('STORE_ERR_TOKEN_DECRYPT_FAILED');
    expect(error.message).toContain('"k1"');
  });

  it('replaced key bytes fail authentication', () => {
    const sealed = createTokenCipher({ keys: new Map([['k1', oldKey]]), activeKeyId: 'k1' }).encryptToken(
      TOKEN,
    );
    const wrongKey = createTokenCipher({ keys: new Map([['k1', newKey]]), activeKeyId: 'k1' });
    expect(errorOf(() => wrongKey.decryptToken(sealed)).code).toBe('STORE_ERR_TOKEN_DECRYPT_FAILED');
  });

  it('short IV fails authentication', () => {
    const cipher = createTokenCipher({ keys: new Map([['k1', oldKey]]), activeKeyId: 'k1' });
    const sealed = cipher.encryptToken(TOKEN);
    expect(errorOf(() => cipher.decryptToken({ ...sealed, iv: 'AAAA' })).code).toBe(
      'STORE_ERR_TOKEN_DECRYPT_FAILED',
    );
  });

  it('missing active key is rejected', () => {
    const error = errorOf(() => createTokenCipher({ keys: new Map([['k1', oldKey]]), activeKeyId: 'k2' }));
    expect(error.code).toBe('STORE_ERR_INVALID_TOKEN_KEYS');
    expect(error.message).toContain('"k2"');
  });

  it('short key is rejected by id', () => {
    const error = errorOf(() =>
      createTokenCipher({ keys: new Map([['k1', randomBytes(16)]]), activeKeyId: 'k1' }),
    );
    expect(error.code).toBe('STORE_ERR_INVALID_TOKEN_KEYS');
    expect(error.message).toBe('Token key "k1" has 16 bytes, expected 32');
  });
});

describe('token display helpers', () => {
  it('fingerprint is 16 hex characters of SHA-256', () => {
    // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    expect(tokenFingerprint('abc')).toBe('ba7816bf8f01cfea');
  });

  it('last4 returns the last four characters', () => {
    expect(tokenLast4(TOKEN)).toBe('eeee');
  });
});
