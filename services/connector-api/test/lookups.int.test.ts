import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PORTALS, standardProvisioning } from './support/portals.js';
import { startTestApi, type TestApi } from './support/test-api.js';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ provision: standardProvisioning() });
  for (const name of ['Webinar leads', 'Webinar speakers', 'Newsletter']) {
    api.sandbox.admin.addList(PORTALS.enterprise, { name, processingType: 'SNAPSHOT', generate: 2 });
  }
});

afterAll(async () => {
  await api?.close();
});

describe('list search', () => {
  it('finds contact lists by name', async () => {
    const { key } = await api.connectAccount('acct-lists');
    const response = await api.call(key, {
      method: 'GET',
      url: '/v1/accounts/acct-lists/hubspot/lists?query=Webinar',
    });

    expect(response.statusCode, response.body).toBe(200);
    const names = response
      .json()
      .lists.map((list: { name: string }) => list.name)
      .sort();
    expect(names).toEqual(['Webinar leads', 'Webinar speakers']);
    expect(response.json().lists[0]).toMatchObject({
      listId: expect.any(String),
      processingType: 'SNAPSHOT',
    });
  });

  it('pages with offset and count', async () => {
    const { key } = await api.connectAccount('acct-lists-paged');
    const first = await api.call(key, {
      method: 'GET',
      url: '/v1/accounts/acct-lists-paged/hubspot/lists?count=2',
    });
    const second = await api.call(key, {
      method: 'GET',
      url: `/v1/accounts/acct-lists-paged/hubspot/lists?count=2&offset=${first.json().offset}`,
    });

    expect(first.json().lists).toHaveLength(2);
    expect(first.json().hasMore).toBe(true);
    expect(first.json().total).toBe(4);
    const seen = [...first.json().lists, ...second.json().lists].map(
      (list: { listId: string }) => list.listId,
    );
    expect(new Set(seen).size).toBe(4);
  });

  it('needs the contact import feature', async () => {
    const { key } = await api.connectAccount('acct-lists-off');
    await api.call(key, {
      method: 'PATCH',
      url: '/v1/accounts/acct-lists-off/connection/features',
      payload: { contactImport: false },
    });
    const response = await api.call(key, { method: 'GET', url: '/v1/accounts/acct-lists-off/hubspot/lists' });

    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('API_FEATURE_DISABLED');
  });

  it('reports a rotated stored token with the rotation route', async () => {
    const { key, token } = await api.connectAccount('acct-lists-rotated');
    api.sandbox.admin.rotateToken(token, { expireNow: true });
    const response = await api.call(key, {
      method: 'GET',
      url: '/v1/accounts/acct-lists-rotated/hubspot/lists',
    });

    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('API_HUBSPOT_TOKEN_REJECTED');
    expect(response.json().message).toContain('PUT /v1/accounts/acct-lists-rotated/connection/token');
  });

  it('reports a scope removed after the connection was made', async () => {
    const { key, token } = await api.connectAccount('acct-lists-scope');
    api.sandbox.admin.setScopes(token, ['crm.objects.contacts.read']);
    const response = await api.call(key, {
      method: 'GET',
      url: '/v1/accounts/acct-lists-scope/hubspot/lists',
    });

    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('API_HUBSPOT_MISSING_SCOPES');
    expect(response.json().details.requiredScopes).toContain('crm.lists.read');
  });
});

describe('contact properties', () => {
  it('lists the properties a mapping can read', async () => {
    const { key } = await api.connectAccount('acct-properties');
    const response = await api.call(key, {
      method: 'GET',
      url: '/v1/accounts/acct-properties/hubspot/contact-properties',
    });

    expect(response.statusCode).toBe(200);
    const names = response.json().properties.map((property: { name: string }) => property.name);
    expect(names).toEqual(expect.arrayContaining(['email', 'firstname', 'lastname', 'company']));
    const objectId = response
      .json()
      .properties.find((property: { name: string }) => property.name === 'hs_object_id');
    expect(objectId?.readOnlyValue).toBe(true);
  });
});
