import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { testServers, uniqueName } from '@oniva-hubspot/testing';
import { describe, expect, it, onTestFinished } from 'vitest';

import { SinkRuntime, outcome } from '../src/index.js';
import {
  committedOffsets,
  createTestTopic,
  produce,
  testClient,
  testLogger,
  thing,
  thingSchema,
  waitFor,
} from './helpers.js';
import type { Thing } from './helpers.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('consumer killed mid-batch', () => {
  it('runtime redelivers a batch after SIGKILL', async () => {
    const client = testClient();
    const topic = await createTestTopic(client, 'killed');
    const groupId = uniqueName('killed-group');
    await produce(client, topic, [thing('thing-1'), thing('thing-2'), thing('thing-3')]);

    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/stuck-consumer.ts'], {
      cwd: packageRoot,
      env: {
        ...process.env,
        TEST_KAFKA_BROKERS: testServers().kafkaBrokers.join(','),
        TEST_GROUP_ID: groupId,
        TEST_TOPIC: topic,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onTestFinished(() => {
      child.kill('SIGKILL');
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    await waitFor(
      () => output.includes('handling thing-1,thing-2,thing-3'),
      `the child to handle the batch; output so far: ${output}`,
    );
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect((await committedOffsets(client, groupId, topic)).get(0)).toBe('-1');

    const handled: string[] = [];
    const runtime = new SinkRuntime<Thing>({
      client,
      groupId,
      sourceTopic: topic,
      schema: thingSchema,
      retryDelaysMs: [200],
      sessionTimeoutMs: 6_000,
      heartbeatIntervalMs: 1_000,
      logger: testLogger,
      handler: async (records) => {
        handled.push(...records.map((record) => record.value.id));
        return records.map(() => outcome.applied());
      },
    });
    await runtime.start();
    try {
      // The group waits for the killed member's session (6 s) to expire before it reassigns the partition.
      await waitFor(
        async () => (await committedOffsets(client, groupId, topic)).get(0) === '3',
        'offset 3 committed',
        40_000,
      );
    } finally {
      await runtime.stop();
    }
    expect(handled).toEqual(['thing-1', 'thing-2', 'thing-3']);
  });
});

describe('graceful shutdown', () => {
  it('stop abandons a stuck batch uncommitted', async () => {
    const client = testClient();
    const topic = await createTestTopic(client, 'shutdown');
    const groupId = uniqueName('shutdown-group');
    await produce(client, topic, [thing('thing-1')]);
    let started = false;
    let abortedBySignal = false;
    const runtime = new SinkRuntime<Thing>({
      client,
      groupId,
      sourceTopic: topic,
      schema: thingSchema,
      retryDelaysMs: [200],
      shutdownTimeoutMs: 2_000,
      logger: testLogger,
      handler: async (records, context) => {
        started = true;
        await new Promise<void>((resolve) =>
          context.signal.addEventListener('abort', () => resolve(), { once: true }),
        );
        abortedBySignal = true;
        return records.map(() => outcome.applied());
      },
    });

    await runtime.start();
    await waitFor(() => started, 'the handler to start');
    const stopStartedAt = Date.now();
    await runtime.stop();
    const stopMs = Date.now() - stopStartedAt;

    expect(abortedBySignal).toBe(true);
    expect(stopMs).toBeLessThan(4_000);
    expect((await committedOffsets(client, groupId, topic)).get(0)).toBe('-1');
  });
});
