import { connectStore, createModels, ensureIndexes } from '@oniva-hubspot/store';
import { uniqueDatabaseUri } from '@oniva-hubspot/testing';
import { silentLogger } from '@oniva-hubspot/kafka';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MongoLinkLedger } from '../src/adapters/mongo-ledger.js';
import { linkLedgerKey, type WrittenLink } from '../src/ports.js';

let mongo: Connection;
let ledger: MongoLinkLedger;
let sequence = 0;

function written(overrides: Partial<WrittenLink> = {}): WrittenLink {
  sequence += 1;
  const linkId = overrides.linkId ?? `lnk-${sequence}`;
  return {
    key: linkLedgerKey({ accountId: 'acc-1', eventId: 'evt-1', linkId }),
    accountId: 'acc-1',
    eventId: 'evt-1',
    linkId,
    version: 1,
    occurredAt: new Date('2025-06-01T10:00:00Z'),
    objectId: '30000001',
    contactId: '1001',
    state: 'generated',
    ...overrides,
  };
}

beforeAll(async () => {
  mongo = await connectStore({ uri: uniqueDatabaseUri('link_ledger'), logger: silentLogger });
  await ensureIndexes(mongo);
  ledger = new MongoLinkLedger(createModels(mongo));
});

afterAll(async () => {
  await mongo.dropDatabase();
  await mongo.close();
});

describe('MongoLinkLedger', () => {
  it('stores a written link with its association pending until it is associated', async () => {
    const link = written();

    await ledger.recordWritten([link]);
    const pending = await ledger.read([link.key]);
    await ledger.recordAssociated([{ key: link.key, version: 1 }]);
    const associated = await ledger.read([link.key]);

    expect(pending.get(link.key)).toEqual({
      version: 1,
      objectId: '30000001',
      contactId: '1001',
      associationPending: true,
    });
    expect(associated.get(link.key)?.associationPending).toBe(false);
  });

  it('keeps a newer version when an older one is written later', async () => {
    const newer = written({ version: 3, objectId: '30000003' });
    const older = { ...newer, version: 2, objectId: '30000002' };

    await ledger.recordWritten([newer]);
    await ledger.recordWritten([older]);

    expect((await ledger.read([newer.key])).get(newer.key)).toMatchObject({
      version: 3,
      objectId: '30000003',
    });
  });

  it('keeps newer pending mark on older association', async () => {
    const link = written({ version: 2 });
    await ledger.recordWritten([link]);

    await ledger.recordAssociated([{ key: link.key, version: 1 }]);

    expect((await ledger.read([link.key])).get(link.key)?.associationPending).toBe(true);
  });

  it('writes the same version again to replace a pending entry', async () => {
    const link = written();
    await ledger.recordWritten([link]);

    await ledger.recordWritten([{ ...link, objectId: '30000009' }]);

    expect((await ledger.read([link.key])).get(link.key)).toMatchObject({
      objectId: '30000009',
      associationPending: true,
    });
  });

  it('returns nothing for unknown links', async () => {
    expect((await ledger.read(['link:acc-1:evt-1:unknown'])).size).toBe(0);
  });
});
