import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { isDuplicateKeyError, portalObjectKey } from '../src/index.js';
import { openTestStore, type TestStore } from './store-fixture.js';

let store: TestStore;

beforeAll(async () => {
  store = await openTestStore('store-indexes');
});

afterAll(async () => {
  await store?.dispose();
});

const source = { topic: 'oniva.bookings.v1', partition: 3, offset: '42' };
const storedError = { code: 'HUBSPOT_TOKEN_INVALID', message: 'token was rotated' };

/** One document per model whose second insert must violate a unique index. */
const duplicates: { model: keyof TestStore['models']; document: () => Record<string, unknown> }[] = [
  { model: 'Connection', document: () => ({ accountId: 'acc-1', portalId: 101 }) },
  {
    model: 'Activation',
    document: () => ({
      accountId: 'acc-1',
      workspaceId: 'ws-1',
      eventId: null,
      level: 'workspace',
      activatedAt: new Date(),
    }),
  },
  {
    model: 'MarketingEventMapping',
    document: () => ({
      accountId: 'acc-1',
      eventId: 'evt-1',
      portalId: 101,
      appId: 7,
      externalAccountId: 'acc-1',
      externalEventId: 'evt-1',
    }),
  },
  {
    model: 'CustomObjectSchema',
    document: () => ({
      portalId: 101,
      objectTypeId: '2-1',
      fullyQualifiedName: 'p101_oniva_event_link',
      name: 'oniva_event_link',
      uniqueProperty: 'link_id',
      associationTypeIds: { toContact: 1, fromContact: 2 },
    }),
  },
  {
    model: 'SyncLedgerEntry',
    document: () => ({
      key: 'participant:acc-1:evt-1:ada@example.com',
      kind: 'participant',
      accountId: 'acc-1',
      eventId: 'evt-1',
      subject: 'ada@example.com',
      version: 1,
      occurredAt: new Date(),
      appliedAt: new Date(),
    }),
  },
  {
    model: 'ImportRun',
    document: () => ({
      importId: 'imp-1',
      accountId: 'acc-1',
      request: { target: 'accounts', listId: '9', mode: 'create', accountType: 'sso' },
    }),
  },
  {
    model: 'ImportRunLease',
    document: () => ({ importId: 'imp-1', epoch: 1, expiresAt: new Date(), kind: 'acquire' }),
  },
  {
    model: 'ImportedContact',
    document: () => ({
      targetKey: 'accounts:acc-1:sso:101',
      hubspotContactId: '501',
      contentHash: 'a'.repeat(64),
      importId: 'imp-1',
      emittedAt: new Date(),
    }),
  },
  {
    model: 'ParkedMessage',
    document: () => ({
      accountId: 'acc-1',
      source,
      value: '{}',
      reason: 'token-invalid',
      error: storedError,
      parkedAt: new Date(),
    }),
  },
  {
    model: 'DeadLetter',
    document: () => ({
      source,
      reason: 'schema-violation',
      error: storedError,
      value: '{',
      deadLetteredAt: new Date(),
    }),
  },
  { model: 'SyncStats', document: () => ({ accountId: 'acc-1', eventId: 'evt-1' }) },
  {
    model: 'ApiKey',
    document: () => ({ keyId: '0123456789abcdef', accountId: 'acc-1', hash: 'b'.repeat(64), label: 'ci' }),
  },
];

describe('ensureIndexes', () => {
  it.each(duplicates)('$model rejects a duplicate right after ensureIndexes', async ({ model, document }) => {
    const Model = store.models[model] as unknown as { create(doc: unknown): Promise<unknown> };
    await Model.create(document());

    const error = await Model.create(document()).then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    expect(isDuplicateKeyError(error)).toBe(true);
  });

  it('workspace activations with null eventId stay unique per workspace', async () => {
    const activation = {
      accountId: 'acc-2',
      workspaceId: 'ws-9',
      level: 'workspace',
      activatedAt: new Date(),
    };
    await store.models.Activation.create(activation);
    await store.models.Activation.create({ ...activation, eventId: 'evt-9', level: 'event' });

    const error = await store.models.Activation.create(activation).catch((rejection: unknown) => rejection);
    expect(isDuplicateKeyError(error)).toBe(true);
  });

  it('marketing event mappings without objectId do not collide', async () => {
    const mapping = { accountId: 'acc-3', portalId: 303, appId: 7, externalAccountId: 'acc-3' };
    await store.models.MarketingEventMapping.create({
      ...mapping,
      eventId: 'evt-a',
      externalEventId: 'evt-a',
    });
    await store.models.MarketingEventMapping.create({
      ...mapping,
      eventId: 'evt-b',
      externalEventId: 'evt-b',
    });
    expect(await store.models.MarketingEventMapping.countDocuments({ accountId: 'acc-3' })).toBe(2);
  });

  it('marketing event mappings reject a second mapping of one object', async () => {
    const mapping = {
      accountId: 'acc-4',
      portalId: 404,
      appId: 7,
      externalAccountId: 'acc-4',
      objectId: '9001',
    };
    const key = portalObjectKey(404, '9001');
    await store.models.MarketingEventMapping.create({
      ...mapping,
      eventId: 'evt-a',
      externalEventId: 'evt-a',
      portalObjectKey: key,
    });

    const error = await store.models.MarketingEventMapping.create({
      ...mapping,
      eventId: 'evt-b',
      externalEventId: 'evt-b',
      portalObjectKey: key,
    }).catch((rejection: unknown) => rejection);
    expect(isDuplicateKeyError(error)).toBe(true);
  });

  it('ensureIndexes runs again without error', async () => {
    const { ensureIndexes } = await import('../src/index.js');
    await expect(ensureIndexes(store.connection)).resolves.toBeUndefined();
  });
});
