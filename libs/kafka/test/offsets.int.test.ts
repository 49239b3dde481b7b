import { RETRY_HEADERS } from '@oniva-hubspot/contracts';
import { uniqueName } from '@oniva-hubspot/testing';
import { describe, expect, it } from 'vitest';

import { SinkRuntime, outcome } from '../src/index.js';
import type { BatchHandler, KafkaClient } from '../src/index.js';
import {
  committedOffsets,
  createTestTopic,
  produce,
  readTopic,
  sleep,
  testClient,
  testLogger,
  thing,
  thingSchema,
  waitFor,
} from './helpers.js';
import type { Thing } from './helpers.js';

function sinkRuntime(
  client: KafkaClient,
  topic: string,
  groupId: string,
  handler: BatchHandler<Thing>,
): SinkRuntime<Thing> {
  return new SinkRuntime<Thing>({
    client,
    groupId,
    sourceTopic: topic,
    schema: thingSchema,
    retryDelaysMs: [60_000],
    logger: testLogger,
    handler,
  });
}

// Before: with auto-commit off, resolving offsets and calling commitOffsetsIfNecessary committed
// nothing, so a restart replayed everything. Now the transaction commits the offsets, and the test
// reads them back through the admin API instead of trusting the call.
describe('kafka-manual-commit-noop', () => {
  it('restarted runtime skips committed records', async () => {
    const client = testClient();
    const topic = await createTestTopic(client, 'manual-commit');
    const groupId = uniqueName('manual-commit-group');
    await produce(
      client,
      topic,
      Array.from({ length: 5 }, (_, index) => thing(`thing-${index}`)),
    );

    const firstRun: string[] = [];
    const first = sinkRuntime(client, topic, groupId, async (records) => {
      firstRun.push(...records.map((record) => record.value.id));
      return records.map(() => outcome.applied());
    });
    await first.start();
    try {
      await waitFor(
        async () => (await committedOffsets(client, groupId, topic)).get(0) === '5',
        'offset 5 committed',
      );
    } finally {
      await first.stop();
    }

    const secondRun: string[] = [];
    const second = sinkRuntime(client, topic, groupId, async (records) => {
      secondRun.push(...records.map((record) => record.value.id));
      return records.map(() => outcome.applied());
    });
    await second.start();
    try {
      await produce(client, topic, [thing('thing-5')]);
      await waitFor(
        async () => (await committedOffsets(client, groupId, topic)).get(0) === '6',
        'offset 6 committed',
      );
    } finally {
      await second.stop();
    }

    expect(firstRun).toEqual(['thing-0', 'thing-1', 'thing-2', 'thing-3', 'thing-4']);
    expect(secondRun).toEqual(['thing-5']);
  });
});

// Before: resolving the offsets of finished records while an earlier record of the batch was still
// failing committed past it, and a crash then lost it. Now the offsets of a batch are committed in
// the same transaction that forwards its failed records, never before.
describe('kafka-parallel-batch-watermark', () => {
  it('offset commit waits for the slow failing record', async () => {
    const client = testClient();
    const topic = await createTestTopic(client, 'watermark');
    const groupId = uniqueName('watermark-group');
    await produce(
      client,
      topic,
      Array.from({ length: 5 }, (_, index) => thing(`thing-${index}`)),
    );

    const runtime = sinkRuntime(client, topic, groupId, async (records) =>
      Promise.all(
        records.map(async (record) => {
          if (record.value.id !== 'thing-0') return outcome.applied();
          await sleep(1_500);
          return outcome.retry(new Error('HubSpot answered 503 after 1.5 s'));
        }),
      ),
    );
    await runtime.start();
    try {
      await sleep(1_000);
      expect((await committedOffsets(client, groupId, topic)).get(0)).toBe('-1');
      await waitFor(
        async () => (await committedOffsets(client, groupId, topic)).get(0) === '5',
        'offset 5 committed',
      );
    } finally {
      await runtime.stop();
    }

    const retried = await readTopic(`${topic}.retry.1`, { count: 1 });
    expect(retried.map((record) => record.headers[RETRY_HEADERS.originalOffset])).toEqual(['0']);
  });
});
