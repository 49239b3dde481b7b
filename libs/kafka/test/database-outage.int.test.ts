import { createServer } from 'node:net';

import { StoreError, createModels } from '@oniva-hubspot/store';
import { uniqueName } from '@oniva-hubspot/testing';
import mongoose from 'mongoose';
import { describe, expect, it, onTestFinished } from 'vitest';

import { SinkRuntime, createMongoFailedRecordStore, isKafkaError, outcome } from '../src/index.js';
import type { FailedRecordStore, KafkaError, SinkRecord } from '../src/index.js';
import {
  committedOffsets,
  createTestTopic,
  produce,
  readTopic,
  testClient,
  testLogger,
  testStore,
  thing,
  thingSchema,
  waitFor,
} from './helpers.js';
import type { Thing } from './helpers.js';

function databaseDown(): StoreError {
  return new StoreError('STORE_ERR_DATABASE_UNAVAILABLE', 'Could not reach MongoDB at 127.0.0.1');
}

// Before: with the database gone, mongoose buffered every query until it timed out, the consumer
// kept taking records, and ledger writes failed after the HubSpot call. Now an unavailable
// database pauses the partition, commits nothing, and consumption resumes by itself.
describe('mongo-disconnect-buffering', () => {
  it('runtime pauses during a database outage and resumes without loss', async () => {
    const client = testClient();
    const topic = await createTestTopic(client, 'db-outage', 3);
    const groupId = uniqueName('db-outage-group');
    let databaseAvailable = false;
    const failedCalls: number[] = [];
    const applied: string[] = [];
    const fatalErrors: unknown[] = [];
    const runtime = new SinkRuntime<Thing>({
      client,
      groupId,
      sourceTopic: topic,
      schema: thingSchema,
      retryDelaysMs: [200],
      backoffInitialMs: 200,
      backoffMaxMs: 800,
      logger: testLogger,
      onFatalError: (error) => fatalErrors.push(error),
      handler: async (records: readonly SinkRecord<Thing>[]) => {
        if (!databaseAvailable) {
          failedCalls.push(Date.now());
          throw databaseDown();
        }
        applied.push(...records.map((record) => record.value.id));
        return records.map(() => outcome.applied());
      },
    });

    await produce(client, topic, [thing('thing-p0')], { partition: 0 });
    await runtime.start();
    try {
      await waitFor(() => failedCalls.length > 0, 'the first failed handler call');
      // Partitions that never had a committed offset must be consumed after the pause as well.
      await produce(client, topic, [thing('thing-p1')], { partition: 1 });
      await produce(client, topic, [thing('thing-p2')], { partition: 2 });
      await waitFor(() => failedCalls.length >= 6, 'failed calls on all partitions');

      const duringOutage = await committedOffsets(client, groupId, topic);
      expect([...duringOutage.values()]).toEqual(['-1', '-1', '-1']);

      databaseAvailable = true;
      await waitFor(
        async () =>
          [...(await committedOffsets(client, groupId, topic)).values()].every((offset) => offset === '1'),
        'all partitions committed',
      );
    } finally {
      await runtime.stop();
    }

    // NOTE: after a backoff, kafkajs can deliver a record that was already handled once more before
    // the commit lands (seen once in a CI run: thing-p1 twice). The delivery contract is at least
    // once, and the sinks' ledger drops the second copy, so this test checks that nothing is lost.
    expect([...new Set(applied)].sort()).toEqual(['thing-p0', 'thing-p1', 'thing-p2']);
    // Backoff doubles from 200 ms: the partitions were not polled in a busy loop.
    const outageMs = failedCalls.at(-1)! - failedCalls[0]!;
    expect(failedCalls.length).toBeLessThanOrEqual(3 * (Math.ceil(outageMs / 200) + 1));
    expect(await readTopic(`${topic}.retry.1`, { count: 1, timeoutMs: 500, settleMs: 0 })).toEqual([]);
    expect(fatalErrors).toEqual([]);
  });

  it('runtime keeps parked records when the database goes away', async () => {
    const client = testClient();
    const { models } = await testStore();
    const realStore = createMongoFailedRecordStore(models);
    const unreachable = await unreachableConnection();
    const deadStore = createMongoFailedRecordStore(createModels(unreachable));
    let databaseAvailable = false;
    const parkAttempts: boolean[] = [];
    const store: FailedRecordStore = {
      ...realStore,
      park: async (records) => {
        parkAttempts.push(databaseAvailable);
        return databaseAvailable ? realStore.park(records) : deadStore.park(records);
      },
    };
    const topic = await createTestTopic(client, 'db-park');
    const groupId = uniqueName('db-park-group');
    const runtime = new SinkRuntime<Thing>({
      client,
      groupId,
      sourceTopic: topic,
      schema: thingSchema,
      failedRecordStore: store,
      retryDelaysMs: [200],
      backoffInitialMs: 200,
      backoffMaxMs: 400,
      logger: testLogger,
      handler: async (records) =>
        records.map(() => outcome.park('account-1', 'token-invalid', new Error('token rotated'))),
    });

    await produce(client, topic, [thing('thing-1'), thing('thing-2')]);
    await runtime.start();
    try {
      await waitFor(() => parkAttempts.length >= 2, 'two failed park attempts');
      expect((await committedOffsets(client, groupId, topic)).get(0)).toBe('-1');
      databaseAvailable = true;
      await waitFor(
        async () => (await committedOffsets(client, groupId, topic)).get(0) === '2',
        'source offset 2 committed',
      );
    } finally {
      await runtime.stop();
    }

    expect(parkAttempts.filter((available) => !available).length).toBeGreaterThanOrEqual(2);
    expect(await models.ParkedMessage.countDocuments({ 'source.topic': topic })).toBe(2);
  });

  it('runtime stops with a fatal error when the outage outlasts maxOutageMs', async () => {
    const client = testClient();
    const topic = await createTestTopic(client, 'db-fatal');
    const groupId = uniqueName('db-fatal-group');
    const fatalErrors: KafkaError[] = [];
    const runtime = new SinkRuntime<Thing>({
      client,
      groupId,
      sourceTopic: topic,
      schema: thingSchema,
      retryDelaysMs: [200],
      backoffInitialMs: 200,
      backoffMaxMs: 200,
      maxOutageMs: 1_000,
      logger: testLogger,
      onFatalError: (error) => fatalErrors.push(error),
      handler: async () => {
        throw databaseDown();
      },
    });

    await produce(client, topic, [thing('thing-1')]);
    await runtime.start();
    try {
      await waitFor(() => fatalErrors.length > 0, 'the fatal error', 15_000);
    } finally {
      await runtime.stop();
    }

    expect(fatalErrors).toHaveLength(1);
    expect(isKafkaError(fatalErrors[0], 'KAFKA_ERR_OUTAGE_TOO_LONG')).toBe(true);
    expect(runtime.fatalError).toBe(fatalErrors[0]);
    expect((await committedOffsets(client, groupId, topic)).get(0)).toBe('-1');
  });
});

/** Returns a mongoose connection to a loopback port where nothing listens. */
async function unreachableConnection(): Promise<mongoose.Connection> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));

  const connection = mongoose.createConnection(`mongodb://127.0.0.1:${port}/unreachable`, {
    bufferCommands: false,
    serverSelectionTimeoutMS: 300,
  });
  connection.on('error', () => {});
  onTestFinished(async () => {
    await connection.close(true).catch(() => undefined);
  });
  return connection;
}
