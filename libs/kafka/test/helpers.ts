import { connectStore, createModels, ensureIndexes } from '@oniva-hubspot/store';
import type { StoreModels } from '@oniva-hubspot/store';
import { testServers, uniqueDatabaseUri, uniqueName } from '@oniva-hubspot/testing';
import { Kafka, logLevel } from 'kafkajs';
import type { Connection } from 'mongoose';
import { onTestFinished } from 'vitest';

import { createKafkajsClient, silentLogger } from '../src/index.js';
import type {
  KafkaClient,
  KafkaConsumer,
  KafkaLogger,
  KafkaTransaction,
  RuntimeMetrics,
  TopicPartition,
  TopicPartitionOffset,
  TransactionalProducer,
} from '../src/index.js';

export { thing, thingSchema } from './fixtures/thing.js';
export type { Thing } from './fixtures/thing.js';

/** Logger for tests: silent unless KAFKA_TEST_LOG=1, then JSON lines on stderr. */
export const testLogger: KafkaLogger = process.env.KAFKA_TEST_LOG === '1' ? stderrLogger({}) : silentLogger;

function stderrLogger(bindings: Record<string, unknown>): KafkaLogger {
  const write = (level: string) => (fields: object, message: string) =>
    console.error(
      JSON.stringify({ level, time: new Date().toISOString(), ...bindings, ...fields, msg: message }),
    );
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (more) => stderrLogger({ ...bindings, ...more }),
  };
}

/** Returns a port client on the test broker. Short retries keep failing tests fast. */
export function testClient(options: { retries?: number } = {}): KafkaClient {
  return createKafkajsClient({
    brokers: testServers().kafkaBrokers,
    clientId: 'kafka-lib-test',
    logger: testLogger,
    retries: options.retries ?? 3,
    initialRetryTimeMs: 100,
    maxRetryTimeMs: 1_000,
  });
}

/** Creates a topic with a unique name and deletes it when the test ends. */
export async function createTestTopic(
  client: KafkaClient,
  prefix: string,
  partitions = 1,
  options: { withRetryTopics?: number; withDeadLetterTopic?: boolean } = {},
): Promise<string> {
  const topic = uniqueName(prefix);
  const topics = [topic];
  for (let tier = 1; tier <= (options.withRetryTopics ?? 0); tier += 1) {
    topics.push(`${topic}.retry.${tier}`);
  }
  if (options.withDeadLetterTopic) {
    topics.push(`${topic}.dlq`);
  }
  const admin = client.admin();
  await admin.connect();
  try {
    await admin.ensureTopics(topics.map((name) => ({ topic: name, partitions })));
  } finally {
    await admin.disconnect();
  }
  onTestFinished(async () => {
    const cleanup = client.admin();
    await cleanup.connect();
    try {
      const existing = await cleanup.partitionCounts([topic, ...derivedTopics(topic)]);
      await cleanup.deleteTopics([...existing.keys()]);
    } finally {
      await cleanup.disconnect();
    }
  });
  return topic;
}

function derivedTopics(topic: string): string[] {
  return [1, 2, 3, 4, 5].map((tier) => `${topic}.retry.${tier}`).concat(`${topic}.dlq`);
}

/** Produces values (objects are JSON-encoded, strings and buffers sent as is) with the port producer. */
export async function produce(
  client: KafkaClient,
  topic: string,
  values: readonly (object | string | Buffer)[],
  options: { key?: string; partition?: number; headers?: Record<string, string> } = {},
): Promise<void> {
  const producer = client.producer();
  await producer.connect();
  try {
    await producer.send(
      values.map((value) => ({
        topic,
        key: options.key ?? 'key-1',
        value: typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value),
        ...(options.partition === undefined ? {} : { partition: options.partition }),
        ...(options.headers === undefined ? {} : { headers: options.headers }),
      })),
    );
  } finally {
    await producer.disconnect();
  }
}

/** A record read back by `readTopic`. */
export interface ReadRecord {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/**
 * Reads a topic from the beginning with `read_committed` until `count` records arrived, then
 * keeps reading for `settleMs` to catch unexpected extra records. Resolves with what it read,
 * also when `timeoutMs` passes first.
 */
export async function readTopic(
  topic: string,
  options: { count: number; timeoutMs?: number; settleMs?: number },
): Promise<ReadRecord[]> {
  const kafka = new Kafka({
    brokers: testServers().kafkaBrokers,
    clientId: 'kafka-lib-test-reader',
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({
    groupId: uniqueName('reader'),
    readUncommitted: false,
    maxWaitTimeInMs: 100,
  });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let reachedCount: () => void = () => {};
    const reached = new Promise<void>((resolve) => {
      reachedCount = resolve;
    });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) {
          if (value !== undefined) headers[name] = String(Array.isArray(value) ? value.at(-1) : value);
        }
        records.push({
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value: message.value?.toString('utf8') ?? null,
          headers,
        });
        if (records.length >= options.count) reachedCount();
      },
    });
    await Promise.race([reached, sleep(options.timeoutMs ?? 20_000)]);
    await sleep(options.settleMs ?? 500);
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** Returns the committed offset of each partition of `topic` for `groupId`, by partition. */
export async function committedOffsets(
  client: KafkaClient,
  groupId: string,
  topic: string,
): Promise<Map<number, string>> {
  const admin = client.admin();
  await admin.connect();
  try {
    const offsets = await admin.committedOffsets(groupId, topic);
    return new Map(offsets.map((entry) => [entry.partition, entry.offset]));
  } finally {
    await admin.disconnect();
  }
}

/** Opens a store connection on a fresh database with its indexes built; closes it when the test ends. */
export async function testStore(): Promise<{ connection: Connection; models: StoreModels }> {
  const connection = await connectStore({ uri: uniqueDatabaseUri('kafka'), logger: testLogger });
  await ensureIndexes(connection);
  onTestFinished(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });
  return { connection, models: createModels(connection) };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every 100 ms until it returns true; throws with `description` after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  description: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
}

/** Metrics that count every call, for assertions. */
export function recordingMetrics(): RuntimeMetrics & { counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const add = (name: string, by = 1) => counts.set(name, (counts.get(name) ?? 0) + by);
  return {
    counts,
    recordsConsumed: (_topic, count) => add('consumed', count),
    recordsApplied: (count) => add('applied', count),
    recordSkipped: (reason) => add(`skipped:${reason}`),
    recordRetried: (tier) => add(`retried:${tier}`),
    recordDeadLettered: (reason) => add(`dead-lettered:${reason}`),
    recordParked: (reason) => add(`parked:${reason}`),
    batchSize: () => add('batches'),
    consumerLag: () => {},
  };
}

/** What an observed client saw: pauses, resumes, group joins and committed transactions. */
export interface ClientObservations {
  pauses: { at: number; partition: TopicPartition }[];
  resumes: { at: number; partition: TopicPartition }[];
  joins: { at: number; assignment: readonly TopicPartition[] }[];
  commits: { at: number; offsets: readonly TopicPartitionOffset[] }[];
}

/** Wraps a client so tests can see pauses, resumes, joins and committed offsets. */
export function observeClient(client: KafkaClient): { client: KafkaClient; seen: ClientObservations } {
  const seen: ClientObservations = { pauses: [], resumes: [], joins: [], commits: [] };
  const observed: KafkaClient = {
    admin: () => client.admin(),
    producer: () => client.producer(),
    transactionalProducer: (options) => observeTransactions(client.transactionalProducer(options), seen),
    consumer: (options) => {
      const consumer = client.consumer(options);
      consumer.onGroupJoin((assignment) => seen.joins.push({ at: Date.now(), assignment }));
      return observeConsumer(consumer, seen);
    },
  };
  return { client: observed, seen };
}

function observeConsumer(consumer: KafkaConsumer, seen: ClientObservations): KafkaConsumer {
  return {
    groupId: consumer.groupId,
    connect: () => consumer.connect(),
    subscribe: (topics) => consumer.subscribe(topics),
    run: (options) => consumer.run(options),
    stop: () => consumer.stop(),
    disconnect: () => consumer.disconnect(),
    pause: (partitions) => {
      partitions.forEach((partition) => seen.pauses.push({ at: Date.now(), partition }));
      consumer.pause(partitions);
    },
    resume: (partitions) => {
      partitions.forEach((partition) => seen.resumes.push({ at: Date.now(), partition }));
      consumer.resume(partitions);
    },
    seek: (position) => consumer.seek(position),
    onCrash: (listener) => consumer.onCrash(listener),
    onGroupJoin: (listener) => consumer.onGroupJoin(listener),
  };
}

function observeTransactions(
  producer: TransactionalProducer,
  seen: ClientObservations,
): TransactionalProducer {
  return {
    connect: () => producer.connect(),
    disconnect: () => producer.disconnect(),
    begin: async () => {
      const transaction = await producer.begin();
      let offsets: readonly TopicPartitionOffset[] = [];
      const observed: KafkaTransaction = {
        send: (records) => transaction.send(records),
        sendOffsets: async (groupId, next) => {
          offsets = next;
          await transaction.sendOffsets(groupId, next);
        },
        commit: async () => {
          await transaction.commit();
          seen.commits.push({ at: Date.now(), offsets });
        },
        abort: () => transaction.abort(),
      };
      return observed;
    },
  };
}
