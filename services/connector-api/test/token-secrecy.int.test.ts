import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { allFeatures, standardProvisioning, TOKENS } from './support/portals.js';
import { startTestApi, type TestApi } from './support/test-api.js';

// Tokens this file sends; none of them may show up in a response, a log line or the database.
const SENT_TOKENS = [TOKENS.full, TOKENS.rotated, TOKENS.unknown, TOKENS.importOnly];
const MALFORMED_TOKEN = 'pat-na1-secret value-with-space-0000';

let api: TestApi;
let key: string;
const accountId = 'acct-secrecy';
const responses: string[] = [];

beforeAll(async () => {
  api = await startTestApi({ provision: standardProvisioning() });
  key = await api.keyFor(accountId);
  const base = `/v1/accounts/${accountId}/connection`;
  const requests = [
    { method: 'POST', url: base, payload: allFeatures(TOKENS.unknown) },
    { method: 'POST', url: base, payload: allFeatures(TOKENS.importOnly) },
    { method: 'POST', url: base, payload: { ...allFeatures(TOKENS.full), extra: TOKENS.full } },
    { method: 'POST', url: base, payload: { accessToken: TOKENS.full, features: TOKENS.full } },
    { method: 'POST', url: base, payload: allFeatures(MALFORMED_TOKEN) },
    { method: 'POST', url: base, payload: allFeatures() },
    { method: 'GET', url: base },
    { method: 'PUT', url: `${base}/token`, payload: { accessToken: TOKENS.rotated } },
    { method: 'PUT', url: `${base}/token`, payload: { accessToken: 12345 } },
    { method: 'GET', url: `/v1/accounts/${accountId}/diagnostics` },
  ] as const;
  for (const request of requests) {
    const response = await api.call(key, request);
    responses.push(response.body);
  }
});

afterAll(async () => {
  await api?.close();
});

describe('token secrecy', () => {
  it('responses never contain a token', () => {
    const all = responses.join('\n');
    for (const token of [...SENT_TOKENS, MALFORMED_TOKEN]) {
      expect(all).not.toContain(token);
    }
    expect(all).not.toContain('secret value');
  });

  it('log lines never contain a token', () => {
    expect(api.logLines.length).toBeGreaterThan(10);
    const all = api.logLines.join('\n');
    for (const token of [...SENT_TOKENS, MALFORMED_TOKEN]) {
      expect(all).not.toContain(token);
    }
  });

  it('database documents never contain a token in plain text', async () => {
    const database = api.deps.models.Connection.db;
    const collections = await database.listCollections();
    const dump: string[] = [];
    for (const collection of collections) {
      const documents = await database.collection(collection.name).find({}).toArray();
      dump.push(JSON.stringify(documents));
    }
    const all = dump.join('\n');

    expect(all).toContain(TOKENS.rotated.slice(-4));
    for (const token of SENT_TOKENS) {
      expect(all).not.toContain(token);
    }
  });

  it('stored token is encrypted with the active key id', async () => {
    const raw = await api.deps.models.Connection.collection.findOne({ accountId });

    expect(raw?.token).toEqual({
      ciphertext: expect.any(String),
      iv: expect.any(String),
      authTag: expect.any(String),
      keyId: 'k1',
    });
    expect(api.deps.cipher.decryptToken(raw?.token)).toBe(TOKENS.rotated);
  });

  it('token sealed with an older configured key still works', async () => {
    const { createTokenCipher } = await import('@oniva-hubspot/store');
    const oldKeyCipher = createTokenCipher({
      keys: api.deps.config.TOKEN_ENCRYPTION_KEYS,
      activeKeyId: 'k0',
    });
    await api.deps.models.Connection.updateOne(
      { accountId },
      { $set: { token: oldKeyCipher.encryptToken(TOKENS.rotated) } },
    );
    const response = await api.call(key, { method: 'GET', url: `/v1/accounts/${accountId}/diagnostics` });

    expect(
      response.json().results.find((result: { check: string }) => result.check === 'token')?.status,
    ).toBe('pass');
  });

  it('logger redacts access tokens and API keys by path', () => {
    const before = api.logLines.length;
    api.deps.logger.info(
      {
        body: { accessToken: TOKENS.full },
        req: { headers: { authorization: `Bearer ${TOKENS.full}`, 'x-api-key': key } },
        tokenKey: TOKENS.full,
      },
      'redaction probe',
    );
    const line = api.logLines.slice(before).join('\n');

    expect(line).toContain('redaction probe');
    expect(line).not.toContain(TOKENS.full);
    expect(line).not.toContain(key);
  });
});
