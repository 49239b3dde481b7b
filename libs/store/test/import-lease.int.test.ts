import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  acquireImportLease,
  readImportLease,
  releaseImportLease,
  renewImportLease,
  requestImportCancel,
  StoreError,
  type ImportCheckpoint,
  type ImportLease,
} from '../src/index.js';
import { openTestStore, type TestStore } from './store-fixture.js';

let store: TestStore;

beforeAll(async () => {
  store = await openTestStore('store-lease');
});

afterAll(async () => {
  await store?.dispose();
});

const TTL_MS = 60_000;

const checkpoint: ImportCheckpoint = {
  cursor: { after: 'cursor-3', page: 3 },
  counts: { read: 300, created: 280, updated: 0, unchanged: 10, skipped: 10, failed: 0 },
  skippedByReason: { 'invalid-email': 10 },
};

async function acquireOrFail(importId: string, owner: string, now?: Date): Promise<ImportLease> {
  const result = await acquireImportLease(store.models.ImportRunLease, {
    importId,
    owner,
    ttlMs: TTL_MS,
    now,
  });
  if (!result.acquired)
    throw new Error(`expected ${owner} to acquire ${importId}, but it was ${result.reason}`);
  return result.lease;
}

async function storeErrorCode(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  return error instanceof StoreError ? error.code : undefined;
}

describe('import run leases', () => {
  it('two concurrent takers, exactly one wins', async () => {
    for (let round = 0; round < 5; round += 1) {
      const importId = `imp-race-${round}`;
      const results = await Promise.all(
        ['worker-a', 'worker-b'].map((owner) =>
          acquireImportLease(store.models.ImportRunLease, { importId, owner, ttlMs: TTL_MS }),
        ),
      );

      const winners = results.filter((result) => result.acquired);
      expect(winners).toHaveLength(1);
      const loser = results.find((result) => !result.acquired);
      expect(loser).toMatchObject({ acquired: false, reason: 'held' });
    }
  });

  it('ten concurrent takers of an expired lease, exactly one wins', async () => {
    const importId = 'imp-expired-race';
    await acquireOrFail(importId, 'crashed-worker', new Date(Date.now() - 2 * TTL_MS));

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        acquireImportLease(store.models.ImportRunLease, {
          importId,
          owner: `worker-${index}`,
          ttlMs: TTL_MS,
        }),
      ),
    );
    expect(results.filter((result) => result.acquired)).toHaveLength(1);
    const current = await readImportLease(store.models.ImportRunLease, importId);
    expect(current?.epoch).toBe(2);
    expect(current?.owner).not.toBe('crashed-worker');
  });

  it('live lease is not taken over', async () => {
    await acquireOrFail('imp-live', 'worker-a');
    const result = await acquireImportLease(store.models.ImportRunLease, {
      importId: 'imp-live',
      owner: 'worker-b',
      ttlMs: TTL_MS,
    });
    expect(result).toMatchObject({ acquired: false, reason: 'held', current: { owner: 'worker-a' } });
  });

  it('takeover resumes from the last checkpoint', async () => {
    const importId = 'imp-resume';
    const first = await acquireOrFail(importId, 'worker-a', new Date(Date.now() - 2 * TTL_MS));
    await renewImportLease(store.models.ImportRunLease, first, {
      ttlMs: TTL_MS,
      checkpoint,
      now: new Date(Date.now() - 2 * TTL_MS),
    });

    const result = await acquireImportLease(store.models.ImportRunLease, {
      importId,
      owner: 'worker-b',
      ttlMs: TTL_MS,
    });
    expect(result).toMatchObject({ acquired: true, checkpoint });
  });

  it('renewal after takeover fails with lease lost', async () => {
    const importId = 'imp-stale-holder';
    const stale = await acquireOrFail(importId, 'worker-a', new Date(Date.now() - 2 * TTL_MS));
    await acquireOrFail(importId, 'worker-b');

    expect(
      await storeErrorCode(renewImportLease(store.models.ImportRunLease, stale, { ttlMs: TTL_MS })),
    ).toBe('STORE_ERR_LEASE_LOST');
  });

  it('renewal advances the epoch and keeps the holder', async () => {
    const lease = await acquireOrFail('imp-renew', 'worker-a');
    const renewed = await renewImportLease(store.models.ImportRunLease, lease, { ttlMs: TTL_MS, checkpoint });
    expect(renewed.epoch).toBe(lease.epoch + 1);
    expect(renewed.owner).toBe('worker-a');
    const current = await readImportLease(store.models.ImportRunLease, 'imp-renew');
    expect(current?.checkpoint).toEqual(checkpoint);
  });

  it('concurrent renewal and takeover, exactly one wins', async () => {
    for (let round = 0; round < 5; round += 1) {
      const importId = `imp-renew-race-${round}`;
      const lease = await acquireOrFail(importId, 'worker-a', new Date(Date.now() - 2 * TTL_MS));

      const [renewal, takeover] = await Promise.allSettled([
        renewImportLease(store.models.ImportRunLease, lease, { ttlMs: TTL_MS }),
        acquireImportLease(store.models.ImportRunLease, { importId, owner: 'worker-b', ttlMs: TTL_MS }),
      ]);
      const renewed = renewal.status === 'fulfilled';
      const tookOver = takeover.status === 'fulfilled' && takeover.value.acquired;
      expect(renewed !== tookOver).toBe(true);
    }
  });

  it('release lets another process acquire at once', async () => {
    const lease = await acquireOrFail('imp-release', 'worker-a');
    expect(await releaseImportLease(store.models.ImportRunLease, lease, { checkpoint })).toBe(true);

    const result = await acquireImportLease(store.models.ImportRunLease, {
      importId: 'imp-release',
      owner: 'worker-b',
      ttlMs: TTL_MS,
    });
    expect(result).toMatchObject({ acquired: true, checkpoint });
  });

  it('cancel request stops the holder and later takers', async () => {
    const importId = 'imp-cancel';
    const lease = await acquireOrFail(importId, 'worker-a');
    await requestImportCancel(store.models.ImportRunLease, importId);

    expect(
      await storeErrorCode(renewImportLease(store.models.ImportRunLease, lease, { ttlMs: TTL_MS })),
    ).toBe('STORE_ERR_IMPORT_CANCELLED');
    const result = await acquireImportLease(store.models.ImportRunLease, {
      importId,
      owner: 'worker-b',
      ttlMs: TTL_MS,
    });
    expect(result).toMatchObject({ acquired: false, reason: 'cancelled' });
  });

  it('cancel request wins against a renewing holder', async () => {
    const importId = 'imp-cancel-race';
    let lease = await acquireOrFail(importId, 'worker-a');
    // Renews until the cancel request stops it; the bound only ends the loop if cancelling never works.
    const renewals = (async () => {
      for (let renewal = 0; renewal < 500; renewal += 1) {
        lease = await renewImportLease(store.models.ImportRunLease, lease, { ttlMs: TTL_MS });
      }
    })();
    await requestImportCancel(store.models.ImportRunLease, importId);

    expect(await storeErrorCode(renewals)).toBe('STORE_ERR_IMPORT_CANCELLED');
    expect((await readImportLease(store.models.ImportRunLease, importId))?.cancelRequested).toBe(true);
  });
});
