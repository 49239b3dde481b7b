import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_STATUS_MAPPING } from '../src/domain/status-mapping.js';
import { PORTALS, standardProvisioning } from './support/portals.js';
import { startTestApi, type TestApi } from './support/test-api.js';

let api: TestApi;
let victimKey: string;
let attackerKey: string;
let importId: string;
let deadLetterId: string;
let listId: string;

const victim = 'acct-victim';
const attacker = 'acct-attacker';

beforeAll(async () => {
  api = await startTestApi({ provision: standardProvisioning() });
  listId = api.sandbox.admin.lists(PORTALS.enterprise)[0]?.listId ?? '';
  victimKey = (await api.connectAccount(victim)).key;
  attackerKey = (await api.connectAccount(attacker)).key;

  await api.call(victimKey, { method: 'PUT', url: `/v1/accounts/${victim}/workspaces/ws-1/activation` });
  await api.call(victimKey, {
    method: 'PUT',
    url: `/v1/accounts/${victim}/workspaces/ws-1/events/ev-1/activation`,
  });
  const started = await api.call(victimKey, {
    method: 'POST',
    url: `/v1/accounts/${victim}/imports`,
    payload: importBody(),
  });
  importId = started.json().importId;
  await api.deps.models.ParkedMessage.create({
    accountId: victim,
    source: { topic: api.topics.bookings, partition: 0, offset: '1' },
    key: 'ev-1',
    value: '{}',
    reason: 'token-invalid',
    error: { code: 'HUBSPOT_TOKEN_INVALID', message: 'rejected' },
    parkedAt: new Date(),
  });
  const letter = await api.deps.models.DeadLetter.create({
    accountId: victim,
    eventId: 'ev-1',
    source: { topic: api.topics.bookings, partition: 0, offset: '2' },
    reason: 'hubspot-rejected',
    error: { code: 'HUBSPOT_VALIDATION_FAILED', message: 'invalid email' },
    value: '{}',
    deadLetteredAt: new Date(),
  });
  deadLetterId = String(letter._id);
  await api.deps.models.SyncStats.create({ accountId: victim, eventId: 'ev-1', applied: 7 });
});

afterAll(async () => {
  await api?.close();
});

function importBody() {
  return {
    target: 'event-contacts',
    listId,
    mode: 'create',
    workspaceId: 'ws-1',
    eventId: 'ev-1',
    fieldMapping: [{ hubspotProperty: 'firstname', onivaField: 'firstName' }],
  };
}

/** Returns every account route with a valid request for the victim's data; `fill` sets `{accountId}`. */
function accountRoutes(): Array<{
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  payload?: object;
}> {
  return [
    {
      method: 'POST',
      path: '/v1/accounts/{accountId}/connection',
      payload: {
        accessToken: 'pat-na1-attacker-0000000000',
        features: { contactImport: true, marketingEvents: false, customObjects: false },
      },
    },
    { method: 'GET', path: '/v1/accounts/{accountId}/connection' },
    {
      method: 'PUT',
      path: '/v1/accounts/{accountId}/connection/token',
      payload: { accessToken: 'pat-na1-attacker-0000000000' },
    },
    {
      method: 'PATCH',
      path: '/v1/accounts/{accountId}/connection/features',
      payload: { customObjects: false },
    },
    {
      method: 'PUT',
      path: '/v1/accounts/{accountId}/connection/status-mapping',
      payload: { statusMapping: DEFAULT_STATUS_MAPPING },
    },
    { method: 'DELETE', path: '/v1/accounts/{accountId}/connection' },
    { method: 'GET', path: '/v1/accounts/{accountId}/activations' },
    { method: 'PUT', path: '/v1/accounts/{accountId}/workspaces/{workspaceId}/activation' },
    { method: 'GET', path: '/v1/accounts/{accountId}/workspaces/{workspaceId}/activation' },
    { method: 'DELETE', path: '/v1/accounts/{accountId}/workspaces/{workspaceId}/activation' },
    { method: 'PUT', path: '/v1/accounts/{accountId}/workspaces/{workspaceId}/events/{eventId}/activation' },
    { method: 'GET', path: '/v1/accounts/{accountId}/workspaces/{workspaceId}/events/{eventId}/activation' },
    {
      method: 'DELETE',
      path: '/v1/accounts/{accountId}/workspaces/{workspaceId}/events/{eventId}/activation',
    },
    { method: 'GET', path: '/v1/accounts/{accountId}/diagnostics' },
    { method: 'GET', path: '/v1/accounts/{accountId}/hubspot/lists' },
    { method: 'GET', path: '/v1/accounts/{accountId}/hubspot/contact-properties' },
    { method: 'POST', path: '/v1/accounts/{accountId}/imports', payload: importBody() },
    { method: 'GET', path: '/v1/accounts/{accountId}/imports' },
    { method: 'GET', path: '/v1/accounts/{accountId}/imports/{importId}' },
    { method: 'POST', path: '/v1/accounts/{accountId}/imports/{importId}/cancel' },
    { method: 'GET', path: '/v1/accounts/{accountId}/sync' },
    { method: 'GET', path: '/v1/accounts/{accountId}/sync/events/{eventId}' },
    { method: 'GET', path: '/v1/accounts/{accountId}/sync/parked' },
    { method: 'POST', path: '/v1/accounts/{accountId}/sync/parked/replay' },
    { method: 'GET', path: '/v1/accounts/{accountId}/sync/dead-letters' },
    {
      method: 'POST',
      path: '/v1/accounts/{accountId}/sync/dead-letters/replay',
      payload: { ids: [deadLetterId] },
    },
  ];
}

function fill(path: string, accountId: string): string {
  return path
    .replace('{accountId}', accountId)
    .replace('{workspaceId}', 'ws-1')
    .replace('{eventId}', 'ev-1')
    .replace('{importId}', importId);
}

function withoutRequestId(body: string): unknown {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  delete parsed.requestId;
  return parsed;
}

describe('tenant isolation', () => {
  it('route table covers every account route of the OpenAPI document', async () => {
    const document = (await api.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/v1/accounts/'))
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    const tested = accountRoutes()
      .map((route) => `${route.method} ${route.path}`)
      .sort();

    expect(tested).toEqual(documented);
  });

  it("another account's key gets the same 404 on every route as for an account that does not exist", async () => {
    for (const route of accountRoutes()) {
      const onVictim = await api.call(attackerKey, {
        method: route.method,
        url: fill(route.path, victim),
        payload: route.payload,
      });
      const onGhost = await api.call(attackerKey, {
        method: route.method,
        url: fill(route.path, 'acct-ghost'),
        payload: route.payload,
      });
      const label = `${route.method} ${route.path}`;

      expect(onVictim.statusCode, label).toBe(404);
      expect(onVictim.json().code, label).toBe('API_CONNECTION_NOT_FOUND');
      expect(withoutRequestId(onVictim.body), label).toEqual(
        JSON.parse(JSON.stringify(withoutRequestId(onGhost.body)).replaceAll('acct-ghost', victim)),
      );
    }
  });

  it("the victim's resource ids are not found under the attacker's own account", async () => {
    const ownImport = await api.call(attackerKey, {
      method: 'GET',
      url: `/v1/accounts/${attacker}/imports/${importId}`,
    });
    const ownCancel = await api.call(attackerKey, {
      method: 'POST',
      url: `/v1/accounts/${attacker}/imports/${importId}/cancel`,
    });
    const ownReplay = await api.call(attackerKey, {
      method: 'POST',
      url: `/v1/accounts/${attacker}/sync/dead-letters/replay`,
      payload: { ids: [deadLetterId] },
    });
    const ownLists = await api.call(attackerKey, {
      method: 'GET',
      url: `/v1/accounts/${attacker}/sync/dead-letters`,
    });
    const ownParked = await api.call(attackerKey, {
      method: 'GET',
      url: `/v1/accounts/${attacker}/sync/parked`,
    });
    const ownSync = await api.call(attackerKey, {
      method: 'GET',
      url: `/v1/accounts/${attacker}/sync/events/ev-1`,
    });
    const ownActivation = await api.call(attackerKey, {
      method: 'GET',
      url: `/v1/accounts/${attacker}/workspaces/ws-1/events/ev-1/activation`,
    });

    expect(ownImport.json().code).toBe('API_IMPORT_NOT_FOUND');
    expect(ownCancel.json().code).toBe('API_IMPORT_NOT_FOUND');
    expect(ownReplay.json().code).toBe('API_DEAD_LETTER_NOT_FOUND');
    expect(ownLists.json().records).toEqual([]);
    expect(ownParked.json().records).toEqual([]);
    expect(ownSync.json()).toMatchObject({ applied: 0, parkedWaiting: 0, deadLettersWaiting: 0 });
    expect(ownActivation.json().code).toBe('API_ACTIVATION_NOT_FOUND');
  });

  it("the victim's data is unchanged after every attempt", async () => {
    const connection = await api.call(victimKey, { method: 'GET', url: `/v1/accounts/${victim}/connection` });
    const run = await api.call(victimKey, {
      method: 'GET',
      url: `/v1/accounts/${victim}/imports/${importId}`,
    });
    const event = await api.call(victimKey, {
      method: 'GET',
      url: `/v1/accounts/${victim}/workspaces/ws-1/events/ev-1/activation`,
    });
    const letters = await api.call(victimKey, {
      method: 'GET',
      url: `/v1/accounts/${victim}/sync/dead-letters`,
    });

    expect(connection.statusCode).toBe(200);
    expect(connection.json().features).toEqual({
      contactImport: true,
      marketingEvents: true,
      customObjects: true,
    });
    expect(run.json().cancelRequestedAt).toBeUndefined();
    expect(event.json().active).toBe(true);
    expect(letters.json().records).toHaveLength(1);
    expect(await api.deps.models.ParkedMessage.countDocuments({ accountId: victim })).toBe(1);
  });
});
