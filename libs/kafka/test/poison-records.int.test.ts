import { uniqueName } from '@oniva-hubspot/testing';
import { describe, expect, it } from 'vitest';

import { SinkRuntime, createMongoFailedRecordStore, outcome } from '../src/index.js';
import type { SinkRecord } from '../src/index.js';
import {
  committedOffsets,
  createTestTopic,
  observeClient,
  produce,
  readTopic,
  recordingMetrics,
  testClient,
  testLogger,
  testStore,
  thing,
  thingSchema,
  waitFor,
} from './helpers.js';
import type { Thing } from './helpers.js';

// Before: a record that failed deserialisation made kafkajs restart the consumer, which read the
// same record again, forever. Now bad input goes to the dead-letter topic and the partition moves on.
describe('kafka-poison-message-restart-loop', () => {
  it('runtime dead-letters poison records while valid ones flow', async () => {
    const observed = observeClient(testClient());
    const client = observed.client;
    const { models } = await testStore();
    const topic = await createTestTopic(client, 'poison');
    const groupId = uniqueName('poison-group');
    const metrics = recordingMetrics();
    const handled: SinkRecord<Thing>[] = [];
    const fatalErrors: unknown[] = [];
    const runtime = new SinkRuntime<Thing>({
      client,
      groupId,
      sourceTopic: topic,
      schema: thingSchema,
      failedRecordStore: createMongoFailedRecordStore(models),
      retryDelaysMs: [200],
      maxRecordBytes: 2_048,
      metrics,
      logger: testLogger,
      onFatalError: (error) => fatalErrors.push(error),
      handler: async (records) => {
        handled.push(...records);
        return records.map(() => outcome.applied());
      },
    });

    const valid = Array.from({ length: 10 }, (_, index) => thing(`thing-${index}`));
    await produce(client, topic, [
      '{"id": "thing-x",',
      { schemaVersion: 1, type: 'thing.created', id: 'no-account', eventId: 'event-1' },
      { ...thing('too-big'), padding: 'x'.repeat(4_096) },
      { ...thing('unknown'), type: 'thing.exploded' },
      ...valid,
    ]);

    await runtime.start();
    try {
      await waitFor(
        async () => (await committedOffsets(client, groupId, topic)).get(0) === '14',
        'offset 14 committed',
      );
    } finally {
      await runtime.stop();
    }

    expect(handled.map((record) => record.value.id)).toEqual(valid.map((value) => value.id));
    expect(handled.every((record) => record.attempt === 1 && record.tier === 0)).toBe(true);

    const deadLetters = (await readTopic(`${topic}.dlq`, { count: 4 })).map((record) =>
      JSON.parse(record.value!),
    );
    expect(deadLetters.map((record) => [record.source.offset, record.reason])).toEqual([
      ['0', 'malformed-json'],
      ['1', 'schema-violation'],
      ['2', 'oversize'],
      ['3', 'unknown-type'],
    ]);
    expect(deadLetters[1].error.message).toContain('accountId');
    expect(deadLetters[0].value).toBe('{"id": "thing-x",');
    expect(deadLetters.every((record) => record.attempts === 1)).toBe(true);

    const mirrored = await models.DeadLetter.find({ 'source.topic': topic })
      .sort({ 'source.offset': 1 })
      .lean();
    expect(mirrored.map((entry) => entry.reason)).toEqual([
      'malformed-json',
      'schema-violation',
      'oversize',
      'unknown-type',
    ]);
    expect(mirrored[2]!.accountId).toBe('account-1');
    // The mirror keeps what a replay needs to rebuild the original record.
    expect(mirrored[0]!.value).toBe('{"id": "thing-x",');
    expect(mirrored[0]!.valueEncoding).toBe('utf8');
    expect(mirrored.every((entry) => entry.attempts === 1)).toBe(true);

    expect(metrics.counts.get('applied')).toBe(10);
    expect(metrics.counts.get('dead-lettered:malformed-json')).toBe(1);
    expect(metrics.counts.get('dead-lettered:schema-violation')).toBe(1);
    expect(metrics.counts.get('dead-lettered:oversize')).toBe(1);
    expect(metrics.counts.get('dead-lettered:unknown-type')).toBe(1);
    expect(fatalErrors).toEqual([]);
    // A restarted consumer would have joined the group again.
    expect(observed.seen.joins).toHaveLength(1);
  });
});
