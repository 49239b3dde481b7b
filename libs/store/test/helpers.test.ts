import { describe, expect, it } from 'vitest';

import {
  contentHash,
  generateApiKey,
  hashApiKeySecret,
  importTargetKey,
  ledgerKey,
  normaliseEmail,
  parseApiKey,
  verifyApiKeySecret,
} from '../src/index.js';

describe('api keys', () => {
  it('generated key parses back into id and secret', () => {
    const generated = generateApiKey();
    expect(generated.apiKey).toMatch(/^onk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(parseApiKey(generated.apiKey)).toEqual({ keyId: generated.keyId, secret: generated.secret });
    expect(generated.hash).toBe(hashApiKeySecret(generated.secret));
  });

  it('verify accepts the secret and rejects others', () => {
    const generated = generateApiKey();
    expect(verifyApiKeySecret(generated.secret, generated.hash)).toBe(true);
    expect(verifyApiKeySecret(`${generated.secret}x`, generated.hash)).toBe(false);
    expect(verifyApiKeySecret(generated.secret, 'not-hex')).toBe(false);
  });

  it.each(['', 'onk_', 'Bearer onk_0123456789abcdef_x', 'abc_0123456789abcdef_' + 'a'.repeat(43)])(
    'parseApiKey rejects %j',
    (value) => {
      expect(parseApiKey(value)).toBeNull();
    },
  );
});

describe('keys and hashes', () => {
  it('ledgerKey joins kind, account, event and subject', () => {
    const key = ledgerKey({
      kind: 'participant',
      accountId: 'a',
      eventId: 'e',
      subject: normaliseEmail(' Ada@Example.COM '),
    });
    expect(key).toBe('participant:a:e:ada@example.com');
  });

  it('contentHash ignores field order', () => {
    expect(contentHash({ email: 'a@example.com', firstName: 'Ada' })).toBe(
      contentHash({ firstName: 'Ada', email: 'a@example.com' }),
    );
    expect(contentHash({ email: 'a@example.com' })).not.toBe(contentHash({ email: 'b@example.com' }));
    expect(contentHash({ a: 'bc' })).not.toBe(contentHash({ ab: 'c' }));
  });

  it('importTargetKey includes the portal', () => {
    expect(importTargetKey({ target: 'event-contacts', accountId: 'a', eventId: 'e', portalId: 7 })).toBe(
      'event-contacts:a:e:7',
    );
    expect(importTargetKey({ target: 'accounts', accountId: 'a', accountType: 'sso', portalId: 7 })).toBe(
      'accounts:a:sso:7',
    );
  });

  it('importTargetKey requires the target scope', () => {
    expect(() => importTargetKey({ target: 'accounts', accountId: 'a', portalId: 7 })).toThrow(/accountType/);
  });
});
