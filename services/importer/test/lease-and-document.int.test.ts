import { createLogger } from '@oniva-hubspot/observability';
import {
  acquireImportLease,
  connectStore,
  createModels,
  ensureIndexes,
  requestImportCancel,
  StoreError,
  type StoreModels,
} from '@oniva-hubspot/store';
import { uniqueDatabaseUri, uniqueName } from '@oniva-hubspot/testing';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { emptyProgress } from '../src/run/counts.js';
import { LeaseKeeper } from '../src/run/lease-keeper.js';
import { RunDocument } from '../src/run/run-document.js';
import { waitFor } from './support/wait.js';

const logger = createLogger({ service: 'importer-test', level: 'silent' });
const checkpoint = { cursor: { page: 1, after: '50' }, ...emptyProgress() };

let mongo: Connection;
let models: StoreModels;

beforeAll(async () => {
  mongo = await connectStore({ uri: uniqueDatabaseUri('importer_lease'), logger });
  await ensureIndexes(mongo);
  models = createModels(mongo);
});

afterAll(async () => {
  await mongo?.dropDatabase().catch(() => undefined);
  await mongo?.close();
});

async function keeperFor(importId: string, ttlMs: number): Promise<LeaseKeeper> {
  const result = await acquireImportLease(models.ImportRunLease, { importId, owner: 'first', ttlMs });
  if (!result.acquired) throw new Error(`lease of ${importId} not acquired: ${result.reason}`);
  return new LeaseKeeper(models.ImportRunLease, result.lease, { ttlMs, logger });
}

describe('LeaseKeeper', () => {
  it('keeps the lease while it renews', async () => {
    const importId = uniqueName('imp');
    const keeper = await keeperFor(importId, 1_500);
    keeper.start();

    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const other = await acquireImportLease(models.ImportRunLease, {
      importId,
      owner: 'second',
      ttlMs: 1_500,
    });
    keeper.stop();

    expect(other.acquired).toBe(false);
    expect(keeper.ended).toBeUndefined();
  });

  it('saves the checkpoint with a renewal', async () => {
    const importId = uniqueName('imp');
    const keeper = await keeperFor(importId, 10_000);

    await keeper.checkpoint(checkpoint);
    await keeper.release();

    const taken = await acquireImportLease(models.ImportRunLease, {
      importId,
      owner: 'second',
      ttlMs: 10_000,
    });
    expect(taken.acquired).toBe(true);
    const resumedFrom = taken.acquired ? taken.checkpoint?.cursor : undefined;
    expect(resumedFrom).toEqual({ page: 1, after: '50' });
  });

  it('aborts its signal when another process took the lease over', async () => {
    const importId = uniqueName('imp');
    const keeper = await keeperFor(importId, 1_000);
    const later = new Date(Date.now() + 5_000);
    const taken = await acquireImportLease(models.ImportRunLease, {
      importId,
      owner: 'second',
      ttlMs: 1_000,
      now: later,
    });

    const checkpointed = keeper.checkpoint(checkpoint);

    expect(taken.acquired).toBe(true);
    await expect(checkpointed).rejects.toMatchObject({ code: 'STORE_ERR_LEASE_LOST' });
    expect(keeper.ended).toBe('lost');
    expect(keeper.signal.aborted).toBe(true);
  });

  it('ends as cancelled when a cancel is requested', async () => {
    const importId = uniqueName('imp');
    const keeper = await keeperFor(importId, 600);
    keeper.start();

    await requestImportCancel(models.ImportRunLease, importId);
    await waitFor(() => keeper.ended !== undefined, 'the keeper to notice the cancel request', 5_000);

    expect(keeper.ended).toBe('cancelled');
    expect(keeper.signal.aborted).toBe(true);
    expect(keeper.signal.reason).toBeInstanceOf(StoreError);
  });
});

describe('RunDocument', () => {
  async function createRun(state: 'queued' | 'failed'): Promise<string> {
    const importId = uniqueName('imp');
    await models.ImportRun.create({
      importId,
      accountId: 'acc-1',
      state,
      request: { target: 'accounts', listId: '1', mode: 'create', fieldMapping: [], accountType: 'sso' },
    });
    return importId;
  }

  const lease = { owner: 'first', epoch: 1, expiresAt: new Date() };

  it('marks a queued run running once', async () => {
    const importId = await createRun('queued');
    const document = new RunDocument(models.ImportRun, importId);

    expect(await document.markRunning(lease, new Date('2026-01-01T00:00:00Z'))).toBe(true);
    expect(await document.markRunning(lease, new Date('2026-01-02T00:00:00Z'))).toBe(true);

    const run = await models.ImportRun.findOne({ importId }).lean();
    expect(run?.state).toBe('running');
    expect(run?.startedAt).toEqual(new Date('2026-01-01T00:00:00Z'));
  });

  it('leaves a run alone that already ended', async () => {
    const importId = await createRun('failed');
    const document = new RunDocument(models.ImportRun, importId);

    const marked = await document.markRunning(lease);
    await document.finish({ state: 'completed', progress: emptyProgress() });

    expect(marked).toBe(false);
    expect((await models.ImportRun.findOne({ importId }).lean())?.state).toBe('failed');
  });
});
