import { uniqueName } from '@oniva-hubspot/testing';
import { describe, expect, it } from 'vitest';

import { SinkRuntime, createMongoFailedRecordStore, outcome } from '../src/index.js';
import type { SinkRecord } from '../src/index.js';
import {
  committedOffsets,
  createTestTopic,
  produce,
  testClient,
  testLogger,
  testStore,
  thing,
  thingSchema,
  waitFor,
} from './helpers.js';
import type { Thing } from './helpers.js';

describe('parking', () => {
  it('runtime parks records and replays them through the first tier', async () => {
    const client = testClient();
    const { models } = await testStore();
    const store = createMongoFailedRecordStore(models);
    const topic = await createTestTopic(client, 'parking');
    const groupId = uniqueName('parking-group');
    const handled: SinkRecord<Thing>[] = [];
    let connectionHealthy = false;
    const runtime = new SinkRuntime<Thing>({
      client,
      groupId,
      sourceTopic: topic,
      schema: thingSchema,
      failedRecordStore: store,
      retryDelaysMs: [200],
      logger: testLogger,
      handler: async (records) => {
        handled.push(...records);
        return records.map((record) =>
          record.value.accountId === 'account-2' && !connectionHealthy
            ? outcome.park('account-2', 'token-invalid', {
                code: 'HUBSPOT_ERR_UNAUTHORIZED',
                message: 'token rotated',
              })
            : outcome.applied(),
        );
      },
    });

    await produce(
      client,
      topic,
      [thing('thing-1'), thing('thing-2', 'account-2'), thing('thing-3', 'account-2')],
      {
        headers: { 'trace.id': 'trace-1', $origin: 'oniva' },
      },
    );
    await runtime.start();
    try {
      await waitFor(
        async () => (await committedOffsets(client, groupId, topic)).get(0) === '3',
        'source offset 3 committed',
      );

      const parked = await models.ParkedMessage.find({ accountId: 'account-2' })
        .sort({ 'source.offset': 1 })
        .lean();
      expect(parked.map((document) => document.source)).toEqual([
        { topic, partition: 0, offset: '1' },
        { topic, partition: 0, offset: '2' },
      ]);
      expect(parked[0]!.reason).toBe('token-invalid');
      expect(parked[0]!.error).toEqual({ code: 'HUBSPOT_ERR_UNAUTHORIZED', message: 'token rotated' });
      expect(JSON.parse(parked[0]!.value)).toEqual(thing('thing-2', 'account-2'));

      // Parking the same source position again, as after a crash before the commit, adds nothing.
      await store.park(await store.listParked({ accountId: 'account-2', topic, limit: 10 }));
      expect(await models.ParkedMessage.countDocuments({ accountId: 'account-2' })).toBe(2);

      connectionHealthy = true;
      expect(await runtime.replayParked({ accountId: 'account-2' })).toEqual({ replayed: 2 });
      await waitFor(
        async () => (await committedOffsets(client, groupId, `${topic}.retry.1`)).get(0) === '2',
        'retry offset 2 committed',
      );
      expect(await runtime.replayParked({ accountId: 'account-2' })).toEqual({ replayed: 0 });
    } finally {
      await runtime.stop();
    }

    const replayed = handled.filter((record) => record.tier === 1);
    expect(replayed.map((record) => record.value.id)).toEqual(['thing-2', 'thing-3']);
    expect(replayed.map((record) => record.attempt)).toEqual([2, 2]);
    expect(replayed[0]!.source).toEqual({ topic, partition: 0, offset: '1' });
    expect(replayed[0]!.record.headers['trace.id']).toBe('trace-1');
    expect(replayed[0]!.record.headers.$origin).toBe('oniva');
    expect(await models.ParkedMessage.countDocuments({})).toBe(0);
  });
});
