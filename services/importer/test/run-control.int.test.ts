import { requestImportCancel } from '@oniva-hubspot/store';
import { uniqueName } from '@oniva-hubspot/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ImportFixture } from './support/fixture.js';
import { waitFor } from './support/wait.js';

const GENERATED = 200;
const MEMBERSHIPS_PATH = '/crm/v3/lists/*/memberships';

describe('import run control and failures', () => {
  let fixture: ImportFixture;

  beforeAll(async () => {
    fixture = await ImportFixture.create({ generated: GENERATED, pageSize: 20 });
    await fixture.startImporter();
  });

  afterAll(async () => {
    await fixture?.close();
  });

  /** Slows every memberships page down so a test can act while the run is in progress. */
  function slowPages(): () => void {
    const rule = fixture.sandbox.admin.addFault({
      match: { path: MEMBERSHIPS_PATH },
      effect: { type: 'latency', ms: 250 },
    });
    return () => fixture.sandbox.admin.removeFault(rule.id);
  }

  async function pagesDone(importId: string, pages: number): Promise<void> {
    await waitFor(
      async () => ((await fixture.models.ImportRun.findOne({ importId }).lean())?.cursor.page ?? 0) >= pages,
      `${pages} pages of ${importId}`,
    );
  }

  async function finalStatus(importId: string) {
    await waitFor(
      () =>
        fixture.collector
          .of(fixture.config.IMPORT_STATUS_TOPIC, importId)
          .some((record) => record.value['state'] !== 'running'),
      `the final status of ${importId}`,
    );
    return fixture.collector.of(fixture.config.IMPORT_STATUS_TOPIC, importId).at(-1)!.value;
  }

  it('stops at the next page when cancelled', async () => {
    const restore = slowPages();
    const importId = await fixture.requestImport({ mode: 'create', eventId: uniqueName('evt') });
    await pagesDone(importId, 2);

    await fixture.models.ImportRun.updateOne({ importId }, { $set: { cancelRequestedAt: new Date() } });
    const run = await fixture.finishedRun(importId);
    restore();

    expect(run.state).toBe('cancelled');
    expect(run.counts.read).toBeLessThan(GENERATED + 4);
    const status = await finalStatus(importId);
    expect(status['state']).toBe('cancelled');
    expect(status['counts']).toEqual(run.counts);
    const emitted = fixture.collector.of(fixture.config.CONTACT_IMPORTS_TOPIC, importId);
    expect(new Set(emitted.map((record) => record.key)).size).toBe(run.counts.created);
  });

  it('ends a run cancelled before any importer took it', async () => {
    const importId = uniqueName('imp');
    await requestImportCancel(fixture.models.ImportRunLease, importId);
    await fixture.models.ImportRun.create({
      importId,
      accountId: fixture.accountId,
      state: 'queued',
      request: {
        target: 'event-contacts',
        listId: fixture.listId,
        mode: 'create',
        fieldMapping: [],
        workspaceId: 'ws-1',
        eventId: 'evt-9',
      },
    });

    const run = await fixture.finishedRun(importId);

    expect(run.state).toBe('cancelled');
    expect(run.counts.read).toBe(0);
    expect((await finalStatus(importId))['state']).toBe('cancelled');
  });

  it('continues with a token rotated through the API', async () => {
    const restore = slowPages();
    const importId = await fixture.requestImport({ mode: 'create', eventId: uniqueName('evt') });
    await pagesDone(importId, 2);

    // The new token is stored before the old one stops working, so the 401 always finds it.
    fixture.sandbox.admin.clearRequests();
    const { token } = fixture.sandbox.admin.rotateToken(fixture.token, { expireNow: false });
    await fixture.storeConnection(fixture.accountId, token.token);
    fixture.sandbox.admin.deleteToken(fixture.token);
    const run = await fixture.finishedRun(importId);
    restore();

    expect(run.state).toBe('completed');
    expect(run.counts.created).toBe(GENERATED);
    expect(fixture.sandbox.admin.requests({ status: 401 }).length).toBeGreaterThan(0);
    const connection = await fixture.models.Connection.findOne({ accountId: fixture.accountId }).lean();
    expect(connection?.health.state).toBe('healthy');
  });

  it('fails when HubSpot rejects the rotated token', async () => {
    const accountId = uniqueName('acc');
    const token = fixture.sandbox.admin.addToken(fixture.portalId, {
      appId: 7,
      scopes: ['crm.lists.read', 'crm.objects.contacts.read'],
    });
    await fixture.storeConnection(accountId, token.token);
    const restore = slowPages();
    const importId = await fixture.requestImport({ mode: 'create', accountId });
    await pagesDone(importId, 2);

    fixture.sandbox.admin.rotateToken(token.token, { expireNow: true });
    const run = await fixture.finishedRun(importId);
    restore();

    expect(run.state).toBe('failed');
    expect(run.failure?.code).toBe('HUBSPOT_TOKEN_INVALID');
    expect(run.failure?.message).toContain('Update the token under App connections');
    expect(run.counts.read).toBeGreaterThan(0);
    const status = await finalStatus(importId);
    expect(status['state']).toBe('failed');
    expect(status['error']).toEqual({ code: 'HUBSPOT_TOKEN_INVALID', message: run.failure?.message });
    const connection = await fixture.models.Connection.findOne({ accountId }).lean();
    expect(connection?.health).toMatchObject({ state: 'unhealthy', code: 'HUBSPOT_TOKEN_INVALID' });
    expect(connection?.health.fix).toContain('Update the token');
  });

  it('fails naming a missing scope', async () => {
    const accountId = uniqueName('acc');
    const token = fixture.sandbox.admin.addToken(fixture.portalId, {
      appId: 7,
      scopes: ['crm.objects.contacts.read'],
    });
    await fixture.storeConnection(accountId, token.token);

    const run = await fixture.finishedRun(await fixture.requestImport({ mode: 'create', accountId }));

    expect(run.state).toBe('failed');
    expect(run.failure?.code).toBe('HUBSPOT_MISSING_SCOPES');
    expect(run.failure?.message).toContain('crm.lists.read');
    const connection = await fixture.models.Connection.findOne({ accountId }).lean();
    expect(connection?.health).toMatchObject({ state: 'unhealthy', code: 'HUBSPOT_MISSING_SCOPES' });
  });

  it('fails when the list does not exist', async () => {
    const run = await fixture.finishedRun(await fixture.requestImport({ mode: 'create', listId: '987654' }));

    expect(run.state).toBe('failed');
    expect(run.failure?.code).toBe('IMPORTER_ERR_LIST_NOT_FOUND');
    expect(run.failure?.message).toContain('987654');
  });

  it('fails when the account has no HubSpot connection', async () => {
    const run = await fixture.finishedRun(
      await fixture.requestImport({ mode: 'create', accountId: uniqueName('acc') }),
    );

    expect(run.state).toBe('failed');
    expect(run.failure?.code).toBe('IMPORTER_ERR_CONNECTION_MISSING');
  });

  it('fails when contact import is disabled', async () => {
    const accountId = uniqueName('acc');
    await fixture.storeConnection(accountId, fixture.token, { contactImport: false });

    const run = await fixture.finishedRun(await fixture.requestImport({ mode: 'create', accountId }));

    expect(run.state).toBe('failed');
    expect(run.failure?.code).toBe('IMPORTER_ERR_FEATURE_DISABLED');
  });

  it('retries a page after a HubSpot error', async () => {
    fixture.sandbox.admin.addFault({
      match: { path: '/crm/v3/objects/contacts/batch/read' },
      effect: { type: 'status', status: 502, html: true },
      times: 4,
    });

    const run = await fixture.finishedRun(
      await fixture.requestImport({ mode: 'create', eventId: uniqueName('evt') }),
    );

    expect(run.state).toBe('completed');
    expect(run.counts).toMatchObject({ created: GENERATED, failed: 0 });
  });

  it('fails when HubSpot keeps failing', async () => {
    const rule = fixture.sandbox.admin.addFault({
      match: { path: '/crm/v3/objects/contacts/batch/read' },
      effect: { type: 'status', status: 503 },
    });

    const run = await fixture.finishedRun(
      await fixture.requestImport({ mode: 'create', eventId: uniqueName('evt') }),
      60_000,
    );
    fixture.sandbox.admin.removeFault(rule.id);

    expect(run.state).toBe('failed');
    expect(run.failure?.code).toBe('IMPORTER_ERR_HUBSPOT_UNAVAILABLE');
    expect(run.failure?.message).toContain('start the import again later');
  });
});
