import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ImportFixture } from './support/fixture.js';
import { waitFor } from './support/wait.js';

const GENERATED = 300;

describe('import run', () => {
  let fixture: ImportFixture;

  beforeAll(async () => {
    fixture = await ImportFixture.create({ generated: GENERATED, pageSize: 50 });
    await fixture.startImporter();
  });

  afterAll(async () => {
    await fixture?.close();
  });

  const contactsTopic = () => fixture.config.CONTACT_IMPORTS_TOPIC;
  const statusTopic = () => fixture.config.IMPORT_STATUS_TOPIC;

  /** Waits until the collector read the run's final status record, so every record of the run is in. */
  async function finalStatus(importId: string) {
    await waitFor(
      () =>
        fixture.collector.of(statusTopic(), importId).some((record) => record.value['state'] !== 'running'),
      `the final status of ${importId}`,
    );
    return fixture.collector.of(statusTopic(), importId).at(-1)!.value;
  }

  it('emits each valid contact once', async () => {
    const importId = await fixture.requestImport({ mode: 'create' });

    const run = await fixture.finishedRun(importId);
    const status = await finalStatus(importId);

    expect(run.state).toBe('completed');
    expect(run.counts).toEqual({
      read: GENERATED + 4,
      created: GENERATED,
      updated: 0,
      unchanged: 0,
      skipped: 4,
      failed: 0,
    });
    expect(run.skippedByReason).toEqual({ 'contact-deleted': 2, 'missing-email': 1, 'invalid-email': 1 });
    expect(status['state']).toBe('completed');
    expect(status['counts']).toEqual(run.counts);
    const statuses = fixture.collector.of(statusTopic(), importId).map((record) => record.value);
    const pages = Math.ceil((GENERATED + 4) / 50);
    expect(statuses).toHaveLength(pages + 2);
    expect(statuses[0]).toMatchObject({ state: 'running', counts: { read: 0 } });
    expect(statuses[1]).toMatchObject({ state: 'running', counts: { read: 50 } });

    const records = fixture.collector.of(contactsTopic(), importId);
    const keys = records.map((record) => record.key);
    expect(keys).toHaveLength(GENERATED);
    expect(new Set(keys).size).toBe(GENERATED);
    expect([...keys].sort()).toEqual(fixture.generatedIds.map((id) => `evt-1:${id}`).sort());
  });

  it('maps the requested properties', async () => {
    const firstId = fixture.generatedIds[0]!;
    const contact = fixture.sandbox.context.contacts(fixture.portalId).get(firstId)!;

    const record = fixture.collector
      .of(contactsTopic())
      .find((candidate) => candidate.key === `evt-1:${firstId}`);

    expect(record?.value).toMatchObject({
      schemaVersion: 1,
      accountId: fixture.accountId,
      workspaceId: 'ws-1',
      eventId: 'evt-1',
      mode: 'create',
      contact: {
        email: contact.properties['email'],
        firstName: contact.properties['firstname'],
        lastName: contact.properties['lastname'],
        company: 'Analytical Engines',
      },
      hubspot: { portalId: fixture.portalId, contactId: firstId, listId: fixture.listId },
    });
  });

  it('emits nothing when create mode repeats', async () => {
    const importId = await fixture.requestImport({ mode: 'create' });

    const run = await fixture.finishedRun(importId);
    await finalStatus(importId);

    expect(run.state).toBe('completed');
    expect(run.counts).toEqual({
      read: GENERATED + 4,
      created: 0,
      updated: 0,
      unchanged: GENERATED,
      skipped: 4,
      failed: 0,
    });
    expect(fixture.collector.of(contactsTopic(), importId)).toEqual([]);
  });

  it('emits only changed contacts in upsert mode', async () => {
    const changed = [fixture.generatedIds[10]!, fixture.generatedIds[170]!];
    const contacts = fixture.sandbox.context.contacts(fixture.portalId);
    contacts.update(changed[0]!, { firstname: 'Grace' });
    contacts.update(changed[1]!, { company: 'Harvard Mark I' });

    const importId = await fixture.requestImport({ mode: 'upsert' });
    const run = await fixture.finishedRun(importId);
    await finalStatus(importId);

    expect(run.counts).toEqual({
      read: GENERATED + 4,
      created: 0,
      updated: 2,
      unchanged: GENERATED - 2,
      skipped: 4,
      failed: 0,
    });
    const records = fixture.collector.of(contactsTopic(), importId);
    expect(records.map((record) => record.key).sort()).toEqual(changed.map((id) => `evt-1:${id}`).sort());
    expect(records.find((record) => record.key === `evt-1:${changed[0]}`)?.value).toMatchObject({
      mode: 'upsert',
      contact: { firstName: 'Grace' },
    });
  });

  it('keys account records by account', async () => {
    const importId = await fixture.requestImport({
      mode: 'upsert',
      target: 'accounts',
      accountType: 'sso',
      workspaceId: undefined,
      eventId: undefined,
    } as never);

    const run = await fixture.finishedRun(importId);
    await finalStatus(importId);

    expect(run.counts).toMatchObject({ created: GENERATED, skipped: 4 });
    const records = fixture.collector.of(fixture.config.ACCOUNT_IMPORTS_TOPIC, importId);
    expect(records).toHaveLength(GENERATED);
    expect(records[0]?.key).toMatch(new RegExp(`^${fixture.accountId}:\\d+$`));
    expect(records[0]?.value).toMatchObject({ accountType: 'sso', account: { company: expect.any(String) } });
  });

  it('creates a missing run from its request', async () => {
    const importId = await fixture.requestImport({ mode: 'create', eventId: 'evt-2' }, { storeRun: false });

    const run = await fixture.finishedRun(importId);

    expect(run.state).toBe('completed');
    expect(run.counts.created).toBe(GENERATED);
  });
});
