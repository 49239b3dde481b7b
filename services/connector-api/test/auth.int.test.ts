import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { standardProvisioning } from './support/portals.js';
import { startTestApi, type TestApi } from './support/test-api.js';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ provision: standardProvisioning() });
});

afterAll(async () => {
  await api?.close();
});

async function createKey(accountId: string, label = 'Oniva app connections') {
  return api.call(api.operatorKey, { method: 'POST', url: '/v1/api-keys', payload: { accountId, label } });
}

describe('API keys', () => {
  it('operator key creates a key that works for its account', async () => {
    const created = await createKey('acct-keys');

    expect(created.statusCode).toBe(201);
    const { apiKey, keyId } = created.json();
    expect(apiKey).toMatch(new RegExp(`^onk_${keyId}_[A-Za-z0-9_-]{43}$`));
    const read = await api.call(apiKey, { method: 'GET', url: '/v1/accounts/acct-keys/connection' });
    expect(read.statusCode).toBe(404);
    expect(read.json().code).toBe('API_CONNECTION_NOT_FOUND');
  });

  it('stores only a hash of the key', async () => {
    const created = await createKey('acct-hash');
    const { apiKey, keyId } = created.json();
    const raw = await api.deps.models.ApiKey.collection.findOne({ keyId });

    expect(raw?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(raw)).not.toContain(apiKey.split('_').at(-1));
  });

  it('lists keys without their secrets', async () => {
    await createKey('acct-list', 'first');
    await createKey('acct-list', 'second');
    const listed = await api.call(api.operatorKey, {
      method: 'GET',
      url: '/v1/api-keys?accountId=acct-list',
    });

    expect(listed.statusCode).toBe(200);
    expect(listed.json().apiKeys.map((key: { label: string }) => key.label)).toEqual(['first', 'second']);
    expect(listed.body).not.toContain('onk_');
  });

  it('revoked key is rejected at once', async () => {
    const { apiKey, keyId } = (await createKey('acct-revoke')).json();
    const revoked = await api.call(api.operatorKey, { method: 'DELETE', url: `/v1/api-keys/${keyId}` });
    const after = await api.call(apiKey, { method: 'GET', url: '/v1/accounts/acct-revoke/connection' });

    expect(revoked.statusCode).toBe(204);
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('API_UNAUTHENTICATED');
  });

  it('revoking an unknown key gets API_API_KEY_NOT_FOUND', async () => {
    const response = await api.call(api.operatorKey, {
      method: 'DELETE',
      url: '/v1/api-keys/0123456789abcdef',
    });

    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('API_API_KEY_NOT_FOUND');
  });

  it('use of a key records its last use', async () => {
    const { apiKey, keyId } = (await createKey('acct-last-used')).json();
    await api.call(apiKey, { method: 'GET', url: '/v1/accounts/acct-last-used/activations' });
    await expect
      .poll(async () => (await api.deps.models.ApiKey.findOne({ keyId }))?.lastUsedAt ?? null)
      .toBeInstanceOf(Date);
  });
});

describe('authentication', () => {
  it('request without a key gets API_UNAUTHENTICATED', async () => {
    const response = await api.call(undefined, { method: 'GET', url: '/v1/accounts/acct-a/connection' });

    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('API_UNAUTHENTICATED');
    expect(response.json().message).toContain('x-api-key');
  });

  it('unknown key gets API_UNAUTHENTICATED', async () => {
    const fake = `onk_0123456789abcdef_${'A'.repeat(43)}`;
    const response = await api.call(fake, { method: 'GET', url: '/v1/accounts/acct-a/connection' });

    expect(response.statusCode).toBe(401);
  });

  it('key with a wrong secret gets API_UNAUTHENTICATED', async () => {
    const real: string = (await createKey('acct-wrong-secret')).json().apiKey;
    const tampered = `${real.slice(0, -1)}${real.endsWith('A') ? 'B' : 'A'}`;
    const response = await api.call(tampered, {
      method: 'GET',
      url: '/v1/accounts/acct-wrong-secret/connection',
    });

    expect(response.statusCode).toBe(401);
  });

  it('key in the Authorization header is accepted', async () => {
    const { apiKey } = (await createKey('acct-bearer')).json();
    const response = await api.app.inject({
      method: 'GET',
      url: '/v1/accounts/acct-bearer/activations',
      headers: { authorization: `Bearer ${apiKey}` },
    });

    expect(response.statusCode).toBe(200);
  });

  it('account key on an operator route gets API_FORBIDDEN', async () => {
    const key = await api.keyFor('acct-not-operator');
    const response = await api.call(key, {
      method: 'POST',
      url: '/v1/api-keys',
      payload: { accountId: 'acct-x', label: 'x' },
    });

    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('API_FORBIDDEN');
  });

  it('operator key on an account route gets API_FORBIDDEN', async () => {
    const response = await api.call(api.operatorKey, {
      method: 'GET',
      url: '/v1/accounts/acct-a/connection',
    });

    expect(response.statusCode).toBe(403);
  });

  it('wrong operator key gets API_UNAUTHENTICATED', async () => {
    const response = await api.call('not-the-operator-key-but-long-enough-000', {
      method: 'GET',
      url: '/v1/api-keys?accountId=acct-a',
    });

    expect(response.statusCode).toBe(401);
  });
});
