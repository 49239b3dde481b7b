import { uniqueName } from '@oniva-hubspot/testing';
import { describe, expect, it } from 'vitest';

import { SinkRuntime, outcome } from '../src/index.js';
import type { SinkRecord } from '../src/index.js';
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

// Before: a forward to the retry topic failed (the idempotent producer was wedged) but the source
// offset was committed anyway, so the record was lost. Now nothing is committed until the
// forward is acknowledged, and the batch is delivered again.
describe('kafka-idempotent-producer-wedged', () => {
  it('runtime keeps the source offset when a forward fails', async () => {
    const client = testClient({ retries: 1 });
    const topic = await createTestTopic(client, 'forward-fails', 1, { withRetryTopics: 1 });
    const groupId = uniqueName('forward-fails-group');
    const handled: SinkRecord<Thing>[] = [];
    const fatalErrors: unknown[] = [];
    const runtime = new SinkRuntime<Thing>({
      client,
      groupId,
      sourceTopic: topic,
      schema: thingSchema,
      retryDelaysMs: [200],
      createTopics: false,
      backoffInitialMs: 200,
      backoffMaxMs: 400,
      logger: testLogger,
      onFatalError: (error) => fatalErrors.push(error),
      handler: async (records) => {
        handled.push(...records);
        return records.map((record) =>
          record.value.id === 'thing-rejected'
            ? outcome.deadLetter('hubspot-rejected', {
                code: 'HUBSPOT_ERR_VALIDATION',
                message: 'INVALID_EMAIL',
              })
            : outcome.applied(),
        );
      },
    });

    await produce(client, topic, [thing('thing-rejected'), thing('thing-ok')]);
    await runtime.start();
    try {
      // The dead-letter topic does not exist, so every transaction fails and is aborted.
      await waitFor(() => handled.length >= 6, 'three deliveries of the batch');
      expect((await committedOffsets(client, groupId, topic)).get(0)).toBe('-1');

      const admin = client.admin();
      await admin.connect();
      await admin.ensureTopics([{ topic: `${topic}.dlq`, partitions: 1 }]);
      await admin.disconnect();

      await waitFor(
        async () => (await committedOffsets(client, groupId, topic)).get(0) === '2',
        'source offset 2 committed',
      );
      await sleep(300);
    } finally {
      await runtime.stop();
    }

    const deadLetters = await readTopic(`${topic}.dlq`, { count: 1, settleMs: 1_000 });
    expect(deadLetters).toHaveLength(1);
    expect(JSON.parse(deadLetters[0]!.value!).reason).toBe('hubspot-rejected');
    expect(new Set(handled.map((record) => record.value.id))).toEqual(
      new Set(['thing-rejected', 'thing-ok']),
    );
    expect(fatalErrors).toEqual([]);
  });
});
