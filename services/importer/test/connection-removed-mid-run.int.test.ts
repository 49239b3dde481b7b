import { uniqueName } from '@oniva-hubspot/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ImportFixture } from './support/fixture.js';
import { waitFor } from './support/wait.js';

// The connection was checked only when a run started or resumed. A run kept reading HubSpot and
// emitting contacts to the end of the list after the connection was deleted (its token erased)
// or contact import was switched off through the connector API.
const GENERATED = 200;
const MEMBERSHIPS_PATH = '/crm/v3/lists/*/memberships';

describe('connection removed during a run', () => {
  let fixture: ImportFixture;

  beforeAll(async () => {
    fixture = await ImportFixture.create({ generated: GENERATED, pageSize: 20 });
    await fixture.startImporter();
    fixture.sandbox.admin.addFault({
      match: { path: MEMBERSHIPS_PATH },
      effect: { type: 'latency', ms: 250 },
    });
  });

  afterAll(async () => {
    await fixture?.close();
  });

  async function pagesDone(importId: string, pages: number): Promise<void> {
    await waitFor(
      async () => ((await fixture.models.ImportRun.findOne({ importId }).lean())?.cursor.page ?? 0) >= pages,
      `${pages} pages of ${importId}`,
    );
  }

  it('run fails when the connection is deleted', async () => {
    const accountId = uniqueName('acc');
    await fixture.storeConnection(accountId, fixture.token);
    const importId = await fixture.requestImport({ mode: 'create', accountId });
    await pagesDone(importId, 2);

    // What DELETE …/connection of the connector API stores.
    await fixture.models.Connection.updateOne(
      { accountId },
      { $set: { deletedAt: new Date() }, $unset: { token: 1 } },
    );
    const run = await fixture.finishedRun(importId);

    expect(run.state).toBe('failed');
    expect(run.failure?.code).toBe('IMPORTER_ERR_CONNECTION_MISSING');
    expect(run.counts.read).toBeLessThan(GENERATED);
    await waitFor(
      () =>
        fixture.collector.of(fixture.config.CONTACT_IMPORTS_TOPIC, importId).length === run.counts.created,
      'the contacts the run emitted',
    );
  });

  it('run fails when contact import disabled', async () => {
    const accountId = uniqueName('acc');
    await fixture.storeConnection(accountId, fixture.token);
    const importId = await fixture.requestImport({ mode: 'create', accountId });
    await pagesDone(importId, 2);

    await fixture.models.Connection.updateOne({ accountId }, { $set: { 'features.contactImport': false } });
    const run = await fixture.finishedRun(importId);

    expect(run.state).toBe('failed');
    expect(run.failure?.code).toBe('IMPORTER_ERR_FEATURE_DISABLED');
    expect(run.counts.read).toBeLessThan(GENERATED);
  });
});
