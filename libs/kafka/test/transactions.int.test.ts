import { uniqueName } from '@oniva-hubspot/testing';
import { describe, expect, it } from 'vitest';

import { isKafkaError } from '../src/index.js';
import { committedOffsets, createTestTopic, readTopic, testClient } from './helpers.js';

describe('kafkajs transactional producer', () => {
  it('commits produced records and consumed offsets together', async () => {
    const client = testClient();
    const output = await createTestTopic(client, 'tx-out');
    const input = await createTestTopic(client, 'tx-in');
    const groupId = uniqueName('tx-group');
    const producer = client.transactionalProducer({ transactionalId: uniqueName('tx') });
    await producer.connect();
    try {
      const transaction = await producer.begin();
      await transaction.send([
        { topic: output, key: 'k', value: 'one' },
        { topic: output, key: 'k', value: 'two' },
      ]);
      await transaction.sendOffsets(groupId, [{ topic: input, partition: 0, offset: '7' }]);
      await transaction.commit();
    } finally {
      await producer.disconnect();
    }

    const records = await readTopic(output, { count: 2 });
    expect(records.map((record) => record.value)).toEqual(['one', 'two']);
    expect((await committedOffsets(client, groupId, input)).get(0)).toBe('7');
  });

  it('leaves nothing visible and no offsets when aborted', async () => {
    const client = testClient();
    const output = await createTestTopic(client, 'tx-abort-out');
    const input = await createTestTopic(client, 'tx-abort-in');
    const groupId = uniqueName('tx-abort-group');
    const producer = client.transactionalProducer({ transactionalId: uniqueName('tx-abort') });
    await producer.connect();
    try {
      const aborted = await producer.begin();
      await aborted.send([{ topic: output, key: 'k', value: 'aborted' }]);
      await aborted.sendOffsets(groupId, [{ topic: input, partition: 0, offset: '3' }]);
      await aborted.abort();

      // A committed record after the aborted one proves the reader got past the aborted range.
      const committed = await producer.begin();
      await committed.send([{ topic: output, key: 'k', value: 'committed' }]);
      await committed.commit();
    } finally {
      await producer.disconnect();
    }

    const records = await readTopic(output, { count: 1, settleMs: 1_000 });
    expect(records.map((record) => record.value)).toEqual(['committed']);
    expect((await committedOffsets(client, groupId, input)).get(0)).toBe('-1');
  });

  it('serves the next transaction after a failed one', async () => {
    const client = testClient({ retries: 1 });
    const output = await createTestTopic(client, 'tx-recover');
    const producer = client.transactionalProducer({ transactionalId: uniqueName('tx-recover') });
    await producer.connect();
    try {
      const failing = await producer.begin();
      const error = await failing
        .send([{ topic: uniqueName('missing'), key: 'k', value: 'lost' }])
        .catch((caught: unknown) => caught);
      expect(isKafkaError(error, 'KAFKA_ERR_BROKER')).toBe(true);
      await failing.abort();

      const next = await producer.begin();
      await next.send([{ topic: output, key: 'k', value: 'after failure' }]);
      await next.commit();
    } finally {
      await producer.disconnect();
    }

    const records = await readTopic(output, { count: 1 });
    expect(records.map((record) => record.value)).toEqual(['after failure']);
  });
});

describe('kafkajs idempotent producer', () => {
  it('sends again after a failed send replaced it', async () => {
    const client = testClient({ retries: 1 });
    const output = await createTestTopic(client, 'producer-recover');
    const producer = client.producer();
    await producer.connect();
    try {
      const error = await producer
        .send([{ topic: uniqueName('missing'), key: 'k', value: 'lost' }])
        .catch((caught: unknown) => caught);
      expect(isKafkaError(error, 'KAFKA_ERR_BROKER')).toBe(true);
      await producer.send([{ topic: output, key: 'k', value: 'after failure' }]);
    } finally {
      await producer.disconnect();
    }

    const records = await readTopic(output, { count: 1 });
    expect(records.map((record) => record.value)).toEqual(['after failure']);
  });
});

describe('kafkajs admin', () => {
  it('ensureTopics creates only missing topics', async () => {
    const client = testClient();
    const existing = await createTestTopic(client, 'admin-existing', 2);
    const created = `${existing}.retry.1`;
    const admin = client.admin();
    await admin.connect();
    try {
      const first = await admin.ensureTopics([
        { topic: existing, partitions: 2 },
        { topic: created, partitions: 2 },
      ]);
      const second = await admin.ensureTopics([{ topic: created, partitions: 2 }]);
      const counts = await admin.partitionCounts([existing, created, uniqueName('absent')]);

      expect(first).toEqual([created]);
      expect(second).toEqual([]);
      expect(Object.fromEntries(counts)).toEqual({ [existing]: 2, [created]: 2 });
    } finally {
      await admin.disconnect();
    }
  });
});
