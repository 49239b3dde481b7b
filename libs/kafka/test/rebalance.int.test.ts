import { uniqueName } from '@oniva-hubspot/testing';
import { describe, expect, it } from 'vitest';

import { SinkRuntime, outcome } from '../src/index.js';
import type { BatchHandler, KafkaClient } from '../src/index.js';
import {
  committedOffsets,
  createTestTopic,
  observeClient,
  produce,
  testClient,
  testLogger,
  thing,
  thingSchema,
  waitFor,
} from './helpers.js';
import type { ClientObservations, Thing } from './helpers.js';

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
    retryDelaysMs: [200],
    sessionTimeoutMs: 6_000,
    heartbeatIntervalMs: 1_000,
    logger: testLogger,
    handler,
  });
}

/** Returns the commits made for a partition outside the member's assignment at that time. */
function commitsOutsideAssignment(seen: ClientObservations): string[] {
  const problems: string[] = [];
  for (const commit of seen.commits) {
    const assignment = seen.joins.filter((join) => join.at <= commit.at).at(-1)?.assignment ?? [];
    for (const offset of commit.offsets) {
      const owned = assignment.some(
        (entry) => entry.topic === offset.topic && entry.partition === offset.partition,
      );
      if (!owned) problems.push(`${offset.topic}/${offset.partition} at ${offset.offset}`);
    }
  }
  return problems;
}

// Before: a consumer kept processing a batch of partitions it had just lost in a rebalance and
// committed offsets for them, and a rebalance threw away finished work. Now a batch during which a
// rebalance starts commits nothing, and no member commits for a partition it does not own.
describe('kafka-rebalance-replays-finished-work', () => {
  it('rebalance never commits a revoked partition', async () => {
    const base = testClient();
    const topic = await createTestTopic(base, 'rebalance', 2);
    const groupId = uniqueName('rebalance-group');
    await produce(
      base,
      topic,
      Array.from({ length: 10 }, (_, index) => thing(`p0-${index}`)),
      { partition: 0 },
    );
    await produce(
      base,
      topic,
      Array.from({ length: 10 }, (_, index) => thing(`p1-${index}`)),
      { partition: 1 },
    );

    const first = observeClient(testClient());
    const second = observeClient(testClient());
    const applied: string[] = [];
    let firstCalls = 0;
    let firstBatch: string[] = [];
    let firstBatchAborted = false;
    const runtimeA = sinkRuntime(first.client, topic, groupId, async (records, context) => {
      firstCalls += 1;
      if (firstCalls === 1) {
        firstBatch = records.map((record) => record.value.id);
        // Stays busy until the runtime reports the rebalance through the abort signal.
        await new Promise<void>((resolve) => {
          context.signal.addEventListener('abort', () => resolve(), { once: true });
          setTimeout(resolve, 20_000);
        });
        firstBatchAborted = context.signal.aborted;
      }
      applied.push(...records.map((record) => record.value.id));
      return records.map(() => outcome.applied());
    });
    const runtimeB = sinkRuntime(second.client, topic, groupId, async (records) => {
      applied.push(...records.map((record) => record.value.id));
      return records.map(() => outcome.applied());
    });

    await runtimeA.start();
    try {
      await waitFor(() => firstCalls === 1, 'the first batch of runtime A');
      await runtimeB.start();
      await waitFor(async () => {
        const offsets = await committedOffsets(base, groupId, topic);
        return offsets.get(0) === '10' && offsets.get(1) === '10';
      }, 'both partitions committed');
    } finally {
      await Promise.all([runtimeA.stop(), runtimeB.stop()]);
    }

    expect(firstBatchAborted).toBe(true);
    // The aborted batch was not committed, so its records were delivered again.
    for (const id of firstBatch) {
      expect(applied.filter((appliedId) => appliedId === id).length).toBeGreaterThanOrEqual(2);
    }
    expect(first.seen.joins.length).toBeGreaterThanOrEqual(2);
    expect(second.seen.joins.length).toBeGreaterThanOrEqual(1);
    expect(commitsOutsideAssignment(first.seen)).toEqual([]);
    expect(commitsOutsideAssignment(second.seen)).toEqual([]);
    const expected = [
      ...Array.from({ length: 10 }, (_, index) => `p0-${index}`),
      ...Array.from({ length: 10 }, (_, index) => `p1-${index}`),
    ];
    expect(new Set(applied)).toEqual(new Set(expected));
  });
});

// Before: a handler that ran longer than the session timeout lost its membership, its commit was
// rejected and the group rebalanced in a loop. Now the runtime heartbeats while the handler runs.
describe('kafka-long-handler-session-timeout', () => {
  it('long handler keeps its partition past the session timeout', async () => {
    const observed = observeClient(testClient());
    const topic = await createTestTopic(observed.client, 'long-handler');
    const groupId = uniqueName('long-handler-group');
    await produce(observed.client, topic, [thing('thing-1')]);
    let calls = 0;
    const runtime = sinkRuntime(observed.client, topic, groupId, async (records) => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 9_000));
      return records.map(() => outcome.applied());
    });

    await runtime.start();
    try {
      await waitFor(
        async () => (await committedOffsets(observed.client, groupId, topic)).get(0) === '1',
        'offset 1 committed',
        30_000,
      );
    } finally {
      await runtime.stop();
    }

    expect(calls).toBe(1);
    expect(observed.seen.joins).toHaveLength(1);
  });
});
