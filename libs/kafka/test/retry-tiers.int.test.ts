import { RETRY_HEADERS } from '@oniva-hubspot/contracts';
import { uniqueName } from '@oniva-hubspot/testing';
import { describe, expect, it } from 'vitest';

import { SinkRuntime, outcome } from '../src/index.js';
import type { SinkRecord } from '../src/index.js';
import {
  committedOffsets,
  createTestTopic,
  observeClient,
  produce,
  readTopic,
  testClient,
  testLogger,
  thing,
  thingSchema,
  waitFor,
} from './helpers.js';
import type { Thing } from './helpers.js';

interface Call {
  at: number;
  record: SinkRecord<Thing>;
}

// Before: a handler that paused its partition and threw still got the same fetched batch again,
// and sleeping in the handler to wait for a retry held the whole partition. Now a retry record
// that is not due pauses its partition until the due time, and is handled once when due.
describe('kafka-pause-resume-pitfalls', () => {
  it('retry tier delivers after its delay with the partition paused', async () => {
    const observed = observeClient(testClient());
    const client = observed.client;
    const topic = await createTestTopic(client, 'retry-delay');
    const groupId = uniqueName('retry-delay-group');
    const calls: Call[] = [];
    const runtime = new SinkRuntime<Thing>({
      client,
      groupId,
      sourceTopic: topic,
      schema: thingSchema,
      retryDelaysMs: [1_500, 300],
      logger: testLogger,
      onFatalError: (error) => {
        throw error;
      },
      handler: async (records) => {
        const at = Date.now();
        calls.push(...records.map((record) => ({ at, record })));
        return records.map((record) =>
          record.value.id === 'thing-b' && record.attempt === 1
            ? outcome.retry(new Error('HubSpot answered 503'))
            : outcome.applied(),
        );
      },
    });

    await produce(client, topic, [thing('thing-a'), thing('thing-b'), thing('thing-c')]);
    await runtime.start();
    try {
      await waitFor(
        async () => (await committedOffsets(client, groupId, `${topic}.retry.1`)).get(0) === '1',
        'retry offset committed',
      );
    } finally {
      await runtime.stop();
    }

    const callsOf = (id: string) => calls.filter((call) => call.record.value.id === id);
    expect(callsOf('thing-a')).toHaveLength(1);
    expect(callsOf('thing-c')).toHaveLength(1);
    const [first, second] = callsOf('thing-b');
    expect(callsOf('thing-b')).toHaveLength(2);
    expect(second!.record.tier).toBe(1);
    expect(second!.record.attempt).toBe(2);
    expect(second!.record.source).toEqual({ topic, partition: 0, offset: '1' });
    expect(second!.record.firstFailedAt).not.toBeNull();

    const dueAt = Date.parse(second!.record.record.headers[RETRY_HEADERS.dueAt]!);
    expect(second!.at).toBeGreaterThanOrEqual(dueAt);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1_500);

    const retryPartition = { topic: `${topic}.retry.1`, partition: 0 };
    const paused = observed.seen.pauses.find((pause) => pause.partition.topic === retryPartition.topic);
    const resumed = observed.seen.resumes.find((resume) => resume.partition.topic === retryPartition.topic);
    expect(paused).toBeDefined();
    expect(resumed).toBeDefined();
    expect(paused!.at).toBeLessThan(second!.at);
    expect(resumed!.at).toBeGreaterThanOrEqual(dueAt - 50);

    const retried = await readTopic(`${topic}.retry.1`, { count: 1 });
    expect(retried).toHaveLength(1);
    expect(retried[0]!.headers[RETRY_HEADERS.attempt]).toBe('1');
    expect(retried[0]!.headers[RETRY_HEADERS.originalOffset]).toBe('1');
    expect(retried[0]!.headers[RETRY_HEADERS.lastError]).toBe('Error: HubSpot answered 503');
    expect((await committedOffsets(client, groupId, topic)).get(0)).toBe('3');
  });

  it('runtime dead-letters a record after the last retry tier', async () => {
    const client = testClient();
    const topic = await createTestTopic(client, 'retry-exhausted');
    const groupId = uniqueName('retry-exhausted-group');
    const attempts: number[] = [];
    const runtime = new SinkRuntime<Thing>({
      client,
      groupId,
      sourceTopic: topic,
      schema: thingSchema,
      retryDelaysMs: [200, 200],
      logger: testLogger,
      handler: async (records) => {
        attempts.push(...records.map((record) => record.attempt));
        return records.map(() =>
          outcome.retry({ code: 'HUBSPOT_ERR_SERVER', message: 'HubSpot answered 502' }),
        );
      },
    });

    await produce(client, topic, [thing('thing-d')]);
    await runtime.start();
    let deadLetters;
    try {
      deadLetters = await readTopic(`${topic}.dlq`, { count: 1 });
    } finally {
      await runtime.stop();
    }

    expect(attempts).toEqual([1, 2, 3]);
    expect(deadLetters).toHaveLength(1);
    const envelope = JSON.parse(deadLetters[0]!.value!);
    expect(envelope.reason).toBe('retries-exhausted');
    expect(envelope.attempts).toBe(3);
    expect(envelope.source).toMatchObject({ topic, partition: 0, offset: '0', key: 'key-1' });
    expect(envelope.error).toEqual({ code: 'HUBSPOT_ERR_SERVER', message: 'HubSpot answered 502' });
    expect(Date.parse(envelope.lastFailedAt)).toBeGreaterThanOrEqual(
      Date.parse(envelope.firstFailedAt) + 400,
    );
    expect(Object.keys(envelope.headers)).toEqual([]);
  });
});
