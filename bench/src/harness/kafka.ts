import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';

import { BenchError } from '../errors.js';
import { sleep } from './processes.js';

/** A record to produce: key and JSON value bytes. */
export interface BenchRecord {
  key: string;
  value: Buffer;
}

/**
 * The Kafka operations of the benchmark harness itself (topics, producing the input, reading
 * consumer progress). The code under test uses its own clients.
 */
export class BenchKafka {
  readonly #kafka: Kafka;
  readonly #admin: Admin;
  #producer: Producer | undefined;

  constructor(brokers: readonly string[]) {
    this.#kafka = new Kafka({ clientId: 'oniva-bench', brokers: [...brokers], logLevel: logLevel.NOTHING });
    this.#admin = this.#kafka.admin();
  }

  /** The kafkajs client, for consumers the benchmarks build themselves (the naive baseline). */
  get kafka(): Kafka {
    return this.#kafka;
  }

  async connect(): Promise<void> {
    await this.#admin.connect();
  }

  async disconnect(): Promise<void> {
    await this.#producer?.disconnect();
    await this.#admin.disconnect();
  }

  /** Creates topics with `partitions` partitions each and waits for their leaders. */
  async createTopics(topics: readonly string[], partitions: number): Promise<void> {
    await this.#admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: -1 })),
    });
  }

  /** Deletes every topic whose name starts with `prefix`; returns their names. */
  async deleteTopicsWithPrefix(prefix: string): Promise<string[]> {
    const topics = (await this.#admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) {
      await this.#admin.deleteTopics({ topics });
    }
    return topics;
  }

  /**
   * Produces `records` in requests of `chunkSize` with an idempotent producer and `acks` -1, as
   * Oniva's producers would. Calls `onSent` with each chunk's send time (epoch ms).
   */
  async produce(
    topic: string,
    records: readonly BenchRecord[],
    options: { chunkSize?: number; onSent?: (chunk: readonly BenchRecord[], sentAtMs: number) => void } = {},
  ): Promise<void> {
    const producer = await this.#connectedProducer();
    const chunkSize = options.chunkSize ?? 500;
    for (let start = 0; start < records.length; start += chunkSize) {
      const chunk = records.slice(start, start + chunkSize);
      const sentAtMs = Date.now();
      await producer.send({ topic, messages: chunk.map(({ key, value }) => ({ key, value })) });
      options.onSent?.(chunk, sentAtMs);
    }
  }

  /** Returns the number of records of `topic` that `groupId` has not committed yet. */
  async lag(groupId: string, topic: string): Promise<number> {
    const [ends, committed] = await Promise.all([
      this.#admin.fetchTopicOffsets(topic),
      this.#admin.fetchOffsets({ groupId, topics: [topic] }),
    ]);
    const committedByPartition = new Map<number, number>();
    for (const entry of committed) {
      for (const partition of entry.partitions) {
        committedByPartition.set(partition.partition, Number(partition.offset));
      }
    }
    let lag = 0;
    for (const partition of ends) {
      const committedOffset = committedByPartition.get(partition.partition) ?? -1;
      const start = committedOffset >= 0 ? committedOffset : Number(partition.low);
      lag += Math.max(0, Number(partition.high) - start);
    }
    return lag;
  }

  /**
   * Polls until `groupId` has committed every record of `topic`, every `pollMs`. Returns the time
   * (epoch ms) at which the lag was first seen at 0. Throws `BENCH_ERR_TIMED_OUT` after `timeoutMs`.
   */
  async waitForCommitted(input: {
    groupId: string;
    topic: string;
    timeoutMs: number;
    pollMs?: number;
  }): Promise<number> {
    const deadline = Date.now() + input.timeoutMs;
    let lag = Number.NaN;
    while (Date.now() < deadline) {
      lag = await this.lag(input.groupId, input.topic);
      if (lag === 0) {
        return Date.now();
      }
      await sleep(input.pollMs ?? 200);
    }
    throw new BenchError(
      'BENCH_ERR_TIMED_OUT',
      `Consumer group ${input.groupId} still had ${lag} records of ${input.topic} to commit after ${input.timeoutMs} ms; raise --timeout or check the service log.`,
    );
  }

  async #connectedProducer(): Promise<Producer> {
    if (this.#producer === undefined) {
      const producer = this.#kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      this.#producer = producer;
    }
    return this.#producer;
  }
}
