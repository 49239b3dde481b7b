import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';

import { createModels } from '../src/index.js';

// Validation runs in memory, so an unopened connection is enough to build the models.
const connection = mongoose.createConnection();
const models = createModels(connection);

afterAll(async () => {
  await connection.close();
});

async function validationMessage(document: mongoose.Document): Promise<string | undefined> {
  const error = await document.validate().then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  return error instanceof Error ? error.message : undefined;
}

describe('model validation', () => {
  it('event activation needs an eventId', async () => {
    const activation = new models.Activation({
      accountId: 'a',
      workspaceId: 'w',
      level: 'event',
      activatedAt: new Date(),
    });
    expect(await validationMessage(activation)).toContain('An event activation needs an eventId');
  });

  it('workspace activation rejects an eventId', async () => {
    const activation = new models.Activation({
      accountId: 'a',
      workspaceId: 'w',
      eventId: 'e',
      level: 'workspace',
      activatedAt: new Date(),
    });
    expect(await validationMessage(activation)).toContain(
      'A workspace activation has eventId null, received "e"',
    );
  });

  it('event-contacts import needs event and workspace', async () => {
    const run = new models.ImportRun({
      importId: 'i',
      accountId: 'a',
      request: { target: 'event-contacts', listId: 'l', mode: 'create' },
    });
    const message = await validationMessage(run);
    expect(message).toContain('request.eventId');
    expect(message).toContain('request.workspaceId');
  });

  it('accounts import needs an account type', async () => {
    const run = new models.ImportRun({
      importId: 'i',
      accountId: 'a',
      request: { target: 'accounts', listId: 'l', mode: 'upsert' },
    });
    expect(await validationMessage(run)).toContain('request.accountType');
  });

  it('import run starts queued with zero counts', async () => {
    const run = new models.ImportRun({
      importId: 'i',
      accountId: 'a',
      request: { target: 'accounts', listId: 'l', mode: 'upsert', accountType: 'sso' },
    });
    expect(await validationMessage(run)).toBeUndefined();
    expect(run.state).toBe('queued');
    expect(run.counts).toMatchObject({
      read: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      failed: 0,
    });
    expect(run.cursor.page).toBe(0);
  });

  it('connection rejects an unknown time zone', async () => {
    const hubspotConnection = new models.Connection({
      accountId: 'a',
      portalId: 1,
      portalTimeZone: 'Mars/Olympus',
    });
    expect(await validationMessage(hubspotConnection)).toContain(
      'Expected an IANA time zone such as Europe/Berlin, received "Mars/Olympus"',
    );
  });

  it('connection starts with unknown health and no features', async () => {
    const hubspotConnection = new models.Connection({
      accountId: 'a',
      portalId: 1,
      portalTimeZone: 'Europe/Berlin',
    });
    expect(await validationMessage(hubspotConnection)).toBeUndefined();
    expect(hubspotConnection.health.state).toBe('unknown');
    expect(hubspotConnection.features).toMatchObject({
      contactImport: false,
      marketingEvents: false,
      customObjects: false,
    });
  });

  it('strict schema rejects an unknown field', () => {
    expect(() => new models.SyncStats({ accountId: 'a', eventId: 'e', aplied: 1 })).toThrow(/aplied/);
  });

  it('parked message rejects a non-decimal offset', async () => {
    const parked = new models.ParkedMessage({
      accountId: 'a',
      source: { topic: 't', partition: 0, offset: '-1' },
      value: '{}',
      reason: 'token-invalid',
      error: { code: 'HUBSPOT_TOKEN_INVALID', message: 'rotated' },
      parkedAt: new Date(),
    });
    expect(await validationMessage(parked)).toContain('source.offset');
  });
});
