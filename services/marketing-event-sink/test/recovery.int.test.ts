import { silentLogger } from '@oniva-hubspot/kafka';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { MongoHealthStore } from '../src/adapters/mongo-health.js';
import { ConnectionRecovery } from '../src/health/recovery.js';
import { ACCOUNT_ID, Harness } from './helpers/harness.js';

describe('ConnectionRecovery', () => {
  let harness: Harness;
  let replayed: string[];
  let recovery: ConnectionRecovery;
  const now = new Date('2025-06-10T12:00:00Z');

  beforeAll(async () => {
    harness = await Harness.create({ partitions: 1 });
    await harness.seedConnection();
  });

  afterAll(async () => {
    await harness?.close();
  });

  beforeEach(async () => {
    replayed = [];
    recovery = new ConnectionRecovery({
      models: harness.models,
      health: new MongoHealthStore(harness.models, () => now),
      invalidate: () => {},
      replay: async (accountId) => {
        replayed.push(accountId);
        return 1;
      },
      logger: silentLogger,
      now: () => now,
    });
    await harness.models.ParkedMessage.deleteMany({});
    await harness.models.ParkedMessage.create({
      accountId: ACCOUNT_ID,
      source: { topic: harness.topics.bookings, partition: 0, offset: '7' },
      key: 'evt-1',
      value: '{}',
      reason: 'connection-unhealthy',
      error: { code: 'HUBSPOT_TOKEN_INVALID', message: 'token rotated' },
      parkedAt: now,
    });
  });

  const setHealth = (health: Record<string, unknown>) =>
    harness.models.Connection.updateOne({ accountId: ACCOUNT_ID }, { $set: { health } });
  const health = async () =>
    (await harness.models.Connection.findOne({ accountId: ACCOUNT_ID }).lean())?.health;

  it('resumes after the daily limit resets', async () => {
    // Reached at 15:00 in Berlin on 8 June; the counter reset at local midnight.
    await setHealth({
      state: 'unhealthy',
      code: 'HUBSPOT_DAILY_LIMIT_REACHED',
      message: 'daily limit',
      since: new Date('2025-06-08T13:00:00Z'),
    });
    await recovery.sweep();
    expect(replayed).toEqual([ACCOUNT_ID]);
    expect((await health())?.state).toBe('unknown');
  });

  it('waits while the daily limit has not reset', async () => {
    await setHealth({
      state: 'unhealthy',
      code: 'HUBSPOT_DAILY_LIMIT_REACHED',
      message: 'daily limit',
      since: new Date('2025-06-10T11:00:00Z'),
    });
    await recovery.sweep();
    expect(replayed).toEqual([]);
    expect((await health())?.state).toBe('unhealthy');
  });

  it('keeps a rejected token parked until it changes', async () => {
    const since = new Date('2025-06-10T11:00:00Z');
    await setHealth({ state: 'unhealthy', code: 'HUBSPOT_TOKEN_INVALID', message: 'token rotated', since });
    await recovery.sweep();
    expect(replayed).toEqual([]);

    await recovery.onConnectionChanged(ACCOUNT_ID, new Date('2025-06-10T10:00:00Z'));
    expect(replayed).toEqual([]);

    await recovery.onConnectionChanged(ACCOUNT_ID, new Date('2025-06-10T11:30:00Z'));
    expect(replayed).toEqual([ACCOUNT_ID]);
    expect((await health())?.state).toBe('unknown');
  });

  it('replays parked records of a healthy connection', async () => {
    await setHealth({ state: 'healthy', since: now });
    await recovery.sweep();
    expect(replayed).toEqual([ACCOUNT_ID]);
  });
});
