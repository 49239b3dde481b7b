import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';

import { KafkaError } from '../errors.js';
import type { KafkaLogger } from '../logger.js';
import type {
  BatchControl,
  ConsumedRecord,
  ConsumerCrash,
  ConsumerOptions,
  ConsumerRunOptions,
  KafkaConsumer,
  RecordHeaders,
  TopicPartition,
  TopicPartitionOffset,
} from '../port.js';
import { isRebalanceError, toKafkaError } from './classify.js';

/**
 * `KafkaConsumer` on kafkajs. It reads committed records only, never commits offsets itself
 * (`autoCommit: false`), and resolves only the offsets that the listener resolves.
 */
export class KafkajsConsumer implements KafkaConsumer {
  readonly groupId: string;
  readonly #consumer: Consumer;
  readonly #logger: KafkaLogger;

  constructor(kafka: Kafka, options: ConsumerOptions, logger: KafkaLogger) {
    this.groupId = options.groupId;
    this.#logger = logger.child({ groupId: options.groupId });
    this.#consumer = kafka.consumer({
      groupId: options.groupId,
      readUncommitted: false,
      allowAutoTopicCreation: false,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: options.heartbeatIntervalMs ?? 3_000,
      maxWaitTimeInMs: options.maxWaitTimeMs ?? 500,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 1024 * 1024,
      ...(options.restartOnFailure === undefined
        ? {}
        : { retry: { restartOnFailure: options.restartOnFailure } }),
    });
  }

  async connect(): Promise<void> {
    try {
      await this.#consumer.connect();
    } catch (error) {
      throw toKafkaError(error, `connecting consumer group ${this.groupId}`);
    }
  }

  async subscribe(topics: readonly string[]): Promise<void> {
    try {
      await this.#consumer.subscribe({ topics: [...topics], fromBeginning: true });
    } catch (error) {
      throw toKafkaError(error, `subscribing group ${this.groupId} to ${topics.join(', ')}`);
    }
  }

  async run(options: ConsumerRunOptions): Promise<void> {
    await this.#consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch: async (payload) => {
        const control = new KafkajsBatchControl(payload);
        try {
          await options.eachBatch(toConsumedBatch(payload), control);
        } catch (error) {
          // kafkajs rejoins the group only when it receives its own rebalance error, so rethrow it unwrapped.
          const original =
            error instanceof KafkaError && error.code === 'KAFKA_ERR_REBALANCE' ? error.cause : error;
          throw original;
        }
      },
    });
  }

  async stop(): Promise<void> {
    await this.#consumer.stop();
  }

  async disconnect(): Promise<void> {
    await this.#consumer.disconnect();
  }

  pause(partitions: readonly TopicPartition[]): void {
    this.#consumer.pause(partitions.map(({ topic, partition }) => ({ topic, partitions: [partition] })));
  }

  resume(partitions: readonly TopicPartition[]): void {
    this.#consumer.resume(partitions.map(({ topic, partition }) => ({ topic, partitions: [partition] })));
  }

  seek(position: TopicPartitionOffset): void {
    this.#consumer.seek({ topic: position.topic, partition: position.partition, offset: position.offset });
  }

  onCrash(listener: (crash: ConsumerCrash) => void): () => void {
    return this.#consumer.on(this.#consumer.events.CRASH, (event) => {
      const { error, restart } = event.payload;
      this.#logger.warn({ err: error, restarting: restart }, 'consumer crashed');
      listener({ error, restarting: restart });
    });
  }

  onGroupJoin(listener: (assignment: readonly TopicPartition[]) => void): () => void {
    return this.#consumer.on(this.#consumer.events.GROUP_JOIN, (event) => {
      const assignment = Object.entries(event.payload.memberAssignment).flatMap(([topic, partitions]) =>
        partitions.map((partition) => ({ topic, partition })),
      );
      this.#logger.info({ assignment }, 'consumer joined the group');
      listener(assignment);
    });
  }
}

class KafkajsBatchControl implements BatchControl {
  readonly #payload: EachBatchPayload;
  #membershipLost = false;

  constructor(payload: EachBatchPayload) {
    this.#payload = payload;
  }

  async heartbeat(): Promise<void> {
    try {
      await this.#payload.heartbeat();
    } catch (error) {
      if (isRebalanceError(error)) {
        this.#membershipLost = true;
      }
      throw toKafkaError(error, 'sending a heartbeat');
    }
  }

  isRunning(): boolean {
    return this.#payload.isRunning();
  }

  isStale(): boolean {
    return this.#membershipLost || this.#payload.isStale();
  }

  resolveOffset(offset: string): void {
    this.#payload.resolveOffset(offset);
  }
}

function toConsumedBatch(payload: EachBatchPayload) {
  const { batch } = payload;
  return {
    topic: batch.topic,
    partition: batch.partition,
    highWatermark: batch.highWatermark,
    records: batch.messages.map((message) => toConsumedRecord(batch.topic, batch.partition, message)),
  };
}

function toConsumedRecord(topic: string, partition: number, message: KafkaMessage): ConsumedRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ?? null,
    value: message.value ?? null,
    headers: toRecordHeaders(message.headers),
    timestamp: Number(message.timestamp),
  };
}

function toRecordHeaders(headers: IHeaders | undefined): RecordHeaders {
  const result: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const last = Array.isArray(raw) ? raw.at(-1) : raw;
    if (last !== undefined) {
      result[name] = typeof last === 'string' ? last : last.toString('utf8');
    }
  }
  return result;
}
