import { importRequestRecordSchema } from '@oniva-hubspot/contracts';
import { readImportLease } from '@oniva-hubspot/store';
import { testServers } from '@oniva-hubspot/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildApp } from '../src/app.js';
import type { MessagingPort } from '../src/messaging/messaging.js';
import { PORTALS, standardProvisioning } from './support/portals.js';
import { startTestApi, type TestApi } from './support/test-api.js';
import { readTopic } from './support/topics.js';

let api: TestApi;
let listId: string;

beforeAll(async () => {
  api = await startTestApi({ provision: standardProvisioning() });
  const list = api.sandbox.admin
    .lists(PORTALS.enterprise)
    .find((candidate) => candidate.name === 'Conference attendees');
  listId = list?.listId ?? '';
});

afterAll(async () => {
  await api?.close();
});

/** Connects the account and activates workspace ws-1 and event ev-1. */
async function readyAccount(accountId: string): Promise<string> {
  const { key } = await api.connectAccount(accountId);
  await api.call(key, { method: 'PUT', url: `/v1/accounts/${accountId}/workspaces/ws-1/activation` });
  await api.call(key, {
    method: 'PUT',
    url: `/v1/accounts/${accountId}/workspaces/ws-1/events/ev-1/activation`,
  });
  return key;
}

function eventImport(overrides: Record<string, unknown> = {}) {
  return {
    target: 'event-contacts',
    listId,
    mode: 'create',
    workspaceId: 'ws-1',
    eventId: 'ev-1',
    fieldMapping: [
      { hubspotProperty: 'firstname', onivaField: 'firstName' },
      { hubspotProperty: 'lastname', onivaField: 'lastName' },
      { hubspotProperty: 'company', onivaField: 'company' },
    ],
    ...overrides,
  };
}

describe('import start', () => {
  it('queues the run and publishes the import request', async () => {
    const key = await readyAccount('acct-import');
    const response = await api.call(key, {
      method: 'POST',
      url: '/v1/accounts/acct-import/imports',
      payload: eventImport(),
    });

    expect(response.statusCode, response.body).toBe(202);
    const run = response.json();
    expect(run).toMatchObject({ accountId: 'acct-import', state: 'queued', pagesDone: 0 });
    expect(run.request).toMatchObject({ target: 'event-contacts', listId, mode: 'create', eventId: 'ev-1' });

    const records = await readTopic(testServers().kafkaBrokers, api.topics.importRequests, {
      until: (read) => read.some((record) => record.key === run.importId),
    });
    const published = records.find((record) => record.key === run.importId);
    const request = importRequestRecordSchema.parse(JSON.parse(published?.value ?? 'null'));
    expect(request).toMatchObject({
      importId: run.importId,
      accountId: 'acct-import',
      target: 'event-contacts',
      listId,
      mode: 'create',
      workspaceId: 'ws-1',
      eventId: 'ev-1',
    });
    expect(request.fieldMapping).toHaveLength(3);
  });

  it('queues an account import with its account type', async () => {
    const { key } = await api.connectAccount('acct-import-accounts');
    const response = await api.call(key, {
      method: 'POST',
      url: '/v1/accounts/acct-import-accounts/imports',
      payload: {
        target: 'accounts',
        listId,
        mode: 'upsert',
        accountType: 'sso',
        fieldMapping: [{ hubspotProperty: 'firstname', onivaField: 'firstName' }],
      },
    });

    expect(response.statusCode, response.body).toBe(202);
    expect(response.json().request).toMatchObject({ target: 'accounts', accountType: 'sso', mode: 'upsert' });
  });

  it('needs the event to be activated', async () => {
    const { key } = await api.connectAccount('acct-import-inactive');
    const response = await api.call(key, {
      method: 'POST',
      url: '/v1/accounts/acct-import-inactive/imports',
      payload: eventImport(),
    });

    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('API_EVENT_NOT_ACTIVATED');
    expect(response.json().message).toContain('HubSpot is not available as an import source');
  });

  it('rejects a property that the portal does not have', async () => {
    const key = await readyAccount('acct-import-property');
    const response = await api.call(key, {
      method: 'POST',
      url: '/v1/accounts/acct-import-property/imports',
      payload: eventImport({
        fieldMapping: [
          { hubspotProperty: 'firstname', onivaField: 'firstName' },
          { hubspotProperty: 'shoe_size', onivaField: 'title' },
        ],
      }),
    });

    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('API_HUBSPOT_PROPERTY_NOT_FOUND');
    expect(response.json().details.unknownProperties).toEqual(['shoe_size']);
  });

  it('rejects an Oniva field that does not exist', async () => {
    const key = await readyAccount('acct-import-field');
    const response = await api.call(key, {
      method: 'POST',
      url: '/v1/accounts/acct-import-field/imports',
      payload: eventImport({ fieldMapping: [{ hubspotProperty: 'firstname', onivaField: 'nickname' }] }),
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().details.issues[0].field).toBe('body.fieldMapping[0].onivaField');
  });

  it('rejects an Oniva field mapped twice', async () => {
    const key = await readyAccount('acct-import-twice');
    const response = await api.call(key, {
      method: 'POST',
      url: '/v1/accounts/acct-import-twice/imports',
      payload: eventImport({
        fieldMapping: [
          { hubspotProperty: 'firstname', onivaField: 'firstName' },
          { hubspotProperty: 'lastname', onivaField: 'firstName' },
        ],
      }),
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('"firstName" is mapped twice');
  });

  it('rejects a list that does not exist', async () => {
    const key = await readyAccount('acct-import-list');
    const response = await api.call(key, {
      method: 'POST',
      url: '/v1/accounts/acct-import-list/imports',
      payload: eventImport({ listId: '999999' }),
    });

    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('API_HUBSPOT_LIST_NOT_FOUND');
  });

  it('rejects a second import of the same list while the first is queued', async () => {
    const key = await readyAccount('acct-import-dup');
    const first = await api.call(key, {
      method: 'POST',
      url: '/v1/accounts/acct-import-dup/imports',
      payload: eventImport(),
    });
    const second = await api.call(key, {
      method: 'POST',
      url: '/v1/accounts/acct-import-dup/imports',
      payload: eventImport(),
    });

    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({
      code: 'API_IMPORT_IN_PROGRESS',
      details: { importId: first.json().importId },
    });
  });

  it('marks the run failed when Kafka rejects the request', async () => {
    const key = await readyAccount('acct-import-kafka');
    const failing: MessagingPort = {
      publishConfigChange: (accountId, change) => api.deps.messaging.publishConfigChange(accountId, change),
      publishImportRequest: async () => {
        throw new Error('broker unavailable');
      },
      produce: (records) => api.deps.messaging.produce(records),
      ensureTopicLike: (topic, like) => api.deps.messaging.ensureTopicLike(topic, like),
    };
    const app = await buildApp({ ...api.deps, messaging: failing });
    try {
      const response = await app.inject({
        method: 'POST',
        url: '/v1/accounts/acct-import-kafka/imports',
        headers: { 'x-api-key': key },
        payload: eventImport(),
      });

      expect(response.statusCode).toBe(503);
      expect(response.json().code).toBe('API_DEPENDENCY_UNAVAILABLE');
      const run = await api.deps.models.ImportRun.findOne({ importId: response.json().details.importId });
      expect(run?.state).toBe('failed');
    } finally {
      await app.close();
    }
  });
});

describe('import progress, cancel and history', () => {
  it('shows the importer progress', async () => {
    const key = await readyAccount('acct-progress');
    const started = await api.call(key, {
      method: 'POST',
      url: '/v1/accounts/acct-progress/imports',
      payload: eventImport(),
    });
    const importId = started.json().importId;
    await api.deps.models.ImportRun.updateOne(
      { importId },
      {
        $set: {
          state: 'running',
          startedAt: new Date(),
          cursor: { page: 1, after: 'abc' },
          counts: { read: 5, created: 3, updated: 0, unchanged: 1, skipped: 1, failed: 0 },
          skippedByReason: { 'invalid-email': 1 },
        },
      },
    );
    const response = await api.call(key, {
      method: 'GET',
      url: `/v1/accounts/acct-progress/imports/${importId}`,
    });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      state: 'running',
      pagesDone: 1,
      counts: { read: 5, created: 3, unchanged: 1, skipped: 1 },
      skippedByReason: { 'invalid-email': 1 },
      startedAt: expect.any(String),
    });
  });

  it('cancel records the request for the importer', async () => {
    const key = await readyAccount('acct-cancel');
    const started = await api.call(key, {
      method: 'POST',
      url: '/v1/accounts/acct-cancel/imports',
      payload: eventImport(),
    });
    const importId = started.json().importId;
    const response = await api.call(key, {
      method: 'POST',
      url: `/v1/accounts/acct-cancel/imports/${importId}/cancel`,
    });

    expect(response.statusCode).toBe(200);
    expect(response.json().cancelRequestedAt).toEqual(expect.any(String));
    const lease = await readImportLease(api.deps.models.ImportRunLease, importId);
    expect(lease?.cancelRequested).toBe(true);
  });

  it('cancel of a finished import gets API_IMPORT_FINISHED', async () => {
    const key = await readyAccount('acct-cancel-done');
    const started = await api.call(key, {
      method: 'POST',
      url: '/v1/accounts/acct-cancel-done/imports',
      payload: eventImport(),
    });
    const importId = started.json().importId;
    await api.deps.models.ImportRun.updateOne(
      { importId },
      { $set: { state: 'completed', finishedAt: new Date() } },
    );
    const response = await api.call(key, {
      method: 'POST',
      url: `/v1/accounts/acct-cancel-done/imports/${importId}/cancel`,
    });

    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('API_IMPORT_FINISHED');
  });

  it('unknown import id gets API_IMPORT_NOT_FOUND', async () => {
    const key = await readyAccount('acct-import-unknown');
    const response = await api.call(key, {
      method: 'GET',
      url: '/v1/accounts/acct-import-unknown/imports/1b4e28ba-2fa1-11d2-883f-0016d3cca427',
    });

    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('API_IMPORT_NOT_FOUND');
  });

  it('history lists runs newest first with a cursor', async () => {
    const key = await readyAccount('acct-history');
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const started = await api.call(key, {
        method: 'POST',
        url: '/v1/accounts/acct-history/imports',
        payload: eventImport({ mode: 'upsert' }),
      });
      ids.push(started.json().importId);
      await api.deps.models.ImportRun.updateOne(
        { importId: started.json().importId },
        { $set: { state: 'completed' } },
      );
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const first = await api.call(key, { method: 'GET', url: '/v1/accounts/acct-history/imports?limit=2' });
    const second = await api.call(key, {
      method: 'GET',
      url: `/v1/accounts/acct-history/imports?limit=2&before=${encodeURIComponent(first.json().nextBefore)}`,
    });
    const filtered = await api.call(key, {
      method: 'GET',
      url: '/v1/accounts/acct-history/imports?eventId=ev-2',
    });

    expect(first.json().imports.map((run: { importId: string }) => run.importId)).toEqual([ids[2], ids[1]]);
    expect(second.json().imports.map((run: { importId: string }) => run.importId)).toEqual([ids[0]]);
    expect(second.json().nextBefore).toBeUndefined();
    expect(filtered.json().imports).toEqual([]);
  });
});
