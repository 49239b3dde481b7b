import { configChangeRecordSchema } from '@oniva-hubspot/contracts';
import { testServers } from '@oniva-hubspot/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { allFeatures, standardProvisioning } from './support/portals.js';
import { startTestApi, type TestApi } from './support/test-api.js';
import { readTopic } from './support/topics.js';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ provision: standardProvisioning() });
});

afterAll(async () => {
  await api?.close();
});

async function connectedAccount(accountId: string): Promise<string> {
  const key = await api.keyFor(accountId);
  const response = await api.call(key, {
    method: 'POST',
    url: `/v1/accounts/${accountId}/connection`,
    payload: allFeatures(),
  });
  expect(response.statusCode, response.body).toBe(201);
  return key;
}

const workspaceUrl = (accountId: string, workspaceId: string) =>
  `/v1/accounts/${accountId}/workspaces/${workspaceId}/activation`;
const eventUrl = (accountId: string, workspaceId: string, eventId: string) =>
  `/v1/accounts/${accountId}/workspaces/${workspaceId}/events/${eventId}/activation`;

describe('workspace activation', () => {
  it('stores the activation time', async () => {
    const key = await connectedAccount('acct-ws');
    const before = Date.now();
    const response = await api.call(key, { method: 'PUT', url: workspaceUrl('acct-ws', 'ws-1') });

    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      accountId: 'acct-ws',
      workspaceId: 'ws-1',
      level: 'workspace',
      active: true,
    });
    expect(Date.parse(body.activatedAt)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('keeps the first activation time when activated again', async () => {
    const key = await connectedAccount('acct-ws-again');
    const first = await api.call(key, { method: 'PUT', url: workspaceUrl('acct-ws-again', 'ws-1') });
    const second = await api.call(key, { method: 'PUT', url: workspaceUrl('acct-ws-again', 'ws-1') });

    expect(second.json().activatedAt).toBe(first.json().activatedAt);
  });

  it('sets a new activation time after a deactivation', async () => {
    const key = await connectedAccount('acct-ws-cycle');
    const first = await api.call(key, { method: 'PUT', url: workspaceUrl('acct-ws-cycle', 'ws-1') });
    const off = await api.call(key, { method: 'DELETE', url: workspaceUrl('acct-ws-cycle', 'ws-1') });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const again = await api.call(key, { method: 'PUT', url: workspaceUrl('acct-ws-cycle', 'ws-1') });

    expect(off.json()).toMatchObject({ active: false, deactivatedAt: expect.any(String) });
    expect(again.json().active).toBe(true);
    expect(Date.parse(again.json().activatedAt)).toBeGreaterThan(Date.parse(first.json().activatedAt));
  });

  it('needs a connection', async () => {
    const key = await api.keyFor('acct-ws-unconnected');
    const response = await api.call(key, { method: 'PUT', url: workspaceUrl('acct-ws-unconnected', 'ws-1') });

    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('API_CONNECTION_NOT_FOUND');
  });

  it('read of a never activated workspace gets API_ACTIVATION_NOT_FOUND', async () => {
    const key = await connectedAccount('acct-ws-never');
    const response = await api.call(key, { method: 'GET', url: workspaceUrl('acct-ws-never', 'ws-9') });

    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('API_ACTIVATION_NOT_FOUND');
  });
});

describe('event activation', () => {
  it('needs its workspace to be active', async () => {
    const key = await connectedAccount('acct-ev-no-ws');
    const response = await api.call(key, { method: 'PUT', url: eventUrl('acct-ev-no-ws', 'ws-1', 'ev-1') });

    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('API_WORKSPACE_NOT_ACTIVATED');
    expect(response.json().message).toContain('/workspaces/ws-1/activation');
  });

  it('stores the activation time when the workspace is active', async () => {
    const key = await connectedAccount('acct-ev');
    await api.call(key, { method: 'PUT', url: workspaceUrl('acct-ev', 'ws-1') });
    const response = await api.call(key, { method: 'PUT', url: eventUrl('acct-ev', 'ws-1', 'ev-1') });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      eventId: 'ev-1',
      level: 'event',
      active: true,
      workspaceActive: true,
    });
    const stored = await api.deps.models.Activation.findOne({ accountId: 'acct-ev', eventId: 'ev-1' });
    expect(stored?.activatedAt.toISOString()).toBe(response.json().activatedAt);
  });

  it('reports the workspace state after the workspace is deactivated', async () => {
    const key = await connectedAccount('acct-ev-ws-off');
    await api.call(key, { method: 'PUT', url: workspaceUrl('acct-ev-ws-off', 'ws-1') });
    await api.call(key, { method: 'PUT', url: eventUrl('acct-ev-ws-off', 'ws-1', 'ev-1') });
    await api.call(key, { method: 'DELETE', url: workspaceUrl('acct-ev-ws-off', 'ws-1') });
    const response = await api.call(key, { method: 'GET', url: eventUrl('acct-ev-ws-off', 'ws-1', 'ev-1') });

    expect(response.json()).toMatchObject({ active: true, workspaceActive: false });
  });

  it('deactivation of a never activated event gets API_ACTIVATION_NOT_FOUND', async () => {
    const key = await connectedAccount('acct-ev-never');
    const response = await api.call(key, {
      method: 'DELETE',
      url: eventUrl('acct-ev-never', 'ws-1', 'ev-1'),
    });

    expect(response.statusCode).toBe(404);
  });

  it('list shows workspaces and events of the account', async () => {
    const key = await connectedAccount('acct-ev-list');
    await api.call(key, { method: 'PUT', url: workspaceUrl('acct-ev-list', 'ws-1') });
    await api.call(key, { method: 'PUT', url: eventUrl('acct-ev-list', 'ws-1', 'ev-1') });
    await api.call(key, { method: 'PUT', url: workspaceUrl('acct-ev-list', 'ws-2') });
    const all = await api.call(key, { method: 'GET', url: '/v1/accounts/acct-ev-list/activations' });
    const firstWorkspace = await api.call(key, {
      method: 'GET',
      url: '/v1/accounts/acct-ev-list/activations?workspaceId=ws-1',
    });

    expect(all.json().activations).toHaveLength(3);
    expect(
      firstWorkspace.json().activations.map((activation: { level: string }) => activation.level),
    ).toEqual(['workspace', 'event']);
  });
});

describe('activation changes', () => {
  it('announces activation and deactivation on the config-change topic', async () => {
    const accountId = 'acct-announce-activation';
    const key = await connectedAccount(accountId);
    await api.call(key, { method: 'PUT', url: workspaceUrl(accountId, 'ws-1') });
    await api.call(key, { method: 'PUT', url: workspaceUrl(accountId, 'ws-1') });
    await api.call(key, { method: 'DELETE', url: workspaceUrl(accountId, 'ws-1') });

    const records = await readTopic(testServers().kafkaBrokers, api.topics.configChanges, {
      until: (read) => read.filter((record) => record.key === accountId).length >= 3,
    });
    const changes = records
      .filter((record) => record.key === accountId)
      .map((record) => configChangeRecordSchema.parse(JSON.parse(record.value ?? '')).change);
    // The second activation changed nothing, so it announced nothing.
    expect(changes).toEqual(['connection.created', 'activation.changed', 'activation.changed']);
  });
});
