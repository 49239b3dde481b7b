import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTokenCipher, tokenFingerprint, tokenLast4 } from '../src/index.js';
import { openTestStore, type TestStore } from './store-fixture.js';

let store: TestStore;

beforeAll(async () => {
  store = await openTestStore('store-token');
});

afterAll(async () => {
  await store?.dispose();
});

const TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
const cipher = createTokenCipher({ keys: new Map([['2026-01', randomBytes(32)]]), activeKeyId: '2026-01' });

async function createConnection(accountId: string): Promise<void> {
  await store.models.Connection.create({
    accountId,
    portalId: 123456,
    token: cipher.encryptToken(TOKEN),
    tokenFingerprint: tokenFingerprint(TOKEN),
    tokenLast4: tokenLast4(TOKEN),
    scopes: ['crm.objects.contacts.write'],
    features: { marketingEvents: true },
    statusMapping: new Map([['attended', 'attend']]),
  });
}

describe('connection token storage', () => {
  it('token is never stored in plain text', async () => {
    await createConnection('acc-plain');

    const raw = await store.connection.db!.collection('connections').findOne({ accountId: 'acc-plain' });
    expect(raw).not.toBeNull();
    const stored = JSON.stringify(raw);
    expect(stored).not.toContain(TOKEN);
    expect(stored).not.toContain(Buffer.from(TOKEN).toString('base64'));
    expect(raw?.token).toEqual({
      ciphertext: expect.any(String),
      iv: expect.any(String),
      authTag: expect.any(String),
      keyId: '2026-01',
    });
    expect(raw?.tokenLast4).toBe('5555');
  });

  it('token is not selected by default', async () => {
    await createConnection('acc-select');

    const connection = await store.models.Connection.findOne({ accountId: 'acc-select' }).lean();
    expect(connection).not.toBeNull();
    expect(connection?.token).toBeUndefined();
    expect(connection?.features).toEqual({
      contactImport: false,
      marketingEvents: true,
      customObjects: false,
    });
  });

  it('selected token decrypts to the original', async () => {
    await createConnection('acc-decrypt');

    const connection = await store.models.Connection.findOne({ accountId: 'acc-decrypt' }).select('+token');
    expect(connection?.token).toBeDefined();
    expect(cipher.decryptToken(connection!.token!)).toBe(TOKEN);
    expect(connection?.statusMapping.get('attended')).toBe('attend');
  });

  it('status mapping rejects an unknown action', async () => {
    await expect(
      store.models.Connection.create({
        accountId: 'acc-mapping',
        portalId: 1,
        statusMapping: new Map([['attended', 'celebrate']]),
      }),
    ).rejects.toThrow(/celebrate/);
  });
});
