import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { compareImportedContacts, contentHash, recordImportedContacts } from '../src/index.js';
import { openTestStore, type TestStore } from './store-fixture.js';

let store: TestStore;

beforeAll(async () => {
  store = await openTestStore('store-imported');
});

afterAll(async () => {
  await store?.dispose();
});

const ada = {
  hubspotContactId: '101',
  contentHash: contentHash({ email: 'ada@example.com', firstName: 'Ada' }),
};
const bob = { hubspotContactId: '102', contentHash: contentHash({ email: 'bob@example.com' }) };

describe('imported contacts', () => {
  it('first import sees every contact as new', async () => {
    const statuses = await compareImportedContacts(store.models.ImportedContact, 'event-contacts:a:e1:7', [
      ada,
      bob,
    ]);
    expect(Object.fromEntries(statuses)).toEqual({ '101': 'new', '102': 'new' });
  });

  it('repeated import sees unchanged and changed contacts', async () => {
    const targetKey = 'event-contacts:a:e2:7';
    await recordImportedContacts(store.models.ImportedContact, {
      targetKey,
      importId: 'imp-1',
      contacts: [ada, bob],
    });

    const changedBob = { ...bob, contentHash: contentHash({ email: 'bob@example.com', firstName: 'Bob' }) };
    const carol = { hubspotContactId: '103', contentHash: contentHash({ email: 'carol@example.com' }) };
    const statuses = await compareImportedContacts(store.models.ImportedContact, targetKey, [
      ada,
      changedBob,
      carol,
    ]);
    expect(Object.fromEntries(statuses)).toEqual({ '101': 'unchanged', '102': 'changed', '103': 'new' });
  });

  it('targets do not share contacts', async () => {
    await recordImportedContacts(store.models.ImportedContact, {
      targetKey: 'accounts:a:sso:7',
      importId: 'imp-2',
      contacts: [ada],
    });
    const statuses = await compareImportedContacts(store.models.ImportedContact, 'accounts:a:staff:7', [ada]);
    expect(statuses.get('101')).toBe('new');
  });

  it('concurrent records of one target leave one document per contact', async () => {
    const targetKey = 'event-contacts:a:e3:7';
    const contacts = Array.from({ length: 20 }, (_, index) => ({
      hubspotContactId: String(1_000 + index),
      contentHash: contentHash({ email: `c${index}@example.com` }),
    }));
    await Promise.all(
      ['imp-a', 'imp-b', 'imp-c'].map((importId) =>
        recordImportedContacts(store.models.ImportedContact, { targetKey, importId, contacts }),
      ),
    );
    expect(await store.models.ImportedContact.countDocuments({ targetKey })).toBe(20);
  });
});
