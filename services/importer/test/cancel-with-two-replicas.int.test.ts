import { acquireImportLease, requestImportCancel } from '@oniva-hubspot/store';
import { uniqueName } from '@oniva-hubspot/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ImportFixture } from './support/fixture.js';
import { sleep, waitFor } from './support/wait.js';

// When a run was cancelled while a replica worked on it, the scan of another replica ended the run
// at once, as if its lease were free. It published a second final status, saved the counts of the
// last checkpoint over the holder's, and fenced the holder's transactional producer mid-page.
const GENERATED = 200;
const MEMBERSHIPS_PATH = '/crm/v3/lists/*/memberships';

describe('cancel with two replicas', () => {
  let fixture: ImportFixture;

  beforeAll(async () => {
    fixture = await ImportFixture.create({ generated: GENERATED, pageSize: 20 });
    await fixture.startImporter('replica-a');
    await fixture.startImporter('replica-b');
    fixture.sandbox.admin.addFault({
      match: { path: MEMBERSHIPS_PATH },
      effect: { type: 'latency', ms: 1_500 },
    });
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('holder alone ends a cancelled run', async () => {
    const importId = await fixture.requestImport({ mode: 'create', eventId: uniqueName('evt') });
    await waitFor(
      async () => ((await fixture.models.ImportRun.findOne({ importId }).lean())?.cursor.page ?? 0) >= 1,
      `the first page of ${importId}`,
    );

    await requestImportCancel(fixture.models.ImportRunLease, importId);
    const run = await fixture.finishedRun(importId);
    // Long enough for the other replica to scan several times.
    await sleep(3_000);

    expect(run.state).toBe('cancelled');
    const finals = fixture.collector
      .of(fixture.config.IMPORT_STATUS_TOPIC, importId)
      .filter((record) => record.value['state'] !== 'running');
    expect(finals).toHaveLength(1);
    expect(finals[0]?.value['counts']).toEqual(run.counts);
    const emitted = fixture.collector.of(fixture.config.CONTACT_IMPORTS_TOPIC, importId);
    expect(emitted).toHaveLength(run.counts.created);
  });

  it('scan ends a cancelled run once its holder lapsed', async () => {
    const importId = uniqueName('imp');
    // A holder that died: its lease lapses 1 s from now and it never renews.
    const deadLease = await acquireImportLease(fixture.models.ImportRunLease, {
      importId,
      owner: 'gone',
      ttlMs: 1_000,
    });
    if (!deadLease.acquired) throw new Error(`lease of ${importId} not acquired`);
    await requestImportCancel(fixture.models.ImportRunLease, importId);
    await fixture.models.ImportRun.create({
      importId,
      accountId: fixture.accountId,
      state: 'running',
      request: {
        target: 'event-contacts',
        listId: fixture.listId,
        mode: 'create',
        fieldMapping: [],
        workspaceId: 'ws-1',
        eventId: uniqueName('evt'),
      },
    });

    const run = await fixture.finishedRun(importId);

    expect(run.state).toBe('cancelled');
    expect(run.finishedAt!.getTime()).toBeGreaterThanOrEqual(deadLease.lease.expiresAt.getTime());
  });
});
